import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { errorCatalog } from "../../src/errors/catalog";
import { formatDateTime } from "../../src/platform/clock";
import { expectCode } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { advance, hourlyRequest2019, mongo2019, PREPAID_2019 } from "./fixtures2019";
import { subnetIn, testSecurityGroup } from "./networks";

/**
 * Every code MongoDB 2019-07-25 produces naturally, each from a realistic call (the exact code, and nothing
 * changed where the call is refused). The codes only fault injection produces are in docs/services/mongodb.md.
 */

let server: TestServer;
let id: string; // a running pay-as-you-go replica set
let prepaid: string;
let shard: string;
let creating: string;
/** HOURLY_2019 in the account's test VPC. */
let H: Awaited<ReturnType<typeof hourlyRequest2019>>;
const db = () => mongo2019(server);
const seed = (target: string, route: string, body: object) => server.control("POST", `/mongodb/${target}/${route}`, { region: "ap-guangzhou", ...body });
const window = async (hoursBack = 1, hoursAhead = 0.1) => {
  const now = (await server.control("GET", "/clock")).now * 1000;
  return { StartTime: formatDateTime(now - hoursBack * 3600_000), EndTime: formatDateTime(now + hoursAhead * 3600_000) };
};

before(async () => {
  server = await startTclocal();
  H = await hourlyRequest2019(server);
  id = (await db().CreateDBInstanceHour({ ...H })).InstanceIds![0];
  prepaid = (await db().CreateDBInstance({ ...PREPAID_2019 })).InstanceIds![0];
  shard = (await db().CreateDBInstanceHour({ ...H, ClusterType: "SHARD", ReplicateSetNum: 2, MongosCpu: 2, MongosMemory: 4, MongosNodeNum: 3 })).InstanceIds![0];
  await advance(server, 901);
  creating = (await db().CreateDBInstanceHour({ ...H })).InstanceIds![0];
});
after(() => server.stop());

type Case = [code: string, why: string, call: () => Promise<unknown>];

