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
const cbs = (region = "ap-guangzhou") => sdk("cbs", server, { region });
const snap = async (id: string, region = "ap-guangzhou") => (await cbs(region).DescribeSnapshots({ SnapshotIds: [id] })).SnapshotSet![0];

async function newDisk(size = 50, zone = "ap-guangzhou-3"): Promise<string> {
  return (await cbs().CreateDisks({ Placement: { Zone: zone }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: size })).DiskIdSet![0];
}

test("a snapshot progresses from CREATING to NORMAL over clock time proportional to its size", async () => {
  const disk = await newDisk(50);
  // Real time passes too (the emulator clock is real time plus an offset): allow a percent per elapsed second.
  const started = Date.now();
  const slack = () => Math.ceil((Date.now() - started) / 1000);
  const r = await cbs().CreateSnapshot({ DiskId: disk, SnapshotName: "s1" });
  assertComplete("cbs", "CreateSnapshot", r);
  const id = r.SnapshotId!;
  assert.match(id, /^snap-[a-z0-9]{8}$/);
  let s = await snap(id);
  assert.equal(s.SnapshotState, "CREATING");
  assert.ok(s.Percent! >= 0 && s.Percent! <= slack(), `Percent ${s.Percent}`);
  assert.equal(s.IsPermanent, true);
  await expectCode(cbs().CreateSnapshot({ DiskId: disk }), "InvalidDisk.SnapshotCreating");
  await expectCode(cbs().DeleteSnapshots({ SnapshotIds: [id] }), "ResourceUnavailable.SnapshotCreating");
  // 50 GiB at 2 s per GiB: 100 s.
  await advance(50);
  s = await snap(id);
  assert.equal(s.SnapshotState, "CREATING");
  assert.ok(s.Percent! >= 50 && s.Percent! <= 50 + slack(), `Percent ${s.Percent}`);
  await advance(50);
  s = await snap(id);
  assert.equal(s.SnapshotState, "NORMAL");
  assert.equal(s.Percent, 100);
  assert.equal(s.DiskId, disk);
  assert.equal(s.DiskSize, 50);
  const d = (await cbs().DescribeDisks({ DiskIds: [disk] })).DiskSet![0];
  assert.equal(d.SnapshotCount, 1);
  assert.equal(d.SnapshotSize, 50 * 1024);

  // A bigger disk takes longer.
  const big = await newDisk(500);
  const bigSnap = (await cbs().CreateSnapshot({ DiskId: big })).SnapshotId!;
  await advance(100);
  assert.equal((await snap(bigSnap)).Percent, 10);
  await advance(900);
  assert.equal((await snap(bigSnap)).SnapshotState, "NORMAL");
});

