import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { withControlContext } from "../../src/control/context";
import { getInstance, listInstances } from "../../src/services/cvm/for-products";
import { assertComplete } from "../helpers/complete";
import { expectCode, sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const advance = (seconds: number) => server.control("POST", "/clock", { advanceSeconds: seconds });
const run = (extra: Record<string, unknown> = {}) =>
  sdk("cvm", server).RunInstances({ Placement: { Zone: "ap-guangzhou-3" }, ImageId: "img-9qabwvbn", InstanceType: "S5.MEDIUM4", ...extra });
const state = async (id: string) => (await sdk("cvm", server).DescribeInstancesStatus({ InstanceIds: [id] })).InstanceStatusSet?.[0]?.InstanceState;

test("DescribeZones lists the region's zones with real ids, names in the request's language, sold-out zones UNAVAILABLE", async () => {
  const r = await sdk("cvm", server).DescribeZones();
  assertComplete("cvm", "DescribeZones", r);
  const z3 = r.ZoneSet!.find((z) => z.Zone === "ap-guangzhou-3")!;
  assert.deepEqual(z3, { Zone: "ap-guangzhou-3", ZoneName: "Guangzhou Zone 3", ZoneId: "100003", ZoneState: "AVAILABLE" });
  assert.equal(r.ZoneSet!.find((z) => z.Zone === "ap-guangzhou-1")!.ZoneState, "UNAVAILABLE");
  assert.equal(r.TotalCount, r.ZoneSet!.length);
  const zh = await sdk("cvm", server, { language: "zh-CN", region: "ap-shanghai" }).DescribeZones();
  assert.equal(zh.ZoneSet!.find((z) => z.Zone === "ap-shanghai-2")!.ZoneName, "上海二区");
  assert.equal(zh.ZoneSet!.find((z) => z.Zone === "ap-shanghai-2")!.ZoneId, "200002");
});

test("DescribeRegions lists every region CVM serves", async () => {
  const r = await sdk("cvm", server).DescribeRegions();
  assertComplete("cvm", "DescribeRegions", r);
  const gz = r.RegionSet!.find((x) => x.Region === "ap-guangzhou")!;
  assert.equal(gz.RegionState, "AVAILABLE");
  assert.ok(r.RegionSet!.some((x) => x.Region === "na-siliconvalley"));
  assert.equal(r.TotalCount, r.RegionSet!.length);
});

test("RunInstances with DryRun validates everything and creates nothing", async () => {
  const before = (await sdk("cvm", server).DescribeInstances({})).TotalCount!;
  await expectCode(run({ DryRun: true }), "DryRunOperation");
  await expectCode(run({ DryRun: true, Placement: { Zone: "ap-shanghai-2" } }), "InvalidZone.MismatchRegion");
  assert.equal((await sdk("cvm", server).DescribeInstances({})).TotalCount, before);
});

test("an instance is PENDING, then RUNNING; it has a system disk; stop, start, reboot and terminate move with the clock", async () => {
  const cvm = sdk("cvm", server);
  const r = await run({ InstanceName: "web", InternetAccessible: { InternetMaxBandwidthOut: 5 } });
  assertComplete("cvm", "RunInstances", r);
  const id = r.InstanceIdSet![0];
  assert.match(id, /^ins-[a-z0-9]{8}$/);
  assert.equal(await state(id), "PENDING");
  await expectCode(cvm.StopInstances({ InstanceIds: [id] }), "UnsupportedOperation.InstanceStatePending");
  await advance(15);
  assert.equal(await state(id), "RUNNING");

  const d = await cvm.DescribeInstances({ InstanceIds: [id] });
  assertComplete("cvm", "DescribeInstances", d);
  const inst = d.InstanceSet![0];
  assert.equal(inst.InstanceName, "web");
  assert.equal(inst.CPU, 2);
  assert.equal(inst.Memory, 4);
  assert.match(inst.SystemDisk!.DiskId!, /^disk-[a-z0-9]{8}$/);
  assert.equal(inst.SystemDisk!.DiskSize, 50);
  assert.equal(inst.PublicIpAddresses!.length, 1);
  assert.match(inst.Uuid!, /^[0-9a-f-]{36}$/);
  assert.equal(inst.LatestOperation, "RunInstances");
  assert.equal(inst.LatestOperationState, "SUCCESS");
  assert.match(inst.CreatedTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  await expectCode(cvm.StartInstances({ InstanceIds: [id] }), "UnsupportedOperation.InstanceStateRunning");
  assertComplete("cvm", "StopInstances", await cvm.StopInstances({ InstanceIds: [id] }));
  assert.equal(await state(id), "STOPPING");
  await expectCode(cvm.RebootInstances({ InstanceIds: [id] }), "UnsupportedOperation.InstanceStateStopping");
  await advance(10);
  assert.equal(await state(id), "STOPPED");
  await expectCode(cvm.StopInstances({ InstanceIds: [id] }), "UnsupportedOperation.InstanceStateStopped");
  assertComplete("cvm", "StartInstances", await cvm.StartInstances({ InstanceIds: [id] }));
  assert.equal(await state(id), "STARTING");
  await advance(10);
  assertComplete("cvm", "RebootInstances", await cvm.RebootInstances({ InstanceIds: [id] }));
  assert.equal(await state(id), "REBOOTING");
  await advance(10);
  assert.equal(await state(id), "RUNNING");

  assertComplete("cvm", "TerminateInstances", await cvm.TerminateInstances({ InstanceIds: [id] }));
  assert.equal(await state(id), "TERMINATING");
  await advance(10);
  assert.equal((await cvm.DescribeInstances({ InstanceIds: [id] })).TotalCount, 0);
  await expectCode(cvm.StartInstances({ InstanceIds: [id] }), "InvalidInstanceId.NotFound");
});

test("DescribeInstances filters and pages", async () => {
  const cvm = sdk("cvm", server, { region: "ap-beijing" });
  const a = await cvm.RunInstances({
    Placement: { Zone: "ap-beijing-3" },
    ImageId: "img-9qabwvbn",
    InstanceCount: 3,
    InstanceName: "node{R:7}",
    TagSpecification: [{ ResourceType: "instance", Tags: [{ Key: "team", Value: "blue" }] }],
  });
  assert.equal(a.InstanceIdSet!.length, 3);
  await cvm.RunInstances({ Placement: { Zone: "ap-beijing-5" }, ImageId: "img-9qabwvbn", InstanceName: "other" });
  const all = await cvm.DescribeInstances({});
  assert.equal(all.TotalCount, 4);
  const names = all.InstanceSet!.map((i) => i.InstanceName).sort();
  assert.deepEqual(names, ["node7", "node8", "node9", "other"]);

  const zone = await cvm.DescribeInstances({ Filters: [{ Name: "zone", Values: ["ap-beijing-5"] }] });
  assert.deepEqual(zone.InstanceSet!.map((i) => i.InstanceName), ["other"]);
  const tagged = await cvm.DescribeInstances({ Filters: [{ Name: "tag:team", Values: ["blue"] }] });
  assert.equal(tagged.TotalCount, 3);
  const byName = await cvm.DescribeInstances({ Filters: [{ Name: "instance-name", Values: ["node8"] }] });
  assert.equal(byName.InstanceSet![0].InstanceName, "node8");
  const both = await cvm.DescribeInstances({ Filters: [{ Name: "tag-key", Values: ["team"] }, { Name: "zone", Values: ["ap-beijing-5"] }] });
  assert.equal(both.TotalCount, 0);

  const p1 = await cvm.DescribeInstances({ Limit: 2, Offset: 0 });
  const p2 = await cvm.DescribeInstances({ Limit: 2, Offset: 2 });
  assert.equal(p1.TotalCount, 4);
  assert.equal(p1.InstanceSet!.length, 2);
  assert.equal(p2.InstanceSet!.length, 2);
  assert.equal(new Set([...p1.InstanceSet!, ...p2.InstanceSet!].map((i) => i.InstanceId)).size, 4);

  await expectCode(cvm.DescribeInstances({ Filters: [{ Name: "colour", Values: ["x"] }] }), "InvalidFilter");
  await expectCode(cvm.DescribeInstances({ InstanceIds: ["ins-12"] }), "InvalidInstanceId.Malformed");
  await expectCode(
    cvm.DescribeInstances({ InstanceIds: [a.InstanceIdSet![0]], Filters: [{ Name: "zone", Values: ["ap-beijing-3"] }] }),
    "InvalidParameterCombination",
  );
  await expectCode(cvm.DescribeInstances({ Limit: 101 }), "InvalidParameterValue");
  const st = await cvm.DescribeInstancesStatus({ Limit: 1 });
  assertComplete("cvm", "DescribeInstancesStatus", st);
  assert.equal(st.TotalCount, 4);
  assert.equal(st.InstanceStatusSet!.length, 1);
});

test("ModifyInstancesAttribute renames and protects an instance from termination", async () => {
  const cvm = sdk("cvm", server);
  const id = (await run()).InstanceIdSet![0];
  await advance(15);
  assertComplete("cvm", "ModifyInstancesAttribute", await cvm.ModifyInstancesAttribute({ InstanceIds: [id], InstanceName: "renamed", DisableApiTermination: true }));
  const i = (await cvm.DescribeInstances({ InstanceIds: [id] })).InstanceSet![0];
  assert.equal(i.InstanceName, "renamed");
  assert.equal(i.DisableApiTermination, true);
  await expectCode(cvm.TerminateInstances({ InstanceIds: [id] }), "UnsupportedOperation.InstancesProtected");
  await expectCode(cvm.ModifyInstancesAttribute({ InstanceIds: [id], InstanceName: "x".repeat(61) }), "InvalidInstanceName.TooLong");
  await expectCode(cvm.ModifyInstancesAttribute({ InstanceIds: [id] }), "MissingParameter");
  await cvm.ModifyInstancesAttribute({ InstanceIds: [id], HostName: "web-01" });
  assert.equal(await state(id), "REBOOTING");
  await advance(10);
  await cvm.ModifyInstancesAttribute({ InstanceIds: [id], DisableApiTermination: false });
  await cvm.TerminateInstances({ InstanceIds: [id] });
});

test("RunInstances refuses what the real service refuses", async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ Placement: { Zone: "ap-guangzhou-1" } }, "ResourceInsufficient.AvailabilityZoneSoldOut"],
    [{ InstanceType: "S5-MEDIUM4" }, "InvalidInstanceType.Malformed"],
    [{ InstanceType: "ZZ9.MEDIUM4" }, "InvalidParameterValue.InstanceTypeNotFound"],
    [{ ImageId: undefined }, "MissingParameter"],
    [{ ImageId: "img-1" }, "InvalidImageId.Malformed"],
    [{ SystemDisk: { DiskType: "LOCAL_SSD" } }, "UnsupportedOperation.InvalidDisk"],
    [{ SystemDisk: { DiskType: "CLOUD_BSSD", DiskSize: 5 } }, "InvalidParameterValue"],
    [{ DataDisks: [{ DiskType: "CLOUD_SSD", DiskSize: 100, SnapshotId: "snap-00000000" }] }, "InvalidParameter.SnapshotNotFound"],
    [{ LoginSettings: { Password: "short" } }, "InvalidPassword"],
    [{ LoginSettings: { Password: "Passw0rd!x", KeyIds: ["skey-abcdefgh"] } }, "InvalidParameterCombination"],
    [{ LoginSettings: { KeyIds: ["key-1"] } }, "InvalidKeyPairId.Malformed"],
    [{ SecurityGroupIds: ["sg-1"] }, "InvalidSgId.Malformed"],
    [{ HostName: "-bad-" }, "InvalidParameterValue.IllegalHostName"],
    [{ UserData: "not base64!" }, "InvalidParameterValue.InvalidUserDataFormat"],
    [{ InstanceCount: 501 }, "InvalidParameterValue.Range"],
    [{ InstanceChargeType: "PREPAID" }, "MissingParameter"],
    [{ InstanceChargeType: "PREPAID", InstanceChargePrepaid: { Period: 13 } }, "InvalidPeriod"],
    [{ ClientToken: "x".repeat(65) }, "InvalidClientToken.TooLong"],
    [{ DisasterRecoverGroupIds: ["ps-abcdefgh"] }, "FailedOperation.DisasterRecoverGroupNotFound"],
    [{ VirtualPrivateCloud: { VpcId: "vpc-1", SubnetId: "subnet-abcdefgh" } }, "InvalidParameterValue.VpcIdMalformed"],
  ];
  for (const [extra, code] of cases) await expectCode(run(extra), code);
});

