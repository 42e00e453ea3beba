import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { errorCatalog } from "../../src/errors/catalog";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { common, devCredential, expectCode } from "../helpers/sdk";
import { send, sendTc3 } from "../helpers/raw";
import { HOURLY, mongo, running } from "./fixtures";

/** The common codes as they apply to MongoDB, each through the official SDK (or raw HTTP where the SDK cannot err). */

let server: TestServer;
let instance: string;
before(async () => {
  server = await startTclocal();
  instance = await running(server);
});
after(() => server.stop());

const policy = (...statement: unknown[]) => ({ version: "2.0", statement });
async function subUser(p: unknown, extra: Record<string, unknown> = {}) {
  const u = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/users`, { name: `m${Math.random().toString(36).slice(2, 8)}`, policy: p, ...extra });
  return { secretId: u.secretId as string, secretKey: u.secretKey as string, subUin: u.subUin as string };
}

describe("produced naturally", () => {
  test("MissingParameter names the member", async () => {
    const { Zone: _zone, ...noZone } = HOURLY;
    const e = await expectCode(mongo(server).CreateDBInstanceHour(noZone as never), "MissingParameter");
    assert.equal(e.message, "The request is missing a required parameter `Zone`.");
  });

  test("UnknownParameter: a member of the 2019-07-25 API sent to 2018-04-08", async () => {
    const e = await expectCode(mongo(server).CreateDBInstanceHour({ ...HOURLY, ClusterType: "REPLSET" } as never), "UnknownParameter");
    assert.equal(e.message, "The parameter `ClusterType` is not recognized.");
  });

  test("InvalidParameter: a member of the wrong type", async () => {
    const e = await expectCode(mongo(server).CreateDBInstanceHour({ ...HOURLY, Memory: "4" } as never), "InvalidParameter");
    assert.match(e.message, /`Memory`/);
  });

  test("InvalidParameterValue: out of range, not in the enum", async () => {
    const db = mongo(server);
    await expectCode(db.CreateDBInstanceHour({ ...HOURLY, GoodsNum: 11 }), "InvalidParameterValue");
    await expectCode(db.CreateDBInstanceHour({ ...HOURLY, InstanceRole: "SLAVE" }), "InvalidParameterValue");
    await expectCode(db.CreateDBInstance({ SecondaryNum: 2, Memory: 4, Volume: 250, MongoVersion: "MONGO_42_WT", MachineCode: "HIO10G", GoodsNum: 1, Zone: "ap-guangzhou-3", TimeSpan: 13, Password: "pwd123456" }), "InvalidParameterValue");
    await expectCode(db.DescribeDBInstances({ OrderBy: "Memory" }), "InvalidParameterValue");
    const e = await expectCode(db.CreateDBInstanceHour({ ...HOURLY, SecurityGroup: ["default"] }), "InvalidParameterValue");
    assert.equal(e.message, "The value `default` specified in the parameter `SecurityGroup` is not valid. A security group id reads sg-xxxxxxxx.");
  });

  test("InvalidParameterValue: a region that is no region at all", async () => {
    const r = await sendTc3(server.hostPort, { service: "mongodb", action: "DescribeSpecInfo", version: "2018-04-08", region: "gz" });
    assert.equal(r.json.Response.Error.Code, "InvalidParameterValue");
  });

  test("UnsupportedRegion: real regions MongoDB does not serve", async () => {
    for (const region of ["eu-moscow", "ap-taipei"]) {
      await expectCode(mongo(server, { region }).DescribeSpecInfo({}), "UnsupportedRegion");
    }
    const ok = await mongo(server, { region: "ap-singapore" }).DescribeSpecInfo({});
    assert.deepEqual(ok.SpecInfoList!.map((s) => s.Zone), ["ap-singapore-1", "ap-singapore-2", "ap-singapore-3", "ap-singapore-4"]);
  });

  test("InvalidAction: an action of the 2019-07-25 API", async () => {
    const e = await expectCode(common(server, "mongodb", "2018-04-08").request("IsolateDBInstance", { InstanceId: instance }), "InvalidAction");
    assert.match(e.message, /IsolateDBInstance/);
  });

  test("NoSuchVersion", async () => {
    const r = await sendTc3(server.hostPort, { service: "mongodb", action: "DescribeSpecInfo", version: "2017-01-01", region: "ap-guangzhou" });
    assert.equal(r.json.Response.Error.Code, "NoSuchVersion");
  });

  test("UnsupportedProtocol", async () => {
    const r = await send(server.hostPort, { method: "PUT", headers: { Host: `mongodb.${server.hostPort}`, "Content-Type": "application/json" }, body: "{}" });
    assert.equal(r.json.Response.Error.Code, "UnsupportedProtocol");
  });

  test("AuthFailure.SignatureFailure, SignatureExpire, InvalidSecretId, SecretIdNotFound", async () => {
    await expectCode(mongo(server, { credential: { ...devCredential, secretKey: "x".repeat(32) } }).DescribeSpecInfo({}), "AuthFailure.SignatureFailure");
    const old = await sendTc3(server.hostPort, { service: "mongodb", action: "DescribeSpecInfo", version: "2018-04-08", region: "ap-guangzhou", timestamp: Math.floor(Date.now() / 1000) - 600 });
    assert.equal(old.json.Response.Error.Code, "AuthFailure.SignatureExpire");
    await expectCode(mongo(server, { credential: { secretId: "not-a-key", secretKey: "x" } }).DescribeSpecInfo({}), "AuthFailure.InvalidSecretId");
    await expectCode(mongo(server, { credential: { secretId: "AKID" + "Q".repeat(32), secretKey: "x".repeat(32) } }).DescribeSpecInfo({}), "AuthFailure.SecretIdNotFound");
  });

  test("AuthFailure.TokenFailure: a temporary credential with a wrong token", async () => {
    const c = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/credentials`, { durationSeconds: 600 });
    const good = mongo(server, { credential: { secretId: c.tmpSecretId, secretKey: c.tmpSecretKey, token: c.token } });
    await good.DescribeSpecInfo({ Zone: "ap-guangzhou-3" });
    await expectCode(
      mongo(server, { credential: { secretId: c.tmpSecretId, secretKey: c.tmpSecretKey, token: c.token + "x" } }).DescribeSpecInfo({}),
      "AuthFailure.TokenFailure",
    );
  });

  test("CAM: AuthFailure.UnauthorizedOperation for an action, UnauthorizedOperation for another instance", async () => {
    const resource = `qcs::mongodb:ap-guangzhou:uin/${DEFAULT_ACCOUNT.uin}:instance/${instance}`;
    const cred = await subUser(policy({ effect: "allow", action: ["mongodb:RenameInstance", "mongodb:DescribeDBInstances"], resource: [resource] }));
    const db = mongo(server, { credential: cred });
    await db.RenameInstance({ InstanceId: instance, NewName: "allowed" });
    const other = await expectCode(db.RenameInstance({ InstanceId: "cmgo-zzzzzzzz", NewName: "x" }), "UnauthorizedOperation");
    assert.match(other.message, /instance\/cmgo-zzzzzzzz\) has no permission/);
    await expectCode(db.TerminateDBInstance({ InstanceId: instance }), "AuthFailure.UnauthorizedOperation");
  });

  test("AuthFailure.MFAFailure: TerminateDBInstance protected by MFA", async () => {
    const user = await subUser(policy({ effect: "allow", action: ["mongodb:*"], resource: ["*"] }), { mfaProtectedActions: ["mongodb:TerminateDBInstance"] });
    const db = mongo(server, { credential: user });
    await db.DescribeSpecInfo({ Zone: "ap-guangzhou-3" });
    await expectCode(db.TerminateDBInstance({ InstanceId: instance }), "AuthFailure.MFAFailure");
  });

  test("RequestLimitExceeded: past 20 calls a second per action, with --rate-limit", async () => {
    const limited = await startTclocal({ rateLimit: true });
    try {
      const db = mongo(limited);
      // The limit counts calls per calendar second: start at the beginning of one and note how many were spanned.
      await new Promise((r) => setTimeout(r, 1005 - (Date.now() % 1000)));
      const start = Date.now();
      const results = await Promise.allSettled(Array.from({ length: 30 }, () => db.DescribeSpecInfo({ Zone: "ap-guangzhou-3" })));
      const seconds = Math.floor(Date.now() / 1000) - Math.floor(start / 1000) + 1;
      const refused = results.filter((r) => r.status === "rejected");
      for (const r of refused) assert.equal((r as PromiseRejectedResult).reason.code, "RequestLimitExceeded");
      assert.ok(results.length - refused.length <= 20 * seconds, `${results.length - refused.length} calls passed in ${seconds} s`);
      if (seconds === 1) assert.equal(refused.length, 10, "the 21st to 30th call of the second are refused");
    } finally {
      await limited.stop();
    }
  });
});

describe("no natural trigger in MongoDB 2018-04-08: injected", () => {
  // DryRunOperation: no action has a DryRun member. UnsupportedOperation: every action is implemented.
  // The others name conditions this API version does not report on its own. (ResourceInsufficient is natural
  // since instances take their Vip from a real subnet: a full subnet, in test/mongodb/vpc.test.ts.)
  const injected = [
    "DryRunOperation",
    "FailedOperation",
    "InternalError",
    "LimitExceeded",
    "ResourceInUse",
    "ResourceNotFound",
    "ResourceUnavailable",
    "UnsupportedOperation",
  ];
  for (const code of injected) {
    test(code, async () => {
      assert.ok(code in errorCatalog.mongodb, `${code} is a MongoDB code`);
      await server.control("POST", "/faults", { service: "mongodb", action: "CreateDBInstanceHour", code, count: 1 });
      const db = mongo(server);
      const before = (await db.DescribeDBInstances({})).TotalCount;
      await expectCode(db.CreateDBInstanceHour(HOURLY), code);
      assert.equal((await db.DescribeDBInstances({})).TotalCount, before, "nothing created");
    });
  }
});
