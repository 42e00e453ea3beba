import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { assertComplete } from "../helpers/complete";
import { expectCode, sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";

let server: TestServer;
before(async () => {
  server = await startTclocal();
  // 2030-01-01 00:30:00 in UTC+8, the time zone policies are written in.
  await server.control("POST", "/clock", { set: Date.UTC(2029, 11, 31, 16, 30) / 1000 });
});
after(() => server.stop());

const advance = (seconds: number) => server.control("POST", "/clock", { advanceSeconds: seconds });
const cbs = () => sdk("cbs", server);

async function attachedDisk(): Promise<{ disk: string; loose: string; ins: string }> {
  const ins = (await sdk("cvm", server).RunInstances({ Placement: { Zone: "ap-guangzhou-3" }, ImageId: "img-9qabwvbn" })).InstanceIdSet![0];
  await advance(15);
  const [disk, loose] = (await cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 10, DiskCount: 2 })).DiskIdSet!;
  await cbs().AttachDisks({ InstanceId: ins, DiskIds: [disk] });
  await advance(5);
  return { disk, loose, ins };
}

test("CreateAutoSnapshotPolicy with DryRun answers the first trigger time and creates nothing", async () => {
  const r = await cbs().CreateAutoSnapshotPolicy({ Policy: [{ Hour: [1], DayOfWeek: [0, 1, 2, 3, 4, 5, 6] }], DryRun: true });
  assertComplete("cbs", "CreateAutoSnapshotPolicy", r);
  assert.equal(r.NextTriggerTime, "2030-01-01 01:00:00");
  assert.equal(r.AutoSnapshotPolicyId, "");
  assert.equal((await cbs().DescribeAutoSnapshotPolicies({})).TotalCount, 0);
  // 2030-01-01 is a Tuesday: a Friday-only policy first fires on the 4th; a monthly one on the 15th.
  assert.equal((await cbs().CreateAutoSnapshotPolicy({ Policy: [{ Hour: [0], DayOfWeek: [5] }], DryRun: true })).NextTriggerTime, "2030-01-04 00:00:00");
  assert.equal((await cbs().CreateAutoSnapshotPolicy({ Policy: [{ Hour: [23], DayOfMonth: [15] }], DryRun: true })).NextTriggerTime, "2030-01-15 23:00:00");
  await expectCode(cbs().CreateAutoSnapshotPolicy({ Policy: [{ Hour: [24], DayOfWeek: [1] }], DryRun: true }), "InvalidParameterValue");
  await expectCode(cbs().CreateAutoSnapshotPolicy({ Policy: [{ Hour: [1] }] }), "InvalidParameterValue");
  await expectCode(cbs().CreateAutoSnapshotPolicy({ Policy: [{ Hour: [1], DayOfWeek: [1] }], IsPermanent: true, RetentionDays: 3 }), "InvalidParameterValue");
});