test("DescribeSnapshots filters and pages; ModifySnapshotAttribute renames and sets a deadline after which the snapshot is deleted", async () => {
  const disk = await newDisk(10);
  const a = (await cbs().CreateSnapshot({ DiskId: disk, SnapshotName: "keep" })).SnapshotId!;
  await advance(20);
  const b = (await cbs().CreateSnapshot({ DiskId: disk, SnapshotName: "temp" })).SnapshotId!;
  await advance(20);
  const byDisk = await cbs().DescribeSnapshots({ Filters: [{ Name: "disk-id", Values: [disk] }] });
  assertComplete("cbs", "DescribeSnapshots", byDisk);
  assert.deepEqual(byDisk.SnapshotSet!.map((s) => s.SnapshotId), [b, a]);
  const byName = await cbs().DescribeSnapshots({ Filters: [{ Name: "snapshot-name", Values: ["temp"] }, { Name: "disk-id", Values: [disk] }] });
  assert.deepEqual(byName.SnapshotSet!.map((s) => s.SnapshotId), [b]);
  await expectCode(cbs().DescribeSnapshots({ Filters: [{ Name: "snapshot-id", Values: [""] }] }), "InvalidParameter");
  await expectCode(cbs().DescribeSnapshots({ Filters: [{ Name: "size", Values: ["1"] }] }), "InvalidFilter");
  const page = await cbs().DescribeSnapshots({ Filters: [{ Name: "disk-id", Values: [disk] }], Limit: 1, Offset: 1, Order: "ASC" });
  assert.equal(page.TotalCount, 2);
  assert.deepEqual(page.SnapshotSet!.map((s) => s.SnapshotId), [b]);

  const deadline = new Date(Date.now() + 3 * 86_400_000).toISOString();
  assertComplete("cbs", "ModifySnapshotAttribute", await cbs().ModifySnapshotAttribute({ SnapshotId: b, SnapshotName: "temp2", Deadline: deadline }));
  const s = await snap(b);
  assert.equal(s.SnapshotName, "temp2");
  assert.equal(s.IsPermanent, false);
  assert.match(s.DeadlineTime!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  await expectCode(cbs().ModifySnapshotAttribute({ SnapshotId: "" }), "InvalidParameter");
  await advance(4 * 86_400);
  assert.equal((await cbs().DescribeSnapshots({ SnapshotIds: [b] })).TotalCount, 0, "deleted at its deadline");
  assert.equal((await cbs().DescribeSnapshots({ SnapshotIds: [a] })).TotalCount, 1);
  assertComplete("cbs", "DeleteSnapshots", await cbs().DeleteSnapshots({ SnapshotIds: [a] }));
  await expectCode(cbs().DeleteSnapshots({ SnapshotIds: [a] }), "InvalidSnapshotId.NotFound");
});

test("a disk created from a snapshot takes its size; a smaller size is refused; ApplySnapshot rolls a disk back", async () => {
  const disk = await newDisk(30);
  const id = (await cbs().CreateSnapshot({ DiskId: disk })).SnapshotId!;
  await advance(60);
  const [copy] = (await cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-4" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", SnapshotId: id })).DiskIdSet!;
  assert.equal((await cbs().DescribeDisks({ DiskIds: [copy] })).DiskSet![0].DiskSize, 30);
  await expectCode(
    cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-4" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", SnapshotId: id, DiskSize: 20 }),
    "InvalidParameter.DiskSizeNotMatch",
  );
  await expectCode(cbs().ApplySnapshot({ SnapshotId: id, DiskId: copy }), "InvalidSnapshot.NotSupported");
  assertComplete("cbs", "ApplySnapshot", await cbs().ApplySnapshot({ SnapshotId: id, DiskId: disk }));
  const d = (await cbs().DescribeDisks({ DiskIds: [disk] })).DiskSet![0];
  assert.equal(d.DiskState, "ROLLBACKING");
  assert.equal(d.Rollbacking, true);
  assert.equal((await snap(id)).SnapshotState, "ROLLBACKING");
  await expectCode(cbs().ApplySnapshot({ SnapshotId: id, DiskId: disk }), "InvalidSnapshot.NotSupported");
  await advance(60);
  assert.equal((await cbs().DescribeDisks({ DiskIds: [disk] })).DiskSet![0].DiskState, "UNATTACHED");
  assert.equal((await snap(id)).SnapshotState, "NORMAL");
});

test("ApplySnapshot to a system disk needs the instance stopped (AutoStopInstance stops it)", async () => {
  const ins = (await sdk("cvm", server).RunInstances({ Placement: { Zone: "ap-guangzhou-3" }, ImageId: "img-9qabwvbn" })).InstanceIdSet![0];
  await advance(15);
  const sys = (await sdk("cvm", server).DescribeInstances({ InstanceIds: [ins] })).InstanceSet![0].SystemDisk!.DiskId!;
  const id = (await cbs().CreateSnapshot({ DiskId: sys })).SnapshotId!;
  await advance(100);
  await expectCode(cbs().ApplySnapshot({ SnapshotId: id, DiskId: sys }), "UnsupportedOperation.InstanceNotStopped");
  await cbs().ApplySnapshot({ SnapshotId: id, DiskId: sys, AutoStopInstance: true });
  const st = (await sdk("cvm", server).DescribeInstancesStatus({ InstanceIds: [ins] })).InstanceStatusSet![0].InstanceState;
  assert.equal(st, "STOPPING");
  await advance(100);
  assert.equal((await cbs().DescribeDisks({ DiskIds: [sys] })).DiskSet![0].DiskState, "ATTACHED");
});

