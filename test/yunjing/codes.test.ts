import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { common, expectCode, sdk } from "../helpers/sdk";
import { advance, registerMachine, seed, setOnline, type RegisteredMachine } from "./helpers";

/*
 * Every product code of the yunjing seed page, each produced by a realistic call sequence; InternalError is
 * the only one that needs fault injection (a correct emulator has no internal errors).
 */

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const yj = () => sdk("yunjing", server);
const gz = { MachineType: "CVM", MachineRegion: "ap-guangzhou" };

async function proMachine(name: string): Promise<RegisteredMachine> {
  const m = await registerMachine(server, { name, region: "ap-guangzhou" });
  await yj().OpenProVersion({ ...gz, Quuids: [m.quuid] });
  return m;
}

const cases: [code: string, how: string, run: () => Promise<{ message: string } | void>][] = [
  [
    "FailedOperation.AgentOffline",
    "CreateProcessTask on a host whose agent went offline",
    async () => {
      const m = await proMachine("c-offline");
      await setOnline(server, m.uuid, false);
      return expectCode(yj().CreateProcessTask({ Uuid: m.uuid }), "FailedOperation.AgentOffline");
    },
  ],
  [
    "FailedOperation.CloseProVersion",
    "CloseProVersion on a Basic edition host",
    async () => {
      const m = await registerMachine(server, { name: "c-basic" });
      return expectCode(yj().CloseProVersion({ Quuid: m.quuid }), "FailedOperation.CloseProVersion");
    },
  ],
  [
    "FailedOperation.CreateProcessTask",
    "CreateProcessTask on a Basic edition host (real-time collection is a Pro feature)",
    async () => {
      const m = await registerMachine(server, { name: "c-basic-task" });
      return expectCode(yj().CreateProcessTask({ Uuid: m.uuid }), "FailedOperation.CreateProcessTask");
    },
  ],
  [
    "FailedOperation.InquiryPrice",
    "InquiryPriceOpenProVersionPrepaid for a host that does not exist in the region",
    async () => {
      const m = await registerMachine(server, { name: "c-price", region: "ap-shanghai" });
      return expectCode(
        yj().InquiryPriceOpenProVersionPrepaid({ ChargePrepaid: { Period: 1 }, Machines: [{ ...gz, Quuid: m.quuid }] }),
        "FailedOperation.InquiryPrice",
      );
    },
  ],
  [
    "FailedOperation.MachineDelete",
    "DeleteMachine on an agent already uninstalled",
    async () => {
      const m = await registerMachine(server, { name: "c-uninstall" });
      await yj().DeleteMachine({ Uuid: m.uuid });
      return expectCode(yj().DeleteMachine({ Uuid: m.uuid }), "FailedOperation.MachineDelete");
    },
  ],
  [
    "FailedOperation.PartSeparate",
    "SeparateMalwares of files on two hosts, none of which can be isolated",
    async () => {
      const a = await registerMachine(server, { name: "c-part-a" });
      const b = await registerMachine(server, { name: "c-part-b" });
      const x = await seed(server, a.uuid, "malwares", { Status: "TRUSTED" });
      const y = await seed(server, b.uuid, "malwares");
      await setOnline(server, b.uuid, false);
      return expectCode(yj().SeparateMalwares({ Ids: [x.Id, y.Id] }), "FailedOperation.PartSeparate");
    },
  ],
  [
    "FailedOperation.PrePayMode",
    "CloseProVersion on a host with prepaid Pro",
    async () => {
      const m = await registerMachine(server, { name: "c-prepaid" });
      await yj().OpenProVersionPrepaid({ ChargePrepaid: { Period: 1 }, Machines: [{ ...gz, Quuid: m.quuid }] });
      return expectCode(yj().CloseProVersion({ Quuid: m.quuid }), "FailedOperation.PrePayMode");
    },
  ],
  [
    "FailedOperation.ProcessTaskNotFound",
    "DescribeProcessTaskStatus before any CreateProcessTask",
    async () => {
      const m = await proMachine("c-notask");
      return expectCode(yj().DescribeProcessTaskStatus({ Uuid: m.uuid }), "FailedOperation.ProcessTaskNotFound");
    },
  ],
  [
    "FailedOperation.Recover",
    "RecoverMalwares of a file that is not isolated",
    async () => {
      const m = await registerMachine(server, { name: "c-recover" });
      const x = await seed(server, m.uuid, "malwares");
      return expectCode(yj().RecoverMalwares({ Ids: [x.Id] }), "FailedOperation.Recover");
    },
  ],
  [
    "FailedOperation.RescanVul",
    "RescanImpactedHost on a Basic host that has used its free checks",
    async () => {
      const m = await registerMachine(server, { name: "c-rescan" });
      const h = await seed(server, m.uuid, "vuls");
      for (let i = 0; i < 3; i++) {
        await yj().RescanImpactedHost({ Id: h.Id });
        await advance(server, 61);
      }
      return expectCode(yj().RescanImpactedHost({ Id: h.Id }), "FailedOperation.RescanVul");
    },
  ],
  [
    "FailedOperation.RescanVulProcessInUse",
    "RescanImpactedHost twice within the rescan minute",
    async () => {
      const m = await proMachine("c-inuse");
      const h = await seed(server, m.uuid, "vuls");
      await yj().RescanImpactedHost({ Id: h.Id });
      return expectCode(yj().RescanImpactedHost({ Id: h.Id }), "FailedOperation.RescanVulProcessInUse");
    },
  ],
  [
    "FailedOperation.SingleSeparate",
    "SeparateMalwares of a file on a host whose agent is offline",
    async () => {
      const m = await registerMachine(server, { name: "c-single" });
      const x = await seed(server, m.uuid, "malwares");
      await setOnline(server, m.uuid, false);
      return expectCode(yj().SeparateMalwares({ Ids: [x.Id] }), "FailedOperation.SingleSeparate");
    },
  ],
  [
    "FailedOperation.TradeError",
    "OpenProVersionPrepaid with a balance short of the price",
    async () => {
      const acct = await server.control("POST", "/accounts", { balance: 10 });
      const m = await registerMachine(server, { name: "c-trade" }, acct.uin);
      const poor = sdk("yunjing", server, { credential: { secretId: acct.secretId, secretKey: acct.secretKey } });
      return expectCode(poor.OpenProVersionPrepaid({ ChargePrepaid: { Period: 12 }, Machines: [{ ...gz, Quuid: m.quuid }] }), "FailedOperation.TradeError");
    },
  ],
  [
    "InternalError",
    "fault injection (no natural trigger)",
    async () => {
      await server.control("POST", "/faults", { service: "yunjing", action: "DescribeOverviewStatistics", code: "InternalError", count: 1 });
      const e = await expectCode(yj().DescribeOverviewStatistics(), "InternalError");
      await yj().DescribeOverviewStatistics();
      return e;
    },
  ],
  [
    "InvalidParameter.DateRange",
    "DescribeSecurityTrends with BeginDate after EndDate",
    () => expectCode(yj().DescribeSecurityTrends({ BeginDate: "2020-06-22", EndDate: "2020-06-20" }), "InvalidParameter.DateRange"),
  ],
  [
    "InvalidParameter.IllegalRequest",
    "a filter name the action does not know",
    () => expectCode(yj().DescribeMalwares({ Filters: [{ Name: "Owner", Values: ["me"] }] }), "InvalidParameter.IllegalRequest"),
  ],
  [
    "InvalidParameter.InvalidFormat",
    "DescribeVuls with a VulType outside WEB/SYSTEM/BASELINE",
    () => expectCode(yj().DescribeVuls({ VulType: "KERNEL" }), "InvalidParameter.InvalidFormat"),
  ],
  [
    "InvalidParameter.MissingParameter",
    "DescribeAccounts with neither Uuid nor Username",
    () => expectCode(yj().DescribeAccounts({ Limit: 10 }), "InvalidParameter.MissingParameter"),
  ],
  [
    "InvalidParameter.ParsingError",
    "a DateRange filter value that is not a JSON array of dates",
    () => expectCode(yj().DescribeAttackLogs({ Filters: [{ Name: "DateRange", Values: ["[2019-11-17"] }] }), "InvalidParameter.ParsingError"),
  ],
  [
    "LimitExceeded.AreaQuota",
    "CreateUsualLoginPlaces beyond 10 places for a client",
    async () => {
      const m = await registerMachine(server, { name: "c-places" });
      const places = Array.from({ length: 11 }, (_, i) => ({ CountryId: 1, ProvinceId: 3, CityId: 300 + i }));
      return expectCode(yj().CreateUsualLoginPlaces({ Uuids: [m.uuid], Places: places }), "LimitExceeded.AreaQuota");
    },
  ],
  [
    "MissingParameter",
    "CloseProVersion without Quuid (optional in the SDK model, required by the action)",
    () => expectCode(yj().CloseProVersion({}), "MissingParameter"),
  ],
  [
    "ResourceNotFound",
    "DescribeMachineInfo of a client Uuid the account does not have",
    () => expectCode(yj().DescribeMachineInfo({ Uuid: "e3fcbf68-3bd6-11e8-8954-0819a624c497" }), "ResourceNotFound"),
  ],
];

