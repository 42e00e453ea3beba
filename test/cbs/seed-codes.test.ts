import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { cbsCodes } from "../../src/errors/codes/cbs";
import { expectCode, sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";

/**
 * Every product code of CBS's error-code page (the seed), each produced by a realistic call sequence through
 * the official SDK; the four with no natural trigger in an emulator are produced by fault injection.
 */
let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const advance = (seconds: number) => server.control("POST", "/clock", { advanceSeconds: seconds });
const cbs = (region = "ap-guangzhou") => sdk("cbs", server, { region });
const DAY = 86_400;

async function disk(o: Record<string, unknown> = {}, region = "ap-guangzhou"): Promise<string> {
  const zone = (o.Zone as string | undefined) ?? `${region}-3`;
  delete o.Zone;
  const r = await cbs(region).CreateDisks({ Placement: { Zone: zone }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 20, ...o } as never);
  return r.DiskIdSet![0];
}

async function instance(zone = "ap-guangzhou-3", settle = true): Promise<string> {
  const id = (await sdk("cvm", server, { region: zone.replace(/-\d+$/, "") }).RunInstances({ Placement: { Zone: zone }, ImageId: "img-9qabwvbn" })).InstanceIdSet![0];
  if (settle) await advance(15);
  return id;
}

async function systemDisk(ins: string): Promise<string> {
  return (await sdk("cvm", server).DescribeInstances({ InstanceIds: [ins] })).InstanceSet![0].SystemDisk!.DiskId!;
}

async function account(balance = 0) {
  const a = await server.control("POST", "/accounts", { balance });
  return sdk("cbs", server, { credential: { secretId: a.secretId, secretKey: a.secretKey } });
}

const prepaid = { Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "PREPAID", DiskChargePrepaid: { Period: 1 }, DiskType: "CLOUD_PREMIUM", DiskSize: 10 };

async function inject(action: string, code: string, call: () => Promise<unknown>): Promise<void> {
  await server.control("POST", "/faults", { service: "cbs", action, code, count: 1 });
  await expectCode(call(), code);
}

/** Natural triggers: a realistic call sequence that ends in the code. */
const natural: Record<string, () => Promise<unknown>> = {
  AutoSnapshotPolicyOutOfQuota: async () => {
    for (let i = 0; i < 30; i++) await cbs("ap-seoul").CreateAutoSnapshotPolicy({ Policy: [{ Hour: [3], DayOfWeek: [1] }] });
    return cbs("ap-seoul").CreateAutoSnapshotPolicy({ Policy: [{ Hour: [3], DayOfWeek: [1] }] });
  },
  InsufficientRefundQuota: async () => {
    const c = await account(10_000);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(...(await c.CreateDisks({ ...prepaid, DiskCount: 50 })).DiskIdSet!);
    await c.TerminateDisks({ DiskIds: ids.slice(0, 100) });
    await c.TerminateDisks({ DiskIds: ids.slice(100, 199) });
    return c.TerminateDisks({ DiskIds: [ids[199]] });
  },
  InsufficientSnapshotQuota: async () => {
    const id = await disk({ DiskSize: 10 });
    for (let i = 0; i < 64; i++) {
      await cbs().CreateSnapshot({ DiskId: id });
      await advance(20);
    }
    return cbs().CreateSnapshot({ DiskId: id });
  },
  "InvalidAccount.InsufficientBalance": async () => (await account(1)).CreateDisks(prepaid),
  "InvalidAutoSnapshotPolicyId.NotFound": async () => cbs().BindAutoSnapshotPolicy({ AutoSnapshotPolicyId: "asp-00000000", DiskIds: [await disk()] }),
  "InvalidDisk.AlreadyBound": async () => {
    const id = await disk();
    const a = (await cbs().CreateAutoSnapshotPolicy({ Policy: [{ Hour: [1], DayOfWeek: [1] }] })).AutoSnapshotPolicyId!;
    const b = (await cbs().CreateAutoSnapshotPolicy({ Policy: [{ Hour: [2], DayOfWeek: [2] }] })).AutoSnapshotPolicyId!;
    await cbs().BindAutoSnapshotPolicy({ AutoSnapshotPolicyId: a, DiskIds: [id] });
    return cbs().BindAutoSnapshotPolicy({ AutoSnapshotPolicyId: b, DiskIds: [id] });
  },
  "InvalidDisk.Attached": async () => {
    const ins = await instance();
    const id = await disk();
    await cbs().AttachDisks({ InstanceId: ins, DiskIds: [id] });
    return cbs().TerminateDisks({ DiskIds: [id] });
  },
  "InvalidDisk.Busy": async () => {
    const id = await disk();
    await cbs().ResizeDisk({ DiskId: id, DiskSize: 40 });
    return cbs().ResizeDisk({ DiskId: id, DiskSize: 60 });
  },
  "InvalidDisk.Expire": async () => {
    const id = (await cbs().CreateDisks(prepaid)).DiskIdSet![0];
    await advance(32 * DAY);
    return cbs().ResizeDisk({ DiskId: id, DiskSize: 40 });
  },
  "InvalidDisk.NotPortable": async () => {
    const ins = await instance();
    return cbs().AttachDisks({ InstanceId: ins, DiskIds: [await systemDisk(ins)] });
  },
  "InvalidDisk.NotSupportRefund": async () => {
    const id = (await cbs().CreateDisks(prepaid)).DiskIdSet![0];
    await advance(6 * DAY);
    return cbs().TerminateDisks({ DiskIds: [id] });
  },
  "InvalidDisk.NotSupportSnapshot": async () => cbs().CreateSnapshot({ DiskId: await disk({ Shareable: true }) }),
  "InvalidDisk.NotSupported": async () => cbs().ModifyDiskExtraPerformance({ DiskId: await disk(), ThroughputPerformance: 50 }),
  "InvalidDisk.RepeatRefund": async () => {
    const id = (await cbs().CreateDisks(prepaid)).DiskIdSet![0];
    await cbs().TerminateDisks({ DiskIds: [id] });
    return cbs().TerminateDisks({ DiskIds: [id] });
  },
  "InvalidDisk.SnapshotCreating": async () => {
    const id = await disk();
    await cbs().CreateSnapshot({ DiskId: id });
    return cbs().CreateSnapshot({ DiskId: id });
  },
  "InvalidDisk.TypeError": async () => cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_TSSD", DiskSize: 100 }),
  "InvalidDiskId.NotFound": async () => cbs().DescribeDiskAssociatedAutoSnapshotPolicy({ DiskId: "disk-00000000" }),
  InvalidFilter: async () => cbs().DescribeDisks({ Filters: [{ Name: "disk-colour", Values: ["red"] }] }),
  "InvalidInstance.NotSupported": async () => cbs().AttachDisks({ InstanceId: await instance("ap-guangzhou-3", false), DiskIds: [await disk()] }),
  "InvalidInstanceId.NotFound": async () => cbs().AttachDisks({ InstanceId: "ins-00000000", DiskIds: [await disk()] }),
  InvalidParameter: async () => cbs().DescribeDisks({ DiskIds: [await disk()], Filters: [{ Name: "disk-type", Values: ["CLOUD_PREMIUM"] }] }),
  "InvalidParameter.DiskConfigNotSupported": async () => cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_BASIC", DiskSize: 20 }),
  "InvalidParameter.DiskSizeNotMatch": async () => {
    const id = await disk({ DiskSize: 50 });
    const snap = (await cbs().CreateSnapshot({ DiskId: id })).SnapshotId!;
    await advance(100);
    return cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 30, SnapshotId: snap });
  },
  InvalidParameterValue: async () => cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_SSD", DiskSize: 40000 }),
  "InvalidParameterValue.BindDiskLimitExceeded": async () => {
    const c = cbs("ap-mumbai");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(...(await c.CreateDisks({ Placement: { Zone: "ap-mumbai-1" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 10, DiskCount: 41 })).DiskIdSet!);
    const p = (await c.CreateAutoSnapshotPolicy({ Policy: [{ Hour: [1], DayOfWeek: [1] }] })).AutoSnapshotPolicyId!;
    await c.BindAutoSnapshotPolicy({ AutoSnapshotPolicyId: p, DiskIds: ids.slice(0, 100) });
    await c.BindAutoSnapshotPolicy({ AutoSnapshotPolicyId: p, DiskIds: ids.slice(100, 200) });
    return c.BindAutoSnapshotPolicy({ AutoSnapshotPolicyId: p, DiskIds: ids.slice(200) });
  },
  "InvalidParameterValue.LimitExceeded": async () => {
    const ins = await instance();
    const ids = (await cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 10, DiskCount: 11 })).DiskIdSet!;
    return cbs().AttachDisks({ InstanceId: ins, DiskIds: ids });
  },
  "InvalidSnapshot.NotSupported": async () => {
    const ins = await instance();
    const snap = (await cbs().CreateSnapshot({ DiskId: await systemDisk(ins) })).SnapshotId!;
    await advance(100);
    const other = await server.control("POST", "/accounts", {});
    return cbs().ModifySnapshotsSharePermission({ SnapshotIds: [snap], AccountIds: [other.uin], Permission: "SHARE" });
  },
  "InvalidSnapshotId.NotFound": async () => cbs().DeleteSnapshots({ SnapshotIds: ["snap-00000000"] }),
  "LimitExceeded.InstanceAttachedDisk": async () => {
    const ins = await instance();
    const ids = (await cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 10, DiskCount: 21 })).DiskIdSet!;
    await cbs().AttachDisks({ InstanceId: ins, DiskIds: ids.slice(0, 10) });
    await cbs().AttachDisks({ InstanceId: ins, DiskIds: ids.slice(10, 20) });
    return cbs().AttachDisks({ InstanceId: ins, DiskIds: ids.slice(20) });
  },
  MissingParameter: async () => cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "PREPAID", DiskType: "CLOUD_PREMIUM", DiskSize: 10 }),
  ResourceBusy: async () => {
    const ins = await instance();
    const id = await disk();
    await cbs().AttachDisks({ InstanceId: ins, DiskIds: [id] });
    return cbs().AttachDisks({ InstanceId: ins, DiskIds: [id] });
  },
  ResourceInsufficient: async () => cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-1" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 20 }),
  "ResourceInsufficient.OverQuota": async () => {
    const id = await disk({ DiskBackupQuota: 1 });
    await cbs().CreateDiskBackup({ DiskId: id });
    return cbs().CreateDiskBackup({ DiskId: id });
  },
  "ResourceUnavailable.TooManyCreatingSnapshot": async () => {
    const c = cbs("ap-bangkok");
    const ids = (await c.CreateDisks({ Placement: { Zone: "ap-bangkok-1" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 10, DiskCount: 21 })).DiskIdSet!;
    for (const id of ids.slice(0, 20)) await c.CreateSnapshot({ DiskId: id });
    return c.CreateSnapshot({ DiskId: ids[20] });
  },
  UnauthorizedOperation: async () => {
    const allowed = await disk();
    const other = await disk();
    const user = await server.control("POST", "/accounts/100000000001/users", {
      name: "ops",
      policy: { version: "2.0", statement: [{ effect: "allow", action: ["cbs:*"], resource: [`qcs::cbs:ap-guangzhou:uin/100000000001:volume/${allowed}`] }] },
    });
    const c = sdk("cbs", server, { credential: { secretId: user.secretId, secretKey: user.secretKey } });
    await c.ModifyDiskAttributes({ DiskIds: [allowed], DiskName: "mine" });
    return c.ModifyDiskAttributes({ DiskIds: [other], DiskName: "not mine" });
  },
  "UnsupportedOperation.DiskEncrypt": async () => {
    const ins = await instance();
    return cbs().CreateDisks({
      Placement: { Zone: "ap-guangzhou-3" },
      DiskChargeType: "POSTPAID_BY_HOUR",
      DiskType: "CLOUD_PREMIUM",
      DiskSize: 20,
      Encrypt: "ENCRYPT",
      AutoMountConfiguration: { InstanceId: [ins], MountPoint: ["/data"], FileSystemType: "ext4" },
    });
  },
  "UnsupportedOperation.InstanceNotStopped": async () => cbs().ResizeDisk({ DiskId: await systemDisk(await instance()), DiskSize: 100 }),
  "UnsupportedOperation.SnapshotHasBindedImage": async () => {
    const snap = (await cbs().CreateSnapshot({ DiskId: await disk() })).SnapshotId!;
    await advance(40);
    await server.control("POST", "/cbs/images", { snapshotId: snap, imageName: "golden" });
    return cbs().DeleteSnapshots({ SnapshotIds: [snap] });
  },
  "UnsupportedOperation.StateError": async () => {
    const ins = await instance();
    const id = await disk();
    await cbs().AttachDisks({ InstanceId: ins, DiskIds: [id] });
    await advance(5);
    const g = (await cbs().CreateSnapshotGroup({ DiskIds: [id, await systemDisk(ins)] })).SnapshotGroupId!;
    return cbs().DeleteSnapshotGroup({ SnapshotGroupId: g });
  },
  ZoneNotMatch: async () => cbs().AttachDisks({ InstanceId: await instance("ap-guangzhou-3"), DiskIds: [await disk({ Zone: "ap-guangzhou-6" })] }),
};

