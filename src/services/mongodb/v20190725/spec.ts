import type { AddNodeList, RemoveNodeList } from "tencentcloud-sdk-nodejs/tencentcloud/services/mongodb/v20190725/mongodb_models";
import { hourlyDealId, instanceMonthly, paidMonthsLeft, prepaidDealId, round2 } from "../billing";
import { checkZone, CLUSTER_SHARD, saleableTier, TOPOLOGY, versionOf, VERSIONS } from "../catalogue";
import { TASK_SECONDS, withDefaults, type MongoInstance, type NodeSpec } from "../instance";
import { requireNetwork } from "../network";
import { recordDeal } from "../orders";
import { settleHourly } from "../renewal";
import { bad, existing, flowTask, lockable, type Ctx, type Found, type H } from "./common";
import { startTask } from "../instance";
import { nextWindow } from "./maintenance";

/**
 * Spec changes: ModifyDBInstanceSpec (memory, disk, CPU, node and shard counts, nodes added and removed by
 * role and zone, mongos), its price inquiry, the CPU-only scale actions, version and kernel upgrades and zone
 * moves. One kind of change per call, as the documentation asks ("切勿同时发起调整节点数、调整分片数与调整节点规格的任务").
 */

/** A running instance, or StatusAbnormal (the code ModifyDBInstanceSpec documents for a busy instance). */
async function changeable(ctx: Ctx, id: string): Promise<Found> {
  const found = await existing(ctx, id);
  if (found.phase === "isolated" || found.phase === "expired") ctx.fail("InvalidParameterValue.StatusAbnormal", { en: `The instance ${id} is isolated.`, zh: `实例 ${id} 已隔离，当前状态不允许变配。` });
  if (found.phase !== "running") {
    ctx.fail("InvalidParameterValue.StatusAbnormal", { en: `The instance ${id} is busy with another task; retry when it has finished.`, zh: `实例 ${id} 有任务正在执行，当前状态不允许变配。` });
  }
  return found;
}

interface SpecChange {
  memoryGb?: number;
  volumeGb?: number;
  cpu?: number;
  oplogGb?: number;
  nodeNum?: number;
  replicaSetNum?: number;
  machineType?: string;
  mongosMemoryGb?: number;
  add?: AddNodeList[];
  remove?: RemoveNodeList[];
}

