import { randomUUID } from "node:crypto";
import { instanceMonthly, round2 } from "../billing";
import { REGIONS } from "../catalogue";
import { DEFAULT_MONGOS, defaultNodes } from "../instance";
import { checkPurchase } from "../purchase";
import { active, bad, existing, type Ctx, type H } from "./common";
import { PERIODS } from "./create";

/** Price inquiries for purchases, log delivery to CLS, and the member-less connection-limit action. */

export const inquirePriceCreateDBInstances: H<"InquirePriceCreateDBInstances"> = async (ctx, req) => {
  const chargeType = req.InstanceChargeType ?? "PREPAID";
  if (chargeType !== "PREPAID" && chargeType !== "POSTPAID_BY_HOUR") bad(ctx, "InstanceChargeType", chargeType, "InstanceChargeType is PREPAID or POSTPAID_BY_HOUR.");
  const period = Number(req.Period ?? 1);
  if (chargeType === "PREPAID" ? !PERIODS.includes(period) : period !== 1) bad(ctx, "Period", req.Period, chargeType === "PREPAID" ? `Period is one of ${PERIODS.join(", ")}.` : "Pay-as-you-go inquiries take Period 1.");
  const goods = Number(req.GoodsNum);
  if (!Number.isInteger(goods) || goods < 1 || goods > 10) bad(ctx, "GoodsNum", req.GoodsNum, "GoodsNum ranges from 1 to 10.");
  const p = await checkPurchase(ctx, {
    api: "2019",
    zone: req.Zone,
    memory: Number(req.Memory),
    volume: Number(req.Volume),
    secondaryNum: Number(req.NodeNum) - 1,
    replicateSetNum: Number(req.ReplicateSetNum),
    goodsNum: goods,
    instanceType: req.ClusterType,
    version: { member: "MongoVersion", value: req.MongoVersion },
    machine: { member: "MachineCode", value: req.MachineCode },
    cpu: req.Cpu === undefined ? undefined : Number(req.Cpu),
    integers: {},
  });
  const readonly = Number(req.ReadonlyNodeNum ?? 0);
  if (!Number.isInteger(readonly) || readonly < 0 || readonly > 5) bad(ctx, "ReadonlyNodeNum", req.ReadonlyNodeNum, "ReadonlyNodeNum ranges from 0 to 5.");
  let mongos = { cpu: 0, memoryGb: 0, nodeNum: 0 };
  if (p.spec.clusterType === 1) {
    const cpu = Number(req.MongosCpu ?? DEFAULT_MONGOS.cpu);
    const memoryGb = Number(req.MongosMemory ?? cpu * 2);
    const nodeNum = Number(req.MongosNum ?? DEFAULT_MONGOS.nodeNum);
    if (![1, 2, 4, 8, 16].includes(cpu)) bad(ctx, "MongosCpu", req.MongosCpu, "MongosCpu is 1, 2, 4, 8 or 16.");
    if (memoryGb !== cpu * 2) bad(ctx, "MongosMemory", req.MongosMemory, "mongos are sold as 1C2G, 2C4G, 4C8G, 8C16G and 16C32G.");
    if (!Number.isInteger(nodeNum) || nodeNum < 3 || nodeNum > 32) bad(ctx, "MongosNum", req.MongosNum, "MongosNum ranges from 3 to 32.");
    mongos = { cpu, memoryGb, nodeNum };
  }
  const monthly = instanceMonthly({ ...p.spec, nodes: defaultNodes(p.spec.secondaryNum, req.Zone, readonly), mongos });
  if (chargeType === "POSTPAID_BY_HOUR") {
    const hourly = round2(monthly / 720);
    return { Price: { UnitPrice: hourly, OriginalPrice: round2(hourly * goods), DiscountPrice: round2(hourly * goods) } };
  }
  const total = round2(monthly * period * goods);
  return { Price: { UnitPrice: monthly, OriginalPrice: total, DiscountPrice: total } };
};

