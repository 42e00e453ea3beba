import type { Message } from "../../errors/api-error";
import { shortId } from "../../platform/ids";
import { uniqueId, type ActionContext } from "../../platform/service";
import {
  checkZone,
  CLUSTER_REPLSET,
  CLUSTER_SHARD,
  machineOf,
  GENERAL_MACHINES,
  saleableTier,
  soldBy2019,
  TOPOLOGY,
  versionOf,
  type Tier,
} from "./catalogue";
import { instances, SHARD_CREATE_SECONDS, TASK_SECONDS, type MongoInstance } from "./instance";
import { takeVip } from "./addresses";
import { projectExists } from "./projects";
import { requireNetwork } from "./network";
import { invalidValue, uintProblem } from "./rules";
import { bindInstanceGroups, securityGroupProblem } from "./security-groups";

/** What both purchase actions ask for, under their own member names. */
export interface PurchaseInput {
  zone: string;
  memory: number;
  volume: number;
  secondaryNum: number;
  /** Shards; 1 for a replica set. */
  replicateSetNum: number;
  goodsNum: number;
  instanceType: string;
  version: { member: string; value: string };
  machine: { member: string; value: string };
  projectId?: number;
  vpcId?: string;
  subnetId?: string;
  securityGroups?: string[];
  /** Members that must be uint64 (name → value). */
  integers: Record<string, number | bigint | undefined>;
  /** Which API version's rules and codes apply (2019-07-25: GE.* types with CpuCore, up to 30 instances). */
  api?: "2018" | "2019";
  /** CPU cores per node (2019-07-25's CpuCore), required by the general GE.* types. */
  cpu?: number;
}

/** A purchase the catalogue allows: the validated spec of each instance to create. */
export interface Purchase {
  spec: Omit<MongoInstance, "InstanceId" | "name" | "payMode" | "createdAt" | "deadline" | "autoRenewFlag" | "monthlyPrice" | "passwordSet" | "task" | "terminatedAt" | "vip">;
  tier: Tier;
  goodsNum: number;
}

/**
 * Checks a purchase in the order the real service does: member types, counts, zone, type, version, machine,
 * topology, then the spec against the zone's catalogue, the project and the network.
 */
