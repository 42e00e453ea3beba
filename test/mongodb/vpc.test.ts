import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { expectCode, sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { HOURLY, mongo, PREPAID } from "./fixtures";
import { advance, detail2019, HOURLY_2019, hourlyRequest2019, mongo2019 } from "./fixtures2019";
import { inCidr, subnetIn, testVpc } from "./networks";

/**
 * MongoDB in tclocal's VPC: instances are placed in real VPCs and subnets (checked through VPC's for-products),
 * take their Vip from the subnet (VPC lists it as held by the instance), keep the subnet from deletion while they
 * hold it, and give it back when they are gone or move to another network.
 */

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const vpc = () => sdk("vpc", server);
const ZONE = "ap-guangzhou-3";

async function newNetwork(name: string, cidr: string, subnetCidr: string, zone = ZONE) {
  const VpcId = (await vpc().CreateVpc({ VpcName: name, CidrBlock: cidr })).Vpc!.VpcId!;
  const SubnetId = (await vpc().CreateSubnet({ VpcId, SubnetName: name, CidrBlock: subnetCidr, Zone: zone })).Subnet!.SubnetId!;
  return { VpcId, SubnetId, CidrBlock: subnetCidr };
}

/** What VPC says of the addresses in use in a subnet: [ip, resource type, resource id]. */
async function usedIps(VpcId: string, SubnetId: string): Promise<[string, string, string][]> {
  const r = await vpc().DescribeUsedIpAddress({ VpcId, SubnetId, Limit: 100 });
  assert.equal(r.TotalCount, r.IpAddressStates!.length);
  return r.IpAddressStates!.map((s) => [s.IpAddress!, s.ResourceType!, s.ResourceId!]);
}

async function mongoCount(SubnetId: string): Promise<{ ips: number; mongodb: number }> {
  const s = (await vpc().DescribeSubnetResourceDashboard({ SubnetIds: [SubnetId] })).ResourceStatisticsSet![0];
  return { ips: s.Ip!, mongodb: s.ResourceStatisticsItemSet!.find((x) => x.ResourceType === "MongoDB")!.ResourceCount! };
}

async function available(SubnetId: string): Promise<number> {
  return (await vpc().DescribeSubnets({ SubnetIds: [SubnetId] })).SubnetSet![0].AvailableIpAddressCount!;
}

describe("placing an instance in a VPC", () => {
  test("CreateDBInstanceHour (2019-07-25) takes its Vip in the subnet; VPC lists it as the instance's", async () => {
    const net = await newNetwork("place", "10.1.0.0/16", "10.1.3.0/24");
    const db = mongo2019(server);
    const free = await available(net.SubnetId);
    const { InstanceIds } = await db.CreateDBInstanceHour({ ...(await hourlyRequest2019(server)), VpcId: net.VpcId, SubnetId: net.SubnetId, GoodsNum: 2 });
    const [a, b] = InstanceIds!;
    // The addresses are taken at purchase: VPC counts them while the instances are still being created.
    const used = await usedIps(net.VpcId, net.SubnetId);
    assert.deepEqual(used.map(([, type, id]) => [type, id]).sort(), [["MongoDB", a], ["MongoDB", b]].sort());
    assert.deepEqual(await mongoCount(net.SubnetId), { ips: 2, mongodb: 2 });
    assert.equal(await available(net.SubnetId), free - 2);
    assert.equal((await detail2019(server, a))!.Vip, "", "no Vip before delivery");
    await advance(server, 601);
    for (const id of [a, b]) {
      const d = (await detail2019(server, id))!;
      assert.equal(d.NetType, 1);
      assert.equal(d.VpcId, net.VpcId);
      assert.equal(d.SubnetId, net.SubnetId);
      assert.ok(inCidr(d.Vip!, net.CidrBlock), `${d.Vip} in ${net.CidrBlock}`);
      assert.deepEqual(used.find(([ip]) => ip === d.Vip), [d.Vip, "MongoDB", id]);
    }
    const vips = await Promise.all([a, b].map(async (id) => (await detail2019(server, id))!.Vip));
    assert.notEqual(vips[0], vips[1]);
  });

  test("CreateDBInstance (2018-04-08, prepaid) into a VPC: the Vip is the subnet's, per account", async () => {
    const acct = await server.control("POST", "/accounts", { balance: 10_000 });
    const o = { credential: { secretId: acct.secretId, secretKey: acct.secretKey } };
    const net = await subnetIn(server, ZONE, o);
    assert.notEqual(net.VpcId, await testVpc(server), "the account has its own VPC");
    const { InstanceIds } = await mongo(server, o).CreateDBInstance({ ...PREPAID, UniqVpcId: net.VpcId, UniqSubnetId: net.SubnetId });
    await advance(server, 601);
    const d = (await mongo(server, o).DescribeDBInstances({ InstanceIds })).InstanceDetails![0];
    assert.equal(d.VpcId, net.VpcId);
    assert.ok(inCidr(d.Vip!, net.CidrBlock), `${d.Vip} in ${net.CidrBlock}`);
    const r = await sdk("vpc", server, o).DescribeUsedIpAddress({ VpcId: net.VpcId, SubnetId: net.SubnetId, IpAddresses: [d.Vip!] });
    assert.deepEqual(
      r.IpAddressStates!.map((s) => [s.IpAddress, s.ResourceType, s.ResourceId]),
      [[d.Vip, "MongoDB", d.InstanceId]],
    );
    // Another account's VPC is not found from the default account.
    await expectCode(mongo(server).CreateDBInstanceHour({ ...HOURLY, UniqVpcId: net.VpcId, UniqSubnetId: net.SubnetId }), "InvalidParameterValue.VpcIdOrSubnetIdNotFound");
  });
});

describe("networks MongoDB refuses", () => {
  test("a VpcId that exists with a SubnetId of another VPC: VpcIdOrSubnetIdNotFound in both versions, nothing taken", async () => {
    const mine = await subnetIn(server);
    const other = await newNetwork("other", "192.168.0.0/16", "192.168.3.0/24");
    const before = (await mongo2019(server).DescribeDBInstances({})).TotalCount;
    const e = await expectCode(
      mongo2019(server).CreateDBInstanceHour({ ...(await hourlyRequest2019(server)), VpcId: mine.VpcId, SubnetId: other.SubnetId }),
      "InvalidParameterValue.VpcIdOrSubnetIdNotFound",
    );
    assert.match(e.message, new RegExp(`${other.SubnetId}.*${mine.VpcId}`));
    await expectCode(mongo(server).CreateDBInstance({ ...PREPAID, UniqVpcId: mine.VpcId, UniqSubnetId: other.SubnetId }), "InvalidParameterValue.VpcIdOrSubnetIdNotFound");
    await expectCode(mongo(server).CreateDBInstanceHour({ ...HOURLY, VpcId: other.VpcId, SubnetId: mine.SubnetId }), "InvalidParameterValue.VpcIdOrSubnetIdNotFound");
    assert.equal((await mongo2019(server).DescribeDBInstances({})).TotalCount, before);
    assert.deepEqual(await usedIps(other.VpcId, other.SubnetId), []);
  });

  test("a subnet in another zone than the instance's: VpcIdOrSubnetIdNotFound naming the zone", async () => {
    const zone4 = await subnetIn(server, "ap-guangzhou-4");
    const e = await expectCode(
      mongo2019(server).CreateDBInstanceHour({ ...(await hourlyRequest2019(server)), SubnetId: zone4.SubnetId }),
      "InvalidParameterValue.VpcIdOrSubnetIdNotFound",
    );
    assert.equal(e.message, `The subnet ${zone4.SubnetId} is not in the zone ${ZONE}.`);
    await expectCode(mongo(server).CreateDBInstanceHour({ ...HOURLY, UniqVpcId: zone4.VpcId, UniqSubnetId: zone4.SubnetId }), "InvalidParameterValue.VpcIdOrSubnetIdNotFound");
    // The same subnet is fine for an instance in its zone.
    const { InstanceIds } = await mongo(server).CreateDBInstanceHour({ ...HOURLY, Zone: "ap-guangzhou-4", UniqVpcId: zone4.VpcId, UniqSubnetId: zone4.SubnetId });
    assert.equal((await usedIps(zone4.VpcId, zone4.SubnetId)).filter(([, , id]) => id === InstanceIds![0]).length, 1);
  });

  test("well-formed ids that do not exist: VpcIdOrSubnetIdNotFound", async () => {
    const mine = await subnetIn(server);
    const db = mongo2019(server);
    const H = await hourlyRequest2019(server);
    await expectCode(db.CreateDBInstanceHour({ ...H, SubnetId: "subnet-00000000" }), "InvalidParameterValue.VpcIdOrSubnetIdNotFound");
    await expectCode(db.CreateDBInstanceHour({ ...H, VpcId: "vpc-00000000" }), "InvalidParameterValue.VpcIdOrSubnetIdNotFound");
    await expectCode(db.CreateDBInstanceHour({ ...H, VpcId: "vpc-0akbol5v", SubnetId: "subnet-fyrtjbqw" }), "InvalidParameterValue.VpcIdOrSubnetIdNotFound");
    assert.equal(mine.VpcId, H.VpcId);
  });

  test("a subnet with no address left: ResourceInsufficient, and a purchase is all or nothing", async () => {
    const tiny = await newNetwork("tiny", "10.2.0.0/16", "10.2.3.0/28");
    const free = await available(tiny.SubnetId);
    assert.equal(free, 13, "a /28 less the network, gateway and broadcast addresses");
    await mongo(server).CreateDBInstanceHour({ ...HOURLY, UniqVpcId: tiny.VpcId, UniqSubnetId: tiny.SubnetId, GoodsNum: 10 });
    const H = { ...(await hourlyRequest2019(server)), VpcId: tiny.VpcId, SubnetId: tiny.SubnetId };
    const before = (await mongo2019(server).DescribeDBInstances({ VpcId: tiny.VpcId })).TotalCount;
    assert.equal(before, 10);
    await expectCode(mongo2019(server).CreateDBInstanceHour({ ...H, GoodsNum: 4 }), "ResourceInsufficient");
    assert.equal((await mongo2019(server).DescribeDBInstances({ VpcId: tiny.VpcId })).TotalCount, 10, "none of the 4 created");
    assert.equal(await available(tiny.SubnetId), 3, "no address kept by the refused purchase");
    await mongo2019(server).CreateDBInstanceHour({ ...H, GoodsNum: 3 });
    assert.equal(await available(tiny.SubnetId), 0);
    await expectCode(mongo(server).CreateDBInstanceHour({ ...HOURLY, UniqVpcId: tiny.VpcId, UniqSubnetId: tiny.SubnetId }), "ResourceInsufficient");
  });
});

describe("the subnet is in use while an instance holds its address", () => {
  test("DeleteSubnet answers ResourceInUse until the instance is isolated and taken offline (2019-07-25)", async () => {
    const net = await newNetwork("in-use", "10.3.0.0/16", "10.3.3.0/24");
    const db = mongo2019(server);
    const id = (await db.CreateDBInstanceHour({ ...(await hourlyRequest2019(server)), VpcId: net.VpcId, SubnetId: net.SubnetId })).InstanceIds![0];
    await expectCode(vpc().DeleteSubnet({ SubnetId: net.SubnetId }), "ResourceInUse");
    await expectCode(vpc().DeleteVpc({ VpcId: net.VpcId }), "ResourceInUse");
    await advance(server, 601);
    await db.IsolateDBInstance({ InstanceId: id });
    await advance(server, 61);
    assert.equal((await detail2019(server, id))!.Status, -3);
    // In the recycle bin the instance keeps its address (it could come back).
    await expectCode(vpc().DeleteSubnet({ SubnetId: net.SubnetId }), "ResourceInUse");
    assert.equal((await mongoCount(net.SubnetId)).mongodb, 1);
    const { AsyncRequestId } = await db.OfflineIsolatedDBInstance({ InstanceId: id });
    await expectCode(vpc().DeleteSubnet({ SubnetId: net.SubnetId }), "ResourceInUse");
    await advance(server, 61);
    assert.equal((await db.DescribeAsyncRequestInfo({ AsyncRequestId: AsyncRequestId! })).Status, "success");
    assert.deepEqual(await usedIps(net.VpcId, net.SubnetId), []);
    await vpc().DeleteSubnet({ SubnetId: net.SubnetId });
    await vpc().DeleteVpc({ VpcId: net.VpcId });
    assert.equal((await vpc().DescribeVpcs({ Filters: [{ Name: "vpc-id", Values: [net.VpcId] }] })).TotalCount, 0);
  });

  test("an instance past the recycle bin gives its address back without another MongoDB call (2018-04-08)", async () => {
    const net = await newNetwork("bin", "10.4.0.0/16", "10.4.3.0/24");
    const db = mongo(server);
    const id = (await db.CreateDBInstanceHour({ ...HOURLY, UniqVpcId: net.VpcId, UniqSubnetId: net.SubnetId })).InstanceIds![0];
    await advance(server, 601);
    await db.TerminateDBInstance({ InstanceId: id });
    await advance(server, 61);
    await expectCode(vpc().DeleteSubnet({ SubnetId: net.SubnetId }), "ResourceInUse");
    await advance(server, 3 * 86400);
    // VPC asks MongoDB to give back what the clock made due before it decides.
    await vpc().DeleteSubnet({ SubnetId: net.SubnetId });
    await vpc().DeleteVpc({ VpcId: net.VpcId });
  });
});

describe("ModifyDBInstanceNetworkAddress with real networks", () => {
  test("a move to another VPC takes an address in the new subnet; the old one is kept OldIpExpiredTime minutes", async () => {
    const from = await newNetwork("from", "10.5.0.0/16", "10.5.3.0/24");
    const to = await newNetwork("to", "172.17.0.0/16", "172.17.3.0/24");
    const db = mongo2019(server);
    const id = (await db.CreateDBInstanceHour({ ...(await hourlyRequest2019(server)), VpcId: from.VpcId, SubnetId: from.SubnetId })).InstanceIds![0];
    await advance(server, 601);
    const oldVip = (await detail2019(server, id))!.Vip!;
    const { FlowId } = await db.ModifyDBInstanceNetworkAddress({ InstanceId: id, OldIpExpiredTime: 30, NewUniqVpcId: to.VpcId, NewUniqSubnetId: to.SubnetId });
    assert.ok(FlowId! > 0);
    // The new address is the instance's at once; the instance answers on the old one until the move ends.
    const taken = await usedIps(to.VpcId, to.SubnetId);
    assert.equal(taken.length, 1);
    const [newVip, type, holder] = taken[0];
    assert.deepEqual([type, holder], ["MongoDB", id]);
    assert.ok(inCidr(newVip, to.CidrBlock));
    assert.equal((await detail2019(server, id))!.Vip, oldVip);
    await advance(server, 61);
    const d = (await detail2019(server, id))!;
    assert.deepEqual([d.VpcId, d.SubnetId, d.Vip, d.Status], [to.VpcId, to.SubnetId, newVip, 2]);
    const node = (await db.DescribeDBInstanceNodeProperty({ InstanceId: id })).ReplicateSets![0].Nodes![0];
    assert.equal(node.Address!.split(":")[0], newVip);
    // Both addresses answer for 30 minutes: the old subnet still holds the old one.
    assert.deepEqual(await usedIps(from.VpcId, from.SubnetId), [[oldVip, "MongoDB", id]]);
    await expectCode(vpc().DeleteSubnet({ SubnetId: from.SubnetId }), "ResourceInUse");
    await advance(server, 30 * 60);
    await db.DescribeDBInstances({ InstanceIds: [id] });
    assert.deepEqual(await usedIps(from.VpcId, from.SubnetId), []);
    assert.deepEqual(await usedIps(to.VpcId, to.SubnetId), [[newVip, "MongoDB", id]]);
    await vpc().DeleteSubnet({ SubnetId: from.SubnetId });
    await expectCode(vpc().DeleteSubnet({ SubnetId: to.SubnetId }), "ResourceInUse");
  });

  test("a named address in the same subnet; OldIpExpiredTime 0 gives the old one back when the move ends", async () => {
    const net = await newNetwork("same", "10.6.0.0/16", "10.6.3.0/24");
    const db = mongo2019(server);
    const H = { ...(await hourlyRequest2019(server)), VpcId: net.VpcId, SubnetId: net.SubnetId };
    const [id, neighbour] = (await db.CreateDBInstanceHour({ ...H, GoodsNum: 2 })).InstanceIds!;
    await advance(server, 601);
    const oldVip = (await detail2019(server, id))!.Vip!;
    const neighbourVip = (await detail2019(server, neighbour))!.Vip!;
    const move = (NewIPAddress: string) =>
      db.ModifyDBInstanceNetworkAddress({ InstanceId: id, OldIpExpiredTime: 0, NewUniqVpcId: net.VpcId, NewUniqSubnetId: net.SubnetId, NetworkAddresses: [{ OldIpAddress: oldVip, NewIPAddress }] });
    // Refused: outside the subnet, a reserved address, another instance's address; nothing is taken.
    await expectCode(move("10.6.4.20"), "InvalidParameter.InvalidVip");
    await expectCode(move("10.6.3.1"), "InvalidParameter.InvalidVip");
    await expectCode(move(neighbourVip), "InvalidParameter.InvalidVip");
    assert.equal((await usedIps(net.VpcId, net.SubnetId)).length, 2);
    assert.equal((await detail2019(server, id))!.Status, 2, "no move started");
    await move("10.6.3.200");
    assert.deepEqual((await usedIps(net.VpcId, net.SubnetId)).map(([ip]) => ip).sort(), [oldVip, neighbourVip, "10.6.3.200"].sort());
    await advance(server, 61);
    await db.DescribeDBInstances({ InstanceIds: [id] });
    assert.equal((await detail2019(server, id))!.Vip, "10.6.3.200");
    assert.deepEqual((await usedIps(net.VpcId, net.SubnetId)).map(([ip, , holder]) => [ip, holder]).sort(), [[neighbourVip, neighbour], ["10.6.3.200", id]].sort());
  });

  test("from the basic network into a VPC; an instance gone mid-retention gives back both addresses", async () => {
    const net = await newNetwork("basic", "10.7.0.0/16", "10.7.3.0/24");
    const next = await newNetwork("next", "10.8.0.0/16", "10.8.3.0/24");
    const db = mongo2019(server);
    const id = (await db.CreateDBInstanceHour(HOURLY_2019)).InstanceIds![0];
    await advance(server, 601);
    assert.equal((await detail2019(server, id))!.NetType, 0);
    await db.ModifyDBInstanceNetworkAddress({ InstanceId: id, OldIpExpiredTime: 60, NewUniqVpcId: net.VpcId, NewUniqSubnetId: net.SubnetId });
    await advance(server, 61);
    const d = (await detail2019(server, id))!;
    assert.deepEqual([d.NetType, d.VpcId, d.SubnetId], [1, net.VpcId, net.SubnetId]);
    assert.ok(inCidr(d.Vip!, net.CidrBlock));
    // A second move keeps the first VPC's address an hour; the instance is taken offline before that.
    await db.ModifyDBInstanceNetworkAddress({ InstanceId: id, OldIpExpiredTime: 60, NewUniqVpcId: next.VpcId, NewUniqSubnetId: next.SubnetId });
    await advance(server, 61);
    assert.equal((await usedIps(net.VpcId, net.SubnetId)).length, 1);
    await db.IsolateDBInstance({ InstanceId: id });
    await advance(server, 61);
    await db.OfflineIsolatedDBInstance({ InstanceId: id });
    await advance(server, 61);
    await vpc().DeleteSubnet({ SubnetId: net.SubnetId });
    await vpc().DeleteSubnet({ SubnetId: next.SubnetId });
  });
});
