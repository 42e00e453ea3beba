import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { APPID, bucketName, cosClient, cosCode, rawCos, rawUrl, REGION } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const cos = () => cosClient(server);
const pick = (e: { code: string; statusCode: number }) => [e.code, e.statusCode];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("presigned GET and PUT work until they expire on real time; a tampered URL is refused", async () => {
  const Bucket = bucketName("presign");
  await cos().putBucket({ Bucket, Region: REGION });
  await cos().putObject({ Bucket, Region: REGION, Key: "doc.txt", Body: "presigned" });
  const getUrl = cos().getObjectUrl({ Bucket, Region: REGION, Key: "doc.txt", Sign: true, Expires: 2 }, () => {}) as unknown as string;
  const putUrl = cos().getObjectUrl({ Bucket, Region: REGION, Key: "up.txt", Method: "PUT", Sign: true, Expires: 2 }, () => {}) as unknown as string;
  assert.match(getUrl, /q-sign-algorithm=sha1/);

  const got = await rawUrl(server, getUrl);
  assert.equal(got.status, 200);
  assert.equal(got.text, "presigned");
  assert.equal((await rawUrl(server, putUrl, { method: "PUT", body: "via url" })).status, 200);
  assert.equal((await cos().getObject({ Bucket, Region: REGION, Key: "up.txt" })).Body.toString(), "via url");

  const tampered = await rawUrl(server, getUrl.replace("doc.txt", "up.txt"));
  assert.equal(tampered.status, 403);
  assert.match(tampered.text, /<Code>SignatureDoesNotMatch<\/Code>/);
  assert.match(tampered.text, /<StringToSign>sha1\n/);

  await sleep(3200);
  const expired = await rawUrl(server, getUrl);
  assert.equal(expired.status, 403);
  assert.match(expired.text, /<Code>AccessDenied<\/Code>\n\t<Message>Request has expired<\/Message>/);
  assert.match(expired.text, /<ServerTime>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/ServerTime>/);
});

test("keys: a wrong SecretKey, an unknown SecretId, a tampered header", async () => {
  const Bucket = bucketName("keys");
  await cos().putBucket({ Bucket, Region: REGION });
  const wrong = cosClient(server, { secretId: "AKIDtclocal0000000000000000000000000", secretKey: "not-the-key" });
  assert.deepEqual(pick(await cosCode(wrong.getBucket({ Bucket, Region: REGION }))), ["SignatureDoesNotMatch", 403]);
  const unknown = cosClient(server, { secretId: "AKIDunknown00000000000000000000000000", secretKey: "x" });
  assert.deepEqual(pick(await cosCode(unknown.getBucket({ Bucket, Region: REGION }))), ["InvalidAccessKeyId", 403]);
  // Signed with one Content-Type, sent with another.
  const host = `${Bucket}.cos.${REGION}.localhost`;
  const signed = await rawCos(server, host, "/t.txt", { method: "PUT", sign: true, headers: { "content-type": "text/plain" }, body: "x" });
  assert.equal(signed.status, 200);
  const port = server.hostPort.split(":").pop();
  const COS = (await import("cos-nodejs-sdk-v5")).default;
  const auth = COS.getAuthorization({ SecretId: "AKIDtclocal0000000000000000000000000", SecretKey: "tclocalDefaultSecretKey000000000", Method: "PUT", Pathname: "/t.txt", Headers: { host: `${host}:${port}`, "content-type": "text/plain" } });
  const altered = await rawCos(server, host, "/t.txt", { method: "PUT", headers: { authorization: auth, "content-type": "text/html" }, body: "x" });
  assert.equal(altered.status, 403);
  assert.match(altered.text, /SignatureDoesNotMatch/);
});

test("temporary credentials need their x-cos-security-token and stop at their expiry on the emulator clock", async () => {
  const Bucket = bucketName("sts");
  await cos().putBucket({ Bucket, Region: REGION });
  const cred = await server.control("POST", "/accounts/100000000001/credentials", { durationSeconds: 600 });
  const withToken = cosClient(server, { secretId: cred.tmpSecretId, secretKey: cred.tmpSecretKey, token: cred.token });
  await withToken.putObject({ Bucket, Region: REGION, Key: "tmp.txt", Body: "t" });
  const withoutToken = cosClient(server, { secretId: cred.tmpSecretId, secretKey: cred.tmpSecretKey });
  assert.deepEqual(pick(await cosCode(withoutToken.getObject({ Bucket, Region: REGION, Key: "tmp.txt" }))), ["InvalidSecurityToken", 403]);
  const foreign = cosClient(server, { secretId: cred.tmpSecretId, secretKey: cred.tmpSecretKey, token: "x" + cred.token.slice(1) });
  assert.deepEqual(pick(await cosCode(foreign.getObject({ Bucket, Region: REGION, Key: "tmp.txt" }))), ["InvalidSecurityToken", 403]);
  await server.control("POST", "/clock", { advanceSeconds: 601 });
  try {
    assert.deepEqual(pick(await cosCode(withToken.getObject({ Bucket, Region: REGION, Key: "tmp.txt" }))), ["ExpiredToken", 400]);
  } finally {
    await server.control("POST", "/clock", { advanceSeconds: -601 });
  }
});

