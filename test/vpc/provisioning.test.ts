import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey } from "node:crypto";
import { after, before, test } from "node:test";
import { assertComplete } from "../helpers/complete";
import { expectCode, sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";

/**
 * The provisioning path through the official SDKs: image, instance type, key pair, VPC, subnet, security
 * group, RunInstances into them, an EIP, a CBS disk, Host Security's agent; then teardown in the wrong order
 * (the real "in use" codes) and in the right one.
 */
let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const advance = (seconds: number) => server.control("POST", "/clock", { advanceSeconds: seconds });
const ZONE = "ap-guangzhou-3";

test("the whole provisioning path works through the SDKs and tears down only in the right order", async () => {
  const cvm = sdk("cvm", server);
  const vpc = sdk("vpc", server);
  const cbs = sdk("cbs", server);
  const yj = sdk("yunjing", server);

  const images = await cvm.DescribeImages({ Filters: [{ Name: "image-type", Values: ["PUBLIC_IMAGE"] }, { Name: "platform", Values: ["CentOS"] }] });
  assertComplete("cvm", "DescribeImages", images);
  const image = images.ImageSet!.find((i) => i.ImageId === "img-9qabwvbn")!;
  assert.equal(image.ImageState, "NORMAL");

  const types = await cvm.DescribeInstanceTypeConfigs({ Filters: [{ Name: "zone", Values: [ZONE] }, { Name: "instance-family", Values: ["S5"] }] });
  assertComplete("cvm", "DescribeInstanceTypeConfigs", types);
  const type = types.InstanceTypeConfigSet!.find((t) => t.CPU === 2 && t.Memory === 4)!;
  assert.equal(type.InstanceType, "S5.MEDIUM4");

  const key = await cvm.CreateKeyPair({ KeyName: "deploy", ProjectId: 0 });
  assertComplete("cvm", "CreateKeyPair", key);
  const pem = key.KeyPair!.PrivateKey!;
  assert.match(pem, /^-----BEGIN RSA PRIVATE KEY-----/);
  const derived = createPublicKey(createPrivateKey(pem)).export({ format: "jwk" }) as { n: string };
  const sshBlob = Buffer.from(key.KeyPair!.PublicKey!.split(" ")[1], "base64");
  assert.ok(sshBlob.includes(Buffer.from(derived.n, "base64url")), "the public key is the private key's");
  const listed = await cvm.DescribeKeyPairs({ KeyIds: [key.KeyPair!.KeyId!] });
  assert.equal(listed.KeyPairSet![0].PrivateKey, "", "the private key is handed back once and never stored");

  const { Vpc } = await vpc.CreateVpc({ VpcName: "prod", CidrBlock: "10.0.0.0/16" });
  assert.match(Vpc!.VpcId!, /^vpc-[a-z0-9]{8}$/);
  const { Subnet } = await vpc.CreateSubnet({ VpcId: Vpc!.VpcId!, SubnetName: "app", CidrBlock: "10.0.1.0/24", Zone: ZONE });
  assert.equal(Subnet!.TotalIpAddressCount, 256);
  assert.equal(Subnet!.AvailableIpAddressCount, 253);
  const { SecurityGroup } = await vpc.CreateSecurityGroupWithPolicies({
    GroupName: "web",
    GroupDescription: "ssh in, all out",
    SecurityGroupPolicySet: { Ingress: [{ Protocol: "TCP", Port: "22", CidrBlock: "0.0.0.0/0", Action: "ACCEPT" }], Egress: [{ Protocol: "ALL", CidrBlock: "0.0.0.0/0", Action: "ACCEPT" }] },
  });
  const sg = SecurityGroup!.SecurityGroupId;

  const run = await cvm.RunInstances({
    Placement: { Zone: ZONE },
    ImageId: image.ImageId,
    InstanceType: type.InstanceType,
    VirtualPrivateCloud: { VpcId: Vpc!.VpcId!, SubnetId: Subnet!.SubnetId! },
    SecurityGroupIds: [sg],
    LoginSettings: { KeyIds: [key.KeyPair!.KeyId!] },
    InstanceName: "web-1",
  });
  const id = run.InstanceIdSet![0];
  await advance(15);
  const [inst] = (await cvm.DescribeInstances({ InstanceIds: [id] })).InstanceSet!;
  assert.equal(inst.InstanceState, "RUNNING");
  assert.deepEqual(inst.VirtualPrivateCloud, { VpcId: Vpc!.VpcId, SubnetId: Subnet!.SubnetId, AsVpcGateway: false, PrivateIpAddresses: ["10.0.1.2"], Ipv6AddressCount: 0 });
  assert.deepEqual(inst.PrivateIpAddresses, ["10.0.1.2"]);
  assert.deepEqual(inst.SecurityGroupIds, [sg]);
  assert.deepEqual(inst.LoginSettings!.KeyIds, [key.KeyPair!.KeyId]);
  assert.equal(inst.PublicIpAddresses, null);

  const eip = await vpc.AllocateAddresses({ AddressCount: 1 });
  const eipId = eip.AddressSet![0];
  const task = await vpc.AssociateAddress({ AddressId: eipId, InstanceId: id });
  assert.deepEqual(await vpc.DescribeTaskResult({ TaskId: Number(task.TaskId) }).then((r) => [r.TaskId, r.Result]), [Number(task.TaskId), "SUCCESS"]);
  const [addr] = (await vpc.DescribeAddresses({ AddressIds: [eipId] })).AddressSet!;
  assert.equal(addr.AddressStatus, "BIND");
  assert.equal(addr.InstanceId, id);
  assert.equal(addr.PrivateAddressIp, "10.0.1.2");
  const [withEip] = (await cvm.DescribeInstances({ InstanceIds: [id] })).InstanceSet!;
  assert.deepEqual(withEip.PublicIpAddresses, [addr.AddressIp]);

  const enis = await vpc.DescribeNetworkInterfaces({ Filters: [{ Name: "attachment.instance-id", Values: [id] }] });
  assertComplete("vpc", "DescribeNetworkInterfaces", enis);
  const primary = enis.NetworkInterfaceSet![0];
  assert.equal(primary.Primary, true);
  assert.deepEqual(primary.GroupSet, [sg]);
  assert.deepEqual(primary.PrivateIpAddressSet!.map((p) => [p.PrivateIpAddress, p.PublicIpAddress, p.AddressId]), [["10.0.1.2", addr.AddressIp, eipId]]);
  const vpcInstances = await vpc.DescribeVpcInstances({ Filters: [{ Name: "vpc-id", Values: [Vpc!.VpcId!] }] });
  assertComplete("vpc", "DescribeVpcInstances", vpcInstances);
  assert.deepEqual(vpcInstances.InstanceSet!.map((i) => [i.InstanceId, i.SubnetId, i.InstanceState, i.InstanceType]), [[id, Subnet!.SubnetId, "RUNNING", "S5.MEDIUM4"]]);
  const dash = await vpc.DescribeSubnetResourceDashboard({ SubnetIds: [Subnet!.SubnetId!] });
  assert.equal(dash.ResourceStatisticsSet![0].Ip, 1);
  assert.equal(dash.ResourceStatisticsSet![0].ResourceStatisticsItemSet!.find((x) => x.ResourceType === "CVM")!.ResourceCount, 1);
  const stats = await vpc.DescribeSecurityGroupAssociationStatistics({ SecurityGroupIds: [sg] });
  assert.equal(stats.SecurityGroupAssociationStatisticsSet![0].CVM, 1);
  const [sub] = (await vpc.DescribeSubnets({ SubnetIds: [Subnet!.SubnetId!] })).SubnetSet!;
  assert.equal(sub.AvailableIpAddressCount, 252);

  const disk = await cbs.CreateDisks({ DiskType: "CLOUD_PREMIUM", DiskSize: 100, DiskChargeType: "POSTPAID_BY_HOUR", Placement: { Zone: ZONE } });
  const diskId = disk.DiskIdSet![0];
  await cbs.AttachDisks({ InstanceId: id, DiskIds: [diskId] });
  await advance(5);
  assert.equal((await cbs.DescribeDisks({ DiskIds: [diskId] })).DiskSet![0].DiskState, "ATTACHED");
  assert.deepEqual((await cvm.DescribeInstances({ InstanceIds: [id] })).InstanceSet![0].DataDisks!.map((d) => d.DiskId), [diskId]);

  const machines = await yj.DescribeMachines({ MachineType: "CVM", MachineRegion: "ap-guangzhou", Filters: [{ Name: "Keywords", Values: ["web-1"] }] });
  const machine = machines.Machines!.find((x) => x.MachineName === "web-1")!;
  assert.equal(machine.MachineStatus, "ONLINE");
  assert.equal(machine.Quuid, inst.Uuid);
  assert.equal(machine.MachineIp, "10.0.1.2");
  assert.equal(machine.MachineWanIp, addr.AddressIp);

  // Teardown in the wrong order: every resource still in use says so, and nothing changes.
  await expectCode(vpc.DeleteSecurityGroup({ SecurityGroupId: sg }), "ResourceInUse");
  await expectCode(vpc.DeleteSubnet({ SubnetId: Subnet!.SubnetId! }), "ResourceInUse");
  await expectCode(vpc.DeleteVpc({ VpcId: Vpc!.VpcId! }), "ResourceInUse");
  await expectCode(vpc.ReleaseAddresses({ AddressIds: [eipId] }), "InvalidAddressState");
  await expectCode(cvm.DeleteKeyPairs({ KeyIds: [key.KeyPair!.KeyId!] }), "InvalidParameterValue.KeyPairNotSupported");
  await expectCode(cbs.TerminateDisks({ DiskIds: [diskId] }), "InvalidDisk.Attached");
  assert.equal((await vpc.DescribeVpcs({ VpcIds: [Vpc!.VpcId!] })).TotalCount, 1);

  // The right order.
  await cbs.DetachDisks({ InstanceId: id, DiskIds: [diskId] });
  await advance(5);
  await cbs.TerminateDisks({ DiskIds: [diskId] });
  await vpc.DisassociateAddress({ AddressId: eipId });
  await vpc.ReleaseAddresses({ AddressIds: [eipId] });
  await cvm.TerminateInstances({ InstanceIds: [id] });
  await advance(10);
  await cvm.DeleteKeyPairs({ KeyIds: [key.KeyPair!.KeyId!] });
  await vpc.DeleteSecurityGroup({ SecurityGroupId: sg });
  await vpc.DeleteSubnet({ SubnetId: Subnet!.SubnetId! });
  await vpc.DeleteVpc({ VpcId: Vpc!.VpcId! });
  assert.equal((await vpc.DescribeVpcs({ Filters: [{ Name: "vpc-name", Values: ["prod"] }] })).TotalCount, 0);
  assert.equal((await cvm.DescribeInstances({ InstanceIds: [id] })).TotalCount, 0);
  assert.equal((await vpc.DescribeAddresses({})).TotalCount, 0);
});

test("a /28 subnet takes 13 instances and refuses the 14th; a /29 is refused", async () => {
  const cvm = sdk("cvm", server);
  const vpc = sdk("vpc", server);
  const { Vpc } = await vpc.CreateVpc({ VpcName: "small", CidrBlock: "192.168.0.0/24" });
  await expectCode(vpc.CreateSubnet({ VpcId: Vpc!.VpcId!, SubnetName: "tiny", CidrBlock: "192.168.0.0/29", Zone: ZONE }), "InvalidParameterValue.SubnetRange");
  const { Subnet } = await vpc.CreateSubnet({ VpcId: Vpc!.VpcId!, SubnetName: "s28", CidrBlock: "192.168.0.16/28", Zone: ZONE });
  assert.equal(Subnet!.TotalIpAddressCount, 16, "TotalIpAddressCount counts the reserved addresses");
  assert.equal(Subnet!.AvailableIpAddressCount, 13, "network, gateway and broadcast are reserved");
  const into = { VpcId: Vpc!.VpcId!, SubnetId: Subnet!.SubnetId! };
  await expectCode(
    cvm.RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn", InstanceCount: 14, VirtualPrivateCloud: into }),
    "FailedOperation.NoAvailableIpAddressCountInSubnet",
  );
  const run = await cvm.RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn", InstanceCount: 13, VirtualPrivateCloud: into });
  assert.equal(run.InstanceIdSet!.length, 13);
  const ips = (await cvm.DescribeInstances({ InstanceIds: run.InstanceIdSet! })).InstanceSet!.map((i) => i.PrivateIpAddresses![0]).sort((a, b) => Number(a.split(".")[3]) - Number(b.split(".")[3]));
  assert.deepEqual(ips, Array.from({ length: 13 }, (_, i) => `192.168.0.${18 + i}`));
  const [full] = (await vpc.DescribeSubnets({ SubnetIds: [Subnet!.SubnetId!] })).SubnetSet!;
  assert.equal(full.AvailableIpAddressCount, 0);
  await expectCode(cvm.RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn", VirtualPrivateCloud: into }), "FailedOperation.NoAvailableIpAddressCountInSubnet");
  await expectCode(
    cvm.RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn", VirtualPrivateCloud: { ...into, PrivateIpAddresses: ["192.168.0.31"] } }),
    "VpcIpIsUsed",
  );
  await advance(15);
  await cvm.TerminateInstances({ InstanceIds: run.InstanceIdSet!.slice(0, 1) });
  assert.equal((await vpc.DescribeSubnets({ SubnetIds: [Subnet!.SubnetId!] })).SubnetSet![0].AvailableIpAddressCount, 1, "a terminated instance gives its address back");
});
