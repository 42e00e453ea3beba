import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { sdk } from "../helpers/sdk";
import { APPID, bucketName, cosClient, cosCode, REGION } from "../cos/helpers";
import { policyDoc, unique } from "../cam/helpers";

/** The COS STS helper's flow: temporary credentials from STS, used against COS, with what their policies allow. */
let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const token = (r: { Credentials?: { TmpSecretId?: string; TmpSecretKey?: string; Token?: string } }) => ({
  secretId: r.Credentials!.TmpSecretId!,
  secretKey: r.Credentials!.TmpSecretKey!,
  token: r.Credentials!.Token!,
});
const pick = (e: { code: string; statusCode: number }) => [e.code, e.statusCode];

test("GetFederationToken scoped to a prefix uploads there and nowhere else; an AssumeRole session reads with its role's preset policy", async () => {
  const Bucket = bucketName("sts-upload");
  await cosClient(server).putBucket({ Bucket, Region: REGION });

  const policy = encodeURIComponent(
    policyDoc({ effect: "allow", action: ["name/cos:PutObject"], resource: [`qcs::cos:${REGION}:uid/${APPID}:${Bucket}/uploads/*`] }),
  );
  const upload = cosClient(server, token(await sdk("sts", server).GetFederationToken({ Name: "uploader", Policy: policy, DurationSeconds: 1800 })));
  await upload.putObject({ Bucket, Region: REGION, Key: "uploads/a.txt", Body: "hello" });
  assert.deepEqual(pick(await cosCode(upload.putObject({ Bucket, Region: REGION, Key: "private/b.txt", Body: "no" }))), ["AccessDenied", 403]);
  assert.deepEqual(pick(await cosCode(upload.getObject({ Bucket, Region: REGION, Key: "uploads/a.txt" }))), ["AccessDenied", 403]);

  const roleName = unique("reader");
  const cam = sdk("cam", server);
  await cam.CreateRole({ RoleName: roleName, PolicyDocument: policyDoc({ effect: "allow", action: ["name/sts:AssumeRole"], principal: { qcs: [`qcs::cam::uin/${DEFAULT_ACCOUNT.uin}:root`] } }) });
  await cam.AttachRolePolicy({ PolicyName: "QcloudCOSReadOnlyAccess", AttachRoleName: roleName });
  const reader = cosClient(server, token(await sdk("sts", server).AssumeRole({ RoleArn: `qcs::cam::uin/${DEFAULT_ACCOUNT.uin}:roleName/${roleName}`, RoleSessionName: "reader" })));
  assert.equal((await reader.getObject({ Bucket, Region: REGION, Key: "uploads/a.txt" })).Body.toString(), "hello");
  assert.deepEqual(pick(await cosCode(reader.putObject({ Bucket, Region: REGION, Key: "uploads/c.txt", Body: "no" }))), ["AccessDenied", 403]);

  // The token expires on the emulator clock for COS too.
  await server.control("POST", "/clock", { advanceSeconds: 1801 });
  assert.deepEqual(pick(await cosCode(upload.putObject({ Bucket, Region: REGION, Key: "uploads/late.txt", Body: "late" }))), ["ExpiredToken", 400]);
});
