import type { CreateDBInstanceHourRequest, CreateDBInstanceRequest } from "tencentcloud-sdk-nodejs/tencentcloud/services/mongodb/v20190725/mongodb_models";
import { uuid } from "../../../platform/ids";
import { hourlyDealId, instanceMonthly, prepaidDealId, round2 } from "../billing";
import { CLUSTER_SHARD } from "../catalogue";
import { addMonths, defaultNodes, findInstance, SHARD_CREATE_SECONDS, TASK_SECONDS, type MongoInstance } from "../instance";
import { requireNetwork } from "../network";
import { ADMIN_USER, setUserPassword } from "../accounts";
import { backupCovering, namespaceDocs, namespacesOf } from "../backups";
import { recordDeal } from "../orders";
import { findTemplate } from "../parameters";
import { checkPurchase, createInstances, type Purchase } from "../purchase";
import { instanceNameProblem, passwordProblem } from "../rules";
import { checkTdeKey } from "./encryption";
import { bad, type Ctx, type H } from "./common";
import { parseApiTime } from "../monitoring";

/** Purchase periods CreateDBInstance accepts, in months. */
export const PERIODS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 36];
const MONGOS_CPUS = [1, 2, 4, 8, 16];
const HOURLY_DEADLINE_MONTHS = 50 * 12;
const CLONE_WINDOW_MS = 7 * 86400_000;

type CreateRequest = CreateDBInstanceRequest | CreateDBInstanceHourRequest;

