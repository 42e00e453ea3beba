import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { sdk } from "../helpers/sdk";
import { bucketName, cosClient, cosCode, rawCos, REGION } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const cos = () => cosClient(server);
const pick = (e: { code: string; statusCode: number }) => [e.code, e.statusCode];

/** The bytes tclocal stored for an object (its first blob), to see they are not the plaintext. */
async function storedBytes(): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const key of server.app.blobs.keys("cos/")) {
    const stream = await server.app.blobs.read(key);
    const parts: Buffer[] = [];
    for await (const c of stream as AsyncIterable<Buffer>) parts.push(c);
    out.push(Buffer.concat(parts));
  }
  return out;
}

test("SSE-COS: encrypted at rest, transparent to reads, ranges included", async () => {
  const Bucket = bucketName("sse-cos");
  await cos().putBucket({ Bucket, Region: REGION });
  const body = Buffer.from("secret-cos-".repeat(100));
  const put = await cos().putObject({ Bucket, Region: REGION, Key: "s.txt", Body: body, ServerSideEncryption: "AES256" });
  assert.equal(put.headers!["x-cos-server-side-encryption"], "AES256");
  assert.ok(!(await storedBytes()).some((b) => b.includes(Buffer.from("secret-cos-"))), "the stored bytes are not the plaintext");
  const got = await cos().getObject({ Bucket, Region: REGION, Key: "s.txt" });
  assert.ok(got.Body.equals(body));
  assert.equal(got.headers!["x-cos-server-side-encryption"], "AES256");
  const part = await cos().getObject({ Bucket, Region: REGION, Key: "s.txt", Range: "bytes=37-300" });
  assert.ok(part.Body.equals(body.subarray(37, 301)));
});

test("SSE-KMS round trip through tclocal's KMS: a disabled CMK stops reads, KMS sees COS's calls", async () => {
  const kms = sdk("kms", server);
  const { KeyId } = await kms.CreateKey({ Alias: "cos-objects" });
  const Bucket = bucketName("sse-kms");
  await cos().putBucket({ Bucket, Region: REGION });
  const body = Buffer.from("kms-protected ".repeat(50));
  const headers = { "x-cos-server-side-encryption": "cos/kms", "x-cos-server-side-encryption-cos-kms-key-id": KeyId! };
  const put = await cos().putObject({ Bucket, Region: REGION, Key: "k.txt", Body: body, Headers: headers });
  assert.equal(put.headers!["x-cos-server-side-encryption"], "cos/kms");
  assert.equal(put.headers!["x-cos-server-side-encryption-cos-kms-key-id"], KeyId);
  const got = await cos().getObject({ Bucket, Region: REGION, Key: "k.txt" });
  assert.ok(got.Body.equals(body));
  assert.equal(got.headers!["x-cos-server-side-encryption-cos-kms-key-id"], KeyId);

  await kms.DisableKey({ KeyId: KeyId! });
  const refused = await cosCode(cos().getObject({ Bucket, Region: REGION, Key: "k.txt" }));
  assert.deepEqual(pick(refused), ["KMS.DisabledException", 400]);
  assert.match(refused.message, new RegExp(KeyId!));
  assert.deepEqual(pick(await cosCode(cos().putObject({ Bucket, Region: REGION, Key: "k2.txt", Body: "x", Headers: headers }))), ["KMS.DisabledException", 400]);
  assert.equal((await cos().headObject({ Bucket, Region: REGION, Key: "k.txt" })).statusCode, 200, "HEAD needs no key");
  await kms.EnableKey({ KeyId: KeyId! });
  assert.ok((await cos().getObject({ Bucket, Region: REGION, Key: "k.txt" })).Body.equals(body));

  const missing: Record<string, string> = { ...headers, "x-cos-server-side-encryption-cos-kms-key-id": "00000000-0000-1000-8000-525400000000" };
  assert.deepEqual(pick(await cosCode(cos().putObject({ Bucket, Region: REGION, Key: "k3.txt", Body: "x", Headers: missing }))), ["KMS.NotFoundException", 400]);

  const trail = await server.control("GET", "/requests?service=kms&limit=50");
  const actions = trail.requests.filter((r: { resources: string[] }) => r.resources.includes(KeyId!)).map((r: { action: string }) => r.action);
  assert.ok(actions.includes("GenerateDataKey"), JSON.stringify(actions));
  assert.ok(actions.includes("Decrypt"), JSON.stringify(actions));
});

test("bucket default encryption applies to objects put without encryption headers", async () => {
  const Bucket = bucketName("sse-default");
  await cos().putBucket({ Bucket, Region: REGION });
  // COS's element is ApplyServerSideEncryptionByDefault (the SDK's typings spell it otherwise; it sends what it is given).
  const Rule = [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] as unknown as [{ ApplySideEncryptionConfiguration: { SSEAlgorithm: "AES256" } }];
  await cos().putBucketEncryption({ Bucket, Region: REGION, ServerSideEncryptionConfiguration: { Rule } });
  const conf = await cos().getBucketEncryption({ Bucket, Region: REGION });
  assert.deepEqual(conf.ServerSideEncryptionConfiguration, { Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } } });
  const put = await cos().putObject({ Bucket, Region: REGION, Key: "d.txt", Body: "default" });
  assert.equal(put.headers!["x-cos-server-side-encryption"], "AES256");
  await cos().deleteBucketEncryption({ Bucket, Region: REGION });
  // The SDK turns this 404 into an empty configuration: the raw answer shows the code.
  const raw = await rawCos(server, `${Bucket}.cos.${REGION}.localhost`, "/", { sign: true, query: { encryption: "" } });
  assert.equal(raw.status, 404);
  assert.match(raw.text, /<Code>NoSuchEncryptionConfiguration<\/Code>/);
});

