import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { formatDateTime } from "../../src/platform/clock";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode } from "../helpers/sdk";
import { advance, HOURLY, mongo, PREPAID, prepaidRunning, running } from "./fixtures";

/** Every code of the product's catalogue: produced by a realistic call where one exists, else injected. */

let server: TestServer;
let db: ReturnType<typeof mongo>;
/** A running pay-as-you-go replica set and a running prepaid one. */
let hourly: string;
let prepaid: string;
let clockNow: () => Promise<number>;

before(async () => {
  server = await startTclocal();
  db = mongo(server);
  hourly = await running(server);
  prepaid = await prepaidRunning(server);
  clockNow = async () => (await server.control("GET", "/clock")).now * 1000;
});
after(() => server.stop());

const time = (ms: number) => formatDateTime(ms);
/** A new instance, still being created (other tests move the clock). */
const creating = async () => (await db.CreateDBInstanceHour(HOURLY)).InstanceIds![0];

describe("seed codes, produced naturally", () => {
  test("InternalError.AsyncRequestError: a second TerminateDBInstance while the first one's async request runs", async () => {
    const id = await running(server);
    await db.TerminateDBInstance({ InstanceId: id });
    const e = await expectCode(db.TerminateDBInstance({ InstanceId: id }), "InternalError.AsyncRequestError");
    assert.match(e.message, new RegExp(`${id} already has a termination request \\(\\d+\\) in progress`));
  });

  const invalidParameter: [string, () => Promise<unknown>, RegExp][] = [
    ["TerminateDBInstance on a prepaid instance", () => db.TerminateDBInstance({ InstanceId: prepaid }), /prepaid/],
    ["UpgradeDBInstanceHour on a prepaid instance", () => db.UpgradeDBInstanceHour({ InstanceId: prepaid, Memory: 8, Volume: 250 }), /UpgradeDBInstance\./],
    ["UpgradeDBInstance on a pay-as-you-go instance", () => db.UpgradeDBInstance({ InstanceId: hourly, Memory: 8, Volume: 250 }), /UpgradeDBInstanceHour/],
    ["an upgrade of an unknown instance", () => db.UpgradeDBInstanceHour({ InstanceId: "cmgo-00000000", Memory: 8, Volume: 250 }), /does not exist/],
    ["an upgrade while the instance is created", async () => db.UpgradeDBInstanceHour({ InstanceId: await creating(), Memory: 8, Volume: 250 }), /being created/],
    ["an upgrade to a memory size not on sale", () => db.UpgradeDBInstanceHour({ InstanceId: hourly, Memory: 6, Volume: 250 }), /6 GB of memory/],
    ["an upgrade beyond the tier's storage", () => db.UpgradeDBInstanceHour({ InstanceId: hourly, Memory: 4, Volume: 600 }), /10 to 500 GB/],
    ["an oplog above 90% of the volume", () => db.UpgradeDBInstanceHour({ InstanceId: hourly, Memory: 8, Volume: 250, OplogSize: 240 }), /10% to 90%/],
    ["memory up while storage goes down", () => db.UpgradeDBInstanceHour({ InstanceId: hourly, Memory: 8, Volume: 100 }), /together/],
    ["an upgrade to the same spec", () => db.UpgradeDBInstanceHour({ InstanceId: hourly, Memory: 4, Volume: 250 }), /already has this spec/],
    ["a fractional uint64 member", () => db.CreateDBInstanceHour({ ...HOURLY, Memory: 4.5 }), /`Memory`.*`integer`/],
    ["SetAutoRenew with a flag that is not 0, 1 or 2", () => db.SetAutoRenew({ InstanceIds: [prepaid], AutoRenewFlag: 3 }), /AutoRenewFlag 3/],
  ];
  for (const [name, call, message] of invalidParameter) {
    test(`InvalidParameter: ${name}`, async () => {
      const e = await expectCode(call(), "InvalidParameter");
      assert.match(e.message, message);
    });
  }

  test("InvalidParameter: a prepaid purchase the balance cannot pay", async () => {
    const a = await server.control("POST", "/accounts", { balance: 10 });
    const poor = mongo(server, { credential: { secretId: a.secretId, secretKey: a.secretKey } });
    await expectCode(poor.CreateDBInstance(PREPAID), "InvalidParameter");
  });
});

describe("seed codes, injected", () => {
  for (const code of ["InternalError.AsyncRequestError", "InvalidParameter"]) {
    test(`${code} through a fault rule`, async () => {
      await server.control("POST", "/faults", { service: "mongodb", action: "DescribeDBInstances", code, count: 1 });
      await expectCode(db.DescribeDBInstances({}), code);
      await db.DescribeDBInstances({}); // the rule fired its one time
    });
  }
});

