import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { common, expectCode } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { sendTc3 } from "../helpers/raw";
import { HOURLY, mongo, PREPAID } from "./fixtures";
import { advance, balance, detail2019, hourlyRequest2019, mongo2019, PREPAID_2019 } from "./fixtures2019";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

describe("one product, two versions", () => {
  test("an instance created with 2019-07-25 is seen, changed and terminated through 2018-04-08", async () => {
    const request = await hourlyRequest2019(server);
    const { InstanceIds } = await mongo2019(server).CreateDBInstanceHour({ ...request, MachineCode: "HIO10G", CpuCore: undefined, InstanceName: "from-2019" });
    const id = InstanceIds![0];
    const old = mongo(server);
    const seen = (await old.DescribeDBInstances({ InstanceIds: [id] })).InstanceDetails![0];
    assert.equal(seen.InstanceName, "from-2019");
    assert.equal(seen.Status, 0);
    assert.equal(seen.MongoVersion, "MONGO_44_WT");
    assert.equal(seen.VpcId, request.VpcId);
    assert.equal(seen.SubnetId, request.SubnetId);
    assert.equal((seen as Record<string, unknown>).ZoneList, undefined, "2018-04-08 answers its own model");
    await advance(server, 601);
    await old.RenameInstance({ InstanceId: id, NewName: "renamed-by-2018" });
    assert.equal((await detail2019(server, id))!.InstanceName, "renamed-by-2018");
    await old.UpgradeDBInstanceHour({ InstanceId: id, Memory: 8, Volume: 200 });
    assert.equal((await detail2019(server, id))!.Status, 1);
    await advance(server, 301);
    assert.equal((await detail2019(server, id))!.Memory, 8 * 1024);
    const { AsyncRequestId } = await old.TerminateDBInstance({ InstanceId: id });
    assert.equal((await mongo2019(server).DescribeAsyncRequestInfo({ AsyncRequestId })).Status, "running");
    await advance(server, 61);
    assert.equal((await mongo2019(server).DescribeAsyncRequestInfo({ AsyncRequestId })).Status, "success");
    // 2019-07-25 lists the isolated pay-as-you-go instance as -3; 2018-04-08 has no such state and leaves it out.
    assert.equal((await detail2019(server, id))!.Status, -3);
    assert.equal((await old.DescribeDBInstances({ InstanceIds: [id] })).TotalCount, 0);
    await mongo2019(server).OfflineIsolatedDBInstance({ InstanceId: id });
    await advance(server, 61);
    assert.equal((await mongo2019(server).DescribeDBInstances({ InstanceIds: [id] })).TotalCount, 0);
  });

  test("an instance created with 2018-04-08 is managed through 2019-07-25, with the same ids, deal and state", async () => {
    const before = await balance(server);
    const { DealId, InstanceIds } = await mongo(server).CreateDBInstance({ ...PREPAID });
    const id = InstanceIds![0];
    assert.equal(await balance(server), before - 1200);
    const deal = await mongo2019(server).DescribeDBInstanceDeal({ DealId: DealId! });
    assert.deepEqual({ ...deal, RequestId: undefined }, { Status: 3, OriginalPrice: 1200, DiscountPrice: 1200, Action: "purchase", InstanceId: id, RequestId: undefined });
    await advance(server, 601);
    assert.equal((await mongo2019(server).DescribeDBInstanceDeal({ DealId: DealId! })).Status, 4);
    const d = (await detail2019(server, id))!;
    assert.equal(d.Status, 2);
    assert.equal(d.PayMode, 1);
    assert.equal(d.ZoneList!.length, 0);
    // mongouser's password is the purchase's: account creation checks it.
    await expectCode(
      mongo2019(server).CreateAccountUser({ InstanceId: id, UserName: "app", Password: "App_pass1", MongoUserPassword: "wrong-one1" }),
      "InternalError.PasswordError",
    );
    await mongo2019(server).CreateAccountUser({ InstanceId: id, UserName: "app", Password: "App_pass1", MongoUserPassword: PREPAID.Password });
    // A prepaid instance is returned through 2019-07-25, refunded for its unused time, and shows -2 in both versions.
    await mongo2019(server).TerminateDBInstances({ InstanceId: id });
    await advance(server, 61);
    assert.equal((await detail2019(server, id))!.Status, -2);
    assert.equal((await mongo(server).DescribeDBInstances({ InstanceIds: [id] })).InstanceDetails![0].Status, -2);
    const refunded = (await balance(server)) - (before - 1200);
    assert.ok(refunded > 1150 && refunded <= 1200, `refund ${refunded}`);
  });

  test("deletion protection set through 2019-07-25 stops 2018-04-08's TerminateDBInstance", async () => {
    const { InstanceIds } = await mongo(server).CreateDBInstanceHour({ ...HOURLY });
    const id = InstanceIds![0];
    await advance(server, 601);
    await mongo2019(server).SetDBInstanceDeletionProtection({ InstanceIds: [id], EnableDeletionProtection: 1 });
    const e = await expectCode(mongo(server).TerminateDBInstance({ InstanceId: id }), "InvalidParameter");
    assert.match(e.message, /deletion protection/);
    assert.equal((await detail2019(server, id))!.Status, 2);
  });

  test("a bare endpoint routes each version by its (Version, Action) pair; a named endpoint takes both versions", async () => {
    const viaCommon = await common(server, "mongodb", "2019-07-25").request("DescribeDBInstances", { Limit: 1 });
    assert.ok("TotalCount" in (viaCommon as object));
    const r = await sendTc3(server.hostPort, { service: "mongodb", action: "DescribeSpecInfo", version: "2018-04-08", region: "ap-guangzhou", body: "{}" });
    assert.equal(r.json.Response.SpecInfoList[0].SupportMultiAZ, undefined, "2018-04-08's model");
    const r2 = await sendTc3(server.hostPort, { service: "mongodb", action: "DescribeSpecInfo", version: "2019-07-25", region: "ap-guangzhou", body: "{}" });
    assert.ok(r2.json.Response.SpecInfoList[0].SpecItems.some((s: { MachineType: string; Cpu: number }) => s.MachineType === "GE.LD.T1"));
    const r3 = await sendTc3(server.hostPort, { service: "mongodb", action: "IsolateDBInstance", version: "2018-04-08", region: "ap-guangzhou", body: "{}" });
    assert.equal(r3.json.Response.Error.Code, "InvalidAction");
    const r4 = await sendTc3(server.hostPort, { service: "mongodb", action: "DescribeDBInstances", version: "2020-01-01", region: "ap-guangzhou", body: "{}" });
    assert.equal(r4.json.Response.Error.Code, "NoSuchVersion");
  });

  test("2019-07-25 purchases sell the GE.* types with CpuCore, and 4.0 or later", async () => {
    const db = mongo2019(server);
    const H = await hourlyRequest2019(server);
    await expectCode(db.CreateDBInstanceHour({ ...H, CpuCore: 3 }), "InvalidParameterValue.SpecNotOnSale");
    await expectCode(db.CreateDBInstanceHour({ ...H, MongoVersion: "MONGO_36_WT" }), "UnsupportedOperation.VersionNotSupport");
    await expectCode(mongo(server).CreateDBInstanceHour({ ...HOURLY, Machine: "GE.LD.T1" }), "InvalidParameterValue.MachineTypeError");
    const id = (await db.CreateDBInstanceHour({ ...H, CpuCore: 1 })).InstanceIds![0];
    const d = (await detail2019(server, id))!;
    assert.equal(d.CpuNum, 1);
    assert.equal(d.MachineType, "GE.LD.T1");
  });
});

