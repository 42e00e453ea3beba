import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import COS from "cos-nodejs-sdk-v5";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { bucketName, cosClient, cosCode, rawCos, REGION } from "./helpers";

/** The rest of COS's codes, each from a realistic request, with its HTTP status. */
let server: TestServer;
let Bucket: string;
let host: string;
before(async () => {
  server = await startTclocal();
  Bucket = bucketName("codes");
  host = `${Bucket}.cos.${REGION}.localhost`;
  await cosClient(server).putBucket({ Bucket, Region: REGION });
});
after(() => server.stop());

const codeOf = (text: string) => /<Code>([^<]+)<\/Code>/.exec(text)?.[1];

test("a signature starting more than 15 minutes ahead is RequestTimeTooSkewed; the answer's Date is real time", async () => {
  const port = server.hostPort.split(":").pop();
  const now = Math.floor(Date.now() / 1000);
  const headers = { host: `${host}:${port}` };
  const authorization = COS.getAuthorization({
    SecretId: DEFAULT_ACCOUNT.secretId,
    SecretKey: DEFAULT_ACCOUNT.secretKey,
    Method: "get",
    Pathname: "/",
    Headers: headers,
    KeyTime: `${now + 3600};${now + 7200}`,
  } as Parameters<typeof COS.getAuthorization>[0]);
  const res = await rawCos(server, host, "/", { headers: { authorization } });
  assert.deepEqual([res.status, codeOf(res.text)], [403, "RequestTimeTooSkewed"]);
  assert.ok(Math.abs(Date.parse(String(res.headers.date)) - Date.now()) < 5000);
});

test("malformed requests: Content-MD5, URI, POST form, no-such configurations", async () => {
  const badMd5 = await rawCos(server, host, "/a.txt", { method: "PUT", sign: true, headers: { "content-md5": "not-base64-md5" }, body: "a" });
  assert.deepEqual([badMd5.status, codeOf(badMd5.text)], [400, "InvalidDigest"]);
  const badUri = await rawCos(server, host, "/%E0%A4%A", { headers: { authorization: "q-sign-algorithm=sha1" } });
  assert.deepEqual([badUri.status, codeOf(badUri.text)], [400, "InvalidURI"]);
  const notForm = await rawCos(server, host, "/", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  assert.deepEqual([notForm.status, codeOf(notForm.text)], [400, "MalformedPOSTRequest"]);
  for (const [sub, code] of [
    ["cors", "NoSuchCORSConfiguration"],
    ["lifecycle", "NoSuchLifecycleConfiguration"],
    ["tagging", "NoSuchTagSet"],
    ["policy", "NoSuchBucketPolicy"],
    ["website", "NoSuchWebsiteConfiguration"],
  ]) {
    const res = await rawCos(server, host, "/", { sign: true, query: { [sub]: "" } });
    assert.deepEqual([res.status, codeOf(res.text)], [404, code], sub);
  }
});

test("the 201st bucket of an account is TooManyBuckets", async () => {
  const a = await server.control("POST", "/accounts", {});
  const cos = cosClient(server, { secretId: a.secretId, secretKey: a.secretKey });
  for (let i = 0; i < 200; i += 20) {
    await Promise.all(Array.from({ length: 20 }, (_, j) => cos.putBucket({ Bucket: bucketName(`b${i + j}`, a.appId), Region: REGION })));
  }
  const e = await cosCode(cos.putBucket({ Bucket: bucketName("one-too-many", a.appId), Region: REGION }));
  assert.deepEqual([e.code, e.statusCode], ["TooManyBuckets", 400]);
});

test("an SSE-KMS key that cannot encrypt is KMS.KMSInvalidStateException", async () => {
  const { sdk } = await import("../helpers/sdk");
  const kms = sdk("kms", server);
  const { KeyId } = await kms.CreateKey({ Alias: "asym", KeyUsage: "ASYMMETRIC_DECRYPT_RSA_2048" });
  const e = await cosCode(
    cosClient(server).putObject({ Bucket, Region: REGION, Key: "x", Body: "x", Headers: { "x-cos-server-side-encryption": "cos/kms", "x-cos-server-side-encryption-cos-kms-key-id": KeyId! } }),
  );
  assert.deepEqual([e.code, e.statusCode], ["KMS.KMSInvalidStateException", 400]);
});

/** Raw bytes to tclocal's port (requests Node cannot parse), and the raw answer. */
async function rawSocket(bytes: string): Promise<string> {
  const { connect } = await import("node:net");
  const [hostname, port] = [server.hostPort.slice(0, server.hostPort.lastIndexOf(":")), Number(server.hostPort.split(":").pop())];
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port }, () => socket.write(bytes));
    const parts: Buffer[] = [];
    socket.on("data", (c: Buffer) => parts.push(c));
    socket.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    socket.on("error", reject);
  });
}

test("requests Node cannot parse, on a COS host, get COS's XML error with x-cos-request-id (the API host keeps its envelope)", async () => {
  const port = server.hostPort.split(":").pop();
  // Through the SDK: headers over the 64 KB limit.
  const big = await cosCode(cosClient(server).putObject({ Bucket, Region: REGION, Key: "big.txt", Body: "x", Headers: { "x-cos-meta-big": "a".repeat(70 * 1024) } }));
  assert.deepEqual([big.code, big.statusCode], ["InvalidRequest", 400]);
  assert.match(big.message, /64 KB/);

  const badChunk = await rawSocket(`PUT /c.txt HTTP/1.1\r\nHost: ${host}:${port}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`);
  assert.match(badChunk, /^HTTP\/1\.1 400 /);
  assert.match(badChunk, /\r\nx-cos-request-id: [A-Za-z0-9+/=]+\r\n/);
  assert.match(badChunk, /\r\nContent-Type: application\/xml\r\n/);
  assert.equal(codeOf(badChunk), "IncompleteBody");
  const badLength = await rawSocket(`PUT /c.txt HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Length: abc\r\n\r\n`);
  assert.match(badLength, /^HTTP\/1\.1 400 /);
  assert.equal(codeOf(badLength), "InvalidRequest");
  assert.match(badLength, /x-cos-request-id: /);

  const api = await rawSocket(`POST / HTTP/1.1\r\nHost: ${server.hostPort}\r\nContent-Length: abc\r\n\r\n`);
  assert.match(api, /^HTTP\/1\.1 200 /);
  assert.doesNotMatch(api, /x-cos-request-id/);
  assert.match(api, /"Code":"InvalidParameter|"Error"/);
});
