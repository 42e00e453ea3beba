import type { MongodbActions } from "../../generated/models/mongodb";
import type { ActionContext } from "../../platform/service";
import { defineService } from "../../platform/definition";
import { takeDueBackups } from "./backups";
import { REGIONS } from "./catalogue";
import { mongodbControlRoutes } from "./control";
import { renewDueInstances } from "./renewal";
import { mongodbResourceTags } from "./resource-tags";
import { handlers20180408 } from "./v20180408";
import { createAccountUser, deleteAccountUser, describeAccountUsers, resetDBInstancePassword, setAccountUserPrivilege } from "./v20190725/accounts";
import { closeAuditService, createAuditLogFile, deleteAuditLogFile, describeAuditConfig, describeAuditInstanceList, describeAuditLogFiles, describeAuditLogs, modifyAuditService, openAuditService } from "./v20190725/audit";
import { createBackupDBInstance, createBackupDownloadTask, deleteDBBackups, describeBackupDownloadTask, describeBackupRules, describeDBBackups, flashBackDBInstance, modifyBackupExpireTime, restoreDBInstance, setBackupRules } from "./v20190725/backups";
import { describeDBInstanceURL, describeSRVConnectionDomain, describeSecurityGroup, disableSRVConnectionUrl, enableSRVConnectionUrl, enableWanService, flushInstanceRouterConfig, modifyDBInstanceNetworkAddress, modifyDBInstanceSecurityGroup, modifySRVConnectionUrl } from "./v20190725/connectivity";
import { createDBInstance, createDBInstanceHour } from "./v20190725/create";
import { createLogDownloadTask, createSlowLogPatternDownloadTask, deleteLogDownloadTask, describeLogDownloadTasks } from "./v20190725/downloads";
import { describeInstanceSSL, describePasswordRotation, describeTransparentDataEncryptionStatus, enablePasswordRotation, enableTransparentDataEncryption, instanceEnableSSL } from "./v20190725/encryption";
import { assignProject, describeAsyncRequestInfo, describeDBInstanceDeal, describeDBInstances, describeSpecInfo, renameInstance, setDBInstanceDeletionProtection, setInstanceMaintenance } from "./v20190725/instances";
import { inquirePriceRenewDBInstances, isolateDBInstance, offlineIsolatedDBInstance, promoteDBInstanceToActive, renewDBInstances, terminateDBInstances } from "./v20190725/lifecycle";
import { describeDBInstanceLogToCLS, increaseDBInstanceConnectionLimit, inquirePriceCreateDBInstances, modifyDBInstanceLogToCLS } from "./v20190725/misc";
import { describeClientConnections, describeCurrentOp, describeDBInstanceNamespace, describeDetailedSlowLogs, describeMongodbLogs, describeSlowLogPatterns, describeSlowLogs, killOps } from "./v20190725/monitoring";
import { releaseDueVips } from "./addresses";
import { describeDBInstanceNodeProperty, restartNodes } from "./v20190725/nodes";
import { createDBInstanceParamTpl, describeDBInstanceParamTpl, describeDBInstanceParamTplDetail, describeInstanceParams, dropDBInstanceParamTpl, modifyDBInstanceParamTpl, modifyInstanceParams } from "./v20190725/params";
import { inquirePriceModifyDBInstanceSpec, modifyDBInstanceSpec, modifyInstanceAz, scaleDownDBInstanceCpu, scaleUpDBInstanceCpu, upgradeDBInstanceKernelVersion, upgradeDbInstanceVersion } from "./v20190725/spec";

/** What the clock made due: renewals and hourly billing, automatic backups, VPC addresses to give back. */
async function reconcile(ctx: ActionContext<"mongodb">): Promise<void> {
  await renewDueInstances(ctx);
  await takeDueBackups(ctx);
  await releaseDueVips(ctx);
}

/**
 * TencentDB for MongoDB: 2019-07-25 (every action of the pinned SDK) and 2018-04-08, one product over one
 * instance model (see docs/services/mongodb.md).
 */