export async function checkPurchase(ctx: ActionContext<"mongodb">, input: PurchaseInput): Promise<Purchase> {
  for (const [member, value] of Object.entries(input.integers)) {
    const problem = uintProblem(member, value);
    if (problem) ctx.fail("InvalidParameter", problem);
  }
  const api = input.api ?? "2018";
  const maxGoods = api === "2019" ? 30 : 10;
  if (input.goodsNum < 1 || input.goodsNum > maxGoods) {
    ctx.fail("InvalidParameterValue", invalidValue("GoodsNum", input.goodsNum, `GoodsNum ranges from 1 to ${maxGoods}.`));
  }

  await requireNetwork(ctx, { zone: input.zone });
  const zone = checkZone(ctx.region, input.zone);
  if (zone.ok && zone.closed) {
    ctx.fail(api === "2019" ? "InvalidParameterValue.ZoneClosed" : "InvalidParameter.ZoneClosed", {
      en: `The zone ${input.zone} is sold out; choose another zone of ${ctx.region}.`,
      zh: `可用区 ${input.zone} 已关闭售卖，请选择 ${ctx.region} 的其他可用区。`,
    });
  }

  const clusterType = input.instanceType === "REPLSET" ? CLUSTER_REPLSET : input.instanceType === "SHARD" ? CLUSTER_SHARD : undefined;
  if (clusterType === undefined) {
    ctx.fail(api === "2019" ? "InvalidParameterValue.ClusterTypeError" : "InvalidParameterValue.InstanceTypeError", {
      en: `The instance type \`${input.instanceType}\` is invalid: use REPLSET (replica set) or SHARD (sharded cluster).`,
      zh: `实例类型 \`${input.instanceType}\` 取值错误，需要指定实例类型为副本集（REPLSET）或分片（SHARD）。`,
    });
  }
  const version = versionOf(input.version.value);
  if (!version) {
    ctx.fail("InvalidParameterValue.MongoVersionError", {
      en: `The ${input.version.member} \`${input.version.value}\` is not a MongoDB version; see DescribeSpecInfo.`,
      zh: `实例版本 \`${input.version.value}\` 错误，请通过 DescribeSpecInfo 查询支持的版本。`,
    });
  }
  if (api === "2019" && version.onSale && !soldBy2019(version)) {
    ctx.fail("UnsupportedOperation.VersionNotSupport", {
      en: `${version.code} (MongoDB ${version.short}) can no longer be bought; choose MONGO_40_WT or later.`,
      zh: `当前版本 ${version.code} 不支持该操作，请选择 MONGO_40_WT 及以上版本。`,
    });
  }
  const machine = machineOf(input.machine.value);
  if (!machine) {
    ctx.fail("InvalidParameterValue.MachineTypeError", {
      en: `The ${input.machine.member} \`${input.machine.value}\` is not a machine type; use ${api === "2019" ? "GE.LD.T1, GE.CD.T1, HIO10G or HCD" : "HIO10G or HCD"}.`,
      zh: `机型 \`${input.machine.value}\` 错误，请使用 ${api === "2019" ? "GE.LD.T1、GE.CD.T1、HIO10G 或 HCD" : "HIO10G 或 HCD"}。`,
    });
  }
  if (api === "2018" && GENERAL_MACHINES.has(machine.type)) {
    ctx.fail("InvalidParameterValue.MachineTypeError", {
      en: `The ${input.machine.member} \`${input.machine.value}\` is sold through API 2019-07-25 only; use HIO10G or HCD.`,
      zh: `机型 \`${input.machine.value}\` 错误，请使用 HIO10G 或 HCD。`,
    });
  }
  const shardCode = api === "2019" ? "InvalidParameterValue.ReplicaSetNumError" : "InvalidParameterValue.InstanceTypeError";

  if (clusterType === CLUSTER_REPLSET && input.replicateSetNum !== 1) {
    ctx.fail(shardCode, {
      en: `A replica set (REPLSET) has exactly 1 replica set; ReplicateSetNum ${input.replicateSetNum} needs InstanceType SHARD.`,
      zh: `副本集实例（REPLSET）的副本集个数只能为1，ReplicateSetNum 为 ${input.replicateSetNum} 时需指定实例类型为分片（SHARD）。`,
    });
  }
  if (clusterType === CLUSTER_SHARD && input.replicateSetNum < 2) {
    ctx.fail(shardCode, {
      en: "A sharded cluster (SHARD) has at least 2 shards; use InstanceType REPLSET for a single replica set.",
      zh: "分片集群实例（SHARD）至少需要2个分片，单副本集请指定实例类型为副本集（REPLSET）。",
    });
  }
  const nodes = input.secondaryNum + 1;
  const [minNodes, maxNodes] =
    clusterType === CLUSTER_SHARD ? [TOPOLOGY.minReplicateSetNodeNum, TOPOLOGY.maxReplicateSetNodeNum] : [TOPOLOGY.minNodeNum, TOPOLOGY.maxNodeNum];
  if (nodes < minNodes || nodes > maxNodes) {
    ctx.fail("InvalidParameterValue.SecondaryNumError", {
      en: `SecondaryNum ${input.secondaryNum} is out of range: each ${clusterType === CLUSTER_SHARD ? "shard" : "replica set"} has ${minNodes - 1} to ${maxNodes - 1} secondaries.`,
      zh: `从节点数 ${input.secondaryNum} 错误：每个${clusterType === CLUSTER_SHARD ? "分片" : "副本集"}的从节点数范围为 ${minNodes - 1}～${maxNodes - 1}。`,
    });
  }
  if (clusterType === CLUSTER_SHARD && input.replicateSetNum > TOPOLOGY.maxReplicateSetNum) {
    ctx.fail(api === "2019" ? shardCode : "InvalidParameterValue.SpecNotOnSale", {
      en: `A sharded cluster has at most ${TOPOLOGY.maxReplicateSetNum} shards; ReplicateSetNum ${input.replicateSetNum} is not on sale.`,
      zh: `分片集群最多 ${TOPOLOGY.maxReplicateSetNum} 个分片，ReplicateSetNum ${input.replicateSetNum} 不在售卖范围内。`,
    });
  }

  const tier = saleableTier({ version, machineType: machine.type, clusterType, memoryGb: input.memory, cpu: input.cpu }, false);
  if (!tier) {
    ctx.fail("InvalidParameterValue.SpecNotOnSale", {
      en: `No ${machine.type} spec with ${input.cpu !== undefined ? `${input.cpu} cores and ` : ""}${input.memory} GB of memory and ${version.code} is on sale in ${input.zone}; see DescribeSpecInfo.`,
      zh: `可用区 ${input.zone} 没有售卖 ${machine.type} 机型、${input.memory}GB 内存、${version.code} 版本的规格，请通过 DescribeSpecInfo 查询。`,
    });
  }
  if (input.volume < tier.minStorageGb || input.volume > tier.maxStorageGb) {
    ctx.fail("InvalidParameterValue.SpecNotOnSale", {
      en: `Volume ${input.volume} GB is out of range for ${input.memory} GB of memory: ${tier.minStorageGb} to ${tier.maxStorageGb} GB.`,
      zh: `内存 ${input.memory}GB 的规格磁盘范围为 ${tier.minStorageGb}～${tier.maxStorageGb}GB，${input.volume}GB 不在售卖范围内。`,
    });
  }

  const projectId = input.projectId ?? 0;
  if (!(await projectExists(ctx, projectId))) ctx.fail("InvalidParameterValue.ProjectNotFound", projectMissing(projectId));
  await requireNetwork(ctx, { vpcId: input.vpcId, subnetId: input.subnetId, zone: input.zone });
  // The purchase actions document no security group code: an unknown group is the common InvalidParameterValue.
  const groups = [...new Set(input.securityGroups ?? [])];
  const groupProblem = await securityGroupProblem(ctx, groups);
  if (groupProblem) {
    const v = groupProblem.id ?? JSON.stringify(groups);
    ctx.fail("InvalidParameterValue", {
      en: `The value \`${v}\` specified in the parameter \`SecurityGroup\` is not valid. ${groupProblem.message.en}`,
      zh: `参数 \`SecurityGroup\` 的取值 \`${v}\` 无效。${groupProblem.message.zh}`,
    });
  }

  return {
    tier,
    goodsNum: input.goodsNum,
    spec: {
      region: ctx.region,
      zone: input.zone,
      projectId,
      clusterType,
      replicaSetNum: input.replicateSetNum,
      secondaryNum: input.secondaryNum,
      memoryGb: input.memory,
      volumeGb: input.volume,
      oplogGb: Math.max(1, Math.ceil(input.volume / 10)),
      version: version.code,
      machineType: machine.type,
      vpcId: input.vpcId ?? "",
      subnetId: input.subnetId ?? "",
      securityGroups: groups,
      cpu: tier.cpu,
    },
  };
}