test("ClientToken makes RunInstances idempotent", async () => {
  const a = await run({ ClientToken: "tok-1" });
  const b = await run({ ClientToken: "tok-1" });
  assert.deepEqual(a.InstanceIdSet, b.InstanceIdSet);
  await advance(15);
  await sdk("cvm", server).TerminateInstances({ InstanceIds: a.InstanceIdSet! });
});

test("a prepaid instance is charged to the balance, refused when it is short, and refunded to the recycle bin on termination", async () => {
  const poor = await server.control("POST", "/accounts", { balance: 10 });
  const cred = { secretId: poor.secretId, secretKey: poor.secretKey };
  const prepaid = { InstanceChargeType: "PREPAID", InstanceChargePrepaid: { Period: 1 } };
  const cvmPoor = sdk("cvm", server, { credential: cred });
  await expectCode(
    cvmPoor.RunInstances({ Placement: { Zone: "ap-guangzhou-3" }, ImageId: "img-9qabwvbn", ...prepaid }),
    "InvalidAccount.InsufficientBalance",
  );
  await expectCode(
    cvmPoor.RunInstances({ Placement: { Zone: "ap-guangzhou-3" }, ImageId: "img-9qabwvbn", DryRun: true, ...prepaid }),
    "InvalidAccount.InsufficientBalance",
  );
  await server.control("PATCH", `/accounts/${poor.uin}`, { balance: 1000 });
  const id = (await cvmPoor.RunInstances({ Placement: { Zone: "ap-guangzhou-3" }, ImageId: "img-9qabwvbn", InstanceType: "S5.SMALL1", ...prepaid })).InstanceIdSet![0];
  // S5.SMALL1: 35 + 15 per month, plus a 50 GiB CLOUD_BSSD system disk at 0.5 per GiB.
  const balance = () => withControlContext(server.app, "cvm", { uin: poor.uin, region: "ap-guangzhou" }, async (ctx) => (await ctx.account()).balance);
  assert.equal(await balance(), 925);
  await advance(15);
  const i = (await cvmPoor.DescribeInstances({ InstanceIds: [id] })).InstanceSet![0];
  assert.equal(i.InstanceChargeType, "PREPAID");
  assert.match(i.ExpiredTime!, /Z$/);
  await cvmPoor.TerminateInstances({ InstanceIds: [id] });
  assert.equal(await state(id), undefined, "another account cannot see it");
  const st = (await cvmPoor.DescribeInstancesStatus({ InstanceIds: [id] })).InstanceStatusSet![0];
  assert.equal(st.InstanceState, "SHUTDOWN");
  assert.ok((await balance()) > 999, "the unused part is refunded");
  await cvmPoor.TerminateInstances({ InstanceIds: [id] });
  await advance(10);
  assert.equal((await cvmPoor.DescribeInstances({ InstanceIds: [id] })).TotalCount, 0);
});

test("for-products: listInstances and getInstance give the derived state and a stable Uuid", async () => {
  const id = (await run()).InstanceIdSet![0];
  const view = () => withControlContext(server.app, "yunjing", { region: "ap-guangzhou" }, (ctx) => getInstance(ctx, id));
  const first = (await view())!;
  assert.equal(first.InstanceState, "PENDING");
  assert.equal(first.Region, "ap-guangzhou");
  await advance(15);
  const second = (await view())!;
  assert.equal(second.InstanceState, "RUNNING");
  assert.equal(second.Uuid, first.Uuid);
  const listed = await withControlContext(server.app, "yunjing", { region: "ap-guangzhou" }, (ctx) => listInstances(ctx));
  assert.ok(listed.some((v) => v.InstanceId === id && v.Uuid === first.Uuid));
  const everywhere = await withControlContext(server.app, "yunjing", { region: "ap-shanghai" }, (ctx) => listInstances(ctx, { allRegions: true }));
  assert.ok(everywhere.some((v) => v.InstanceId === id && v.Region === "ap-guangzhou"));
  await sdk("cvm", server).TerminateInstances({ InstanceIds: [id] });
  await advance(10);
  assert.equal(await view(), undefined);
});
