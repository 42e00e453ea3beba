import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { serviceCatalog } from "../../src/generated/catalog";
import { assertComplete } from "../helpers/complete";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { sdk } from "../helpers/sdk";
import { advance, registerMachine, seed } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("every one of the 100 actions answers every member of its response model", async () => {
  const yj = sdk("yunjing", server) as unknown as Record<string, (req?: unknown) => Promise<Record<string, unknown>>>;
  const called = new Set<string>();
  /** Calls an action, checks the response against the SDK model, and answers it. */
  const call = async (action: string, req?: unknown): Promise<any> => {
    const res = await yj[action](req);
    assertComplete("yunjing", action, res);
    called.add(action);
    return res;
  };
  /** A list must have items, so their models are checked too. */
  const nonEmpty = (res: any, member: string) => assert.ok(Array.isArray(res[member]) && res[member].length > 0, `${member} is empty`);

  const a = await registerMachine(server, { name: "cmp-a", ip: "10.8.0.1", region: "ap-guangzhou" });
  const b = await registerMachine(server, { name: "cmp-b", ip: "10.8.0.2", region: "ap-guangzhou" });
  const c = await registerMachine(server, { name: "cmp-c", ip: "10.8.0.3", region: "ap-guangzhou" });
  const gz = { MachineType: "CVM", MachineRegion: "ap-guangzhou" };
  await call("OpenProVersion", { ...gz, Quuids: [a.quuid] });

  const mw = await seed(server, a.uuid, "malwares");
  const mw2 = await seed(server, a.uuid, "malwares");
  const brute = await seed(server, a.uuid, "brute-attacks", { Status: "BRUTEATTACK_SUCCESS" });
  const login = await seed(server, a.uuid, "nonlocal-logins");
  const login2 = await seed(server, a.uuid, "nonlocal-logins", { City: 99 });
  const vul = await seed(server, a.uuid, "vuls", { VulId: 5001, VulType: "WEB" });
  const vul2 = await seed(server, b.uuid, "vuls", { VulId: 5001 });
  await seed(server, a.uuid, "open-ports", { Port: 443 });
  await seed(server, a.uuid, "processes", { ProcessName: "nginx" });
  await seed(server, a.uuid, "accounts", { Username: "root" });
  await seed(server, a.uuid, "history-accounts");
  const comp = await seed(server, a.uuid, "components");
  const req = await seed(server, a.uuid, "malicious-requests");
  const bash = await seed(server, a.uuid, "bash-events");
  const priv = await seed(server, a.uuid, "privilege-events");
  const rs = await seed(server, a.uuid, "reverse-shells");
  const atk = await seed(server, a.uuid, "attack-logs");
  await advance(server, 15 * 86400);

  // Machines, tags, Pro edition.
  nonEmpty(await call("DescribeMachines", gz), "Machines");
  await call("DescribeMachineInfo", { Uuid: a.uuid });
  await call("EditTags", { Name: "complete", Quuids: [a.quuid] });
  const tags = await call("DescribeTags", {});
  nonEmpty(tags, "List");
  const tagId = tags.List[0].Id;
  await call("AddMachineTag", { Quuid: b.quuid, TagId: tagId, MRegion: "ap-guangzhou", MArea: "CVM" });
  const tm = await call("DescribeTagMachines", { Id: tagId });
  nonEmpty(tm, "List");
  await call("DeleteMachineTag", { Rid: Number(tm.List[1].Id) });
  await call("InquiryPriceOpenProVersionPrepaid", { ChargePrepaid: { Period: 1 }, Machines: [{ ...gz, Quuid: b.quuid }] });
  await call("OpenProVersionPrepaid", { ChargePrepaid: { Period: 1 }, Machines: [{ ...gz, Quuid: b.quuid }] });
  await call("RenewProVersion", { ChargePrepaid: { Period: 1 }, Quuid: b.quuid });
  await call("ModifyProVersionRenewFlag", { RenewFlag: "NOTIFY_AND_AUTO_RENEW", Quuid: b.quuid });
  await call("ModifyAutoOpenProVersionConfig", { Status: "CLOSE" });
  await call("DescribeProVersionInfo");

  // Malware and malicious requests.
  nonEmpty(await call("DescribeMalwares", {}), "Malwares");
  await call("SeparateMalwares", { Ids: [mw.Id] });
  await advance(server, 10);
  await call("RecoverMalwares", { Ids: [mw.Id] });
  await call("TrustMalwares", { Ids: [mw2.Id] });
  await call("UntrustMalwares", { Ids: [mw2.Id] });
  nonEmpty(await call("DescribeMaliciousRequests", {}), "MaliciousRequests");
  await call("TrustMaliciousRequest", { Id: req.Id });
  await call("UntrustMaliciousRequest", { Id: req.Id });

  // Logins.
  nonEmpty(await call("DescribeNonlocalLoginPlaces", {}), "NonLocalLoginPlaces");
  await call("MisAlarmNonlocalLoginPlaces", { Ids: [login2.Id] });
  nonEmpty(await call("DescribeBruteAttacks", {}), "BruteAttacks");
  await call("AddLoginWhiteList", { Rules: { Places: [{ CountryId: 1, ProvinceId: 1, CityId: 1 }], SrcIp: "10.0.0.0/8", UserName: "root", IsGlobal: false, HostIp: "10.8.0.1" } });
  const wl = await call("DescribeLoginWhiteList", {});
  nonEmpty(wl, "LoginWhiteLists");
  await call("ModifyLoginWhiteList", { Rules: { Id: wl.LoginWhiteLists[0].Id, Places: [], SrcIp: "10.0.0.1", UserName: "", IsGlobal: true, HostIp: "" } });
  await call("CreateUsualLoginPlaces", { Uuids: [a.uuid], Places: [{ CountryId: 1, ProvinceId: 2, CityId: 3 }] });
  nonEmpty(await call("DescribeUsualLoginPlaces", { Uuid: a.uuid }), "UsualLoginPlaces");
  await call("DeleteUsualLoginPlaces", { Uuid: a.uuid, CityIds: [3] });

  // Vulnerabilities, baseline, alarms.
  nonEmpty(await call("DescribeVuls", { VulType: "WEB" }), "Vuls");
  await call("DescribeVulInfo", { VulId: 5001 });
  nonEmpty(await call("DescribeImpactedHosts", { VulId: 5001 }), "ImpactedHosts");
  nonEmpty(await call("DescribeAgentVuls", { VulType: "WEB", Uuid: a.uuid }), "AgentVuls");
  await call("RescanImpactedHost", { Id: vul.Id });
  await call("DescribeVulScanResult");
  await call("CreateBaselineStrategy", { StrategyName: "all", ScanCycle: 1, ScanAt: "02:00", CategoryIds: [1], IsGlobal: 1, MachineType: "CVM", RegionCode: "ap-gz" });
  await call("DescribeAlarmAttribute");
  await call("ModifyAlarmAttribute", { Attribute: "Offline", Value: "OPEN" });

  // Assets.
  await call("CreateProcessTask", { Uuid: a.uuid });
  await call("CreateOpenPortTask", { Uuid: a.uuid });
  await call("DescribeProcessTaskStatus", { Uuid: a.uuid });
  await call("DescribeOpenPortTaskStatus", { Uuid: a.uuid });
  nonEmpty(await call("DescribeProcesses", { Uuid: a.uuid }), "Processes");
  nonEmpty(await call("DescribeProcessStatistics", {}), "ProcessStatistics");
  nonEmpty(await call("DescribeOpenPorts", { Uuid: a.uuid }), "OpenPorts");
  nonEmpty(await call("DescribeOpenPortStatistics", {}), "OpenPortStatistics");
  nonEmpty(await call("DescribeAccounts", { Uuid: a.uuid }), "Accounts");
  nonEmpty(await call("DescribeAccountStatistics", {}), "AccountStatistics");
  nonEmpty(await call("DescribeHistoryAccounts", { Uuid: a.uuid }), "HistoryAccounts");
  nonEmpty(await call("DescribeComponents", { Uuid: a.uuid }), "Components");
  await call("DescribeComponentInfo", { ComponentId: comp.record.ComponentId });
  nonEmpty(await call("DescribeComponentStatistics", {}), "ComponentStatistics");

  // Events and rules.
  nonEmpty(await call("DescribeBashEvents", {}), "List");
  await call("SetBashEventsStatus", { Ids: [bash.Id], Status: 1 });
  nonEmpty(await call("DescribeBashRules", { Type: 0 }), "List");
  await call("EditBashRule", { Name: "user rule", Level: 2, Rule: "nc\\s+-e", Uuid: a.uuid });
  const userRules = await call("DescribeBashRules", { Type: 1 });
  nonEmpty(userRules, "List");
  await call("SwitchBashRules", { Id: userRules.List[0].Id, Disabled: 1 });
  nonEmpty(await call("DescribePrivilegeEvents", {}), "List");
  await call("EditPrivilegeRule", { ProcessName: "su", IsGlobal: 1 });
  const privRules = await call("DescribePrivilegeRules", {});
  nonEmpty(privRules, "List");
  nonEmpty(await call("DescribeReverseShellEvents", {}), "List");
  await call("EditReverseShellRule", { ProcessName: "nc", DestPort: "4444", IsGlobal: 1 });
  const rsRules = await call("DescribeReverseShellRules", {});
  nonEmpty(rsRules, "List");
  nonEmpty(await call("DescribeAttackLogs", {}), "AttackLogs");
  await call("DescribeAttackLogInfo", { Id: atk.Id });

  // Reports and exports.
  await call("DescribeOverviewStatistics");
  nonEmpty(await call("DescribeSecurityDynamics", {}), "SecurityDynamics");
  await call("DescribeSecurityTrends", { BeginDate: "2020-01-01", EndDate: "2020-01-31" });
  const weeks = await call("DescribeWeeklyReports", {});
  nonEmpty(weeks, "WeeklyReports");
  const week = weeks.WeeklyReports[weeks.WeeklyReports.length - 1].BeginDate;
  await call("DescribeWeeklyReportInfo", { BeginDate: week });
  nonEmpty(await call("DescribeWeeklyReportMalwares", { BeginDate: week }), "WeeklyReportMalwares");
  nonEmpty(await call("DescribeWeeklyReportNonlocalLoginPlaces", { BeginDate: week }), "WeeklyReportNonlocalLoginPlaces");
  nonEmpty(await call("DescribeWeeklyReportBruteAttacks", { BeginDate: week }), "WeeklyReportBruteAttacks");
  nonEmpty(await call("DescribeWeeklyReportVuls", { BeginDate: week }), "WeeklyReportVuls");
  for (const action of [
    "ExportMalwares",
    "ExportNonlocalLoginPlaces",
    "ExportBruteAttacks",
    "ExportMaliciousRequests",
    "ExportBashEvents",
    "ExportPrivilegeEvents",
    "ExportReverseShellEvents",
    "ExportAttackLogs",
  ]) {
    await call(action);
  }

  // Deletions last.
  await call("IgnoreImpactedHosts", { Ids: [vul2.Id] });
  await call("DeleteMalwares", { Ids: [mw2.Id] });
  await call("DeleteMaliciousRequests", { Ids: [req.Id] });
  await call("DeleteNonlocalLoginPlaces", { Ids: [login.Id] });
  await call("DeleteBruteAttacks", { Ids: [brute.Id] });
  await call("DeleteLoginWhiteList", { Ids: [wl.LoginWhiteLists[0].Id] });
  await call("DeleteBashEvents", { Ids: [bash.Id] });
  await call("DeleteBashRules", { Ids: [userRules.List[0].Id] });
  await call("DeletePrivilegeEvents", { Ids: [priv.Id] });
  await call("DeletePrivilegeRules", { Ids: [privRules.List[0].Id] });
  await call("DeleteReverseShellEvents", { Ids: [rs.Id] });
  await call("DeleteReverseShellRules", { Ids: [rsRules.List[0].Id] });
  await call("DeleteAttackLogs", { Ids: [atk.Id] });
  await call("DeleteTags", { Ids: [tagId] });
  await call("CloseProVersion", { Quuid: a.quuid });
  await call("DeleteMachine", { Uuid: c.uuid });

  const missing = serviceCatalog.yunjing.actions.filter((x) => !called.has(x));
  assert.deepEqual(missing, [], "every action was called");
  assert.equal(called.size, 100);
});
