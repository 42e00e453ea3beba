import { withControlContext } from "../../control/context";
import { bodyScope, check, ControlError, type ControlRequest, type ControlRoute, objectBody, ok } from "../../control/router";
import { randomChars, shortId } from "../../platform/ids";
import { chcHosts } from "./chc-hosts";
import { liveInstance } from "./instance-model";
import { repairTasks, TASK_TYPES } from "./repair-tasks";
import { zoneInfo } from "./zones";

/**
 * CVM control routes: what the cloud itself creates and the API cannot — CHC physical servers racked for the
 * customer, and maintenance tasks raised on instances.
 */
const mac = () => randomChars(12, "0123456789abcdef").replace(/(..)(?!$)/g, "$1:");

export const cvmControlRoutes: ControlRoute[] = [
  {
    method: "POST",
    path: "/cvm/chc-hosts",
    description: 'Rack a CHC physical server for an account: {"zone","region"?,"uin"?,"name"?,"deviceType"?,"cpu"?,"memory"?} → {chcId, serialNumber}.',
    handle: async (app, req) => {
      const b = objectBody(req);
      const s = bodyScope(b);
      check(typeof b.zone === "string" && zoneInfo(b.zone)?.region === s.region, `zone must be a zone of ${s.region}`);
      check(b.cpu === undefined || (Number.isInteger(b.cpu) && (b.cpu as number) > 0), "cpu must be a positive integer");
      check(b.memory === undefined || (Number.isInteger(b.memory) && (b.memory as number) > 0), "memory must be a positive integer");
      const doc = await withControlContext(app, "cvm", s, async (ctx) => {
        const id = shortId("chc");
        return chcHosts(ctx).insert(id, {
          ChcId: id, InstanceName: (b.name as string | undefined) ?? "", SerialNumber: `TC${randomChars(10, "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ")}`,
          DeviceType: (b.deviceType as string | undefined) ?? "HC20", Zone: b.zone as string, bmc: null, deploy: null, BmcUser: "admin", NetworkMode: "BUSINESS",
          CPU: (b.cpu as number | undefined) ?? 96, Memory: (b.memory as number | undefined) ?? 384, Disk: "2*960GB SSD", BmcMAC: mac(), DeployMAC: mac(),
          createdAt: ctx.now(), latest: "", Tags: [],
        });
      });
      return ok({ chcId: doc.ChcId, serialNumber: doc.SerialNumber }, 201);
    },
  },
  {
    method: "POST",
    path: "/cvm/repair-tasks",
    description: 'Raise a maintenance task on an instance, waiting for authorization: {"instanceId","region"?,"uin"?,"taskTypeId"? (101-107),"authType"? (1-8),"detail"?} → {taskId}.',
    handle: async (app, req) => {
      const b = objectBody(req);
      const s = bodyScope(b);
      check(typeof b.instanceId === "string", "instanceId is required");
      const type = (b.taskTypeId as number | undefined) ?? 101;
      check(TASK_TYPES[type] !== undefined, "taskTypeId must be 101 to 107");
      const auth = (b.authType as number | undefined) ?? 2;
      check(Number.isInteger(auth) && auth >= 1 && auth <= 8, "authType must be 1 to 8");
      const task = await withControlContext(app, "cvm", s, async (ctx) => {
        if (!(await liveInstance(ctx, b.instanceId as string))) throw new ControlError(404, `instance ${b.instanceId} does not exist`);
        const id = `rep-${randomChars(8)}`;
        return repairTasks(ctx).insert(id, { TaskId: id, InstanceId: b.instanceId as string, TaskTypeId: type, AuthType: auth, detail: (b.detail as string | undefined) ?? TASK_TYPES[type], createdAt: ctx.now(), authorizedAt: null, startAt: null });
      });
      return ok({ taskId: task.TaskId }, 201);
    },
  },
];
