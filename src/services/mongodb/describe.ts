import type { MongoDBInstanceDetail } from "tencentcloud-sdk-nodejs/tencentcloud/services/mongodb/v20180408/mongodb_models";
import type { MongodbActions } from "../../generated/models/mongodb";
import { formatDateTime } from "../../platform/clock";
import type { Handler } from "../../platform/definition";
import { checkZone, specInfo, tierOf, ZONES } from "./catalogue";
import { instances, isListed, phaseOf, settle, statusOf, type MongoInstance, type Phase } from "./instance";
import { invalidValue, SUBNET_ID, VPC_ID } from "./rules";

type H<A extends keyof MongodbActions> = Handler<"mongodb", MongodbActions[A]>;

const GB = 1024;

/** An instance as DescribeDBInstances answers it: sizes in MB, totals over the shards, Vip once it runs. */
export function detail(inst: MongoInstance, phase: Phase): MongoDBInstanceDetail {
  const { status, desc } = statusOf(phase);
  const shards = inst.replicaSetNum;
  const delivered = phase !== "creating";
  return {
    InstanceId: inst.InstanceId,
    InstanceName: inst.name,
    PayMode: inst.payMode,
    ProjectId: inst.projectId,
    ClusterType: inst.clusterType,
    Region: inst.region,
    Zone: inst.zone,
    NetType: inst.vpcId ? 1 : 0,
    VpcId: inst.vpcId,
    SubnetId: inst.subnetId,
    Status: status,
    Vip: delivered ? inst.vip : "",
    Vport: 27017,
    CreateTime: formatDateTime(inst.createdAt),
    DeadLine: formatDateTime(inst.deadline),
    MongoVersion: inst.version,
    Memory: inst.memoryGb * GB * shards,
    Volume: inst.volumeGb * GB * shards,
    CpuNum: (tierOf(inst.memoryGb)?.cpu ?? 0) * shards,
    MachineType: inst.machineType,
    SecondaryNum: inst.secondaryNum,
    ReplicationSetNum: shards,
    AutoRenewFlag: inst.autoRenewFlag,
    // The data plane is not emulated: no data is ever written.
    UsedVolume: 0,
    MaintenanceStart: "04:00:00",
    MaintenanceEnd: "05:00:00",
    ReplicaSets: Array.from({ length: shards }, (_, i) => {
      const id = `${inst.InstanceId}_${i}`;
      return {
        UsedVolume: 0,
        ReplicaSetId: id,
        ReplicaSetName: id,
        Memory: inst.memoryGb * GB,
        Volume: inst.volumeGb * GB,
        OplogSize: inst.oplogGb * GB,
        SecondaryNum: inst.secondaryNum,
        RealReplicaSetId: id,
      };
    }),
    ReadonlyInstances: [],
    StandbyInstances: [],
    CloneInstances: [],
    RelatedInstance: { InstanceId: "", Region: "" },
    Tags: [],
    InstanceVer: 4,
    ClusterVer: 1,
    Protocol: 1,
    InstanceType: 1,
    InstanceStatusDesc: desc,
    RealInstanceId: inst.InstanceId,
  };
}

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
  if (req.SubnetId && !req.VpcId) {
    ctx.fail("InvalidParameterValue.VpcIdOrSubnetIdNotFound", {
      en: "SubnetId must be given together with the VpcId it belongs to.",
      zh: "指定 SubnetId 时必须同时指定其所属的 VpcId。",
    });
  }
  if ((req.VpcId && !VPC_ID.test(req.VpcId)) || (req.SubnetId && !SUBNET_ID.test(req.SubnetId))) {
    ctx.fail("InvalidParameterValue.VpcIdOrSubnetIdNotFound", {
      en: `The VPC ${req.VpcId}${req.SubnetId ? ` or subnet ${req.SubnetId}` : ""} does not exist.`,
      zh: `私有网络 ${req.VpcId}${req.SubnetId ? ` 或子网 ${req.SubnetId}` : ""} 不存在。`,
    });
  }
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
  const rows = (await instances(ctx).all())
    .map((stored) => {
      const inst = settle(stored, now);
      return { inst, phase: phaseOf(inst, now) };
    })
    .filter(({ inst, phase }) => {
      if (!isListed(phase)) return false;
      if (ids && !ids.has(inst.InstanceId)) return false;
      // Every emulated instance is a formal (primary) instance: no clones, read-only or disaster-recovery ones.
      if (Number(instanceType) === 2 || Number(instanceType) === 3) return false;
      if (Number(clusterType) !== -1 && inst.clusterType !== Number(clusterType)) return false;
      if (Number(payMode) !== -1 && inst.payMode !== Number(payMode)) return false;
      if (statuses && !statuses.has(statusOf(phase).status)) return false;
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
    InstanceDetails: rows.slice(offset, offset + limit).map((r) => detail(r.inst, r.phase)),
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
