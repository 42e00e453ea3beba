import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { assertComplete } from "../helpers/complete";
import { expectCode, sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const advance = (seconds: number) => server.control("POST", "/clock", { advanceSeconds: seconds });
const cbs = () => sdk("cbs", server);

test("disk backup points: created within the disk's quota, listed, rolled back to, turned into a snapshot, deleted", async () => {
  const [disk] = (await cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 20, DiskBackupQuota: 2 })).DiskIdSet!;
  const a = await cbs().CreateDiskBackup({ DiskId: disk, DiskBackupName: "first" });
  assertComplete("cbs", "CreateDiskBackup", a);
  assert.match(a.DiskBackupId!, /^dbp-[a-z0-9]{8}$/);
  const b = (await cbs().CreateDiskBackup({ DiskId: disk })).DiskBackupId!;
  await expectCode(cbs().CreateDiskBackup({ DiskId: disk }), "ResourceInsufficient.OverQuota");
  const listed = await cbs().DescribeDiskBackups({ Filters: [{ Name: "disk-id", Values: [disk] }] });
  assertComplete("cbs", "DescribeDiskBackups", listed);
  assert.deepEqual(listed.DiskBackupSet!.map((x) => [x.DiskBackupId, x.DiskBackupState]), [[a.DiskBackupId, "CREATING"], [b, "CREATING"]]);
  assert.equal((await cbs().DescribeDisks({ DiskIds: [disk] })).DiskSet![0].DiskBackupCount, 2);
  await expectCode(cbs().ApplyDiskBackup({ DiskBackupId: b, DiskId: disk }), "ResourceBusy");
  await advance(40);
  assertComplete("cbs", "ApplyDiskBackup", await cbs().ApplyDiskBackup({ DiskBackupId: b, DiskId: disk }));
  assert.equal((await cbs().DescribeDisks({ DiskIds: [disk] })).DiskSet![0].DiskState, "ROLLBACKING");
  assert.equal((await cbs().DescribeDiskBackups({ DiskBackupIds: [b] })).DiskBackupSet![0].DiskBackupState, "ROLLBACKING");
  await advance(40);
  const q = await cbs().InquirePriceModifyDiskBackupQuota({ DiskId: disk, DiskBackupQuota: 4 });
  assertComplete("cbs", "InquirePriceModifyDiskBackupQuota", q);
  assert.equal(q.DiskPrice!.UnitPrice, 0.004, "4 points × 20 GiB × 0.00005 CNY per hour");
  assertComplete("cbs", "ModifyDiskBackupQuota", await cbs().ModifyDiskBackupQuota({ DiskId: disk, DiskBackupQuota: 4 }));
  await expectCode(cbs().ModifyDiskBackupQuota({ DiskId: disk, DiskBackupQuota: 1 }), "InvalidParameter");
  const snap = (await cbs().CreateSnapshot({ DiskBackupId: a.DiskBackupId })).SnapshotId!;
  assert.equal((await cbs().DescribeSnapshots({ SnapshotIds: [snap] })).SnapshotSet![0].SnapshotState, "NORMAL");
  assert.equal((await cbs().DescribeDiskBackups({ DiskBackupIds: [a.DiskBackupId!] })).TotalCount, 0, "a backup point turned into a snapshot is gone");
  assertComplete("cbs", "DeleteDiskBackups", await cbs().DeleteDiskBackups({ DiskBackupIds: [b] }));
  await expectCode(cbs().DeleteDiskBackups({ DiskBackupIds: [b] }), "ResourceNotFound.NotFound");
});

