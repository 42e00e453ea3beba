import type { MongodbV20180408Actions } from "../../../generated/models/mongodb-v20180408";
import type { Handlers } from "../../../platform/definition";
import { createDBInstance, createDBInstanceHour } from "./create";
import { describeDBInstances, describeSpecInfo } from "./describe";
import { assignProject, renameInstance, setAutoRenew, setPassword, terminateDBInstance } from "./manage";
import { describeClientConnections, describeSlowLog } from "./monitoring";
import { upgradeDBInstance, upgradeDBInstanceHour } from "./upgrade";

/** MongoDB 2018-04-08: the 13 actions of the version the seed pages describe, over the shared instance model. */
export const handlers20180408: Handlers<"mongodb", MongodbV20180408Actions> = {
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
};
