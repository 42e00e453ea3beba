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
const disk = async (id: string) => (await cbs().DescribeDisks({ DiskIds: [id] })).DiskSet![0];

async function instance(zone = "ap-guangzhou-3"): Promise<string> {
  const id = (await sdk("cvm", server).RunInstances({ Placement: { Zone: zone }, ImageId: "img-9qabwvbn" })).InstanceIdSet![0];
  await advance(15);
  return id;
}

test("an instance's system disk is a CBS disk: SYSTEM_DISK, not elastic, attached, gone with the instance", async () => {
  const ins = await instance();
  const sys = (await sdk("cvm", server).DescribeInstances({ InstanceIds: [ins] })).InstanceSet![0].SystemDisk!.DiskId!;
  const d = await disk(sys);
  assertComplete("cbs", "DescribeDisks", await cbs().DescribeDisks({ DiskIds: [sys] }));
  assert.equal(d.DiskUsage, "SYSTEM_DISK");
  assert.equal(d.Portable, false);
  assert.equal(d.DiskState, "ATTACHED");
  assert.equal(d.InstanceId, ins);
  assert.equal(d.Placement!.Zone, "ap-guangzhou-3");
  await expectCode(cbs().DetachDisks({ DiskIds: [sys] }), "InvalidDisk.NotPortable");
  await sdk("cvm", server).TerminateInstances({ InstanceIds: [ins] });
  assert.equal((await cbs().DescribeDisks({ DiskIds: [sys] })).TotalCount, 0);
});

test("a disk is created UNATTACHED, attaches (ATTACHING → ATTACHED), detaches (DETACHING → UNATTACHED) with the clock", async () => {
  const ins = await instance();
  const r = await cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 20, DiskName: "data" });
  assertComplete("cbs", "CreateDisks", r);
  const id = r.DiskIdSet![0];
  assert.match(id, /^disk-[a-z0-9]{8}$/);
  assert.equal((await disk(id)).DiskState, "UNATTACHED");
  assertComplete("cbs", "AttachDisks", await cbs().AttachDisks({ InstanceId: ins, DiskIds: [id] }));
  assert.equal((await disk(id)).DiskState, "ATTACHING");
  assert.equal((await disk(id)).Attached, false);
  await expectCode(cbs().AttachDisks({ InstanceId: ins, DiskIds: [id] }), "ResourceBusy");
  await advance(5);
  const attached = await disk(id);
  assert.equal(attached.DiskState, "ATTACHED");
  assert.equal(attached.Attached, true);
  assert.equal(attached.InstanceId, ins);
  const num = await cbs().DescribeInstancesDiskNum({ InstanceIds: [ins] });
  assertComplete("cbs", "DescribeInstancesDiskNum", num);
  assert.deepEqual(num.AttachDetail, [{ InstanceId: ins, AttachedDiskCount: 1, MaxAttachCount: 20 }]);
  await expectCode(cbs().TerminateDisks({ DiskIds: [id] }), "InvalidDisk.Attached");

  assertComplete("cbs", "DetachDisks", await cbs().DetachDisks({ DiskIds: [id], InstanceId: ins }));
  assert.equal((await disk(id)).DiskState, "DETACHING");
  const busy = await expectCode(cbs().DetachDisks({ DiskIds: [id] }), "ResourceUnavailable.NotSupported");
  assert.match(busy.message, /^\([0-9a-f]{12}\)DiskId: disk-[a-z0-9]{8}, Disk\(disk-[a-z0-9]{8}\) is detaching, please retry later$/);
  assert.equal(busy.message.slice(1, 13), busy.requestId.replace(/-/g, "").slice(-12));
  await advance(5);
  assert.equal((await disk(id)).DiskState, "UNATTACHED");
  assert.equal((await disk(id)).LastAttachInsId, ins);
  assertComplete("cbs", "TerminateDisks", await cbs().TerminateDisks({ DiskIds: [id] }));
  assert.equal((await cbs().DescribeDisks({ DiskIds: [id] })).TotalCount, 0);
});