export function projectMissing(projectId: number | bigint): Message {
  return { en: `The project ${projectId} does not exist.`, zh: `项目 ${projectId} 不存在。` };
}

/** Creates the purchase's instances, each starting its creation task, and returns their ids. */
export async function createInstances(
  ctx: ActionContext<"mongodb">,
  purchase: Purchase,
  billing: Pick<MongoInstance, "payMode" | "deadline" | "autoRenewFlag" | "monthlyPrice" | "passwordSet">,
  dealId: string,
  extra: (index: number) => Partial<MongoInstance> = () => ({}),
): Promise<string[]> {
  const now = ctx.now();
  const seconds = purchase.spec.clusterType === CLUSTER_SHARD ? SHARD_CREATE_SECONDS : TASK_SECONDS.create;
  const ids: string[] = [];
  for (let i = 0; i < purchase.goodsNum; i++) {
    const id = await uniqueId(instances(ctx), () => shortId("cmgo"));
    const inst = await instances(ctx).insert(id, {
      ...purchase.spec,
      ...billing,
      InstanceId: id,
      name: id,
      createdAt: now,
      vip: await takeVip(ctx, purchase.spec, id),
      task: { kind: "create", id: dealId, startedAt: now, endsAt: now + seconds * 1000 },
      terminatedAt: null,
      billedUntil: now + seconds * 1000,
      ...extra(i),
    });
    if (inst.securityGroups.length) await bindInstanceGroups(ctx, id, inst.securityGroups);
    ctx.touch(id);
    ids.push(id);
  }
  return ids;
}

