import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { APPID, bucketName, cosClient, cosCode, rawCos, REGION } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const cos = () => cosClient(server);
const pick = (e: { code: string; statusCode: number }) => [e.code, e.statusCode];

/** CRC-64/XZ (ECMA-182 reflected), bit by bit: an independent check of x-cos-hash-crc64ecma. */
function crc64(data: Buffer): string {
  const poly = 0xc96c5795d7870f42n;
  let crc = 0xffffffffffffffffn;
  for (const b of data) {
    crc ^= BigInt(b);
    for (let i = 0; i < 8; i++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return (crc ^ 0xffffffffffffffffn).toString();
}

async function newBucket(name: string, region = REGION): Promise<string> {
  const Bucket = bucketName(name);
  await cos().putBucket({ Bucket, Region: region });
  return Bucket;
}

async function blobCount(): Promise<number> {
  let n = 0;
  for await (const _ of server.app.blobs.keys("cos/")) n++;
  return n;
}

test("100 objects listed with prefix, delimiter and marker paging", async () => {
  const Bucket = await newBucket("listing");
  const keys: string[] = [];
  for (const folder of ["a", "b", "c"]) for (let i = 0; i < 20; i++) keys.push(`photos/${folder}/${String(i).padStart(2, "0")}.jpg`);
  for (let i = 0; i < 30; i++) keys.push(`docs/${String(i).padStart(2, "0")}.pdf`);
  for (let i = 0; i < 10; i++) keys.push(`root-${i}.txt`);
  for (let i = 0; i < keys.length; i += 10) {
    await Promise.all(keys.slice(i, i + 10).map((Key) => cos().putObject({ Bucket, Region: REGION, Key, Body: Key })));
  }
  const sorted = [...keys].sort();

  // Every key, 25 at a time, in order.
  const seen: string[] = [];
  let Marker = "";
  const truncations: boolean[] = [];
  for (;;) {
    const page = await cos().getBucket({ Bucket, Region: REGION, MaxKeys: 25, Marker });
    seen.push(...page.Contents.map((c) => c.Key));
    truncations.push(page.IsTruncated === "true");
    if (page.IsTruncated !== "true") break;
    Marker = page.NextMarker!;
  }
  assert.deepEqual(seen, sorted);
  assert.deepEqual(truncations, [true, true, true, false]);

  // A folder's sub-folders rolled up.
  const photos = await cos().getBucket({ Bucket, Region: REGION, Prefix: "photos/", Delimiter: "/" });
  assert.deepEqual(photos.CommonPrefixes.map((p) => p.Prefix), ["photos/a/", "photos/b/", "photos/c/"]);
  assert.deepEqual(photos.Contents, []);

  // The top level, 5 entries a page: prefixes count as entries and are not repeated on the next page.
  const top: string[] = [];
  Marker = "";
  for (;;) {
    const page = await cos().getBucket({ Bucket, Region: REGION, Delimiter: "/", MaxKeys: 5, Marker });
    top.push(...page.CommonPrefixes.map((p) => p.Prefix), ...page.Contents.map((c) => c.Key));
    if (page.IsTruncated !== "true") break;
    Marker = page.NextMarker!;
  }
  assert.deepEqual(top.sort(), ["docs/", "photos/", ...keys.filter((k) => k.startsWith("root-"))].sort());

  const one = await cos().getBucket({ Bucket, Region: REGION, Prefix: "docs/07" });
  assert.equal(one.Contents.length, 1);
  assert.equal(one.Contents[0].Size, "11");
  assert.equal(one.Contents[0].ETag, `"${createHash("md5").update("docs/07.pdf").digest("hex")}"`);
  assert.equal(one.Contents[0].StorageClass, "STANDARD");
  assert.equal(one.Contents[0].Owner.ID, "qcs::cam::uin/100000000001:uin/100000000001");

  // encoding-type=url: keys come back URL-encoded.
  await cos().putObject({ Bucket, Region: REGION, Key: "space name/é.txt", Body: "x" });
  const encoded = await cos().getBucket({ Bucket, Region: REGION, Prefix: "space", EncodingType: "url" });
  assert.equal(encoded.Contents[0].Key, "space%20name/%C3%A9.txt");
});

test("PUT and GET: metadata, storage class, CRC-64, ETag; range, conditions, response-* overrides", async () => {
  const Bucket = await newBucket("rw");
  const body = Buffer.from("0123456789abcdefghij");
  const put = await cos().putObject({
    Bucket,
    Region: REGION,
    Key: "data.bin",
    Body: body,
    ContentType: "text/plain",
    StorageClass: "STANDARD_IA",
    Headers: { "x-cos-meta-owner": "alice", "Cache-Control": "max-age=60" },
  });
  assert.equal(put.ETag, `"${createHash("md5").update(body).digest("hex")}"`);
  assert.equal(put.headers!["x-cos-hash-crc64ecma"], crc64(body));

  const head = await cos().headObject({ Bucket, Region: REGION, Key: "data.bin" });
  assert.equal(head.headers!["x-cos-meta-owner"], "alice");
  assert.equal(head.headers!["x-cos-storage-class"], "STANDARD_IA");
  assert.equal(head.headers!["content-type"], "text/plain");
  assert.equal(head.headers!["cache-control"], "max-age=60");
  assert.equal(head.headers!["content-length"], "20");
  assert.equal(head.headers!["x-cos-hash-crc64ecma"], crc64(body));

  const range = async (Range: string) => cos().getObject({ Bucket, Region: REGION, Key: "data.bin", Range });
  const first = await range("bytes=0-4");
  assert.equal(first.statusCode, 206);
  assert.equal(first.Body.toString(), "01234");
  assert.equal(first.headers!["content-range"], "bytes 0-4/20");
  assert.equal((await range("bytes=15-")).Body.toString(), "fghij");
  assert.equal((await range("bytes=-3")).Body.toString(), "hij");
  assert.equal((await range("bytes=18-99")).Body.toString(), "ij");
  assert.deepEqual(pick(await cosCode(range("bytes=20-25"))), ["InvalidRange", 416]);

  assert.deepEqual(pick(await cosCode(cos().getObject({ Bucket, Region: REGION, Key: "data.bin", IfMatch: '"0000"' }))), ["PreconditionFailed", 412]);
  const notModified = await cosCode(cos().getObject({ Bucket, Region: REGION, Key: "data.bin", IfNoneMatch: put.ETag }));
  assert.equal(notModified.statusCode, 304);
  const future = new Date(Date.now() + 3_600_000).toUTCString();
  // The SDK turns this 304 into a result that says NotModified.
  const unchanged = (await cos().getObject({ Bucket, Region: REGION, Key: "data.bin", Headers: { "If-Modified-Since": future } })) as unknown as { NotModified?: boolean };
  assert.equal(unchanged.NotModified, true);
  const past = new Date(Date.now() - 3_600_000).toUTCString();
  assert.deepEqual(pick(await cosCode(cos().getObject({ Bucket, Region: REGION, Key: "data.bin", Headers: { "If-Unmodified-Since": past } }))), ["PreconditionFailed", 412]);
  assert.equal((await cos().getObject({ Bucket, Region: REGION, Key: "data.bin", IfMatch: put.ETag })).Body.toString(), body.toString());

  const overridden = await cos().getObject({
    Bucket,
    Region: REGION,
    Key: "data.bin",
    ResponseContentType: "application/x-test",
    ResponseContentDisposition: 'attachment; filename="d.bin"',
    ResponseCacheControl: "no-cache",
  });
  assert.equal(overridden.headers!["content-type"], "application/x-test");
  assert.equal(overridden.headers!["content-disposition"], 'attachment; filename="d.bin"');
  assert.equal(overridden.headers!["cache-control"], "no-cache");

  const empty = await cos().putObject({ Bucket, Region: REGION, Key: "empty", Body: "" });
  assert.equal(empty.headers!["x-cos-hash-crc64ecma"], "0");
  assert.equal((await cos().getObject({ Bucket, Region: REGION, Key: "empty" })).Body.length, 0);
});

test("bad input leaves nothing behind: wrong Content-MD5, key over 850 bytes, bodies over 5 GB, bad storage class", async () => {
  const Bucket = await newBucket("bad");
  const before = await blobCount();
  const wrong = await cosCode(
    cos().putObject({ Bucket, Region: REGION, Key: "md5.txt", Body: "hello", Headers: { "Content-MD5": createHash("md5").update("other").digest("base64") } }),
  );
  assert.deepEqual(pick(wrong), ["BadDigest", 400]);
  assert.deepEqual(pick(await cosCode(cos().headObject({ Bucket, Region: REGION, Key: "md5.txt" }))).slice(1), [404]);
  assert.equal(await blobCount(), before, "the refused upload left no bytes");
  const good = await cos().putObject({ Bucket, Region: REGION, Key: "md5.txt", Body: "hello", Headers: { "Content-MD5": createHash("md5").update("hello").digest("base64") } });
  assert.equal(good.statusCode, 200);

  assert.deepEqual(pick(await cosCode(cos().putObject({ Bucket, Region: REGION, Key: "k".repeat(851), Body: "x" }))), ["KeyTooLong", 400]);
  assert.equal((await cos().putObject({ Bucket, Region: REGION, Key: "k".repeat(850), Body: "x" })).statusCode, 200);
  assert.deepEqual(pick(await cosCode(cos().putObject({ Bucket, Region: REGION, Key: "sc", Body: "x", StorageClass: "GLACIERISH" as "STANDARD" }))), ["InvalidArgument", 400]);

  const huge = await rawCos(server, `${Bucket}.cos.${REGION}.localhost`, "/huge.bin", {
    method: "PUT",
    sign: true,
    headers: { "content-length": String(5 * 1024 ** 3 + 1) },
  });
  assert.equal(huge.status, 400);
  assert.match(huge.text, /<Code>EntityTooLarge<\/Code>/);
  assert.equal(huge.headers.connection, "close");
  assert.deepEqual(pick(await cosCode(cos().headObject({ Bucket, Region: REGION, Key: "huge.bin" }))).slice(1), [404]);

  const malformed = await rawCos(server, `${Bucket}.cos.${REGION}.localhost`, "/", { method: "POST", sign: true, query: { delete: "" }, body: "<Delete><Object><Key>a</Key></Object" });
  assert.equal(malformed.status, 400);
  assert.match(malformed.text, /<Code>MalformedXML<\/Code>/);
});

test("copy: within a bucket, across buckets and regions, metadata copied or replaced; a no-op copy is refused", async () => {
  const src = await newBucket("copy-src");
  const dst = await newBucket("copy-dst", "ap-shanghai");
  await cos().putObject({ Bucket: src, Region: REGION, Key: "orig.txt", Body: "copy me", ContentType: "text/x-orig", Headers: { "x-cos-meta-a": "1" } });
  // The SDK only sends copy sources named like real COS hosts; tclocal reads those as its own buckets.
  const source = (bucket: string, region: string, key: string) => `${bucket}.cos.${region}.myqcloud.com/${encodeURIComponent(key)}`;

  const copied = await cos().putObjectCopy({ Bucket: dst, Region: "ap-shanghai", Key: "copied.txt", CopySource: source(src, REGION, "orig.txt") });
  assert.equal(copied.ETag, `"${createHash("md5").update("copy me").digest("hex")}"`);
  const got = await cos().getObject({ Bucket: dst, Region: "ap-shanghai", Key: "copied.txt" });
  assert.equal(got.Body.toString(), "copy me");
  assert.equal(got.headers!["content-type"], "text/x-orig");
  assert.equal(got.headers!["x-cos-meta-a"], "1");

  await cos().putObjectCopy({
    Bucket: src,
    Region: REGION,
    Key: "replaced.txt",
    CopySource: source(src, REGION, "orig.txt"),
    MetadataDirective: "Replaced",
    ContentType: "text/x-new",
    Headers: { "x-cos-meta-b": "2" },
  });
  const replaced = await cos().headObject({ Bucket: src, Region: REGION, Key: "replaced.txt" });
  assert.equal(replaced.headers!["content-type"], "text/x-new");
  assert.equal(replaced.headers!["x-cos-meta-b"], "2");
  assert.equal(replaced.headers!["x-cos-meta-a"], undefined);

  assert.deepEqual(pick(await cosCode(cos().putObjectCopy({ Bucket: src, Region: REGION, Key: "orig.txt", CopySource: source(src, REGION, "orig.txt") }))), ["InvalidRequest", 400]);
  // Changing the storage class in place is what a self-copy is for.
  await cos().putObjectCopy({ Bucket: src, Region: REGION, Key: "orig.txt", CopySource: source(src, REGION, "orig.txt"), StorageClass: "STANDARD_IA" });
  assert.equal((await cos().headObject({ Bucket: src, Region: REGION, Key: "orig.txt" })).headers!["x-cos-storage-class"], "STANDARD_IA");
  assert.deepEqual(pick(await cosCode(cos().putObjectCopy({ Bucket: dst, Region: "ap-shanghai", Key: "x", CopySource: source(src, REGION, "missing") }))), ["NoSuchKey", 404]);
});

test("delete one and many; Quiet answers only failures", async () => {
  const Bucket = await newBucket("deletes");
  for (const Key of ["a", "b", "c", "d"]) await cos().putObject({ Bucket, Region: REGION, Key, Body: Key });
  const before = await blobCount();
  assert.equal((await cos().deleteObject({ Bucket, Region: REGION, Key: "a" })).statusCode, 204);
  assert.equal((await cos().deleteObject({ Bucket, Region: REGION, Key: "never-there" })).statusCode, 204);
  const many = await cos().deleteMultipleObject({ Bucket, Region: REGION, Objects: [{ Key: "b" }, { Key: "c" }, { Key: "zz" }] });
  assert.deepEqual(many.Deleted.map((d) => d.Key).sort(), ["b", "c", "zz"]);
  const quiet = await cos().deleteMultipleObject({ Bucket, Region: REGION, Objects: [{ Key: "d" }], Quiet: true });
  assert.deepEqual(quiet.Deleted, []);
  assert.deepEqual((await cos().getBucket({ Bucket, Region: REGION })).Contents, []);
  // Blob deletion runs after the transaction commits.
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(await blobCount(), before - 4);
});

test("append: a new appendable object at 0, then more at its length; a wrong position is refused", async () => {
  const Bucket = await newBucket("append");
  const first = await cos().appendObject({ Bucket, Region: REGION, Key: "log.txt", Position: 0, Body: "hello " });
  assert.equal(first.headers!["x-cos-next-append-position"], "6");
  const second = await cos().appendObject({ Bucket, Region: REGION, Key: "log.txt", Position: 6, Body: "world" });
  assert.equal(second.headers!["x-cos-hash-crc64ecma"], crc64(Buffer.from("hello world")));
  assert.deepEqual(pick(await cosCode(cos().appendObject({ Bucket, Region: REGION, Key: "log.txt", Position: 3, Body: "x" }))), ["PositionNotEqualToLength", 409]);
  assert.equal((await cos().getObject({ Bucket, Region: REGION, Key: "log.txt" })).Body.toString(), "hello world");
  await cos().putObject({ Bucket, Region: REGION, Key: "plain.txt", Body: "x" });
  assert.deepEqual(pick(await cosCode(cos().appendObject({ Bucket, Region: REGION, Key: "plain.txt", Position: 1, Body: "y" }))), ["ObjectNotAppendable", 409]);
});

test("object tagging and ACL; a public-read object is readable anonymously, a private one is not", async () => {
  const Bucket = await newBucket("acl");
  await cos().putObject({ Bucket, Region: REGION, Key: "open.txt", Body: "open" });
  await cos().putObject({ Bucket, Region: REGION, Key: "closed.txt", Body: "closed" });
  await cos().putObjectTagging({ Bucket, Region: REGION, Key: "open.txt", Tags: [{ Key: "team", Value: "web" }] });
  assert.deepEqual((await cos().getObjectTagging({ Bucket, Region: REGION, Key: "open.txt" })).Tags, [{ Key: "team", Value: "web" }]);
  await cos().putObject({ Bucket, Region: REGION, Key: "tagged.txt", Body: "t", Headers: { "x-cos-tagging": "env=dev&owner=a%20b" } });
  assert.deepEqual((await cos().getObjectTagging({ Bucket, Region: REGION, Key: "tagged.txt" })).Tags, [{ Key: "env", Value: "dev" }, { Key: "owner", Value: "a b" }]);
  assert.equal((await cos().headObject({ Bucket, Region: REGION, Key: "tagged.txt" })).headers!["x-cos-tagging-count"], "2");
  await cos().putObjectAcl({ Bucket, Region: REGION, Key: "open.txt", ACL: "public-read" });
  const acl = await cos().getObjectAcl({ Bucket, Region: REGION, Key: "open.txt" });
  assert.equal(acl.ACL, "public-read");
  const host = `${Bucket}.cos.${REGION}.localhost`;
  const anonymous = await rawCos(server, host, "/open.txt");
  assert.equal(anonymous.status, 200);
  assert.equal(anonymous.text, "open");
  const denied = await rawCos(server, host, "/closed.txt");
  assert.equal(denied.status, 403);
  assert.match(denied.text, /<Code>AccessDenied<\/Code>/);
  assert.equal((await rawCos(server, host, "/open.txt", { method: "DELETE" })).status, 403);
  assert.equal(APPID, 1250000000);
});
