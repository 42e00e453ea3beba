import { after, before, describe, test } from "node:test";
import { cosClient } from "../cos/helpers";
import { expectCode, sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";

/**
 * The rest of the codes CVM answers by itself (codes.test.ts has the first part): image sharing between accounts,
 * images from snapshots and busy disks, imports and exports, CHC networks, quotas, transitional instance states.
 * Each case sets up what it needs; time-sensitive ones make their state and check it without the clock moving.
 */
let server: TestServer;
const ZONE = "ap-guangzhou-3";
const ME = "100000000001";
const BUCKET = "b-1250000000";
const URL = "https://b-1250000000.cos.ap-guangzhou.myqcloud.com/a.qcow2";
const f: Record<string, string> = {};
let other: { uin: string; appId: number; secretId: string; secretKey: string };

const c = () => sdk("cvm", server);
const cbs = () => sdk("cbs", server);
const cb = () => sdk("cvm", server, { credential: { secretId: other.secretId, secretKey: other.secretKey } });
const clock = (advanceSeconds: number) => server.control("POST", "/clock", { advanceSeconds });
const newAccount = async () => {
  const a = await server.control("POST", "/accounts", { balance: 100000 });
  return { cvm: sdk("cvm", server, { credential: { secretId: a.secretId, secretKey: a.secretKey } }), vpc: sdk("vpc", server, { credential: { secretId: a.secretId, secretKey: a.secretKey } }) };
};
const runOne = async (extra: Record<string, unknown> = {}) =>
  (await c().RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn", VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet }, ...extra })).InstanceIdSet![0];
const systemDisk = async (id: string) => (await c().DescribeInstances({ InstanceIds: [id] })).InstanceSet![0].SystemDisk!.DiskId!;
const stop = async (id: string) => {
  await c().StopInstances({ InstanceIds: [id] });
  await clock(10);
};

before(async () => {
  server = await startTclocal();
  await server.control("PATCH", `/accounts/${ME}`, { balance: 1000000 });
  other = await server.control("POST", "/accounts", {});
  // The buckets exports name and the object imports name (ImportImage checks that a tclocal COS object exists).
  await cosClient(server).putBucket({ Bucket: BUCKET, Region: "ap-guangzhou" });
  await cosClient(server).putObject({ Bucket: BUCKET, Region: "ap-guangzhou", Key: "a.qcow2", Body: Buffer.from("image") });
  await cosClient(server, { secretId: other.secretId, secretKey: other.secretKey }).putBucket({ Bucket: `b-${other.appId}`, Region: "ap-guangzhou" });
  const v = sdk("vpc", server);
  f.vpc = (await v.CreateVpc({ VpcName: "more", CidrBlock: "10.0.0.0/16" })).Vpc!.VpcId!;
  f.subnet = (await v.CreateSubnet({ VpcId: f.vpc, SubnetName: "a", CidrBlock: "10.0.1.0/24", Zone: ZONE })).Subnet!.SubnetId!;
  f.sg = (await v.CreateSecurityGroup({ GroupName: "g", GroupDescription: "d" })).SecurityGroup!.SecurityGroupId!;
  for (const k of ["source", "insA", "insB", "win", "stopped", "rescue", "reboot", "terminate"]) f[k] = await runOne(k === "win" ? { ImageId: "img-9id7emv7" } : {});
  f.prepaid = await runOne({ InstanceChargeType: "PREPAID", InstanceChargePrepaid: { Period: 1 } });
  f.dataDisk = (await cbs().CreateDisks({ Placement: { Zone: ZONE }, DiskType: "CLOUD_PREMIUM", DiskSize: 10, DiskChargeType: "POSTPAID_BY_HOUR" })).DiskIdSet![0];
  f.byol = (await c().ImportImage({ Architecture: "x86_64", OsType: "CentOS", OsVersion: "7", ImageUrl: URL, ImageName: "byol", LicenseType: "BYOL" })).ImageId!;
  f.lt = (await c().CreateLaunchTemplate({ LaunchTemplateName: "lt", Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn" })).LaunchTemplateId!;
  f.chc = (await server.control("POST", "/cvm/chc-hosts", { zone: ZONE })).chcId;
  f.chcReady = (await server.control("POST", "/cvm/chc-hosts", { zone: ZONE })).chcId;
  await clock(20);
  await c().StopInstances({ InstanceIds: [f.source, f.stopped] });
  await clock(10);
  f.image = (await c().CreateImage({ ImageName: "img", InstanceId: f.source })).ImageId!;
  f.winImage = (await c().CreateImage({ ImageName: "win", InstanceId: f.win, ForcePoweroff: "true" })).ImageId!;
  f.snapA = (await cbs().CreateSnapshot({ DiskId: await systemDisk(f.insA) })).SnapshotId!;
  f.snapB = (await cbs().CreateSnapshot({ DiskId: await systemDisk(f.insB) })).SnapshotId!;
  f.snapData = (await cbs().CreateSnapshot({ DiskId: f.dataDisk })).SnapshotId!;
  await c().ConfigureChcAssistVpc({ ChcIds: [f.chcReady], BmcVirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet }, DeployVirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet } });
  await clock(400);
  await c().ModifyImageSharePermission({ ImageId: f.image, AccountIds: [other.uin], Permission: "SHARE" });
  f.encrypted = (await c().SyncImages({ ImageIds: [f.image], DestinationRegions: ["ap-guangzhou"], Encrypt: true, ImageSetRequired: true })).ImageSet![0].ImageId!;
  await clock(400);
});
after(() => server.stop());

type Case = [string, string, () => Promise<unknown>];
const run = (cases: Case[]) => {
  for (const [code, why, call] of cases) test(`${code}: ${why}`, async () => void (await expectCode(call(), code)));
};

describe("images shared between accounts", () => {
  run([
    ["FailedOperation.AccountAlreadyExists", "sharing again with the same account", () => c().ModifyImageSharePermission({ ImageId: f.image, AccountIds: [other.uin], Permission: "SHARE" })],
    ["InvalidImageId.InShared", "deleting an image while it is shared", () => c().DeleteImages({ ImageIds: [f.image] })],
    ["UnauthorizedOperation.ImageNotBelongToAccount", "the receiver sharing it on", () => cb().ModifyImageSharePermission({ ImageId: f.image, AccountIds: [ME], Permission: "SHARE" })],
    ["InvalidParameterValue.InvalidImageIdIsShared", "the receiver deleting it", () => cb().DeleteImages({ ImageIds: [f.image] })],
    ["UnsupportedOperation.SharedImageExportUnsupported", "the receiver exporting it", () => cb().ExportImages({ BucketName: `b-${other.appId}`, ImageIds: [f.image] })],
    ["UnsupportedOperation.SharedImageModifyUnsupported", "the receiver renaming it", () => cb().ModifyImageAttribute({ ImageId: f.image, ImageName: "mine" })],
    ["FailedOperation.BYOLImageShareFailed", "sharing a bring-your-own-license import", () => c().ModifyImageSharePermission({ ImageId: f.byol, AccountIds: [other.uin], Permission: "SHARE" })],
    ["UnsupportedOperation.EncryptedImagesNotSupported", "sharing an encrypted copy", () => c().ModifyImageSharePermission({ ImageId: f.encrypted, AccountIds: [other.uin], Permission: "SHARE" })],
  ]);
  test("OverQuota: an image shared with a 501st account", async () => {
    const uins: string[] = [];
    for (let i = 0; i < 500; i++) uins.push((await server.control("POST", "/accounts", {})).uin);
    const img = (await c().ImportImage({ Architecture: "x86_64", OsType: "CentOS", OsVersion: "8", ImageUrl: URL, ImageName: "wide" })).ImageId!;
    await clock(301);
    for (let i = 0; i < 500; i += 100) await c().ModifyImageSharePermission({ ImageId: img, AccountIds: uins.slice(i, i + 100), Permission: "SHARE" });
    await expectCode(c().ModifyImageSharePermission({ ImageId: img, AccountIds: [other.uin], Permission: "SHARE" }), "OverQuota");
  });
});

describe("making, copying, importing and exporting images", () => {
  run([
    ["InvalidParameter.DataDiskIdContainsRootDisk", "the system disk among DataDiskIds", async () => c().CreateImage({ ImageName: "x", InstanceId: f.stopped, DataDiskIds: [await systemDisk(f.stopped)] })],
    ["InvalidParameter.SystemSnapshotNotFound", "snapshots without a system disk", () => c().CreateImage({ ImageName: "x", SnapshotIds: [f.snapData] })],
    ["InvalidParameter.DuplicateSystemSnapshots", "two system-disk snapshots", () => c().CreateImage({ ImageName: "x", SnapshotIds: [f.snapA, f.snapB] })],
    ["InvalidParameterValue.TooLarge", "a 61-character image name", () => c().CreateImage({ ImageName: "x".repeat(61), InstanceId: f.stopped })],
    ["ResourceUnavailable.SnapshotCreating", "a snapshot still being taken", async () => {
      const snap = (await cbs().CreateSnapshot({ DiskId: await systemDisk(f.stopped) })).SnapshotId!;
      return c().CreateImage({ ImageName: "x", SnapshotIds: [snap] });
    }],
    ["ResourceInUse.DiskRollbacking", "an instance whose system disk rolls back", async () => {
      await stop(f.insA);
      await cbs().ApplySnapshot({ SnapshotId: f.snapA, DiskId: await systemDisk(f.insA) });
      return c().CreateImage({ ImageName: "x", InstanceId: f.insA });
    }],
    ["OperationDenied.InstanceOperationInProgress", "an instance whose system disk is expanding", async () => {
      await stop(f.insB);
      await cbs().ResizeDisk({ DiskId: await systemDisk(f.insB), DiskSize: 60 });
      return c().CreateImage({ ImageName: "x", InstanceId: f.insB });
    }],
    ["UnsupportedOperation.SyncEncryptImageNotSupport", "an encrypted copy to another region", () => c().SyncImages({ ImageIds: [f.image], DestinationRegions: ["ap-shanghai"], Encrypt: true })],
    ["InvalidParameter.InvalidKmsKeyId", "an encrypted copy with a KMS key that does not exist", () => c().SyncImages({ ImageIds: [f.image], DestinationRegions: ["ap-guangzhou"], Encrypt: true, KmsKeyId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" })],
    ["InvalidImageOsVersion.Unsupported", "importing CentOS 99", () => c().ImportImage({ Architecture: "x86_64", OsType: "CentOS", OsVersion: "99", ImageUrl: URL, ImageName: "c99" })],
    ["InvalidParameterValue.InvalidLicenseType", "a license type that does not exist", () => c().ImportImage({ Architecture: "x86_64", OsType: "CentOS", OsVersion: "7", ImageUrl: URL, ImageName: "l", LicenseType: "FREE" })],
    ["InvalidParameterValue.InvalidBootMode", "a boot mode that does not exist", () => c().ImportImage({ Architecture: "x86_64", OsType: "CentOS", OsVersion: "7", ImageUrl: URL, ImageName: "b", BootMode: "COREBOOT" })],
    ["InvalidParameter.ImageIdsSnapshotIdsMustOne", "exporting nothing", () => c().ExportImages({ BucketName: BUCKET, ImageIds: [] })],
    ["InvalidParameterValue.InvalidFileNamePrefixList", "two prefixes for one image", () => c().ExportImages({ BucketName: BUCKET, ImageIds: [f.image], FileNamePrefixList: ["a", "b"] })],
    ["UnsupportedOperation.WindowsImageExportUnsupported", "exporting a Windows image", () => c().ExportImages({ BucketName: BUCKET, ImageIds: [f.winImage] })],
  ]);
});

describe("CHC hosts, packs, templates, placement, projects", () => {
  run([
    ["InvalidParameter.AtMostOne", "ChcIds with Filters", () => c().DescribeChcHosts({ ChcIds: [f.chc], Filters: [{ Name: "zone", Values: [ZONE] }] })],
    ["InvalidParameterValue.NotEmpty", "an empty CHC name", () => c().ModifyChcAttribute({ ChcIds: [f.chc], InstanceName: "" })],
    ["InvalidParameterValue.ChcNetworkEmpty", "BMC security groups on a host without a BMC network", () => c().ModifyChcAttribute({ ChcIds: [f.chc], BmcSecurityGroupIds: [f.sg] })],
    ["InvalidParameterValue.DeployVpcAlreadyExists", "a second deploy network", () => c().ConfigureChcDeployVpc({ ChcIds: [f.chcReady], DeployVirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet } })],
    ["OperationDenied.ChcDeployConfigInvalid", "deploy mode without a deploy configuration", () => c().ModifyChcNetworkMode({ ChcIds: [f.chcReady], NetworkMode: "DEPLOY" })],
    ["InvalidParameterValueLimit", "101 key pairs a page", () => c().DescribeKeyPairs({ Limit: 101 })],
    ["InvalidParameterValueOffset", "a negative offset", () => c().DescribeKeyPairs({ Offset: -1 })],
    ["InvalidParameterValue.DedicatedResourcePackName", "a 61-character pack name", () => c().PurchaseResourcePoolPacks({ Zone: ZONE, InstanceType: "S5.MEDIUM4", InstanceCount: 1, Period: 1, DedicatedResourcePoolPackName: "x".repeat(61) })],
    ["InvalidParameterValue.ResourcePoolPackStatus", "terminating a pack twice", async () => {
      const id = (await c().PurchaseResourcePoolPacks({ Zone: ZONE, InstanceType: "S5.MEDIUM4", InstanceCount: 1, Period: 1 })).DedicatedResourcePackIdSet![0];
      await c().TerminateResourcePoolPacks({ DedicatedResourcePackIds: [id] });
      return c().TerminateResourcePoolPacks({ DedicatedResourcePackIds: [id] });
    }],
    ["InvalidParameterValue.InstanceIdMalformed", "an instance id that is not one", () => c().DescribeInstancesAttributes({ InstanceIds: ["i-1"], Attributes: ["UserData"] })],
    ["InvalidParameterValue.InvalidLaunchTemplateVersionDescription", "a 256-character version description", () => c().CreateLaunchTemplateVersion({ LaunchTemplateId: f.lt, LaunchTemplateVersionDescription: "d".repeat(256), Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn" })],
    ["InvalidParameterValue.TooLong", "a 61-character placement group name", () => c().CreateDisasterRecoverGroup({ Name: "x".repeat(61), Type: "HOST" })],
    ["ResourceNotFound.InvalidPlacementSet", "a placement group that does not exist", () => c().ModifyDisasterRecoverGroupAttribute({ DisasterRecoverGroupId: "ps-zzzzzzzz", Name: "x" })],
    ["ResourceNotFound.InvalidInstanceIdNotFound", "removing an instance that does not exist from a group", async () => {
      const g = (await c().CreateDisasterRecoverGroup({ Name: "g", Type: "HOST" })).DisasterRecoverGroupId!;
      return c().DeleteInstancesDisasterRecoverGroups({ InstanceIds: ["ins-zzzzzzzz"], DisasterRecoverGroupIds: [g] });
    }],
    ["ResourceInsufficient.DisasterRecoverGroupCvmQuota", "21 instances into a rack group", async () => {
      const g = (await c().CreateDisasterRecoverGroup({ Name: "rack", Type: "RACK" })).DisasterRecoverGroupId!;
      return runOne({ InstanceCount: 21, DisasterRecoverGroupIds: [g] });
    }],
    ["InvalidProjectId.NotFound", "a negative project", () => c().ModifyInstancesProject({ InstanceIds: [f.stopped], ProjectId: -1 })],
    ["UnsupportedOperation", "taking an instance out of its only security group", async () => {
      const groups = (await c().DescribeInstances({ InstanceIds: [f.source] })).InstanceSet![0].SecurityGroupIds!;
      return c().DisassociateSecurityGroups({ InstanceIds: [f.source], SecurityGroupIds: groups });
    }],
  ]);
});

describe("transitional instance states", () => {
  run([
    ["UnsupportedOperation.InstanceStateStarting", "stopping a STARTING instance", async () => {
      await c().StartInstances({ InstanceIds: [f.stopped] });
      return c().StopInstances({ InstanceIds: [f.stopped] });
    }],
    ["UnsupportedOperation.InstanceStateRebooting", "stopping a REBOOTING instance", async () => {
      await c().RebootInstances({ InstanceIds: [f.reboot] });
      return c().StopInstances({ InstanceIds: [f.reboot] });
    }],
    ["UnsupportedOperation.InstanceStateTerminating", "stopping a TERMINATING instance", async () => {
      await c().TerminateInstances({ InstanceIds: [f.terminate] });
      return c().StopInstances({ InstanceIds: [f.terminate] });
    }],
    ["UnsupportedOperation.InstanceStateShutdown", "starting a returned prepaid instance", async () => {
      await c().TerminateInstances({ InstanceIds: [f.prepaid] });
      return c().StartInstances({ InstanceIds: [f.prepaid] });
    }],
    ["UnsupportedOperation.InstanceStateEnterRescueMode", "rebooting an instance entering rescue mode", async () => {
      await c().EnterRescueMode({ InstanceId: f.rescue, Password: "Rescue!2024a", ForceStop: true });
      return c().RebootInstances({ InstanceIds: [f.rescue] });
    }],
    ["UnsupportedOperation.InstanceStateExitRescueMode", "rebooting an instance leaving rescue mode", async () => {
      await clock(10);
      await c().ExitRescueMode({ InstanceId: f.rescue });
      return c().RebootInstances({ InstanceIds: [f.rescue] });
    }],
  ]);
});

describe("quotas", () => {
  test("LimitExceeded.LaunchTemplateQuota, LimitExceeded.LaunchTemplateVersionQuota: 30 templates, 30 versions", async () => {
    const { cvm } = await newAccount();
    const spec = { Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn" };
    const first = (await cvm.CreateLaunchTemplate({ LaunchTemplateName: "t0", ...spec })).LaunchTemplateId!;
    for (let i = 1; i < 30; i++) await cvm.CreateLaunchTemplate({ LaunchTemplateName: `t${i}`, ...spec });
    await expectCode(cvm.CreateLaunchTemplate({ LaunchTemplateName: "over", ...spec }), "LimitExceeded.LaunchTemplateQuota");
    for (let i = 1; i < 30; i++) await cvm.CreateLaunchTemplateVersion({ LaunchTemplateId: first, ...spec });
    await expectCode(cvm.CreateLaunchTemplateVersion({ LaunchTemplateId: first, ...spec }), "LimitExceeded.LaunchTemplateVersionQuota");
  });
  test("ResourceInsufficient.CidrBlock: no /20 left in the default VPC for a zone's default subnet", async () => {
    const { cvm, vpc } = await newAccount();
    const def = await vpc.CreateDefaultVpc({ Zone: "ap-guangzhou-4" });
    for (let i = 1; i < 16; i++) await vpc.CreateSubnet({ VpcId: def.Vpc!.VpcId!, SubnetName: `s${i}`, CidrBlock: `172.16.${i * 16}.0/20`, Zone: "ap-guangzhou-4" });
    await expectCode(cvm.RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn" }), "ResourceInsufficient.CidrBlock");
  });
  test("LimitExceeded.InstanceQuota: a 501st instance in a region", async () => {
    const { cvm } = await newAccount();
    for (let i = 0; i < 5; i++) await cvm.RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn", InstanceCount: 100 });
    await expectCode(cvm.RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn" }), "LimitExceeded.InstanceQuota");
  });
  test("InvalidParameter.HostIdStatusNotSupport: an instance on an expired CDH host (the clock moves 32 days: last)", async () => {
    const host = (await c().AllocateHosts({ Placement: { Zone: ZONE }, HostChargePrepaid: { Period: 1 } })).HostIdSet![0];
    await clock(32 * 86400);
    await expectCode(runOne({ Placement: { Zone: ZONE, HostIds: [host] }, InstanceChargeType: "CDHPAID" }), "InvalidParameter.HostIdStatusNotSupport");
  });
});
