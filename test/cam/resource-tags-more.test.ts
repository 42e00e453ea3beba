import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { hourly2019, mongo2019 } from "../mongodb/fixtures2019";
import { registerMachine } from "../yunjing/helpers";
import { camPolicy, camUser } from "./helpers";

/**
 * Authorization by tag for MongoDB instances (both API versions), VPC resources and Host Security hosts (their
 * CVM instance's tags): `qcs:resource_tag` filled from the Tags the resource was created with.
 */

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const OWNER = DEFAULT_ACCOUNT.uin;
const byTag = (effect: "allow" | "deny", action: string[], tag = "env&prod") => ({
  effect,
  action,
  resource: ["*"],
  condition: { "for_any_value:string_equal": { "qcs:resource_tag": [tag] } },
});

async function userWith(...statements: unknown[]) {
  const user = await camUser(server);
  for (const s of statements) await sdk("cam", server).AttachUserPolicy({ AttachUin: user.uin, PolicyId: await camPolicy(server, s) });
  return user;
}

test("mongodb: RenameInstance allowed on instances tagged env&prod renames a tagged instance, in both API versions; a deny on the tag wins", async () => {
  const tagged = await hourly2019(server, { Tags: [{ TagKey: "env", TagValue: "prod" }] });
  const bare = await hourly2019(server);
  const user = await userWith(byTag("allow", ["name/mongodb:RenameInstance"]));
  const sub19 = mongo2019(server, { credential: user.credential });
  const sub18 = sdk("mongodb", server, { credential: user.credential });

  await sub19.RenameInstance({ InstanceId: tagged, NewName: "prod19" });
  await sub18.RenameInstance({ InstanceId: tagged, NewName: "prod18" });
  const e = await expectCode(sub19.RenameInstance({ InstanceId: bare, NewName: "nope" }), "UnauthorizedOperation");
  assert.match(e.message, new RegExp(`you are not authorized to perform operation \\(mongodb:RenameInstance\\)\\nresource \\(qcs::mongodb:ap-guangzhou:uin/${OWNER}:instance/${bare}\\) has no permission`));
  await expectCode(sub18.RenameInstance({ InstanceId: bare, NewName: "nope" }), "UnauthorizedOperation");
  // An unknown instance has no tags: refused before the handler could say it does not exist.
  await expectCode(sub19.RenameInstance({ InstanceId: "cmgo-00000000", NewName: "nope" }), "UnauthorizedOperation");
  // An action no statement allows is refused at the gateway.
  await expectCode(sub19.SetInstanceMaintenance({ InstanceId: tagged, MaintenanceStart: "01:00", MaintenanceEnd: "02:00" }), "AuthFailure.UnauthorizedOperation");
  const names = (await mongo2019(server).DescribeDBInstances({ InstanceIds: [tagged, bare] })).InstanceDetails!;
  assert.equal(names.find((i) => i.InstanceId === tagged)!.InstanceName, "prod18");
  assert.notEqual(names.find((i) => i.InstanceId === bare)!.InstanceName, "nope");

  const denied = await userWith({ effect: "allow", action: ["name/mongodb:*"], resource: ["*"] }, byTag("deny", ["name/mongodb:RenameInstance"]));
  const d19 = mongo2019(server, { credential: denied.credential });
  await expectCode(d19.RenameInstance({ InstanceId: tagged, NewName: "denied" }), "UnauthorizedOperation");
  await expectCode(sdk("mongodb", server, { credential: denied.credential }).RenameInstance({ InstanceId: tagged, NewName: "denied" }), "UnauthorizedOperation");
  await d19.RenameInstance({ InstanceId: bare, NewName: "fine" });
  // The deny names RenameInstance only.
  assert.equal((await d19.DescribeDBInstances({ InstanceIds: [tagged] })).InstanceDetails![0].InstanceName, "prod18");
});