test("DescribeDiskConfigQuota lists what each zone sells, with size ranges and per-GiB prices", async () => {
  const r = await cbs().DescribeDiskConfigQuota({ InquiryType: "INQUIRY_CBS_CONFIG", Zones: ["ap-guangzhou-3"], DiskTypes: ["CLOUD_SSD"], DiskChargeType: "POSTPAID_BY_HOUR", DiskUsage: "DATA_DISK" });
  assertComplete("cbs", "DescribeDiskConfigQuota", r);
  assert.deepEqual(
    r.DiskConfigSet!.map((c) => [c.Zone, c.DiskType, c.Available, c.MinDiskSize, c.MaxDiskSize, c.Price!.UnitPrice]),
    [["ap-guangzhou-3", "CLOUD_SSD", true, 20, 32000, 0.0017]],
  );
  const soldOut = await cbs().DescribeDiskConfigQuota({ InquiryType: "INQUIRY_CBS_CONFIG", Zones: ["ap-guangzhou-1"], DiskTypes: ["CLOUD_PREMIUM"], DiskUsage: "DATA_DISK", DiskChargeType: "PREPAID" });
  assert.equal(soldOut.DiskConfigSet![0].Available, false);
  const cvm = await cbs().DescribeDiskConfigQuota({ InquiryType: "INQUIRY_CVM_CONFIG", InstanceFamilies: ["S5"], Zones: ["ap-guangzhou-3"], DiskTypes: ["CLOUD_TSSD"], DiskUsage: "SYSTEM_DISK" });
  assert.ok(cvm.DiskConfigSet!.every((c) => c.InstanceFamily === "S5" && c.Available));
  await expectCode(cbs().DescribeDiskConfigQuota({ InquiryType: "WHATEVER" }), "InvalidParameterValue");
});