/** The instance after the change, checked against the catalogue, or a documented refusal. */
export function planChange(ctx: Ctx, inst: Required<MongoInstance>, c: SpecChange): Partial<MongoInstance> {
  const memoryGb = c.memoryGb ?? inst.memoryGb;
  const volumeGb = c.volumeGb ?? inst.volumeGb;
  const specChanged = memoryGb !== inst.memoryGb || volumeGb !== inst.volumeGb || (c.cpu !== undefined && c.cpu !== inst.cpu) || (c.machineType !== undefined && c.machineType !== inst.machineType);
  const nodesChanged = (c.nodeNum !== undefined && c.nodeNum !== inst.secondaryNum + 1) || !!c.add?.length || !!c.remove?.length || c.mongosMemoryGb !== undefined;
  const shardsChanged = c.replicaSetNum !== undefined && c.replicaSetNum !== inst.replicaSetNum;
  if ([specChanged, nodesChanged, shardsChanged].filter(Boolean).length > 1) {
    ctx.fail("InvalidParameter", { en: "Change the node spec, the node count or the shard count in separate calls.", zh: "切勿同时发起调整节点数、调整分片数与调整节点规格的任务。" });
  }
  const memoryUp = Math.sign(memoryGb - inst.memoryGb);
  const volumeUp = Math.sign(volumeGb - inst.volumeGb);
  if (memoryUp * volumeUp < 0) ctx.fail("InvalidParameterValue.ModifyModeError", { en: "Memory and Volume must be raised or lowered together.", zh: "内存和磁盘必须同时升配或降配。" });

  const machineType = c.machineType ?? inst.machineType;
  if (machineType !== inst.machineType) {
    const allowed: Record<string, string[]> = { "GE.LD.T1": ["GE.LD.T2", "EX.LD.T2"], "GE.CD.T1": ["GE.CD.T2"] };
    if (!(allowed[inst.machineType] ?? []).includes(machineType)) {
      ctx.fail("InvalidParameterValue.MachineTypeError", { en: `${inst.machineType} cannot be changed to ${machineType}.`, zh: `机型 ${inst.machineType} 不支持变更为 ${machineType}。` });
    }
  }
  const tier = saleableTier({ version: versionOf(inst.version)!, machineType, clusterType: inst.clusterType, memoryGb, cpu: c.cpu ?? (inst.cpu || undefined) }, false);
  if (!tier || volumeGb < tier.minStorageGb || volumeGb > tier.maxStorageGb) {
    ctx.fail("InvalidParameterValue.SpecNotOnSale", {
      en: `No ${machineType} spec with ${c.cpu ?? inst.cpu} cores, ${memoryGb} GB of memory and ${volumeGb} GB of disk is on sale for ${inst.version}; see DescribeSpecInfo.`,
      zh: `${inst.version} 没有售卖 ${machineType} 机型 ${memoryGb}GB 内存、${volumeGb}GB 磁盘的规格，请通过 DescribeSpecInfo 查询。`,
    });
  }
  const oplogGb = c.oplogGb ?? (volumeGb === inst.volumeGb ? inst.oplogGb : Math.max(1, Math.ceil(volumeGb / 10)));
  if (oplogGb < volumeGb * 0.1 || oplogGb > volumeGb * 0.9) {
    ctx.fail("InvalidParameterValue.OplogSizeOutOfRange", { en: `OplogSize ${oplogGb} GB is out of range: 10% to 90% of the ${volumeGb} GB disk.`, zh: `OplogSize参数设置错误，应介于磁盘容量（${volumeGb}GB）的10%和90%之间。` });
  }

  let nodes = inst.nodes.map((n) => ({ ...n }));
  let mongos = { ...inst.mongos };
  const shard = inst.clusterType === CLUSTER_SHARD;
  const [minNodes, maxNodes] = shard ? [TOPOLOGY.minReplicateSetNodeNum, TOPOLOGY.maxReplicateSetNodeNum] : [TOPOLOGY.minNodeNum, TOPOLOGY.maxNodeNum];
  const mongods = () => nodes.filter((n) => n.role !== "READONLY").length;
  const nextIndex = (prefix: string) => {
    let i = 0;
    while (nodes.some((n) => n.suffix === `${prefix}${i}`)) i++;
    return `${prefix}${i}`;
  };
  const add = (role: "SECONDARY" | "READONLY", zone: string) =>
    nodes.push({ suffix: nextIndex(role === "SECONDARY" ? "node-slave" : "node-readonly"), role, zone, hidden: false, priority: role === "READONLY" ? 0 : 1, votes: role === "READONLY" ? 0 : 1, tags: [] } as NodeSpec);
  if (c.nodeNum !== undefined) {
    while (mongods() < c.nodeNum) add("SECONDARY", inst.zone);
    while (mongods() > c.nodeNum) {
      const last = nodes.filter((n) => n.role === "SECONDARY").at(-1);
      if (!last) break;
      nodes = nodes.filter((n) => n !== last);
    }
  }
  for (const a of c.add ?? []) {
    const zone = checkZone(ctx.region, a.Zone);
    if (zone.ok && zone.closed) ctx.fail("InvalidParameter.ZoneClosed", { en: `The zone ${a.Zone} is sold out.`, zh: `可用区 ${a.Zone} 已关闭售卖。` });
    if (a.Role === "SECONDARY" || a.Role === "READONLY") add(a.Role, a.Zone);
    else if (a.Role === "MONGOS" && shard) mongos.nodeNum++;
    else bad(ctx, "AddNodeList.Role", a.Role, shard ? "Role is SECONDARY, READONLY or MONGOS." : "Role is SECONDARY or READONLY (a replica set has no mongos).");
  }
  for (const r of c.remove ?? []) {
    if (r.Role === "MONGOS" && shard) {
      if (!/^mongos-\d+$/.test(r.NodeName) || Number(r.NodeName.slice(7)) >= mongos.nodeNum) bad(ctx, "RemoveNodeList.NodeName", r.NodeName, "No such mongos node.");
      mongos.nodeNum--;
      continue;
    }
    const suffix = r.NodeName.startsWith(`${inst.InstanceId}_0-`) ? r.NodeName.slice(`${inst.InstanceId}_0-`.length) : "";
    const node = nodes.find((n) => n.suffix === suffix && n.role === r.Role);
    if (!node) bad(ctx, "RemoveNodeList.NodeName", r.NodeName, `No ${r.Role} node of that name in shard ${inst.InstanceId}_0 (name the node of shard 0; the other shards follow).`);
    if (node.zone !== r.Zone) bad(ctx, "RemoveNodeList.Zone", r.Zone, `The node ${r.NodeName} is in ${node.zone}.`);
    nodes = nodes.filter((n) => n !== node);
  }
  if (mongods() < minNodes || mongods() > maxNodes) {
    ctx.fail("InvalidParameterValue.SpecNotOnSale", { en: `Each ${shard ? "shard" : "replica set"} has ${minNodes} to ${maxNodes} mongod nodes; the change leaves ${mongods()}.`, zh: `每个${shard ? "分片" : "副本集"}的节点数范围为 ${minNodes}～${maxNodes}，变更后为 ${mongods()}。` });
  }
  const readonly = nodes.filter((n) => n.role === "READONLY").length;
  if (readonly > 5) ctx.fail("InvalidParameterValue.SpecNotOnSale", { en: "At most 5 read-only nodes per shard.", zh: "只读节点数量取值范围为[0,5]。" });
  if (mongos.nodeNum > 32 || (shard && mongos.nodeNum < 3)) ctx.fail("InvalidParameterValue.SpecNotOnSale", { en: "A sharded cluster has 3 to 32 mongos.", zh: "Mongos 数量范围为[3,32]。" });
  if (c.mongosMemoryGb !== undefined) {
    if (!shard || ![2, 4, 8, 16, 32].includes(c.mongosMemoryGb)) bad(ctx, "MongosMemory", c.mongosMemoryGb, shard ? "mongos memory is 2, 4, 8, 16 or 32 GB." : "A replica set has no mongos.");
    mongos = { ...mongos, memoryGb: c.mongosMemoryGb, cpu: c.mongosMemoryGb / 2 };
  }
  const replicaSetNum = c.replicaSetNum ?? inst.replicaSetNum;
  if (shardsChanged) {
    if (!shard) bad(ctx, "ReplicateSetNum", c.replicaSetNum, "A replica set has one replica set.");
    if (replicaSetNum < inst.replicaSetNum) bad(ctx, "ReplicateSetNum", c.replicaSetNum, "The shard count can only grow.");
    if (replicaSetNum > TOPOLOGY.maxReplicateSetNum) ctx.fail("InvalidParameterValue.SpecNotOnSale", { en: `At most ${TOPOLOGY.maxReplicateSetNum} shards.`, zh: `分片数量最多为 ${TOPOLOGY.maxReplicateSetNum}。` });
  }
  const secondaryNum = nodes.filter((n) => n.role === "SECONDARY").length;
  const target: Partial<MongoInstance> = { memoryGb, volumeGb, oplogGb, cpu: tier.cpu, machineType, nodes, mongos, replicaSetNum, secondaryNum };
  const unchanged = JSON.stringify({ ...inst, ...target }) === JSON.stringify(inst);
  if (unchanged) bad(ctx, "InstanceId", inst.InstanceId, "The instance already has this spec.");
  return target;
}

