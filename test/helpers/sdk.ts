import assert from "node:assert/strict";
import { Client as CamClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cam/v20190116/cam_client";
import { Client as CbsClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_client";
import { Client as CloudauditClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cloudaudit/v20190319/cloudaudit_client";
import { Client as CvmClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_client";
import { Client as KmsClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/kms/v20190118/kms_client";
import { Client as MongodbClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/mongodb/v20180408/mongodb_client";
import { Client as StsClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/sts/v20180813/sts_client";
import { Client as VpcClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_client";
import { Client as Mongodb2019Client } from "tencentcloud-sdk-nodejs/tencentcloud/services/mongodb/v20190725/mongodb_client";
import { Client as YunjingClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/yunjing/v20180228/yunjing_client";
import { CommonClient } from "tencentcloud-sdk-nodejs/tencentcloud/common/common_client";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import type { Running } from "../../src/server";

export interface Credential {
  secretId: string;
  secretKey: string;
  token?: string;
}

export interface ClientOptions {
  credential?: Credential;
  region?: string;
  signMethod?: "TC3-HMAC-SHA256" | "HmacSHA1" | "HmacSHA256";
  reqMethod?: "POST" | "GET";
  language?: "en-US" | "zh-CN";
  headers?: Record<string, string>;
}

export const devCredential: Credential = { secretId: DEFAULT_ACCOUNT.secretId, secretKey: DEFAULT_ACCOUNT.secretKey };

const clients = {
  kms: KmsClient,
  cbs: CbsClient,
  cvm: CvmClient,
  vpc: VpcClient,
  mongodb: MongodbClient,
  /** MongoDB 2019-07-25, the version current SDKs default to (the same product as `mongodb` 2018-04-08). */
  mongodb2019: Mongodb2019Client,
  yunjing: YunjingClient,
  cloudaudit: CloudauditClient,
  cam: CamClient,
  sts: StsClient,
};

/** Products called without a Region ("CAM is called without a Region"): their clients send none unless told. */
const REGIONLESS = new Set<string>(["cam"]);

/** The clientConfig a user writes to point an official SDK client at tclocal. */
export function clientConfig(server: Pick<Running, "hostPort">, o: ClientOptions = {}, defaultRegion: string | undefined = "ap-guangzhou") {
  // The SDK merges profiles with Object.assign: an undefined option would override its default.
  const defined = <T extends object>(x: T) => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined));
  return {
    credential: o.credential ?? devCredential,
    region: o.region ?? defaultRegion,
    profile: defined({
      signMethod: o.signMethod,
      language: o.language,
      httpProfile: defined({ endpoint: server.hostPort, protocol: "http://", reqMethod: o.reqMethod, headers: o.headers }),
    }),
  };
}

/** An official SDK client of a product, pointed at tclocal. */
export function sdk<S extends keyof typeof clients>(service: S, server: Pick<Running, "hostPort">, o: ClientOptions = {}): InstanceType<(typeof clients)[S]> {
  return new clients[service](clientConfig(server, o, REGIONLESS.has(service) ? undefined : "ap-guangzhou") as never) as InstanceType<(typeof clients)[S]>;
}

/** The SDK's CommonClient, for calls the product clients cannot make (another version, a retired action). */
export function common(server: Pick<Running, "hostPort">, service: string, version: string, o: ClientOptions = {}): CommonClient {
  return new CommonClient(server.hostPort, version, clientConfig(server, o) as never);
}

/** Asserts the call fails with exactly this code; returns the SDK error for further checks. */
export async function expectCode(call: Promise<unknown>, code: string): Promise<{ code: string; message: string; requestId: string }> {
  try {
    const r = await call;
    assert.fail(`expected ${code}, but the call succeeded: ${JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}`);
  } catch (e) {
    const err = e as { code?: string; message: string; requestId: string };
    if (err instanceof assert.AssertionError) throw err;
    assert.equal(err.code, code, `expected ${code}, got ${err.code}: ${err.message}`);
    return err as { code: string; message: string; requestId: string };
  }
}