describe("documented codes, produced naturally", () => {
  const cases: [string, () => Promise<unknown>][] = [
    ["InvalidParameter.ZoneClosed", () => db.CreateDBInstanceHour({ ...HOURLY, Zone: "ap-guangzhou-2" })],
    ["InvalidParameterValue.IllegalInstanceName", () => db.RenameInstance({ InstanceId: hourly, NewName: "bad name!" })],
    ["InvalidParameterValue.IllegalInstanceName", () => db.RenameInstance({ InstanceId: hourly, NewName: "x".repeat(129) })],
    ["InvalidParameterValue.IllegalInstanceStatus", () => db.DescribeDBInstances({ Status: [3] })],
    ["InvalidParameterValue.InstanceTypeError", () => db.CreateDBInstanceHour({ ...HOURLY, InstanceType: "CLUSTER" })],
    ["InvalidParameterValue.InstanceTypeError", () => db.CreateDBInstanceHour({ ...HOURLY, ReplicateSetNum: 3 })],
    ["InvalidParameterValue.LimitParaOutOfRange", () => db.DescribeDBInstances({ Limit: 101 })],
    ["InvalidParameterValue.MachineTypeError", () => db.CreateDBInstanceHour({ ...HOURLY, Machine: "SSD" })],
    ["InvalidParameterValue.MongoVersionError", () => db.CreateDBInstance({ ...PREPAID, MongoVersion: "MONGO_99_WT" })],
    ["InvalidParameterValue.NotFoundInstance", () => db.RenameInstance({ InstanceId: "cmgo-00000000", NewName: "x" })],
    ["InvalidParameterValue.NotFoundInstance", () => db.AssignProject({ InstanceIds: [hourly, "cmgo-00000000"], ProjectId: 0 })],
    ["InvalidParameterValue.NotFoundInstance", () => db.DescribeClientConnections({ InstanceId: "cmgo-00000000" })],
    ["InvalidParameterValue.PasswordRuleFailed", () => db.CreateDBInstance({ ...PREPAID, Password: "onlyletters" })],
    ["InvalidParameterValue.PasswordRuleFailed", () => db.SetPassword({ InstanceId: hourly, UserName: "mongouser", Password: "Pa1!" })],
    ["InvalidParameterValue.PasswordRuleFailed", () => db.SetPassword({ InstanceId: hourly, UserName: "mongouser", Password: "Passw0rd$$" })],
    ["InvalidParameterValue.PostPayRenewError", () => db.SetAutoRenew({ InstanceIds: [hourly], AutoRenewFlag: 1 })],
    ["InvalidParameterValue.ProjectNotFound", () => db.AssignProject({ InstanceIds: [hourly], ProjectId: 42 })],
    ["InvalidParameterValue.RegionError", () => db.CreateDBInstanceHour({ ...HOURLY, Zone: "ap-shanghai-2" })],
    ["InvalidParameterValue.RegionError", () => db.DescribeSpecInfo({ Zone: "ap-beijing-3" })],
    ["InvalidParameterValue.SecondaryNumError", () => db.CreateDBInstanceHour({ ...HOURLY, SecondaryNum: 1 })],
    ["InvalidParameterValue.SecondaryNumError", () => db.CreateDBInstanceHour({ ...HOURLY, InstanceType: "SHARD", ReplicateSetNum: 2, SecondaryNum: 6 })],
    ["InvalidParameterValue.SpecNotOnSale", () => db.CreateDBInstanceHour({ ...HOURLY, Memory: 6 })],
    ["InvalidParameterValue.SpecNotOnSale", () => db.CreateDBInstanceHour({ ...HOURLY, Volume: 501 })],
    ["InvalidParameterValue.SpecNotOnSale", () => db.CreateDBInstanceHour({ ...HOURLY, EngineVersion: "MONGO_3_ROCKS" })],
    ["InvalidParameterValue.SpecNotOnSale", () => db.CreateDBInstanceHour({ ...HOURLY, Machine: "GIO" })],
    ["InvalidParameterValue.SpecNotOnSale", () => db.CreateDBInstanceHour({ ...HOURLY, InstanceType: "SHARD", ReplicateSetNum: 21 })],
    ["InvalidParameterValue.StatusAbnormal", async () => db.TerminateDBInstance({ InstanceId: await creating() })],
    ["InvalidParameterValue.StatusAbnormal", async () => db.SetPassword({ InstanceId: await creating(), UserName: "mongouser", Password: "Passw0rd_1" })],
    ["InvalidParameterValue.UserNotFound", () => db.SetPassword({ InstanceId: hourly, UserName: "root", Password: "Passw0rd_1" })],
    ["InvalidParameterValue.VpcIdOrSubnetIdNotFound", () => db.CreateDBInstanceHour({ ...HOURLY, UniqVpcId: "vpc-0akbol5v" })],
    ["InvalidParameterValue.VpcIdOrSubnetIdNotFound", () => db.CreateDBInstance({ ...PREPAID, UniqVpcId: "vpc-x", UniqSubnetId: "subnet-fyrtjbqw" })],
    ["InvalidParameterValue.VpcIdOrSubnetIdNotFound", () => db.DescribeDBInstances({ SubnetId: "subnet-fyrtjbqw" })],
    ["InvalidParameterValue.ZoneError", () => db.CreateDBInstanceHour({ ...HOURLY, Zone: "ap-guangzhou-99" })],
    ["InvalidParameterValue.ZoneError", () => db.DescribeSpecInfo({ Zone: "mars-1" })],
  ];
  for (const [code, call] of cases) {
    test(`${code}: ${call.toString().replace(/^(async )?\(\) => /, "").slice(0, 110)}`, async () => {
      const e = await expectCode(call(), code);
      assert.ok(e.message.length > 10, "a specific message");
    });
  }

  test("InvalidParameterValue.LockFailed: a task holds the instance", async () => {
    const id = await running(server);
    await db.UpgradeDBInstanceHour({ InstanceId: id, Memory: 8, Volume: 250 });
    await expectCode(db.SetPassword({ InstanceId: id, UserName: "mongouser", Password: "Passw0rd_1" }), "InvalidParameterValue.LockFailed");
    await expectCode(db.TerminateDBInstance({ InstanceId: id }), "InvalidParameterValue.LockFailed");
    await expectCode(db.AssignProject({ InstanceIds: [id], ProjectId: 0 }), "InvalidParameterValue.LockFailed");
    await expectCode(db.UpgradeDBInstanceHour({ InstanceId: id, Memory: 16, Volume: 250 }), "InvalidParameter");
    await advance(server, 301);
    await db.AssignProject({ InstanceIds: [id], ProjectId: 0 });
  });

  test("InvalidParameterValue.InstanceHasBeenIsolated and InstanceHasBeenDeleted", async () => {
    const id = await running(server);
    await db.TerminateDBInstance({ InstanceId: id });
    await advance(server, 61);
    await expectCode(db.RenameInstance({ InstanceId: id, NewName: "x" }), "InvalidParameterValue.InstanceHasBeenIsolated");
    await advance(server, 3 * 86400);
    await expectCode(db.RenameInstance({ InstanceId: id, NewName: "x" }), "InvalidParameterValue.InstanceHasBeenDeleted");
  });

  describe("DescribeSlowLog's checks", () => {
    const slow = async (over: Record<string, unknown>) => {
      const now = await clockNow();
      return db.DescribeSlowLog({ InstanceId: hourly, StartTime: time(now - 3600_000), EndTime: time(now), SlowMS: 100, ...over });
    };
    const cases: [string, () => Promise<Record<string, unknown>>][] = [
      ["InvalidParameterValue.TimeFormatErr", async () => ({ StartTime: "2024/06/01 10:00:00" })],
      ["InvalidParameterValue.TimeFormatErr", async () => ({ EndTime: "2024-02-30 10:00:00" })],
      ["InvalidParameterValue.StartTimeNotBeforeThanEndTime", async () => ({ StartTime: time((await clockNow()) + 60_000) })],
      ["InvalidParameterValue.QueryTimeOutOfRange", async () => ({ StartTime: time((await clockNow()) - 8 * 86400_000), EndTime: time((await clockNow()) - 8 * 86400_000 + 60_000) })],
      ["InvalidParameterValue.QueryTimeRangeBeyondLimit", async () => ({ StartTime: time((await clockNow()) - 25 * 3600_000) })],
      ["InvalidParameterValue.SlowMSBelowLimit", async () => ({ SlowMS: 99 })],
      ["InvalidParameterValue.SlowMSBelowLimit", async () => ({ SlowMS: 65537 })],
      ["InvalidParameterValue.OffsetParaOutOfRange", async () => ({ Offset: 10001 })],
      ["InvalidParameterValue.LimitParaOutOfRange", async () => ({ Limit: 0 })],
      ["InvalidParameterValue.LimitParaOutOfRange", async () => ({ Limit: 101 })],
      ["InvalidParameterValue.NotFoundInstance", async () => ({ InstanceId: "cmgo-00000000" })],
    ];
    for (const [code, over] of cases) {
      test(`${code}: ${over.toString().slice(0, 100)}`, async () => {
        await expectCode(slow(await over()), code);
      });
    }
  });
});

describe("documented codes without a natural trigger, injected", () => {
  const injected: [string, string][] = [
    ["InvalidParameter.PermissionDenied", "AssignProject"],
    ["InvalidParameterValue.MongoVersionNotSupportQueryClient", "DescribeClientConnections"],
    ["InvalidParameterValue.ProxyNotSupportQueryClient", "DescribeClientConnections"],
    ["InvalidParameterValue.RegionNotSupportQueryClient", "DescribeClientConnections"],
  ];
  for (const [code, action] of injected) {
    test(`${code} on ${action}`, async () => {
      await server.control("POST", "/faults", { service: "mongodb", action, code, count: 1 });
      const call = () =>
        action === "AssignProject" ? db.AssignProject({ InstanceIds: [hourly], ProjectId: 0 }) : db.DescribeClientConnections({ InstanceId: hourly });
      await expectCode(call(), code);
      await call(); // the rule fired its one time
    });
  }
});
