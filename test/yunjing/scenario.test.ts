import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { advance, seed } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

/** The machine of a CVM instance, as DescribeMachines lists it. */
async function machineOf(instanceName: string, region = "ap-guangzhou") {
  const list = await sdk("yunjing", server).DescribeMachines({ MachineType: "CVM", MachineRegion: region, Filters: [{ Name: "Keywords", Values: [instanceName] }] });
  return list.Machines!.find((m) => m.MachineName === instanceName);
}

test("issue scenario: a CVM instance's agent is ONLINE, malware is isolated and restored, a stopped instance's agent is OFFLINE", async () => {
  const cvm = sdk("cvm", server);
  const yj = sdk("yunjing", server);
  const run = await cvm.RunInstances({ Placement: { Zone: "ap-guangzhou-3" }, ImageId: "img-9qabwvbn", InstanceType: "S5.MEDIUM4", InstanceName: "web-prod-1" });
  const instanceId = run.InstanceIdSet![0];
  await advance(server, 20); // PENDING → RUNNING

  const machine = await machineOf("web-prod-1");
  assert.ok(machine, "every CVM instance of the account runs an agent");
  assert.equal(machine.MachineStatus, "ONLINE");
  const [inst] = (await cvm.DescribeInstances({ InstanceIds: [instanceId] })).InstanceSet!;
  assert.equal(machine.Quuid, inst.Uuid);
  assert.equal(machine.MachineIp, inst.PrivateIpAddresses![0]);
  assert.equal(machine.RegionInfo!.Region, "ap-guangzhou");
  const uuid = machine.Uuid!;
  const info = await yj.DescribeMachineInfo({ Uuid: uuid });
  assert.equal(info.InstanceId, instanceId);
  assert.equal(info.MachineOs, inst.OsName);

  // The agent finds a trojan.
  const mw = await seed(server, instanceId, "malwares", { FilePath: "/usr/bin/.sshd", Description: "Linux.Backdoor.Sshd" });
  const listed = await yj.DescribeMalwares({ Uuid: uuid });
  assert.deepEqual(listed.Malwares!.map((m) => [m.Id, m.FilePath, m.Status]), [[mw.Id, "/usr/bin/.sshd", "UN_OPERATED"]]);
  assert.equal((await machineOf("web-prod-1"))!.SecurityStatus, "RISK");

  const sep = await yj.SeparateMalwares({ Ids: [mw.Id] });
  assert.deepEqual(sep.SuccessIds, [mw.Id]);
  await advance(server, 10);
  assert.equal((await yj.DescribeMalwares({ Uuid: uuid })).Malwares![0].Status, "SEGREGATED");
  assert.equal((await machineOf("web-prod-1"))!.MalwareNum, 0);

  const rec = await yj.RecoverMalwares({ Ids: [mw.Id] });
  assert.deepEqual(rec.SuccessIds, [mw.Id]);
  await advance(server, 10);
  assert.equal((await yj.DescribeMalwares({ Uuid: uuid })).Malwares![0].Status, "UN_OPERATED");

  // The instance stops: its agent goes offline and cannot run tasks.
  await cvm.StopInstances({ InstanceIds: [instanceId] });
  await advance(server, 15);
  assert.equal((await cvm.DescribeInstances({ InstanceIds: [instanceId] })).InstanceSet![0].InstanceState, "STOPPED");
  assert.equal((await machineOf("web-prod-1"))!.MachineStatus, "OFFLINE");
  const e = await expectCode(yj.CreateProcessTask({ Uuid: uuid }), "FailedOperation.AgentOffline");
  assert.match(e.message, new RegExp(`instance ${instanceId} is STOPPED`));
  await expectCode(yj.SeparateMalwares({ Ids: [mw.Id] }), "FailedOperation.SingleSeparate");

  // Started again, the agent is back; terminated, the machine leaves the list.
  await cvm.StartInstances({ InstanceIds: [instanceId] });
  await advance(server, 15);
  assert.equal((await machineOf("web-prod-1"))!.MachineStatus, "ONLINE");
  await cvm.TerminateInstances({ InstanceIds: [instanceId] });
  await advance(server, 15);
  assert.equal(await machineOf("web-prod-1"), undefined);
  await expectCode(yj.DescribeMachineInfo({ Uuid: uuid }), "ResourceNotFound");
});

test("instances of every region have agents; MachineRegion selects them; other accounts see none", async () => {
  const cvm = sdk("cvm", server);
  await sdk("cvm", server, { region: "ap-beijing" }).RunInstances({ Placement: { Zone: "ap-beijing-5" }, ImageId: "img-9qabwvbn", InstanceName: "bj-1" });
  await cvm.RunInstances({ Placement: { Zone: "ap-guangzhou-3" }, ImageId: "img-9qabwvbn", InstanceName: "gz-1" });
  await advance(server, 20);
  assert.ok(await machineOf("bj-1", "ap-beijing"));
  assert.equal(await machineOf("bj-1", "ap-guangzhou"), undefined);
  // Host Security is one console: a call to another API region sees the same machines.
  const viaShanghai = await sdk("yunjing", server, { region: "ap-shanghai" }).DescribeMachines({ MachineType: "CVM", MachineRegion: "ap-beijing" });
  assert.ok(viaShanghai.Machines!.some((m) => m.MachineName === "bj-1"));

  const acct = await server.control("POST", "/accounts", { balance: 100 });
  const other = sdk("yunjing", server, { credential: { secretId: acct.secretId, secretKey: acct.secretKey } });
  assert.equal((await other.DescribeMachines({ MachineType: "CVM", MachineRegion: "ap-guangzhou" })).TotalCount, 0);
});