/** No call sequence produces these in an emulator: they are injected as a test harness would. */
const injected: Record<string, () => Promise<void>> = {
  "InternalError.ComponentError": async () => inject("AttachDisks", "InternalError.ComponentError", async () => cbs().AttachDisks({ InstanceId: await instance(), DiskIds: [await disk()] })),
  "InternalError.FailQueryResource": async () => inject("TerminateDisks", "InternalError.FailQueryResource", async () => cbs().TerminateDisks({ DiskIds: [await disk()] })),
  "InternalError.ResourceOpFailed": async () => inject("DetachDisks", "InternalError.ResourceOpFailed", async () => cbs().DetachDisks({ DiskIds: [await disk()] })),
  TradeDealConflict: async () => inject("CreateDisks", "TradeDealConflict", async () => cbs().CreateDisks(prepaid)),
};

test("the tables cover exactly the 44 product codes of the CBS seed page", () => {
  const seed = Object.entries(cbsCodes)
    .filter(([, info]) => info.origin === "seed")
    .map(([code]) => code);
  // The page also lists five codes of the common set as product codes.
  const all = [...seed, "InvalidParameter", "InvalidParameterValue", "MissingParameter", "ResourceInsufficient", "UnauthorizedOperation"].sort();
  assert.equal(all.length, 44);
  assert.deepEqual([...Object.keys(natural), ...Object.keys(injected)].sort(), all);
});

