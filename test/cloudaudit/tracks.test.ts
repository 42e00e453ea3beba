import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { expectCode } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { cloudaudit, newAccount } from "./helpers";

/** Audit tracks: CreateAuditTrack/ModifyAuditTrack/DeleteAuditTrack/DescribeAuditTrack(s) and the Events variants. */
let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const cos = (name: string, prefix = "audit", region = "ap-guangzhou") => ({ StorageType: "cos", StorageRegion: region, StorageName: name, StoragePrefix: prefix });

async function setup() {
  const account = await newAccount(server);
  await server.control("POST", "/cloudaudit/buckets", { uin: account.uin, region: "ap-guangzhou", names: ["audit-cos", "audit-cos-2"] });
  return { ...account, ca: cloudaudit(server, account.credential) };
}

test("create, describe, list, modify and delete an audit track", async () => {
  const { ca, uin, appId } = await setup();
  const { TrackId } = await ca.CreateAuditTrack({
    Name: "audit",
    ActionType: "Read",
    ResourceType: "cloudaudit",
    Status: 1,
    EventNames: ["LookUpEvents", "DescribeEvents"],
    Storage: cos("audit-cos"),
  });
  assert.equal(TrackId, 1);
  const d = await ca.DescribeAuditTrack({ TrackId: 1 });
  assert.equal(d.Name, "audit");
  assert.equal(d.ActionType, "Read");
  assert.equal(d.ResourceType, "cloudaudit");
  assert.deepEqual(d.EventNames, ["LookUpEvents", "DescribeEvents"]);
  assert.equal(d.Status, 1);
  assert.equal(d.TrackForAllMembers, 0);
  assert.match(d.CreateTime!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  assert.deepEqual(d.Storage, {
    StorageType: "cos",
    StorageRegion: "ap-guangzhou",
    StorageName: "audit-cos",
    StoragePrefix: "audit",
    StorageAccountId: uin,
    StorageAppId: String(appId),
    Compress: 1,
  });
  assert.deepEqual(d.Filters, { ResourceFields: [{ ResourceType: "cloudaudit", ActionType: "Read", EventNames: ["LookUpEvents", "DescribeEvents"] }] });

  const second = await ca.CreateAuditTrack({ Name: "all-events", ActionType: "*", ResourceType: "*", Status: 0, EventNames: ["*"], Storage: cos("audit-cos-2") });
  assert.equal(second.TrackId, 2);
  const page1 = await ca.DescribeAuditTracks({ PageNumber: 1, PageSize: 1 });
  assert.equal(page1.TotalCount, 2);
  assert.deepEqual(page1.Tracks!.map((t) => t.TrackId), [1]);
  const page2 = await ca.DescribeAuditTracks({ PageNumber: 2, PageSize: 1 });
  assert.deepEqual(page2.Tracks!.map((t) => [t.TrackId, t.Name, t.Status]), [[2, "all-events", 0]]);

  await ca.ModifyAuditTrack({ TrackId: 2, Status: 1, ActionType: "Write", Name: "all-events" });
  const m = await ca.DescribeAuditTrack({ TrackId: 2 });
  assert.deepEqual([m.Status, m.ActionType, m.ResourceType, m.EventNames], [1, "Write", "*", ["*"]]);
  await expectCode(ca.ModifyAuditTrack({ TrackId: 2, Name: "renamed" }), "InvalidParameterValue.AuditTrackNameNotSupportModify");
  await expectCode(ca.ModifyAuditTrack({ TrackId: 2, EventNames: ["RunInstances"] }), "InvalidParameter");
  await expectCode(ca.ModifyAuditTrack({ TrackId: 9, Status: 0 }), "ResourceNotFound.AuditNotExist");

  await ca.DeleteAuditTrack({ TrackId: 1 });
  await expectCode(ca.DescribeAuditTrack({ TrackId: 1 }), "ResourceNotFound.AuditNotExist");
  await expectCode(ca.DeleteAuditTrack({ TrackId: 1 }), "ResourceNotFound.AuditNotExist");
  assert.equal((await ca.DescribeAuditTracks({ PageNumber: 1, PageSize: 10 })).TotalCount, 1);
  // Ids are not reused.
  assert.equal((await ca.CreateAuditTrack({ Name: "third", ActionType: "*", ResourceType: "*", Status: 1, EventNames: ["*"], Storage: cos("audit-cos", "third") })).TrackId, 3);
});

test("audit track rules: names, filters, storage, duplicates, quota", async () => {
  const { ca, uin } = await setup();
  const base = { Name: "track_a", ActionType: "*", ResourceType: "*", Status: 1, EventNames: ["*"], Storage: cos("audit-cos") };
  await expectCode(ca.CreateAuditTrack({ ...base, Name: "ab" }), "InvalidParameter");
  await expectCode(ca.CreateAuditTrack({ ...base, ActionType: "Delete" }), "InvalidParameter");
  await expectCode(ca.CreateAuditTrack({ ...base, EventNames: ["RunInstances"] }), "InvalidParameter");
  await expectCode(
    ca.CreateAuditTrack({ ...base, ResourceType: "cvm", EventNames: Array.from({ length: 11 }, (_, i) => `Action${i}`) }),
    "InvalidParameter",
  );
  await expectCode(ca.CreateAuditTrack({ ...base, Status: 2 }), "InvalidParameter");
  await expectCode(ca.CreateAuditTrack({ ...base, Storage: { ...cos("audit-cos"), StorageType: "s3" } }), "InvalidParameter");
  await expectCode(ca.CreateAuditTrack({ ...base, Storage: cos("audit-cos", "audit", "ap-shenzhen-fsi") }), "InvalidParameterValue.CosRegionError");
  await expectCode(ca.CreateAuditTrack({ ...base, Storage: cos("no-such-bucket") }), "ResourceNotFound.CosNotExist");
  await expectCode(ca.CreateAuditTrack({ ...base, Storage: cos("audit-cos", "audit", "ap-shanghai") }), "ResourceNotFound.CosNotExist");
  await expectCode(ca.CreateAuditTrack({ ...base, Storage: { ...cos("audit-cos"), StorageAccountId: "999999999999" } }), "ResourceNotFound");
  await expectCode(ca.CreateAuditTrack({ ...base, Storage: cos("audit-cos", "a-b") }), "InvalidParameter");

  await ca.CreateAuditTrack(base);
  await expectCode(ca.CreateAuditTrack({ ...base, Storage: cos("audit-cos-2") }), "InvalidParameterValue.AliasAlreadyExists");
  await ca.CreateAuditTrack({ ...base, Name: "track_cls", Storage: { StorageType: "cls", StorageRegion: "ap-guangzhou", StorageName: "b1c6d9a8-topic", StoragePrefix: "cloudaudit" } });
  await ca.CreateAuditTrack({ ...base, Name: "track_kafka", Storage: { StorageType: "ckafka", StorageRegion: "ap-guangzhou", StorageName: "ckafka-4ab3zx1q/audit_log", StoragePrefix: "cloudaudit" } });
  await ca.CreateAuditTrack({ ...base, Name: "track_d" });
  await ca.CreateAuditTrack({ ...base, Name: "track_e" });
  await expectCode(ca.CreateAuditTrack({ ...base, Name: "track_f" }), "LimitExceeded.OverAmount");
  assert.equal((await ca.DescribeAuditTracks({ PageNumber: 1, PageSize: 10 })).TotalCount, 5);
  await expectCode(ca.DescribeAuditTracks({ PageNumber: 0, PageSize: 10 }), "InvalidParameter");
  // Another account's bucket, named with its account and AppId.
  const other = await newAccount(server);
  await server.control("POST", "/cloudaudit/buckets", { uin: other.uin, region: "ap-guangzhou", name: "shared-audit" });
  const cross = await newAccount(server);
  const { TrackId } = await cloudaudit(server, cross.credential).CreateAuditTrack({
    ...base,
    Storage: { ...cos("shared-audit"), StorageAccountId: other.uin, StorageAppId: String(other.appId) },
  });
  const d = await cloudaudit(server, cross.credential).DescribeAuditTrack({ TrackId: TrackId! });
  assert.deepEqual([d.Storage!.StorageAccountId, d.Storage!.StorageAppId], [other.uin, String(other.appId)]);
  assert.ok(uin);
});

test("the Events variants keep several resource filters", async () => {
  const { ca } = await setup();
  const { TrackId } = await ca.CreateEventsAuditTrack({
    Name: "multi_product",
    Status: 1,
    Storage: { ...cos("audit-cos", "multi"), Compress: 2 },
    Filters: {
      ResourceFields: [
        { ResourceType: "kms", ActionType: "Write", EventNames: ["CreateKey", "ScheduleKeyDeletion"] },
        { ResourceType: "cbs", ActionType: "*", EventNames: ["*"] },
      ],
    },
    TrackForAllMembers: 0,
  });
  const d = await ca.DescribeAuditTrack({ TrackId: TrackId! });
  assert.equal(d.Filters!.ResourceFields!.length, 2);
  assert.equal(d.Storage!.Compress, 2);
  assert.deepEqual([d.ResourceType, d.ActionType], ["kms", "Write"]);
  await expectCode(ca.CreateEventsAuditTrack({ Name: "empty_filters", Status: 1, Storage: cos("audit-cos"), Filters: { ResourceFields: [] } }), "InvalidParameter");

  await ca.ModifyEventsAuditTrack({ TrackId: TrackId!, Filters: { ResourceFields: [{ ResourceType: "cvm", ActionType: "Read", EventNames: ["DescribeInstances"] }] } });
  const m = await ca.DescribeAuditTrack({ TrackId: TrackId! });
  assert.deepEqual(m.Filters!.ResourceFields, [{ ResourceType: "cvm", ActionType: "Read", EventNames: ["DescribeInstances"] }]);
  await expectCode(ca.ModifyEventsAuditTrack({ TrackId: TrackId!, Name: "other_name" }), "InvalidParameterValue.AuditTrackNameNotSupportModify");
  await expectCode(ca.ModifyEventsAuditTrack({ TrackId: 77, Status: 1 }), "ResourceNotFound.AuditNotExist");
});
