import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { versionsOf } from "../../src/generated/catalog";
import { formatDateTime } from "../../src/platform/clock";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { assertComplete } from "../helpers/complete";
import { advance, HOURLY, mongo, PREPAID } from "./fixtures";
import { subnetIn } from "./networks";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("every one of the 13 actions answers every member of its SDK response model", async () => {
  const db = mongo(server);
  const answered: Record<string, unknown> = {};
  const call = async <T>(action: string, p: Promise<T>): Promise<T> => {
    const r = await p;
    assertComplete("mongodb", action, r, "2018-04-08");
    answered[action] = r;
    return r;
  };

  await call("DescribeSpecInfo", db.DescribeSpecInfo({}));
  await call("DescribeSpecInfo", db.DescribeSpecInfo({ Zone: "ap-guangzhou-2" }));
  const hourly = (await call("CreateDBInstanceHour", db.CreateDBInstanceHour({ ...HOURLY, InstanceType: "SHARD", ReplicateSetNum: 2 }))).InstanceIds![0];
  const net = await subnetIn(server);
  const prepaid = (await call("CreateDBInstance", db.CreateDBInstance({ ...PREPAID, UniqVpcId: net.VpcId, UniqSubnetId: net.SubnetId }))).InstanceIds![0];
  await call("DescribeDBInstances", db.DescribeDBInstances({})); // while creating
  await advance(server, 901);
  await call("DescribeDBInstances", db.DescribeDBInstances({ Limit: 100 }));
  await call("UpgradeDBInstanceHour", db.UpgradeDBInstanceHour({ InstanceId: hourly, Memory: 8, Volume: 300, OplogSize: 60 }));
  await call("UpgradeDBInstance", db.UpgradeDBInstance({ InstanceId: prepaid, Memory: 8, Volume: 300 }));
  await call("DescribeDBInstances", db.DescribeDBInstances({ Status: [1] }));
  await advance(server, 301);
  await call("RenameInstance", db.RenameInstance({ InstanceId: prepaid, NewName: "prepaid-1" }));
  await call("SetAutoRenew", db.SetAutoRenew({ InstanceIds: [prepaid], AutoRenewFlag: 1 }));
  await call("SetPassword", db.SetPassword({ InstanceId: hourly, UserName: "mongouser", Password: "Passw0rd_2024" }));
  await call("AssignProject", db.AssignProject({ InstanceIds: [prepaid], ProjectId: 0 }));

  await server.control("POST", `/mongodb/${hourly}/connections`, { region: "ap-guangzhou", clients: [{ IP: "10.0.0.1", Count: 3 }] });
  await call("DescribeClientConnections", db.DescribeClientConnections({ InstanceId: hourly }));
  await call("DescribeClientConnections", db.DescribeClientConnections({ InstanceId: prepaid })); // nothing seeded
  const now = (await server.control("GET", "/clock")).now * 1000;
  await server.control("POST", `/mongodb/${hourly}/slowlogs`, { region: "ap-guangzhou", entries: [{ durationMs: 250 }] });
  await call(
    "DescribeSlowLog",
    db.DescribeSlowLog({ InstanceId: hourly, StartTime: formatDateTime(now - 3600_000), EndTime: formatDateTime(now + 60_000), SlowMS: 100 }),
  );
  await advance(server, 11);
  await call("TerminateDBInstance", db.TerminateDBInstance({ InstanceId: hourly }));
  await call("DescribeDBInstances", db.DescribeDBInstances({ InstanceIds: [hourly] }));

  assert.deepEqual(Object.keys(answered).sort(), [...versionsOf("mongodb")["2018-04-08"]].sort(), "all 13 actions were called");
  assert.equal(Object.keys(answered).length, 13);
});