/** Charges (or refunds) a prepaid change for the rest of the paid period; pay-as-you-go bills the new rate from now. */
async function bill(ctx: Ctx, inst: Required<MongoInstance>, target: Partial<MongoInstance>): Promise<{ dealId: string; next: MongoInstance; amount: number }> {
  const monthly = instanceMonthly(withDefaults({ ...inst, ...target }));
  if (inst.payMode === 1) {
    const difference = round2((monthly - inst.monthlyPrice) * paidMonthsLeft(ctx.now(), inst.deadline));
    if (difference > 0 && !(await ctx.charge(difference))) {
      const { balance } = await ctx.account();
      ctx.fail("InvalidParameterValue.InvalidTradeOperation", {
        en: `Insufficient balance: the change costs ${difference.toFixed(2)} CNY, the balance is ${balance.toFixed(2)} CNY.`,
        zh: `账户余额不足：变配费用 ${difference.toFixed(2)} 元，账户余额 ${balance.toFixed(2)} 元。`,
      });
    }
    if (difference < 0) await ctx.refund(-difference);
    return { dealId: await prepaidDealId(ctx), next: { ...inst, monthlyPrice: monthly }, amount: difference };
  }
  return { dealId: hourlyDealId(ctx), next: { ...(await settleHourly(ctx, inst)), monthlyPrice: monthly }, amount: 0 };
}