test("the table covers the 22 product codes of the seed page", () => {
  assert.equal(new Set(cases.map((c) => c[0])).size, 22);
});

for (const [code, how, run] of cases) {
  test(`seed code ${code}: ${how}`, async () => {
    const e = await run();
    if (e) assert.ok(e.message.length > 0);
  });
}

test("zh-CN callers get Chinese messages", async () => {
  const zh = sdk("yunjing", server, { language: "zh-CN" });
  const m = await proMachine("c-zh");
  await setOnline(server, m.uuid, false);
  assert.match((await expectCode(zh.CreateProcessTask({ Uuid: m.uuid }), "FailedOperation.AgentOffline")).message, /客户端已离线/);
  assert.match((await expectCode(zh.CloseProVersion({}), "MissingParameter")).message, /缺少必填参数/);
  assert.match((await expectCode(zh.DescribeVuls({ VulType: "X" }), "InvalidParameter.InvalidFormat")).message, /参数格式错误/);
});

test("zh-CN callers get the product's Chinese wording where the message is the catalog's", async () => {
  await server.control("POST", "/faults", { service: "yunjing", action: "DescribeProVersionInfo", code: "FailedOperation.InquiryPrice", count: 1 });
  const e = await expectCode(sdk("yunjing", server, { language: "zh-CN" }).DescribeProVersionInfo(), "FailedOperation.InquiryPrice");
  assert.match(e.message, /询价失败/);
});

