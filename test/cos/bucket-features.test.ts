import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cosHealth } from "../../src/cos-gateway/health";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { APPID, bucketName, cosClient, cosCode, rawCos, REGION } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const cos = () => cosClient(server);
const pick = (e: { code: string; statusCode: number }) => [e.code, e.statusCode];
const DAY = 86_400;
/** The SDK sends VersionId on deleteObject; its typings do not list it. */
const deleteVersion = (Key: string, VersionId: string) => cos().deleteObject({ Bucket: bucketName("versions"), Region: REGION, Key, VersionId } as Parameters<ReturnType<typeof cos>["deleteObject"]>[0]);

async function advance(seconds: number): Promise<void> {
  await server.control("POST", "/clock", { advanceSeconds: seconds });
}

test("versioning: versions kept, delete markers, reads and deletes by version id", async () => {
  const Bucket = bucketName("versions");
  await cos().putBucket({ Bucket, Region: REGION });
  assert.deepEqual((await cos().getBucketVersioning({ Bucket, Region: REGION })).VersioningConfiguration, {});
  await cos().putBucketVersioning({ Bucket, Region: REGION, VersioningConfiguration: { Status: "Enabled" } });
  assert.equal((await cos().getBucketVersioning({ Bucket, Region: REGION })).VersioningConfiguration.Status, "Enabled");
  const v1 = (await cos().putObject({ Bucket, Region: REGION, Key: "doc.txt", Body: "one" })).headers!["x-cos-version-id"];
  const v2 = (await cos().putObject({ Bucket, Region: REGION, Key: "doc.txt", Body: "two" })).headers!["x-cos-version-id"];
  assert.ok(v1 && v2 && v1 !== v2);
  assert.equal((await cos().getObject({ Bucket, Region: REGION, Key: "doc.txt" })).Body.toString(), "two");
  assert.equal((await cos().getObject({ Bucket, Region: REGION, Key: "doc.txt", VersionId: v1 })).Body.toString(), "one");

  const deleted = await cos().deleteObject({ Bucket, Region: REGION, Key: "doc.txt" });
  assert.equal(deleted.headers!["x-cos-delete-marker"], "true");
  assert.deepEqual(pick(await cosCode(cos().getObject({ Bucket, Region: REGION, Key: "doc.txt" }))), ["NoSuchKey", 404]);
  assert.deepEqual((await cos().getBucket({ Bucket, Region: REGION })).Contents, []);
  const listed = await cos().listObjectVersions({ Bucket, Region: REGION });
  assert.deepEqual(listed.Versions.map((v) => [v.VersionId, v.IsLatest, v.Size]), [[v2, "false", "3"], [v1, "false", "3"]]);
  assert.equal(listed.DeleteMarkers.length, 1);
  assert.equal(listed.DeleteMarkers[0].IsLatest, "true");
  assert.deepEqual(pick(await cosCode(cos().deleteBucket({ Bucket, Region: REGION }))), ["BucketNotEmpty", 409]);

  // Deleting the marker brings the newest version back.
  await deleteVersion("doc.txt", listed.DeleteMarkers[0].VersionId);
  assert.equal((await cos().getObject({ Bucket, Region: REGION, Key: "doc.txt" })).Body.toString(), "two");
  await deleteVersion("doc.txt", v2);
  assert.equal((await cos().getObject({ Bucket, Region: REGION, Key: "doc.txt" })).Body.toString(), "one");
  await deleteVersion("doc.txt", v1);
  assert.deepEqual((await cos().listObjectVersions({ Bucket, Region: REGION })).Versions, []);
  assert.equal((await cos().deleteBucket({ Bucket, Region: REGION })).statusCode, 204);
});

