import { payHours, renewWhileDue, round2 } from "../../platform/money";
import { DISK_TYPES, diskMonthlyPrice, extendInstanceDisks, instanceDisks, isDiskType, type DiskType } from "../cbs/for-products";
import { schedule, type Ctx } from "./common";
import { instances, instanceState, type InstanceDoc } from "./instance-model";
import { typePrice } from "./instance-types";
import { releaseInstance } from "./power";

/**
 * What the clock does to an instance's bill, materialized by reconcile (cvm/reconcile.ts) at the first CVM call
 * after it is due, as real CVM documents it:
 * - a prepaid instance at its ExpiredTime renews itself for a month with NOTIFY_AND_AUTO_RENEW when the balance
 *   pays it (as many months as the clock passed); otherwise it expires: SHUTDOWN in the recycle bin
 *   (RestrictState EXPIRED, IsolatedSource EXPIRE) for 7 days, where RenewInstances brings it back, then released;
 * - a pay-as-you-go instance pays each full hour since its launch at the price InquiryPriceRunInstances quotes
 *   (its compute and its pay-as-you-go disks; compute not while STOPPED with STOP_CHARGING), the rate that holds
 *   at the hour's end. When the balance cannot pay an hour the account is in arrears: the instance runs 2 more
 *   hours (owed), then shuts down (IsolatedSource ARREAR) for 15 days, when it is released unless StartInstances,
 *   once the balance pays what is owed, brings it back.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** How long an instance isolated by the clock stays in the recycle bin before it is released. */
const KEEP_MS: Record<"EXPIRE" | "ARREAR", number> = { EXPIRE: 7 * DAY_MS, ARREAR: 15 * DAY_MS };
/** Pay-as-you-go instances keep running this long after the balance could not pay an hour. */
export const ARREARS_GRACE_MS = 2 * HOUR_MS;

/** Billed by the hour: pay-as-you-go (spot instances are billed like it). */
export const billedHourly = (i: Pick<InstanceDoc, "InstanceChargeType">) => i.InstanceChargeType === "POSTPAID_BY_HOUR" || i.InstanceChargeType === "SPOTPAID";

const specOf = (i: InstanceDoc) => ({ InstanceType: i.InstanceType, family: i.InstanceType.split(".")[0], CPU: i.CPU, Memory: i.Memory });
const round4 = (n: number) => Math.round(n * 10000) / 10000;

/** CNY an hour of an instance type with its disks, as InquiryPriceRunInstances quotes it (UnitPrice, one instance). */
export function hourlyPrice(spec: Parameters<typeof typePrice>[0], disks: readonly { type: DiskType; size: number }[]): number {
  return round4(typePrice(spec).hourly + disks.reduce((s, d) => s + d.size * DISK_TYPES[d.type].hourly, 0));
}

/** The monthly price of a prepaid instance with its prepaid disks (the elastic ones only when `elastic`). */
export async function monthlyPrice(ctx: Ctx, i: InstanceDoc, elastic = true, spec = specOf(i)): Promise<number> {
  const disks = await instanceDisks(ctx, i.InstanceId, i.SystemDiskId);
  const paid = [disks.system, ...disks.data].filter((d) => d && isDiskType(d.DiskType) && d.DiskChargeType === "PREPAID" && (elastic || !d.Portable));
  return typePrice(spec).monthly + paid.reduce((s, d) => s + diskMonthlyPrice(d!.DiskType as DiskType, d!.DiskSize), 0);
}

/** When the clock next has something to do with the instance, or null. */
export function termDue(i: InstanceDoc): number | null {
  if (i.isolated) return i.isolatedSource === "EXPIRE" || i.isolatedSource === "ARREAR" ? (i.isolatedAt ?? i.stateAt) + KEEP_MS[i.isolatedSource] : null;
  if (i.InstanceChargeType === "PREPAID") return i.deadline;
  if (billedHourly(i)) return (i.billedUntil ?? i.createdAt) + HOUR_MS;
  return null;
}

/** Notes the instance's next due time on CVM's agenda (after a change that may bring it nearer). */
export function noteTerm(ctx: Ctx, i: InstanceDoc): Promise<void> {
  return schedule(ctx).expect(termDue(i));
}

/** Settles what became due for every instance of the account and region; answers the next due time. */
export async function settleTerms(ctx: Ctx): Promise<number> {
  const now = ctx.now();
  const col = instances(ctx);
  let next = Infinity;
  for (const stored of await col.all()) {
    if (instanceState(stored, now) === "TERMINATED") continue;
    const due = termDue(stored);
    if (due === null) continue;
    if (due > now) {
      next = Math.min(next, due);
      continue;
    }
    const i = await release(ctx, await settleHours(ctx, await expire(ctx, stored, now), now), now);
    if (i !== stored) await col.update(i.InstanceId, i);
    const after = i.state === "TERMINATING" ? null : termDue(i);
    if (after !== null) next = Math.min(next, after);
  }
  return next;
}