test("common codes as Host Security answers them", async () => {
  const m = await registerMachine(server, { name: "c-common" });
  await expectCode(yj().DescribeVuls({} as never), "MissingParameter");
  await expectCode(yj().DescribeMachineInfo({ Uuid: m.uuid, Bogus: 1 } as never), "UnknownParameter");
  await expectCode(common(server, "yunjing", "2018-02-28").request("DescribeVuls", { VulType: 5 }), "InvalidParameter");
  await expectCode(common(server, "yunjing", "2018-02-28").request("DescribeEverything", {}), "InvalidAction");
  await expectCode(common(server, "yunjing", "2017-01-01").request("DescribeVuls", { VulType: "WEB" }), "NoSuchVersion");
  await expectCode(sdk("yunjing", server, { region: "ap-jakarta" }).DescribeOverviewStatistics(), "UnsupportedRegion");
  await expectCode(sdk("yunjing", server, { region: "moon-1" }).DescribeOverviewStatistics(), "InvalidParameterValue");
  // The Region common parameter is optional on every Host Security action.
  const regionless = await sdk("yunjing", server, { region: "" }).DescribeOverviewStatistics();
  assert.ok(regionless.OnlineMachineNum! >= 1);
  await expectCode(
    sdk("yunjing", server, { credential: { secretId: DEFAULT_ACCOUNT.secretId, secretKey: "wrong".padEnd(32, "x") } }).DescribeOverviewStatistics(),
    "AuthFailure.SignatureFailure",
  );
  await expectCode(
    sdk("yunjing", server, { credential: { secretId: "AKID" + "z".repeat(32), secretKey: "x".repeat(32) } }).DescribeOverviewStatistics(),
    "AuthFailure.SecretIdNotFound",
  );

  // CAM: a sub-user allowed yunjing:* on one agent only.
  const other = await registerMachine(server, { name: "c-cam-other" });
  const policy = { version: "2.0", statement: [{ effect: "allow", action: ["yunjing:*"], resource: [`qcs::yunjing:ap-guangzhou:uin/${DEFAULT_ACCOUNT.uin}:agent/${m.uuid}`] }] };
  const user = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/users`, { name: "sec-ops", policy });
  const sub = sdk("yunjing", server, { credential: { secretId: user.secretId, secretKey: user.secretKey } });
  assert.equal((await sub.DescribeMachineInfo({ Uuid: m.uuid })).MachineName, "c-common");
  const denied = await expectCode(sub.DescribeMachineInfo({ Uuid: other.uuid }), "UnauthorizedOperation");
  assert.match(denied.message, new RegExp(other.uuid));
  const kmsOnly = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/users`, {
    name: "kms-only",
    policy: { version: "2.0", statement: [{ effect: "allow", action: ["kms:*"], resource: ["*"] }] },
  });
  const none = sdk("yunjing", server, { credential: { secretId: kmsOnly.secretId, secretKey: kmsOnly.secretKey } });
  await expectCode(none.DescribeOverviewStatistics(), "AuthFailure.UnauthorizedOperation");
});

test("RequestLimitExceeded at the documented 20 requests per second (with --rate-limit)", async () => {
  const limited = await startTclocal({ rateLimit: true });
  try {
    const client = sdk("yunjing", limited);
    const codes = await Promise.all(
      Array.from({ length: 45 }, () =>
        client.DescribeOverviewStatistics().then(
          () => "ok",
          (e: { code: string }) => e.code,
        ),
      ),
    );
    assert.ok(codes.includes("RequestLimitExceeded"), JSON.stringify(codes));
    assert.ok(codes.includes("ok"));
  } finally {
    await limited.stop();
  }
});