test("sharing a snapshot lets another account see it and create disks from it; DescribeSnapshotSharePermission lists the accounts", async () => {
  const other = await server.control("POST", "/accounts", {});
  const theirs = sdk("cbs", server, { credential: { secretId: other.secretId, secretKey: other.secretKey } });
  const disk = await newDisk(20);
  const id = (await cbs().CreateSnapshot({ DiskId: disk })).SnapshotId!;
  await expectCode(cbs().ModifySnapshotsSharePermission({ SnapshotIds: [id], AccountIds: [other.uin], Permission: "SHARE" }), "InvalidSnapshot.NotSupported");
  await advance(40);
  assert.equal((await theirs.DescribeSnapshots({ SnapshotIds: [id] })).TotalCount, 0);
  assertComplete("cbs", "ModifySnapshotsSharePermission", await cbs().ModifySnapshotsSharePermission({ SnapshotIds: [id], AccountIds: [other.uin], Permission: "SHARE" }));
  const perms = await cbs().DescribeSnapshotSharePermission({ SnapshotId: id });
  assertComplete("cbs", "DescribeSnapshotSharePermission", perms);
  assert.deepEqual(perms.SharePermissionSet!.map((p) => p.AccountId), [other.uin]);
  const seen = (await theirs.DescribeSnapshots({ Filters: [{ Name: "snapshot-type", Values: ["SHARED_SNAPSHOT"] }] })).SnapshotSet!;
  assert.deepEqual(seen.map((s) => s.SnapshotId), [id]);
  assert.equal(seen[0].SnapshotType, "SHARED_SNAPSHOT");
  assert.equal((await snap(id)).ShareReference, 1);
  const made = await theirs.CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", SnapshotId: id });
  assert.equal(made.DiskIdSet!.length, 1);
  await expectCode(cbs().DeleteSnapshots({ SnapshotIds: [id] }), "UnsupportedOperation.SnapHasShared");
  await cbs().ModifySnapshotsSharePermission({ SnapshotIds: [id], AccountIds: [other.uin], Permission: "CANCEL" });
  assert.equal((await theirs.DescribeSnapshots({ SnapshotIds: [id] })).TotalCount, 0);
  await cbs().DeleteSnapshots({ SnapshotIds: [id] });
});

