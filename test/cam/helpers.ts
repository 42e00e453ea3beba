import type { TestServer } from "../helpers/tclocal";
import { sdk, type Credential } from "../helpers/sdk";

export const policyDoc = (...statement: unknown[]) => JSON.stringify({ version: "2.0", statement });

let counter = 0;
/** A name no other test of the run uses. */
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A sub-user made through CAM (AddUser) with an API key (CreateAccessKey), as a program would. */
export async function camUser(server: TestServer, name = unique("u")): Promise<{ name: string; uin: number; credential: Credential }> {
  const cam = sdk("cam", server);
  const user = await cam.AddUser({ Name: name });
  const { AccessKey } = await cam.CreateAccessKey({ TargetUin: user.Uin });
  return { name, uin: user.Uin!, credential: { secretId: AccessKey!.AccessKeyId!, secretKey: AccessKey!.SecretAccessKey! } };
}

/** A custom policy made with CreatePolicy; its id. */
export async function camPolicy(server: TestServer, ...statement: unknown[]): Promise<number> {
  const { PolicyId } = await sdk("cam", server).CreatePolicy({ PolicyName: unique("p"), PolicyDocument: policyDoc(...statement) });
  return PolicyId!;
}

export const kmsKeyResource = (uin: string, keyId: string, region = "ap-guangzhou") => `qcs::kms:${region}:uin/${uin}:key/${keyId}`;
