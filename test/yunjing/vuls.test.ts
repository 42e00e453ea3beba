import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { advance, registerMachine, seed, setOnline } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("vulnerabilities with impacted hosts: list, info, hosts, per-agent list, scan result, ignore", async () => {
  const yj = sdk("yunjing", server);
  const a = await registerMachine(server, { name: "vul-a", ip: "10.3.0.1" });
  const b = await registerMachine(server, { name: "vul-b", ip: "10.3.0.2" });
  const ha = await seed(server, a.uuid, "vuls", { VulId: 2001, VulName: "Nginx 解析漏洞", VulLevel: "HIGH", VulType: "WEB", CveId: "CVE-2013-4547" });
  const hb = await seed(server, b.uuid, "vuls", { VulId: 2001 });
  await seed(server, b.uuid, "vuls", { VulId: 2002, VulName: "SSH 弱口令", VulType: "BASELINE", VulStatus: "FIXED" });

  const web = await yj.DescribeVuls({ VulType: "WEB" });
  assert.deepEqual(
    web.Vuls!.map((v) => [v.VulId, v.VulName, v.VulLevel, v.ImpactedHostNum, v.VulStatus]),
    [[2001, "Nginx 解析漏洞", "HIGH", 2, "UN_OPERATED"]],
  );
  const fixed = await yj.DescribeVuls({ VulType: "BASELINE", Filters: [{ Name: "Status", Values: ["FIXED"] }] });
  assert.deepEqual(fixed.Vuls!.map((v) => v.VulId), [2002]);
  const info = await yj.DescribeVulInfo({ VulId: 2001 });
  assert.equal(info.CveId, "CVE-2013-4547");
  assert.equal(info.VulType, "WEB");
  const hosts = await yj.DescribeImpactedHosts({ VulId: 2001 });
  assert.deepEqual(hosts.ImpactedHosts!.map((h) => h.MachineName).sort(), ["vul-a", "vul-b"]);
  const agent = await yj.DescribeAgentVuls({ VulType: "WEB", Uuid: a.uuid });
  assert.deepEqual(agent.AgentVuls!.map((v) => [v.Id, v.VulId]), [[ha.Id, 2001]]);
  let scan = await yj.DescribeVulScanResult();
  assert.equal(scan.VulNum, 1);

  await yj.IgnoreImpactedHosts({ Ids: [hb.Id] });
  assert.equal((await yj.DescribeVuls({ VulType: "WEB" })).Vuls![0].ImpactedHostNum, 1);
  await expectCode(yj.DescribeVulInfo({ VulId: 9999 }), "ResourceNotFound");
  await expectCode(yj.DescribeVuls({ VulType: "APP" }), "InvalidParameter.InvalidFormat");
  await expectCode(yj.IgnoreImpactedHosts({ Ids: Array.from({ length: 101 }, (_, i) => i + 1) }), "LimitExceeded.AreaQuota");
  scan = await yj.DescribeVulScanResult();
  assert.equal(scan.HostNum! >= 2, true);
});

test("RescanImpactedHost: SCANING for a minute, FIXED after a patch, in-use, offline and free-check limits", async () => {
  const yj = sdk("yunjing", server);
  const m = await registerMachine(server, { name: "rescan-1" });
  const h = await seed(server, m.uuid, "vuls", { VulId: 3001, VulType: "SYSTEM" });
  await server.control("PATCH", `/yunjing/impacted-hosts/${h.Id}`, { patched: true });
  await yj.RescanImpactedHost({ Id: h.Id });
  assert.equal((await yj.DescribeImpactedHosts({ VulId: 3001 })).ImpactedHosts![0].VulStatus, "SCANING");
  await expectCode(yj.RescanImpactedHost({ Id: h.Id }), "FailedOperation.RescanVulProcessInUse");
  await advance(server, 61);
  assert.equal((await yj.DescribeImpactedHosts({ VulId: 3001 })).ImpactedHosts![0].VulStatus, "FIXED");
  assert.equal((await yj.DescribeMachineInfo({ Uuid: m.uuid })).FreeVulsLeft, 2);

  // Basic edition: three free checks, then FailedOperation.RescanVul.
  await yj.RescanImpactedHost({ Id: h.Id });
  await advance(server, 61);
  await yj.RescanImpactedHost({ Id: h.Id });
  await advance(server, 61);
  const e = await expectCode(yj.RescanImpactedHost({ Id: h.Id }), "FailedOperation.RescanVul");
  assert.match(e.message, /free vulnerability checks/);
  await yj.OpenProVersion({ MachineType: "CVM", MachineRegion: "ap-guangzhou", Quuids: [m.quuid] });
  await yj.RescanImpactedHost({ Id: h.Id });
  await advance(server, 61);

  await setOnline(server, m.uuid, false);
  await expectCode(yj.RescanImpactedHost({ Id: h.Id }), "FailedOperation.AgentOffline");
  await expectCode(yj.RescanImpactedHost({ Id: 424242 }), "ResourceNotFound");
});

test("alarm attributes and baseline strategies (Pro hosts only)", async () => {
  const yj = sdk("yunjing", server);
  const al = await yj.DescribeAlarmAttribute();
  assert.deepEqual([al.Offline, al.Malware, al.NonlocalLogin, al.CrackSuccess], ["CLOSE", "OPEN", "OPEN", "OPEN"]);
  await yj.ModifyAlarmAttribute({ Attribute: "OFFLINE", Value: "OPEN" });
  assert.equal((await yj.DescribeAlarmAttribute()).Offline, "OPEN");
  await expectCode(yj.ModifyAlarmAttribute({ Attribute: "Disk", Value: "OPEN" }), "InvalidParameter.InvalidFormat");

  const basic = await registerMachine(server, { name: "bl-basic" });
  const base = { StrategyName: "weekly", ScanCycle: 7, ScanAt: "22:00", CategoryIds: [1, 3], MachineType: "CVM", RegionCode: "ap-gz" };
  await expectCode(yj.CreateBaselineStrategy({ ...base, IsGlobal: 0, Quuids: [basic.quuid] }), "FailedOperation.NoProfessionHost");
  await yj.OpenProVersion({ MachineType: "CVM", MachineRegion: "ap-guangzhou", Quuids: [basic.quuid] });
  await yj.CreateBaselineStrategy({ ...base, IsGlobal: 0, Quuids: [basic.quuid] });
  await expectCode(yj.CreateBaselineStrategy({ ...base, IsGlobal: 1 }), "InvalidParameter.IllegalRequest");
  await expectCode(yj.CreateBaselineStrategy({ ...base, StrategyName: "x", ScanAt: "10pm", IsGlobal: 1 }), "InvalidParameter.ParsingError");
  for (let i = 1; i < 20; i++) await yj.CreateBaselineStrategy({ ...base, StrategyName: `s${i}`, IsGlobal: 1 });
  await expectCode(yj.CreateBaselineStrategy({ ...base, StrategyName: "s20", IsGlobal: 1 }), "FailedOperation.TooManyStrategy");
});
