import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { advance, registerMachine, seed } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

/** Splits a CSV body (quotes, CRLF) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r") continue;
    else if (c === "\n") row.push(cell), rows.push(row), (row = []), (cell = "");
    else cell += c;
  }
  return rows;
}

async function download(url: string): Promise<{ type: string; body: Buffer }> {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  return { type: res.headers.get("content-type") ?? "", body: Buffer.from(await res.arrayBuffer()) };
}

test("overview statistics, security dynamics and trends are computed from the detections", async () => {
  const yj = sdk("yunjing", server);
  const m = await registerMachine(server, { name: "rep-1", ip: "10.7.0.1" });
  await seed(server, m.uuid, "malwares", { FindTime: "2020-06-20 10:00:00", FilePath: "/tmp/x" });
  await seed(server, m.uuid, "malwares", { FindTime: "2020-06-22 23:59:59" });
  await seed(server, m.uuid, "nonlocal-logins", { LoginTime: "2020-06-21 08:00:00", SrcIp: "1.2.3.4" });
  await seed(server, m.uuid, "brute-attacks", { CreateTime: "2020-06-21 09:00:00", Status: "BRUTEATTACK_SUCCESS" });
  await seed(server, m.uuid, "brute-attacks", { CreateTime: "2020-06-21 09:00:00" });
  await seed(server, m.uuid, "vuls", { LastScanTime: "2020-06-20 01:00:00", VulType: "SYSTEM" });
  await seed(server, m.uuid, "vuls", { LastScanTime: "2020-06-20 01:00:00", VulName: "口令策略", VulType: "BASELINE" });
  await seed(server, m.uuid, "attack-logs", { CreatedAt: "2020-06-22 12:00:00" });

  const ov = await yj.DescribeOverviewStatistics();
  assert.deepEqual(
    [ov.OnlineMachineNum, ov.ProVersionMachineNum, ov.MalwareNum, ov.NonlocalLoginNum, ov.BruteAttackSuccessNum, ov.VulNum, ov.BaseLineNum],
    [1, 0, 2, 1, 1, 1, 1],
  );

  const tr = await yj.DescribeSecurityTrends({ BeginDate: "2020-06-20", EndDate: "2020-06-22" });
  assert.deepEqual(tr.Malwares, [
    { Date: "2020-06-20", EventNum: 1 },
    { Date: "2020-06-21", EventNum: 0 },
    { Date: "2020-06-22", EventNum: 1 },
  ]);
  assert.deepEqual(tr.NonLocalLoginPlaces!.map((x) => x.EventNum), [0, 1, 0]);
  assert.deepEqual(tr.BruteAttacks!.map((x) => x.EventNum), [0, 1, 0]);
  assert.deepEqual(tr.Vuls!.map((x) => x.EventNum), [1, 0, 0]);
  assert.deepEqual(tr.BaseLines!.map((x) => x.EventNum), [1, 0, 0]);
  assert.deepEqual(tr.CyberAttacks!.map((x) => x.EventNum), [0, 0, 1]);
  await expectCode(yj.DescribeSecurityTrends({ BeginDate: "2020-06-22", EndDate: "2020-06-20" }), "InvalidParameter.DateRange");
  await expectCode(yj.DescribeSecurityTrends({ BeginDate: "2020/06/20", EndDate: "2020-06-22" }), "InvalidParameter.DateRange");
  await expectCode(yj.DescribeSecurityTrends({ BeginDate: "2018-01-01", EndDate: "2020-06-22" }), "InvalidParameter.DateRange");

  const dyn = await yj.DescribeSecurityDynamics({ Limit: 2 });
  assert.equal(dyn.TotalCount, 6);
  assert.deepEqual(dyn.SecurityDynamics!.map((d) => [d.EventType, d.EventTime, d.SecurityLevel]), [
    ["MALWARE", "2020-06-22 23:59:59", "RISK"],
    ["BRUTEATTACK_SUCCESS", "2020-06-21 09:00:00", "RISK"],
  ]);
  const zh = await sdk("yunjing", server, { language: "zh-CN" }).DescribeSecurityDynamics({ Offset: 3, Limit: 1 });
  assert.match(zh.SecurityDynamics![0].Message!, /^发现主机10\.7\.0\.1存在木马文件\/tmp\/x/);
});

test("weekly reports: Pro weeks that are over, details and their data, date validation, an XLSX download", async () => {
  const yj = sdk("yunjing", server);
  assert.equal((await yj.DescribeWeeklyReports({})).TotalCount, 0);
  const m = await registerMachine(server, { name: "weekly-1", ip: "10.7.0.2", region: "ap-guangzhou" });
  await yj.OpenProVersion({ MachineType: "CVM", MachineRegion: "ap-guangzhou", Quuids: [m.quuid] });
  await seed(server, m.uuid, "malwares", { Md5: "0123456789abcdef0123456789abcdef" });
  await seed(server, m.uuid, "brute-attacks", { Status: "BRUTEATTACK_SUCCESS", UserName: "admin", Count: 9 });
  await seed(server, m.uuid, "nonlocal-logins", { UserName: "ops" });
  await seed(server, m.uuid, "vuls", { VulName: "Redis 未授权访问", VulType: "WEB" });
  await advance(server, 15 * 86400);

  const weeks = await yj.DescribeWeeklyReports({});
  assert.ok(weeks.TotalCount! >= 2);
  const oldest = weeks.WeeklyReports![weeks.WeeklyReports!.length - 1];
  const begin = new Date(oldest.BeginDate + "T00:00:00+08:00");
  assert.equal(new Date(begin.getTime() + 8 * 3600_000).getUTCDay(), 1, "reports begin on a Monday");

  const info = await yj.DescribeWeeklyReportInfo({ BeginDate: oldest.BeginDate });
  assert.deepEqual(
    [info.MachineNum, info.ProVersionMachineNum, info.MalwareNum, info.BruteAttackSuccessNum, info.NonlocalLoginNum, info.VulNum, info.Level, info.EndDate],
    [2, 1, 1, 1, 1, 1, "HIGH", oldest.EndDate], // rep-1 of the test above is a host too
  );
  assert.match(info.DownloadUrl!, /\.xlsx$/);
  const file = await download(info.DownloadUrl!);
  assert.equal(file.type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  assert.equal(file.body.subarray(0, 2).toString(), "PK");
  assert.ok(file.body.includes(Buffer.from("xl/worksheets/sheet1.xml")));
  assert.ok(file.body.includes(Buffer.from("木马记录数")));

  const mw = await yj.DescribeWeeklyReportMalwares({ BeginDate: oldest.BeginDate });
  assert.deepEqual(mw.WeeklyReportMalwares!.map((x) => [x.Md5, x.Status]), [["0123456789abcdef0123456789abcdef", "UN_OPERATED"]]);
  const br = await yj.DescribeWeeklyReportBruteAttacks({ BeginDate: oldest.BeginDate });
  assert.deepEqual(br.WeeklyReportBruteAttacks!.map((x) => [x.Username, x.Count]), [["admin", 9]]);
  const nl = await yj.DescribeWeeklyReportNonlocalLoginPlaces({ BeginDate: oldest.BeginDate });
  assert.deepEqual(nl.WeeklyReportNonlocalLoginPlaces!.map((x) => x.Username), ["ops"]);
  const vu = await yj.DescribeWeeklyReportVuls({ BeginDate: oldest.BeginDate });
  assert.deepEqual(vu.WeeklyReportVuls!.map((x) => [x.VulName, x.VulType]), [["Redis 未授权访问", "WEB"]]);
  const newest = weeks.WeeklyReports![0];
  assert.equal((await yj.DescribeWeeklyReportMalwares({ BeginDate: newest.BeginDate })).TotalCount, 0);

  const tuesday = new Date(begin.getTime() + 86400_000 + 8 * 3600_000).toISOString().slice(0, 10);
  await expectCode(yj.DescribeWeeklyReportInfo({ BeginDate: tuesday }), "InvalidParameter.DateRange");
  await expectCode(yj.DescribeWeeklyReportVuls({ BeginDate: "2001-01-01" }), "InvalidParameter.DateRange");
  await expectCode(yj.DescribeWeeklyReportMalwares({ BeginDate: "last week" }), "InvalidParameter.DateRange");
});

test("exports write real CSV files served at the DownloadUrl, built from the Host the client used", async () => {
  const yj = sdk("yunjing", server);
  const m = await registerMachine(server, { name: "exp-1", ip: "10.7.0.3" });
  await seed(server, m.uuid, "malwares", { FilePath: "/var/www/a,b.php", Description: 'say "hi"', Md5: "ffffffffffffffffffffffffffffffff" });
  await seed(server, m.uuid, "malwares", { FilePath: "/tmp/miner" });
  const out = await yj.ExportMalwares();
  assert.ok(out.DownloadUrl!.startsWith(`http://${server.hostPort}/_tclocal/yunjing/exports/`), out.DownloadUrl);
  assert.match(out.DownloadUrl!, /\/[0-9a-f]{32}\.csv$/);
  const file = await download(out.DownloadUrl!);
  assert.equal(file.type, "text/csv; charset=utf-8");
  const text = file.body.toString("utf8");
  assert.equal(text.charCodeAt(0), 0xfeff, "UTF-8 BOM");
  const rows = parseCsv(text.slice(1));
  assert.deepEqual(rows[0], ["主机名", "主机IP", "木马路径", "木马描述", "MD5", "状态", "文件创建时间", "文件修改时间"]);
  const paths = rows.slice(1).filter((r) => r[0] === "exp-1");
  assert.equal(paths.length, 2);
  const quoted = paths.find((r) => r[2] === "/var/www/a,b.php")!;
  assert.deepEqual(quoted.slice(1, 6), ["10.7.0.3", "/var/www/a,b.php", 'say "hi"', "ffffffffffffffffffffffffffffffff", "未处理"]);

  await seed(server, m.uuid, "brute-attacks", { SrcIp: "45.9.9.9" });
  await seed(server, m.uuid, "nonlocal-logins", { SrcIp: "46.9.9.9" });
  await seed(server, m.uuid, "attack-logs", { SrcIp: "47.9.9.9" });
  await seed(server, m.uuid, "malicious-requests", { Domain: "pool.example" });
  await seed(server, m.uuid, "bash-events", { BashCmd: "history -c" });
  await seed(server, m.uuid, "privilege-events", { ProcessName: "exp-priv" });
  await seed(server, m.uuid, "reverse-shells", { DstIp: "48.9.9.9" });
  const expect: [() => Promise<{ DownloadUrl?: string; TaskId?: string }>, string, boolean][] = [
    [() => yj.ExportBruteAttacks(), "45.9.9.9", false],
    [() => yj.ExportNonlocalLoginPlaces(), "46.9.9.9", true],
    [() => yj.ExportAttackLogs(), "47.9.9.9", true],
    [() => yj.ExportMaliciousRequests(), "pool.example", false],
    [() => yj.ExportBashEvents(), "history -c", false],
    [() => yj.ExportPrivilegeEvents(), "exp-priv", false],
    [() => yj.ExportReverseShellEvents(), "48.9.9.9", false],
  ];
  for (const [call, needle, hasTask] of expect) {
    const r = await call();
    if (hasTask) assert.match(r.TaskId!, /^\d{10,}$/);
    const body = parseCsv((await download(r.DownloadUrl!)).body.toString("utf8").slice(1));
    assert.ok(body.length >= 2 && body.slice(1).some((row) => row.includes(needle)), `${r.DownloadUrl} has ${needle}`);
  }
  const missing = await fetch(`${server.endpoint}/_tclocal/yunjing/exports/${"0".repeat(32)}.csv`);
  assert.equal(missing.status, 404);
});
