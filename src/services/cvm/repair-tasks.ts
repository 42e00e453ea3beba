import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import type { ProductName } from "../../errors/catalog";
import { formatDateTime, parseDateTime } from "../../platform/clock";
import type { Req, Res } from "../../platform/definition";
import type { ActionContext } from "../../platform/service";
import { instanceNetwork } from "../vpc/for-products";
import { bt, type Ctx } from "./common";
import { liveInstance } from "./instance-model";

/**
 * Maintenance (repair) tasks on instances. The cloud raises them; in tclocal the control API does
 * (POST /_tclocal/cvm/repair-tasks). RepairTaskControl authorizes one: it is then processing (2) and ends (3)
 * ten minutes later on the emulator clock; with OrderAuthTime it is scheduled (4) until then.
 */
export interface RepairTaskDoc {
  TaskId: string;
  InstanceId: string;
  TaskTypeId: number;
  AuthType: number;
  detail: string;
  createdAt: number;
  authorizedAt: number | null;
  startAt: number | null;
}

export const repairTasks = (ctx: ActionContext<ProductName>) => ctx.as("cvm").docs<RepairTaskDoc>("repair-task");

export const TASK_TYPES: Record<number, string> = {
  101: "实例运行隐患", 102: "实例运行异常", 103: "实例硬盘异常", 104: "实例网络连接异常", 105: "实例运行预警", 106: "实例硬盘预警", 107: "实例维护升级",
};
const REPAIR_MS = 10 * 60_000;

function status(t: RepairTaskDoc, now: number): { task: number; device: number; operate: number } {
  if (t.startAt === null) return { task: 1, device: 1, operate: 1 };
  if (now < t.startAt) return { task: 4, device: 4, operate: 4 };
  if (now < t.startAt + REPAIR_MS) return { task: 2, device: 2, operate: 2 };
  return { task: 3, device: 3, operate: 3 };
}

export async function describeTaskInfo(ctx: Ctx, req: Req<m.DescribeTaskInfoRequest>): Promise<Res<m.DescribeTaskInfoResponse>> {
  if (req.Limit < 0 || req.Limit > 100 || req.Offset < 0) ctx.fail("InvalidParameterValue", "`Limit` is 0 to 100 and `Offset` at least 0.");
  if (req.Product !== undefined && !["CVM", "CDH", "CPM2.0"].includes(req.Product)) ctx.fail("InvalidParameterValue", `The product ${bt(req.Product)} is not CVM, CDH or CPM2.0.`);
  const start = req.StartDate ? parseDateTime(req.StartDate) : -Infinity;
  const end = req.EndDate ? parseDateTime(req.EndDate) : Infinity;
  if (Number.isNaN(start) || Number.isNaN(end)) ctx.fail("InvalidParameterValue", "`StartDate` and `EndDate` are `2006-01-02 15:04:05`.");
  const now = ctx.now();
  const rows: m.RepairTaskInfo[] = [];
  for (const t of await repairTasks(ctx).all()) {
    const s = status(t, now);
    const inst = await liveInstance(ctx, t.InstanceId);
    if (req.TaskStatus?.length && !req.TaskStatus.includes(s.task)) continue;
    if (req.TaskTypeIds?.length && !req.TaskTypeIds.includes(t.TaskTypeId)) continue;
    if (req.TaskIds?.length && !req.TaskIds.includes(t.TaskId)) continue;
    if (req.InstanceIds?.length && !req.InstanceIds.includes(t.InstanceId)) continue;
    if (req.Aliases?.length && !req.Aliases.includes(inst?.InstanceName ?? "")) continue;
    if (t.createdAt < start || t.createdAt > end) continue;
    const net = inst ? await instanceNetwork(ctx, t.InstanceId) : undefined;
    rows.push({
      TaskId: t.TaskId, InstanceId: t.InstanceId, Alias: inst?.InstanceName ?? (null as never), TaskTypeId: t.TaskTypeId, TaskTypeName: TASK_TYPES[t.TaskTypeId] ?? "",
      TaskStatus: s.task, DeviceStatus: s.device, OperateStatus: s.operate, CreateTime: formatDateTime(t.createdAt),
      AuthTime: t.authorizedAt !== null ? formatDateTime(t.authorizedAt) : (null as never), EndTime: s.task === 3 ? formatDateTime(t.startAt! + REPAIR_MS) : (null as never),
      TaskDetail: t.detail, Zone: inst?.Zone ?? (null as never), Region: ctx.region, VpcId: net?.VpcId ?? (null as never), VpcName: null as never,
      SubnetId: net?.SubnetId ?? (null as never), SubnetName: null as never, WanIp: net?.PublicIpAddresses[0] ?? (null as never), LanIp: net?.PrivateIpAddresses[0] ?? (null as never),
      Product: "CVM", TaskSubType: null as never, AuthType: t.AuthType, AuthSource: t.authorizedAt !== null ? "BY_USER" : "",
    });
  }
  const dir = req.Order === 1 ? -1 : 1;
  if (req.OrderField === "CreateTime") rows.sort((a, b) => a.CreateTime!.localeCompare(b.CreateTime!) * dir);
  return { TotalCount: rows.length, RepairTaskInfoSet: rows.slice(req.Offset, req.Offset + req.Limit) };
}

export async function repairTaskControl(ctx: Ctx, req: Req<m.RepairTaskControlRequest>): Promise<Res<m.RepairTaskControlResponse>> {
  if (req.Operate !== "AuthorizeRepair") ctx.fail("InvalidParameter", "`Operate` is AuthorizeRepair.");
  if (!["CVM", "CDH", "CPM2.0"].includes(req.Product)) ctx.fail("InvalidParameter", `The product ${bt(req.Product)} is not CVM, CDH or CPM2.0.`);
  const t = await repairTasks(ctx).get(req.TaskId);
  if (!t) ctx.fail("InvalidParameter", `The repair task ${bt(req.TaskId)} does not exist.`);
  if (!req.InstanceIds.includes(t.InstanceId)) ctx.fail("InvalidParameter", `The repair task ${bt(t.TaskId)} is not on the instances given.`);
  if (status(t, ctx.now()).task !== 1) ctx.fail("InvalidParameter", `The repair task ${bt(t.TaskId)} is not waiting for authorization.`);
  let startAt = ctx.now();
  if (req.OrderAuthTime) {
    const at = parseDateTime(req.OrderAuthTime);
    if (Number.isNaN(at) || at < ctx.now() + 5 * 60_000 || at > ctx.now() + 48 * 3_600_000) ctx.fail("InvalidParameter", "`OrderAuthTime` is 5 minutes to 48 hours from now.");
    startAt = at;
  }
  await repairTasks(ctx).update(t.TaskId, { ...t, authorizedAt: ctx.now(), startAt });
  ctx.touch(t.TaskId);
  return { TaskId: t.TaskId };
}
