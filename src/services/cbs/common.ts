import type { ErrorCode } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";
import { addMonths } from "../../platform/clock";

/** Every CBS handler gets this context. */
export type Ctx = ActionContext<"cbs">;

export const bt = (s: string | number | bigint) => "`" + String(s) + "`";

/** JSON null where the SDK model documents that a member may be null. */
export const nil = null as never;

/**
 * CBS raises its errors with the last 12 hex digits of the RequestId in front of the message, as the real
 * service does: `(aafa5f3bccf4)DiskId: disk-4cmt46uz, …` (see shared/reference/real-error-messages.md).
 */
export function fail(ctx: Ctx, code: ErrorCode<"cbs">, en: string, zh?: string): never {
  const tag = `(${ctx.requestId.replace(/-/g, "").slice(-12)})`;
  return ctx.fail(code, zh === undefined ? tag + en : { en: tag + en, zh: tag + zh });
}

/** Offset/Limit as CBS documents them: Limit defaults to 20, at most 100. */
export function paging(ctx: Ctx, offset: number | undefined, limit: number | undefined): { offset: number; limit: number } {
  const o = offset ?? 0;
  const l = limit ?? 20;
  if (!Number.isInteger(o) || o < 0) fail(ctx, "InvalidParameterValue", `The value ${bt(o)} specified in the parameter ${bt("Offset")} is not valid.`);
  if (!Number.isInteger(l) || l < 0 || l > 100) {
    fail(ctx, "InvalidParameterValue", `The value ${bt(l)} specified in the parameter ${bt("Limit")} is not valid: 0 to 100.`);
  }
  return { offset: o, limit: l };
}

export function order(ctx: Ctx, value: string | undefined, fallback: "ASC" | "DESC"): "asc" | "desc" {
  const v = value ?? fallback;
  if (v !== "ASC" && v !== "DESC") fail(ctx, "InvalidParameterValue", `The value ${bt(v)} specified in the parameter ${bt("Order")} is not valid: ASC or DESC.`);
  return v === "ASC" ? "asc" : "desc";
}

export interface Filter {
  Name: string;
  Values: string[];
}

/** Checks filter names against the action's documented list; ids and filters cannot be combined. */
export function checkFilters(ctx: Ctx, filters: readonly Filter[], names: readonly string[], idsGiven: boolean, idsMember: string): void {
  if (idsGiven && filters.length) fail(ctx, "InvalidParameter", `${bt(idsMember)} and ${bt("Filters")} cannot be specified at the same time.`);
  if (filters.length > 10) fail(ctx, "InvalidParameterValue.LimitExceeded", "At most 10 `Filters` can be given.");
  for (const f of filters) {
    if (!names.includes(f.Name) && !(names.includes("tag:") && f.Name.startsWith("tag:"))) {
      fail(ctx, "InvalidFilter", `The filter ${bt(f.Name)} is not supported.`);
    }
    if (f.Values.length > 100) fail(ctx, "InvalidParameterValue.LimitExceeded", `The filter ${bt(f.Name)} takes at most 100 values.`);
  }
}

/** Tag filters shared by disks and snapshots. */
export function tagMatches(tags: readonly { Key: string; Value: string }[], f: Filter): boolean | undefined {
  if (f.Name === "tag-key") return tags.some((t) => f.Values.includes(t.Key));
  if (f.Name === "tag-value") return tags.some((t) => f.Values.includes(t.Value));
  if (f.Name.startsWith("tag:")) return tags.some((t) => t.Key === f.Name.slice(4) && f.Values.includes(t.Value));
  return undefined;
}

/** A list of resource ids: not empty strings (the real `DiskId  is invalid`), well-formed, at most `max`. */
export function checkIds(ctx: Ctx, ids: readonly string[], member: string, prefix: string, max: number): void {
  if (ids.length > max) fail(ctx, "InvalidParameterValue.LimitExceeded", `At most ${max} values can be given in ${bt(member)}.`);
  for (const id of ids) {
    if (id === "") fail(ctx, "InvalidParameter", `${member}  is invalid`);
    if (!new RegExp(`^${prefix}-[a-z0-9]{8}$`).test(id)) fail(ctx, "InvalidParameterValue", `${member}: ${id} is not a valid ${prefix} id.`);
  }
}

export { addMonths } from "../../platform/clock";

/** Whole calendar months (rounded up, at least 1) from now to a deadline: what a prepaid change costs for the rest of the term. */
export function monthsLeft(now: number, deadline: number): number {
  let months = 1;
  while (addMonths(now, months) < deadline - 60_000 && months < 1200) months++;
  return months;
}

export const RENEW_FLAGS = ["NOTIFY_AND_AUTO_RENEW", "NOTIFY_AND_MANUAL_RENEW", "DISABLE_NOTIFY_AND_MANUAL_RENEW"];
