import type { MongoDBInstanceDetail } from "tencentcloud-sdk-nodejs/tencentcloud/services/mongodb/v20180408/mongodb_models";
import type { MongodbV20180408Actions as MongodbActions } from "../../../generated/models/mongodb-v20180408";
import type { Handler } from "../../../platform/definition";
import type { InstanceDetail } from "tencentcloud-sdk-nodejs/tencentcloud/services/mongodb/v20190725/mongodb_models";
import { checkZone, specInfo, ZONES } from "../catalogue";
import { detail2019, relationsOf, type Relations } from "../view";
import { instances, isListed, phaseOf, settle, statusOf, type MongoInstance, type Phase } from "../instance";
import { requireNetwork } from "../network";
import { invalidValue } from "../rules";

type H<A extends keyof MongodbActions> = Handler<"mongodb", MongodbActions[A]>;

/** 2018-04-08's answer: 2019-07-25's without the members 2019-07-25 added; statuses as 2018-04-08 documents them. */
export function detail(inst: MongoInstance, phase: Phase, rel: Relations): MongoDBInstanceDetail {
  const full: Partial<InstanceDetail> = detail2019(inst, phase, rel, "2018");
  for (const k of ONLY_2019) delete full[k];
  return full as MongoDBInstanceDetail;
}

const ONLY_2019 = [
  "ZoneList",
  "MongosNodeNum",
  "MongosMemory",
  "MongosCpuNum",
  "ConfigServerNodeNum",
  "ConfigServerMemory",
  "ConfigServerVolume",
  "ConfigServerCpuNum",
  "ReadonlyNodeNum",
] as const;

const STATUSES = [0, 1, 2, -2];
const ORDER_BY = ["ProjectId", "InstanceName", "CreateTime"] as const;

export const describeDBInstances: H<"DescribeDBInstances"> = async (ctx, req) => {
  const instanceType = req.InstanceType ?? 0;
  if (![0, 1, 2, 3, -1].includes(Number(instanceType))) ctx.fail("InvalidParameterValue", invalidValue("InstanceType", instanceType, "InstanceType is 0, 1, 2, 3 or -1."));
  const clusterType = req.ClusterType ?? -1;
  if (![0, 1, -1].includes(Number(clusterType))) ctx.fail("InvalidParameterValue", invalidValue("ClusterType", clusterType, "ClusterType is 0, 1 or -1."));
  const payMode = req.PayMode ?? -1;
  if (![0, 1, -1].includes(Number(payMode))) ctx.fail("InvalidParameterValue", invalidValue("PayMode", payMode, "PayMode is 0, 1 or -1."));
  for (const s of req.Status ?? []) {
    if (!STATUSES.includes(Number(s))) {
      ctx.fail("InvalidParameterValue.IllegalInstanceStatus", {
        en: `The instance status ${s} is invalid: use 0 (to be initialized), 1 (processing), 2 (running) or -2 (expired).`,
        zh: `非法的实例状态 ${s}：取值为 0（待初始化）、1（流程执行中）、2（有效实例）或 -2（已过期实例）。`,
      });
    }
  }
  await requireNetwork(ctx, { vpcId: req.VpcId, subnetId: req.SubnetId, filter: true });
  const limit = req.Limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    ctx.fail("InvalidParameterValue.LimitParaOutOfRange", { en: `Limit ${limit} is out of range [1,100].`, zh: `limit取值范围[1,100]，当前为 ${limit}。` });
  }
  const offset = req.Offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) ctx.fail("InvalidParameterValue", invalidValue("Offset", offset, "Offset is a non-negative integer."));
  const orderBy = req.OrderBy ?? "CreateTime";
  if (!(ORDER_BY as readonly string[]).includes(orderBy)) {
    ctx.fail("InvalidParameterValue", invalidValue("OrderBy", orderBy, "OrderBy is ProjectId, InstanceName or CreateTime."));
  }
  const orderType = (req.OrderByType || "DESC").toUpperCase();
  if (orderType !== "ASC" && orderType !== "DESC") ctx.fail("InvalidParameterValue", invalidValue("OrderByType", req.OrderByType, "OrderByType is ASC or DESC."));

  const now = ctx.now();
  const ids = req.InstanceIds?.length ? new Set(req.InstanceIds) : null;
  const statuses = req.Status?.length ? new Set(req.Status.map(Number)) : null;
  const all = (await instances(ctx).all()).map((stored) => settle(stored, now));
  const rows = all
    .map((stored) => {
      const inst = settle(stored, now);
      return { inst, phase: phaseOf(inst, now) };
    })
    .filter(({ inst, phase }) => {
      if (!isListed(phase, inst)) return false;
      if (ids && !ids.has(inst.InstanceId)) return false;
      // InstanceType 1 formal, 2 clone (临时), 3 read-only; 0 all; -1 formal, read-only and disaster recovery.
      const type = inst.instanceType ?? 1;
      const wanted = Number(instanceType);
      if (wanted > 0 && type !== wanted) return false;
      if (wanted === -1 && type === 2) return false;
      if (Number(clusterType) !== -1 && inst.clusterType !== Number(clusterType)) return false;
      if (Number(payMode) !== -1 && inst.payMode !== Number(payMode)) return false;
      if (statuses && !statuses.has(statusOf(phase, inst).status)) return false;
      if (req.VpcId && inst.vpcId !== req.VpcId) return false;
      if (req.SubnetId && inst.subnetId !== req.SubnetId) return false;
      return true;
    });
  const key = (i: MongoInstance): string | number =>
    orderBy === "ProjectId" ? i.projectId : orderBy === "InstanceName" ? i.name : i.createdAt;
  const sign = orderType === "ASC" ? 1 : -1;
  rows.sort((a, b) => {
    const ka = key(a.inst);
    const kb = key(b.inst);
    const c = ka < kb ? -1 : ka > kb ? 1 : a.inst.InstanceId.localeCompare(b.inst.InstanceId);
    return c * sign;
  });
  for (const r of rows) ctx.touch(r.inst.InstanceId);
  return {
    TotalCount: rows.length,
    InstanceDetails: rows.slice(offset, offset + limit).map((r) => detail(r.inst, r.phase, relationsOf(r.inst, all))),
  };
};

/** DescribeSpecInfo: the catalogue of one zone, or of every open zone of the region. */
export const describeSpecInfo: H<"DescribeSpecInfo"> = (ctx, req) => {
  if (req.Zone !== undefined) {
    const zone = checkZone(ctx.region, req.Zone);
    if (!zone.ok) {
      return zone.reason === "region"
        ? ctx.fail("InvalidParameterValue.RegionError", { en: `The zone ${req.Zone} is not in region ${ctx.region}.`, zh: `可用区 ${req.Zone} 不属于地域 ${ctx.region}。` })
        : ctx.fail("InvalidParameterValue.ZoneError", { en: `The zone ${req.Zone} does not exist.`, zh: `可用区 ${req.Zone} 不存在。` });
    }
    return { SpecInfoList: [specInfo(ctx.region, req.Zone, zone.closed)] };
  }
  const open = (ZONES[ctx.region] ?? []).filter((z) => !z.closed);
  return { SpecInfoList: open.map((z) => specInfo(ctx.region, z.zone, false)) };
};