/** Both purchase actions: the checks of 2018-04-08 plus 2019-07-25's members (mongos, read-only nodes, zones, clones, TDE). */
async function purchase(ctx: Ctx, req: CreateRequest): Promise<{ purchase: Purchase; extra: (i: number) => Partial<MongoInstance>; namespaces?: Record<string, string[]> }> {
  if (req.Password !== undefined) {
    const problem = passwordProblem(req.Password);
    if (problem) ctx.fail("InvalidParameterValue.PasswordRuleFailed", problem);
  }
  if (req.InstanceName !== undefined) {
    const problem = instanceNameProblem(req.InstanceName.replace(/[{｛]R:\d+[}｝]$/u, "") || "x");
    if (problem) ctx.fail("InvalidParameterValue.IllegalInstanceName", problem);
  }
  const p = await checkPurchase(ctx, {
    api: "2019",
    zone: req.Zone,
    memory: Number(req.Memory),
    volume: Number(req.Volume),
    secondaryNum: Number(req.NodeNum) - 1,
    replicateSetNum: Number(req.ReplicateSetNum),
    goodsNum: Number(req.GoodsNum),
    instanceType: req.ClusterType,
    version: { member: "MongoVersion", value: req.MongoVersion },
    machine: { member: "MachineCode", value: req.MachineCode },
    cpu: req.CpuCore === undefined ? undefined : Number(req.CpuCore),
    projectId: req.ProjectId === undefined ? undefined : Number(req.ProjectId),
    vpcId: req.VpcId,
    subnetId: req.SubnetId,
    securityGroups: req.SecurityGroup,
    integers: { ProjectId: req.ProjectId },
  });

  // mongos of a sharded cluster: 1, 2, 4, 8 or 16 cores with twice as many GB, 3 to 32 nodes.
  let mongos = { cpu: 0, memoryGb: 0, nodeNum: 0 };
  if (p.spec.clusterType === CLUSTER_SHARD) {
    const cpu = Number(req.MongosCpu ?? 2);
    const memoryGb = Number(req.MongosMemory ?? cpu * 2);
    const nodeNum = Number(req.MongosNodeNum ?? 3);
    if (!MONGOS_CPUS.includes(cpu)) bad(ctx, "MongosCpu", req.MongosCpu, "MongosCpu is 1, 2, 4, 8 or 16.");
    if (memoryGb !== cpu * 2) bad(ctx, "MongosMemory", req.MongosMemory, "mongos are sold as 1C2G, 2C4G, 4C8G, 8C16G and 16C32G.");
    const minMongos = (req.AvailabilityZoneList?.length ?? 0) > 1 ? 6 : 3;
    if (!Number.isInteger(nodeNum) || nodeNum < minMongos || nodeNum > 32) bad(ctx, "MongosNodeNum", req.MongosNodeNum, `MongosNodeNum ranges from ${minMongos} to 32.`);
    mongos = { cpu, memoryGb, nodeNum };
  }
  const readonly = Number(req.ReadonlyNodeNum ?? 0);
  if (!Number.isInteger(readonly) || readonly < 0 || readonly > 5) bad(ctx, "ReadonlyNodeNum", req.ReadonlyNodeNum, "ReadonlyNodeNum ranges from 0 to 5.");

  // Multi-AZ: the zone list names 3 distinct zones of the region including Zone; nodes spread over them.
  const zones = req.AvailabilityZoneList ?? [];
  for (const z of [...zones, ...(req.HiddenZone ? [req.HiddenZone] : []), ...(req.ReadonlyNodeAvailabilityZoneList ?? [])]) await requireNetwork(ctx, { zone: z });
  if (zones.length) {
    if (!zones.includes(req.Zone)) bad(ctx, "AvailabilityZoneList", zones, "The list must contain Zone, the primary zone.");
    if (new Set(zones).size !== 3 || zones.length !== 3) bad(ctx, "AvailabilityZoneList", zones, "A multi-AZ instance is deployed over 3 different zones.");
    if (!req.HiddenZone) bad(ctx, "HiddenZone", "", "A multi-AZ instance needs HiddenZone.");
    if (readonly > 0 && !req.ReadonlyNodeAvailabilityZoneList?.length) bad(ctx, "ReadonlyNodeAvailabilityZoneList", [], "Read-only nodes of a multi-AZ instance need their zones.");
  }
  const nodes = defaultNodes(p.spec.secondaryNum, req.Zone, readonly);
  if (zones.length) {
    const others = zones.filter((z) => z !== req.Zone);
    nodes.filter((n) => n.role === "SECONDARY").forEach((n, i) => (n.zone = others[i % others.length]));
    const last = nodes.filter((n) => n.role === "SECONDARY").at(-1);
    if (last && req.HiddenZone) Object.assign(last, { zone: req.HiddenZone, hidden: true, priority: 0 });
    nodes.filter((n) => n.role === "READONLY").forEach((n, i) => (n.zone = req.ReadonlyNodeAvailabilityZoneList![i % req.ReadonlyNodeAvailabilityZoneList!.length]));
  }

  // Read-only (3), disaster-recovery (4) and clone (5) instances name their primary.
  const clone = Number(req.Clone ?? 1);
  if (![1, 3, 4, 5].includes(clone)) bad(ctx, "Clone", req.Clone, "Clone is 1 (formal), 3 (read-only), 4 (disaster recovery) or 5 (clone).");
  let father = "";
  let namespaces: Record<string, string[]> | undefined;
  if (clone !== 1) {
    if (!req.Father) bad(ctx, "Father", "", `Clone ${clone} needs Father, the primary instance.`);
    const f = await findInstance(ctx, req.Father);
    if (!f || f.phase === "deleted" || f.phase === "isolated") {
      ctx.fail("InvalidParameterValue.NotFoundInstance", { en: `The instance ${req.Father} does not exist.`, zh: `未找到实例 ${req.Father}。` });
    }
    if (clone === 5) {
      const at = req.RestoreTime === undefined ? NaN : parseApiTime(req.RestoreTime);
      if (Number.isNaN(at)) bad(ctx, "RestoreTime", req.RestoreTime ?? "", "A clone needs RestoreTime, yyyy-mm-dd hh:mm:ss.");
      if (at < f.inst.createdAt || at > ctx.now() || at < ctx.now() - CLONE_WINDOW_MS) {
        bad(ctx, "RestoreTime", req.RestoreTime, "A clone restores a time of the last 7 days at which the instance existed.");
      }
      const backup = await backupCovering(ctx, f.inst.InstanceId, at);
      if (!backup) bad(ctx, "RestoreTime", req.RestoreTime, `No finished backup of ${f.inst.InstanceId} at or before that time to clone from.`);
      namespaces = backup.namespaces;
    } else {
      namespaces = await namespacesOf(ctx, f.inst.InstanceId);
    }
    father = f.inst.InstanceId;
  }

  const template = req.ParamTemplateId ? await findTemplate(ctx, req.ParamTemplateId) : undefined;
  if (req.ParamTemplateId && !template) bad(ctx, "ParamTemplateId", req.ParamTemplateId, "No such parameter template; see DescribeDBInstanceParamTpl.");

  let tde: MongoInstance["tde"] = null;
  if (req.DataEncryption !== undefined && req.DataEncryption !== "No_Encryption") {
    if (req.DataEncryption !== "TDE") bad(ctx, "DataEncryption", req.DataEncryption, "DataEncryption is No_Encryption or TDE.");
    const source = req.EncryptionKeySource ?? "auto";
    if (source !== "auto" && source !== "manual") bad(ctx, "EncryptionKeySource", source, "EncryptionKeySource is auto or manual.");
    if (source === "manual") {
      const kmsRegion = req.KmsRegion ?? ctx.region;
      await checkTdeKey(ctx, req.KeyId ?? "", kmsRegion);
      tde = { keyId: req.KeyId!, kmsRegion, enabledAt: ctx.now(), keyOrigin: "manual" };
    } else {
      tde = { keyId: uuid(), kmsRegion: ctx.region, enabledAt: ctx.now(), keyOrigin: "auto" };
    }
  }

  const names = instanceNames(req.InstanceName, p.goodsNum);
  const extra = (i: number): Partial<MongoInstance> => ({
    ...(names ? { name: names[i] } : {}),
    nodes,
    mongos,
    zoneList: zones.length ? zones : [req.Zone],
    tags: req.Tags ?? [],
    instanceType: clone === 5 ? 2 : (clone as 1 | 3 | 4),
    father,
    params: template ? { ...template.params } : {},
    tde,
  });
  return { purchase: p, extra, namespaces };
}

