import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { serviceCatalog } from "../../src/generated/catalog";
import { cloudaudit as service } from "../../src/services/cloudaudit";
import { assertComplete } from "../helpers/complete";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { cloudaudit, legacy, newAccount, nowSeconds } from "./helpers";

/** Every CloudAudit action answers every member of its SDK response model. */
let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("all 21 actions are implemented and answer complete responses", async () => {
  assert.deepEqual(Object.keys(service.handlers).sort(), [...serviceCatalog.cloudaudit.actions].sort());
  assert.equal(Object.keys(service.handlers).length, 21);

  const { credential, uin } = await newAccount(server);
  const ca = cloudaudit(server, credential);
  const old = legacy(server, credential);
  await server.control("POST", "/cloudaudit/buckets", { uin, region: "ap-guangzhou", name: "complete-track" });
  const seen = new Set<string>();
  const check = (action: string, response: unknown) => {
    assertComplete("cloudaudit", action, response);
    seen.add(action);
  };

  check(
    "CreateAudit",
    await old.request("CreateAudit", {
      AuditName: "complete_trail",
      CosRegion: "ap-guangzhou",
      CosBucketName: "complete-logs",
      IsCreateNewBucket: 1,
      IsEnableCmqNotify: 1,
      IsCreateNewQueue: 1,
      CmqQueueName: "complete-queue",
      CmqRegion: "gz",
      ReadWriteAttribute: 3,
      LogFilePrefix: "complete",
      IsEnableKmsEncry: 1,
      KmsRegion: "ap-guangzhou",
      KeyId: "5a0ee2a4-1bcd-11ee-9e8e-525400f9f0a1",
    }),
  );
  check("DescribeAudit", await ca.DescribeAudit({ AuditName: "complete_trail" }));
  check("ListAudits", await ca.ListAudits());
  check("UpdateAudit", await ca.UpdateAudit({ AuditName: "complete_trail", ReadWriteAttribute: 1 }));
  check("StopLogging", await ca.StopLogging({ AuditName: "complete_trail" }));
  check("StartLogging", await ca.StartLogging({ AuditName: "complete_trail" }));
  check("InquireAuditCredit", await ca.InquireAuditCredit());
  check("ListCosEnableRegion", await ca.ListCosEnableRegion({ WebsiteType: "zh" }));
  check("ListCmqEnableRegion", await ca.ListCmqEnableRegion({ WebsiteType: "en" }));
  check("ListKeyAliasByRegion", await ca.ListKeyAliasByRegion({ KmsRegion: "ap-guangzhou", Limit: 10, Offset: 0 }));
  check("GetAttributeKey", await ca.GetAttributeKey({ WebsiteType: "zh" }));

  const storage = { StorageType: "cos", StorageRegion: "ap-guangzhou", StorageName: "complete-track", StoragePrefix: "complete" };
  const { TrackId } = await ca.CreateAuditTrack({ Name: "complete", ActionType: "*", ResourceType: "*", Status: 1, EventNames: ["*"], Storage: storage });
  check("CreateAuditTrack", { TrackId, RequestId: (await ca.DescribeAuditTracks({ PageNumber: 1, PageSize: 1 })).RequestId });
  const events = await ca.CreateEventsAuditTrack({
    Name: "complete-events",
    Status: 0,
    Storage: { ...storage, StoragePrefix: "events" },
    Filters: { ResourceFields: [{ ResourceType: "kms", ActionType: "Write", EventNames: ["*"] }] },
  });
  check("CreateEventsAuditTrack", events);
  check("DescribeAuditTrack", await ca.DescribeAuditTrack({ TrackId: TrackId! }));
  check("DescribeAuditTracks", await ca.DescribeAuditTracks({ PageNumber: 1, PageSize: 10 }));
  check("ModifyAuditTrack", await ca.ModifyAuditTrack({ TrackId: TrackId!, Status: 0 }));
  check("ModifyEventsAuditTrack", await ca.ModifyEventsAuditTrack({ TrackId: events.TrackId!, Status: 1 }));
  check("DeleteAuditTrack", await ca.DeleteAuditTrack({ TrackId: TrackId! }));

  const range = { StartTime: nowSeconds() - 600, EndTime: nowSeconds() + 5 };
  const lookedUp = await ca.LookUpEvents({ ...range, MaxResults: 2 });
  assert.equal(lookedUp.Events!.length, 2);
  check("LookUpEvents", lookedUp);
  const described = await ca.DescribeEvents({ ...range, MaxResults: 50, IsReturnLocation: 1 });
  assert.ok(described.Events!.length > 10);
  check("DescribeEvents", described);
  check("DeleteAudit", await old.request("DeleteAudit", { AuditName: "complete_trail" }));

  assert.equal(seen.size, 21);
});