const LOG_TYPES = { "MongoDB-ErrorLog": "error", "MongoDB-SlowLog": "slow", "MongoDB-OperationLog": "operation" } as const;

interface ClsDelivery {
  status: "ON" | "OFF";
  clsRegion: string;
  logsetId: string;
  topicId: string;
}

type ClsConfig = Record<"error" | "slow" | "operation", ClsDelivery>;

const cls = (ctx: Ctx) => ctx.docs<ClsConfig>("cls-delivery");
const OFF = (region: string): ClsDelivery => ({ status: "OFF", clsRegion: region, logsetId: "", topicId: "" });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const describeDBInstanceLogToCLS: H<"DescribeDBInstanceLogToCLS"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  if (req.CLSRegion !== undefined && !REGIONS.includes(req.CLSRegion)) bad(ctx, "CLSRegion", req.CLSRegion, "CLSRegion is a region.");
  const c = (await cls(ctx).get(inst.InstanceId)) ?? { error: OFF(ctx.region), slow: OFF(ctx.region), operation: OFF(ctx.region) };
  const view = (d: ClsDelivery) => ({ CLSRegion: d.clsRegion, Status: d.status, LogSetId: d.logsetId, LogTopicId: d.topicId });
  return { ErrorLog: view(c.error), SlowLog: view(c.slow), OperationLog: view(c.operation) };
};

export const modifyDBInstanceLogToCLS: H<"ModifyDBInstanceLogToCLS"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  const kind = LOG_TYPES[req.LogType as keyof typeof LOG_TYPES];
  if (!kind) ctx.fail("InvalidParameter", { en: "LogType is MongoDB-ErrorLog, MongoDB-SlowLog or MongoDB-OperationLog.", zh: "LogType 取值错误。" });
  if (req.Status !== "ON" && req.Status !== "OFF") ctx.fail("InvalidParameter", { en: "Status is ON or OFF.", zh: "Status 取值为 ON 或 OFF。" });
  const region = req.CLSRegion ?? ctx.region;
  if (!REGIONS.includes(region)) ctx.fail("InvalidParameter", { en: `CLSRegion ${region} is not a region.`, zh: `CLSRegion ${region} 无效。` });
  const c = (await cls(ctx).get(inst.InstanceId)) ?? { error: OFF(ctx.region), slow: OFF(ctx.region), operation: OFF(ctx.region) };
  let delivery = OFF(region);
  if (req.Status === "ON") {
    if (!req.Logset && !req.LogTopic) ctx.fail("InvalidParameter", { en: "Delivery ON needs Logset or LogTopic.", zh: "参数 Status 的值为 ON 时，Logset 和 LogTopic 参数必须填一个。" });
    const idOf = (create: boolean | undefined, value: string | undefined, member: string) => {
      if (!value) return "";
      if (create) return randomUUID();
      if (!UUID.test(value)) ctx.fail("InvalidParameter", { en: `${member} \`${value}\` is not an existing CLS id (set Create${member} to create one by name).`, zh: `${member} \`${value}\` 不是已有的 ID。` });
      return value;
    };
    delivery = { status: "ON", clsRegion: region, logsetId: idOf(req.CreateLogset, req.Logset, "Logset"), topicId: idOf(req.CreateLogTopic, req.LogTopic, "LogTopic") };
  }
  await cls(ctx).put(inst.InstanceId, { ...c, [kind]: delivery }, inst.InstanceId);
  return {};
};

/**
 * The SDK models IncreaseDBInstanceConnectionLimit without any member (its reference page says only
 * "终止实例流程"): no instance can be named, so tclocal accepts the call and changes nothing. Its
 * ConnectionUpdate* codes are left to fault injection (docs/services/mongodb.md).
 */
export const increaseDBInstanceConnectionLimit: H<"IncreaseDBInstanceConnectionLimit"> = () => ({});
