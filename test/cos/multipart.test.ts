import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { bucketName, cosClient, cosCode, REGION } from "./helpers";

let server: TestServer;
let dir: string;
before(async () => {
  server = await startTclocal();
  dir = mkdtempSync(join(tmpdir(), "tclocal-cos-mp-"));
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const cos = () => cosClient(server);
const pick = (e: { code: string; statusCode: number }) => [e.code, e.statusCode];
const MB = 1024 * 1024;

async function blobCount(): Promise<number> {
  let n = 0;
  for await (const _ of server.app.blobs.keys("cos/")) n++;
  return n;
}

test("a 20 MB file uploaded in parts by the SDK reads back byte for byte, with the whole body's CRC-64", async () => {
  const Bucket = bucketName("multipart");
  await cos().putBucket({ Bucket, Region: REGION });
  const data = randomBytes(20 * MB);
  const file = join(dir, "twenty.bin");
  writeFileSync(file, data);
  const uploaded = await cos().sliceUploadFile({ Bucket, Region: REGION, Key: "big/twenty.bin", FilePath: file, ChunkSize: 5 * MB });
  assert.match(uploaded.ETag, /^"[0-9a-f]{32}-4"$/);
  const parts = Array.from({ length: 4 }, (_, i) => createHash("md5").update(data.subarray(i * 5 * MB, (i + 1) * 5 * MB)).digest());
  assert.equal(uploaded.ETag, `"${createHash("md5").update(Buffer.concat(parts)).digest("hex")}-4"`);

  const got = await cos().getObject({ Bucket, Region: REGION, Key: "big/twenty.bin" });
  assert.equal(got.Body.length, data.length);
  assert.ok(got.Body.equals(data));
  const whole = await cos().putObject({ Bucket, Region: REGION, Key: "big/single.bin", Body: data });
  assert.equal(got.headers!["x-cos-hash-crc64ecma"], whole.headers!["x-cos-hash-crc64ecma"], "the multipart object's CRC is its whole body's");

  // A range that spans the boundary between two parts.
  const span = await cos().getObject({ Bucket, Region: REGION, Key: "big/twenty.bin", Range: `bytes=${5 * MB - 10}-${5 * MB + 9}` });
  assert.ok(span.Body.equals(data.subarray(5 * MB - 10, 5 * MB + 10)));
});

test("multipart by hand: parts listed, small parts, wrong ETags and order refused; abort leaves no part behind", async () => {
  const Bucket = bucketName("manual-mp");
  await cos().putBucket({ Bucket, Region: REGION });
  const Key = "manual.bin";
  const init = await cos().multipartInit({ Bucket, Region: REGION, Key, ContentType: "application/x-manual" });
  assert.match(init.UploadId, /^\d{10}[0-9a-f]{64}$/);
  const p1 = randomBytes(MB);
  const p2 = randomBytes(100);
  const small = randomBytes(10);
  const e1 = (await cos().multipartUpload({ Bucket, Region: REGION, Key, UploadId: init.UploadId, PartNumber: 1, Body: small })).ETag;
  const e2 = (await cos().multipartUpload({ Bucket, Region: REGION, Key, UploadId: init.UploadId, PartNumber: 2, Body: p2 })).ETag;

  const listed = await cos().multipartListPart({ Bucket, Region: REGION, Key, UploadId: init.UploadId });
  assert.deepEqual(listed.Part.map((p) => [p.PartNumber, p.Size, p.ETag]), [["1", "10", e1], ["2", "100", e2]]);
  const uploads = await cos().multipartList({ Bucket, Region: REGION, Prefix: "", Delimiter: "" });
  assert.deepEqual(uploads.Upload.map((u) => [u.Key, u.UploadId]), [[Key, init.UploadId]]);

  const complete = (Parts: { PartNumber: number; ETag: string }[]) => cos().multipartComplete({ Bucket, Region: REGION, Key, UploadId: init.UploadId, Parts });
  assert.deepEqual(pick(await cosCode(complete([{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }]))), ["EntityTooSmall", 400]);
  assert.deepEqual(pick(await cosCode(complete([{ PartNumber: 1, ETag: e2 }]))), ["InvalidPart", 400]);
  assert.deepEqual(pick(await cosCode(complete([{ PartNumber: 2, ETag: e2 }, { PartNumber: 1, ETag: e1 }]))), ["InvalidPartOrder", 400]);
  assert.deepEqual(pick(await cosCode(cos().multipartUpload({ Bucket, Region: REGION, Key, UploadId: init.UploadId, PartNumber: 10001, Body: "x" }))), ["InvalidArgument", 400]);

  // Part 1 uploaded again, 1 MB this time: the refused completions changed nothing, this one succeeds.
  const e1b = (await cos().multipartUpload({ Bucket, Region: REGION, Key, UploadId: init.UploadId, PartNumber: 1, Body: p1 })).ETag;
  const done = await complete([{ PartNumber: 1, ETag: e1b }, { PartNumber: 2, ETag: e2 }]);
  assert.match(done.ETag, /-2"$/);
  const got = await cos().getObject({ Bucket, Region: REGION, Key });
  assert.ok(got.Body.equals(Buffer.concat([p1, p2])));
  assert.equal(got.headers!["content-type"], "application/x-manual");
  assert.deepEqual(pick(await cosCode(cos().multipartListPart({ Bucket, Region: REGION, Key, UploadId: init.UploadId }))), ["NoSuchUpload", 404]);

  // Abort: the upload and its parts are gone, bytes included.
  const before = await blobCount();
  const other = await cos().multipartInit({ Bucket, Region: REGION, Key: "aborted.bin" });
  await cos().multipartUpload({ Bucket, Region: REGION, Key: "aborted.bin", UploadId: other.UploadId, PartNumber: 1, Body: p1 });
  await cos().multipartUpload({ Bucket, Region: REGION, Key: "aborted.bin", UploadId: other.UploadId, PartNumber: 2, Body: p2 });
  assert.equal(await blobCount(), before + 2);
  await cos().multipartAbort({ Bucket, Region: REGION, Key: "aborted.bin", UploadId: other.UploadId });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(await blobCount(), before);
  assert.deepEqual(pick(await cosCode(cos().multipartListPart({ Bucket, Region: REGION, Key: "aborted.bin", UploadId: other.UploadId }))), ["NoSuchUpload", 404]);
  assert.deepEqual(pick(await cosCode(cos().headObject({ Bucket, Region: REGION, Key: "aborted.bin" }))).slice(1), [404]);
  assert.deepEqual((await cos().multipartList({ Bucket, Region: REGION, Prefix: "", Delimiter: "" })).Upload, []);
});