function inMaintenance(ctx: Ctx, value: number | bigint | undefined): boolean {
  const v = Number(value ?? 0);
  if (v !== 0 && v !== 1) bad(ctx, "InMaintenance", value, "InMaintenance is 0 (now) or 1 (in the maintenance window).");
  return v === 1;
}

export const modifyDBInstanceSpec: H<"ModifyDBInstanceSpec"> = async (ctx, req) => {
  const { inst } = await changeable(ctx, req.InstanceId);
  const deferred = inMaintenance(ctx, req.InMaintenance);
  if (req.ModifyShardList?.length) {
    const shards = new Set(req.ModifyShardList.map((s) => s.ReplicaSetId));
    const all = Array.from({ length: inst.replicaSetNum }, (_, i) => `${inst.InstanceId}_${i}`);
    if (inst.clusterType !== CLUSTER_SHARD || shards.size !== all.length || !all.every((id) => shards.has(id))) {
      ctx.fail("InvalidParameter", { en: "tclocal keeps the shards of a cluster alike: ModifyShardList must name every shard with one spec.", zh: "ModifyShardList 须包含全部分片且规格一致。" });
    }
  }
  const shardSpec = req.ModifyShardList?.[0];
  if (deferred && (req.NodeNum !== undefined || req.ReplicateSetNum !== undefined || req.AddNodeList?.length || req.RemoveNodeList?.length)) {
    ctx.fail("InvalidParameter", { en: "Node and shard counts cannot change in the maintenance window (InMaintenance 1).", zh: "调整节点数和分片数不支持在维护时间窗内变更。" });
  }
  const target = planChange(ctx, inst, {
    memoryGb: req.Memory !== undefined ? Number(req.Memory) : shardSpec?.Memory !== undefined ? Number(shardSpec.Memory) : undefined,
    volumeGb: req.Volume !== undefined ? Number(req.Volume) : shardSpec?.Volume !== undefined ? Number(shardSpec.Volume) : undefined,
    cpu: req.Cpu !== undefined ? Number(req.Cpu) : shardSpec?.Cpu !== undefined ? Number(shardSpec.Cpu) : undefined,
    oplogGb: req.OplogSize === undefined ? undefined : Number(req.OplogSize),
    nodeNum: req.NodeNum === undefined ? undefined : Number(req.NodeNum),
    replicaSetNum: req.ReplicateSetNum === undefined ? undefined : Number(req.ReplicateSetNum),
    machineType: req.MachineCode,
    mongosMemoryGb: req.MongosMemory === undefined ? undefined : Number(req.MongosMemory),
    add: req.AddNodeList,
    remove: req.RemoveNodeList,
  });
  for (const a of req.AddNodeList ?? []) await requireNetwork(ctx, { zone: a.Zone });
  const { dealId, next, amount } = await bill(ctx, inst, target);
  const down = (target.memoryGb ?? 0) < inst.memoryGb || amount < 0;
  const seconds = deferred ? (nextWindow(ctx.now(), inst.maintenance) - ctx.now()) / 1000 + TASK_SECONDS.upgrade : TASK_SECONDS.upgrade;
  const started = await startTask(ctx, next, "upgrade", dealId, { target, seconds });
  await recordDeal(ctx, { dealId, action: down ? "downgrade" : "upgrade", instanceIds: [inst.InstanceId], originalPrice: Math.abs(amount), discountPrice: Math.abs(amount), deliveredAt: started.task!.endsAt });
  return { DealId: dealId };
};

export const inquirePriceModifyDBInstanceSpec: H<"InquirePriceModifyDBInstanceSpec"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  const target = planChange(ctx, inst, {
    memoryGb: Number(req.Memory),
    volumeGb: Number(req.Volume),
    cpu: req.Cpu === undefined ? undefined : Number(req.Cpu),
    nodeNum: req.NodeNum === undefined ? undefined : Number(req.NodeNum),
    replicaSetNum: req.ReplicateSetNum === undefined ? undefined : Number(req.ReplicateSetNum),
  });
  const monthly = instanceMonthly(withDefaults({ ...inst, ...target }));
  if (inst.payMode === 0) {
    const hourly = round2(monthly / 720);
    return { Price: { UnitPrice: hourly, OriginalPrice: hourly, DiscountPrice: hourly } };
  }
  const difference = round2(Math.max(0, (monthly - inst.monthlyPrice) * paidMonthsLeft(ctx.now(), inst.deadline)));
  return { Price: { UnitPrice: monthly, OriginalPrice: difference, DiscountPrice: difference } };
};

