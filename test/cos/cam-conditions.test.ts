import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { APPID, bucketName, cosClient, cosCode, REGION } from "./helpers";

/** COS reads CAM conditions (qcs:ip, qcs:mfa…) and MFA-protected operations as the API 3.0 gateway does. */

let server: TestServer;
const Bucket = bucketName("conditions");
before(async () => {
  server = await startTclocal();
  await cosClient(server).putBucket({ Bucket, Region: REGION });
});
after(() => server.stop());

const pick = (e: { code: string; statusCode: number }) => [e.code, e.statusCode];
const objects = `qcs::cos:${REGION}:uid/${APPID}:${Bucket}/*`;
let n = 0;

async function userWith(statement: unknown[], extra: Record<string, unknown> = {}) {
  const user = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/users`, { name: `cond${++n}`, policy: { version: "2.0", statement }, ...extra });
  return { user, cos: cosClient(server, { secretId: user.secretId, secretKey: user.secretKey }) };
}

test("a conditional deny refuses PutObject from outside 10.0.0.0/8; without it the same allow lets it through", async () => {
  const allowAll = { effect: "allow", action: ["name/cos:*"], resource: ["*"] };
  const { cos } = await userWith([allowAll, { effect: "deny", action: ["name/cos:*"], resource: ["*"], condition: { ip_not_equal: { "qcs:ip": ["10.0.0.0/8"] } } }]);
  const refused = await cosCode(cos.putObject({ Bucket, Region: REGION, Key: "denied.txt", Body: "x" }));
  assert.deepEqual(pick(refused), ["AccessDenied", 403]);
  // Nothing was written.
  const listed = await cosClient(server).getBucket({ Bucket, Region: REGION, Prefix: "denied" });
  assert.deepEqual(listed.Contents, []);
  // A deny whose condition does not hold (the caller is 127.0.0.1) denies nothing.
  const { cos: inside } = await userWith([allowAll, { effect: "deny", action: ["name/cos:*"], resource: ["*"], condition: { ip_equal: { "qcs:ip": ["10.0.0.0/8"] } } }]);
  await inside.putObject({ Bucket, Region: REGION, Key: "inside.txt", Body: "x" });
});

test("a conditional allow applies only when its condition holds", async () => {
  const { cos: local } = await userWith([{ effect: "allow", action: ["name/cos:PutObject", "name/cos:GetObject"], resource: [objects], condition: { ip_equal: { "qcs:ip": ["127.0.0.0/8", "::1"] } } }]);
  await local.putObject({ Bucket, Region: REGION, Key: "allowed.txt", Body: "ok" });
  assert.equal((await local.getObject({ Bucket, Region: REGION, Key: "allowed.txt" })).Body.toString(), "ok");
  const { cos: remote } = await userWith([{ effect: "allow", action: ["name/cos:PutObject"], resource: [objects], condition: { ip_equal: { "qcs:ip": ["10.0.0.0/8"] } } }]);
  assert.deepEqual(pick(await cosCode(remote.putObject({ Bucket, Region: REGION, Key: "remote.txt", Body: "x" }))), ["AccessDenied", 403]);
  // Batch delete authorizes each key with the same condition keys.
  const { cos: noDelete } = await userWith([
    { effect: "allow", action: ["name/cos:*"], resource: ["*"] },
    { effect: "deny", action: ["name/cos:DeleteObject"], resource: ["*"], condition: { ip_not_equal: { "qcs:ip": ["10.0.0.0/8"] } } },
  ]);
  const batch = await noDelete.deleteMultipleObject({ Bucket, Region: REGION, Objects: [{ Key: "allowed.txt" }] });
  assert.deepEqual(batch.Error.map((e) => e.Code), ["AccessDenied"]);
  assert.deepEqual(batch.Deleted, []);
});

test("an MFA-protected COS operation needs credentials issued with MFA (AccessDenied otherwise)", async () => {
  const { user, cos } = await userWith([{ effect: "allow", action: ["name/cos:*"], resource: ["*"] }], { mfaProtectedActions: ["cos:DeleteObject"] });
  await cos.putObject({ Bucket, Region: REGION, Key: "protected.txt", Body: "x" });
  const refused = await cosCode(cos.deleteObject({ Bucket, Region: REGION, Key: "protected.txt" }));
  assert.deepEqual(pick(refused), ["AccessDenied", 403]);
  assert.match(refused.message, /MFA/);
  const tmp = (mfa: boolean) => server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/credentials`, { subUin: user.subUin, durationSeconds: 600, mfa });
  const noMfa = await tmp(false);
  const viaNoMfa = cosClient(server, { secretId: noMfa.tmpSecretId, secretKey: noMfa.tmpSecretKey, token: noMfa.token });
  assert.deepEqual(pick(await cosCode(viaNoMfa.deleteObject({ Bucket, Region: REGION, Key: "protected.txt" }))), ["AccessDenied", 403]);
  const withMfa = await tmp(true);
  const viaMfa = cosClient(server, { secretId: withMfa.tmpSecretId, secretKey: withMfa.tmpSecretKey, token: withMfa.token });
  await viaMfa.deleteObject({ Bucket, Region: REGION, Key: "protected.txt" });
  assert.deepEqual(pick(await cosCode(cosClient(server).headObject({ Bucket, Region: REGION, Key: "protected.txt" }))), ["404", 404]);
  // A condition on qcs:mfa reads the same flag.
  const { cos: mfaOnly } = await userWith([{ effect: "allow", action: ["name/cos:GetObject"], resource: [objects], condition: { bool_equal: { "qcs:mfa": "true" } } }]);
  assert.deepEqual(pick(await cosCode(mfaOnly.getObject({ Bucket, Region: REGION, Key: "allowed.txt" }))), ["AccessDenied", 403]);
});