test("AttachDisks checks the zone, the instance and the per-instance limit of 20 data disks", async () => {
  const ins = await instance();
  const other = await cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-4" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_SSD", DiskSize: 20 });
  const zone = await expectCode(cbs().AttachDisks({ InstanceId: ins, DiskIds: other.DiskIdSet! }), "ZoneNotMatch");
  assert.match(zone.message, /^\([0-9a-f]{12}\)DiskId: disk-[a-z0-9]{8}, zone does not match$/);
  const zh = await expectCode(sdk("cbs", server, { language: "zh-CN" }).AttachDisks({ InstanceId: ins, DiskIds: other.DiskIdSet! }), "ZoneNotMatch");
  assert.match(zh.message, /^\([0-9a-f]{12}\)DiskId: disk-[a-z0-9]{8}, 可用区不匹配$/);
  await expectCode(cbs().AttachDisks({ InstanceId: "ins-00000000", DiskIds: other.DiskIdSet! }), "InvalidInstanceId.NotFound");
  const many = await cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_BSSD", DiskSize: 20, DiskCount: 21 });
  const ids = many.DiskIdSet!;
  await cbs().AttachDisks({ InstanceId: ins, DiskIds: ids.slice(0, 10) });
  await cbs().AttachDisks({ InstanceId: ins, DiskIds: ids.slice(10, 20) });
  await expectCode(cbs().AttachDisks({ InstanceId: ins, DiskIds: ids.slice(20) }), "LimitExceeded.InstanceAttachedDisk");
  await expectCode(cbs().AttachDisks({ InstanceId: ins, DiskIds: ids.slice(0, 11) }), "InvalidParameterValue.LimitExceeded");
  await advance(5);
  const data = (await sdk("cvm", server).DescribeInstances({ InstanceIds: [ins] })).InstanceSet![0].DataDisks!;
  assert.equal(data.length, 20);
  // Terminating the instance keeps pay-as-you-go disks attached by AttachDisks (DeleteWithInstance false): they come back UNATTACHED.
  await sdk("cvm", server).TerminateInstances({ InstanceIds: [ins] });
  const after = await cbs().DescribeDisks({ DiskIds: ids.slice(0, 20) });
  assert.ok(after.DiskSet!.every((d) => d.DiskState === "UNATTACHED" && d.InstanceId === ""));
  await cbs().TerminateDisks({ DiskIds: [...ids, ...other.DiskIdSet!] });
});

test("CreateDisks validates types, sizes, zones and tags", async () => {
  const base = { Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 20 };
  const cases: [Record<string, unknown>, string][] = [
    [{ DiskType: "CLOUD_TSSD", DiskSize: 100 }, "InvalidDisk.TypeError"],
    [{ DiskType: "HDD" }, "InvalidDisk.TypeError"],
    [{ DiskType: "CLOUD_BASIC" }, "InvalidParameter.DiskConfigNotSupported"],
    [{ DiskType: "CLOUD_SSD", DiskSize: 10 }, "InvalidParameterValue"],
    [{ DiskSize: 32001 }, "InvalidParameterValue"],
    [{ DiskSize: undefined }, "MissingParameter"],
    [{ Placement: { Zone: "ap-shanghai-2" } }, "InvalidParameterValue"],
    [{ Placement: { Zone: "ap-guangzhou-1" } }, "ResourceInsufficient"],
    [{ Placement: { Zone: "ap-guangzhou-3", ProjectId: 7 } }, "InvalidParameter.ProjectIdNotExist"],
    [{ DiskCount: 51 }, "InvalidParameterValue.LimitExceeded"],
    [{ Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) }, "InvalidParameterValue.LimitExceeded"],
    [{ DiskChargeType: "PREPAID" }, "MissingParameter"],
    [{ DiskChargeType: "PREPAID", DiskChargePrepaid: { Period: 13 } }, "InvalidParameterValue"],
    [{ SnapshotId: "snap-00000000" }, "InvalidSnapshotId.NotFound"],
    [{ ThroughputPerformance: 100 }, "InvalidParameterValue"],
    [{ Encrypt: "ENCRYPT", Shareable: true }, "InvalidParameterValue"],
    [{ ClientToken: "x".repeat(65) }, "InvalidParameter.InvalidClientToken"],
  ];
  for (const [extra, code] of cases) await expectCode(cbs().CreateDisks({ ...base, ...extra } as never), code);
});

