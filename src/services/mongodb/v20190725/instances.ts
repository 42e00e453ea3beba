import { formatDateTime } from "../../../platform/clock";
import { checkZone, specInfo, ZONES } from "../catalogue";
import { instances, phaseOf, saveInstance, settle, statusOf2019, type MongoInstance } from "../instance";
import { requireNetwork } from "../network";
import { asyncStatus, dealStatus, findAsyncRequest, findDeal } from "../orders";
import { projectExists } from "../projects";
import { projectMissing } from "../purchase";
import { instanceNameProblem, uintProblem } from "../rules";
import { detail2019, relationsOf } from "../view";
import { active, bad, existing, notFound, sideRequest, type H } from "./common";

const STATUSES = [0, 1, 2, -2, -3];
const ORDER_BY = ["ProjectId", "InstanceName", "CreateTime"];

/** DescribeDBInstances with every filter of 2019-07-25; isolated instances are listed (-2 prepaid, -3 pay-as-you-go). */
export const describeDBInstances: H<"DescribeDBInstances"> = async (ctx, req) => {
  const instanceType = Number(req.InstanceType ?? 0);
  if (![0, 1, 2, 3, -1].includes(instanceType)) bad(ctx, "InstanceType", req.InstanceType, "InstanceType is 0, 1, 2, 3 or -1.");
  const clusterType = Number(req.ClusterType ?? -1);
  if (![0, 1, -1].includes(clusterType)) bad(ctx, "ClusterType", req.ClusterType, "ClusterType is 0, 1 or -1.");
  const payMode = Number(req.PayMode ?? -1);
  if (![0, 1, -1].includes(payMode)) bad(ctx, "PayMode", req.PayMode, "PayMode is 0, 1 or -1.");
  for (const s of req.Status ?? []) {
    if (!STATUSES.includes(Number(s))) {
      ctx.fail("InvalidParameterValue.IllegalInstanceStatus", {
        en: `The instance status ${s} is invalid: use 0, 1, 2, -2 or -3.`,
        zh: `非法的实例状态 ${s}：取值为 0（待初始化）、1（流程处理中）、2（运行中）、-2（已隔离，包年包月）或 -3（已隔离，按量计费）。`,
      });
    }
  }
  await requireNetwork(ctx, { vpcId: req.VpcId, subnetId: req.SubnetId, filter: true });
  const limit = Number(req.Limit ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    ctx.fail("InvalidParameterValue.LimitParaOutOfRange", { en: `Limit ${limit} is out of range [1,100].`, zh: `limit取值范围[1,100]，当前为 ${limit}。` });
  }
  const offset = Number(req.Offset ?? 0);
  const orderBy = req.OrderBy || "CreateTime";
  if (!ORDER_BY.includes(orderBy)) bad(ctx, "OrderBy", orderBy, "OrderBy is ProjectId, InstanceName or CreateTime.");
  const orderType = (req.OrderByType || "DESC").toUpperCase();
  if (orderType !== "ASC" && orderType !== "DESC") bad(ctx, "OrderByType", req.OrderByType, "OrderByType is ASC or DESC.");

  const now = ctx.now();
  const all = (await instances(ctx).all()).map((s) => settle(s, now));
  const ids = req.InstanceIds?.length ? new Set(req.InstanceIds) : null;
  const statuses = req.Status?.length ? new Set(req.Status.map(Number)) : null;
  const projects = req.ProjectIds?.length ? new Set(req.ProjectIds.map(Number)) : null;
  const key = req.SearchKey?.trim();
  const rows = all
    .map((inst) => ({ inst, phase: phaseOf(inst, now) }))
    .filter(({ inst, phase }) => {
      if (phase === "deleted") return false;
      if (ids && !ids.has(inst.InstanceId)) return false;
      const type = inst.instanceType ?? 1;
      if (instanceType > 0 && type !== instanceType) return false;
      if (instanceType === -1 && type === 2) return false;
      if (clusterType !== -1 && inst.clusterType !== clusterType) return false;
      if (payMode !== -1 && inst.payMode !== payMode) return false;
      if (statuses && !statuses.has(statusOf2019(phase, inst).status)) return false;
      if (req.VpcId && inst.vpcId !== req.VpcId) return false;
      if (req.SubnetId && inst.subnetId !== req.SubnetId) return false;
      if (projects && !projects.has(inst.projectId)) return false;
      if (key && inst.InstanceId !== key && !inst.name.includes(key) && inst.vip !== key) return false;
      for (const t of req.Tags ?? []) if (!(inst.tags ?? []).some((x) => x.TagKey === t.TagKey && x.TagValue === t.TagValue)) return false;
      return true;
    });
  const sortKey = (i: MongoInstance): string | number => (orderBy === "ProjectId" ? i.projectId : orderBy === "InstanceName" ? i.name : i.createdAt);
  const sign = orderType === "ASC" ? 1 : -1;
  rows.sort((a, b) => {
    const ka = sortKey(a.inst);
    const kb = sortKey(b.inst);
    return (ka < kb ? -1 : ka > kb ? 1 : a.inst.InstanceId.localeCompare(b.inst.InstanceId)) * sign;
  });
  for (const r of rows) ctx.touch(r.inst.InstanceId);
  return {
    TotalCount: rows.length,
    InstanceDetails: rows.slice(offset, offset + limit).map((r) => detail2019(r.inst, r.phase, relationsOf(r.inst, all))),
  };
};