test("a policy takes a snapshot of each attached bound disk at every trigger as the clock passes, and retention deletes old ones", async () => {
  const { disk, loose } = await attachedDisk();
  const r = await cbs().CreateAutoSnapshotPolicy({ Policy: [{ Hour: [1], DayOfWeek: [0, 1, 2, 3, 4, 5, 6] }], RetentionDays: 3, AutoSnapshotPolicyName: "daily" });
  const pid = r.AutoSnapshotPolicyId!;
  assert.match(pid, /^asp-[a-z0-9]{8}$/);
  assertComplete("cbs", "BindAutoSnapshotPolicy", await cbs().BindAutoSnapshotPolicy({ AutoSnapshotPolicyId: pid, DiskIds: [disk, loose] }));
  const p = (await cbs().DescribeAutoSnapshotPolicies({ AutoSnapshotPolicyIds: [pid] })).AutoSnapshotPolicySet![0];
  assert.deepEqual([...p.DiskIdSet!].sort(), [disk, loose].sort());
  assert.equal(p.NextTriggerTime, "2030-01-01 01:00:00");
  assert.equal(p.RetentionDays, 3);

  await advance(3600);
  const first = await cbs().DescribeSnapshots({ Filters: [{ Name: "disk-id", Values: [disk] }] });
  assert.equal(first.TotalCount, 1);
  assert.equal(first.SnapshotSet![0].CreateTime, "2030-01-01 01:00:00");
  assert.equal(first.SnapshotSet![0].AutoSnapshotPolicyId, pid);
  assert.equal(first.SnapshotSet![0].IsPermanent, false);
  assert.equal(first.SnapshotSet![0].DeadlineTime, "2030-01-04 01:00:00");
  assert.equal((await cbs().DescribeSnapshots({ Filters: [{ Name: "disk-id", Values: [loose] }] })).TotalCount, 0, "an unattached disk is not in use");

  await advance(7 * 86_400);
  const kept = await cbs().DescribeSnapshots({ Filters: [{ Name: "disk-id", Values: [disk] }], Order: "ASC" });
  assert.deepEqual(
    kept.SnapshotSet!.map((s) => s.CreateTime),
    ["2030-01-06 01:00:00", "2030-01-07 01:00:00", "2030-01-08 01:00:00"],
    "eight daily snapshots were taken; those past their 3 days are gone",
  );

  // Deactivated, it takes none; re-activated, it does not make up the missed days.
  await cbs().ModifyAutoSnapshotPolicyAttribute({ AutoSnapshotPolicyId: pid, IsActivated: false });
  assert.equal((await cbs().DescribeAutoSnapshotPolicies({ AutoSnapshotPolicyIds: [pid] })).AutoSnapshotPolicySet![0].NextTriggerTime, "");
  await advance(2 * 86_400);
  assertComplete("cbs", "ModifyAutoSnapshotPolicyAttribute", await cbs().ModifyAutoSnapshotPolicyAttribute({ AutoSnapshotPolicyId: pid, IsActivated: true, IsPermanent: true }));
  await advance(86_400);
  const after = await cbs().DescribeSnapshots({ Filters: [{ Name: "disk-id", Values: [disk] }], Order: "ASC" });
  assert.deepEqual(after.SnapshotSet!.map((s) => [s.CreateTime, s.IsPermanent]), [["2030-01-11 01:00:00", true]]);

  const assoc = await cbs().DescribeDiskAssociatedAutoSnapshotPolicy({ DiskId: disk });
  assertComplete("cbs", "DescribeDiskAssociatedAutoSnapshotPolicy", assoc);
  assert.deepEqual(assoc.AutoSnapshotPolicySet!.map((x) => x.AutoSnapshotPolicyId), [pid]);
  const withPolicy = await cbs().DescribeDisks({ DiskIds: [disk], ReturnBindAutoSnapshotPolicy: true });
  assert.deepEqual(withPolicy.DiskSet![0].AutoSnapshotPolicyIds, [pid]);
  assert.equal((await cbs().DescribeDisks({ DiskIds: [disk] })).DiskSet![0].AutoSnapshotPolicyIds, null);

  const other = (await cbs().CreateAutoSnapshotPolicy({ Policy: [{ Hour: [2], DayOfMonth: [1] }] })).AutoSnapshotPolicyId!;
  await expectCode(cbs().BindAutoSnapshotPolicy({ AutoSnapshotPolicyId: other, DiskIds: [disk] }), "InvalidDisk.AlreadyBound");
  assertComplete("cbs", "UnbindAutoSnapshotPolicy", await cbs().UnbindAutoSnapshotPolicy({ AutoSnapshotPolicyId: pid, DiskIds: [disk, loose] }));
  await cbs().BindAutoSnapshotPolicy({ AutoSnapshotPolicyId: other, DiskIds: [disk] });
  assertComplete("cbs", "DeleteAutoSnapshotPolicies", await cbs().DeleteAutoSnapshotPolicies({ AutoSnapshotPolicyIds: [pid, other] }));
  assert.deepEqual((await cbs().DescribeDisks({ DiskIds: [disk], ReturnBindAutoSnapshotPolicy: true })).DiskSet![0].AutoSnapshotPolicyIds, []);
  assert.equal((await cbs().DescribeAutoSnapshotPolicies({ AutoSnapshotPolicyIds: [pid] })).TotalCount, 0);
});

