import type { ProductName } from "../../errors/catalog";
import type { Collection } from "../../platform/collection";
import type { ActionContext } from "../../platform/service";
import type { Tag } from "./disk-model";

/** One execution rule: hours of the day (UTC+8) on some days of the week, days of the month or every N days. */
export interface PolicyRule {
  Hour: number[];
  DayOfWeek?: number[];
  DayOfMonth?: number[];
  IntervalDays?: number;
}

export interface PolicyDoc {
  AutoSnapshotPolicyId: string;
  AutoSnapshotPolicyName: string;
  Policy: PolicyRule[];
  IsActivated: boolean;
  IsPermanent: boolean;
  RetentionDays: number;
  Tags: Tag[];
  createdAt: number;
  /** Triggers after this time (emulator ms) have not fired yet. */
  firedUntil: number;
  DiskIdSet: string[];
  /** Cross-account copies (CopyAutoSnapshotPolicyCrossAccount). */
  copyFrom?: string;
  copyTo?: string;
}

/** Scheduled snapshot policies per region (CBS's documented quota for 定期快照策略). */
export const POLICIES_PER_REGION = 30;
/** Disks bound to one policy at most. */
export const DISKS_PER_POLICY = 200;

const DAY = 86_400_000;
const HOUR = 3_600_000;
const TZ = 8 * HOUR;

/** Start (epoch ms) of the UTC+8 day that contains `ms`. */
function dayStart(ms: number): number {
  return Math.floor((ms + TZ) / DAY) * DAY - TZ;
}

function dayIndex(ms: number): number {
  return Math.floor((ms + TZ) / DAY);
}

/** DayOfWeek, DayOfMonth and IntervalDays are exclusive; when several are given the first of them wins (SDK model note). */
function ruleMatchesDay(rule: PolicyRule, day: number, createdAt: number): boolean {
  const local = new Date(day + TZ);
  if (rule.DayOfWeek?.length) return rule.DayOfWeek.map(Number).includes(local.getUTCDay());
  if (rule.DayOfMonth?.length) return rule.DayOfMonth.map(Number).includes(local.getUTCDate());
  if (rule.IntervalDays) return (dayIndex(day) - dayIndex(createdAt)) % Number(rule.IntervalDays) === 0;
  return false;
}

/** The first trigger strictly after `after`, or null when none falls in the next 400 days. */
export function nextTrigger(rules: readonly PolicyRule[], after: number, createdAt: number): number | null {
  const first = dayStart(after);
  for (let d = 0; d <= 400; d++) {
    const day = first + d * DAY;
    let best: number | null = null;
    for (const rule of rules) {
      if (!ruleMatchesDay(rule, day, createdAt)) continue;
      for (const h of rule.Hour.map(Number)) {
        const t = day + h * HOUR;
        if (t > after && (best === null || t < best)) best = t;
      }
    }
    if (best !== null) return best;
  }
  return null;
}

/** Every trigger in (from, to], oldest first, at most `max`. */
export function triggersBetween(rules: readonly PolicyRule[], from: number, to: number, createdAt: number, max = 1000): number[] {
  const out: number[] = [];
  let t = nextTrigger(rules, from, createdAt);
  while (t !== null && t <= to && out.length < max) {
    out.push(t);
    t = nextTrigger(rules, t, createdAt);
  }
  return out;
}

export function policies(ctx: ActionContext<ProductName>): Collection<PolicyDoc> {
  return ctx.as("cbs").docs<PolicyDoc>("policy");
}
