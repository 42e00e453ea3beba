import { formatDateTime } from "../../platform/clock";
import { resourceKind, type ResourceKind } from "../../platform/resource-kind";
import { detail } from "./describe";
import { instances, isListed, phaseOf, settle, type MongoInstance } from "./instance";

const listed = (inst: MongoInstance, now: number) => isListed(phaseOf(settle(inst, now), now));

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
    presenter: (ctx) => (stored) => {
      const now = ctx.now();
      const inst = settle(stored, now);
      return detail(inst, phaseOf(inst, now));
    },
  }),
  resourceKind<"mongodb", MongoInstance>({
    kind: "tasks",
    title: "Tasks",
    // 2018-04-08 has no action that describes a task (DescribeAsyncRequestInfo came with 2019-07-25).
    describedBy: "none in 2018-04-08: the instance's running task as tclocal keeps it",
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
