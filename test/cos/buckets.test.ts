import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { APPID, bucketName, cosClient, cosCode, rawCos, REGION } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("bucket lifecycle: create, head, list, refuse to delete while not empty, delete, gone", async () => {
  const cos = cosClient(server);
  const Bucket = bucketName("life");
  const created = await cos.putBucket({ Bucket, Region: REGION });
  assert.equal(created.statusCode, 200);
  const head = await cos.headBucket({ Bucket, Region: REGION });
  assert.equal(head.statusCode, 200);
  assert.equal(head.headers!["x-cos-bucket-region"], REGION);

  await cos.putObject({ Bucket, Region: REGION, Key: "keep.txt", Body: "x" });
  assert.deepEqual(await cosCode(cos.deleteBucket({ Bucket, Region: REGION })), { code: "BucketNotEmpty", statusCode: 409, message: "The bucket you tried to delete is not empty." });
  await cos.deleteObject({ Bucket, Region: REGION, Key: "keep.txt" });
  const deleted = await cos.deleteBucket({ Bucket, Region: REGION });
  assert.equal(deleted.statusCode, 204);

  const gone = await cosCode(cos.headBucket({ Bucket, Region: REGION }));
  assert.equal(gone.statusCode, 404);
  assert.equal((await cosCode(cos.getBucket({ Bucket, Region: REGION }))).code, "NoSuchBucket");
  assert.equal((await cos.getService({})).Buckets.some((b) => b.Name === Bucket), false);
});

test("bucket names: invalid ones, taken ones (also across regions), another AppId's", async () => {
  const cos = cosClient(server);
  // The SDK refuses some of these itself: they are sent raw, signed with the SDK's own signer.
  for (const bad of ["-lead", "trail-", "under_score", "dot.ted", "a".repeat(51)]) {
    const res = await rawCos(server, `${bad}-${APPID}.cos.${REGION}.localhost`, "/", { method: "PUT", sign: true });
    assert.equal(res.status, 400, bad);
    assert.match(res.text, /<Code>InvalidBucketName<\/Code>/, bad);
  }
  const Bucket = bucketName("taken");
  await cos.putBucket({ Bucket, Region: REGION });
  assert.deepEqual(pick(await cosCode(cos.putBucket({ Bucket, Region: REGION }))), ["BucketAlreadyExists", 409]);
  assert.deepEqual(pick(await cosCode(cos.putBucket({ Bucket, Region: "ap-shanghai" }))), ["BucketAlreadyExists", 409]);
  // Another account's AppId: the bucket name is not ours to take.
  const other = await server.control("POST", "/accounts", {});
  assert.deepEqual(pick(await cosCode(cos.putBucket({ Bucket: bucketName("mine", other.appId), Region: REGION }))), ["AccessDenied", 403]);
  // A bucket name without -APPID.
  const noAppId = await rawCos(server, `noappid.cos.${REGION}.localhost`, "/", { sign: true });
  assert.equal(noAppId.status, 400);
  assert.match(noAppId.text, /<Code>InvalidBucketName<\/Code>/);
});

const pick = (e: { code: string; statusCode: number }) => [e.code, e.statusCode];

test("GET Service lists the account's buckets, all regions or one, and never another account's", async () => {
  const a = await server.control("POST", "/accounts", {});
  const cos = cosClient(server, { secretId: a.secretId, secretKey: a.secretKey });
  await cos.putBucket({ Bucket: bucketName("gz", a.appId), Region: "ap-guangzhou" });
  await cos.putBucket({ Bucket: bucketName("sh", a.appId), Region: "ap-shanghai" });
  const all = await cos.getService({});
  assert.deepEqual(
    all.Buckets.map((b) => [b.Name, b.Location, (b as { BucketType?: string }).BucketType]),
    [
      [bucketName("gz", a.appId), "ap-guangzhou", "cos"],
      [bucketName("sh", a.appId), "ap-shanghai", "cos"],
    ],
  );
  assert.match(all.Buckets[0].CreationDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(all.Owner.ID, `qcs::cam::uin/${a.uin}:uin/${a.uin}`);
  const port = server.hostPort.split(":").pop();
  const regional = cosClient(server, { secretId: a.secretId, secretKey: a.secretKey }, { ServiceDomain: `cos.{{Region}}.localhost:${port}` });
  assert.deepEqual((await regional.getService({ Region: "ap-shanghai" })).Buckets.map((b) => b.Name), [bucketName("sh", a.appId)]);
  // The default account sees none of them, and cannot read them.
  const mine = await cosClient(server).getService({});
  assert.equal(mine.Buckets.some((b) => b.Name.endsWith(`-${a.appId}`)), false);
  assert.deepEqual(pick(await cosCode(cosClient(server).getBucket({ Bucket: bucketName("gz", a.appId), Region: "ap-guangzhou" }))), ["AccessDenied", 403]);
});

test("every answer carries x-cos-request-id; errors are COS's XML body with the HTTP status", async () => {
  const res = await rawCos(server, `nosuch-${APPID}.cos.${REGION}.localhost`, "/some/key");
  assert.equal(res.status, 404);
  assert.match(String(res.headers["x-cos-request-id"]), /^[A-Za-z0-9+/=]{20,}$/);
  assert.equal(res.headers["content-type"], "application/xml");
  assert.ok(res.headers.date);
  const body = res.text;
  assert.match(body, /^<\?xml version='1.0' encoding='utf-8' \?>\n<Error>\n\t<Code>NoSuchBucket<\/Code>\n\t<Message>The specified bucket does not exist.<\/Message>\n\t<Resource>nosuch-1250000000.cos.ap-guangzhou.localhost\/some\/key<\/Resource>\n\t<RequestId>[^<]+<\/RequestId>\n\t<TraceId>[^<]+<\/TraceId>\n<\/Error>$/);
  assert.ok(body.includes(`<RequestId>${String(res.headers["x-cos-request-id"])}</RequestId>`));
  const ok = await cosClient(server).getService({});
  assert.ok(ok.headers!["x-cos-request-id"]);
});

test("health says COS shares the port and how bucket hosts are named", async () => {
  const port = Number(server.hostPort.split(":").pop());
  const health = await server.control("GET", "/health");
  assert.deepEqual(health.cos, {
    endpoint: `http://127.0.0.1:${port}`,
    hostTemplate: `{Bucket}.cos.{Region}.localhost:${port}`,
    serviceHost: `service.cos.localhost:${port}`,
    sharedPort: true,
  });
});

test("an operation tclocal does not implement answers 501 NotImplemented naming it", async () => {
  const cos = cosClient(server);
  const Bucket = bucketName("notimpl");
  await cos.putBucket({ Bucket, Region: REGION });
  const e = await cosCode(cos.getBucketInventory({ Bucket, Region: REGION, Id: "inv" }));
  assert.deepEqual(pick(e), ["NotImplemented", 501]);
  assert.match(e.message, /GetBucketInventory/);
});

test("a bucket in another region is not found through this region's host", async () => {
  const cos = cosClient(server);
  const Bucket = bucketName("elsewhere");
  await cos.putBucket({ Bucket, Region: "ap-beijing" });
  assert.equal((await cos.headBucket({ Bucket, Region: "ap-beijing" })).statusCode, 200);
  assert.deepEqual(pick(await cosCode(cos.getBucket({ Bucket, Region: REGION }))), ["NoSuchBucket", 404]);
});