const cases: Case[] = [
  ["InvalidParameter", "CreateAccountUser with a reserved name", () => db().CreateAccountUser({ InstanceId: id, UserName: "mongouser", Password: "Passw0rd_1" })],
  ["InvalidParameter.InvalidParameter", "RestoreDBInstance to a time no backup covers", async () => db().RestoreDBInstance({ InstanceId: id, RestoreTime: (await window(48)).StartTime, Databases: [{ Db: "shop", Collections: [{ OldCollection: "a", NewCollection: "b" }] }] })],
  ["InvalidParameter.ZoneClosed", "ModifyDBInstanceSpec adding a node in a sold-out zone", () => db().ModifyDBInstanceSpec({ InstanceId: id, AddNodeList: [{ Role: "SECONDARY", Zone: "ap-guangzhou-2" }] })],
  ["InvalidParameterValue.ZoneClosed", "CreateDBInstanceHour in a sold-out zone", () => db().CreateDBInstanceHour({ ...H, Zone: "ap-guangzhou-1" })],
  ["InvalidParameterValue.ZoneError", "CreateDBInstanceHour in a zone that does not exist", () => db().CreateDBInstanceHour({ ...H, Zone: "ap-guangzhou-99" })],
  ["InvalidParameterValue.RegionError", "DescribeSpecInfo of another region's zone", () => db().DescribeSpecInfo({ Zone: "ap-shanghai-2" })],
  ["InvalidParameterValue.ClusterTypeError", "ClusterType CLUSTER", () => db().CreateDBInstanceHour({ ...H, ClusterType: "CLUSTER" })],
  ["InvalidParameterValue.ReplicaSetNumError", "a replica set with 2 replica sets", () => db().CreateDBInstanceHour({ ...H, ReplicateSetNum: 2 })],
  ["InvalidParameterValue.SecondaryNumError", "NodeNum 2", () => db().CreateDBInstance({ ...PREPAID_2019, NodeNum: 2 })],
  ["InvalidParameterValue.MongoVersionError", "MongoVersion MONGO_99_WT", () => db().CreateDBInstanceHour({ ...H, MongoVersion: "MONGO_99_WT" })],
  ["UnsupportedOperation.VersionNotSupport", "MongoDB 3.6 is no longer sold", () => db().CreateDBInstanceHour({ ...H, MongoVersion: "MONGO_36_WT" })],
  ["InvalidParameterValue.MachineTypeError", "MachineCode SSD", () => db().CreateDBInstanceHour({ ...H, MachineCode: "SSD" })],
  ["InvalidParameterValue.SpecNotOnSale", "3 cores with 4 GB", () => db().CreateDBInstanceHour({ ...H, CpuCore: 3 })],
  ["InvalidParameterValue.PasswordRuleFailed", "a password of digits only", () => db().CreateDBInstanceHour({ ...H, Password: "12345678" })],
  ["InvalidParameterValue.IllegalInstanceName", "RenameInstance with a space and a !", () => db().RenameInstance({ InstanceId: id, NewName: "bad name!" })],
  ["InvalidParameterValue.ProjectNotFound", "AssignProject to a project that does not exist", () => db().AssignProject({ InstanceIds: [id], ProjectId: 4242 })],
  ["InvalidParameterValue.VpcIdOrSubnetIdNotFound", "a VpcId without its SubnetId", () => db().CreateDBInstanceHour({ ...H, VpcId: "vpc-0akbol5v", SubnetId: undefined })],
  ["InvalidParameterValue.VpcIdOrSubnetIdNotFound", "an existing VpcId without its SubnetId", () => db().CreateDBInstanceHour({ ...H, SubnetId: undefined })],
  ["InvalidParameterValue.NotFoundInstance", "an instance id that does not exist", () => db().DescribeBackupRules({ InstanceId: "cmgo-00000000" }).then(() => db().CreateBackupDBInstance({ InstanceId: "cmgo-00000000", BackupMethod: 0 }))],
  ["InvalidParameterValue.InvalidTradeOperation", "RenewDBInstances of a pay-as-you-go instance", () => db().RenewDBInstances({ InstanceIds: [id], InstanceChargePrepaid: { Period: 1 } })],
  ["InvalidParameterValue.PrePaidInstanceUnableToIsolate", "IsolateDBInstance of a prepaid instance", () => db().IsolateDBInstance({ InstanceId: prepaid })],
  ["InvalidParameterValue.IllegalStatusToOffline", "OfflineIsolatedDBInstance of a running instance", () => db().OfflineIsolatedDBInstance({ InstanceId: id })],
  ["InvalidParameterValue.StatusAbnormal", "CreateBackupDBInstance while the instance is being created", () => db().CreateBackupDBInstance({ InstanceId: creating, BackupMethod: 0 })],
  ["InvalidParameterValue.ModifyModeError", "memory up, disk down", () => db().ModifyDBInstanceSpec({ InstanceId: id, Memory: 8, Volume: 50 })],
  ["InvalidParameterValue.OplogSizeOutOfRange", "an oplog of 95% of the disk", () => db().ModifyDBInstanceSpec({ InstanceId: id, Memory: 8, Volume: 100, OplogSize: 95 })],
  ["InvalidParameterValue.IllegalInstanceStatus", "DescribeDBInstances with Status 5", () => db().DescribeDBInstances({ Status: [5] })],
  ["InvalidParameterValue.LimitParaOutOfRange", "DescribeDBInstances with Limit 101", () => db().DescribeDBInstances({ Limit: 101 })],
  ["InvalidParameterValue.OffsetParaOutOfRange", "DescribeSlowLogs with Offset 10001", async () => db().DescribeSlowLogs({ InstanceId: id, ...(await window()), SlowMS: 100, Offset: 10001 })],
  ["InvalidParameterValue.TimeFormatErr", "DescribeMongodbLogs with a date without time", () => db().DescribeMongodbLogs({ InstanceId: id, StartTime: "2026-01-01", EndTime: "2026-01-02 00:00:00" })],
  ["InvalidParameterValue.StartTimeNotBeforeThanEndTime", "StartTime after EndTime", async () => {
    const w = await window();
    return db().DescribeSlowLogs({ InstanceId: id, StartTime: w.EndTime, EndTime: w.StartTime, SlowMS: 100 });
  }],
  ["InvalidParameterValue.QueryTimeOutOfRange", "slow logs of 8 days ago", async () => db().DescribeSlowLogs({ InstanceId: id, ...(await window(8 * 24, -7.9 * 24)), SlowMS: 100 })],
  ["InvalidParameterValue.QueryTimeRangeBeyondLimit", "a 25-hour window", async () => db().DescribeSlowLogPatterns({ InstanceId: id, ...(await window(25)), SlowMS: 100 })],
  ["InvalidParameterValue.SlowMSBelowLimit", "SlowMS 50", async () => db().DescribeSlowLogs({ InstanceId: id, ...(await window()), SlowMS: 50 })],
  ["InvalidParameterValue.ReplicaNotFound", "DescribeCurrentOp of a shard that does not exist", () => db().DescribeCurrentOp({ InstanceId: id, ReplicaSetName: `${id}_7` })],
  ["InvalidParameterValue.QueryOutOfRange", "DescribeCurrentOp with Offset 20000", () => db().DescribeCurrentOp({ InstanceId: id, Offset: 20000 })],
  ["InvalidParameterValue.NodeNotFoundInReplica", "KillOps on a node of another shard", () => db().KillOps({ InstanceId: id, Operations: [{ ReplicaSetName: `${id}_0`, NodeName: `${id}_1-node-primary`, OpId: 1 }] })],
  ["FailedOperation", "KillOps of an operation that is not running", () => db().KillOps({ InstanceId: id, Operations: [{ ReplicaSetName: `${id}_0`, NodeName: `${id}_0-node-primary`, OpId: 99 }] })],
  ["InvalidParameterValue.BackupFileNotFound", "CreateBackupDownloadTask of a backup that does not exist", () => db().CreateBackupDownloadTask({ InstanceId: id, BackupName: "nope", BackupSets: [{ ReplicaSetId: `${id}_0` }] })],
  ["InvalidParameterValue.ModifyMongodbParams", "a parameter value out of range", () => db().ModifyInstanceParams({ InstanceId: id, InstanceParams: [{ Key: "setParameter.transactionLifetimeLimitSeconds", Value: "0" }] })],
  ["InvalidParameter.ModifyMongodbParams", "a parameter that does not exist", () => db().ModifyInstanceParams({ InstanceId: id, InstanceParams: [{ Key: "storage.engine", Value: "rocksdb" }] })],
  ["InvalidParameterValue.SecurityGroupId", "a security group id of the wrong form", () => db().ModifyDBInstanceSecurityGroup({ InstanceId: id, SecurityGroupIds: ["group-1"] })],
  ["InvalidParameterValue.SecurityGroupId", "a well-formed security group VPC does not have", () => db().ModifyDBInstanceSecurityGroup({ InstanceId: id, SecurityGroupIds: ["sg-00000000"] })],
  ["InvalidParameterValue.SecurityLevelNotAllowOpenWanService", "EnableWanService without a security group", () => db().EnableWanService({ InstanceId: id, LoadBalancerId: "lb-0rtmefj6", NodeList: [{ VipVport: "10.0.0.1:27017", ListenerPort: "30001" }] })],
  ["InvalidParameter.InvalidVip", "ModifyDBInstanceNetworkAddress naming an address that is not the instance's", () => db().ModifyDBInstanceNetworkAddress({ InstanceId: id, OldIpExpiredTime: 0, NewUniqVpcId: H.VpcId, NewUniqSubnetId: H.SubnetId, NetworkAddresses: [{ OldIpAddress: "1.2.3.4", NewIPAddress: "10.0.3.9" }] })],
  ["InvalidParameterValue.UserNotFound", "DeleteAccountUser of an account that does not exist", () => db().DeleteAccountUser({ InstanceId: id, UserName: "ghost" })],
  ["InternalError.PasswordError", "CreateAccountUser with a wrong mongouser password", () => db().CreateAccountUser({ InstanceId: id, UserName: "app", Password: "App_pass1", MongoUserPassword: "Wr0ng_pass" })],
  ["FailedOperation.FlashbackByKeyNotOpen", "FlashBackDBInstance before the beta is opened", async () => db().FlashBackDBInstance({ InstanceId: id, TargetFlashbackTime: (await window()).StartTime, TargetDatabases: [{ DBName: "shop", Collections: [{ CollectionName: "a", TargetResultCollectionName: "b", FilterKey: "_id" }] }] })],
  ["OperationDenied.ResourceNotFundError", "DescribeAuditConfig before audit is opened", () => db().DescribeAuditConfig({ InstanceId: id })],
  ["FailedOperation.AuditConfigNotExist", "ModifyAuditService before audit is opened", () => db().ModifyAuditService({ InstanceId: id, LogExpireDay: 30 })],
  ["InvalidParameter.ExceptionParam", "OpenAuditService with a retention of 10 days", () => db().OpenAuditService({ InstanceId: id, LogExpireDay: 10 })],
  ["InvalidParameter.InvalidParameterError", "rule auditing without rules", () => db().OpenAuditService({ InstanceId: id, LogExpireDay: 30, AuditAll: false })],
  ["OperationDenied.UnsupportOpenAuditError", "OpenAuditService while the instance is being created", () => db().OpenAuditService({ InstanceId: creating, LogExpireDay: 30 })],
  ["InvalidParameterValue.DataConvertError", "DescribeAuditLogs with a malformed time", () => db().DescribeAuditLogs({ InstanceId: shard, StartTime: "yesterday", EndTime: "today" })],
  ["UnsupportedOperation", "transparent data encryption on MongoDB 4.2", () => db().EnableTransparentDataEncryption({ InstanceId: prepaid, KmsRegion: "ap-guangzhou" })],
  ["InvalidParameterValue", "a flush of router config on a replica set", () => db().FlushInstanceRouterConfig({ InstanceId: id })],
];

