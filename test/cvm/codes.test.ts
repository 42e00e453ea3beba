import { after, before, describe, test } from "node:test";
import { cosClient } from "../cos/helpers";
import { expectCode, sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";

/**
 * Every code CVM answers by itself (not through fault injection), each produced by the situation the API
 * reference documents it for, through the official SDK. Failed calls change nothing, so the cases share one set
 * of resources made before them. (RunInstances' refusals of its own members are in instances.test.ts.)
 */
let server: TestServer;
const ZONE = "ap-guangzhou-3";
const f: Record<string, string> = {};

before(async () => {
  server = await startTclocal();
  const v = sdk("vpc", server);
  const c = sdk("cvm", server);
  f.vpc = (await v.CreateVpc({ VpcName: "codes", CidrBlock: "10.0.0.0/16" })).Vpc!.VpcId!;
  f.subnet = (await v.CreateSubnet({ VpcId: f.vpc, SubnetName: "a", CidrBlock: "10.0.1.0/24", Zone: ZONE })).Subnet!.SubnetId!;
  f.subnet4 = (await v.CreateSubnet({ VpcId: f.vpc, SubnetName: "z4", CidrBlock: "10.0.4.0/24", Zone: "ap-guangzhou-4" })).Subnet!.SubnetId!;
  f.tiny = (await v.CreateSubnet({ VpcId: f.vpc, SubnetName: "t", CidrBlock: "10.0.2.0/28", Zone: ZONE })).Subnet!.SubnetId!;
  f.other = (await v.CreateVpc({ VpcName: "other", CidrBlock: "192.168.0.0/16" })).Vpc!.VpcId!;
  f.sg = (await v.CreateSecurityGroup({ GroupName: "g", GroupDescription: "d" })).SecurityGroup!.SecurityGroupId!;
  const net = { VpcId: f.vpc, SubnetId: f.subnet };
  const run = async (extra: Record<string, unknown> = {}) => (await c.RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn", InstanceType: "S5.MEDIUM4", VirtualPrivateCloud: net, ...extra })).InstanceIdSet![0];
  f.key = (await c.CreateKeyPair({ KeyName: "k", ProjectId: 0 })).KeyPair!.KeyId!;
  f.keyPub = (await c.DescribeKeyPairs({ KeyIds: [f.key] })).KeyPairSet![0].PublicKey!;
  f.running = await run({ LoginSettings: { KeyIds: [f.key] }, InternetAccessible: { InternetMaxBandwidthOut: 1 } });
  f.stopped = await run();
  f.prepaid = await run({ InstanceChargeType: "PREPAID", InstanceChargePrepaid: { Period: 1 } });
  f.windows = await run({ ImageId: "img-9id7emv7" });
  f.group = (await c.CreateDisasterRecoverGroup({ Name: "g", Type: "RACK" })).DisasterRecoverGroupId!;
  f.hpc = (await c.CreateHpcCluster({ Zone: ZONE, Name: "h" })).HpcClusterSet![0].HpcClusterId!;
  f.inHpc = await run({ HpcClusterId: f.hpc, DisasterRecoverGroupIds: [f.group] });
  f.host = (await c.AllocateHosts({ Placement: { Zone: ZONE }, HostChargePrepaid: { Period: 1 } })).HostIdSet![0];
  f.lt = (await c.CreateLaunchTemplate({ LaunchTemplateName: "lt", Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn" })).LaunchTemplateId!;
  f.shanghai = (await sdk("cvm", server, { region: "ap-shanghai" }).RunInstances({ Placement: { Zone: "ap-shanghai-2" }, ImageId: "img-9qabwvbn" })).InstanceIdSet![0];
  await server.control("POST", "/clock", { advanceSeconds: 20 });
  await c.StopInstances({ InstanceIds: [f.stopped] });
  await sdk("cvm", server, { region: "ap-shanghai" }).StopInstances({ InstanceIds: [f.shanghai] });
  await server.control("POST", "/clock", { advanceSeconds: 10 });
  f.pending = await run();
  f.image = (await c.CreateImage({ ImageName: "img", InstanceId: f.stopped })).ImageId!;
  f.chc = (await server.control("POST", "/cvm/chc-hosts", { zone: ZONE })).chcId;
  // The bucket exports name and the object imports name (ImportImage checks that a tclocal COS object exists).
  await cosClient(server).putBucket({ Bucket: "b-1250000000", Region: "ap-guangzhou" });
  await cosClient(server).putObject({ Bucket: "b-1250000000", Region: "ap-guangzhou", Key: "a", Body: Buffer.from("image") });

});
after(() => server.stop());

type Case = [string, string, () => Promise<unknown>];
const c = () => sdk("cvm", server);
const sh = () => sdk("cvm", server, { region: "ap-shanghai" });
const run = (cases: Case[]) => {
  for (const [code, why, call] of cases) test(`${code}: ${why}`, async () => void (await expectCode(call(), code)));
};

describe("RunInstances against the catalogue and the network", () => {
  const base = () => ({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn", VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet } });
  run([
    ["InvalidImageId.NotFound", "an image that does not exist", () => c().RunInstances({ ...base(), ImageId: "img-zzzzzzzz" })],
    ["InvalidParameterValue.InvalidImageState", "an image still CREATING", () => c().RunInstances({ ...base(), ImageId: f.image })],
    ["ResourcesSoldOut.SpecifiedInstanceType", "a family not sold in the zone (IT5 in Shanghai zone 2)", () => sh().RunInstances({ Placement: { Zone: "ap-shanghai-2" }, ImageId: "img-9qabwvbn", InstanceType: "IT5.4XLARGE64" })],
    ["InvalidZone.MismatchRegion", "a zone of another region", () => c().RunInstances({ ...base(), Placement: { Zone: "ap-beijing-3" } })],
    ["InvalidParameterValue.VpcIdNotExist", "a VPC that does not exist", () => c().RunInstances({ ...base(), VirtualPrivateCloud: { VpcId: "vpc-zzzzzzzz", SubnetId: f.subnet } })],
    ["InvalidParameterValue.SubnetNotExist", "a subnet that does not exist", () => c().RunInstances({ ...base(), VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: "subnet-zzzzzzzz" } })],
    ["InvalidParameterValue.SubnetIdMalformed", "a subnet id that is not one", () => c().RunInstances({ ...base(), VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: "sub-1" } })],
    ["InvalidParameterValue.VpcIdSubnetIdNotMatch", "a subnet of another VPC", () => c().RunInstances({ ...base(), VirtualPrivateCloud: { VpcId: f.other, SubnetId: f.subnet } })],
    ["InvalidParameterValue.SubnetIdZoneIdNotMatch", "a subnet of another zone", () => c().RunInstances({ ...base(), VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet4 } })],
    ["VpcAddrNotInSubNet", "an address outside the subnet", () => c().RunInstances({ ...base(), VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet, PrivateIpAddresses: ["10.0.9.9"] } })],
    ["VpcIpIsUsed", "the subnet's gateway address", () => c().RunInstances({ ...base(), VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet, PrivateIpAddresses: ["10.0.1.1"] } })],
    ["InvalidParameterValue.InvalidIpFormat", "an address that is not one", () => c().RunInstances({ ...base(), VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet, PrivateIpAddresses: ["10.0.1.300"] } })],
    ["InvalidParameterValue.Duplicate", "the same address for two instances", () => c().RunInstances({ ...base(), InstanceCount: 2, VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet, PrivateIpAddresses: ["10.0.1.99", "10.0.1.99"] } })],
    ["FailedOperation.NoAvailableIpAddressCountInSubnet", "14 instances in a /28", () => c().RunInstances({ ...base(), InstanceCount: 14, VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.tiny } })],
    ["InvalidSecurityGroupId.NotFound", "a security group that does not exist", () => c().RunInstances({ ...base(), SecurityGroupIds: ["sg-zzzzzzzz"] })],
    ["LimitExceeded.AssociateUSGLimitExceeded", "six security groups", () => c().RunInstances({ ...base(), SecurityGroupIds: Array.from({ length: 6 }, () => f.sg).map((g, i) => (i ? `sg-aaaaaaa${i}` : g)) })],
    ["InvalidParameterValue.KeyPairNotFound", "a key pair that does not exist", () => c().RunInstances({ ...base(), LoginSettings: { KeyIds: ["skey-zzzzzzzz"] } })],
    ["UnsupportedOperation.KeyPairUnsupportedWindows", "a key pair on a Windows image", () => c().RunInstances({ ...base(), ImageId: "img-9id7emv7", LoginSettings: { KeyIds: [f.key] } })],
    ["InvalidParameter.ParameterConflict", "KeepImageLogin with a password", () => c().RunInstances({ ...base(), LoginSettings: { KeepImageLogin: "true", Password: "Passw0rd!x" } })],
    ["InvalidParameterValue.LaunchTemplateNotFound", "a launch template that does not exist", () => c().RunInstances({ LaunchTemplate: { LaunchTemplateId: "lt-zzzzzzzz" } } as never)],
    ["InvalidParameterValue.LaunchTemplateIdMalformed", "a launch template id that is not one", () => c().RunInstances({ LaunchTemplate: { LaunchTemplateId: "lt-1" } } as never)],
    ["InvalidParameterValue.LaunchTemplateVersion", "a template version that does not exist", () => c().RunInstances({ LaunchTemplate: { LaunchTemplateId: f.lt, LaunchTemplateVersion: 9 } } as never)],
    ["ResourceNotFound.HpcCluster", "an HPC cluster that does not exist", () => c().RunInstances({ ...base(), HpcClusterId: "hpc-zzzzzzzz" })],
    ["InvalidParameterValue.HpcClusterIdZoneIdNotMatch", "an HPC cluster of another zone", () => c().RunInstances({ ...base(), Placement: { Zone: "ap-guangzhou-4" }, VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet4 }, HpcClusterId: f.hpc })],
    ["InvalidHostId.NotFound", "a CDH host that does not exist", () => c().RunInstances({ ...base(), Placement: { Zone: ZONE, HostIds: ["host-zzzzzzzz"] } })],
    ["InvalidHostId.Malformed", "a CDH host id that is not one", () => c().RunInstances({ ...base(), Placement: { Zone: ZONE, HostIds: ["h-1"] } })],
    ["InvalidParameter.InstanceTypeSupportedHostNotFound", "more cores than the CDH host has", () => c().RunInstances({ ...base(), Placement: { Zone: ZONE, HostIds: [f.host] }, InstanceType: "S5.16XLARGE128" })],
    ["InvalidParameterCombination", "a CDH instance that is not CDHPAID", () => c().RunInstances({ ...base(), Placement: { Zone: ZONE, HostIds: [f.host] }, InstanceChargeType: "POSTPAID_BY_HOUR" })],
    ["InvalidParameterValue.ChcHostsNotFound", "a CHC host that does not exist", () => c().RunInstances({ ...base(), ChcIds: ["chc-zzzzzzzz"] })],
    ["InvalidParameterValue.BandwidthPackageIdNotFound", "a bandwidth package that does not exist", () => c().RunInstances({ ...base(), InternetAccessible: { InternetChargeType: "BANDWIDTH_PACKAGE", InternetMaxBandwidthOut: 1, BandwidthPackageId: "bwp-aaaaaaaa" } })],
    ["InvalidParameterValue.CamRoleNameMalformed", "a CAM role name with spaces", () => c().RunInstances({ ...base(), CamRoleName: "my role" })],
    ["InvalidParameterValue.DuplicateTags", "a tag key twice", () => c().RunInstances({ ...base(), TagSpecification: [{ ResourceType: "instance", Tags: [{ Key: "a", Value: "1" }, { Key: "a", Value: "2" }] }] })],
    ["FailedOperation.TagKeyReserved", "a qcloud: tag key", () => c().RunInstances({ ...base(), TagSpecification: [{ ResourceType: "instance", Tags: [{ Key: "qcloud:a", Value: "1" }] }] })],
    ["FailedOperation.SnapshotSizeLargerThanDataSize", "a data disk smaller than its snapshot", async () => {
      const disk = (await sdk("cbs", server).CreateDisks({ DiskType: "CLOUD_PREMIUM", DiskSize: 100, DiskChargeType: "POSTPAID_BY_HOUR", Placement: { Zone: ZONE } })).DiskIdSet![0];
      const snap = (await sdk("cbs", server).CreateSnapshot({ DiskId: disk })).SnapshotId!;
      return c().RunInstances({ ...base(), DataDisks: [{ DiskType: "CLOUD_PREMIUM", DiskSize: 50, SnapshotId: snap }] });
    }],
    ["ResourceInsufficient.CloudDiskSoldOut", "a retired disk type", () => c().RunInstances({ ...base(), SystemDisk: { DiskType: "CLOUD_BASIC", DiskSize: 50 } })],
    ["InvalidParameterValue", "a system disk smaller than the image", () => c().RunInstances({ ...base(), SystemDisk: { DiskType: "CLOUD_BSSD", DiskSize: 20 } })],
    ["InvalidParameterValue.LimitExceeded", "21 data disks", () => c().RunInstances({ ...base(), DataDisks: Array.from({ length: 21 }, () => ({ DiskType: "CLOUD_PREMIUM", DiskSize: 20 })) })],
    ["DryRunOperation", "DryRun", () => c().RunInstances({ ...base(), DryRun: true })],
  ]);
});

