import { formatDateTime } from "../../platform/clock";
import { randomChars } from "../../platform/ids";
import type { ActionContext } from "../../platform/service";
import type { MongoInstance } from "./instance";
import { round2 } from "../../platform/money";
import { addMonths } from "../../platform/clock";

/**
 * Orders and their ids. Prepaid purchases, upgrades and renewals are charged to the account balance with
 * the emulator's own price model (documented in docs/services/mongodb.md; not Tencent's price list).
 */

/** CNY per GB of memory and per GB of storage, per node and month. */
const PRICE = { memoryGbMonth: 50, storageGbMonth: 0.8 } as const;

export function monthlyPrice(spec: Pick<MongoInstance, "memoryGb" | "volumeGb" | "secondaryNum" | "replicaSetNum">): number {
  const nodes = (spec.secondaryNum + 1) * spec.replicaSetNum;
  return round2((spec.memoryGb * PRICE.memoryGbMonth + spec.volumeGb * PRICE.storageGbMonth) * nodes);
}

export { round2 } from "../../platform/money";

/** The monthly price of an instance with its read-only nodes (priced as mongod nodes) and mongos (25 CNY per GB). */
export function instanceMonthly(inst: Pick<MongoInstance, "memoryGb" | "volumeGb" | "secondaryNum" | "replicaSetNum" | "nodes" | "mongos">): number {
  const readonly = (inst.nodes ?? []).filter((n) => n.role === "READONLY").length * inst.replicaSetNum;
  const perNode = monthlyPrice({ ...inst, secondaryNum: 0, replicaSetNum: 1 });
  const mongos = (inst.mongos?.nodeNum ?? 0) * (inst.mongos?.memoryGb ?? 0) * 25;
  return round2(monthlyPrice(inst) + perNode * readonly + mongos);
}

interface Sequences {
  flow: number;
  async: number;
  deal: number;
  backup: number;
  task: number;
}

const START: Sequences = { flow: 1000, async: 28000, deal: 7_100_000, backup: 10_600_000, task: 5000 };

/** The next number of an account-wide sequence (flow ids, async request ids, prepaid deal ids). */
export async function nextId(ctx: ActionContext<"mongodb">, name: keyof Sequences): Promise<number> {
  const docs = ctx.docs<Sequences>("sequence", { region: "*" });
  const current = (await docs.get("ids")) ?? START;
  const next = { ...current, [name]: (current[name] ?? START[name]) + 1 };
  await docs.put("ids", next);
  return next[name];
}

/** A prepaid order id: a plain number, as CreateDBInstance and UpgradeDBInstance answer. */
export async function prepaidDealId(ctx: ActionContext<"mongodb">): Promise<string> {
  return String(await nextId(ctx, "deal"));
}

/** A pay-as-you-go order id: 10 digits of the hour (UTC+8) and 22 more, as the hourly actions answer. */
export function hourlyDealId(ctx: ActionContext<"mongodb">): string {
  const hour = formatDateTime(ctx.now()).replace(/[- :]/g, "").slice(0, 10);
  return hour + randomChars(22, "0123456789");
}

/**
 * How many paid months are left until the deadline, in calendar months (UTC+8): whole months counted back from
 * the deadline, plus the fraction of the month that contains now. Spec changes and returns are prorated by it.
 */
export function paidMonthsLeft(now: number, deadline: number): number {
  if (deadline <= now) return 0;
  let months = 0;
  let end = deadline;
  while (addMonths(end, -1) >= now) {
    months++;
    end = addMonths(end, -1);
  }
  const start = addMonths(end, -1);
  return months + (end - now) / (end - start);
}
