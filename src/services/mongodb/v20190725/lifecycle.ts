import { addMonths } from "../../../platform/clock";
import { nextId, paidMonthsLeft, prepaidDealId, round2 } from "../billing";
import { findInstance, saveInstance, startTask, TASK_SECONDS, type MongoInstance } from "../instance";
import { recordAsyncRequest, recordDeal } from "../orders";
import { settleHourly } from "../renewal";
import { bad, existing, flowTask, lockable, type Ctx, type H } from "./common";
import { PERIODS } from "./create";

/**
 * Isolation, offlining, termination, renewal and promotion. Pay-as-you-go instances are isolated with
 * IsolateDBInstance (billing stops), prepaid ones returned with TerminateDBInstances (the unused paid time is
 * refunded pro rata); both then sit in the recycle bin (3 days pay-as-you-go, 7 days prepaid) unless
 * OfflineIsolatedDBInstance takes them offline at once.
 */

function protectedFail(ctx: Ctx, inst: MongoInstance): void {
  if (inst.deletionProtection) {
    ctx.fail("FailedOperation.DeletionProtectionEnabled", {
      en: `The instance ${inst.InstanceId} has deletion protection enabled; turn it off with SetDBInstanceDeletionProtection first.`,
      zh: `实例 ${inst.InstanceId} 开启了销毁保护，不允许销毁。`,
    });
  }
}

async function isolateRequest(ctx: Ctx, inst: MongoInstance, kind: "isolate" | "terminate"): Promise<string> {
  const id = String(await nextId(ctx, "async"));
  const next = await startTask(ctx, inst, kind, id);
  await recordAsyncRequest(ctx, { id, kind: "isolate", instanceId: inst.InstanceId, startedAt: ctx.now(), endsAt: next.task!.endsAt });
  return id;
}

export const isolateDBInstance: H<"IsolateDBInstance"> = async (ctx, req) => {
  const found = await findInstance(ctx, req.InstanceId);
  if (!found) return ctx.fail("InvalidParameterValue.NotFoundInstance", { en: `The instance ${req.InstanceId} does not exist.`, zh: `未找到实例 ${req.InstanceId}。` });
  if (found.phase === "deleted") ctx.fail("InvalidParameterValue.InstanceHasBeenDeleted", { en: `The instance ${req.InstanceId} has been deleted.`, zh: `实例 ${req.InstanceId} 已删除。` });
  if (found.phase === "isolated" || found.phase === "expired") ctx.fail("InvalidParameterValue.InstanceHasBeenIsolated", { en: `The instance ${req.InstanceId} has been isolated.`, zh: `实例 ${req.InstanceId} 已隔离。` });
  if (found.inst.payMode === 1) {
    ctx.fail("InvalidParameterValue.PrePaidInstanceUnableToIsolate", {
      en: `The instance ${req.InstanceId} is prepaid: return it with TerminateDBInstances.`,
      zh: `实例 ${req.InstanceId} 为预付费实例，不支持销毁，请使用 TerminateDBInstances 退还。`,
    });
  }
  protectedFail(ctx, found.inst);
  const { inst } = await lockable(ctx, req.InstanceId);
  return { AsyncRequestId: await isolateRequest(ctx, await settleHourly(ctx, inst), "isolate") };
};

export const terminateDBInstances: H<"TerminateDBInstances"> = async (ctx, req) => {
  const { inst, phase } = await existing(ctx, req.InstanceId);
  if (phase === "isolated" || phase === "expired") ctx.fail("InvalidParameterValue.StatusAbnormal", { en: `The instance ${req.InstanceId} is already isolated.`, zh: `实例 ${req.InstanceId} 已隔离，当前状态不允许退还。` });
  if (inst.payMode !== 1) {
    ctx.fail("InvalidParameter", { en: `The instance ${req.InstanceId} is pay-as-you-go: isolate it with IsolateDBInstance.`, zh: `实例 ${req.InstanceId} 为按量计费实例，请使用 IsolateDBInstance 隔离。` });
  }
  protectedFail(ctx, inst);
  await lockable(ctx, req.InstanceId);
  const refund = round2(inst.monthlyPrice * paidMonthsLeft(ctx.now(), inst.deadline));
  if (refund > 0) await ctx.refund(refund);
  const dealId = await prepaidDealId(ctx);
  await recordDeal(ctx, { dealId, action: "refund", instanceIds: [inst.InstanceId], originalPrice: refund, discountPrice: refund, deliveredAt: ctx.now() });
  await isolateRequest(ctx, inst, "terminate");
  return {};
};

export const offlineIsolatedDBInstance: H<"OfflineIsolatedDBInstance"> = async (ctx, req) => {
  const found = await findInstance(ctx, req.InstanceId);
  if (!found) return ctx.fail("InvalidParameterValue.NotFoundInstance", { en: `The instance ${req.InstanceId} does not exist.`, zh: `未找到实例 ${req.InstanceId}。` });
  if (found.phase === "deleted") ctx.fail("InvalidParameterValue.InstanceHasBeenDeleted", { en: `The instance ${req.InstanceId} has been deleted.`, zh: `实例 ${req.InstanceId} 已删除。` });
  if (found.phase !== "isolated" && found.phase !== "expired") {
    ctx.fail("InvalidParameterValue.IllegalStatusToOffline", {
      en: `The instance ${req.InstanceId} is not isolated; only isolated instances can be taken offline.`,
      zh: `实例 ${req.InstanceId} 状态不允许进行下线，进行下线操作的实例状态必须为隔离状态。`,
    });
  }
  if (found.inst.offlineAt != null) ctx.fail("InvalidParameterValue.LockFailed", { en: `The instance ${req.InstanceId} is already going offline.`, zh: `实例 ${req.InstanceId} 正在下线，实例锁定失败。` });
  const id = String(await nextId(ctx, "async"));
  const endsAt = ctx.now() + TASK_SECONDS.offline * 1000;
  await saveInstance(ctx, { ...found.inst, offlineAt: endsAt });
  await recordAsyncRequest(ctx, { id, kind: "offline", instanceId: req.InstanceId, startedAt: ctx.now(), endsAt });
  return { AsyncRequestId: id };
};

