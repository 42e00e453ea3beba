import { addMonths, formatDate } from "../../platform/clock";
import { endPro, machines, type MachineDoc } from "./machine-model";
import { docs, type Ctx } from "./store";
import { round2 } from "../../platform/money";

/*
 * Pro edition billing. Prepaid (包年包月) is charged to the account balance when bought or renewed and ends at
 * its deadline unless auto-renewal can charge another month. Postpaid (按量计费) is settled per day (UTC+8)
 * once the day is over: a host that was Pro at any time of the day costs one day; an account whose balance
 * cannot pay loses postpaid Pro on all its hosts at the end of that day (arrears).
 *
 * Prices: the API example prices one host for one month at 100 (original) and 88.88 (discounted); the real
 * price list is not public, so tclocal uses those numbers. Postpaid: 4 per host-day (PostPayCost is an integer).
 */

export const MONTHLY_PRICE = 100;
export const DISCOUNT = 0.8888;
export const DAILY_PRICE = 4;
export const PERIODS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 36] as const;
export const RENEW_FLAGS = ["NOTIFY_AND_AUTO_RENEW", "NOTIFY_AND_MANUAL_RENEW", "DISABLE_NOTIFY_AND_MANUAL_RENEW"] as const;

const DAY = 86_400_000;
const TZ = 8 * 3600_000;

export { round2 } from "../../platform/money";

export function prepaidPrice(hosts: number, months: number): { OriginalPrice: number; DiscountPrice: number } {
  const original = MONTHLY_PRICE * hosts * months;
  return { OriginalPrice: round2(original), DiscountPrice: round2(original * DISCOUNT) };
}

export { addMonths } from "../../platform/clock";

export function startOfDay(ms: number): number {
  return Math.floor((ms + TZ) / DAY) * DAY - TZ;
}

interface Billing {
  settledThrough: number;
  /** Postpaid cost per settled day (YYYY-MM-DD), the last two weeks. */
  costs: Record<string, number>;
}

const billing = (ctx: Ctx) => docs<Billing>(ctx, "billing");

function wasProPostpaid(m: MachineDoc, from: number, to: number): boolean {
  return m.proPeriods.some((p) => p.payMode === "POSTPAY" && p.from < to && (p.to === null || p.to > from));
}

/** Settles every postpaid day that is over, and ends or auto-renews prepaid Pro whose deadline has passed. */
export async function settlePro(ctx: Ctx): Promise<void> {
  const now = ctx.now();
  const col = machines(ctx);
  const today = startOfDay(now);
  const b = (await billing(ctx).get("account")) ?? { settledThrough: today, costs: {} };
  const before = b.settledThrough;
  let all: MachineDoc[] | undefined;
  while (b.settledThrough + DAY <= today) {
    const from = b.settledThrough;
    const to = from + DAY;
    all ??= await col.all();
    const hosts = all.filter((m) => wasProPostpaid(m, from, to));
    const cost = hosts.length * DAILY_PRICE;
    let charged = 0;
    if (cost > 0) {
      if (await ctx.charge(cost)) charged = cost;
      else {
        for (const m of hosts) {
          if (m.pro?.payMode === "POSTPAY") {
            endPro(m, to);
            await col.update(m.uuid, m);
          }
        }
      }
    }
    b.costs[formatDate(from)] = charged;
    b.settledThrough = to;
  }
  if (b.settledThrough !== before || !(await billing(ctx).has("account"))) {
    const keep = Object.keys(b.costs).sort().slice(-14);
    b.costs = Object.fromEntries(keep.map((k) => [k, b.costs[k]]));
    await billing(ctx).put("account", b);
  }
  for (const m of all ?? (await col.all())) {
    if (m.pro?.payMode !== "PREPAY" || m.pro.deadline === null || m.pro.deadline > now) continue;
    if (m.pro.renewFlag === "NOTIFY_AND_AUTO_RENEW") {
      while (m.pro.deadline !== null && m.pro.deadline <= now && (await ctx.charge(prepaidPrice(1, 1).DiscountPrice))) {
        m.pro.deadline = addMonths(m.pro.deadline, 1);
      }
    }
    if (m.pro.deadline !== null && m.pro.deadline <= now) endPro(m, m.pro.deadline);
    await col.update(m.uuid, m);
  }
}

/** What postpaid Pro cost yesterday (DescribeProVersionInfo's PostPayCost). */
export async function yesterdayCost(ctx: Ctx): Promise<number> {
  const b = await billing(ctx).get("account");
  return b?.costs[formatDate(startOfDay(ctx.now()) - DAY)] ?? 0;
}

/** A deal id as the billing system writes them: the date and six digits. */
export function dealId(now: number): string {
  return formatDate(now).replace(/-/g, "") + String(Math.floor(Math.random() * 1e6)).padStart(6, "0");
}
