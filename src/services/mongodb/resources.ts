import { formatDateTime } from "../../platform/clock";
import { resourceKind, type ResourceKind } from "../../platform/resource-kind";
import { instances, isListed, phaseOf, settle, type MongoInstance } from "./instance";
import { detail } from "./v20180408/describe";
import { relationsOf } from "./view";

const listed = (inst: MongoInstance, now: number) => {
  const settled = settle(inst, now);
  return isListed(phaseOf(settled, now), settled);
};

/** MongoDB in the console and `GET /_tclocal/resources/mongodb/…`: instances as DescribeDBInstances lists them, and their running tasks. */
export const mongodbResources: readonly ResourceKind[] = [
  resourceKind<"mongodb", MongoInstance>({
    kind: "instances",
    title: "Instances",
    describedBy: "DescribeDBInstances InstanceDetails",
    columns: [
      { field: "InstanceId" },
      { field: "InstanceName" },
      { field: "Status" },
      { field: "InstanceStatusDesc" },
      { field: "MongoVersion" },
      { field: "ClusterType" },
      { field: "Memory" },
      { field: "Volume" },
      { field: "Zone" },
      { field: "CreateTime" },
      { field: "DeadLine" },
    ],
    collection: instances,
    visible: (ctx, inst) => listed(inst, ctx.now()),
    id: (inst) => inst.InstanceId,
    // 2018-04-08's answer (the console's tests compare with the 2018 client); its read-only, DR and clone lists
    // come from the account's other instances, loaded once per request.
    presenter: async (ctx) => {
      const now = ctx.now();
      const all = (await instances(ctx).all()).map((s) => settle(s, now));
      return (stored) => {
        const inst = settle(stored, now);
        return detail(inst, phaseOf(inst, now), relationsOf(inst, all));
      };
    },
  }),
  resourceKind<"mongodb", MongoInstance>({
    kind: "tasks",
    title: "Tasks",
    // No action lists an instance's task; 2019-07-25's DescribeAsyncRequestInfo answers one by its id.
    describedBy: "none: the instance's running task as tclocal keeps it (DescribeAsyncRequestInfo answers it by id)",
    columns: [{ field: "InstanceId" }, { field: "TaskId" }, { field: "Kind" }, { field: "StartTime" }, { field: "EndTime" }],
    collection: instances,
    visible: (ctx, inst) => settle(inst, ctx.now()).task !== null,
    id: (inst) => inst.InstanceId,
    presenter: (ctx) => (stored) => {
      const task = settle(stored, ctx.now()).task;
      return {
        InstanceId: stored.InstanceId,
        TaskId: task?.id ?? "",
        Kind: task?.kind ?? "",
        StartTime: task ? formatDateTime(task.startedAt) : "",
        EndTime: task ? formatDateTime(task.endsAt) : "",
      };
    },
  }),
];