test("DescribeDisks filters, orders and pages", async () => {
  const c = sdk("cbs", server, { region: "ap-nanjing" });
  const a = await c.CreateDisks({ Placement: { Zone: "ap-nanjing-1" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_SSD", DiskSize: 30, DiskCount: 3, DiskName: "alpha", Tags: [{ Key: "env", Value: "prod" }] });
  await advance(1);
  const b = await c.CreateDisks({ Placement: { Zone: "ap-nanjing-2" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 40, DiskName: "beta" });
  const all = await c.DescribeDisks({});
  assert.equal(all.TotalCount, 4);
  assert.equal(all.DiskSet![0].DiskId, b.DiskIdSet![0], "newest first by default");
  const asc = await c.DescribeDisks({ Order: "ASC" });
  assert.equal(asc.DiskSet![0].DiskId, a.DiskIdSet![0]);
  const byType = await c.DescribeDisks({ Filters: [{ Name: "disk-type", Values: ["CLOUD_SSD"] }] });
  assert.equal(byType.TotalCount, 3);
  const byTag = await c.DescribeDisks({ Filters: [{ Name: "tag:env", Values: ["prod"] }, { Name: "disk-name", Values: ["alpha"] }] });
  assert.equal(byTag.TotalCount, 3);
  const byZone = await c.DescribeDisks({ Filters: [{ Name: "zone", Values: ["ap-nanjing-2"] }, { Name: "disk-state", Values: ["UNATTACHED"] }] });
  assert.deepEqual(byZone.DiskSet!.map((d) => d.DiskId), b.DiskIdSet);
  const page = await c.DescribeDisks({ Limit: 2, Offset: 3 });
  assert.equal(page.TotalCount, 4);
  assert.equal(page.DiskSet!.length, 1);
  await expectCode(c.DescribeDisks({ Filters: [{ Name: "colour", Values: ["x"] }] }), "InvalidFilter");
  await expectCode(c.DescribeDisks({ DiskIds: a.DiskIdSet!, Filters: [{ Name: "zone", Values: ["ap-nanjing-1"] }] }), "InvalidParameter");
  await expectCode(c.DescribeDisks({ Limit: 101 }), "InvalidParameterValue");
  await expectCode(c.DescribeDisks({ DiskIds: [""] }), "InvalidParameter");
});

test("DescribeDisks pages 5,000 disks through the indexed list: exact counts, no gaps, no repeats", async () => {
  const region = "ap-chengdu";
  const r = await server.control("POST", "/cbs/disks/seed", { count: 5000, region, zone: "ap-chengdu-1" });
  assert.equal(r.total, 5000);
  const c = sdk("cbs", server, { region });
  const seen = new Set<string>();
  let previous = "";
  for (const offset of [0, 100, 2500, 4800, 4950]) {
    const page = await c.DescribeDisks({ Offset: offset, Limit: 100, Order: "ASC" });
    assert.equal(page.TotalCount, 5000);
    assert.equal(page.DiskSet!.length, offset === 4950 ? 50 : 100);
    assert.equal(page.DiskSet![0].DiskName, `seed-${offset}`);
    for (const d of page.DiskSet!) {
      assert.ok(!seen.has(d.DiskId!));
      seen.add(d.DiskId!);
    }
    previous = page.DiskSet!.at(-1)!.DiskName!;
  }
  assert.equal(previous, "seed-4999");
  const last = await c.DescribeDisks({ Offset: 0, Limit: 1 });
  assert.equal(last.DiskSet![0].DiskName, "seed-4999", "DESC starts from the newest");
  assert.equal((await c.DescribeDisks({ Offset: 5000, Limit: 100 })).DiskSet!.length, 0);
});

test("ResizeDisk expands (EXPANDING with the clock); a system disk needs its instance stopped", async () => {
  const ins = await instance();
  const [id] = (await cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_BSSD", DiskSize: 50 })).DiskIdSet!;
  assertComplete("cbs", "ResizeDisk", await cbs().ResizeDisk({ DiskId: id, DiskSize: 100 }));
  const d = await disk(id);
  assert.equal(d.DiskState, "EXPANDING");
  assert.equal(d.DiskSize, 100);
  await expectCode(cbs().ResizeDisk({ DiskId: id, DiskSize: 200 }), "InvalidDisk.Busy");
  await advance(10);
  assert.equal((await disk(id)).DiskState, "UNATTACHED");
  await expectCode(cbs().ResizeDisk({ DiskId: id, DiskSize: 90 }), "InvalidParameterValue");
  const sys = (await sdk("cvm", server).DescribeInstances({ InstanceIds: [ins] })).InstanceSet![0].SystemDisk!.DiskId!;
  await expectCode(cbs().ResizeDisk({ DiskId: sys, DiskSize: 80 }), "UnsupportedOperation.InstanceNotStopped");
  await sdk("cvm", server).StopInstances({ InstanceIds: [ins] });
  await advance(10);
  await cbs().ResizeDisk({ DiskId: sys, DiskSize: 80 });
  await advance(10);
  assert.equal((await sdk("cvm", server).DescribeInstances({ InstanceIds: [ins] })).InstanceSet![0].SystemDisk!.DiskSize, 80);
  await sdk("cvm", server).TerminateInstances({ InstanceIds: [ins] });
  await cbs().TerminateDisks({ DiskIds: [id] });
});

test("ModifyDiskAttributes renames, changes type upward and toggles DeleteWithInstance; InitializeDisks needs a detached data disk", async () => {
  const [id] = (await cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 50 })).DiskIdSet!;
  assertComplete("cbs", "ModifyDiskAttributes", await cbs().ModifyDiskAttributes({ DiskIds: [id], DiskName: "renamed", DeleteWithInstance: true }));
  let d = await disk(id);
  assert.equal(d.DiskName, "renamed");
  assert.equal(d.DeleteWithInstance, true);
  await cbs().ModifyDiskAttributes({ DiskIds: [id], DiskType: "CLOUD_SSD" });
  d = await disk(id);
  assert.equal(d.DiskType, "CLOUD_SSD");
  await expectCode(cbs().ModifyDiskAttributes({ DiskIds: [id], DiskType: "CLOUD_PREMIUM" }), "InvalidDisk.NotSupported");
  await expectCode(cbs().ModifyDiskAttributes({ DiskIds: [id], DiskType: "CLOUD_HSSD", DiskName: "x" }), "InvalidParameter");
  assertComplete("cbs", "InitializeDisks", await cbs().InitializeDisks({ DiskIds: [id] }));
  await expectCode(cbs().ModifyDiskExtraPerformance({ DiskId: id, ThroughputPerformance: 10 }), "InvalidDisk.NotSupported");
  const [big] = (await cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_HSSD", DiskSize: 500 })).DiskIdSet!;
  assertComplete("cbs", "ModifyDiskExtraPerformance", await cbs().ModifyDiskExtraPerformance({ DiskId: big, ThroughputPerformance: 100 }));
  assert.equal((await disk(big)).ThroughputPerformance, 100);
  await cbs().TerminateDisks({ DiskIds: [id, big] });
});