/** A clone starts with its backup's collections, a read-only or disaster-recovery instance with its primary's. */
async function seedNamespaces(ctx: Ctx, ids: string[], namespaces: Record<string, string[]> | undefined): Promise<void> {
  if (!namespaces) return;
  for (const id of ids) await namespaceDocs(ctx).put(id, { databases: namespaces }, id);
}

/** `cmgo` → cmgo1, cmgo2, …; `cmgo{R:3}` → cmgo3, cmgo4, …; a single instance keeps a plain name. */
function instanceNames(name: string | undefined, count: number): string[] | undefined {
  if (!name) return undefined;
  const m = /^(.*)[{｛]R:(\d+)[}｝]$/u.exec(name);
  if (m) return Array.from({ length: count }, (_, i) => `${m[1]}${Number(m[2]) + i}`);
  if (count === 1) return [name];
  return Array.from({ length: count }, (_, i) => `${name}${i + 1}`);
}

function deliveredAt(ctx: Ctx, p: Purchase): number {
  return ctx.now() + (p.spec.clusterType === CLUSTER_SHARD ? SHARD_CREATE_SECONDS : TASK_SECONDS.create) * 1000;
}

/** The monthly price of the purchase with its mongos and read-only nodes. */
export function purchaseMonthly(spec: Purchase["spec"], extra: Partial<MongoInstance>): number {
  return instanceMonthly({ ...spec, nodes: extra.nodes, mongos: extra.mongos });
}

export const createDBInstanceHour: H<"CreateDBInstanceHour"> = async (ctx, req) => {
  const { purchase: p, extra, namespaces } = await purchase(ctx, req);
  const dealId = hourlyDealId(ctx);
  const monthly = purchaseMonthly(p.spec, extra(0));
  const InstanceIds = await createInstances(
    ctx,
    p,
    { payMode: 0, deadline: addMonths(ctx.now(), HOURLY_DEADLINE_MONTHS), autoRenewFlag: 0, monthlyPrice: monthly, passwordSet: req.Password !== undefined },
    dealId,
    extra,
  );
  if (req.Password !== undefined) for (const id of InstanceIds) await setUserPassword(ctx, id, ADMIN_USER, req.Password);
  await seedNamespaces(ctx, InstanceIds, namespaces);
  await recordDeal(ctx, { dealId, action: "purchase", instanceIds: InstanceIds, originalPrice: 0, discountPrice: 0, deliveredAt: deliveredAt(ctx, p) });
  return { DealId: dealId, InstanceIds };
};

/**
 * CreateDBInstance: prepaid for Period months, charged to the balance when the order is placed. A short
 * balance is a billing refusal: InvalidParameterValue.InvalidTradeOperation ("计费相关错误，不允许对当前实例进行
 * 对应的新购/续费/配置变更操作").
 */
export const createDBInstance: H<"CreateDBInstance"> = async (ctx, req) => {
  const months = Number(req.Period);
  if (!PERIODS.includes(months)) bad(ctx, "Period", req.Period, `Period is one of ${PERIODS.join(", ")} (months).`);
  const renew = Number(req.AutoRenewFlag ?? 0);
  if (renew !== 0 && renew !== 1) bad(ctx, "AutoRenewFlag", req.AutoRenewFlag, "AutoRenewFlag is 0 or 1.");
  const { purchase: p, extra, namespaces } = await purchase(ctx, req);
  const monthly = purchaseMonthly(p.spec, extra(0));
  const total = round2(monthly * months * p.goodsNum);
  if (!(await ctx.charge(total))) {
    const { balance } = await ctx.account();
    ctx.fail("InvalidParameterValue.InvalidTradeOperation", {
      en: `Insufficient account balance: the order costs ${total.toFixed(2)} CNY, the balance is ${balance.toFixed(2)} CNY.`,
      zh: `账户余额不足：订单金额 ${total.toFixed(2)} 元，账户余额 ${balance.toFixed(2)} 元，请充值后重试。`,
    });
  }
  const dealId = await prepaidDealId(ctx);
  const InstanceIds = await createInstances(
    ctx,
    p,
    { payMode: 1, deadline: addMonths(ctx.now(), months), autoRenewFlag: renew, monthlyPrice: monthly, passwordSet: req.Password !== undefined },
    dealId,
    extra,
  );
  if (req.Password !== undefined) for (const id of InstanceIds) await setUserPassword(ctx, id, ADMIN_USER, req.Password);
  await seedNamespaces(ctx, InstanceIds, namespaces);
  await recordDeal(ctx, { dealId, action: "purchase", instanceIds: InstanceIds, originalPrice: total, discountPrice: total, deliveredAt: deliveredAt(ctx, p) });
  return { DealId: dealId, InstanceIds };
};