test("SSE-C: the customer's key encrypts at rest; GET, HEAD and copy need it again", async () => {
  const { createHash, randomBytes } = await import("node:crypto");
  const Bucket = bucketName("sse-c");
  await cos().putBucket({ Bucket, Region: REGION });
  const keyOf = (k: Buffer) => ({ SSECustomerAlgorithm: "AES256", SSECustomerKey: k.toString("base64"), SSECustomerKeyMD5: createHash("md5").update(k).digest("base64") });
  const key = randomBytes(32);
  const other = randomBytes(32);
  const body = Buffer.from("customer-secret-".repeat(64));
  const put = await cos().putObject({ Bucket, Region: REGION, Key: "c.txt", Body: body, ...keyOf(key) });
  assert.equal(put.headers!["x-cos-server-side-encryption-customer-algorithm"], "AES256");
  assert.equal(put.headers!["x-cos-server-side-encryption-customer-key-md5"], keyOf(key).SSECustomerKeyMD5);
  assert.ok(!(await storedBytes()).some((b) => b.includes(Buffer.from("customer-secret-"))), "the stored bytes are not the plaintext");
  assert.ok(!(await storedBytes()).some((b) => b.includes(key)), "the key is not stored beside them");

  const got = await cos().getObject({ Bucket, Region: REGION, Key: "c.txt", ...keyOf(key) });
  assert.ok(got.Body.equals(body));
  const part = await cos().getObject({ Bucket, Region: REGION, Key: "c.txt", Range: "bytes=5-40", ...keyOf(key) });
  assert.ok(part.Body.equals(body.subarray(5, 41)));
  assert.equal((await cos().headObject({ Bucket, Region: REGION, Key: "c.txt", ...keyOf(key) })).statusCode, 200);

  assert.deepEqual(pick(await cosCode(cos().getObject({ Bucket, Region: REGION, Key: "c.txt" }))), ["InvalidRequest", 400]);
  assert.deepEqual(pick(await cosCode(cos().getObject({ Bucket, Region: REGION, Key: "c.txt", ...keyOf(other) }))), ["AccessDenied", 403]);
  assert.deepEqual((await cosCode(cos().headObject({ Bucket, Region: REGION, Key: "c.txt" }))).statusCode, 400);
  assert.deepEqual((await cosCode(cos().headObject({ Bucket, Region: REGION, Key: "c.txt", ...keyOf(other) }))).statusCode, 403);
  // The MD5 must match the key; the key must be 256 bits.
  assert.deepEqual(pick(await cosCode(cos().putObject({ Bucket, Region: REGION, Key: "d.txt", Body: "d", ...keyOf(key), SSECustomerKeyMD5: keyOf(other).SSECustomerKeyMD5 }))), ["InvalidArgument", 400]);
  assert.deepEqual(pick(await cosCode(cos().putObject({ Bucket, Region: REGION, Key: "d.txt", Body: "d", ...keyOf(randomBytes(16)) }))), ["InvalidArgument", 400]);
  assert.deepEqual(pick(await cosCode(cos().putObject({ Bucket, Region: REGION, Key: "d.txt", Body: "d", ...keyOf(key), ServerSideEncryption: "AES256" }))), ["InvalidArgument", 400]);
  assert.deepEqual(pick(await cosCode(cos().headObject({ Bucket, Region: REGION, Key: "d.txt" }))), ["404", 404], "nothing half-written");

  // Copy: the source's key in x-cos-copy-source-server-side-encryption-customer-*, the copy stored in plaintext.
  const host = `${Bucket}.cos.${REGION}.myqcloud.com`;
  assert.deepEqual(pick(await cosCode(cos().putObjectCopy({ Bucket, Region: REGION, Key: "copy.txt", CopySource: `${host}/c.txt` }))), ["InvalidRequest", 400]);
  const k = keyOf(key);
  await cos().putObjectCopy({
    Bucket,
    Region: REGION,
    Key: "copy.txt",
    CopySource: `${host}/c.txt`,
    Headers: {
      "x-cos-copy-source-server-side-encryption-customer-algorithm": "AES256",
      "x-cos-copy-source-server-side-encryption-customer-key": k.SSECustomerKey,
      "x-cos-copy-source-server-side-encryption-customer-key-MD5": k.SSECustomerKeyMD5,
    },
  });
  assert.ok((await cos().getObject({ Bucket, Region: REGION, Key: "copy.txt" })).Body.equals(body));
  // Append has no SSE-C: refused rather than stored in plaintext.
  assert.deepEqual(pick(await cosCode(cos().appendObject({ Bucket, Region: REGION, Key: "app.txt", Position: 0, Body: "a", ...keyOf(key) }))), ["InvalidArgument", 400]);
});
