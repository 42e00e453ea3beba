import type { ActionContext } from "../../platform/service";
import { payHours, renewWhileDue } from "../../platform/money";
import { round2 } from "./billing";
import { instances, phaseOf, RETENTION_MS, saveInstance, settle, type MongoInstance } from "./instance";

/**
 * What the clock makes due, before every call of the product (reconcile):
 * - prepaid instances with auto-renewal (AutoRenewFlag 1): when the paid period ends, a month is charged to the
 *   balance and the deadline moves on, as many times as the clock has passed deadlines. With a short balance
 *   the instance stays expired (Status -2); a later call renews it if the balance was topped up within the
 *   recycle-bin retention;
 * - pay-as-you-go instances are billed for each full hour they ran (monthly price / 720 an hour); an hour the
 *   balance cannot pay isolates the instance for arrears (Status -3 in 2019-07-25).
 */
export async function renewDueInstances(ctx: ActionContext<"mongodb">): Promise<void> {
  const now = ctx.now();
  const docs = instances(ctx);
  for (const stored of await docs.all()) {
    if (stored.payMode === 0) {
      if (stored.terminatedAt === null && now - (stored.billedUntil ?? stored.createdAt) >= HOUR_MS) await settleHourly(ctx, stored, true);
      continue;
    }
    if (stored.autoRenewFlag !== 1 || now < stored.deadline) continue;
    if (now >= stored.deadline + RETENTION_MS.prepaid || stored.terminatedAt !== null) continue;
    const inst = settle(stored, now);
    const renewed = await renewWhileDue(ctx, inst.deadline, now, 1, inst.monthlyPrice);
    if (renewed.deadline !== inst.deadline) await docs.update(inst.InstanceId, { ...inst, deadline: renewed.deadline });
  }
}

const HOUR_MS = 3600_000;

/** The hourly price of a pay-as-you-go instance (a month counts 720 hours). */
export function hourlyPrice(inst: Pick<MongoInstance, "monthlyPrice">): number {
  return round2(inst.monthlyPrice / 720);
}

/**
 * Bills a pay-as-you-go instance's full hours up to now (or up to its isolation) and returns it as billed.
 * With `save`, the result is stored; an hour the balance cannot pay isolates the instance.
 */
export async function settleHourly(ctx: ActionContext<"mongodb">, inst: MongoInstance, save = false): Promise<MongoInstance> {
  if (inst.payMode !== 0) return inst;
  const now = ctx.now();
  const end = inst.terminatedAt !== null ? Math.min(now, inst.terminatedAt) : now;
  let billed = inst.billedUntil ?? inst.createdAt;
  let next = inst;
  const price = hourlyPrice(inst);
  const hours = Math.floor((end - billed) / HOUR_MS);
  const paid = await payHours(ctx, price, hours);
  billed += paid * HOUR_MS;
  // Arrears: isolated at the end of the hour the balance could not pay.
  if (paid < hours) next = { ...next, terminatedAt: billed + HOUR_MS, task: null };
  next = { ...next, billedUntil: billed };
  if (save) await saveInstance(ctx, phaseOf(next, now) === "deleted" ? next : settle(next, now));
  return next;
}
