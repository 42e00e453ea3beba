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

test("real-time process and port tasks: Pro only, COLLECTING then COMPLETE, task not found, agent offline", async () => {
  const yj = sdk("yunjing", server);
  const m = await registerMachine(server, { name: "asset-1", region: "ap-guangzhou" });
  await expectCode(yj.DescribeProcessTaskStatus({ Uuid: m.uuid }), "FailedOperation.ProcessTaskNotFound");
  await expectCode(yj.DescribeOpenPortTaskStatus({ Uuid: m.uuid }), "FailedOperation.OpenPortTaskNotFound");
  await expectCode(yj.CreateProcessTask({ Uuid: m.uuid }), "FailedOperation.CreateProcessTask");
  await expectCode(yj.CreateOpenPortTask({ Uuid: m.uuid }), "FailedOperation.CreateOpenPortTask");
  await yj.OpenProVersion({ MachineType: "CVM", MachineRegion: "ap-guangzhou", Quuids: [m.quuid] });

  await yj.CreateProcessTask({ Uuid: m.uuid });
  await yj.CreateOpenPortTask({ Uuid: m.uuid });
  assert.equal((await yj.DescribeProcessTaskStatus({ Uuid: m.uuid })).Status, "COLLECTING");
  await setOnline(server, m.uuid, false);
  assert.equal((await yj.DescribeOpenPortTaskStatus({ Uuid: m.uuid })).Status, "AGENT_OFFLINE");
  await expectCode(yj.CreateProcessTask({ Uuid: m.uuid }), "FailedOperation.AgentOffline");
  await setOnline(server, m.uuid, true);
  await advance(server, 11);
  assert.equal((await yj.DescribeProcessTaskStatus({ Uuid: m.uuid })).Status, "COMPLETE");
  assert.equal((await yj.DescribeOpenPortTaskStatus({ Uuid: m.uuid })).Status, "COMPLETE");
  await expectCode(yj.CreateProcessTask({ Uuid: "0b8c4e02-6d7a-4a29-9f57-1f1f1f1f1f1f" }), "ResourceNotFound");
});

test("processes and open ports with statistics", async () => {
  const yj = sdk("yunjing", server);
  const a = await registerMachine(server, { name: "asset-a", ip: "10.4.0.1" });
  const b = await registerMachine(server, { name: "asset-b", ip: "10.4.0.2" });
  await seed(server, a.uuid, "processes", { ProcessName: "nginx", Pid: 100 });
  await seed(server, b.uuid, "processes", { ProcessName: "nginx" });
  await seed(server, b.uuid, "processes", { ProcessName: "mysqld" });
  await seed(server, a.uuid, "open-ports", { Port: 80 });
  await seed(server, b.uuid, "open-ports", { Port: 80 });
  await seed(server, b.uuid, "open-ports", { Port: 3306 });

  const procs = await yj.DescribeProcesses({ Uuid: a.uuid });
  assert.deepEqual(procs.Processes!.map((p) => [p.ProcessName, p.Pid, p.Platform, p.FullPath]), [["nginx", 100, "LINUX64", "/usr/sbin/nginx"]]);
  const byName = await yj.DescribeProcesses({ ProcessName: "nginx", Filters: [{ Name: "MachineIp", Values: ["10.4.0.2"] }] });
  assert.deepEqual(byName.Processes!.map((p) => p.MachineName), ["asset-b"]);
  const pstats = await yj.DescribeProcessStatistics({});
  assert.deepEqual(pstats.ProcessStatistics!.map((s) => [s.ProcessName, s.MachineNum]), [["nginx", 2], ["mysqld", 1]]);
  await expectCode(yj.DescribeProcesses({}), "InvalidParameter.MissingParameter");

  const ports = await yj.DescribeOpenPorts({ Port: 80 });
  assert.equal(ports.TotalCount, 2);
  assert.equal(ports.OpenPorts![0].ProcessName, "nginx");
  const filtered = await yj.DescribeOpenPorts({ Uuid: b.uuid, Filters: [{ Name: "Port", Values: ["3306"] }] });
  assert.deepEqual(filtered.OpenPorts!.map((p) => [p.Port, p.ProcessName]), [[3306, "mysqld"]]);
  const stats = await yj.DescribeOpenPortStatistics({ Filters: [{ Name: "Port", Values: ["80", "3306"] }] });
  assert.deepEqual(stats.OpenPortStatistics!.map((s) => [s.Port, s.MachineNum]), [[80, 2], [3306, 1]]);
  const e = await expectCode(yj.DescribeOpenPortStatistics({ Filters: [{ Name: "Port", Values: ["http"] }] }), "InvalidParameter.ParsingError");
  assert.match(e.message, /not an unsigned integer/);
});

test("accounts, account history and components with statistics", async () => {
  const yj = sdk("yunjing", server);
  const a = await registerMachine(server, { name: "acct-a", ip: "10.5.0.1" });
  const b = await registerMachine(server, { name: "acct-b", ip: "10.5.0.2" });
  await seed(server, a.uuid, "accounts", { Username: "root" });
  await seed(server, b.uuid, "accounts", { Username: "root" });
  await seed(server, b.uuid, "accounts", { Username: "www" });
  await seed(server, a.uuid, "history-accounts", { Username: "backdoor", ModifyType: "CREATE" });
  const acc = await yj.DescribeAccounts({ Username: "root" });
  assert.equal(acc.TotalCount, 2);
  assert.equal(acc.Accounts![0].Privilege, "SUPPER");
  const ord = await yj.DescribeAccounts({ Uuid: b.uuid, Filters: [{ Name: "Privilege", Values: ["ORDINARY"] }] });
  assert.deepEqual(ord.Accounts!.map((x) => x.Username), ["www"]);
  const st = await yj.DescribeAccountStatistics({});
  assert.deepEqual(st.AccountStatistics!.map((s) => [s.Username, s.MachineNum]), [["root", 2], ["www", 1]]);
  const hist = await yj.DescribeHistoryAccounts({ Uuid: a.uuid });
  assert.deepEqual(hist.HistoryAccounts!.map((h) => [h.Username, h.ModifyType]), [["backdoor", "CREATE"]]);
  const e = await expectCode(yj.DescribeAccounts({}), "InvalidParameter.MissingParameter");
  assert.match(e.message, /Uuid or Username/);

  const c = await seed(server, a.uuid, "components", { ComponentName: "Mysql Server", ComponentType: "SYSTEM", ComponentVersion: "5.7.16" });
  await seed(server, b.uuid, "components", { ComponentName: "Mysql Server", ComponentType: "SYSTEM", ComponentVersion: "8.0.20" });
  const cid = c.record.ComponentId;
  const comps = await yj.DescribeComponents({ ComponentId: cid, Filters: [{ Name: "ComponentVersion", Values: ["8.0.20"] }] });
  assert.deepEqual(comps.Components!.map((x) => x.MachineName), ["acct-b"]);
  const info = await yj.DescribeComponentInfo({ ComponentId: cid });
  assert.equal(info.ComponentName, "Mysql Server");
  assert.equal(info.Id, cid);
  const cst = await yj.DescribeComponentStatistics({ Filters: [{ Name: "ComponentName", Values: ["Mysql Server"] }] });
  assert.deepEqual(cst.ComponentStatistics!.map((s) => [s.Id, s.MachineNum, s.ComponentType]), [[cid, 2, "SYSTEM"]]);
  await expectCode(yj.DescribeComponentInfo({ ComponentId: 1 }), "ResourceNotFound");
});