/** A prepaid instance past its deadline: renewed from the balance (NOTIFY_AND_AUTO_RENEW), else expired into the recycle bin. */
async function expire(ctx: Ctx, i: InstanceDoc, now: number): Promise<InstanceDoc> {
  if (i.InstanceChargeType !== "PREPAID" || i.isolated || i.state === "TERMINATING" || i.deadline === null || now < i.deadline) return i;
  let { deadline, paid } = i;
  if (i.RenewFlag === "NOTIFY_AND_AUTO_RENEW") {
    // A month at a time (ModifyInstancesRenewFlag's documented period); elastic disks renew on their own terms in CBS.
    const renewed = await renewWhileDue(ctx, deadline, now, 1, round2(await monthlyPrice(ctx, i, false)));
    if (renewed.deadline !== deadline) await extendInstanceDisks(ctx, i.InstanceId, renewed.deadline, false);
    deadline = renewed.deadline;
    paid = round2(paid + renewed.charged);
  }
  if (deadline > now) return { ...i, deadline, paid };
  return { ...i, deadline, paid, isolated: true, isolatedSource: "EXPIRE", isolatedAt: deadline, state: "SHUTDOWN", stateAt: deadline };
}

/** The rate of the hour ending at `t`: nothing once isolated or going; the disks only while stopped without charging. */
function rateAt(i: InstanceDoc, t: number, compute: number, disks: number): number {
  // Before the last change (made by a timer at its time, after the call's sweep): the instance was live and paying.
  if (t < i.stateAt) return round4(compute + disks);
  const state = instanceState(i, t);
  if (state === "SHUTDOWN" || state === "TERMINATING" || state === "TERMINATED") return 0;
  if (state === "STOPPED" && i.StopChargingMode === "STOP_CHARGING") return round4(disks);
  return round4(compute + disks);
}

/** A pay-as-you-go instance pays its full hours up to now; arrears as described above. */
async function settleHours(ctx: Ctx, i: InstanceDoc, now: number): Promise<InstanceDoc> {
  if (!billedHourly(i) || i.isolated) return i;
  const view = await instanceDisks(ctx, i.InstanceId, i.SystemDiskId);
  const disks = [view.system, ...view.data]
    .filter((d) => d && d.DiskChargeType === "POSTPAID_BY_HOUR" && isDiskType(d.DiskType))
    .reduce((s, d) => s + d!.DiskSize * DISK_TYPES[d!.DiskType as DiskType].hourly, 0);
  const compute = typePrice(specOf(i)).hourly;
  let billed = i.billedUntil ?? i.createdAt;
  let arrearsAt = i.arrearsAt ?? null;
  let owed = i.owed ?? 0;
  // Topped up during the grace hours: what is owed is paid and the arrears end.
  if (arrearsAt !== null && (await ctx.charge(round2(owed)))) {
    arrearsAt = null;
    owed = 0;
  }
  let end = arrearsAt === null ? now : Math.min(now, arrearsAt + ARREARS_GRACE_MS);
  while (end - billed >= HOUR_MS) {
    // A run of hours at one rate is paid in one charge.
    const rate = rateAt(i, billed + HOUR_MS, compute, disks);
    let n = 1;
    while (billed + (n + 1) * HOUR_MS <= end && rateAt(i, billed + (n + 1) * HOUR_MS, compute, disks) === rate) n++;
    if (arrearsAt === null) {
      const paid = await payHours(ctx, rate, n);
      billed += paid * HOUR_MS;
      if (paid < n) {
        arrearsAt = billed + HOUR_MS;
        end = Math.min(now, arrearsAt + ARREARS_GRACE_MS);
      }
      continue;
    }
    owed += rate * n;
    billed += n * HOUR_MS;
  }
  const next: InstanceDoc = { ...i, billedUntil: billed, arrearsAt, owed: round2(owed) };
  if (arrearsAt === null || now < arrearsAt + ARREARS_GRACE_MS) return next;
  const at = arrearsAt + ARREARS_GRACE_MS;
  return { ...next, billedUntil: at, isolated: true, isolatedSource: "ARREAR", isolatedAt: at, state: "SHUTDOWN", stateAt: at };
}

/** An instance the clock isolated is released once its time in the recycle bin is over (its disks and network go). */
async function release(ctx: Ctx, i: InstanceDoc, now: number): Promise<InstanceDoc> {
  if (!i.isolated || i.state === "TERMINATING" || (i.isolatedSource !== "EXPIRE" && i.isolatedSource !== "ARREAR")) return i;
  const at = termDue(i)!;
  if (now < at) return i;
  const released = await releaseInstance(ctx, i, false);
  return { ...i, released, state: "TERMINATING", stateAt: at };
}