/**
 * ScaleUpDBInstanceCpu / ScaleDownDBInstanceCpu exist only in the SDK's models (no reference page). Our reading
 * of the model: ScaleUp adds `ExtraCpu` cores to every node ("每个节点都会增加这么多核数") for the same memory and
 * disk, ScaleDown returns the instance to its catalogue CPU size; both run as a spec task and bill like
 * ModifyDBInstanceSpec, without the catalogue's CPU-per-memory pairing (an elastic extra).
 */
export const scaleUpDBInstanceCpu: H<"ScaleUpDBInstanceCpu"> = async (ctx, req) => {
  if (!req.InstanceId) ctx.fail("MissingParameter", { en: "The parameter `InstanceId` is missing.", zh: "缺少参数 `InstanceId`。" });
  const extra = Number(req.ExtraCpu ?? 0);
  if (!Number.isInteger(extra) || extra < 1 || extra > 64) bad(ctx, "ExtraCpu", req.ExtraCpu, "ExtraCpu is 1 to 64 cores added to every node.");
  const { inst } = await changeable(ctx, req.InstanceId!);
  return { FlowId: await scaleCpu(ctx, inst, (inst.cpu || saleCpu(inst)) + extra) };
};

export const scaleDownDBInstanceCpu: H<"ScaleDownDBInstanceCpu"> = async (ctx, req) => {
  if (!req.InstanceId) ctx.fail("MissingParameter", { en: "The parameter `InstanceId` is missing.", zh: "缺少参数 `InstanceId`。" });
  const { inst } = await changeable(ctx, req.InstanceId!);
  const base = saleCpu(inst);
  if ((inst.cpu || base) <= base) bad(ctx, "InstanceId", inst.InstanceId, "The instance has no extra CPU to scale down.");
  return { FlowId: await scaleCpu(ctx, inst, base) };
};

function saleCpu(inst: Required<MongoInstance>): number {
  return saleableTier({ version: versionOf(inst.version)!, machineType: inst.machineType, clusterType: inst.clusterType, memoryGb: inst.memoryGb }, false)?.cpu ?? inst.cpu;
}

async function scaleCpu(ctx: Ctx, inst: Required<MongoInstance>, cpu: number): Promise<number> {
  const { next } = await bill(ctx, inst, { cpu });
  return flowTask(ctx, next, "upgrade", { target: { cpu } });
}