/** What 2019-07-25 sells: the GE.* general types (with their CPU sizes) and the 2018 catalogue's types. */
export const describeSpecInfo: H<"DescribeSpecInfo"> = async (ctx, req) => {
  const one = (zone: string, closed: boolean) => ({ ...specInfo(ctx.region, zone, closed, "2019"), SupportMultiAZ: (ZONES[ctx.region]?.filter((z) => !z.closed).length ?? 0) >= 3 ? 1 : 0 });
  if (req.Zone !== undefined) {
    await requireNetwork(ctx, { zone: req.Zone });
    return { SpecInfoList: [one(req.Zone, !!(checkZone(ctx.region, req.Zone) as { closed?: boolean }).closed)] };
  }
  return { SpecInfoList: (ZONES[ctx.region] ?? []).filter((z) => !z.closed).map((z) => one(z.zone, false)) };
};

export const renameInstance: H<"RenameInstance"> = async (ctx, req) => {
  const { inst, phase } = await existing(ctx, req.InstanceId);
  if (phase === "isolated" || phase === "expired") {
    ctx.fail("InvalidParameterValue.InstanceHasBeenIsolated", { en: `The instance ${req.InstanceId} has been isolated.`, zh: `实例 ${req.InstanceId} 已隔离。` });
  }
  const problem = instanceNameProblem(req.NewName);
  if (problem) ctx.fail("InvalidParameterValue.IllegalInstanceName", problem);
  await saveInstance(ctx, { ...inst, name: req.NewName });
  return {};
};

export const assignProject: H<"AssignProject"> = async (ctx, req) => {
  const projectProblem = uintProblem("ProjectId", req.ProjectId);
  if (projectProblem) ctx.fail("InvalidParameter", projectProblem);
  if (!req.InstanceIds.length) ctx.fail("InvalidParameter", { en: "InstanceIds must name at least one instance.", zh: "InstanceIds 不能为空。" });
  const targets = [];
  for (const id of req.InstanceIds) {
    const found = await existing(ctx, id).catch(() => notFound(ctx, id));
    if (found.phase === "isolated" || found.phase === "expired") notFound(ctx, id);
    targets.push(found);
  }
  if (!(await projectExists(ctx, req.ProjectId))) ctx.fail("InvalidParameterValue.ProjectNotFound", projectMissing(req.ProjectId));
  for (const { inst, phase } of targets) {
    if (phase !== "running") {
      ctx.fail("InvalidParameterValue.LockFailed", {
        en: `The instance ${inst.InstanceId} is busy and cannot be locked to change its project.`,
        zh: `实例 ${inst.InstanceId} 锁定失败，当前状态不允许修改所属项目。`,
      });
    }
  }
  const FlowIds: number[] = [];
  for (const { inst } of targets) {
    await saveInstance(ctx, { ...inst, projectId: Number(req.ProjectId) });
    FlowIds.push(await sideRequest(ctx, "project", inst.InstanceId, 5));
  }
  return { FlowIds };
};

