import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { formatDateTime } from "../../src/platform/clock";
import { expectCode, sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { advance, detail2019, HOURLY_2019, hourly2019, hourlyRequest2019, mongo2019 } from "./fixtures2019";
import { testSecurityGroup } from "./networks";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const nowMs = async () => (await server.control("GET", "/clock")).now * 1000;
const seed = (id: string, route: string, body: object) => server.control("POST", `/mongodb/${id}/${route}`, { region: "ap-guangzhou", ...body });

describe("backups, restores and clones on the clock", () => {
  test("a backup, a collection restore and a clone into a new instance", async () => {
    const db = mongo2019(server);
    const id = await hourly2019(server);
    await seed(id, "namespaces", { databases: { shop: ["orders", "users"] } });
    const { AsyncRequestId } = await db.CreateBackupDBInstance({ InstanceId: id, BackupMethod: 0, BackupRemark: "before release" });
    let list = await db.DescribeDBBackups({ InstanceId: id });
    const manual = list.BackupList!.find((b) => b.BackupType === 1)!;
    assert.equal(manual.Status, 1, "running");
    assert.equal(manual.BackupDesc, "before release");
    assert.equal((await db.DescribeAsyncRequestInfo({ AsyncRequestId: AsyncRequestId! })).Status, "running");
    await advance(server, 61);
    assert.equal((await db.DescribeAsyncRequestInfo({ AsyncRequestId: AsyncRequestId! })).Status, "success");
    list = await db.DescribeDBBackups({ InstanceId: id, BackupMethod: 0 });
    const done = list.BackupList!.find((b) => b.BackId === manual.BackId)!;
    assert.equal(done.Status, 2);
    assert.match(done.BackupName!, new RegExp(`^${id}_\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$`));

    // Data written after the backup is not in it: the restore brings back what the backup holds.
    await seed(id, "namespaces", { databases: { shop: ["orders", "users"], logs: ["events"] } });
    await expectCode(
      db.RestoreDBInstance({ InstanceId: id, RestoreTime: done.EndTime!, Databases: [{ Db: "logs", Collections: [{ OldCollection: "events", NewCollection: "events_bak" }] }] }),
      "InvalidParameter.InvalidParameter",
    );
    const { FlowId } = await db.RestoreDBInstance({
      InstanceId: id,
      RestoreTime: done.EndTime!,
      Databases: [{ Db: "shop", Collections: [{ OldCollection: "orders", NewCollection: "orders_restored" }] }],
    });
    assert.ok(FlowId! > 0);
    assert.equal((await detail2019(server, id))!.Status, 1, "restoring");
    assert.deepEqual((await db.DescribeDBInstanceNamespace({ InstanceId: id, DbName: "shop" })).Collections, ["orders", "users"]);
    await advance(server, 301);
    assert.equal((await detail2019(server, id))!.Status, 2);
    assert.deepEqual((await db.DescribeDBInstanceNamespace({ InstanceId: id, DbName: "shop" })).Collections, ["orders", "orders_restored", "users"]);

    // A clone from the backup's time: a new instance with the backup's databases, related to its source.
    const before = formatDateTime((await nowMs()) - 3 * 86400_000);
    await expectCode(db.CreateDBInstanceHour({ ...(await hourlyRequest2019(server)), Clone: 5, Father: id, RestoreTime: before }), "InvalidParameterValue");
    const clone = (await db.CreateDBInstanceHour({ ...(await hourlyRequest2019(server)), Clone: 5, Father: id, RestoreTime: done.EndTime! })).InstanceIds![0];
    await advance(server, 601);
    const c = (await detail2019(server, clone))!;
    assert.equal(c.InstanceType, 2);
    assert.deepEqual(c.RelatedInstance, { InstanceId: id, Region: "ap-guangzhou" });
    assert.deepEqual((await db.DescribeDBInstanceNamespace({ InstanceId: clone })).Databases, ["shop"]);
    assert.deepEqual((await detail2019(server, id))!.CloneInstances, [{ InstanceId: clone, Region: "ap-guangzhou" }]);
    const download = await db.CreateBackupDownloadTask({ InstanceId: id, BackupName: done.BackupName!, BackupSets: [{ ReplicaSetId: `${id}_0` }] });
    assert.deepEqual(download.Tasks, [{ ReplicaSetId: `${id}_0`, Status: 0 }]);
    await advance(server, 121);
    const task = (await db.DescribeBackupDownloadTask({ InstanceId: id })).Tasks![0];
    assert.equal(task.Status, 2);
    const file = await fetch(task.Url!);
    assert.equal(file.status, 200);
    assert.deepEqual(((await file.json()) as { namespaces: unknown }).namespaces, { shop: ["orders", "users"] });
  });

  test("automatic backups follow the backup rules on the clock", async () => {
    const db = mongo2019(server);
    const id = await hourly2019(server);
    await db.SetBackupRules({ InstanceId: id, BackupTime: 2, BackupFrequency: 12, BackupRetentionPeriod: 7 });
    const setAt = formatDateTime(await nowMs());
    const rules = await db.DescribeBackupRules({ InstanceId: id });
    assert.equal(rules.BackupFrequency, 12);
    assert.equal(rules.BackupTime, 2);
    await advance(server, 2 * 86400);
    // The default rule (02:00 daily) may already have taken one, depending on the time of day the test runs.
    const autos = (await db.DescribeDBBackups({ InstanceId: id })).BackupList!.filter((b) => b.BackupType === 0 && b.StartTime! > setAt);
    assert.equal(autos.length, 4, `automatic backups in 2 days at 12 h: ${JSON.stringify(autos.map((b) => b.StartTime))}`);
    assert.ok(autos.every((b) => b.BackupDesc === "系统后台每日定时自动备份" && /(02|14):00$/.test(b.BackupName!)));
    await expectCode(db.DeleteDBBackups({ InstanceId: id, BackupIds: [autos[0].BackId!] }), "InvalidParameterValue");
  });
});

describe("accounts and passwords", () => {
  test("an account is created, its privileges changed, its password reset (the async request reaches success)", async () => {
    const db = mongo2019(server);
    const id = await hourly2019(server);
    await db.CreateAccountUser({ InstanceId: id, UserName: "reporter", Password: "Report_2024", UserDesc: "BI", AuthRole: [{ Mask: 1, NameSpace: "*" }] });
    await db.SetAccountUserPrivilege({ InstanceId: id, UserName: "reporter", AuthRole: [{ Mask: 3, NameSpace: "shop" }, { Mask: 1, NameSpace: "*" }] });
    const users = (await db.DescribeAccountUsers({ InstanceId: id })).Users!;
    assert.deepEqual(users.map((u) => u.UserName), ["mongouser", "reporter"]);
    assert.deepEqual(users[1].AuthRole, [{ Mask: 3, NameSpace: "shop" }, { Mask: 1, NameSpace: "*" }]);
    assert.equal(users[1].UserDesc, "BI");
    await expectCode(db.CreateAccountUser({ InstanceId: id, UserName: "reporter", Password: "Report_2024" }), "InvalidParameter");
    const { AsyncRequestId } = await db.ResetDBInstancePassword({ InstanceId: id, UserName: "reporter", Password: "Rotated_2025" });
    assert.equal((await db.DescribeAsyncRequestInfo({ AsyncRequestId: AsyncRequestId! })).Status, "running");
    assert.equal((await detail2019(server, id))!.InstanceStatusDesc, "修改密码中");
    await expectCode(db.ResetDBInstancePassword({ InstanceId: id, UserName: "mongouser", Password: "Another_2025" }), "InvalidParameterValue.LockFailed");
    await advance(server, 11);
    const done = await db.DescribeAsyncRequestInfo({ AsyncRequestId: AsyncRequestId! });
    assert.equal(done.Status, "success");
    assert.match(done.EndTime!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    await expectCode(db.ResetDBInstancePassword({ InstanceId: id, UserName: "nobody", Password: "Rotated_2025" }), "InvalidParameterValue.UserNotFound");
    await db.DeleteAccountUser({ InstanceId: id, UserName: "reporter", MongoUserPassword: HOURLY_2019.Password });
    assert.deepEqual((await db.DescribeAccountUsers({ InstanceId: id })).Users!.map((u) => u.UserName), ["mongouser"]);
  });
});

describe("nodes, parameters and the rest of the instance", () => {
  test("two secondary nodes added through ModifyDBInstanceSpec are listed by the node properties", async () => {
    const db = mongo2019(server);
    const id = await hourly2019(server);
    const { DealId } = await db.ModifyDBInstanceSpec({
      InstanceId: id,
      AddNodeList: [
        { Role: "SECONDARY", Zone: "ap-guangzhou-4" },
        { Role: "SECONDARY", Zone: "ap-guangzhou-6" },
      ],
    });
    assert.equal((await db.DescribeDBInstanceDeal({ DealId: DealId! })).Status, 3);
    assert.equal((await detail2019(server, id))!.SecondaryNum, 2, "not yet");
    await advance(server, 301);
    assert.equal((await detail2019(server, id))!.SecondaryNum, 4);
    const nodes = (await db.DescribeDBInstanceNodeProperty({ InstanceId: id, Roles: ["SECONDARY"] })).ReplicateSets![0].Nodes!;
    assert.deepEqual(
      nodes.map((n) => [n.NodeName, n.Zone]),
      [
        [`${id}_0-node-slave0`, "ap-guangzhou-3"],
        [`${id}_0-node-slave1`, "ap-guangzhou-3"],
        [`${id}_0-node-slave2`, "ap-guangzhou-4"],
        [`${id}_0-node-slave3`, "ap-guangzhou-6"],
      ],
    );
    const primary = (await db.DescribeDBInstanceNodeProperty({ InstanceId: id, Roles: ["PRIMARY"] })).ReplicateSets![0].Nodes!;
    assert.equal(primary.length, 1);
    // Removing one again, and a read-only node added.
    await db.ModifyDBInstanceSpec({ InstanceId: id, RemoveNodeList: [{ Role: "SECONDARY", NodeName: `${id}_0-node-slave2`, Zone: "ap-guangzhou-4" }] });
    await advance(server, 301);
    await db.ModifyDBInstanceSpec({ InstanceId: id, AddNodeList: [{ Role: "READONLY", Zone: "ap-guangzhou-3" }] });
    await advance(server, 301);
    const d = (await detail2019(server, id))!;
    assert.equal(d.SecondaryNum, 3);
    assert.equal(d.ReadonlyNodeNum, 1);
    const all = (await db.DescribeDBInstanceNodeProperty({ InstanceId: id })).ReplicateSets![0].Nodes!.map((n) => n.NodeName);
    assert.deepEqual(all, [`${id}_0-node-primary`, `${id}_0-node-slave0`, `${id}_0-node-slave1`, `${id}_0-node-slave3`, `${id}_0-node-readonly0`]);
    await expectCode(db.ModifyDBInstanceSpec({ InstanceId: id, RemoveNodeList: [{ Role: "SECONDARY", NodeName: `${id}_0-node-slave9`, Zone: "ap-guangzhou-3" }] }), "InvalidParameterValue");
  });

  test("a parameter changed is read back; a parameter template presets a new instance", async () => {
    const db = mongo2019(server);
    const { TplId } = await db.CreateDBInstanceParamTpl({ TplName: "slow-all", MongoVersion: "MONGO_44_WT", ClusterType: "REPLSET", Params: [{ Key: "operationProfiling.mode", Value: "all" }] });
    const id = await hourly2019(server, { ParamTemplateId: TplId });
    const read = async (name: string) => {
      const p = await db.DescribeInstanceParams({ InstanceId: id });
      return [...p.InstanceEnumParam!, ...p.InstanceIntegerParam!, ...p.InstanceMultiParam!].find((x) => x.ParamName === name)!.CurrentValue;
    };
    assert.equal(await read("operationProfiling.mode"), "all");
    const r = await db.ModifyInstanceParams({ InstanceId: id, InstanceParams: [{ Key: "operationProfiling.slowOpThresholdMs", Value: "250" }] });
    assert.equal(r.Changed, true);
    assert.equal(await read("operationProfiling.slowOpThresholdMs"), "250");
    await expectCode(db.ModifyInstanceParams({ InstanceId: id, InstanceParams: [{ Key: "operationProfiling.slowOpThresholdMs", Value: "fast" }] }), "InvalidParameterValue.ModifyMongodbParams");
    await expectCode(db.ModifyInstanceParams({ InstanceId: id, InstanceParams: [{ Key: "no.such.param", Value: "1" }] }), "InvalidParameter.ModifyMongodbParams");
  });

  test("transparent data encryption with a tclocal KMS key binds the key; SSL, maintenance window and security groups", async () => {
    const db = mongo2019(server);
    const kms = sdk("kms", server);
    const id = await hourly2019(server);
    const { KeyId } = await kms.CreateKey({ Alias: "mongo-data" });
    await kms.DisableKey({ KeyId: KeyId! });
    await expectCode(db.EnableTransparentDataEncryption({ InstanceId: id, KmsRegion: "ap-guangzhou", KeyId: KeyId! }), "InvalidParameterValue");
    await kms.EnableKey({ KeyId: KeyId! });
    await db.EnableTransparentDataEncryption({ InstanceId: id, KmsRegion: "ap-guangzhou", KeyId: KeyId! });
    assert.equal((await db.DescribeTransparentDataEncryptionStatus({ InstanceId: id })).TransparentDataEncryptionStatus, "close");
    await advance(server, 121);
    const tde = await db.DescribeTransparentDataEncryptionStatus({ InstanceId: id });
    assert.equal(tde.TransparentDataEncryptionStatus, "open");
    assert.equal(tde.KeyInfoList![0].KeyId, KeyId);
    // The key is bound to the instance: KMS refuses to disable it now.
    const disabled = await kms.DisableKey({ KeyId: KeyId! }).then(() => "OK", (e: { code: string }) => e.code);
    assert.notEqual(disabled, "OK");
    await expectCode(db.CreateBackupDBInstance({ InstanceId: id, BackupMethod: 1 }), "FailedOperation.TransparentDataEncryptionAlreadyOpen");

    const ssl = await db.InstanceEnableSSL({ InstanceId: id, Enable: true });
    assert.equal(ssl.Status, 1);
    await advance(server, 31);
    const view = await db.DescribeInstanceSSL({ InstanceId: id });
    assert.equal(view.Status, 1);
    const pem = await (await fetch(view.CertUrl!)).text();
    const cert = new X509Certificate(pem);
    assert.match(cert.subject, new RegExp(id));
    assert.ok(cert.verify(cert.publicKey), "self-signed");
    assert.equal(formatDateTime(Date.parse(cert.validTo)), view.ExpiredTime);
    await db.SetInstanceMaintenance({ InstanceId: id, MaintenanceStart: "02:00", MaintenanceEnd: "03:30" });
    const d = (await detail2019(server, id))!;
    assert.deepEqual([d.MaintenanceStart, d.MaintenanceEnd], ["02:00:00", "03:30:00"]);
    await expectCode(db.SetInstanceMaintenance({ InstanceId: id, MaintenanceStart: "02:00", MaintenanceEnd: "06:00" }), "InvalidParameter");
    const groups = [await testSecurityGroup(server, "web"), await testSecurityGroup(server, "ops")];
    await db.ModifyDBInstanceSecurityGroup({ InstanceId: id, SecurityGroupIds: groups });
    assert.deepEqual((await db.DescribeSecurityGroup({ InstanceId: id })).Groups!.map((g) => [g.SecurityGroupId, g.SecurityGroupName]), [[groups[0], "web"], [groups[1], "ops"]]);
  });

  test("isolation, deletion protection, offline; a read-only instance promoted", async () => {
    const db = mongo2019(server);
    const id = await hourly2019(server);
    await db.SetDBInstanceDeletionProtection({ InstanceIds: [id], EnableDeletionProtection: 1 });
    await expectCode(db.IsolateDBInstance({ InstanceId: id }), "FailedOperation.DeletionProtectionEnabled");
    await db.SetDBInstanceDeletionProtection({ InstanceIds: [id], EnableDeletionProtection: 0 });
    const ro = (await db.CreateDBInstanceHour({ ...(await hourlyRequest2019(server)), Clone: 3, Father: id })).InstanceIds![0];
    await advance(server, 601);
    assert.deepEqual((await detail2019(server, id))!.ReadonlyInstances, [{ InstanceId: ro, Region: "ap-guangzhou" }]);
    assert.equal((await db.DescribeDBInstances({ InstanceType: 3 })).InstanceDetails!.map((i) => i.InstanceId).includes(ro), true);
    await db.PromoteDBInstanceToActive({ InstanceId: ro, MasterId: id });
    await advance(server, 121);
    assert.equal((await detail2019(server, ro))!.InstanceType, 1);
    assert.deepEqual((await detail2019(server, id))!.ReadonlyInstances, []);

    await expectCode(db.OfflineIsolatedDBInstance({ InstanceId: id }), "InvalidParameterValue.IllegalStatusToOffline");
    const { AsyncRequestId } = await db.IsolateDBInstance({ InstanceId: id });
    await expectCode(db.IsolateDBInstance({ InstanceId: id }), "InvalidParameterValue.LockFailed");
    await advance(server, 61);
    assert.equal((await db.DescribeAsyncRequestInfo({ AsyncRequestId: AsyncRequestId! })).Status, "success");
    assert.equal((await detail2019(server, id))!.Status, -3);
    await expectCode(db.IsolateDBInstance({ InstanceId: id }), "InvalidParameterValue.InstanceHasBeenIsolated");
    // Left alone, the recycle bin keeps it 3 days; OfflineIsolatedDBInstance deletes it at once.
    const offline = await db.OfflineIsolatedDBInstance({ InstanceId: id });
    await advance(server, 61);
    assert.equal((await db.DescribeAsyncRequestInfo({ AsyncRequestId: offline.AsyncRequestId! })).Status, "success");
    assert.equal((await db.DescribeDBInstances({ InstanceIds: [id] })).TotalCount, 0);
    await expectCode(db.IsolateDBInstance({ InstanceId: id }), "InvalidParameterValue.InstanceHasBeenDeleted");
  });
});
