import type { MongodbV20180408Actions as MongodbActions } from "../../../generated/models/mongodb-v20180408";
import type { Handler } from "../../../platform/definition";
import { hourlyDealId, instanceMonthly, prepaidDealId, round2 } from "../billing";
import { addMonths, DEFAULT_MONGOS, SHARD_CREATE_SECONDS, TASK_SECONDS } from "../instance";
import { ADMIN_USER, setUserPassword } from "../accounts";
import { recordDeal } from "../orders";
import { checkPurchase, createInstances } from "../purchase";
import { invalidValue, passwordProblem, uintProblem } from "../rules";

type H<A extends keyof MongodbActions> = Handler<"mongodb", MongodbActions[A]>;

/** Pay-as-you-go instances run 50 years on paper: DescribeDBInstances shows creation + 50 years as DeadLine. */
const HOURLY_DEADLINE_MONTHS = 50 * 12;
/** Purchase periods CreateDBInstance accepts, in months. */
const TIME_SPANS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 36];

/** CreateDBInstanceHour: pay-as-you-go, nothing charged up front; returns the deal at once, the instances create. */
export const createDBInstanceHour: H<"CreateDBInstanceHour"> = async (ctx, req) => {
  if (req.InstanceRole !== "MASTER") {
    ctx.fail("InvalidParameterValue", invalidValue("InstanceRole", req.InstanceRole, "Only MASTER instances can be bought with this action."));
  }
  const encryptProblem = uintProblem("Encrypt", req.Encrypt);
  if (encryptProblem) ctx.fail("InvalidParameter", encryptProblem);
  if (req.Encrypt !== undefined && Number(req.Encrypt) !== 0) {
    if (Number(req.Encrypt) !== 1) ctx.fail("InvalidParameterValue", invalidValue("Encrypt", req.Encrypt, "Encrypt is 0 or 1."));
    if (req.EngineVersion !== "MONGO_3_ROCKS") {
      ctx.fail("InvalidParameterValue", invalidValue("Encrypt", req.Encrypt, "Only MONGO_3_ROCKS instances can be encrypted."));
    }
  }
  const purchase = await checkPurchase(ctx, {
    zone: req.Zone,
    memory: Number(req.Memory),
    volume: Number(req.Volume),
    secondaryNum: Number(req.SecondaryNum),
    replicateSetNum: Number(req.ReplicateSetNum),
    goodsNum: Number(req.GoodsNum),
    instanceType: req.InstanceType,
    version: { member: "EngineVersion", value: req.EngineVersion },
    machine: { member: "Machine", value: req.Machine },
    projectId: req.ProjectId === undefined ? undefined : Number(req.ProjectId),
    vpcId: req.UniqVpcId ?? req.VpcId,
    subnetId: req.UniqSubnetId ?? req.SubnetId,
    securityGroups: req.SecurityGroup,
    integers: {
      Memory: req.Memory,
      Volume: req.Volume,
      ReplicateSetNum: req.ReplicateSetNum,
      SecondaryNum: req.SecondaryNum,
      GoodsNum: req.GoodsNum,
      ProjectId: req.ProjectId,
    },
  });
  const dealId = hourlyDealId(ctx);
  const now = ctx.now();
  const monthly = instanceMonthly(withMongos(purchase.spec));
  const InstanceIds = await createInstances(
    ctx,
    purchase,
    { payMode: 0, deadline: addMonths(now, HOURLY_DEADLINE_MONTHS), autoRenewFlag: 0, monthlyPrice: monthly, passwordSet: false },
    dealId,
    () => withMongos(purchase.spec),
  );
  await recordDeal(ctx, { dealId, action: "purchase", instanceIds: InstanceIds, originalPrice: 0, discountPrice: 0, deliveredAt: now + createSeconds(purchase.spec.clusterType) * 1000 });
  return { DealId: dealId, InstanceIds };
};

/**
 * CreateDBInstance: prepaid for TimeSpan months, charged to the balance when the order is placed. A short
 * balance fails the order's billing check, which the 2018-04-08 API reports as InvalidParameter.
 */
export const createDBInstance: H<"CreateDBInstance"> = async (ctx, req) => {
  const spanProblem = uintProblem("TimeSpan", req.TimeSpan);
  if (spanProblem) ctx.fail("InvalidParameter", spanProblem);
  if (!TIME_SPANS.includes(Number(req.TimeSpan))) {
    ctx.fail("InvalidParameterValue", invalidValue("TimeSpan", req.TimeSpan, `TimeSpan is one of ${TIME_SPANS.join(", ")} (months).`));
  }
  const password = passwordProblem(req.Password);
  if (password) ctx.fail("InvalidParameterValue.PasswordRuleFailed", password);
  const instanceType = req.InstanceType ?? "REPLSET";
  const purchase = await checkPurchase(ctx, {
    zone: req.Zone,
    memory: Number(req.Memory),
    volume: Number(req.Volume),
    secondaryNum: Number(req.SecondaryNum),
    // The 2018-04-08 action has no shard count: a sharded cluster is bought with the minimum of 2 shards.
    replicateSetNum: instanceType === "SHARD" ? 2 : 1,
    goodsNum: Number(req.GoodsNum),
    instanceType,
    version: { member: "MongoVersion", value: req.MongoVersion },
    machine: { member: "MachineCode", value: req.MachineCode },
    projectId: req.ProjectId === undefined ? undefined : Number(req.ProjectId),
    vpcId: req.UniqVpcId,
    subnetId: req.UniqSubnetId,
    securityGroups: req.SecurityGroup,
    integers: { Memory: req.Memory, Volume: req.Volume, SecondaryNum: req.SecondaryNum, GoodsNum: req.GoodsNum, ProjectId: req.ProjectId },
  });
  const months = Number(req.TimeSpan);
  const monthly = instanceMonthly(withMongos(purchase.spec));
  const total = round2(monthly * months * purchase.goodsNum);
  if (!(await ctx.charge(total))) {
    const { balance } = await ctx.account();
    ctx.fail("InvalidParameter", {
      en: `rc check failed[insufficient account balance: the order costs ${total.toFixed(2)} CNY, the balance is ${balance.toFixed(2)} CNY]`,
      zh: `rc check failed[账户余额不足：订单金额 ${total.toFixed(2)} 元，账户余额 ${balance.toFixed(2)} 元，请充值后重试]`,
    });
  }
  const dealId = await prepaidDealId(ctx);
  const now = ctx.now();
  const InstanceIds = await createInstances(
    ctx,
    purchase,
    { payMode: 1, deadline: addMonths(now, months), autoRenewFlag: 0, monthlyPrice: monthly, passwordSet: true },
    dealId,
    () => withMongos(purchase.spec),
  );
  for (const id of InstanceIds) await setUserPassword(ctx, id, ADMIN_USER, req.Password);
  await recordDeal(ctx, { dealId, action: "purchase", instanceIds: InstanceIds, originalPrice: total, discountPrice: total, deliveredAt: now + createSeconds(purchase.spec.clusterType) * 1000 });
  return { DealId: dealId, InstanceIds };
};

/** A sharded cluster comes with the default mongos, priced with it. */
function withMongos<T extends { clusterType: number }>(spec: T): T & { mongos?: typeof DEFAULT_MONGOS } {
  return spec.clusterType === 1 ? { ...spec, mongos: DEFAULT_MONGOS } : spec;
}

function createSeconds(clusterType: number): number {
  return clusterType === 1 ? SHARD_CREATE_SECONDS : TASK_SECONDS.create;
}
