import type { Collection } from "../../platform/collection";
import type { ActionContext } from "../../platform/service";

export type Ctx = ActionContext<"yunjing">;

/**
 * Host Security is one console per account: the Region common parameter is optional on every action and does
 * not partition anything (machines carry their own MachineRegion). Every document lives in this one region of
 * the account, whatever region the call names.
 */
export const HOME_REGION = "ap-guangzhou";

export function docs<T>(ctx: Ctx, kind: string): Collection<T> {
  return ctx.docs<T>(kind, { region: HOME_REGION });
}

interface Counter {
  next: number;
}

/** The next integer id of a record kind (events, rules, tags): Host Security numbers its records. */
export async function nextId(ctx: Ctx, kind: string, first = 1): Promise<number> {
  const counters = docs<Counter>(ctx, "counter");
  const c = await counters.get(kind);
  const id = c ? c.next : first;
  await counters.put(kind, { next: id + 1 });
  return id;
}

/** Integer-keyed documents are stored under their decimal id. */
export const key = (id: number): string => String(id);

/** Ids the SDK sends as number or (beyond 2^53) BigInt; anything else is NaN. */
export function toNumber(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= 0n ? Number(v) : NaN;
  return NaN;
}

/** A 32-hex-digit lowercase string (MD5s). */
export function hex(length: number): string {
  let s = "";
  while (s.length < length) s += Math.floor(Math.random() * 16).toString(16);
  return s;
}

export function pick<T>(items: readonly T[], seed: number): T {
  return items[Math.abs(seed) % items.length];
}
