import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode } from "../helpers/sdk";
import { advance, detailOf, HOURLY, mongo, PREPAID, PREPAID_MONTHLY, prepaidRunning, running } from "./fixtures";
import { inCidr, subnetIn } from "./networks";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

async function account(balance: number) {
  const a = await server.control("POST", "/accounts", { balance });
  return { uin: a.uin as string, credential: { secretId: a.secretId as string, secretKey: a.secretKey as string } };
}
async function balanceOf(uin: string): Promise<number> {
  return (await server.control("GET", "/accounts")).accounts.find((a: any) => a.uin === uin).balance;
}

describe("the issue's scenario", () => {
  test("hourly replica set: creating → running → upgrade → rename → set password → terminate → gone", async () => {
    const db = mongo(server);
    const created = await db.CreateDBInstanceHour(HOURLY);
    assert.match(created.DealId!, /^\d{32}$/);
    assert.equal(created.InstanceIds!.length, 1);
    const id = created.InstanceIds![0];
    assert.match(id, /^cmgo-[a-z0-9]{8}$/);

    let d = (await detailOf(server, id))!;
    assert.equal(d.Status, 0);
    assert.equal(d.InstanceStatusDesc, "创建中");
    assert.equal(d.InstanceName, id);
    assert.equal(d.Vip, "");
    assert.equal(d.PayMode, 0);
    assert.equal(d.ClusterType, 0);
    assert.equal(d.Zone, "ap-guangzhou-3");
    assert.equal(d.Region, "ap-guangzhou");
    assert.equal(d.Memory, 4096);
    assert.equal(d.Volume, 250 * 1024);
    assert.equal(d.MongoVersion, "MONGO_40_WT");
    assert.equal(d.ReplicaSets!.length, 1);
    assert.equal(d.ReplicaSets![0].ReplicaSetId, `${id}_0`);
    assert.match(d.CreateTime!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    await advance(server, 590);
    assert.equal((await detailOf(server, id))!.Status, 0, "still creating after 590 s");
    await advance(server, 11);
    d = (await detailOf(server, id))!;
    assert.equal(d.Status, 2);
    assert.equal(d.InstanceStatusDesc, "运行中");
    assert.match(d.Vip!, /^10\.66\.\d+\.\d+$/);
    assert.equal(d.Vport, 27017);

    const up = await db.UpgradeDBInstanceHour({ InstanceId: id, Memory: 8, Volume: 500 });
    assert.match(up.DealId!, /^\d{32}$/);
    d = (await detailOf(server, id))!;
    assert.equal(d.Status, 1);
    assert.equal(d.Memory, 4096, "the old spec until the upgrade completes");
    await advance(server, 301);
    d = (await detailOf(server, id))!;
    assert.equal(d.Status, 2);
    assert.equal(d.Memory, 8192);
    assert.equal(d.Volume, 500 * 1024);
    assert.equal(d.ReplicaSets![0].OplogSize, 50 * 1024);

    await db.RenameInstance({ InstanceId: id, NewName: "订单库_prod-1" });
    assert.equal((await detailOf(server, id))!.InstanceName, "订单库_prod-1");

    const pw = await db.SetPassword({ InstanceId: id, UserName: "mongouser", Password: "Passw0rd_2024" });
    assert.equal(typeof pw.FlowId, "number");
    assert.equal((await detailOf(server, id))!.Status, 1);
    await expectCode(db.TerminateDBInstance({ InstanceId: id }), "InvalidParameterValue.LockFailed");
    await advance(server, 11);
    assert.equal((await detailOf(server, id))!.Status, 2);

    const t = await db.TerminateDBInstance({ InstanceId: id });
    assert.match(t.AsyncRequestId!, /^\d+$/);
    d = (await detailOf(server, id))!;
    assert.equal(d.Status, 1);
    assert.equal(d.InstanceStatusDesc, "销毁中");
    await expectCode(db.TerminateDBInstance({ InstanceId: id }), "InternalError.AsyncRequestError");
    await advance(server, 61);
    const gone = await db.DescribeDBInstances({ InstanceIds: [id] });
    assert.equal(gone.TotalCount, 0);
    assert.deepEqual(gone.InstanceDetails, []);

    await expectCode(db.TerminateDBInstance({ InstanceId: id }), "InvalidParameterValue.InstanceHasBeenIsolated");
    await expectCode(db.RenameInstance({ InstanceId: id, NewName: "x" }), "InvalidParameterValue.InstanceHasBeenIsolated");
    await expectCode(db.SetPassword({ InstanceId: id, UserName: "mongouser", Password: "Passw0rd_2024" }), "InvalidParameterValue.NotFoundInstance");
    await advance(server, 3 * 86400);
    await expectCode(db.RenameInstance({ InstanceId: id, NewName: "x" }), "InvalidParameterValue.InstanceHasBeenDeleted");
    await expectCode(db.TerminateDBInstance({ InstanceId: id }), "InvalidParameterValue.NotFoundInstance");
  });

  test("a prepaid instance is charged and refuses TerminateDBInstance", async () => {
    const { uin, credential } = await account(1500);
    const db = mongo(server, { credential });
    const r = await db.CreateDBInstance(PREPAID);
    assert.match(r.DealId!, /^\d+$/);
    assert.equal(await balanceOf(uin), 1500 - PREPAID_MONTHLY);
    const id = r.InstanceIds![0];
    await advance(server, 601);
    const d = (await detailOf(server, id, { credential }))!;
    assert.equal(d.PayMode, 1);
    assert.equal(d.Status, 2);
    const e = await expectCode(db.TerminateDBInstance({ InstanceId: id }), "InvalidParameter");
    assert.match(e.message, /prepaid/);
    assert.equal((await detailOf(server, id, { credential }))!.Status, 2, "still running");

    // The second purchase does not fit the balance: the billing check fails, nothing is created or charged.
    const before = (await db.DescribeDBInstances({})).TotalCount;
    const short = await expectCode(db.CreateDBInstance(PREPAID), "InvalidParameter");
    assert.match(short.message, /^rc check failed\[insufficient account balance/);
    assert.equal((await db.DescribeDBInstances({})).TotalCount, before);
    assert.equal(await balanceOf(uin), 1500 - PREPAID_MONTHLY);
  });
});

describe("prepaid periods", () => {
  test("DeadLine is TimeSpan months ahead; an expired instance shows -2 and is deleted after 7 days", async () => {
    const { credential } = await account(10_000);
    const db = mongo(server, { credential });
    const id = (await db.CreateDBInstance({ ...PREPAID, TimeSpan: 2 })).InstanceIds![0];
    const d = (await detailOf(server, id, { credential }))!;
    const created = Date.parse(d.CreateTime!.replace(" ", "T") + "+08:00");
    const deadline = Date.parse(d.DeadLine!.replace(" ", "T") + "+08:00");
    const days = (deadline - created) / 86400_000;
    assert.ok(days >= 59 && days <= 62, `two months, got ${days} days`);
    await advance(server, Math.ceil((deadline - created) / 1000) + 10);
    const expired = (await detailOf(server, id, { credential }))!;
    assert.equal(expired.Status, -2);
    assert.equal((await db.DescribeDBInstances({ Status: [-2] })).TotalCount, 1);
    await expectCode(db.TerminateDBInstance({ InstanceId: id }), "InvalidParameterValue.InstanceHasBeenIsolated");
    await expectCode(db.SetPassword({ InstanceId: id, UserName: "mongouser", Password: "Passw0rd_2024" }), "InvalidParameterValue.StatusAbnormal");
    await advance(server, 7 * 86400);
    assert.equal((await db.DescribeDBInstances({ InstanceIds: [id] })).TotalCount, 0);
    await expectCode(db.RenameInstance({ InstanceId: id, NewName: "x" }), "InvalidParameterValue.InstanceHasBeenDeleted");
  });

  test("AutoRenewFlag 1 renews at the deadline, charging a month; 0 lets it expire", async () => {
    const { uin, credential } = await account(PREPAID_MONTHLY * 2 + 100);
    const db = mongo(server, { credential });
    const renewing = (await db.CreateDBInstance(PREPAID)).InstanceIds![0];
    await db.SetAutoRenew({ InstanceIds: [renewing], AutoRenewFlag: 1 });
    assert.equal((await detailOf(server, renewing, { credential }))!.AutoRenewFlag, 1);
    const firstDeadline = (await detailOf(server, renewing, { credential }))!.DeadLine!;
    await advance(server, 32 * 86400);
    const d = (await detailOf(server, renewing, { credential }))!;
    assert.equal(d.Status, 2);
    assert.ok(d.DeadLine! > firstDeadline, `${d.DeadLine} after ${firstDeadline}`);
    assert.equal(await balanceOf(uin), 100);
    // The next month cannot be paid: the instance expires.
    await advance(server, 31 * 86400);
    assert.equal((await detailOf(server, renewing, { credential }))!.Status, -2);
  });

  test("UpgradeDBInstance charges the difference for the rest of the period", async () => {
    const { uin, credential } = await account(5000);
    const id = await prepaidRunning(server, {}, { credential });
    const db = mongo(server, { credential });
    const before = await balanceOf(uin);
    const r = await db.UpgradeDBInstance({ InstanceId: id, Memory: 8, Volume: 250 });
    assert.match(r.DealId!, /^\d+$/);
    const charged = before - (await balanceOf(uin));
    // 8 GB costs 600 CNY more a month; about a month is left.
    assert.ok(charged > 550 && charged <= 620, `charged ${charged}`);
    await advance(server, 301);
    assert.equal((await detailOf(server, id, { credential }))!.Memory, 8192);
    await expectCode(db.UpgradeDBInstanceHour({ InstanceId: id, Memory: 16, Volume: 250 }), "InvalidParameter");
  });
});

describe("sharded clusters and networks", () => {
  test("a sharded cluster in a VPC: totals over shards, one replica set per shard", async () => {
    const db = mongo(server);
    const net = await subnetIn(server);
    const r = await db.CreateDBInstanceHour({
      ...HOURLY,
      InstanceType: "SHARD",
      ReplicateSetNum: 3,
      SecondaryNum: 2,
      Memory: 8,
      Volume: 100,
      UniqVpcId: net.VpcId,
      UniqSubnetId: net.SubnetId,
      GoodsNum: 2,
    });
    assert.equal(r.InstanceIds!.length, 2);
    await advance(server, 600);
    assert.equal((await detailOf(server, r.InstanceIds![0]))!.Status, 0, "a sharded cluster takes longer than a replica set");
    await advance(server, 301);
    const d = (await detailOf(server, r.InstanceIds![0]))!;
    assert.equal(d.Status, 2);
    assert.equal(d.ClusterType, 1);
    assert.equal(d.ReplicationSetNum, 3);
    assert.equal(d.Memory, 3 * 8192);
    assert.equal(d.Volume, 3 * 100 * 1024);
    assert.deepEqual(
      d.ReplicaSets!.map((s) => s.ReplicaSetId),
      [0, 1, 2].map((i) => `${d.InstanceId}_${i}`),
    );
    assert.equal(d.NetType, 1);
    assert.equal(d.VpcId, net.VpcId);
    assert.equal(d.SubnetId, net.SubnetId);
    assert.ok(inCidr(d.Vip!, net.CidrBlock), `${d.Vip} is in ${net.CidrBlock}`);
    const byVpc = await db.DescribeDBInstances({ VpcId: net.VpcId, SubnetId: net.SubnetId, ClusterType: 1 });
    assert.equal(byVpc.TotalCount, 2);
  });

  test("DescribeDBInstances filters, orders and pages", async () => {
    const { credential } = await account(0);
    const db = mongo(server, { credential });
    const ids: string[] = [];
    for (const name of ["charlie", "alpha", "bravo"]) {
      const id = (await db.CreateDBInstanceHour(HOURLY)).InstanceIds![0];
      await db.RenameInstance({ InstanceId: id, NewName: name });
      ids.push(id);
      await advance(server, 1);
    }
    const all = await db.DescribeDBInstances({});
    assert.equal(all.TotalCount, 3);
    assert.deepEqual(all.InstanceDetails!.map((d) => d.InstanceName), ["bravo", "alpha", "charlie"], "newest first by default");
    const byName = await db.DescribeDBInstances({ OrderBy: "InstanceName", OrderByType: "ASC", Limit: 2, Offset: 1 });
    assert.equal(byName.TotalCount, 3);
    assert.deepEqual(byName.InstanceDetails!.map((d) => d.InstanceName), ["bravo", "charlie"]);
    assert.equal((await db.DescribeDBInstances({ Status: [2] })).TotalCount, 0);
    assert.equal((await db.DescribeDBInstances({ Status: [0] })).TotalCount, 3);
    assert.equal((await db.DescribeDBInstances({ PayMode: 1 })).TotalCount, 0);
    assert.equal((await db.DescribeDBInstances({ InstanceType: 3 })).TotalCount, 0);
    assert.equal((await db.DescribeDBInstances({ InstanceIds: [ids[1]] })).InstanceDetails![0].InstanceName, "alpha");
    // Another account sees none of them; another region neither.
    assert.equal((await mongo(server).DescribeDBInstances({ InstanceIds: ids })).TotalCount, 0);
    assert.equal((await mongo(server, { credential, region: "ap-shanghai" }).DescribeDBInstances({})).TotalCount, 0);
  });
});

describe("projects", () => {
  test("AssignProject moves instances to a project added through the control API", async () => {
    const { uin, credential } = await account(0);
    const db = mongo(server, { credential });
    const id = await running(server, {}, { credential });
    await expectCode(db.AssignProject({ InstanceIds: [id], ProjectId: 1000001 }), "InvalidParameterValue.ProjectNotFound");
    const p = await server.control("POST", "/mongodb/projects", { uin, name: "payments" });
    assert.equal(p.projectId, 1000001);
    const r = await db.AssignProject({ InstanceIds: [id], ProjectId: p.projectId });
    assert.equal(r.FlowIds!.length, 1);
    assert.equal((await detailOf(server, id, { credential }))!.ProjectId, p.projectId);
    const listed = await server.control("GET", `/mongodb/projects?uin=${uin}`);
    assert.deepEqual(listed.projects, [
      { projectId: 0, name: "默认项目" },
      { projectId: 1000001, name: "payments" },
    ]);
    // The project belongs to that account only.
    await expectCode(mongo(server).CreateDBInstanceHour({ ...HOURLY, ProjectId: 1000001 }), "InvalidParameterValue.ProjectNotFound");
    const second = (await db.CreateDBInstanceHour({ ...HOURLY, ProjectId: 1000001 })).InstanceIds![0];
    assert.equal((await detailOf(server, second, { credential }))!.ProjectId, 1000001);
  });
});
