import type { MongodbActions } from "../../generated/models/mongodb";
import { defineService } from "../../platform/definition";
import { REGIONS } from "./catalogue";
import { mongodbControlRoutes } from "./control";
import { createDBInstance, createDBInstanceHour } from "./create";
import { describeDBInstances, describeSpecInfo } from "./describe";
import { assignProject, renameInstance, setAutoRenew, setPassword, terminateDBInstance } from "./manage";
import { describeClientConnections, describeSlowLog } from "./monitoring";
import { renewDueInstances } from "./renewal";
import { upgradeDBInstance, upgradeDBInstanceHour } from "./upgrade";

/** TencentDB for MongoDB 2018-04-08: instances, their lifecycle and the spec catalogue (see docs/services/mongodb.md). */
export const mongodb = defineService<"mongodb", MongodbActions>({
  name: "mongodb",
  regions: REGIONS,
  handlers: {
    CreateDBInstance: createDBInstance,
    CreateDBInstanceHour: createDBInstanceHour,
    DescribeDBInstances: describeDBInstances,
    DescribeSpecInfo: describeSpecInfo,
    UpgradeDBInstance: upgradeDBInstance,
    UpgradeDBInstanceHour: upgradeDBInstanceHour,
    TerminateDBInstance: terminateDBInstance,
    RenameInstance: renameInstance,
    SetAutoRenew: setAutoRenew,
    SetPassword: setPassword,
    AssignProject: assignProject,
    DescribeClientConnections: describeClientConnections,
    DescribeSlowLog: describeSlowLog,
  },
  resourceMembers: { InstanceId: "instance", InstanceIds: "instance" },
  reconcile: renewDueInstances,
  controlRoutes: mongodbControlRoutes,
});