test("policies: filters, the per-region quota, the per-policy disk limit, a copy to another account", async () => {
  const c = sdk("cbs", server, { region: "ap-singapore" });
  const ids: string[] = [];
  for (let i = 0; i < 30; i++) ids.push((await c.CreateAutoSnapshotPolicy({ Policy: [{ Hour: [i % 24], DayOfWeek: [1] }], AutoSnapshotPolicyName: `p${i}` })).AutoSnapshotPolicyId!);
  await expectCode(c.CreateAutoSnapshotPolicy({ Policy: [{ Hour: [1], DayOfWeek: [1] }] }), "AutoSnapshotPolicyOutOfQuota");
  const listed = await c.DescribeAutoSnapshotPolicies({ Filters: [{ Name: "auto-snapshot-policy-name", Values: ["p29"] }] });
  assertComplete("cbs", "DescribeAutoSnapshotPolicies", listed);
  assert.deepEqual(listed.AutoSnapshotPolicySet!.map((p) => p.AutoSnapshotPolicyId), [ids[29]]);
  const page = await c.DescribeAutoSnapshotPolicies({ Limit: 10, Offset: 25 });
  assert.equal(page.TotalCount, 30);
  assert.equal(page.AutoSnapshotPolicySet!.length, 5);
  await expectCode(c.DescribeAutoSnapshotPolicies({ Filters: [{ Name: "hour", Values: ["1"] }] }), "InvalidFilter");
  await expectCode(c.BindAutoSnapshotPolicy({ AutoSnapshotPolicyId: "asp-00000000", DiskIds: [] }), "InvalidAutoSnapshotPolicyId.NotFound");

  const disks: string[] = [];
  for (let i = 0; i < 5; i++) {
    disks.push(...(await c.CreateDisks({ Placement: { Zone: "ap-singapore-1" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 10, DiskCount: 41 })).DiskIdSet!);
  }
  await c.BindAutoSnapshotPolicy({ AutoSnapshotPolicyId: ids[0], DiskIds: disks.slice(0, 100) });
  await c.BindAutoSnapshotPolicy({ AutoSnapshotPolicyId: ids[0], DiskIds: disks.slice(100, 200) });
  await expectCode(c.BindAutoSnapshotPolicy({ AutoSnapshotPolicyId: ids[0], DiskIds: disks.slice(200) }), "InvalidParameterValue.BindDiskLimitExceeded");

  const target = await server.control("POST", "/accounts", {});
  const copied = await c.CopyAutoSnapshotPolicyCrossAccount({ AutoSnapshotPolicyIds: [ids[1]], TargetAccountUin: target.uin });
  assertComplete("cbs", "CopyAutoSnapshotPolicyCrossAccount", copied);
  assert.equal(copied.TargetAccountUin, target.uin);
  const theirs = sdk("cbs", server, { region: "ap-singapore", credential: { secretId: target.secretId, secretKey: target.secretKey } });
  const p = (await theirs.DescribeAutoSnapshotPolicies({ AutoSnapshotPolicyIds: copied.AutoSnapshotPolicyIds! })).AutoSnapshotPolicySet![0];
  assert.equal(p.CopyFromAccountUin, "100000000001");
  assert.equal(p.AutoSnapshotPolicyName, "p1");
  assert.equal((await c.DescribeAutoSnapshotPolicies({ AutoSnapshotPolicyIds: [ids[1]] })).AutoSnapshotPolicySet![0].CopyToAccountUin, target.uin);
  await expectCode(c.CopyAutoSnapshotPolicyCrossAccount({ AutoSnapshotPolicyIds: [ids[1]], TargetAccountUin: "100000000001" }), "InvalidParameter");
});
