import type { Message } from "../../../errors/api-error";
import type { MongodbV20180408Actions as MongodbActions } from "../../../generated/models/mongodb-v20180408";
import type { Handler } from "../../../platform/definition";
import type { ActionContext } from "../../../platform/service";
import { hourlyDealId, instanceMonthly, paidMonthsLeft, prepaidDealId, round2 } from "../billing";
import { saleableTier, versionOf } from "../catalogue";
import { findInstance, startTask, TASK_SECONDS, type MongoInstance } from "../instance";
import { recordDeal } from "../orders";
import { settleHourly } from "../renewal";
import { uintProblem } from "../rules";

type H<A extends keyof MongodbActions> = Handler<"mongodb", MongodbActions[A]>;

/**
 * UpgradeDBInstance (prepaid) and UpgradeDBInstanceHour (pay-as-you-go) change memory, storage and oplog
 * per shard. The 2018-04-08 API documents a single code for both, InvalidParameter, so every refusal
 * answers it with a message naming the reason. A prepaid upgrade is charged (or a downgrade refunded) pro
 * rata for the rest of the paid period.
 */
export const upgradeDBInstance: H<"UpgradeDBInstance"> = async (ctx, req) => ({ DealId: await upgrade(ctx, req, 1) });
export const upgradeDBInstanceHour: H<"UpgradeDBInstanceHour"> = async (ctx, req) => ({ DealId: await upgrade(ctx, req, 0) });

function refuse(ctx: ActionContext<"mongodb">, message: Message): never {
  ctx.fail("InvalidParameter", message);
}