test("a CAM sub-user allowed on one prefix only", async () => {
  const Bucket = bucketName("cam");
  await cos().putBucket({ Bucket, Region: REGION });
  const user = await server.control("POST", "/accounts/100000000001/users", {
    name: "uploader",
    policy: {
      version: "2.0",
      statement: [{ effect: "allow", action: ["name/cos:PutObject", "name/cos:GetObject", "name/cos:HeadObject"], resource: [`qcs::cos:${REGION}:uid/${APPID}:${Bucket}/uploads/*`] }],
    },
  });
  const sub = cosClient(server, { secretId: user.secretId, secretKey: user.secretKey });
  await sub.putObject({ Bucket, Region: REGION, Key: "uploads/a.txt", Body: "a" });
  assert.equal((await sub.getObject({ Bucket, Region: REGION, Key: "uploads/a.txt" })).Body.toString(), "a");
  assert.deepEqual(pick(await cosCode(sub.putObject({ Bucket, Region: REGION, Key: "private/a.txt", Body: "a" }))), ["AccessDenied", 403]);
  assert.deepEqual(pick(await cosCode(sub.deleteObject({ Bucket, Region: REGION, Key: "uploads/a.txt" }))), ["AccessDenied", 403]);
  assert.deepEqual(pick(await cosCode(sub.getBucket({ Bucket, Region: REGION }))), ["AccessDenied", 403]);
  assert.deepEqual(pick(await cosCode(sub.getService({}))), ["AccessDenied", 403]);
  // The root account sees what the sub-user wrote and nothing else was written.
  assert.deepEqual((await cos().getBucket({ Bucket, Region: REGION })).Contents.map((c) => c.Key), ["uploads/a.txt"]);
  // A deny in the bucket policy wins over the user's own allow.
  await cos().putBucketPolicy({
    Bucket,
    Region: REGION,
    Policy: {
      Statement: [{ Principal: { qcs: [`qcs::cam::uin/100000000001:uin/${user.subUin}`] }, Effect: "Deny", Action: ["name/cos:GetObject"], Resource: [`qcs::cos:${REGION}:uid/${APPID}:${Bucket}/*`] }],
      version: "2.0",
    },
  });
  assert.deepEqual(pick(await cosCode(sub.getObject({ Bucket, Region: REGION, Key: "uploads/a.txt" }))), ["AccessDenied", 403]);
});

test("anonymous access only where the bucket ACL or policy allows it", async () => {
  const Bucket = bucketName("anon");
  await cos().putBucket({ Bucket, Region: REGION });
  await cos().putObject({ Bucket, Region: REGION, Key: "f.txt", Body: "f" });
  const host = `${Bucket}.cos.${REGION}.localhost`;
  assert.equal((await rawCos(server, host, "/f.txt")).status, 403);
  await cos().putBucketAcl({ Bucket, Region: REGION, ACL: "public-read" });
  assert.equal((await rawCos(server, host, "/f.txt")).text, "f");
  assert.equal((await rawCos(server, host, "/")).status, 200, "public-read lists too");
  assert.equal((await rawCos(server, host, "/g.txt", { method: "PUT", body: "g" })).status, 403);
  await cos().putBucketAcl({ Bucket, Region: REGION, ACL: "private" });
  assert.equal((await rawCos(server, host, "/f.txt")).status, 403);
  await cos().putBucketPolicy({
    Bucket,
    Region: REGION,
    Policy: { Statement: [{ Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Effect: "Allow", Action: ["name/cos:GetObject"], Resource: [`qcs::cos:${REGION}:uid/${APPID}:${Bucket}/*`] }], version: "2.0" },
  });
  assert.equal((await rawCos(server, host, "/f.txt")).text, "f");
  assert.equal((await rawCos(server, host, "/f.txt", { method: "DELETE" })).status, 403);
  const policy = await cos().getBucketPolicy({ Bucket, Region: REGION });
  assert.equal((policy.Policy as { Statement: unknown[] }).Statement.length, 1);
});