const RENEW_FLAGS: Record<string, number> = { NOTIFY_AND_AUTO_RENEW: 1, NOTIFY_AND_MANUAL_RENEW: 0, DISABLE_NOTIFY_AND_MANUAL_RENEW: 2 };

function renewTerms(ctx: Ctx, p: { Period?: number; RenewFlag?: string }): { months: number; flag: number | undefined } {
  const months = Number(p.Period ?? 1);
  if (!PERIODS.includes(months)) bad(ctx, "InstanceChargePrepaid.Period", p.Period, `Period is one of ${PERIODS.join(", ")} (months).`);
  if (p.RenewFlag !== undefined && !(p.RenewFlag in RENEW_FLAGS)) {
    bad(ctx, "InstanceChargePrepaid.RenewFlag", p.RenewFlag, "RenewFlag is NOTIFY_AND_AUTO_RENEW, NOTIFY_AND_MANUAL_RENEW or DISABLE_NOTIFY_AND_MANUAL_RENEW.");
  }
  return { months, flag: p.RenewFlag === undefined ? undefined : RENEW_FLAGS[p.RenewFlag] };
}

async function renewable(ctx: Ctx, ids: string[], max: number): Promise<MongoInstance[]> {
  if (!ids.length || ids.length > max) ctx.fail("InvalidParameter", { en: `InstanceIds names 1 to ${max} instances.`, zh: `InstanceIds 须包含 1～${max} 个实例。` });
  const out: MongoInstance[] = [];
  for (const id of ids) {
    const { inst, phase } = await existing(ctx, id);
    if (inst.payMode !== 1 || (phase === "isolated" && inst.terminatedAt !== null)) {
      ctx.fail("InvalidParameterValue.InvalidTradeOperation", {
        en: `The instance ${id} cannot be renewed: ${inst.payMode !== 1 ? "it is pay-as-you-go" : "it was returned"}.`,
        zh: `计费相关错误，不允许对实例 ${id} 进行续费操作。`,
      });
    }
    out.push(inst);
  }
  return out;
}

/** RenewDBInstances: Period months from the current deadline (an expired instance from now), charged now. */
export const renewDBInstances: H<"RenewDBInstances"> = async (ctx, req) => {
  const { months, flag } = renewTerms(ctx, req.InstanceChargePrepaid);
  const targets = await renewable(ctx, req.InstanceIds, 100);
  const total = round2(targets.reduce((s, i) => s + i.monthlyPrice * months, 0));
  if (!(await ctx.charge(total))) {
    const { balance } = await ctx.account();
    ctx.fail("InvalidParameterValue.InvalidTradeOperation", { en: `Insufficient balance: the renewal costs ${total.toFixed(2)} CNY, the balance is ${balance.toFixed(2)} CNY.`, zh: `账户余额不足：续费金额 ${total.toFixed(2)} 元，账户余额 ${balance.toFixed(2)} 元。` });
  }
  const now = ctx.now();
  const dealId = await prepaidDealId(ctx);
  for (const inst of targets) {
    await saveInstance(ctx, { ...inst, deadline: addMonths(Math.max(inst.deadline, now), months), ...(flag === undefined ? {} : { autoRenewFlag: flag }) });
  }
  await recordDeal(ctx, { dealId, action: "renew", instanceIds: targets.map((i) => i.InstanceId), originalPrice: total, discountPrice: total, deliveredAt: now });
  return {};
};

export const inquirePriceRenewDBInstances: H<"InquirePriceRenewDBInstances"> = async (ctx, req) => {
  const { months } = renewTerms(ctx, req.InstanceChargePrepaid);
  const targets = await renewable(ctx, req.InstanceIds, 5);
  const total = round2(targets.reduce((s, i) => s + i.monthlyPrice * months, 0));
  return { Price: { UnitPrice: round2(total / months), OriginalPrice: total, DiscountPrice: total } };
};

/** A read-only or disaster-recovery instance becomes an independent formal instance. */
export const promoteDBInstanceToActive: H<"PromoteDBInstanceToActive"> = async (ctx, req) => {
  const { inst } = await lockable(ctx, req.InstanceId);
  if (inst.instanceType !== 3 && inst.instanceType !== 4) bad(ctx, "InstanceId", req.InstanceId, "Only read-only and disaster-recovery instances can be promoted.");
  if (inst.father !== req.MasterId) bad(ctx, "MasterId", req.MasterId, `The primary of ${req.InstanceId} is ${inst.father}.`);
  const FlowId = await flowTask(ctx, inst, "promote", { target: { instanceType: 1, father: "" } });
  return { FlowId };
};