export const mongodb = defineService<"mongodb", MongodbActions>({
  name: "mongodb",
  regions: REGIONS,
  handlers: {
    AssignProject: assignProject,
    CloseAuditService: closeAuditService,
    CreateAccountUser: createAccountUser,
    CreateAuditLogFile: createAuditLogFile,
    CreateBackupDBInstance: createBackupDBInstance,
    CreateBackupDownloadTask: createBackupDownloadTask,
    CreateDBInstance: createDBInstance,
    CreateDBInstanceHour: createDBInstanceHour,
    CreateDBInstanceParamTpl: createDBInstanceParamTpl,
    CreateLogDownloadTask: createLogDownloadTask,
    CreateSlowLogPatternDownloadTask: createSlowLogPatternDownloadTask,
    DeleteAccountUser: deleteAccountUser,
    DeleteAuditLogFile: deleteAuditLogFile,
    DeleteDBBackups: deleteDBBackups,
    DeleteLogDownloadTask: deleteLogDownloadTask,
    DescribeAccountUsers: describeAccountUsers,
    DescribeAsyncRequestInfo: describeAsyncRequestInfo,
    DescribeAuditConfig: describeAuditConfig,
    DescribeAuditInstanceList: describeAuditInstanceList,
    DescribeAuditLogFiles: describeAuditLogFiles,
    DescribeAuditLogs: describeAuditLogs,
    DescribeBackupDownloadTask: describeBackupDownloadTask,
    DescribeBackupRules: describeBackupRules,
    DescribeClientConnections: describeClientConnections,
    DescribeCurrentOp: describeCurrentOp,
    DescribeDBBackups: describeDBBackups,
    DescribeDBInstanceDeal: describeDBInstanceDeal,
    DescribeDBInstanceLogToCLS: describeDBInstanceLogToCLS,
    DescribeDBInstanceNamespace: describeDBInstanceNamespace,
    DescribeDBInstanceNodeProperty: describeDBInstanceNodeProperty,
    DescribeDBInstanceParamTpl: describeDBInstanceParamTpl,
    DescribeDBInstanceParamTplDetail: describeDBInstanceParamTplDetail,
    DescribeDBInstanceURL: describeDBInstanceURL,
    DescribeDBInstances: describeDBInstances,
    DescribeDetailedSlowLogs: describeDetailedSlowLogs,
    DescribeInstanceParams: describeInstanceParams,
    DescribeInstanceSSL: describeInstanceSSL,
    DescribeLogDownloadTasks: describeLogDownloadTasks,
    DescribeMongodbLogs: describeMongodbLogs,
    DescribePasswordRotation: describePasswordRotation,
    DescribeSRVConnectionDomain: describeSRVConnectionDomain,
    DescribeSecurityGroup: describeSecurityGroup,
    DescribeSlowLogPatterns: describeSlowLogPatterns,
    DescribeSlowLogs: describeSlowLogs,
    DescribeSpecInfo: describeSpecInfo,
    DescribeTransparentDataEncryptionStatus: describeTransparentDataEncryptionStatus,
    DisableSRVConnectionUrl: disableSRVConnectionUrl,
    DropDBInstanceParamTpl: dropDBInstanceParamTpl,
    EnablePasswordRotation: enablePasswordRotation,
    EnableSRVConnectionUrl: enableSRVConnectionUrl,
    EnableTransparentDataEncryption: enableTransparentDataEncryption,
    EnableWanService: enableWanService,
    FlashBackDBInstance: flashBackDBInstance,
    FlushInstanceRouterConfig: flushInstanceRouterConfig,
    IncreaseDBInstanceConnectionLimit: increaseDBInstanceConnectionLimit,
    InquirePriceCreateDBInstances: inquirePriceCreateDBInstances,
    InquirePriceModifyDBInstanceSpec: inquirePriceModifyDBInstanceSpec,
    InquirePriceRenewDBInstances: inquirePriceRenewDBInstances,
    InstanceEnableSSL: instanceEnableSSL,
    IsolateDBInstance: isolateDBInstance,
    KillOps: killOps,
    ModifyAuditService: modifyAuditService,
    ModifyBackupExpireTime: modifyBackupExpireTime,
    ModifyDBInstanceLogToCLS: modifyDBInstanceLogToCLS,
    ModifyDBInstanceNetworkAddress: modifyDBInstanceNetworkAddress,
    ModifyDBInstanceParamTpl: modifyDBInstanceParamTpl,
    ModifyDBInstanceSecurityGroup: modifyDBInstanceSecurityGroup,
    ModifyDBInstanceSpec: modifyDBInstanceSpec,
    ModifyInstanceAz: modifyInstanceAz,
    ModifyInstanceParams: modifyInstanceParams,
    ModifySRVConnectionUrl: modifySRVConnectionUrl,
    OfflineIsolatedDBInstance: offlineIsolatedDBInstance,
    OpenAuditService: openAuditService,
    PromoteDBInstanceToActive: promoteDBInstanceToActive,
    RenameInstance: renameInstance,
    RenewDBInstances: renewDBInstances,
    ResetDBInstancePassword: resetDBInstancePassword,
    RestartNodes: restartNodes,
    RestoreDBInstance: restoreDBInstance,
    ScaleDownDBInstanceCpu: scaleDownDBInstanceCpu,
    ScaleUpDBInstanceCpu: scaleUpDBInstanceCpu,
    SetAccountUserPrivilege: setAccountUserPrivilege,
    SetBackupRules: setBackupRules,
    SetDBInstanceDeletionProtection: setDBInstanceDeletionProtection,
    SetInstanceMaintenance: setInstanceMaintenance,
    TerminateDBInstances: terminateDBInstances,
    UpgradeDBInstanceKernelVersion: upgradeDBInstanceKernelVersion,
    UpgradeDbInstanceVersion: upgradeDbInstanceVersion,
  },
  olderVersions: { "2018-04-08": handlers20180408 },
  resourceMembers: { InstanceId: "instance", InstanceIds: "instance", MasterId: "instance", Father: "instance", TargetInstanceId: "instance" },
  // qcs:resource_tag: an instance's Tags (either API version), when a policy tests them.
  resourceTags: mongodbResourceTags,
  reconcile,
  controlRoutes: mongodbControlRoutes,
});