async function upgrade(
  ctx: ActionContext<"mongodb">,
  req: { InstanceId: string; Memory: number; Volume: number; OplogSize?: number },
  payMode: 0 | 1,
): Promise<string> {
  for (const [member, value] of Object.entries({ Memory: req.Memory, Volume: req.Volume, OplogSize: req.OplogSize })) {
    const problem = uintProblem(member, value);
    if (problem) refuse(ctx, problem);
  }
  const found = await findInstance(ctx, req.InstanceId);
  if (!found || found.phase === "isolated" || found.phase === "deleted") {
    refuse(ctx, { en: `The instance ${req.InstanceId} does not exist.`, zh: `实例 ${req.InstanceId} 不存在。` });
  }
  const { inst, phase } = found;
  if (inst.payMode !== payMode) {
    refuse(
      ctx,
      payMode === 1
        ? { en: `The instance ${inst.InstanceId} is pay-as-you-go: upgrade it with UpgradeDBInstanceHour.`, zh: `实例 ${inst.InstanceId} 为按量计费实例，请使用 UpgradeDBInstanceHour 升级。` }
        : { en: `The instance ${inst.InstanceId} is prepaid: upgrade it with UpgradeDBInstance.`, zh: `实例 ${inst.InstanceId} 为包年包月实例，请使用 UpgradeDBInstance 升级。` },
    );
  }
  if (phase !== "running") {
    refuse(ctx, {
      en: `The instance ${inst.InstanceId} is ${busyText(phase)} and cannot be upgraded now.`,
      zh: `实例 ${inst.InstanceId} 当前状态（${busyText(phase)}）不允许升级。`,
    });
  }

  const memoryGb = Number(req.Memory);
  const volumeGb = Number(req.Volume);
  const tier = saleableTier({ version: versionOf(inst.version)!, machineType: inst.machineType, clusterType: inst.clusterType, memoryGb }, false);
  if (!tier) {
    refuse(ctx, {
      en: `No ${inst.machineType} spec with ${memoryGb} GB of memory is on sale for ${inst.version}; see DescribeSpecInfo.`,
      zh: `${inst.version} 没有售卖 ${inst.machineType} 机型 ${memoryGb}GB 内存的规格，请通过 DescribeSpecInfo 查询。`,
    });
  }
  if (volumeGb < tier.minStorageGb || volumeGb > tier.maxStorageGb) {
    refuse(ctx, {
      en: `Volume ${volumeGb} GB is out of range for ${memoryGb} GB of memory: ${tier.minStorageGb} to ${tier.maxStorageGb} GB.`,
      zh: `内存 ${memoryGb}GB 的规格磁盘范围为 ${tier.minStorageGb}～${tier.maxStorageGb}GB，${volumeGb}GB 不在范围内。`,
    });
  }
  const oplogGb = req.OplogSize === undefined ? Math.max(1, Math.ceil(volumeGb / 10)) : Number(req.OplogSize);
  if (oplogGb < volumeGb * 0.1 || oplogGb > volumeGb * 0.9) {
    refuse(ctx, {
      en: `OplogSize ${oplogGb} GB is out of range: 10% to 90% of the ${volumeGb} GB volume.`,
      zh: `Oplog 大小 ${oplogGb}GB 超出范围：允许为磁盘空间（${volumeGb}GB）的10%～90%。`,
    });
  }
  const memoryUp = Math.sign(memoryGb - inst.memoryGb);
  const volumeUp = Math.sign(volumeGb - inst.volumeGb);
  if (memoryUp * volumeUp < 0) {
    refuse(ctx, { en: "Memory and Volume must be raised or lowered together.", zh: "内存和磁盘必须同时升配或同时降配。" });
  }
  if (memoryUp === 0 && volumeUp === 0 && oplogGb === inst.oplogGb) {
    refuse(ctx, { en: `The instance ${inst.InstanceId} already has this spec.`, zh: `实例 ${inst.InstanceId} 的规格未发生变化。` });
  }

  const target = { memoryGb, volumeGb, oplogGb };
  let dealId: string;
  let next: MongoInstance = inst;
  if (payMode === 1) {
    const monthly = instanceMonthly({ ...inst, ...target });
    const difference = round2((monthly - inst.monthlyPrice) * paidMonthsLeft(ctx.now(), inst.deadline));
    if (difference > 0 && !(await ctx.charge(difference))) {
      const { balance } = await ctx.account();
      refuse(ctx, {
        en: `rc check failed[insufficient account balance: the upgrade costs ${difference.toFixed(2)} CNY, the balance is ${balance.toFixed(2)} CNY]`,
        zh: `rc check failed[账户余额不足：升级费用 ${difference.toFixed(2)} 元，账户余额 ${balance.toFixed(2)} 元]`,
      });
    }
    if (difference < 0) await ctx.refund(-difference);
    next = { ...inst, monthlyPrice: monthly };
    dealId = await prepaidDealId(ctx);
    const action = difference < 0 || memoryUp < 0 || volumeUp < 0 ? "downgrade" : "upgrade";
    await recordDeal(ctx, { dealId, action, instanceIds: [inst.InstanceId], originalPrice: Math.abs(difference), discountPrice: Math.abs(difference), deliveredAt: ctx.now() + TASK_SECONDS.upgrade * 1000 });
  } else {
    // Usage until now is billed at the old rate; the new spec's rate applies from here on.
    next = { ...(await settleHourly(ctx, inst)), monthlyPrice: instanceMonthly({ ...inst, ...target }) };
    dealId = hourlyDealId(ctx);
    await recordDeal(ctx, { dealId, action: memoryUp < 0 || volumeUp < 0 ? "downgrade" : "upgrade", instanceIds: [inst.InstanceId], originalPrice: 0, discountPrice: 0, deliveredAt: ctx.now() + TASK_SECONDS.upgrade * 1000 });
  }
  await startTask(ctx, next, "upgrade", dealId, { target });
  return dealId;
}

export function busyText(phase: string): string {
  switch (phase) {
    case "creating":
      return "being created";
    case "upgrading":
      return "being upgraded";
    case "password":
      return "changing its password";
    case "terminating":
      return "being terminated";
    case "expired":
      return "isolated (expired)";
    default:
      return phase;
  }
}
