import { parseDateTime } from "../../platform/clock";
import type { Ctx } from "./store";
import { toNumber } from "./store";

/*
 * Value-level checks the handlers make after the gateway has validated types and required members. Which
 * product code answers which problem (see docs/services/yunjing.md):
 *   InvalidParameter.MissingParameter  a value the action needs is absent or empty (empty Ids, a filter without
 *                                      values, "Uuid or Username" with neither)
 *   InvalidParameter.ParsingError      a string that must be parsed (a number, a date, a JSON date range, a
 *                                      clock time) cannot be
 *   InvalidParameter.InvalidFormat     a value that parses but is not an accepted form (enum, UUID, IP, id ≤ 0)
 *   InvalidParameter.IllegalRequest    a well-formed request the action does not allow (unknown filter name,
 *                                      more than 5 filters or values, Limit outside 0..100, a system rule)
 *   InvalidParameter.DateRange         a date range out of order, not of dates, or not a report week
 *   LimitExceeded.AreaQuota            a batch larger than the action's documented maximum
 */

export interface Filter {
  Name: string;
  Values: string[];
}

export type FilterKind = "string" | "uint" | "daterange" | readonly string[];

export interface ParsedFilters {
  /** The values of a string or enum filter (OR), or undefined when the filter is absent. */
  values(name: string): string[] | undefined;
  one(name: string): string | undefined;
  uint(name: string): number[] | undefined;
  range(name: string): { from: number; to: number } | undefined;
}

const MAX_FILTERS = 5;
const MAX_VALUES = 5;

/**
 * Parses an action's Filters against the names it documents. `single` names filters the API documents as
 * "one value only".
 */
export function parseFilters(
  ctx: Ctx,
  filters: readonly Filter[] | undefined,
  spec: Readonly<Record<string, FilterKind>>,
  single: readonly string[] = [],
): ParsedFilters {
  const strings = new Map<string, string[]>();
  const uints = new Map<string, number[]>();
  const ranges = new Map<string, { from: number; to: number }>();
  const list = filters ?? [];
  if (list.length > MAX_FILTERS) ctx.fail("InvalidParameter.IllegalRequest", `At most ${MAX_FILTERS} Filters are allowed; ${list.length} were given.`);
  for (const f of list) {
    const kind = spec[f.Name];
    if (!f.Name) ctx.fail("InvalidParameter.MissingParameter", "Filters.N.Name must not be empty.");
    if (kind === undefined) {
      const known = Object.keys(spec);
      ctx.fail("InvalidParameter.IllegalRequest", {
        en: `The filter \`${f.Name}\` is not supported by ${ctx.action}${known.length ? `; supported filters: ${known.join(", ")}` : ""}.`,
        zh: `非法请求：${ctx.action} 不支持过滤条件 ${f.Name}${known.length ? `，支持：${known.join("、")}` : ""}。`,
      });
    }
    if (!f.Values.length) ctx.fail("InvalidParameter.MissingParameter", `The filter \`${f.Name}\` has no Values.`);
    if (f.Values.length > MAX_VALUES) ctx.fail("InvalidParameter.IllegalRequest", `The filter \`${f.Name}\` has more than ${MAX_VALUES} Values.`);
    if (single.includes(f.Name) && f.Values.length > 1) {
      ctx.fail("InvalidParameter.IllegalRequest", `The filter \`${f.Name}\` takes one value only (no OR query).`);
    }
    if (kind === "uint") {
      uints.set(
        f.Name,
        f.Values.map((v) => {
          if (!/^\d{1,15}$/.test(v.trim())) ctx.fail("InvalidParameter.ParsingError", `The value \`${v}\` of the filter \`${f.Name}\` is not an unsigned integer.`);
          return Number(v.trim());
        }),
      );
    } else if (kind === "daterange") {
      ranges.set(f.Name, parseDateRangeFilter(ctx, f));
    } else {
      if (Array.isArray(kind)) {
        for (const v of f.Values) {
          if (!kind.includes(v)) ctx.fail("InvalidParameter.InvalidFormat", `The value \`${v}\` of the filter \`${f.Name}\` is not one of ${kind.join(", ")}.`);
        }
      }
      strings.set(f.Name, f.Values);
    }
  }
  return {
    values: (name) => strings.get(name),
    one: (name) => strings.get(name)?.[0],
    uint: (name) => uints.get(name),
    range: (name) => ranges.get(name),
  };
}

