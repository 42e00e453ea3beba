import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { cloudaudit, createAuditRequest, deliveries, legacy, newAccount, nowSeconds } from "../cloudaudit/helpers";
import { bucketName, cosClient, REGION } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("CloudAudit's log files are COS objects in the bucket it created: listed and downloaded with the COS SDK", async () => {
  const { credential, appId } = await newAccount(server);
  await legacy(server, credential).request("CreateAudit", createAuditRequest({ AuditName: "to_cos", CosBucketName: "trail-logs", LogFilePrefix: "trail" }));
  const kms = sdk("kms", server, { credential });
  const created = await kms.CreateKey({ Alias: "audited" });
  await deliveries(server); // delivers what is pending

  const cos = cosClient(server, credential);
  const Bucket = bucketName("trail-logs", appId);
  const head = await cos.headBucket({ Bucket, Region: REGION });
  assert.equal(head.statusCode, 200, "IsCreateNewBucket created a real bucket");
  const listed = await cos.getBucket({ Bucket, Region: REGION, Prefix: "trail/" });
  assert.ok(listed.Contents.length >= 1);
  for (const c of listed.Contents) assert.match(c.Key, /^trail\/\d{10}\/CloudAudit_\d+_\d{14}_[A-Za-z0-9]{8}\.json\.gz$/);
  const records: Record<string, unknown>[] = [];
  for (const c of listed.Contents) {
    const file = await cos.getObject({ Bucket, Region: REGION, Key: c.Key });
    assert.equal(file.headers!["content-type"], "application/gzip");
    records.push(...(JSON.parse(gunzipSync(file.Body).toString("utf8")) as { Records: Record<string, unknown>[] }).Records);
  }
  assert.ok(records.some((r) => r.requestID === created.RequestId && r.eventName === "CreateKey"));

  // The bucket is the account's like any other: another account cannot read it.
  assert.equal((await cosClient(server).getBucket({ Bucket, Region: REGION }).catch((e: { code: string }) => e.code)), "AccessDenied");
});

test("the control shortcut creates a real bucket; COS calls are CloudAudit events under COS's names", async () => {
  const { credential, uin, appId } = await newAccount(server);
  const made = await server.control("POST", "/cloudaudit/buckets", { uin, region: "ap-shanghai", name: "declared" });
  assert.deepEqual(made.buckets, [{ name: "declared", region: "ap-shanghai", bucket: `declared-${appId}` }]);
  const cos = cosClient(server, credential);
  const Bucket = bucketName("declared", appId);
  const put = await cos.putObject({ Bucket, Region: "ap-shanghai", Key: "hello.txt", Body: "hi" });
  const { buckets } = await server.control("GET", `/cloudaudit/buckets?uin=${uin}`);
  assert.deepEqual(buckets.map((b: { name: string; region: string; createdBy: string }) => [b.name, b.region, b.createdBy]), [["declared", "ap-shanghai", "control"]]);

  const ca = cloudaudit(server, credential, "ap-shanghai");
  const found = await ca.LookUpEvents({
    StartTime: nowSeconds() - 60,
    EndTime: nowSeconds() + 60,
    LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "PutObject" }],
  });
  const event = found.Events!.find((e) => e.RequestID === put.headers!["x-cos-request-id"]);
  assert.ok(event, "the PutObject call is an event");
  assert.equal(event.EventSource, `${Bucket}.cos.ap-shanghai.myqcloud.com`);
  assert.equal(event.ResourceTypeCn, "对象存储");
  const detail = JSON.parse(event.CloudAuditEvent!);
  assert.equal(detail.httpMethod, "PUT");
  assert.equal(detail.actionType, "Write");
  assert.deepEqual(detail.resourceSet, [`qcs::cos:ap-shanghai:uid/${appId}:${Bucket}/hello.txt`]);
});