for (const [code, run] of Object.entries(natural)) {
  test(`${code} (natural)`, async () => {
    const err = await expectCode(run(), code);
    // CBS tags its messages with the end of the RequestId, as the real service does.
    if (code !== "UnauthorizedOperation") assert.equal(err.message.slice(0, 14), `(${err.requestId.replace(/-/g, "").slice(-12)})`);
  });
}

for (const [code, run] of Object.entries(injected)) test(`${code} (injected)`, run);

test("common codes through CBS", async () => {
  const bad = sdk("cbs", server, { region: "ap-taipei" });
  await expectCode(bad.DescribeDisks({}), "UnsupportedRegion");
  await expectCode(cbs().CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskSize: 20 } as never), "MissingParameter");
  await expectCode(cbs().DescribeDisks({ Colour: "red" } as never), "UnknownParameter");
  await expectCode(cbs().DescribeDisks({ Limit: "ten" } as never), "InvalidParameter");
  const noCbs = await server.control("POST", "/accounts/100000000001/users", {
    name: "kms-only",
    policy: { version: "2.0", statement: [{ effect: "allow", action: ["kms:*"], resource: ["*"] }] },
  });
  await expectCode(sdk("cbs", server, { credential: { secretId: noCbs.secretId, secretKey: noCbs.secretKey } }).DescribeDisks({}), "AuthFailure.UnauthorizedOperation");
});