test("dedicated clusters declared through the control API hold CDCPAID disks and report their capacity", async () => {
  const cdc = await server.control("POST", "/cbs/dedicated-clusters", { zone: "ap-guangzhou-4", diskType: "CLOUD_SSD", totalGiB: 1000, name: "pool" });
  const pool = await cbs().DescribeDiskStoragePool({});
  assertComplete("cbs", "DescribeDiskStoragePool", pool);
  assert.equal(pool.TotalCount, 1);
  assert.equal(pool.CdcSet![0].CdcId, cdc.cdcId);
  const made = await cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-4", CdcId: cdc.cdcId }, DiskChargeType: "CDCPAID", DiskType: "CLOUD_SSD", DiskSize: 300, DiskCount: 2 });
  const d = (await cbs().DescribeDisks({ DiskIds: made.DiskIdSet! })).DiskSet![0];
  assert.equal(d.Placement!.CdcId, cdc.cdcId);
  assert.equal(d.Placement!.CdcName, "pool");
  const after = (await cbs().DescribeDiskStoragePool({ CdcIds: [cdc.cdcId] })).CdcSet![0];
  assert.deepEqual([after.DiskNumber, after.CdcResource!.DiskAvailable], [2, 400]);
  await expectCode(cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-4", CdcId: cdc.cdcId }, DiskChargeType: "CDCPAID", DiskType: "CLOUD_SSD", DiskSize: 500 }), "ResourceInsufficient");
  await expectCode(cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-4", CdcId: cdc.cdcId }, DiskChargeType: "CDCPAID", DiskType: "CLOUD_PREMIUM", DiskSize: 50 }), "InvalidParameter.DiskConfigNotSupported");
  const stats = await cbs().DescribeDedicatedClusterDiskStatistics({ DedicatedClusterId: cdc.dedicatedClusterId });
  assertComplete("cbs", "DescribeDedicatedClusterDiskStatistics", stats);
  assert.deepEqual(stats.DedicatedClusterDiskStatisticSet, [{ DiskType: "CLOUD_SSD", TotalDiskSize: 1000, UsedDiskSize: 600, AvailableDiskSize: 400 }]);
  await expectCode(cbs().DescribeDedicatedClusterDiskStatistics({ DedicatedClusterId: "cluster-00000000" }), "InvalidParameterValue");
});

test("remote SSD disks: bought for an instance and attached to it, detached, renamed, terminated", async () => {
  const ins = (await sdk("cvm", server).RunInstances({ Placement: { Zone: "ap-guangzhou-6" }, ImageId: "img-9qabwvbn" })).InstanceIdSet![0];
  await advance(15);
  const create = { DiskChargeType: "POSTPAID_BY_HOUR", DiskSize: 2000, InstanceId: ins, Placement: { Zone: "ap-guangzhou-6" }, DiskName: "scratch" };
  assertComplete("cbs", "InquirePriceCreateRemoteDisks", await cbs().InquirePriceCreateRemoteDisks({ DiskChargeType: "PREPAID", DiskSize: 2000, DiskChargePrepaid: { Period: 1 } }));
  await expectCode(cbs().CreateRemoteDisks({ ...create, DiskSize: 100 }), "InvalidParameterValue");
  await expectCode(cbs().CreateRemoteDisks({ ...create, Placement: { Zone: "ap-guangzhou-3" } }), "ZoneNotMatch");
  assertComplete("cbs", "SwitchParameterCreateRemoteDisks", await cbs().SwitchParameterCreateRemoteDisks({ Placement: { Zone: "ap-guangzhou-6" } }));
  assertComplete("cbs", "CreateRemoteDisks", await cbs().CreateRemoteDisks(create));
  const listed = await cbs().DescribeRemoteDisks({ Filters: [{ Name: "instance-id", Values: [ins] }] });
  assertComplete("cbs", "DescribeRemoteDisks", listed);
  assert.equal(listed.TotalCount, 1);
  const rd = listed.RemoteDiskSet![0];
  assert.match(rd.RemoteDiskId!, /^rdisk-[a-z0-9]{8}$/);
  assert.deepEqual([rd.RemoteDiskState, rd.RemoteDiskName, rd.InstanceId], ["ATTACHED", "scratch", ins]);
  assertComplete("cbs", "DescribeRemoteDisksDeniedActions", await cbs().DescribeRemoteDisksDeniedActions({ RemoteDiskIds: [rd.RemoteDiskId!] }));
  assertComplete("cbs", "DescribeRemoteDiskConfigQuota", await cbs().DescribeRemoteDiskConfigQuota({ Filters: [{ Name: "zone", Values: ["ap-guangzhou-6"] }] }));
  await expectCode(cbs().TerminateRemoteDisks({ RemoteDiskIds: [rd.RemoteDiskId!] }), "ResourceUnavailable.NotSupported");
  assertComplete("cbs", "DetachRemoteDisks", await cbs().DetachRemoteDisks({ InstanceId: ins, RemoteDiskIds: [rd.RemoteDiskId!] }));
  assertComplete("cbs", "ModifyRemoteDiskAttributes", await cbs().ModifyRemoteDiskAttributes({ RemoteDiskIds: [rd.RemoteDiskId!], DiskName: "renamed" }));
  const detached = (await cbs().DescribeRemoteDisks({ Filters: [{ Name: "remote-disk-id", Values: [rd.RemoteDiskId!] }] })).RemoteDiskSet![0];
  assert.deepEqual([detached.RemoteDiskState, detached.RemoteDiskName], ["UNATTACHED", "renamed"]);
  assertComplete("cbs", "AttachRemoteDisks", await cbs().AttachRemoteDisks({ InstanceId: ins, RemoteDiskIds: [rd.RemoteDiskId!] }));
  await cbs().DetachRemoteDisks({ InstanceId: ins, RemoteDiskIds: [rd.RemoteDiskId!] });
  await expectCode(cbs().RenewRemoteDisk({ RemoteDiskId: rd.RemoteDiskId!, DiskChargePrepaid: { Period: 1 } }), "InvalidDisk.NotSupported");
  assertComplete("cbs", "TerminateRemoteDisks", await cbs().TerminateRemoteDisks({ RemoteDiskIds: [rd.RemoteDiskId!] }));
  assert.equal((await cbs().DescribeRemoteDisks({})).TotalCount, 0);

  await cbs().CreateRemoteDisks({ ...create, DiskChargeType: "PREPAID", DiskChargePrepaid: { Period: 1 } });
  const prepaid = (await cbs().DescribeRemoteDisks({})).RemoteDiskSet![0];
  assertComplete("cbs", "InquirePriceRenewRemoteDisks", await cbs().InquirePriceRenewRemoteDisks({ RemoteDiskIds: [prepaid.RemoteDiskId!], DiskChargePrepaidSet: [{ Period: 1 }] }));
  assertComplete("cbs", "RenewRemoteDisk", await cbs().RenewRemoteDisk({ RemoteDiskId: prepaid.RemoteDiskId!, DiskChargePrepaid: { Period: 1 } }));
  assert.ok((await cbs().DescribeRemoteDisks({})).RemoteDiskSet![0].DeadlineTime! > prepaid.DeadlineTime!);
  assertComplete("cbs", "SwitchParameterRenewRemoteDisks", await cbs().SwitchParameterRenewRemoteDisks());
});