test("CopySnapshotCrossRegions creates a COPYING_FROM_REMOTE snapshot in each destination that becomes NORMAL", async () => {
  const disk = await newDisk(25);
  const id = (await cbs().CreateSnapshot({ DiskId: disk })).SnapshotId!;
  await advance(50);
  const r = await cbs().CopySnapshotCrossRegions({ SnapshotId: id, DestinationRegions: ["ap-beijing", "ap-shanghai"] });
  assertComplete("cbs", "CopySnapshotCrossRegions", r);
  assert.deepEqual(r.SnapshotCopyResultSet!.map((x) => [x.DestinationRegion, x.Code, x.Message]), [["ap-beijing", "Success", ""], ["ap-shanghai", "Success", ""]]);
  const copied = r.SnapshotCopyResultSet![0].SnapshotId!;
  const there = await snap(copied, "ap-beijing");
  assert.equal(there.SnapshotState, "COPYING_FROM_REMOTE");
  assert.equal(there.CopyFromRemote, true);
  assert.match(there.SnapshotName!, /^Copied snap-[a-z0-9]{8} from /);
  assert.deepEqual((await snap(id)).CopyingToRegions, ["ap-beijing", "ap-shanghai"]);
  await expectCode(cbs().CopySnapshotCrossRegions({ SnapshotId: id, DestinationRegions: ["ap-beijing"] }), "ResourceInUse.CopySnapshotConflict");
  await expectCode(cbs().DeleteSnapshots({ SnapshotIds: [id] }), "ResourceBusy");
  await expectCode(cbs().CopySnapshotCrossRegions({ SnapshotId: id, DestinationRegions: ["ap-guangzhou"] }), "InvalidParameterValue");
  await advance(50);
  assert.equal((await snap(copied, "ap-beijing")).SnapshotState, "NORMAL");
  assert.deepEqual((await snap(id)).CopyingToRegions, []);
  // The copy creates disks in its own region.
  const made = await cbs("ap-beijing").CreateDisks({ Placement: { Zone: "ap-beijing-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", SnapshotId: copied });
  assert.equal(made.DiskIdSet!.length, 1);
});

test("snapshot groups: disks of one instance snapshotted together, described, rolled back with the instance stopped, deleted", async () => {
  const ins = (await sdk("cvm", server).RunInstances({ Placement: { Zone: "ap-guangzhou-3" }, ImageId: "img-9qabwvbn", DataDisks: [{ DiskType: "CLOUD_PREMIUM", DiskSize: 20 }] })).InstanceIdSet![0];
  await advance(15);
  const inst = (await sdk("cvm", server).DescribeInstances({ InstanceIds: [ins] })).InstanceSet![0];
  const disks = [inst.SystemDisk!.DiskId!, inst.DataDisks![0].DiskId!];
  const loose = await newDisk(20);
  await expectCode(cbs().CreateSnapshotGroup({ DiskIds: [disks[1], loose] }), "InvalidParameter");
  const r = await cbs().CreateSnapshotGroup({ DiskIds: disks, SnapshotGroupName: "nightly" });
  assertComplete("cbs", "CreateSnapshotGroup", r);
  const gid = r.SnapshotGroupId!;
  assert.match(gid, /^csnap-[a-z0-9]{8}$/);
  const g = (await cbs().DescribeSnapshotGroups({ Filters: [{ Name: "snapshot-group-id", Values: [gid] }] })).SnapshotGroupSet![0];
  assertComplete("cbs", "DescribeSnapshotGroups", await cbs().DescribeSnapshotGroups({}));
  assert.equal(g.SnapshotGroupState, "CREATING");
  assert.equal(g.ContainRootSnapshot, true);
  assert.equal(g.SnapshotIdSet!.length, 2);
  const names = (await cbs().DescribeSnapshots({ SnapshotIds: g.SnapshotIdSet! })).SnapshotSet!.map((s) => s.SnapshotName).sort();
  assert.deepEqual(names, ["nightly_0", "nightly_1"]);
  await expectCode(cbs().DeleteSnapshotGroup({ SnapshotGroupId: gid }), "UnsupportedOperation.StateError");
  await advance(100);
  const pairs = (await cbs().DescribeSnapshots({ SnapshotIds: g.SnapshotIdSet! })).SnapshotSet!.map((s) => ({ SnapshotId: s.SnapshotId!, DiskId: s.DiskId! }));
  await expectCode(cbs().ApplySnapshotGroup({ SnapshotGroupId: gid, ApplyDisks: pairs }), "UnsupportedOperation.InstanceNotStopped");
  assertComplete("cbs", "ApplySnapshotGroup", await cbs().ApplySnapshotGroup({ SnapshotGroupId: gid, ApplyDisks: pairs, AutoStopInstance: true }));
  assert.equal((await cbs().DescribeSnapshotGroups({ Filters: [{ Name: "snapshot-group-id", Values: [gid] }] })).SnapshotGroupSet![0].SnapshotGroupState, "ROLLBACKING");
  await advance(100);
  assertComplete("cbs", "DeleteSnapshotGroup", await cbs().DeleteSnapshotGroup({ SnapshotGroupId: gid }));
  assert.equal((await cbs().DescribeSnapshots({ SnapshotIds: g.SnapshotIdSet! })).TotalCount, 0);
});

test("a snapshot backing an image cannot be deleted unless DeleteBindImages; the overview sums what is kept", async () => {
  const disk = await newDisk(10);
  const id = (await cbs("ap-guangzhou").CreateSnapshot({ DiskId: disk })).SnapshotId!;
  await advance(20);
  const image = await server.control("POST", "/cbs/images", { snapshotId: id });
  assert.match(image.imageId, /^img-[a-z0-9]{8}$/);
  const s = await snap(id);
  assert.equal(s.ImageCount, 1);
  await expectCode(cbs().DeleteSnapshots({ SnapshotIds: [id] }), "UnsupportedOperation.SnapshotHasBindedImage");
  const o = await cbs().DescribeSnapshotOverview();
  assertComplete("cbs", "DescribeSnapshotOverview", o);
  assert.ok(o.TotalNums! >= 1);
  assert.equal(o.FreeQuota, 50);
  assert.equal(o.RealTradeSize, Math.max(0, o.TotalSize! - 50));
  assertComplete("cbs", "GetSnapOverview", await cbs().GetSnapOverview());
  await cbs().DeleteSnapshots({ SnapshotIds: [id], DeleteBindImages: true });
});
