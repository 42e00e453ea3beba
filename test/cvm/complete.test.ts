import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { cvm as cvmService } from "../../src/services/cvm";
import { cosClient } from "../cos/helpers";
import { assertComplete } from "../helpers/complete";
import { expectCode, sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";

/**
 * Calls every CVM action on resources that exist (so lists are not empty) and checks each answer carries every
 * member of the SDK's response model, with its type, null only where documented.
 */
let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

type Any = Record<string, any>;
const advance = (seconds: number) => server.control("POST", "/clock", { advanceSeconds: seconds });

test("every CVM action answers with its complete response model", async () => {
  const called = new Set<string>();
  const client = sdk("cvm", server) as unknown as Record<string, (r?: unknown) => Promise<Any>>;
  const call = async (action: string, req: unknown = {}): Promise<Any> => {
    const res = await client[action].call(client, req);
    assertComplete("cvm", action, res);
    called.add(action);
    return res;
  };
  const vpc = sdk("vpc", server);
  const zone = "ap-guangzhou-3";
  const { Vpc } = await vpc.CreateVpc({ VpcName: "cvm", CidrBlock: "10.8.0.0/16" });
  const { Subnet } = await vpc.CreateSubnet({ VpcId: Vpc!.VpcId!, SubnetName: "a", CidrBlock: "10.8.1.0/24", Zone: zone });
  const { Subnet: Other } = await vpc.CreateSubnet({ VpcId: Vpc!.VpcId!, SubnetName: "b", CidrBlock: "10.8.2.0/24", Zone: zone });
  const { SecurityGroup } = await vpc.CreateSecurityGroup({ GroupName: "g", GroupDescription: "d" });
  const net = { VpcId: Vpc!.VpcId!, SubnetId: Subnet!.SubnetId! };

  await call("DescribeRegions");
  await call("DescribeZones");
  await call("DescribeImages", { Filters: [{ Name: "image-type", Values: ["PUBLIC_IMAGE"] }] });
  await call("DescribeImportImageOs");
  await call("DescribeInstanceFamilyConfigs");
  await call("DescribeInstanceTypeConfigs", { Filters: [{ Name: "zone", Values: [zone] }] });
  await call("DescribeZoneInstanceConfigInfos", { Filters: [{ Name: "zone", Values: [zone] }, { Name: "instance-family", Values: ["S5"] }] });
  await call("DescribeInternetChargeTypeConfigs");
  await call("DescribeImageQuota");
  await call("DescribeDisasterRecoverGroupQuota");

  const key = (await call("CreateKeyPair", { KeyName: "ops", ProjectId: 0 })).KeyPair;
  const pub = key.PublicKey.replace(/ \S+$/, " imported");
  const other = (await call("CreateKeyPair", { KeyName: "ops2", ProjectId: 0 })).KeyPair;
  await client.DeleteKeyPairs({ KeyIds: [other.KeyId] });
  const imported = (await call("ImportKeyPair", { KeyName: "laptop", ProjectId: 0, PublicKey: other.PublicKey })).KeyId;
  await call("ModifyKeyPairAttribute", { KeyId: key.KeyId, Description: "operations" });
  await call("DescribeKeyPairs", {});
  void pub;

  const group = await call("CreateDisasterRecoverGroup", { Name: "spread", Type: "HOST" });
  await call("ModifyDisasterRecoverGroupAttribute", { DisasterRecoverGroupId: group.DisasterRecoverGroupId, Name: "spread2" });
  const hpc = (await call("CreateHpcCluster", { Zone: zone, Name: "hpc" })).HpcClusterSet[0];
  await call("ModifyHpcClusterAttribute", { HpcClusterId: hpc.HpcClusterId, Remark: "batch" });
  const hostIds = (await call("AllocateHosts", { Placement: { Zone: zone }, HostChargePrepaid: { Period: 1 }, HostType: "HS20" })).HostIdSet;
  await call("ModifyHostsAttribute", { HostIds: hostIds, HostName: "cdh-1" });
  await call("InquiryPriceRenewHosts", { HostIds: hostIds, HostChargePrepaid: { Period: 1 } });
  await call("RenewHosts", { HostIds: hostIds, HostChargePrepaid: { Period: 1 } });

  const ltId = (await call("CreateLaunchTemplate", { LaunchTemplateName: "web", Placement: { Zone: zone }, ImageId: "img-9qabwvbn", InstanceType: "S5.MEDIUM4", VirtualPrivateCloud: net })).LaunchTemplateId;
  await call("CreateLaunchTemplateVersion", { LaunchTemplateId: ltId, Placement: { Zone: zone }, InstanceType: "S5.LARGE8", LaunchTemplateVersion: 1 });
  await call("ModifyLaunchTemplateDefaultVersion", { LaunchTemplateId: ltId, DefaultVersion: 2 });
  await call("DescribeLaunchTemplates", { LaunchTemplateIds: [ltId] });
  await call("DescribeLaunchTemplateVersions", { LaunchTemplateId: ltId });
  await call("DeleteLaunchTemplateVersions", { LaunchTemplateId: ltId, LaunchTemplateVersions: [1] });

  await call("InquiryPriceRunInstances", { Placement: { Zone: zone }, ImageId: "img-9qabwvbn", InstanceType: "S5.MEDIUM4", InstanceChargeType: "PREPAID", InstanceChargePrepaid: { Period: 1 } });
  const ins = (await call("RunInstances", {
    LaunchTemplate: { LaunchTemplateId: ltId }, SecurityGroupIds: [SecurityGroup!.SecurityGroupId], LoginSettings: { KeyIds: [key.KeyId] },
    DisasterRecoverGroupIds: [group.DisasterRecoverGroupId], InternetAccessible: { InternetMaxBandwidthOut: 5 }, InstanceName: "walk",
  })).InstanceIdSet[0];
  const pre = (await client.RunInstances({ Placement: { Zone: zone }, ImageId: "img-9qabwvbn", InstanceType: "S5.MEDIUM4", InstanceChargeType: "PREPAID", InstanceChargePrepaid: { Period: 1 }, VirtualPrivateCloud: net, HpcClusterId: hpc.HpcClusterId })).InstanceIdSet[0];
  const post = (await client.RunInstances({ Placement: { Zone: zone }, ImageId: "img-9qabwvbn", InstanceType: "S5.MEDIUM4", VirtualPrivateCloud: net })).InstanceIdSet[0];
  const onHost = (await client.RunInstances({ Placement: { Zone: zone, HostIds: hostIds }, ImageId: "img-9qabwvbn", InstanceType: "S5.MEDIUM4", VirtualPrivateCloud: net })).InstanceIdSet[0];
  await advance(20);
  await call("DescribeInstances", { InstanceIds: [ins, pre, post, onHost] });
  await call("DescribeInstancesStatus", { InstanceIds: [ins] });
  await call("DescribeInstancesAttributes", { InstanceIds: [ins], Attributes: ["UserData"] });
  await call("DescribeInstancesModification", { InstanceIds: [ins], Filters: [{ Name: "instance-family", Values: ["S5"] }] });
  await call("DescribeInstancesOperationLimit", { InstanceIds: [pre], Operation: "INSTANCE_DEGRADE" });
  await call("DescribeInstanceInternetBandwidthConfigs", { InstanceId: ins });
  await call("DescribeInstanceVncUrl", { InstanceId: ins });
  await call("DescribeAccountQuota", {});
  await call("DescribeDisasterRecoverGroups", {});
  await call("DescribeHpcClusters", {});
  await call("DescribeHosts", {});
  await call("ModifyInstancesAttribute", { InstanceIds: [ins], InstanceName: "walk2" });
  await call("ModifyInstancesProject", { InstanceIds: [ins], ProjectId: 0 });
  await call("AssociateSecurityGroups", { InstanceIds: [post], SecurityGroupIds: [SecurityGroup!.SecurityGroupId] });
  await call("DisassociateSecurityGroups", { InstanceIds: [post], SecurityGroupIds: [SecurityGroup!.SecurityGroupId] });
  await call("DeleteInstancesDisasterRecoverGroups", { InstanceIds: [ins], DisasterRecoverGroupIds: [group.DisasterRecoverGroupId] });
  await call("ModifyInstancesDisasterRecoverGroup", { InstanceIds: [ins], DisasterRecoverGroupId: group.DisasterRecoverGroupId });
  await call("ResetInstancesInternetMaxBandwidth", { InstanceIds: [ins], InternetAccessible: { InternetMaxBandwidthOut: 10 } });
  await call("InquiryPriceResetInstancesInternetMaxBandwidth", { InstanceIds: [ins], InternetAccessible: { InternetMaxBandwidthOut: 20 } });
  await call("ModifyInstancesRenewFlag", { InstanceIds: [pre], RenewFlag: "NOTIFY_AND_AUTO_RENEW" });
  await call("InquiryPriceRenewInstances", { InstanceIds: [pre], InstanceChargePrepaid: { Period: 1 } });
  await call("RenewInstances", { InstanceIds: [pre], InstanceChargePrepaid: { Period: 1 } });
  await call("InquiryPriceModifyInstancesChargeType", { InstanceIds: [post], InstanceChargeType: "PREPAID", InstanceChargePrepaid: { Period: 1 } });
  await call("InquiryPriceResetInstancesType", { InstanceIds: [pre], InstanceType: "S5.LARGE8" });
  await call("InquiryPriceResizeInstanceDisks", { InstanceId: pre, SystemDisk: { DiskSize: 100 } });
  await call("InquiryPriceResetInstance", { InstanceId: pre, SystemDisk: { DiskSize: 60 } });
  await call("InquiryPriceTerminateInstances", { InstanceIds: [pre] });
  await call("ImportInstancesActionTimer", { InstanceIds: [post], ActionTimer: { TimerAction: "TerminateInstances", ActionTime: new Date(Date.now() + 10 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z") } });
  const timers = await call("DescribeInstancesActionTimer", { InstanceIds: [post] });
  await call("DeleteInstancesActionTimer", { ActionTimerIds: [timers.ActionTimers[0].ActionTimerId] });
  await call("ConvertOperatingSystems", { InstanceIds: [ins], DryRun: true });

  await call("StopInstances", { InstanceIds: [ins, post] });
  await advance(10);
  await call("ResizeInstanceDisks", { InstanceId: post, SystemDisk: { DiskSize: 80 } });
  await call("ResetInstancesType", { InstanceIds: [post], InstanceType: "S5.LARGE8" });
  await advance(10);
  await call("StopInstances", { InstanceIds: [post] });
  await advance(10);
  await call("ModifyInstancesVpcAttribute", { InstanceIds: [post], VirtualPrivateCloud: { VpcId: Vpc!.VpcId!, SubnetId: Other!.SubnetId! } });
  await call("ResetInstancesPassword", { InstanceIds: [ins], Password: "Passw0rd!2024" });
  await call("AssociateInstancesKeyPairs", { InstanceIds: [ins], KeyIds: [imported] });
  await call("DisassociateInstancesKeyPairs", { InstanceIds: [ins], KeyIds: [imported] });
  await call("EnterRescueMode", { InstanceId: ins, Password: "Rescue!2024a" });
  await advance(10);
  await call("ExitRescueMode", { InstanceId: ins });
  await advance(10);
  await call("ResetInstance", { InstanceId: ins, ImageId: "img-487zeit5" });
  await advance(10);
  await call("RebootInstances", { InstanceIds: [ins] });
  await advance(10);
  await call("StartInstances", { InstanceIds: [post] });
  await advance(10);
  await call("ModifyInstancesChargeType", { InstanceIds: [post], InstanceChargeType: "PREPAID", InstanceChargePrepaid: { Period: 1 } });

  const imageId = (await call("CreateImage", { ImageName: "walk-image", InstanceId: ins, ForcePoweroff: "true", ImageFamily: "web" })).ImageId;
  await advance(200);
  await call("ModifyImageAttribute", { ImageId: imageId, ImageDescription: "made by the walk" });
  await call("DescribeImageFromFamily", { ImageFamily: "web" });
  await call("ModifyImageSharePermission", { ImageId: imageId, AccountIds: [(await server.control("POST", "/accounts", {})).uin], Permission: "SHARE" });
  await call("DescribeImageSharePermission", { ImageId: imageId });
  await call("SyncImages", { ImageIds: [imageId], DestinationRegions: ["ap-shanghai"], ImageSetRequired: true });
  const cos = cosClient(server);
  await cos.putBucket({ Bucket: "images-1250000000", Region: "ap-guangzhou" });
  await cos.putObject({ Bucket: "images-1250000000", Region: "ap-guangzhou", Key: "centos.qcow2", Body: Buffer.from("qcow2") });
  await call("ExportImages", { BucketName: "images-1250000000", ImageIds: [imageId] });
  await call("ImportImage", { Architecture: "x86_64", OsType: "CentOS", OsVersion: "7", ImageUrl: "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/centos.qcow2", ImageName: "imported" });

  const chc = (await server.control("POST", "/cvm/chc-hosts", { zone })).chcId;
  await call("ConfigureChcAssistVpc", { ChcIds: [chc], BmcVirtualPrivateCloud: net, BmcSecurityGroupIds: [SecurityGroup!.SecurityGroupId] });
  await call("ConfigureChcDeployVpc", { ChcIds: [chc], DeployVirtualPrivateCloud: { VpcId: Vpc!.VpcId!, SubnetId: Other!.SubnetId! }, ChcDeployExtraConfig: { MiniOsType: "Linux", BootType: "PXE" } });
  await call("DescribeChcHosts", { ChcIds: [chc] });
  await call("DescribeChcDeniedActions", { ChcIds: [chc] });
  await call("ModifyChcAttribute", { ChcIds: [chc], InstanceName: "rack-1" });
  await call("ModifyChcNetworkMode", { ChcIds: [chc], NetworkMode: "DEPLOY" });
  await call("RemoveChcDeployVpc", { ChcIds: [chc] });
  await call("RemoveChcAssistVpc", { ChcIds: [chc] });

  await call("DescribeResourcePoolPackTypeConfigs", { Filters: [{ Name: "zone", Values: [zone] }, { Name: "instance-family", Values: ["S5"] }] });
  await call("InquirePricePurchaseResourcePoolPacks", { Zone: zone, InstanceType: "S5.MEDIUM4", InstanceCount: 2, Period: 1 });
  const pack = (await call("PurchaseResourcePoolPacks", { Zone: zone, InstanceType: "S5.MEDIUM4", InstanceCount: 2, Period: 1 })).DedicatedResourcePackIdSet[0];
  await call("DescribeResourcePoolPacks", {});
  await call("DescribeResourcePoolPackInstances", { DedicatedResourcePackIds: [pack] });
  await call("TerminateResourcePoolPacks", { DedicatedResourcePackIds: [pack] });

  const task = (await server.control("POST", "/cvm/repair-tasks", { instanceId: pre })).taskId;
  await call("DescribeTaskInfo", { Limit: 10, Offset: 0 });
  await call("RepairTaskControl", { Product: "CVM", InstanceIds: [pre], TaskId: task, Operate: "AuthorizeRepair" });

  // The two actions no tclocal instance can take answer their documented refusals (tested in codes.test.ts).
  await client.StopInstances({ InstanceIds: [post] });
  await advance(10);
  await expectCode(client.ModifyInstanceDiskType({ InstanceId: post, SystemDisk: { DiskType: "CLOUD_SSD" } }), "InvalidParameter.InvalidInstanceNotSupported");
  called.add("ModifyInstanceDiskType");
  await expectCode(client.ProgramFpgaImage({ InstanceId: ins, FPGAUrl: "https://fpga-1250000000.cos.ap-guangzhou.myqcloud.com/a.bit" }), "UnsupportedOperation.NotFpgaInstance");
  called.add("ProgramFpgaImage");

  await advance(300);
  await call("DeleteImages", { ImageIds: [(await client.DescribeImages({ Filters: [{ Name: "image-name", Values: ["imported"] }] })).ImageSet[0].ImageId] });
  await call("TerminateInstances", { InstanceIds: [ins, post, onHost] });
  await advance(10);
  await call("DeleteKeyPairs", { KeyIds: [key.KeyId] });
  await call("DeleteLaunchTemplate", { LaunchTemplateId: ltId });
  await call("DeleteDisasterRecoverGroups", { DisasterRecoverGroupIds: [group.DisasterRecoverGroupId] });
  await client.TerminateInstances({ InstanceIds: [pre] });
  await client.TerminateInstances({ InstanceIds: [pre] });
  await advance(10);
  await call("DeleteHpcClusters", { HpcClusterIds: [hpc.HpcClusterId] });

  assert.deepEqual([...called].sort(), Object.keys(cvmService.handlers).sort(), "every CVM handler was called");
  assert.equal(called.size, 106);
});