/** A DateRange filter: `["2019-11-17", "2019-12-17"]` as one JSON value, or the two dates as two values. */
function parseDateRangeFilter(ctx: Ctx, f: Filter): { from: number; to: number } {
  let dates: unknown = f.Values;
  if (f.Values.length === 1) {
    try {
      dates = JSON.parse(f.Values[0]);
    } catch {
      ctx.fail("InvalidParameter.ParsingError", {
        en: `The DateRange value \`${f.Values[0]}\` is not a JSON array of two dates, e.g. ["2019-11-17", "2019-12-17"].`,
        zh: `参数解析错误：DateRange 的值 ${f.Values[0]} 不是日期数组，例如 ["2019-11-17", "2019-12-17"]。`,
      });
    }
  }
  if (!Array.isArray(dates) || dates.length !== 2 || !dates.every((d) => typeof d === "string")) {
    ctx.fail("InvalidParameter.ParsingError", `The DateRange filter needs two dates, e.g. ["2019-11-17", "2019-12-17"].`);
  }
  const [first, last] = (dates as string[]).map((d) => d.trim());
  const [a, b] = [parseDateTime(first), parseDateTime(last)];
  if (Number.isNaN(a) || Number.isNaN(b)) ctx.fail("InvalidParameter.ParsingError", `The DateRange filter values must be dates (YYYY-MM-DD).`);
  if (a > b) ctx.fail("InvalidParameter.DateRange", `The DateRange begins (${first}) after it ends (${last}).`);
  // A range of whole days includes its last day.
  const to = /^\d{4}-\d{2}-\d{2}$/.test(last) ? b + 86_400_000 - 1 : b;
  return { from: a, to };
}

/** Offset/Limit as every list action documents them: Limit defaults to 10, at most 100. */
export function page<T>(ctx: Ctx, items: readonly T[], req: { Offset?: number; Limit?: number }): T[] {
  const offset = req.Offset ?? 0;
  const limit = req.Limit === undefined || req.Limit === 0 ? 10 : req.Limit;
  if (!Number.isInteger(offset) || offset < 0) ctx.fail("InvalidParameter.IllegalRequest", `Offset must be a non-negative integer; got ${offset}.`);
  if (!Number.isInteger(limit) || limit < 0 || limit > 100) ctx.fail("InvalidParameter.IllegalRequest", `Limit must be an integer between 0 and 100; got ${limit}.`);
  return items.slice(offset, offset + limit);
}

/** An Ids array: not empty, at most `max`, every id a positive integer. */
export function ids(ctx: Ctx, values: readonly (number | bigint)[] | undefined, max: number, member = "Ids"): number[] {
  if (!values || values.length === 0) ctx.fail("InvalidParameter.MissingParameter", { en: `${member} must contain at least one id.`, zh: `参数缺失：${member} 不能为空。` });
  if (values.length > max) {
    ctx.fail("LimitExceeded.AreaQuota", { en: `${member} may contain at most ${max} ids per call; ${values.length} were given.`, zh: `${member} 单次最多 ${max} 个，实际 ${values.length} 个。` });
  }
  return values.map((v) => positiveId(ctx, v, member));
}

export function positiveId(ctx: Ctx, v: unknown, member: string): number {
  const n = toNumber(v);
  if (!Number.isSafeInteger(n) || n <= 0) ctx.fail("InvalidParameter.InvalidFormat", `${member} must be a positive integer; got ${String(v)}.`);
  return n;
}

export function oneOf<T extends string>(ctx: Ctx, value: string, allowed: readonly T[], member: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    ctx.fail("InvalidParameter.InvalidFormat", { en: `${member} must be one of ${allowed.join(", ")}; got \`${value}\`.`, zh: `参数格式错误：${member} 取值应为 ${allowed.join("、")}，实际为 ${value}。` });
  }
  return value as T;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** A client Uuid or host Quuid: UUID-shaped (BM hosts use their instance id `cpm-…` as Quuid). */
export function uuidFormat(ctx: Ctx, value: string, member: string): string {
  if (!UUID.test(value) && !/^(ins|cpm)-[0-9a-z]{8}$/.test(value)) {
    ctx.fail("InvalidParameter.InvalidFormat", `${member} \`${value}\` is not a valid ${member === "Quuid" || member === "Quuids" ? "host Quuid" : "client Uuid"}.`);
  }
  return value;
}

export function isIpv4(s: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  return !!m && m.slice(1).every((p) => Number(p) <= 255 && String(Number(p)) === p);
}

/** An IPv4 address or CIDR block (`192.168.0.1/24`). */
export function isIpOrCidr(s: string): boolean {
  const [ip, bits, extra] = s.split("/");
  if (extra !== undefined || !isIpv4(ip)) return false;
  return bits === undefined || (/^\d{1,2}$/.test(bits) && Number(bits) <= 32);
}

/** A `YYYY-MM-DD` date (UTC+8 midnight, epoch ms) or NaN. */
export function parseDate(s: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? checkedDate(s) : NaN;
}

function checkedDate(s: string): number {
  const ms = parseDateTime(s);
  // Reject 2020-02-31 and friends: the parsed date must print back the same.
  const back = new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
  return back === s ? ms : NaN;
}

/** Case-insensitive substring match of a keyword against any of the fields. */
export function matchesKeyword(keyword: string | undefined, ...fields: (string | number | undefined)[]): boolean {
  if (!keyword) return true;
  const k = keyword.toLowerCase();
  return fields.some((f) => f !== undefined && String(f).toLowerCase().includes(k));
}

/** Keeps items whose value is among the filter's values (no filter keeps all). */
export function inValues(values: string[] | undefined, value: string): boolean {
  return !values || values.includes(value);
}
