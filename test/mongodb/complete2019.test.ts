import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { versionsOf } from "../../src/generated/catalog";
import { formatDateTime } from "../../src/platform/clock";
import { assertComplete } from "../helpers/complete";
import { sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { advance, HOURLY_2019, hourlyRequest2019, mongo2019, PREPAID_2019 } from "./fixtures2019";
import { testSecurityGroup } from "./networks";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("every one of the 88 actions of 2019-07-25 answers every member of its SDK response model", async () => {
  const db = mongo2019(server);
  const answered = new Set<string>();
  const call = async <T>(action: string, p: Promise<T>): Promise<T> => {
    const r = await p;
    assertComplete("mongodb", action, r, "2019-07-25");
    answered.add(action);
    return r;
  };
  const seed = (id: string, route: string, body: object) => server.control("POST", `/mongodb/${id}/${route}`, { region: "ap-guangzhou", ...body });
  const now = async () => (await server.control("GET", "/clock")).now * 1000;

  await call("DescribeSpecInfo", db.DescribeSpecInfo({ Zone: "ap-guangzhou-3" }));
  await call("InquirePriceCreateDBInstances", db.InquirePriceCreateDBInstances({ ...HOURLY_2019, Cpu: 2, GoodsNum: 1, InstanceChargeType: "POSTPAID_BY_HOUR", Password: undefined, CpuCore: undefined } as never));
  const tpl = (await call("CreateDBInstanceParamTpl", db.CreateDBInstanceParamTpl({ TplName: "orders", MongoVersion: "MONGO_44_WT", ClusterType: "REPLSET", Params: [{ Key: "operationProfiling.mode", Value: "all" }] }))).TplId!;
  const kms = sdk("kms", server);
  const key = (await kms.CreateKey({ Alias: "mongo-tde" })).KeyId!;

  const hourly = (await call("CreateDBInstanceHour", db.CreateDBInstanceHour({ ...(await hourlyRequest2019(server)), ParamTemplateId: tpl, ReadonlyNodeNum: 1, Tags: [{ TagKey: "env", TagValue: "test" }] }))).InstanceIds![0];
  const bought = await call(
    "CreateDBInstance",
    db.CreateDBInstance({ ...PREPAID_2019, ClusterType: "SHARD", ReplicateSetNum: 2, MongosCpu: 2, MongosMemory: 4, MongosNodeNum: 3, SecurityGroup: [await testSecurityGroup(server)], MongoVersion: "MONGO_50_WT" }),
  );
  const shard = bought.InstanceIds![0];
  await call("DescribeDBInstances", db.DescribeDBInstances({})); // while creating
  await call("DescribeDBInstanceDeal", db.DescribeDBInstanceDeal({ DealId: bought.DealId! }));
  await advance(server, 901);

  await call("DescribeDBInstances", db.DescribeDBInstances({ Limit: 100, Tags: [{ TagKey: "env", TagValue: "test" }] }));
  await call("DescribeDBInstanceNodeProperty", db.DescribeDBInstanceNodeProperty({ InstanceId: shard }));
  await call("DescribeDBInstanceURL", db.DescribeDBInstanceURL({ InstanceId: hourly }));
  await call("DescribeSecurityGroup", db.DescribeSecurityGroup({ InstanceId: shard }));
  await call("DescribeInstanceParams", db.DescribeInstanceParams({ InstanceId: hourly }));
  await call("ModifyInstanceParams", db.ModifyInstanceParams({ InstanceId: hourly, InstanceParams: [{ Key: "operationProfiling.slowOpThresholdMs", Value: "200" }] }));
  await call("DescribeDBInstanceParamTpl", db.DescribeDBInstanceParamTpl({ TplIds: [tpl] }));
  await call("DescribeDBInstanceParamTplDetail", db.DescribeDBInstanceParamTplDetail({ TplId: tpl }));
  await call("ModifyDBInstanceParamTpl", db.ModifyDBInstanceParamTpl({ TplId: tpl, TplDesc: "orders service" }));
  await call("DropDBInstanceParamTpl", db.DropDBInstanceParamTpl({ TplId: tpl }));
  await call("DescribeBackupRules", db.DescribeBackupRules({ InstanceId: hourly }));
  await call("SetBackupRules", db.SetBackupRules({ InstanceId: hourly, BackupMethod: 0, BackupTime: 3 }));
  await call("SetInstanceMaintenance", db.SetInstanceMaintenance({ InstanceId: hourly, MaintenanceStart: "03:00", MaintenanceEnd: "04:00" }));
  await call("SetDBInstanceDeletionProtection", db.SetDBInstanceDeletionProtection({ InstanceIds: [shard], EnableDeletionProtection: 0 }));
  await call("RenameInstance", db.RenameInstance({ InstanceId: hourly, NewName: "orders" }));
  await call("AssignProject", db.AssignProject({ InstanceIds: [hourly], ProjectId: 0 }));
  await call("DescribeAccountUsers", db.DescribeAccountUsers({ InstanceId: hourly }));
  await call("CreateAccountUser", db.CreateAccountUser({ InstanceId: hourly, UserName: "reporter", Password: "Report_2024", MongoUserPassword: HOURLY_2019.Password, AuthRole: [{ Mask: 1, NameSpace: "*" }] }));
  await call("SetAccountUserPrivilege", db.SetAccountUserPrivilege({ InstanceId: hourly, UserName: "reporter", AuthRole: [{ Mask: 3, NameSpace: "orders" }] }));
  await call("DeleteAccountUser", db.DeleteAccountUser({ InstanceId: hourly, UserName: "reporter", MongoUserPassword: HOURLY_2019.Password }));
  await call("DescribeSRVConnectionDomain", db.DescribeSRVConnectionDomain({ InstanceId: hourly }));
  await call("EnableSRVConnectionUrl", db.EnableSRVConnectionUrl({ InstanceId: hourly }));
  await advance(server, 31);
  await call("ModifySRVConnectionUrl", db.ModifySRVConnectionUrl({ InstanceId: hourly, CustomDomain: "orders.example.com" }));
  await advance(server, 31);
  await call("DisableSRVConnectionUrl", db.DisableSRVConnectionUrl({ InstanceId: hourly }));
  await advance(server, 31);
  await call("DescribeInstanceSSL", db.DescribeInstanceSSL({ InstanceId: hourly }));
  await call("InstanceEnableSSL", db.InstanceEnableSSL({ InstanceId: hourly, Enable: true }));
  await advance(server, 31);
  await call("DescribeInstanceSSL", db.DescribeInstanceSSL({ InstanceId: hourly }));
  await call("DescribeTransparentDataEncryptionStatus", db.DescribeTransparentDataEncryptionStatus({ InstanceId: hourly }));
  await call("EnableTransparentDataEncryption", db.EnableTransparentDataEncryption({ InstanceId: hourly, KmsRegion: "ap-guangzhou", KeyId: key }));
  await advance(server, 121);
  await call("DescribeTransparentDataEncryptionStatus", db.DescribeTransparentDataEncryptionStatus({ InstanceId: hourly }));
  await call("EnablePasswordRotation", db.EnablePasswordRotation());
  await call("DescribePasswordRotation", db.DescribePasswordRotation());
  await call("IncreaseDBInstanceConnectionLimit", db.IncreaseDBInstanceConnectionLimit());

  // Data-plane facts are seeded.
  await seed(hourly, "namespaces", { databases: { shop: ["orders", "users"] } });
  await seed(hourly, "connections", { clients: [{ IP: "10.0.0.8", Count: 4 }] });
  await seed(hourly, "slowlogs", { entries: [{ durationMs: 300, ns: "shop.orders", op: "find" }] });
  await seed(hourly, "current-ops", { ops: [{ opId: 7, ns: "shop.orders", op: "query", msRunning: 5000 }] });
  await seed(hourly, "logs", { entries: [{ component: "NETWORK", level: "WARNING", detail: "connection refused" }] });
  const t = await now();
  const from = formatDateTime(t - 3600_000);
  const to = formatDateTime(t + 60_000);
  await call("DescribeDBInstanceNamespace", db.DescribeDBInstanceNamespace({ InstanceId: hourly, DbName: "shop" }));
  await call("DescribeClientConnections", db.DescribeClientConnections({ InstanceId: hourly }));
  await call("DescribeSlowLogs", db.DescribeSlowLogs({ InstanceId: hourly, StartTime: from, EndTime: to, SlowMS: 100 }));
  await call("DescribeSlowLogPatterns", db.DescribeSlowLogPatterns({ InstanceId: hourly, StartTime: from, EndTime: to, SlowMS: 100 }));
  await call("DescribeDetailedSlowLogs", db.DescribeDetailedSlowLogs({ InstanceId: hourly, StartTime: from, EndTime: to }));
  await call("DescribeCurrentOp", db.DescribeCurrentOp({ InstanceId: hourly }));
  await call("KillOps", db.KillOps({ InstanceId: hourly, Operations: [{ ReplicaSetName: `${hourly}_0`, NodeName: `${hourly}_0-node-primary`, OpId: 7 }] }));
  await call("DescribeMongodbLogs", db.DescribeMongodbLogs({ InstanceId: hourly, StartTime: from, EndTime: to }));
  await call("CreateLogDownloadTask", db.CreateLogDownloadTask({ InstanceId: hourly, StartTime: from, EndTime: to }));
  await call("CreateSlowLogPatternDownloadTask", db.CreateSlowLogPatternDownloadTask({ InstanceId: hourly, StartTime: from, EndTime: to }));
  await advance(server, 61);
  const tasks = await call("DescribeLogDownloadTasks", db.DescribeLogDownloadTasks({ InstanceId: hourly }));
  await call("DeleteLogDownloadTask", db.DeleteLogDownloadTask({ InstanceId: hourly, TaskId: tasks.Tasks![0].TaskId! }));
  await call("DescribeDBInstanceLogToCLS", db.DescribeDBInstanceLogToCLS({ InstanceId: hourly }));
  await call("ModifyDBInstanceLogToCLS", db.ModifyDBInstanceLogToCLS({ InstanceId: hourly, LogType: "MongoDB-SlowLog", Status: "ON", CreateLogset: true, Logset: "mongo", CreateLogTopic: true, LogTopic: "slow" }));

  // Audit.
  await call("OpenAuditService", db.OpenAuditService({ InstanceId: hourly, LogExpireDay: 30 }));
  await seed(hourly, "audit-logs", { entries: [{ user: "mongouser@admin", host: "10.0.0.8:5000", atype: "insert" }] });
  await advance(server, 31);
  const t2 = await now();
  const auditWindow = { StartTime: formatDateTime(t2 - 3600_000), EndTime: formatDateTime(t2 + 60_000) };
  await call("DescribeAuditConfig", db.DescribeAuditConfig({ InstanceId: hourly }));
  await call("ModifyAuditService", db.ModifyAuditService({ InstanceId: hourly, LogExpireDay: 90 }));
  await call("DescribeAuditInstanceList", db.DescribeAuditInstanceList({ AuditSwitch: 1 }));
  await call("DescribeAuditLogs", db.DescribeAuditLogs({ InstanceId: hourly, ...auditWindow }));
  const file = (await call("CreateAuditLogFile", db.CreateAuditLogFile({ InstanceId: hourly, ...auditWindow }))).FileName!;
  await advance(server, 31);
  await call("DescribeAuditLogFiles", db.DescribeAuditLogFiles({ InstanceId: hourly }));
  await call("DeleteAuditLogFile", db.DeleteAuditLogFile({ InstanceId: hourly, FileName: file }));
  await call("CloseAuditService", db.CloseAuditService({ InstanceId: hourly }));

  // Backups and restores.
  const backupRequest = (await call("CreateBackupDBInstance", db.CreateBackupDBInstance({ InstanceId: hourly, BackupMethod: 0, BackupRemark: "before" }))).AsyncRequestId!;
  await call("DescribeAsyncRequestInfo", db.DescribeAsyncRequestInfo({ AsyncRequestId: backupRequest }));
  await advance(server, 61);
  const list = await call("DescribeDBBackups", db.DescribeDBBackups({ InstanceId: hourly }));
  const backup = list.BackupList!.find((b) => b.BackupType === 1)!;
  await call("ModifyBackupExpireTime", db.ModifyBackupExpireTime({ InstanceId: hourly, BackupIds: [backup.BackId!], ExpireTime: formatDateTime((await now()) + 30 * 86400_000) }));
  await call("CreateBackupDownloadTask", db.CreateBackupDownloadTask({ InstanceId: hourly, BackupName: backup.BackupName!, BackupSets: [{ ReplicaSetId: `${hourly}_0` }] }));
  await call("DescribeBackupDownloadTask", db.DescribeBackupDownloadTask({ InstanceId: hourly }));
  await call("RestoreDBInstance", db.RestoreDBInstance({ InstanceId: hourly, RestoreTime: formatDateTime(await now()), Databases: [{ Db: "shop", Collections: [{ OldCollection: "orders", NewCollection: "orders_bak" }] }] }));
  await advance(server, 301);
  await server.control("POST", `/mongodb/${hourly}/flashback`, { region: "ap-guangzhou", open: true });
  await call(
    "FlashBackDBInstance",
    db.FlashBackDBInstance({
      InstanceId: hourly,
      TargetFlashbackTime: formatDateTime((await now()) - 60_000),
      TargetDatabases: [{ DBName: "shop", Collections: [{ CollectionName: "users", TargetResultCollectionName: "users_fb", FilterKey: "_id", KeyValues: [{ Key: "_id", Value: "1" }] }] }],
    }),
  );
  await advance(server, 301);
  await call("DeleteDBBackups", db.DeleteDBBackups({ InstanceId: hourly, BackupIds: [backup.BackId!] }));

  // Spec, nodes, network, versions.
  await call("InquirePriceModifyDBInstanceSpec", db.InquirePriceModifyDBInstanceSpec({ InstanceId: shard, Memory: 8, Volume: 300 }));
  await call("ModifyDBInstanceSpec", db.ModifyDBInstanceSpec({ InstanceId: hourly, AddNodeList: [{ Role: "SECONDARY", Zone: "ap-guangzhou-4" }] }));
  await advance(server, 301);
  await call("RestartNodes", db.RestartNodes({ InstanceId: hourly, NodeIds: [`${hourly}_0-node-slave0`] }));
  await advance(server, 61);
  await call("ScaleUpDBInstanceCpu", db.ScaleUpDBInstanceCpu({ InstanceId: hourly, ExtraCpu: 2 }));
  await advance(server, 301);
  await call("ScaleDownDBInstanceCpu", db.ScaleDownDBInstanceCpu({ InstanceId: hourly }));
  await advance(server, 301);
  await call("ModifyInstanceAz", db.ModifyInstanceAz({ InstanceId: hourly, PrimaryNodeZone: "ap-guangzhou-3", SecondaryNodeZone: ["ap-guangzhou-4", "ap-guangzhou-6"], ReadonlyNodeZone: ["ap-guangzhou-6"] }));
  await advance(server, 301);
  await call("ModifyDBInstanceSecurityGroup", db.ModifyDBInstanceSecurityGroup({ InstanceId: hourly, SecurityGroupIds: [await testSecurityGroup(server)] }));
  const vpc = sdk("vpc", server);
  const moveTo = (await vpc.CreateVpc({ VpcName: "moved", CidrBlock: "172.16.0.0/16" })).Vpc!.VpcId!;
  const moveToSubnet = (await vpc.CreateSubnet({ VpcId: moveTo, SubnetName: "moved", CidrBlock: "172.16.3.0/24", Zone: "ap-guangzhou-3" })).Subnet!.SubnetId!;
  await call("ModifyDBInstanceNetworkAddress", db.ModifyDBInstanceNetworkAddress({ InstanceId: hourly, OldIpExpiredTime: 0, NewUniqVpcId: moveTo, NewUniqSubnetId: moveToSubnet }));
  await advance(server, 61);
  const node = (await db.DescribeDBInstanceNodeProperty({ InstanceId: hourly })).ReplicateSets![0].Nodes![0];
  await call("EnableWanService", db.EnableWanService({ InstanceId: hourly, LoadBalancerId: "lb-0rtmefj6", NodeList: [{ VipVport: node.Address!, ListenerPort: "30001" }] }));
  await advance(server, 61);
  await call("UpgradeDBInstanceKernelVersion", db.UpgradeDBInstanceKernelVersion({ InstanceId: hourly }));
  await advance(server, 301);
  await call("UpgradeDbInstanceVersion", db.UpgradeDbInstanceVersion({ InstanceId: hourly, MongoVersion: "MONGO_50_WT" }));
  await advance(server, 601);
  await call("FlushInstanceRouterConfig", db.FlushInstanceRouterConfig({ InstanceId: shard }));

  // Read-only instance promoted; renewal; isolation, termination, offline.
  const ro = (await db.CreateDBInstanceHour({ ...(await hourlyRequest2019(server)), Clone: 3, Father: hourly, MongoVersion: "MONGO_50_WT" })).InstanceIds![0];
  await advance(server, 601);
  await call("PromoteDBInstanceToActive", db.PromoteDBInstanceToActive({ InstanceId: ro, MasterId: hourly }));
  await advance(server, 121);
  await call("RenewDBInstances", db.RenewDBInstances({ InstanceIds: [shard], InstanceChargePrepaid: { Period: 1, RenewFlag: "NOTIFY_AND_AUTO_RENEW" } }));
  await call("InquirePriceRenewDBInstances", db.InquirePriceRenewDBInstances({ InstanceIds: [shard], InstanceChargePrepaid: { Period: 2 } }));
  const isolation = (await call("IsolateDBInstance", db.IsolateDBInstance({ InstanceId: ro }))).AsyncRequestId!;
  await advance(server, 61);
  await call("DescribeAsyncRequestInfo", db.DescribeAsyncRequestInfo({ AsyncRequestId: isolation }));
  await call("OfflineIsolatedDBInstance", db.OfflineIsolatedDBInstance({ InstanceId: ro }));
  await call("ResetDBInstancePassword", db.ResetDBInstancePassword({ InstanceId: hourly, UserName: "mongouser", Password: "N3w_Passw0rd" }));
  await call("TerminateDBInstances", db.TerminateDBInstances({ InstanceId: shard }));
  await call("DescribeDBInstances", db.DescribeDBInstances({ Status: [-2, -3] }));

  const all = [...versionsOf("mongodb")["2019-07-25"]].sort();
  assert.deepEqual([...answered].sort(), all, "all 88 actions were called");
  assert.equal(all.length, 88);
});