test("lifecycle rules act on the emulator clock: transition, expiration, aborted uploads", async () => {
  const Bucket = bucketName("lifecycle");
  await cos().putBucket({ Bucket, Region: REGION });
  await cos().putBucketLifecycle({
    Bucket,
    Region: REGION,
    Rules: [
      { ID: "tmp", Status: "Enabled", Filter: { Prefix: "tmp/" }, Expiration: { Days: 1 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
      { ID: "cold", Status: "Enabled", Filter: { Prefix: "logs/" }, Transition: { Days: 30, StorageClass: "ARCHIVE" } },
      { ID: "off", Status: "Disabled", Filter: { Prefix: "" }, Expiration: { Days: 1 } },
    ],
  });
  const rules = (await cos().getBucketLifecycle({ Bucket, Region: REGION })).Rules;
  assert.deepEqual(rules.map((r) => r.ID), ["tmp", "cold", "off"]);
  await cos().putObject({ Bucket, Region: REGION, Key: "tmp/scratch", Body: "s" });
  await cos().putObject({ Bucket, Region: REGION, Key: "logs/app.log", Body: "l" });
  await cos().putObject({ Bucket, Region: REGION, Key: "keep.txt", Body: "k" });
  const upload = await cos().multipartInit({ Bucket, Region: REGION, Key: "tmp/partial" });
  try {
    await advance(DAY + 60);
    const keys = (await cos().getBucket({ Bucket, Region: REGION })).Contents.map((c) => c.Key);
    assert.deepEqual(keys, ["keep.txt", "logs/app.log"]);
    assert.deepEqual(pick(await cosCode(cos().multipartListPart({ Bucket, Region: REGION, Key: "tmp/partial", UploadId: upload.UploadId }))), ["NoSuchUpload", 404]);
    await advance(30 * DAY);
    const head = await cos().headObject({ Bucket, Region: REGION, Key: "logs/app.log" });
    assert.equal(head.headers!["x-cos-storage-class"], "ARCHIVE");
    // An archived object reads only once restored: Expedited takes minutes on the clock.
    assert.deepEqual(pick(await cosCode(cos().getObject({ Bucket, Region: REGION, Key: "logs/app.log" }))), ["InvalidObjectState", 403]);
    const restore = await cos().restoreObject({ Bucket, Region: REGION, Key: "logs/app.log", RestoreRequest: { Days: 2, CASJobParameters: { Tier: "Expedited" } } });
    assert.equal(restore.statusCode, 202);
    assert.deepEqual(pick(await cosCode(cos().restoreObject({ Bucket, Region: REGION, Key: "logs/app.log", RestoreRequest: { Days: 2, CASJobParameters: { Tier: "Expedited" } } }))), ["RestoreAlreadyInProgress", 409]);
    assert.match(String((await cos().headObject({ Bucket, Region: REGION, Key: "logs/app.log" })).headers!["x-cos-restore"]), /ongoing-request="true"/);
    await advance(5 * 60);
    assert.equal((await cos().getObject({ Bucket, Region: REGION, Key: "logs/app.log" })).Body.toString(), "l");
    await advance(2 * DAY + 5 * 60);
    assert.deepEqual(pick(await cosCode(cos().getObject({ Bucket, Region: REGION, Key: "logs/app.log" }))), ["InvalidObjectState", 403]);
    assert.deepEqual(pick(await cosCode(cos().restoreObject({ Bucket, Region: REGION, Key: "keep.txt", RestoreRequest: { Days: 1, CASJobParameters: { Tier: "Standard" } } }))), ["InvalidObjectState", 403]);
  } finally {
    await server.control("POST", "/clock", { set: Math.floor(Date.now() / 1000) });
  }
});

test("static website: index documents for folders, the error document with 404", async () => {
  const Bucket = bucketName("site");
  await cos().putBucket({ Bucket, Region: REGION, ACL: "public-read" });
  await cos().putObject({ Bucket, Region: REGION, Key: "index.html", Body: "<h1>home</h1>", ContentType: "text/html" });
  await cos().putObject({ Bucket, Region: REGION, Key: "docs/index.html", Body: "<h1>docs</h1>", ContentType: "text/html" });
  await cos().putObject({ Bucket, Region: REGION, Key: "404.html", Body: "<h1>missing</h1>", ContentType: "text/html" });
  const host = `${Bucket}.cos-website.${REGION}.localhost`;
  const before = await rawCos(server, host, "/");
  assert.equal(before.status, 404);
  assert.match(before.text, /NoSuchWebsiteConfiguration/);
  await cos().putBucketWebsite({ Bucket, Region: REGION, WebsiteConfiguration: { IndexDocument: { Suffix: "index.html" }, ErrorDocument: { Key: "404.html" } } });
  const home = await rawCos(server, host, "/");
  assert.deepEqual([home.status, home.text, home.headers["content-type"]], [200, "<h1>home</h1>", "text/html"]);
  assert.equal((await rawCos(server, host, "/docs/")).text, "<h1>docs</h1>");
  const missing = await rawCos(server, host, "/nowhere.html");
  assert.deepEqual([missing.status, missing.text], [404, "<h1>missing</h1>"]);
  assert.equal((await rawCos(server, host, "/x", { method: "PUT", body: "x" })).status, 405);
  assert.equal((await cos().getBucketWebsite({ Bucket, Region: REGION })).WebsiteConfiguration.IndexDocument.Suffix, "index.html");
});

test("CORS: preflight answered by the rules, headers on cross-origin answers, refused otherwise", async () => {
  const Bucket = bucketName("cors");
  await cos().putBucket({ Bucket, Region: REGION });
  await cos().putObject({ Bucket, Region: REGION, Key: "a.js", Body: "js" });
  const host = `${Bucket}.cos.${REGION}.localhost`;
  const preflight = (origin: string, method: string, headers = "") =>
    rawCos(server, host, "/a.js", { method: "OPTIONS", headers: { origin, "access-control-request-method": method, ...(headers ? { "access-control-request-headers": headers } : {}) } });
  assert.equal((await preflight("https://app.example.com", "GET")).status, 403);
  await cos().putBucketCors({
    Bucket,
    Region: REGION,
    CORSRules: [{ AllowedOrigin: ["https://*.example.com"], AllowedMethod: ["GET", "PUT"], AllowedHeader: ["x-cos-*", "content-type"], ExposeHeader: ["ETag"], MaxAgeSeconds: 600 }],
  });
  const ok = await preflight("https://app.example.com", "PUT", "content-type,x-cos-meta-a");
  assert.equal(ok.status, 200);
  assert.equal(ok.headers["access-control-allow-origin"], "https://app.example.com");
  assert.equal(ok.headers["access-control-allow-methods"], "GET,PUT");
  assert.equal(ok.headers["access-control-max-age"], "600");
  const refused = await preflight("https://evil.test", "GET");
  assert.equal(refused.status, 403);
  assert.match(refused.text, /CORSResponse: This CORS request is not allowed/);
  assert.equal((await preflight("https://app.example.com", "DELETE")).status, 403);
  assert.equal((await preflight("https://app.example.com", "GET", "authorization-x")).status, 403);
  const get = await rawCos(server, host, "/a.js", { sign: true, headers: { origin: "https://app.example.com" } });
  assert.equal(get.headers["access-control-allow-origin"], "https://app.example.com");
  assert.equal(get.headers["access-control-expose-headers"], "ETag");
  const rules = await cos().getBucketCors({ Bucket, Region: REGION });
  assert.equal(rules.CORSRules.length, 1);
  await cos().deleteBucketCors({ Bucket, Region: REGION });
  assert.equal((await preflight("https://app.example.com", "GET")).status, 403);
});

test("configurations: tagging, referer, logging stored and answered; malformed ones refused", async () => {
  const Bucket = bucketName("configs");
  await cos().putBucket({ Bucket, Region: REGION });
  await cos().putBucketTagging({ Bucket, Region: REGION, Tags: [{ Key: "env", Value: "dev" }] });
  assert.deepEqual((await cos().getBucketTagging({ Bucket, Region: REGION })).Tags, [{ Key: "env", Value: "dev" }]);
  await cos().putBucketReferer({ Bucket, Region: REGION, RefererConfiguration: { Status: "Enabled", RefererType: "White-List", DomainList: { Domains: ["*.example.com"] }, EmptyReferConfiguration: "Allow" } });
  assert.equal((await cos().getBucketReferer({ Bucket, Region: REGION })).RefererConfiguration.RefererType, "White-List");
  const host = `${Bucket}.cos.${REGION}.localhost`;
  for (const [sub, body] of [
    ["cors", "<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>"],
    ["lifecycle", "<LifecycleConfiguration><Rule><Status>Maybe</Status></Rule></LifecycleConfiguration>"],
    ["versioning", "<VersioningConfiguration><Status>Off</Status></VersioningConfiguration>"],
    ["tagging", "<Tagging><TagSet><Tag><Key>a</Key></Tag"],
    ["website", "<Other/>"],
  ]) {
    const res = await rawCos(server, host, "/", { method: "PUT", sign: true, query: { [sub]: "" }, body });
    assert.equal(res.status, 400, sub);
    assert.match(res.text, /<Code>MalformedXML<\/Code>/, sub);
  }
  const badPolicy = await rawCos(server, host, "/", { method: "PUT", sign: true, query: { policy: "" }, body: "{not json" });
  assert.match(badPolicy.text, /<Code>MalformedPolicy<\/Code>/);
});

test("POST Object: a browser form signed by its policy; conditions are enforced", async () => {
  const Bucket = bucketName("forms");
  await cos().putBucket({ Bucket, Region: REGION });
  const keyTime = `${Math.floor(Date.now() / 1000) - 60};${Math.floor(Date.now() / 1000) + 600}`;
  const policy = JSON.stringify({
    expiration: new Date(Date.now() + 600_000).toISOString(),
    conditions: [{ bucket: Bucket }, ["starts-with", "$key", "uploads/"], ["content-length-range", 0, 100]],
  });
  const signKey = createHmac("sha1", DEFAULT_ACCOUNT.secretKey).update(keyTime).digest("hex");
  const signature = createHmac("sha1", signKey).update(createHash("sha1").update(policy).digest("hex")).digest("hex");
  const form = (key: string, content: string, sig = signature) => {
    const boundary = "----tclocal" + Math.random().toString(16).slice(2);
    const fields: Record<string, string> = {
      key,
      policy: Buffer.from(policy).toString("base64"),
      "q-sign-algorithm": "sha1",
      "q-ak": DEFAULT_ACCOUNT.secretId,
      "q-key-time": keyTime,
      "q-signature": sig,
      "Content-Type": "text/plain",
      "x-cos-meta-from": "form",
      success_action_status: "201",
    };
    const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.txt"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`);
    return { body: parts.join(""), type: `multipart/form-data; boundary=${boundary}` };
  };
  const host = `${Bucket}.cos.${REGION}.localhost`;
  const post = (f: { body: string; type: string }) => rawCos(server, host, "/", { method: "POST", headers: { "content-type": f.type }, body: f.body });
  const ok = await post(form("uploads/${filename}", "from a form"));
  assert.equal(ok.status, 201);
  assert.match(ok.text, /<Key>uploads\/f.txt<\/Key>/);
  const got = await cos().getObject({ Bucket, Region: REGION, Key: "uploads/f.txt" });
  assert.equal(got.Body.toString(), "from a form");
  assert.equal(got.headers!["x-cos-meta-from"], "form");
  assert.equal((await post(form("elsewhere/f.txt", "x"))).status, 403);
  assert.match((await post(form("uploads/big.txt", "y".repeat(101)))).text, /<Code>EntityTooLarge<\/Code>/);
  assert.match((await post(form("uploads/forged.txt", "z", "0".repeat(40)))).text, /<Code>SignatureDoesNotMatch<\/Code>/);
  // Unsigned: anonymous, and the bucket is private.
  const anonymous = await rawCos(server, host, "/", { method: "POST", headers: { "content-type": "multipart/form-data; boundary=b" }, body: '--b\r\nContent-Disposition: form-data; name="key"\r\n\r\nuploads/anon\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nx\r\n--b--\r\n' });
  assert.equal(anonymous.status, 403);
});

test("UploadPartCopy: a part copied from a range of another object", async () => {
  const Bucket = bucketName("partcopy");
  await cos().putBucket({ Bucket, Region: REGION });
  const source = Buffer.alloc(2 * 1024 * 1024, 7);
  source.write("HEAD", 0);
  await cos().putObject({ Bucket, Region: REGION, Key: "src.bin", Body: source });
  const init = await cos().multipartInit({ Bucket, Region: REGION, Key: "dst.bin" });
  const part1 = await cos().uploadPartCopy({ Bucket, Region: REGION, Key: "dst.bin", UploadId: init.UploadId, PartNumber: 1, CopySource: `${Bucket}.cos.${REGION}.myqcloud.com/src.bin`, CopySourceRange: "bytes=0-1048575" });
  const part2 = await cos().multipartUpload({ Bucket, Region: REGION, Key: "dst.bin", UploadId: init.UploadId, PartNumber: 2, Body: "tail" });
  await cos().multipartComplete({ Bucket, Region: REGION, Key: "dst.bin", UploadId: init.UploadId, Parts: [{ PartNumber: 1, ETag: part1.ETag }, { PartNumber: 2, ETag: part2.ETag }] });
  const got = await cos().getObject({ Bucket, Region: REGION, Key: "dst.bin" });
  assert.ok(got.Body.equals(Buffer.concat([source.subarray(0, 1024 * 1024), Buffer.from("tail")])));
});

test("COS over HTTPS on the same port", async () => {
  const fixtures = join(__dirname, "..", "..", "..", "test", "fixtures");
  const tls = await startTclocal({ tls: { cert: readFileSync(join(fixtures, "tls-cert.pem"), "utf8"), key: readFileSync(join(fixtures, "tls-key.pem"), "utf8") } });
  try {
    const secure = cosClient(tls);
    const Bucket = bucketName("tls");
    await secure.putBucket({ Bucket, Region: REGION });
    await secure.putObject({ Bucket, Region: REGION, Key: "s.txt", Body: "over tls" });
    assert.equal((await secure.getObject({ Bucket, Region: REGION, Key: "s.txt" })).Body.toString(), "over tls");
    assert.match(cosHealth(tls.app).endpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
  } finally {
    await tls.stop();
  }
});

test("reset wipes COS: buckets, objects and their bytes", async () => {
  const Bucket = bucketName("wiped");
  await cos().putBucket({ Bucket, Region: REGION });
  await cos().putObject({ Bucket, Region: REGION, Key: "gone.txt", Body: "bytes" });
  await server.control("POST", "/reset", {});
  assert.deepEqual((await cos().getService({})).Buckets, []);
  let blobs = 0;
  for await (const _ of server.app.blobs.keys("cos/")) blobs++;
  assert.equal(blobs, 0);
  assert.equal(APPID, DEFAULT_ACCOUNT.appId);
});

test("versions: a copy source's ?versionId= copies that version; an unknown version is NoSuchVersion, a malformed one InvalidArgument", async () => {
  const Bucket = bucketName("copy-versions");
  await cos().putBucket({ Bucket, Region: REGION });
  await cos().putBucketVersioning({ Bucket, Region: REGION, VersioningConfiguration: { Status: "Enabled" } });
  const v1 = (await cos().putObject({ Bucket, Region: REGION, Key: "doc.txt", Body: "one" })).headers!["x-cos-version-id"]!;
  await cos().putObject({ Bucket, Region: REGION, Key: "doc.txt", Body: "two" });
  const source = `${Bucket}.cos.${REGION}.myqcloud.com/doc.txt`;
  await cos().putObjectCopy({ Bucket, Region: REGION, Key: "old.txt", CopySource: `${source}?versionId=${v1}` });
  assert.equal((await cos().getObject({ Bucket, Region: REGION, Key: "old.txt" })).Body.toString(), "one");
  await cos().putObjectCopy({ Bucket, Region: REGION, Key: "new.txt", CopySource: source });
  assert.equal((await cos().getObject({ Bucket, Region: REGION, Key: "new.txt" })).Body.toString(), "two");

  const unknown = "MTg0NDUxNTc1NjIzMTQ1MjAwMDA";
  assert.deepEqual(pick(await cosCode(cos().putObjectCopy({ Bucket, Region: REGION, Key: "x.txt", CopySource: `${source}?versionId=${unknown}` }))), ["NoSuchVersion", 404]);
  assert.deepEqual(pick(await cosCode(cos().getObject({ Bucket, Region: REGION, Key: "doc.txt", VersionId: unknown }))), ["NoSuchVersion", 404]);
  assert.deepEqual(pick(await cosCode(cos().getObject({ Bucket, Region: REGION, Key: "doc.txt", VersionId: "not a version!" }))), ["InvalidArgument", 400]);
  assert.deepEqual(pick(await cosCode(cos().headObject({ Bucket, Region: REGION, Key: "x.txt" }))), ["404", 404], "nothing copied");
});

test("lifecycle on a versioned bucket: expiration leaves a delete marker; noncurrent versions move and go NoncurrentDays after they were replaced", async () => {
  const Bucket = bucketName("lifecycle-versions");
  await cos().putBucket({ Bucket, Region: REGION });
  await cos().putBucketVersioning({ Bucket, Region: REGION, VersioningConfiguration: { Status: "Enabled" } });
  await cos().putBucketLifecycle({
    Bucket,
    Region: REGION,
    Rules: [
      {
        ID: "old-versions",
        Status: "Enabled",
        Filter: { Prefix: "doc" },
        NoncurrentVersionTransition: { NoncurrentDays: 10, StorageClass: "STANDARD_IA" },
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
      },
      { ID: "tmp", Status: "Enabled", Filter: { Prefix: "tmp/" }, Expiration: { Days: 5 } },
    ],
  });
  const versions = async () => (await cos().listObjectVersions({ Bucket, Region: REGION })).Versions.map((v) => [v.Key, v.VersionId, v.StorageClass]);
  const v1 = (await cos().putObject({ Bucket, Region: REGION, Key: "doc.txt", Body: "one" })).headers!["x-cos-version-id"]!;
  const t1 = (await cos().putObject({ Bucket, Region: REGION, Key: "tmp/t.txt", Body: "t" })).headers!["x-cos-version-id"]!;
  try {
    await advance(20 * DAY);
    // Replaced on day 20: v1 is noncurrent from then, not from when it was written.
    const v2 = (await cos().putObject({ Bucket, Region: REGION, Key: "doc.txt", Body: "two" })).headers!["x-cos-version-id"]!;
    await advance(9 * DAY);
    const listed = await versions();
    assert.deepEqual(listed.find((v) => v[1] === v1), ["doc.txt", v1, "STANDARD"], "9 noncurrent days: not yet");
    // The tmp object expired on day 5: a delete marker is current and its data a noncurrent version.
    assert.deepEqual(pick(await cosCode(cos().getObject({ Bucket, Region: REGION, Key: "tmp/t.txt" }))), ["NoSuchKey", 404]);
    assert.equal((await cos().getObject({ Bucket, Region: REGION, Key: "tmp/t.txt", VersionId: t1 })).Body.toString(), "t");
    assert.equal((await cos().listObjectVersions({ Bucket, Region: REGION })).DeleteMarkers.length, 1);

    await advance(2 * DAY);
    assert.deepEqual((await versions()).find((v) => v[1] === v1), ["doc.txt", v1, "STANDARD_IA"], "11 noncurrent days: transitioned");
    assert.equal((await cos().getObject({ Bucket, Region: REGION, Key: "doc.txt" })).Body.toString(), "two");
    await advance(20 * DAY);
    assert.deepEqual((await versions()).filter((v) => v[0] === "doc.txt"), [["doc.txt", v2, "STANDARD"]], "31 noncurrent days: expired");
    assert.deepEqual(pick(await cosCode(cos().getObject({ Bucket, Region: REGION, Key: "doc.txt", VersionId: v1 }))), ["NoSuchVersion", 404]);
  } finally {
    await server.control("POST", "/clock", { set: Math.floor(Date.now() / 1000) });
  }
});