export const describeDBInstanceDeal: H<"DescribeDBInstanceDeal"> = async (ctx, req) => {
  const deal = await findDeal(ctx, req.DealId);
  if (!deal) return ctx.fail("InvalidParameter", { en: `The order ${req.DealId} does not exist.`, zh: `订单 ${req.DealId} 不存在。` });
  return {
    Status: dealStatus(deal, ctx.now()),
    OriginalPrice: deal.originalPrice,
    DiscountPrice: deal.discountPrice,
    Action: deal.action,
    InstanceId: deal.instanceIds[0] ?? "",
  };
};

export const describeAsyncRequestInfo: H<"DescribeAsyncRequestInfo"> = async (ctx, req) => {
  const r = await findAsyncRequest(ctx, req.AsyncRequestId);
  if (!r) {
    return ctx.fail("InvalidParameterValue.StatusAbnormal", {
      en: `No async request ${req.AsyncRequestId} exists in this account.`,
      zh: `异步请求 ${req.AsyncRequestId} 不存在。`,
    });
  }
  const now = ctx.now();
  const status = asyncStatus(r, now);
  return { Status: status, StartTime: formatDateTime(r.startedAt), EndTime: status === "success" ? formatDateTime(r.endsAt) : "" };
};

const HALF_HOUR = /^([01]\d|2[0-3]):(00|30)$/;

export const setInstanceMaintenance: H<"SetInstanceMaintenance"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  for (const [member, v] of [["MaintenanceStart", req.MaintenanceStart], ["MaintenanceEnd", req.MaintenanceEnd]] as const) {
    if (!HALF_HOUR.test(v)) ctx.fail("InvalidParameter", { en: `${member} \`${v}\` must be a full or half hour between 00:00 and 23:30.`, zh: `${member} \`${v}\` 须为 00:00-23:00 的整点或半点。` });
  }
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  const length = (minutes(req.MaintenanceEnd) - minutes(req.MaintenanceStart) + 1440) % 1440;
  if (length < 30 || length > 180) {
    ctx.fail("InvalidParameter", { en: "The maintenance window lasts 30 minutes to 3 hours, ending after it starts.", zh: "维护时间持续时长最小为30分钟，最大为3小时。" });
  }
  const days = req.MaintenanceDays ?? inst.maintenance.days;
  if (!/^[1-7](,[1-7])*$/.test(days)) ctx.fail("InvalidParameter", { en: `MaintenanceDays \`${days}\` lists days 1 (Monday) to 7 (Sunday), comma-separated.`, zh: "MaintenanceDays 须为 1-7 之间以逗号分隔的数字。" });
  await saveInstance(ctx, { ...inst, maintenance: { start: req.MaintenanceStart, end: req.MaintenanceEnd, days } });
  return {};
};

export const setDBInstanceDeletionProtection: H<"SetDBInstanceDeletionProtection"> = async (ctx, req) => {
  const flag = Number(req.EnableDeletionProtection);
  if (flag !== 0 && flag !== 1) ctx.fail("InvalidParameter", { en: "EnableDeletionProtection is 0 or 1.", zh: "EnableDeletionProtection 取值为 0 或 1。" });
  if (!req.InstanceIds.length) ctx.fail("InvalidParameter", { en: "InstanceIds must name at least one instance.", zh: "InstanceIds 不能为空。" });
  const targets = [];
  for (const id of req.InstanceIds) {
    const found = await existing(ctx, id);
    if (found.phase === "isolated" || found.phase === "expired") ctx.fail("InvalidParameterValue.InstanceHasBeenIsolated", { en: `The instance ${id} has been isolated.`, zh: `实例 ${id} 已隔离。` });
    targets.push(found.inst);
  }
  for (const inst of targets) await saveInstance(ctx, { ...inst, deletionProtection: flag === 1 });
  return {};
};

