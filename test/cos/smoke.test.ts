import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { bucketName, cosClient, cosCode, REGION } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("smoke: bucket, object put/get/list, errors", async () => {
  const cos = cosClient(server);
  const Bucket = bucketName("smoke");
  await cos.putBucket({ Bucket, Region: REGION });
  await cos.putObject({ Bucket, Region: REGION, Key: "a/b.txt", Body: Buffer.from("hello") });
  const got = await cos.getObject({ Bucket, Region: REGION, Key: "a/b.txt" });
  assert.equal(got.Body.toString(), "hello");
  const list = await cos.getBucket({ Bucket, Region: REGION });
  assert.equal(list.Contents[0].Key, "a/b.txt");
  const e = await cosCode(cos.getObject({ Bucket, Region: REGION, Key: "nope" }));
  assert.equal(e.code, "NoSuchKey");
  const svc = await cos.getService({});
  assert.equal(svc.Buckets.length, 1);
});
