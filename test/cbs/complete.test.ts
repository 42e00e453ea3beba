import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { cbs as cbsService } from "../../src/services/cbs";
import { assertComplete } from "../helpers/complete";
import { sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";

/**
 * Calls every CBS action (and the CVM ones disks need) on resources that exist (so lists are not empty) and checks
 * each answer carries every member of the SDK's response model, with its type, null only where documented.
 */
let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const advance = (seconds: number) => server.control("POST", "/clock", { advanceSeconds: seconds });

test("every CBS action answers with its complete response model", async () => {
  const called = { cbs: new Set<string>(), cvm: new Set<string>() };
  const raw = { cbs: sdk("cbs", server), cvm: sdk("cvm", server) };
  const call = async <T>(service: "cbs" | "cvm", action: string, req?: unknown): Promise<T> => {
    const client = raw[service] as unknown as Record<string, (r?: unknown) => Promise<T>>;
    const res = await client[action].call(client, req);
    assertComplete(service, action, res);
    called[service].add(action);
    return res;
  };
  type Any = Record<string, any>;

  await call("cvm", "DescribeRegions");
  await call("cvm", "DescribeZones");
  await call("cvm", "RunInstances", { Placement: { Zone: "ap-guangzhou-3" }, ImageId: "img-9qabwvbn", InstanceCount: 2, DataDisks: [{ DiskType: "CLOUD_SSD", DiskSize: 50, KmsKeyId: undefined }] });
  const [ins, ins2] = (await call<Any>("cvm", "DescribeInstances", {})).InstanceSet.map((i: Any) => i.InstanceId);
  await advance(15);
  const full = await call<Any>("cvm", "DescribeInstances", { InstanceIds: [ins] });
  assert.equal(full.InstanceSet[0].DataDisks.length, 1);
  await call("cvm", "DescribeInstancesStatus", {});
  await call("cvm", "ModifyInstancesAttribute", { InstanceIds: [ins2], InstanceName: "second" });
  await call("cvm", "RebootInstances", { InstanceIds: [ins2] });
  await advance(10);
  await call("cvm", "StopInstances", { InstanceIds: [ins2] });
  await advance(10);
  await call("cvm", "StartInstances", { InstanceIds: [ins2] });
  await advance(10);

  const zone = { Zone: "ap-guangzhou-3" };
  await call("cbs", "DescribeDiskConfigQuota", { InquiryType: "INQUIRY_CBS_CONFIG", Zones: ["ap-guangzhou-3"] });
  await call("cbs", "InquiryPriceCreateDisks", { DiskChargeType: "PREPAID", DiskType: "CLOUD_HSSD", DiskSize: 500, DiskChargePrepaid: { Period: 1 } });
  const [pre] = (await call<Any>("cbs", "CreateDisks", { Placement: zone, DiskChargeType: "PREPAID", DiskChargePrepaid: { Period: 1 }, DiskType: "CLOUD_HSSD", DiskSize: 500, DiskBackupQuota: 2, Tags: [{ Key: "k", Value: "v" }] })).DiskIdSet;
  const [post] = (await call<Any>("cbs", "CreateDisks", { Placement: zone, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 50, DiskBackupQuota: 1 })).DiskIdSet;
  await call("cbs", "AttachDisks", { InstanceId: ins, DiskIds: [post] });
  await advance(5);
  await call("cbs", "DescribeDisks", {});
  await call("cbs", "DescribeDisks", { DiskIds: [pre, post], ReturnBindAutoSnapshotPolicy: true });
  await call("cbs", "DescribeInstancesDiskNum", { InstanceIds: [ins] });
  await call("cbs", "ModifyDiskAttributes", { DiskIds: [pre], DiskName: "prepaid" });
  await call("cbs", "InquiryPriceResizeDisk", { DiskId: pre, DiskSize: 600 });
  await call("cbs", "ResizeDisk", { DiskId: pre, DiskSize: 600 });
  await advance(10);
  await call("cbs", "InquirePriceModifyDiskExtraPerformance", { DiskId: pre, ThroughputPerformance: 100 });
  await call("cbs", "ModifyDiskExtraPerformance", { DiskId: pre, ThroughputPerformance: 100 });
  await call("cbs", "InquiryPriceRenewDisks", { DiskIds: [pre], DiskChargePrepaids: [{ Period: 2 }] });
  await call("cbs", "RenewDisk", { DiskId: pre, DiskChargePrepaid: { Period: 1 } });
  await call("cbs", "ModifyDisksRenewFlag", { DiskIds: [pre], RenewFlag: "NOTIFY_AND_AUTO_RENEW" });
  const [toggle] = (await call<Any>("cbs", "CreateDisks", { Placement: zone, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_BSSD", DiskSize: 20 })).DiskIdSet;
  await call("cbs", "ModifyDisksChargeType", { DiskIds: [toggle], DiskChargePrepaid: { Period: 1 } });
  await call("cbs", "InitializeDisks", { DiskIds: [toggle] });

  await call("cbs", "InquirePriceModifyDiskBackupQuota", { DiskId: pre, DiskBackupQuota: 3 });
  await call("cbs", "ModifyDiskBackupQuota", { DiskId: pre, DiskBackupQuota: 3 });
  const backup = (await call<Any>("cbs", "CreateDiskBackup", { DiskId: pre, DiskBackupName: "b1" })).DiskBackupId;
  await call("cbs", "DescribeDiskBackups", {});
  await advance(1200);
  await call("cbs", "ApplyDiskBackup", { DiskBackupId: backup, DiskId: pre });
  await advance(1200);
  await call("cbs", "DeleteDiskBackups", { DiskBackupIds: [backup] });

  const snap = (await call<Any>("cbs", "CreateSnapshot", { DiskId: post, SnapshotName: "s" })).SnapshotId;
  await advance(100);
  await call("cbs", "DescribeSnapshots", { SnapshotIds: [snap] });
  await call("cbs", "ModifySnapshotAttribute", { SnapshotId: snap, SnapshotName: "renamed" });
  const other = await server.control("POST", "/accounts", {});
  await call("cbs", "ModifySnapshotsSharePermission", { SnapshotIds: [snap], AccountIds: [other.uin], Permission: "SHARE" });
  await call("cbs", "DescribeSnapshotSharePermission", { SnapshotId: snap });
  await call("cbs", "ModifySnapshotsSharePermission", { SnapshotIds: [snap], AccountIds: [other.uin], Permission: "CANCEL" });
  await call("cbs", "CopySnapshotCrossRegions", { SnapshotId: snap, DestinationRegions: ["ap-shanghai"] });
  await call("cbs", "DescribeSnapshotOverview");
  await call("cbs", "GetSnapOverview");
  await call("cbs", "DetachDisks", { DiskIds: [post] });
  await advance(100);
  await call("cbs", "ApplySnapshot", { SnapshotId: snap, DiskId: post });
  await advance(100);

  const sys = full.InstanceSet[0].SystemDisk.DiskId;
  const data = full.InstanceSet[0].DataDisks[0].DiskId;
  const group = (await call<Any>("cbs", "CreateSnapshotGroup", { DiskIds: [sys, data], SnapshotGroupName: "g" })).SnapshotGroupId;
  await advance(100);
  const g = (await call<Any>("cbs", "DescribeSnapshotGroups", {})).SnapshotGroupSet[0];
  const pairs = (await raw.cbs.DescribeSnapshots({ SnapshotIds: g.SnapshotIdSet })).SnapshotSet!.map((s) => ({ SnapshotId: s.SnapshotId, DiskId: s.DiskId }));
  await call("cbs", "ApplySnapshotGroup", { SnapshotGroupId: group, ApplyDisks: pairs, AutoStopInstance: true });
  await advance(100);
  await call("cbs", "DeleteSnapshotGroup", { SnapshotGroupId: group });

  const policy = (await call<Any>("cbs", "CreateAutoSnapshotPolicy", { Policy: [{ Hour: [1], DayOfWeek: [1, 3] }], AutoSnapshotPolicyName: "p" })).AutoSnapshotPolicyId;
  await call("cbs", "BindAutoSnapshotPolicy", { AutoSnapshotPolicyId: policy, DiskIds: [post] });
  await call("cbs", "DescribeAutoSnapshotPolicies", {});
  await call("cbs", "DescribeDiskAssociatedAutoSnapshotPolicy", { DiskId: post });
  await call("cbs", "ModifyAutoSnapshotPolicyAttribute", { AutoSnapshotPolicyId: policy, RetentionDays: 5 });
  await call("cbs", "CopyAutoSnapshotPolicyCrossAccount", { AutoSnapshotPolicyIds: [policy], TargetAccountUin: other.uin });
  await call("cbs", "UnbindAutoSnapshotPolicy", { AutoSnapshotPolicyId: policy, DiskIds: [post] });
  await call("cbs", "DeleteAutoSnapshotPolicies", { AutoSnapshotPolicyIds: [policy] });
  await call("cbs", "DeleteSnapshots", { SnapshotIds: [snap] });

  const cdc = await server.control("POST", "/cbs/dedicated-clusters", { zone: "ap-guangzhou-3", diskType: "CLOUD_SSD", totalGiB: 500 });
  await raw.cbs.CreateDisks({ Placement: { ...zone, CdcId: cdc.cdcId }, DiskChargeType: "CDCPAID", DiskType: "CLOUD_SSD", DiskSize: 100 });
  await call("cbs", "DescribeDiskStoragePool", {});
  await call("cbs", "DescribeDedicatedClusterDiskStatistics", { DedicatedClusterId: cdc.dedicatedClusterId });

  await call("cbs", "InquirePriceCreateRemoteDisks", { DiskChargeType: "PREPAID", DiskSize: 2000, DiskChargePrepaid: { Period: 1 } });
  await call("cbs", "SwitchParameterCreateRemoteDisks", { Placement: zone });
  await call("cbs", "CreateRemoteDisks", { DiskChargeType: "PREPAID", DiskChargePrepaid: { Period: 1 }, DiskSize: 2000, InstanceId: ins, Placement: zone });
  const rd = (await call<Any>("cbs", "DescribeRemoteDisks", {})).RemoteDiskSet[0].RemoteDiskId;
  await call("cbs", "DescribeRemoteDiskConfigQuota", {});
  await call("cbs", "DescribeRemoteDisksDeniedActions", { RemoteDiskIds: [rd] });
  await call("cbs", "ModifyRemoteDiskAttributes", { RemoteDiskIds: [rd], DiskName: "r" });
  await call("cbs", "InquirePriceRenewRemoteDisks", { RemoteDiskIds: [rd], DiskChargePrepaidSet: [{ Period: 1 }] });
  await call("cbs", "RenewRemoteDisk", { RemoteDiskId: rd, DiskChargePrepaid: { Period: 1 } });
  await call("cbs", "SwitchParameterRenewRemoteDisks");
  await call("cbs", "DetachRemoteDisks", { InstanceId: ins, RemoteDiskIds: [rd] });
  await call("cbs", "AttachRemoteDisks", { InstanceId: ins, RemoteDiskIds: [rd] });
  await raw.cbs.DetachRemoteDisks({ InstanceId: ins, RemoteDiskIds: [rd] });
  await call("cbs", "TerminateRemoteDisks", { RemoteDiskIds: [rd] });

  await call("cbs", "DetachDisks", { DiskIds: [data], InstanceId: ins });
  await advance(5);
  await call("cbs", "TerminateDisks", { DiskIds: [pre, post, data] });
  await call("cvm", "TerminateInstances", { InstanceIds: [ins, ins2] });

  assert.deepEqual([...called.cbs].sort(), Object.keys(cbsService.handlers).sort(), "every CBS handler was called");
  assert.equal(called.cbs.size, 61);
});