describe("prepaid and hourly billing", () => {
  test("a prepaid resize charges the difference for the rest of the period; a downgrade refunds it", async () => {
    const db = mongo2019(server);
    const { InstanceIds } = await db.CreateDBInstance({ ...PREPAID_2019 });
    const id = InstanceIds![0];
    await advance(server, 601);
    const before = await balance(server);
    const price = await db.InquirePriceModifyDBInstanceSpec({ InstanceId: id, Memory: 8, Volume: 250 });
    const { DealId } = await db.ModifyDBInstanceSpec({ InstanceId: id, Memory: 8, Volume: 250 });
    const charged = Math.round((before - (await balance(server))) * 100) / 100;
    // 8 GB costs 600 CNY more a month for 3 nodes; almost the whole month is left.
    assert.ok(charged > 590 && charged <= 600, `charged ${charged}`);
    assert.equal(charged, price.Price!.DiscountPrice);
    const deal = await db.DescribeDBInstanceDeal({ DealId: DealId! });
    assert.equal(deal.Action, "upgrade");
    assert.equal(deal.DiscountPrice, charged);
    await advance(server, 301);
    const mid = await balance(server);
    await db.ModifyDBInstanceSpec({ InstanceId: id, Memory: 4, Volume: 200 });
    assert.ok((await balance(server)) > mid, "a downgrade refunds");
  });

  test("a short balance refuses a prepaid purchase and changes nothing", async () => {
    const acct = await server.control("POST", "/accounts", { balance: 100 });
    const db = mongo2019(server, { credential: { secretId: acct.secretId, secretKey: acct.secretKey } });
    await expectCode(db.CreateDBInstance({ ...PREPAID_2019 }), "InvalidParameterValue.InvalidTradeOperation");
    assert.equal((await db.DescribeDBInstances({})).TotalCount, 0);
  });

  test("pay-as-you-go instances are billed by the hour on the clock, and billing stops at isolation", async () => {
    const acct = await server.control("POST", "/accounts", { balance: 1000 });
    const o = { credential: { secretId: acct.secretId, secretKey: acct.secretKey } };
    const db = mongo2019(server, o);
    const id = (await db.CreateDBInstanceHour({ ...(await hourlyRequest2019(server, o)), MachineCode: "HIO10G", CpuCore: undefined, Volume: 250 })).InstanceIds![0];
    const bal = async () => (await server.control("GET", "/accounts")).accounts.find((a: { uin: string }) => a.uin === acct.uin).balance;
    assert.equal(await bal(), 1000);
    await advance(server, 600 + 2 * 3600 + 10);
    await db.DescribeDBInstances({});
    // 1200 CNY a month / 720 hours = 1.67 an hour; two full hours since delivery.
    assert.equal(Math.round((await bal()) * 100) / 100, 1000 - 2 * 1.67);
    await db.IsolateDBInstance({ InstanceId: id });
    await advance(server, 5 * 3600);
    await db.DescribeDBInstances({});
    assert.equal(Math.round((await bal()) * 100) / 100, 1000 - 2 * 1.67);
  });
});