export const modifyInstanceAz: H<"ModifyInstanceAz"> = async (ctx, req) => {
  const found = await existing(ctx, req.InstanceId);
  if (found.phase !== "running") ctx.fail("InvalidParameterValue.StatusAbnormal", { en: `The instance ${req.InstanceId} is not running.`, zh: `实例 ${req.InstanceId} 当前状态不允许迁移可用区。` });
  const { inst } = found;
  const deferred = inMaintenance(ctx, req.InMaintenance);
  const zones = [req.PrimaryNodeZone, ...req.SecondaryNodeZone, ...(req.HiddenNodeZone ? [req.HiddenNodeZone] : []), ...(req.ReadonlyNodeZone ?? [])];
  for (const z of zones) await requireNetwork(ctx, { zone: z });
  const secondaries = inst.nodes.filter((n) => n.role === "SECONDARY");
  const readonly = inst.nodes.filter((n) => n.role === "READONLY");
  if (readonly.length && !req.ReadonlyNodeZone?.length) ctx.fail("InvalidParameter", { en: "The instance has read-only nodes: give ReadonlyNodeZone.", zh: "实例包含只读节点，ReadonlyNodeZone 为必填项。" });
  if (req.SecondaryNodeZone.includes(req.PrimaryNodeZone) || (req.HiddenNodeZone && req.SecondaryNodeZone.includes(req.HiddenNodeZone))) {
    ctx.fail("InvalidParameter", { en: "SecondaryNodeZone may not contain the primary's or the hidden node's zone.", zh: "从节点可用区不可包含主节点与 Hidden 节点所在的可用区。" });
  }
  if (!req.SecondaryNodeZone.length) ctx.fail("InvalidParameter", { en: "SecondaryNodeZone names at least one zone.", zh: "SecondaryNodeZone 不能为空。" });
  const nodes = inst.nodes.map((n) => {
    if (n.role === "PRIMARY") return { ...n, zone: req.PrimaryNodeZone };
    if (n.role === "READONLY") return { ...n, zone: req.ReadonlyNodeZone![readonly.indexOf(n) % req.ReadonlyNodeZone!.length] };
    if (n.hidden && req.HiddenNodeZone) return { ...n, zone: req.HiddenNodeZone };
    return { ...n, zone: req.SecondaryNodeZone[secondaries.indexOf(n) % req.SecondaryNodeZone.length] };
  });
  const zoneList = [...new Set([req.PrimaryNodeZone, ...req.SecondaryNodeZone, ...(req.HiddenNodeZone ? [req.HiddenNodeZone] : [])])];
  const dealId = inst.payMode === 1 ? await prepaidDealId(ctx) : hourlyDealId(ctx);
  const seconds = deferred ? (nextWindow(ctx.now(), inst.maintenance) - ctx.now()) / 1000 + TASK_SECONDS.zone : TASK_SECONDS.zone;
  const started = await startTask(ctx, inst, "zone", dealId, { target: { nodes, zone: req.PrimaryNodeZone, zoneList }, seconds });
  await recordDeal(ctx, { dealId, action: "upgrade", instanceIds: [inst.InstanceId], originalPrice: 0, discountPrice: 0, deliveredAt: started.task!.endsAt });
  return { DealId: dealId };
};

/** One version up at a time (3.6 → 4.0 → 4.2 → 4.4 → 5.0 → 6.0 → 7.0 → 8.0), never down or across. */
export const upgradeDbInstanceVersion: H<"UpgradeDbInstanceVersion"> = async (ctx, req) => {
  const { inst } = await lockable(ctx, req.InstanceId);
  const deferred = inMaintenance(ctx, req.InMaintenance);
  const current = VERSIONS.filter((v) => v.value >= 4).findIndex((v) => v.code === inst.version);
  const target = versionOf(req.MongoVersion);
  const ladder = VERSIONS.filter((v) => v.value >= 4);
  if (!target) return ctx.fail("InvalidParameterValue.MongoVersionError", { en: `\`${req.MongoVersion}\` is not a MongoDB version.`, zh: `实例版本 \`${req.MongoVersion}\` 错误。` });
  if (current < 0 || ladder[current + 1]?.code !== target.code) {
    ctx.fail("UnsupportedOperation.VersionNotSupport", {
      en: `${inst.InstanceId} runs ${inst.version}: it can only be upgraded to the next version${ladder[current + 1] ? `, ${ladder[current + 1].code}` : " (it runs the latest)"}.`,
      zh: "当前版本不支持该操作：仅支持从低版本向高版本逐级升级。",
    });
  }
  const seconds = deferred ? (nextWindow(ctx.now(), inst.maintenance) - ctx.now()) / 1000 + TASK_SECONDS.version : TASK_SECONDS.version;
  return { FlowId: await flowTask(ctx, inst, "version", { target: { version: target.code, kernelMinor: 0 }, seconds }) };
};

/** The latest minor (kernel) version of the instance's major version. */
export const upgradeDBInstanceKernelVersion: H<"UpgradeDBInstanceKernelVersion"> = async (ctx, req) => {
  const { inst } = await lockable(ctx, req.InstanceId);
  const v = Number(req.InMaintenance ?? 0);
  if (v !== 0 && v !== 1) bad(ctx, "InMaintenance", req.InMaintenance, "InMaintenance is 0 or 1.");
  const seconds = v === 1 ? (nextWindow(ctx.now(), inst.maintenance) - ctx.now()) / 1000 + TASK_SECONDS.kernel : TASK_SECONDS.kernel;
  return { FlowId: await flowTask(ctx, inst, "kernel", { target: { kernelMinor: inst.kernelMinor + 1 }, seconds }) };
};