describe("instances", () => {
  run([
    ["UnsupportedOperation.InstanceStatePending", "stopping a PENDING instance", () => c().StopInstances({ InstanceIds: [f.pending] })],
    ["UnsupportedOperation.InstanceStateRunning", "starting a RUNNING instance", () => c().StartInstances({ InstanceIds: [f.running] })],
    ["UnsupportedOperation.InstanceStateStopped", "rebooting a STOPPED instance", () => c().RebootInstances({ InstanceIds: [f.stopped] })],
    ["InvalidInstanceId.NotFound", "an instance that does not exist", () => c().StartInstances({ InstanceIds: ["ins-zzzzzzzz"] })],
    ["InvalidInstanceId.Malformed", "an instance id that is not one", () => c().StartInstances({ InstanceIds: ["i-1"] })],
    ["UnsupportedOperation.StoppedModeStopCharging", "STOP_CHARGING on a prepaid instance", () => c().StopInstances({ InstanceIds: [f.prepaid], StoppedMode: "STOP_CHARGING" })],
    ["InvalidParameterCombination", "ForceStop with StopType", () => c().StopInstances({ InstanceIds: [f.running], ForceStop: true, StopType: "SOFT" })],
    ["InvalidInstanceName.TooLong", "a 61-character name", () => c().ModifyInstancesAttribute({ InstanceIds: [f.running], InstanceName: "x".repeat(61) })],
    ["InvalidFilter", "an unknown DescribeInstances filter", () => c().DescribeInstances({ Filters: [{ Name: "color", Values: ["red"] }] })],
    ["InvalidFilterValue.LimitExceeded", "a filter with 6 values", () => c().DescribeInstances({ Filters: [{ Name: "zone", Values: Array.from({ length: 6 }, () => ZONE) }] })],
    ["InvalidParameterValue.LimitExceeded", "101 instance ids", () => c().DescribeInstances({ InstanceIds: Array.from({ length: 101 }, (_, i) => `ins-${String(i).padStart(8, "a")}`) })],
    ["LimitExceeded.AssociateUSGLimitExceeded", "a sixth security group", async () => {
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push((await sdk("vpc", server).CreateSecurityGroup({ GroupName: `s${i}`, GroupDescription: "d" })).SecurityGroup!.SecurityGroupId!);
      await c().AssociateSecurityGroups({ InstanceIds: [f.stopped], SecurityGroupIds: ids.slice(0, 4) });
      return c().AssociateSecurityGroups({ InstanceIds: [f.stopped], SecurityGroupIds: ids.slice(4) });
    }],
    ["InvalidSecurityGroupId.NotFound", "disassociating a group the instance is not in", () => c().DisassociateSecurityGroups({ InstanceIds: [f.running], SecurityGroupIds: [f.sg] })],
    ["InvalidInstance.NotSupported", "resizing the disk of a RUNNING instance without ForceStop", () => c().ResizeInstanceDisks({ InstanceId: f.running, SystemDisk: { DiskSize: 100 } })],
    ["MissingParameter.AtLeastOne", "resizing nothing", () => c().ResizeInstanceDisks({ InstanceId: f.stopped })],
    ["UnsupportedOperation.InvalidDataDisk", "resizing an elastic data disk", async () => {
      const id = (await c().RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn", VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet }, DataDisks: [{ DiskType: "CLOUD_PREMIUM", DiskSize: 50 }] })).InstanceIdSet![0];
      await server.control("POST", "/clock", { advanceSeconds: 15 });
      const disk = (await c().DescribeInstances({ InstanceIds: [id] })).InstanceSet![0].DataDisks![0].DiskId!;
      return c().ResizeInstanceDisks({ InstanceId: id, DataDisks: [{ DiskId: disk, DiskSize: 100 }], ResizeOnline: true });
    }],
    ["InvalidParameter.InvalidInstanceNotSupported", "converting local disks on an instance with cloud disks", () => c().ModifyInstanceDiskType({ InstanceId: f.stopped, SystemDisk: { DiskType: "CLOUD_SSD" } })],
    ["InvalidParameterValue.ZoneNotSupported", "a type not sold in the instance's zone", () => sh().ResetInstancesType({ InstanceIds: [f.shanghai], InstanceType: "IT5.4XLARGE64" })],
    ["InvalidInstanceType.Malformed", "a type name that is not one", () => c().ResetInstancesType({ InstanceIds: [f.stopped], InstanceType: "big" })],
    ["UnsupportedOperation.InstanceChargeType", "a renew flag on a pay-as-you-go instance", () => c().ModifyInstancesRenewFlag({ InstanceIds: [f.running], RenewFlag: "NOTIFY_AND_AUTO_RENEW" })],
    ["UnsupportedOperation.InstanceChargeType", "renewing a pay-as-you-go instance", () => c().RenewInstances({ InstanceIds: [f.running], InstanceChargePrepaid: { Period: 1 } })],
    ["InvalidPeriod", "a 13-month renewal", () => c().RenewInstances({ InstanceIds: [f.prepaid], InstanceChargePrepaid: { Period: 13 } })],
    ["InvalidParameterValue.InvalidPassword", "a weak password", () => c().ResetInstancesPassword({ InstanceIds: [f.stopped], Password: "weak" })],
    ["UnsupportedOperation.InstanceStateRunning", "a password reset on a RUNNING instance without ForceStop", () => c().ResetInstancesPassword({ InstanceIds: [f.running], Password: "Passw0rd!2024" })],
    ["InvalidParameterValue", "a reinstall that shrinks the system disk", () => c().ResetInstance({ InstanceId: f.running, SystemDisk: { DiskSize: 30 } })],
    ["InvalidParameterValue.InvalidImageForGivenInstanceType", "a reinstall with an image larger than the system disk", async () => {
      const id = (await c().RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn", SystemDisk: { DiskType: "CLOUD_BSSD", DiskSize: 80 }, VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet } })).InstanceIdSet![0];
      await server.control("POST", "/clock", { advanceSeconds: 15 });
      const big = (await c().CreateImage({ ImageName: "big", InstanceId: id, ForcePoweroff: "true" })).ImageId!;
      await server.control("POST", "/clock", { advanceSeconds: 200 });
      return c().ResetInstance({ InstanceId: f.running, ImageId: big });
    }],
    ["InvalidParameterValue.IllegalHostName", "a host name of dots", () => c().ResetInstance({ InstanceId: f.running, HostName: "..." })],
    ["UnsupportedOperation.InstanceStateRunning", "exiting rescue mode on a RUNNING instance", () => c().ExitRescueMode({ InstanceId: f.running })],
    ["UnsupportedOperation.InstanceStateRescueMode", "starting an instance in rescue mode", async () => {
      const id = (await c().RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn", VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet } })).InstanceIdSet![0];
      await server.control("POST", "/clock", { advanceSeconds: 15 });
      await c().EnterRescueMode({ InstanceId: id, Password: "Rescue!2024a", ForceStop: true });
      await server.control("POST", "/clock", { advanceSeconds: 10 });
      return c().RebootInstances({ InstanceIds: [id] });
    }],
    ["UnsupportedOperation.InstanceOsWindows", "key pairs on Windows", async () => {
      await c().StopInstances({ InstanceIds: [f.windows], ForceStop: true });
      await server.control("POST", "/clock", { advanceSeconds: 10 });
      return c().AssociateInstancesKeyPairs({ InstanceIds: [f.windows], KeyIds: [f.key] });
    }],
    ["UnsupportedOperation.InstanceOsConvertOsNotSupport", "converting Ubuntu", async () => {
      const id = (await c().RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-487zeit5", VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet } })).InstanceIdSet![0];
      await server.control("POST", "/clock", { advanceSeconds: 15 });
      return c().ConvertOperatingSystems({ InstanceIds: [id] });
    }],
    ["InvalidParameter.InvalidTargetOSType", "converting to an OS that is not TencentOS", () => c().ConvertOperatingSystems({ InstanceIds: [f.running], TargetOSType: "Ubuntu" })],
    ["UnsupportedOperation.NotFpgaInstance", "programming an FPGA on an S5", () => c().ProgramFpgaImage({ InstanceId: f.running, FPGAUrl: "https://a-1250000000.cos.ap-guangzhou.myqcloud.com/a.bit" })],
    ["UnsupportedOperation.InstancesProtected", "terminating a protected instance", async () => {
      await c().ModifyInstancesAttribute({ InstanceIds: [f.stopped], DisableApiTermination: true });
      try {
        return await c().TerminateInstances({ InstanceIds: [f.stopped] });
      } finally {
        await c().ModifyInstancesAttribute({ InstanceIds: [f.stopped], DisableApiTermination: false });
      }
    }],
    ["UnsupportedOperation.ElasticNetworkInterface", "moving to another VPC with a second interface", async () => {
      const subnet = (await sdk("vpc", server).CreateSubnet({ VpcId: f.other, SubnetName: "x", CidrBlock: "192.168.1.0/24", Zone: ZONE })).Subnet!.SubnetId!;
      await sdk("vpc", server).CreateAndAttachNetworkInterface({ VpcId: f.vpc, SubnetId: f.subnet, NetworkInterfaceName: "x", InstanceId: f.stopped });
      return c().ModifyInstancesVpcAttribute({ InstanceIds: [f.stopped], VirtualPrivateCloud: { VpcId: f.other, SubnetId: subnet } });
    }],
    ["InvalidParameterValue.InvalidTimeFormat", "an action time that is not ISO 8601", () => c().ImportInstancesActionTimer({ InstanceIds: [f.running], ActionTimer: { TimerAction: "TerminateInstances", ActionTime: "tomorrow" } })],
    ["UnsupportedOperation.NotSupportImportInstancesActionTimer", "a termination timer on a prepaid instance", () => c().ImportInstancesActionTimer({ InstanceIds: [f.prepaid], ActionTimer: { TimerAction: "TerminateInstances", ActionTime: "2099-01-01T00:00:00Z" } })],
    ["FailedOperation.MutActionTimerExist", "a second termination timer", async () => {
      await c().ImportInstancesActionTimer({ InstanceIds: [f.running], ActionTimer: { TimerAction: "TerminateInstances", ActionTime: "2099-01-01T00:00:00Z" } });
      return c().ImportInstancesActionTimer({ InstanceIds: [f.running], ActionTimer: { TimerAction: "TerminateInstances", ActionTime: "2099-02-01T00:00:00Z" } });
    }],
    ["FailedOperation.ZoneInconsistent", "instances of two zones", async () => {
      const id = (await c().RunInstances({ Placement: { Zone: "ap-guangzhou-4" }, ImageId: "img-9qabwvbn", VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet4 } })).InstanceIdSet![0];
      return c().DescribeInstancesModification({ InstanceIds: [f.running, id] });
    }],
  ]);
});

describe("images, key pairs, templates, placement", () => {
  run([
    ["InvalidImageName.Duplicate", "an image name taken", () => c().CreateImage({ ImageName: "img", InstanceId: f.stopped })],
    ["InvalidInstance.NotSupported", "an image of a RUNNING instance without ForcePoweroff", () => c().CreateImage({ ImageName: "x", InstanceId: f.running })],
    ["InvalidParameter.SpecifyOneParameter", "an image from nothing", () => c().CreateImage({ ImageName: "x" })],
    ["InvalidParameterConflict", "an instance and snapshots", () => c().CreateImage({ ImageName: "x", InstanceId: f.stopped, SnapshotIds: ["snap-aaaaaaaa"] })],
    ["InvalidParameter.SnapshotNotFound", "a snapshot that does not exist", () => c().CreateImage({ ImageName: "x", SnapshotIds: ["snap-zzzzzzzz"] })],
    ["InvalidParameter.DataDiskNotBelongSpecifiedInstance", "a data disk of another instance", () => c().CreateImage({ ImageName: "x", InstanceId: f.stopped, DataDiskIds: ["disk-zzzzzzzz"] })],
    ["InvalidParameterValue.InvalidImageFamily", "a family starting with a digit", () => c().CreateImage({ ImageName: "x", InstanceId: f.stopped, ImageFamily: "1web" })],
    ["InvalidImageId.IncorrectState", "deleting an image still CREATING", async () => c().DeleteImages({ ImageIds: [(await c().CreateImage({ ImageName: "fresh", InstanceId: f.stopped })).ImageId!] })],
    ["InvalidParameterValue.InvalidImageId", "deleting a public image", () => c().DeleteImages({ ImageIds: ["img-9qabwvbn"] })],
    ["InvalidImageId.NotFound", "an image that does not exist", () => c().ModifyImageAttribute({ ImageId: "img-zzzzzzzz", ImageName: "x" })],
    ["InvalidImageId.Malformed", "an image id that is not one", () => c().DescribeImages({ ImageIds: ["image-1"] })],
    ["InvalidParameter.InvalidParameterCoexistImageIdsFilters", "ImageIds with Filters", () => c().DescribeImages({ ImageIds: ["img-9qabwvbn"], Filters: [{ Name: "image-type", Values: ["PUBLIC_IMAGE"] }] })],
    ["InvalidAccountId.NotFound", "sharing with an account that does not exist", async () => {
      await server.control("POST", "/clock", { advanceSeconds: 200 });
      return c().ModifyImageSharePermission({ ImageId: f.image, AccountIds: ["999999999999"], Permission: "SHARE" });
    }],
    ["FailedOperation.AccountIsYourSelf", "sharing with oneself", () => c().ModifyImageSharePermission({ ImageId: f.image, AccountIds: ["100000000001"], Permission: "SHARE" })],
    ["InvalidRegion.NotFound", "syncing to a region that does not exist", () => c().SyncImages({ ImageIds: [f.image], DestinationRegions: ["mars-1"] })],
    ["InvalidParameterValue.InvalidRegion", "syncing to the image's own region", () => c().SyncImages({ ImageIds: [f.image], DestinationRegions: ["ap-guangzhou"] })],
    ["UnsupportedOperation.PublicImageExportUnsupported", "exporting a public image", () => c().ExportImages({ BucketName: "b-1250000000", ImageIds: ["img-9qabwvbn"] })],
    ["InvalidParameterValue.BucketNotFound", "a bucket of another AppId", () => c().ExportImages({ BucketName: "b-1", ImageIds: [f.image] })],
    ["InvalidImageOsType.Unsupported", "importing an OS that is not supported", () => c().ImportImage({ Architecture: "x86_64", OsType: "Plan9", OsVersion: "4", ImageUrl: "https://b-1250000000.cos.ap-guangzhou.myqcloud.com/a", ImageName: "p9" })],
    ["InvalidParameter.InvalidParameterUrlError", "importing from a URL that is not COS", () => c().ImportImage({ Architecture: "x86_64", OsType: "CentOS", OsVersion: "7", ImageUrl: "ftp://example.com/a", ImageName: "c7" })],
    ["InvalidKeyPairName.Duplicate", "a key pair name taken", () => c().CreateKeyPair({ KeyName: "k", ProjectId: 0 })],
    ["InvalidKeyPairNameIncludeIllegalChar", "a key pair name with a hyphen", () => c().CreateKeyPair({ KeyName: "my-key", ProjectId: 0 })],
    ["InvalidKeyPairNameTooLong", "a 26-character key pair name", () => c().CreateKeyPair({ KeyName: "k".repeat(26), ProjectId: 0 })],
    ["InvalidKeyPairNameEmpty", "an empty key pair name", () => c().CreateKeyPair({ KeyName: "", ProjectId: 0 })],
    ["InvalidPublicKey.Malformed", "a public key that is not OpenSSH", () => c().ImportKeyPair({ KeyName: "x", ProjectId: 0, PublicKey: "not a key" })],
    ["InvalidPublicKey.Duplicate", "a public key imported twice", () => c().ImportKeyPair({ KeyName: "x", ProjectId: 0, PublicKey: f.keyPub })],
    ["InvalidKeyPairId.NotFound", "a key pair that does not exist", () => c().DeleteKeyPairs({ KeyIds: ["skey-zzzzzzzz"] })],
    ["InvalidKeyPairId.Malformed", "a key pair id that is not one", () => c().DeleteKeyPairs({ KeyIds: ["key-1"] })],
    ["InvalidParameterValue.KeyPairNotSupported", "deleting a key pair an instance uses", () => c().DeleteKeyPairs({ KeyIds: [f.key] })],
    ["InvalidParameterValue.InvalidLaunchTemplateName", "a template name taken", () => c().CreateLaunchTemplate({ LaunchTemplateName: "lt", Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn" })],
    ["InvalidParameterValue.LaunchTemplateIdNotExisted", "a template that does not exist", () => c().DeleteLaunchTemplate({ LaunchTemplateId: "lt-zzzzzzzz" })],
    ["InvalidParameterValue.LaunchTemplateDefaultVersion", "deleting the default version", () => c().DeleteLaunchTemplateVersions({ LaunchTemplateId: f.lt, LaunchTemplateVersions: [1] })],
    ["InvalidParameterValue.LaunchTemplateIdVerSetAlready", "making the default version default", () => c().ModifyLaunchTemplateDefaultVersion({ LaunchTemplateId: f.lt, DefaultVersion: 1 })],
    ["InvalidParameterValue.LaunchTemplateIdVerNotExisted", "a version that does not exist", () => c().DescribeLaunchTemplateVersions({ LaunchTemplateId: f.lt, LaunchTemplateVersions: [7] })],
    ["FailedOperation.PlacementSetNotEmpty", "deleting a placement group with instances", () => c().DeleteDisasterRecoverGroups({ DisasterRecoverGroupIds: [f.group] })],
    ["InvalidParameterValue.DisasterRecoverGroupIdMalformed", "a group id that is not one", () => c().DescribeDisasterRecoverGroups({ DisasterRecoverGroupIds: ["g-1"] })],
    ["FailedOperation.AlreadyInDisasterRecoverGroup", "moving an instance already in a group", () => c().ModifyInstancesDisasterRecoverGroup({ InstanceIds: [f.inHpc], DisasterRecoverGroupId: f.group })],
    ["FailedOperation.DisasterRecoverGroupNotMatch", "removing an instance from a group it is not in", () => c().DeleteInstancesDisasterRecoverGroups({ InstanceIds: [f.running], DisasterRecoverGroupIds: [f.group] })],
    ["InvalidParameterValue.Range", "a group type that does not exist", () => c().CreateDisasterRecoverGroup({ Name: "x", Type: "ROOM" })],
    ["ResourceInUse.HpcCluster", "deleting an HPC cluster with instances", () => c().DeleteHpcClusters({ HpcClusterIds: [f.hpc] })],
    ["InvalidParameterValue.HpcClusterBusinessIdNotSupported", "an HPC business id", () => c().CreateHpcCluster({ Zone: ZONE, Name: "x", HpcClusterBusinessId: "b" })],
    ["UnsupportedOperation.InvalidZone", "an HPC cluster in a sold-out zone", () => c().CreateHpcCluster({ Zone: "ap-guangzhou-1", Name: "x" })],
    ["InvalidHostId.Malformed", "a host id that is not one", () => c().ModifyHostsAttribute({ HostIds: ["h-1"], HostName: "x" })],
    ["InvalidPeriod", "a 13-month CDH", () => c().AllocateHosts({ Placement: { Zone: ZONE }, HostChargePrepaid: { Period: 13 } })],
    ["ResourceInsufficient.ZoneSoldOutForSpecifiedInstance", "a CDH in a sold-out zone", () => c().AllocateHosts({ Placement: { Zone: "ap-guangzhou-1" }, HostChargePrepaid: { Period: 1 } })],
    ["InvalidParameterValue.ChcHostsNotFound", "a CHC host that does not exist", () => c().DescribeChcDeniedActions({ ChcIds: ["chc-zzzzzzzz"] })],
    ["InvalidParameterValue.IncorrectFormat", "a CHC id that is not one", () => c().DescribeChcDeniedActions({ ChcIds: ["c-1"] })],
    ["OperationDenied.ChcHostStateNotSupported", "a network mode for a CHC host without networks", () => c().ModifyChcNetworkMode({ ChcIds: [f.chc], NetworkMode: "DEPLOY" })],
    ["InvalidHost.NotSupported", "removing a network a CHC host does not have", () => c().RemoveChcAssistVpc({ ChcIds: [f.chc] })],
    ["InvalidParameterValue.AmountNotEqual", "two addresses for one CHC host", () => c().ConfigureChcAssistVpc({ ChcIds: [f.chc], BmcVirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet, PrivateIpAddresses: ["10.0.1.50", "10.0.1.51"] } })],
    ["ResourceNotFound.ResourcePoolPackIdNotFound", "a pack that does not exist", () => c().TerminateResourcePoolPacks({ DedicatedResourcePackIds: ["drp-zzzzzzzz"] })],
    ["InvalidParameterValue.ResourcePoolPackIdMalformed", "a pack id that is not one", () => c().TerminateResourcePoolPacks({ DedicatedResourcePackIds: ["p-1"] })],
    ["InvalidParameterValue.ResourcePoolPackTypeNotSupported", "a pack type that does not exist", () => c().PurchaseResourcePoolPacks({ Zone: ZONE, InstanceType: "S5.MEDIUM4", InstanceCount: 1, Period: 1, ResourcePoolPackType: "HALF" })],
    ["InvalidParameter", "authorizing a repair task that does not exist", () => c().RepairTaskControl({ Product: "CVM", InstanceIds: [f.running], TaskId: "rep-zzzzzzzz", Operate: "AuthorizeRepair" })],
  ]);
  test("LimitExceeded.HpcClusterQuota, ResourceInsufficient.InsufficientGroupQuota, InvalidKeyPair.LimitExceeded, ImageQuotaLimitExceeded: the quotas", async () => {
    const acct = await server.control("POST", "/accounts", {});
    const ca = sdk("cvm", server, { credential: { secretId: acct.secretId, secretKey: acct.secretKey } });
    for (let i = 0; i < 5; i++) await ca.CreateHpcCluster({ Zone: ZONE, Name: `h${i}` });
    await expectCode(ca.CreateHpcCluster({ Zone: ZONE, Name: "over" }), "LimitExceeded.HpcClusterQuota");
    for (let i = 0; i < 10; i++) await ca.CreateDisasterRecoverGroup({ Name: `g${i}`, Type: "HOST" });
    await expectCode(ca.CreateDisasterRecoverGroup({ Name: "over", Type: "HOST" }), "ResourceInsufficient.InsufficientGroupQuota");
    for (let i = 0; i < 100; i++) await ca.ImportKeyPair({ KeyName: `k${i}`, ProjectId: 0, PublicKey: `ssh-ed25519 ${Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from("ssh-ed25519"), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, i)]).toString("base64")} k${i}` });
    await expectCode(ca.CreateKeyPair({ KeyName: "over", ProjectId: 0 }), "InvalidKeyPair.LimitExceeded");
    for (let i = 0; i < 20; i++) await ca.ImportImage({ Architecture: "x86_64", OsType: "CentOS", OsVersion: "7", ImageUrl: "https://b-1250000000.cos.ap-guangzhou.myqcloud.com/a", ImageName: `i${i}` });
    await expectCode(ca.ImportImage({ Architecture: "x86_64", OsType: "CentOS", OsVersion: "7", ImageUrl: "https://b-1250000000.cos.ap-guangzhou.myqcloud.com/a", ImageName: "over" }), "ImageQuotaLimitExceeded");
  });
});