describe("2019-07-25 codes produced naturally", () => {
  before(async () => {
    // Audit open on the sharded cluster, so its malformed queries reach the time checks.
    await db().OpenAuditService({ InstanceId: shard, LogExpireDay: 30 });
    await advance(server, 31);
  });
  for (const [code, why, call] of cases) {
    test(`${code}: ${why}`, async () => {
      assert.ok(code in errorCatalog.mongodb, `${code} is in the catalog`);
      await expectCode(call(), code);
    });
  }

  test("InvalidParameterValue.LockFailed, InstanceHasBeenIsolated, InstanceHasBeenDeleted, DeletionProtectionEnabled, OperationNotAllowedInInstanceLocking, AuditPolicyExistError, AuditTaskConflictError", async () => {
    const victim = (await db().CreateDBInstanceHour({ ...H })).InstanceIds![0];
    await advance(server, 601);
    await db().OpenAuditService({ InstanceId: victim, LogExpireDay: 30 });
    await expectCode(db().OpenAuditService({ InstanceId: victim, LogExpireDay: 30 }), "OperationDenied.AuditPolicyExistError");
    await expectCode(db().CloseAuditService({ InstanceId: victim }), "OperationDenied.AuditTaskConflictError");
    await db().RestartNodes({ InstanceId: victim, NodeIds: [`${victim}_0-node-primary`] });
    await expectCode(db().RestartNodes({ InstanceId: victim, NodeIds: [`${victim}_0-node-primary`] }), "InvalidParameterValue.LockFailed");
    await expectCode(db().ModifyInstanceParams({ InstanceId: victim, InstanceParams: [{ Key: "operationProfiling.mode", Value: "off" }] }), "FailedOperation.OperationNotAllowedInInstanceLocking");
    await advance(server, 61);
    await db().SetDBInstanceDeletionProtection({ InstanceIds: [victim], EnableDeletionProtection: 1 });
    await expectCode(db().IsolateDBInstance({ InstanceId: victim }), "FailedOperation.DeletionProtectionEnabled");
    await db().SetDBInstanceDeletionProtection({ InstanceIds: [victim], EnableDeletionProtection: 0 });
    await db().IsolateDBInstance({ InstanceId: victim });
    await advance(server, 61);
    await expectCode(db().RenameInstance({ InstanceId: victim, NewName: "x" }), "InvalidParameterValue.InstanceHasBeenIsolated");
    await advance(server, 3 * 86400);
    await expectCode(db().IsolateDBInstance({ InstanceId: victim }), "InvalidParameterValue.InstanceHasBeenDeleted");
  });

  test("FailedOperation.TransparentDataEncryptionAlreadyOpen and NotAllowModifyAddrAfterOpenWanService", async () => {
    const target = (await db().CreateDBInstanceHour({ ...H, DataEncryption: "TDE", EncryptionKeySource: "auto", SecurityGroup: [await testSecurityGroup(server)] })).InstanceIds![0];
    await advance(server, 601);
    await expectCode(db().CreateBackupDBInstance({ InstanceId: target, BackupMethod: 1 }), "FailedOperation.TransparentDataEncryptionAlreadyOpen");
    const node = (await db().DescribeDBInstanceNodeProperty({ InstanceId: target })).ReplicateSets![0].Nodes![0];
    await db().EnableWanService({ InstanceId: target, LoadBalancerId: "lb-0rtmefj6", NodeList: [{ VipVport: node.Address!, ListenerPort: "30001" }] });
    await advance(server, 61);
    const other = await subnetIn(server, "ap-guangzhou-4");
    await expectCode(
      db().ModifyDBInstanceNetworkAddress({ InstanceId: target, OldIpExpiredTime: 0, NewUniqVpcId: other.VpcId, NewUniqSubnetId: other.SubnetId }),
      "FailedOperation.NotAllowModifyAddrAfterOpenWanService",
    );
  });

  test("InvalidParameter.ParametersNil and InvalidParameterValue.InvalidParameterValueError", async () => {
    await seed(id, "flashback", { open: true });
    await expectCode(db().FlashBackDBInstance({ InstanceId: id, TargetFlashbackTime: (await window()).StartTime, TargetDatabases: [] }), "InvalidParameter.ParametersNil");
    await expectCode(db().DescribeAuditLogFiles({ InstanceId: shard, Limit: 500 }), "InvalidParameterValue.InvalidParameterValueError");
  });
});

describe("a refused call changes nothing", () => {
  test("a refused spec change charges nothing and keeps the spec", async () => {
    const before = (await db().DescribeDBInstances({ InstanceIds: [prepaid] })).InstanceDetails![0];
    await expectCode(db().ModifyDBInstanceSpec({ InstanceId: prepaid, Memory: 8, Volume: 100 }), "InvalidParameterValue.ModifyModeError");
    const after = (await db().DescribeDBInstances({ InstanceIds: [prepaid] })).InstanceDetails![0];
    assert.deepEqual(after, before);
  });

  test("messages in Chinese for zh-CN", async () => {
    const e = await expectCode(mongo2019(server, { language: "zh-CN" }).IsolateDBInstance({ InstanceId: prepaid }), "InvalidParameterValue.PrePaidInstanceUnableToIsolate");
    assert.match(e.message, /预付费实例/);
  });
});
