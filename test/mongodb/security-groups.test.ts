import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { expectCode, sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { HOURLY, mongo, PREPAID } from "./fixtures";
import { advance, hourlyRequest2019, mongo2019, PREPAID_2019 } from "./fixtures2019";
import { testSecurityGroup } from "./networks";

/**
 * MongoDB's security groups are VPC's: a group named at purchase or by ModifyDBInstanceSecurityGroup must exist in
 * the account and region, the instance is bound to it in VPC (association statistics count it, DeleteSecurityGroup
 * refuses the group) until the instance is gone, and DescribeSecurityGroup answers the groups as VPC has them.
 */

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const vpc = () => sdk("vpc", server);
const db = () => mongo2019(server);

async function newGroup(name: string): Promise<string> {
  return (await vpc().CreateSecurityGroup({ GroupName: name, GroupDescription: `${name} group` })).SecurityGroup!.SecurityGroupId!;
}

/** DescribeSecurityGroupAssociationStatistics of one group: [InstanceType, InstanceCount] pairs and TotalCount. */
async function stats(id: string): Promise<{ types: [string, number][]; total: number }> {
  const s = (await vpc().DescribeSecurityGroupAssociationStatistics({ SecurityGroupIds: [id] })).SecurityGroupAssociationStatisticsSet![0];
  return { types: s.InstanceStatistics!.map((x) => [x.InstanceType!, x.InstanceCount!]), total: s.TotalCount! };
}

async function instanceCount(): Promise<number> {
  return (await db().DescribeDBInstances({ Limit: 100 })).TotalCount!;
}

describe("a group that does not exist", () => {
  test("the purchase actions of both versions answer InvalidParameterValue naming the group; nothing is bought", async () => {
    const H = await hourlyRequest2019(server);
    const before = await instanceCount();
    const e = await expectCode(db().CreateDBInstanceHour({ ...H, SecurityGroup: ["sg-00000000"] }), "InvalidParameterValue");
    assert.equal(e.message, "The value `sg-00000000` specified in the parameter `SecurityGroup` is not valid. The security group sg-00000000 does not exist in ap-guangzhou.");
    await expectCode(db().CreateDBInstance({ ...PREPAID_2019, SecurityGroup: [await testSecurityGroup(server), "sg-00000000"] }), "InvalidParameterValue");
    await expectCode(mongo(server).CreateDBInstanceHour({ ...HOURLY, SecurityGroup: ["sg-00000000"] }), "InvalidParameterValue");
    await expectCode(mongo(server).CreateDBInstance({ ...PREPAID, SecurityGroup: ["sg-00000000"] }), "InvalidParameterValue");
    assert.equal(await instanceCount(), before);
  });

  test("a group of another region or another account is not found", async () => {
    const shanghai = (await sdk("vpc", server, { region: "ap-shanghai" }).CreateSecurityGroup({ GroupName: "sh", GroupDescription: "" })).SecurityGroup!.SecurityGroupId!;
    const acct = await server.control("POST", "/accounts", {});
    const theirs = await testSecurityGroup(server, "theirs", { credential: { secretId: acct.secretId, secretKey: acct.secretKey } });
    const H = await hourlyRequest2019(server);
    for (const sg of [shanghai, theirs]) {
      const e = await expectCode(db().CreateDBInstanceHour({ ...H, SecurityGroup: [sg] }), "InvalidParameterValue");
      assert.match(e.message, new RegExp(`${sg} does not exist`));
    }
  });

  test("more than 5 groups: InvalidParameterValue at purchase", async () => {
    const groups = await Promise.all(["a", "b", "c", "d", "e", "f"].map((n) => testSecurityGroup(server, `many-${n}`)));
    const e = await expectCode(db().CreateDBInstanceHour({ ...(await hourlyRequest2019(server)), SecurityGroup: groups }), "InvalidParameterValue");
    assert.match(e.message, /at most 5 security groups/);
  });

  test("ModifyDBInstanceSecurityGroup answers InvalidParameterValue.SecurityGroupId and keeps the groups it had", async () => {
    const sg = await newGroup("keep");
    const id = (await db().CreateDBInstanceHour({ ...(await hourlyRequest2019(server)), SecurityGroup: [sg] })).InstanceIds![0];
    await advance(server, 601);
    const e = await expectCode(db().ModifyDBInstanceSecurityGroup({ InstanceId: id, SecurityGroupIds: [sg, "sg-00000000"] }), "InvalidParameterValue.SecurityGroupId");
    assert.equal(e.message, "The security group sg-00000000 does not exist (not in ap-guangzhou).");
    const six = await Promise.all(["a", "b", "c", "d", "e", "f"].map((n) => testSecurityGroup(server, `many-${n}`)));
    await expectCode(db().ModifyDBInstanceSecurityGroup({ InstanceId: id, SecurityGroupIds: six }), "InvalidParameter");
    assert.deepEqual((await db().DescribeSecurityGroup({ InstanceId: id })).Groups!.map((g) => g.SecurityGroupId), [sg]);
    assert.deepEqual(await stats(sg), { types: [["MongoDB", 1]], total: 1 });
  });
});

describe("the instance is bound to its groups in VPC", () => {
  test("association statistics count instances of both versions under MongoDB", async () => {
    const sg = await newGroup("counted");
    assert.deepEqual(await stats(sg), { types: [], total: 0 });
    await db().CreateDBInstanceHour({ ...(await hourlyRequest2019(server)), GoodsNum: 2, SecurityGroup: [sg] });
    await mongo(server).CreateDBInstanceHour({ ...HOURLY, SecurityGroup: [sg, sg] });
    // Bound at purchase, while the instances are still being created.
    assert.deepEqual(await stats(sg), { types: [["MongoDB", 3]], total: 3 });
    const s = (await vpc().DescribeSecurityGroupAssociationStatistics({ SecurityGroupIds: [sg] })).SecurityGroupAssociationStatisticsSet![0];
    assert.equal(s.CVM, 0);
  });

  test("DeleteSecurityGroup answers ResourceInUse while the instance exists (recycle bin included), and succeeds once it is offline", async () => {
    const sg = await newGroup("in-use");
    const id = (await db().CreateDBInstanceHour({ ...(await hourlyRequest2019(server)), SecurityGroup: [sg] })).InstanceIds![0];
    const e = await expectCode(vpc().DeleteSecurityGroup({ SecurityGroupId: sg }), "ResourceInUse");
    assert.match(e.message, new RegExp(id));
    await advance(server, 601);
    await db().IsolateDBInstance({ InstanceId: id });
    await advance(server, 61);
    await expectCode(vpc().DeleteSecurityGroup({ SecurityGroupId: sg }), "ResourceInUse");
    await db().OfflineIsolatedDBInstance({ InstanceId: id });
    await expectCode(vpc().DeleteSecurityGroup({ SecurityGroupId: sg }), "ResourceInUse");
    await advance(server, 61);
    // VPC asks MongoDB to give back what the clock made due before it decides: no MongoDB call in between.
    assert.deepEqual(await stats(sg), { types: [], total: 0 });
    await vpc().DeleteSecurityGroup({ SecurityGroupId: sg });
    assert.equal((await vpc().DescribeSecurityGroups({ Filters: [{ Name: "security-group-id", Values: [sg] }] })).TotalCount, 0);
  });

  test("a 2018-04-08 instance past the recycle bin leaves its group", async () => {
    const sg = await newGroup("bin");
    const id = (await mongo(server).CreateDBInstanceHour({ ...HOURLY, SecurityGroup: [sg] })).InstanceIds![0];
    await advance(server, 601);
    await mongo(server).TerminateDBInstance({ InstanceId: id });
    await advance(server, 61);
    await expectCode(vpc().DeleteSecurityGroup({ SecurityGroupId: sg }), "ResourceInUse");
    await advance(server, 3 * 86400);
    await vpc().DeleteSecurityGroup({ SecurityGroupId: sg });
  });

  test("ModifyDBInstanceSecurityGroup moves the binding: the old group is free, the new ones count the instance", async () => {
    const [a, b, c] = [await newGroup("move-a"), await newGroup("move-b"), await newGroup("move-c")];
    const id = (await db().CreateDBInstanceHour({ ...(await hourlyRequest2019(server)), SecurityGroup: [a] })).InstanceIds![0];
    await advance(server, 601);
    await db().ModifyDBInstanceSecurityGroup({ InstanceId: id, SecurityGroupIds: [b, c] });
    assert.deepEqual(await stats(a), { types: [], total: 0 });
    assert.deepEqual(await stats(b), { types: [["MongoDB", 1]], total: 1 });
    assert.deepEqual(await stats(c), { types: [["MongoDB", 1]], total: 1 });
    await vpc().DeleteSecurityGroup({ SecurityGroupId: a });
    await expectCode(vpc().DeleteSecurityGroup({ SecurityGroupId: b }), "ResourceInUse");
    assert.deepEqual((await db().DescribeSecurityGroup({ InstanceId: id })).Groups!.map((g) => g.SecurityGroupId), [b, c]);
    // The same set again changes nothing.
    await db().ModifyDBInstanceSecurityGroup({ InstanceId: id, SecurityGroupIds: [b, c] });
    assert.deepEqual(await stats(b), { types: [["MongoDB", 1]], total: 1 });
  });
});

describe("DescribeSecurityGroup answers VPC's groups", () => {
  test("names, remarks, project, creation time and rules as VPC has them, renames included", async () => {
    const { SecurityGroup } = await vpc().CreateSecurityGroupWithPolicies({
      GroupName: "mongo-clients",
      GroupDescription: "app servers to MongoDB",
      SecurityGroupPolicySet: {
        Version: "0",
        Ingress: [
          { Protocol: "TCP", Port: "27017", CidrBlock: "10.0.0.0/16", Action: "ACCEPT", PolicyDescription: "app" },
          { Protocol: "ALL", CidrBlock: "0.0.0.0/0", Action: "DROP" },
        ],
        Egress: [{ Protocol: "ALL", CidrBlock: "0.0.0.0/0", Action: "ACCEPT" }],
      },
    });
    const sg = SecurityGroup!.SecurityGroupId!;
    const id = (await db().CreateDBInstanceHour({ ...(await hourlyRequest2019(server)), SecurityGroup: [sg] })).InstanceIds![0];
    await advance(server, 601);
    const [g] = (await db().DescribeSecurityGroup({ InstanceId: id })).Groups!;
    assert.deepEqual(g, {
      ProjectId: 0,
      CreateTime: SecurityGroup!.CreatedTime,
      SecurityGroupId: sg,
      SecurityGroupName: "mongo-clients",
      SecurityGroupRemark: "app servers to MongoDB",
      Inbound: [
        { Action: "ACCEPT", CidrIp: "10.0.0.0/16", PortRange: "27017", IpProtocol: "tcp", Id: "", AddressModule: "", ServiceModule: "", Desc: "app" },
        { Action: "DROP", CidrIp: "0.0.0.0/0", PortRange: "ALL", IpProtocol: "all", Id: "", AddressModule: "", ServiceModule: "", Desc: "" },
      ],
      Outbound: [{ Action: "ACCEPT", CidrIp: "0.0.0.0/0", PortRange: "ALL", IpProtocol: "all", Id: "", AddressModule: "", ServiceModule: "", Desc: "" }],
    });
    assert.match(g.CreateTime!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    await vpc().ModifySecurityGroupAttribute({ SecurityGroupId: sg, GroupName: "renamed" });
    assert.equal((await db().DescribeSecurityGroup({ InstanceId: id })).Groups![0].SecurityGroupName, "renamed");
  });

  test("an instance without groups answers an empty list", async () => {
    const id = (await db().CreateDBInstanceHour({ ...(await hourlyRequest2019(server)) })).InstanceIds![0];
    assert.deepEqual((await db().DescribeSecurityGroup({ InstanceId: id })).Groups, []);
  });
});