test("vpc: VPCs, subnets and security groups tagged env&prod can be modified under a tag grant, untagged ones not; a deny on the tag wins", async () => {
  const vpc = sdk("vpc", server);
  const prod = [{ Key: "env", Value: "prod" }];
  const taggedVpc = (await vpc.CreateVpc({ VpcName: "prod", CidrBlock: "10.1.0.0/16", Tags: prod })).Vpc!.VpcId!;
  const bareVpc = (await vpc.CreateVpc({ VpcName: "bare", CidrBlock: "10.2.0.0/16" })).Vpc!.VpcId!;
  const taggedSubnet = (await vpc.CreateSubnet({ VpcId: bareVpc, SubnetName: "prod", CidrBlock: "10.2.1.0/24", Zone: "ap-guangzhou-3", Tags: prod })).Subnet!.SubnetId!;
  const bareSubnet = (await vpc.CreateSubnet({ VpcId: bareVpc, SubnetName: "bare", CidrBlock: "10.2.2.0/24", Zone: "ap-guangzhou-3" })).Subnet!.SubnetId!;
  const taggedSg = (await vpc.CreateSecurityGroup({ GroupName: "prod", GroupDescription: "p", Tags: prod })).SecurityGroup!.SecurityGroupId!;
  const bareSg = (await vpc.CreateSecurityGroup({ GroupName: "bare", GroupDescription: "b" })).SecurityGroup!.SecurityGroupId!;

  const user = await userWith(byTag("allow", ["name/vpc:ModifyVpcAttribute", "name/vpc:ModifySubnetAttribute", "name/vpc:ModifySecurityGroupAttribute"]));
  const sub = sdk("vpc", server, { credential: user.credential });
  await sub.ModifyVpcAttribute({ VpcId: taggedVpc, VpcName: "prod2" });
  const e = await expectCode(sub.ModifyVpcAttribute({ VpcId: bareVpc, VpcName: "nope" }), "UnauthorizedOperation");
  assert.match(e.message, new RegExp(`qcs::vpc:ap-guangzhou:uin/${OWNER}:vpc/${bareVpc}`));
  await sub.ModifySubnetAttribute({ SubnetId: taggedSubnet, SubnetName: "prod2" });
  await expectCode(sub.ModifySubnetAttribute({ SubnetId: bareSubnet, SubnetName: "nope" }), "UnauthorizedOperation");
  await sub.ModifySecurityGroupAttribute({ SecurityGroupId: taggedSg, GroupName: "prod2" });
  await expectCode(sub.ModifySecurityGroupAttribute({ SecurityGroupId: bareSg, GroupName: "nope" }), "UnauthorizedOperation");
  // An action no statement allows is refused at the gateway.
  await expectCode(sub.DeleteVpc({ VpcId: taggedVpc }), "AuthFailure.UnauthorizedOperation");
  const vpcs = (await vpc.DescribeVpcs({ VpcIds: [taggedVpc, bareVpc] })).VpcSet!;
  assert.equal(vpcs.find((v) => v.VpcId === taggedVpc)!.VpcName, "prod2");
  assert.equal(vpcs.find((v) => v.VpcId === bareVpc)!.VpcName, "bare");

  const denied = await userWith({ effect: "allow", action: ["name/vpc:*"], resource: ["*"] }, byTag("deny", ["name/vpc:ModifyVpcAttribute", "name/vpc:ModifySecurityGroupAttribute"]));
  const d = sdk("vpc", server, { credential: denied.credential });
  await expectCode(d.ModifyVpcAttribute({ VpcId: taggedVpc, VpcName: "denied" }), "UnauthorizedOperation");
  await expectCode(d.ModifySecurityGroupAttribute({ SecurityGroupId: taggedSg, GroupName: "denied" }), "UnauthorizedOperation");
  await d.ModifyVpcAttribute({ VpcId: bareVpc, VpcName: "fine" });
  await d.ModifySecurityGroupAttribute({ SecurityGroupId: bareSg, GroupName: "fine" });
  // The deny names those actions only: the tagged subnet stays modifiable.
  await d.ModifySubnetAttribute({ SubnetId: taggedSubnet, SubnetName: "fine" });
});

test("yunjing: a CVM host carries its instance's tags, by agent Uuid and by Quuid; a registered host has none", async () => {
  const cvm = sdk("cvm", server);
  const run = async (name: string, tags?: { Key: string; Value: string }[]) =>
    (await cvm.RunInstances({ Placement: { Zone: "ap-guangzhou-3" }, ImageId: "img-9qabwvbn", InstanceName: name, ...(tags ? { TagSpecification: [{ ResourceType: "instance", Tags: tags }] } : {}) })).InstanceIdSet![0];
  await run("yj-prod", [{ Key: "env", Value: "prod" }]);
  await run("yj-bare");
  await server.control("POST", "/clock", { advanceSeconds: 15 });
  const yj = sdk("yunjing", server);
  const hosts = (await yj.DescribeMachines({ MachineType: "CVM", MachineRegion: "ap-guangzhou", Limit: 100 })).Machines!;
  const prod = hosts.find((m) => m.MachineName === "yj-prod")!;
  const bare = hosts.find((m) => m.MachineName === "yj-bare")!;

  const user = await userWith(byTag("allow", ["name/yunjing:DescribeMachineInfo", "name/yunjing:DescribeAttackLogs"]));
  const sub = sdk("yunjing", server, { credential: user.credential });
  assert.equal((await sub.DescribeMachineInfo({ Uuid: prod.Uuid })).MachineName, "yj-prod");
  assert.equal((await sub.DescribeAttackLogs({ Quuid: prod.Quuid })).TotalCount, 0);
  const e = await expectCode(sub.DescribeMachineInfo({ Uuid: bare.Uuid }), "UnauthorizedOperation");
  assert.match(e.message, /\(yunjing:DescribeMachineInfo\)/);
  await expectCode(sub.DescribeAttackLogs({ Quuid: bare.Quuid }), "UnauthorizedOperation");
  // A host registered by the control API is no CVM instance: no tags.
  const registered = await registerMachine(server, { name: "yj-registered" });
  await expectCode(sub.DescribeMachineInfo({ Uuid: registered.uuid }), "UnauthorizedOperation");

  const denied = await userWith({ effect: "allow", action: ["name/yunjing:*"], resource: ["*"] }, byTag("deny", ["name/yunjing:DescribeMachineInfo"]));
  const d = sdk("yunjing", server, { credential: denied.credential });
  await expectCode(d.DescribeMachineInfo({ Uuid: prod.Uuid }), "UnauthorizedOperation");
  assert.equal((await d.DescribeMachineInfo({ Uuid: bare.Uuid })).MachineName, "yj-bare");
});
