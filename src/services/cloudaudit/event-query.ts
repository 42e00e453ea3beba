import { createHash } from "node:crypto";
import type { LookupAttribute } from "tencentcloud-sdk-nodejs/tencentcloud/services/cloudaudit/v20190319/cloudaudit_models";
import type { ActionContext } from "../../platform/service";
import type { AuditQuery, AuditRecord, AuditRow } from "../../platform/store/store";
import { actionType, camErrorCode, identified, isSensitiveAction, sourceIp } from "./events";

/**
 * The rules of an event search (LookUpEvents, DescribeEvents): the time window, the page size, the lookup
 * attributes, and the scan over the account's audit trail, newest first.
 */
type Ctx = ActionContext<"cloudaudit">;

const DAY = 86_400;
export const MAX_RESULTS = 50;
export const DEFAULT_RESULTS = 10;

export interface Window {
  /** How far back StartTime may reach, in days (LookUpEvents: 7; DescribeEvents: 90). */
  readonly maxAgeDays: number;
  /** The widest EndTime - StartTime, in days (DescribeEvents: less than 30). */
  readonly maxSpanDays?: number;
}

function isEpochSeconds(v: unknown): v is number {
  // Milliseconds (13 digits) and fractions are not "an integer timestamp accurate to the second".
  return typeof v === "number" && Number.isInteger(v) && v > 0 && v < 1e11;
}

/** Checks StartTime/EndTime in the order the service does; returns the range in epoch ms, inclusive. */
export function checkTimeRange(ctx: Ctx, start: unknown, end: unknown, window: Window): { since: number; until: number } {
  if (!isEpochSeconds(start) || !isEpochSeconds(end)) {
    ctx.fail(
      "InvalidParameter.Time",
      {
        en: `StartTime and EndTime must both be integer Unix timestamps in seconds (got StartTime=${String(start)}, EndTime=${String(end)}).`,
        zh: `必须包含开始时间和结束时间，且必须为整形时间戳（精确到秒）（传入 StartTime=${String(start)}，EndTime=${String(end)}）。`,
      },
    );
  }
  if (start > end) {
    ctx.fail("InvalidParameterValue.Time", { en: `The start time (${start}) cannot be later than the end time (${end}).`, zh: `开始时间（${start}）不能大于结束时间（${end}）。` });
  }
  const now = Math.floor(ctx.now() / 1000);
  if (start < now - window.maxAgeDays * DAY) {
    ctx.fail(
      "LimitExceeded.OverTime",
      {
        en: `Only events of the last ${window.maxAgeDays} days can be searched; StartTime ${start} is earlier than ${now - window.maxAgeDays * DAY}.`,
        zh: `检索支持的有效时间范围是${window.maxAgeDays}天；StartTime ${start} 早于 ${now - window.maxAgeDays * DAY}。`,
      },
    );
  }
  if (window.maxSpanDays !== undefined && end - start >= window.maxSpanDays * DAY) {
    ctx.fail("LimitExceeded.OverTime", { en: `The time range of one search must be shorter than ${window.maxSpanDays} days.`, zh: `单次查询的时间跨度需小于${window.maxSpanDays}天。` });
  }
  return { since: start * 1000, until: end * 1000 + 999 };
}

export function checkMaxResults(ctx: Ctx, value: number | undefined): number {
  if (value === undefined) return DEFAULT_RESULTS;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_RESULTS) {
    ctx.fail("InvalidParameterValue.MaxResult", {
      en: `MaxResults must be an integer from 1 to ${MAX_RESULTS} (got ${String(value)}).`,
      zh: `单次检索支持的最大返回条数是${MAX_RESULTS}（传入 ${String(value)}）。`,
    });
  }
  return value;
}

const truthy = (v: string) => /^(true|1)$/i.test(v);
const falsy = (v: string) => /^(false|0)$/i.test(v);

/** Each documented AttributeKey (GetAttributeKey's seven, EventId, and the keys the current reference adds). */
const MATCHERS: Readonly<Record<string, (r: AuditRecord, v: string) => boolean>> = {
  RequestId: (r, v) => r.requestId === v,
  EventId: (r, v) => r.requestId === v,
  EventName: (r, v) => r.action === v,
  ReadOnly: (r, v) => (r.readOnly ? truthy(v) : falsy(v)),
  ActionType: (r, v) => actionType(r).toLowerCase() === v.toLowerCase(),
  Username: (r, v) => r.username === v,
  PrincipalId: (r, v) => (r.subUin ?? r.account) === v,
  ResourceType: (r, v) => r.service === v,
  ResourceId: (r, v) => r.resources.includes(v),
  ResourceName: (r, v) => r.resources.includes(v),
  AccessKeyId: (r, v) => r.secretId === v,
  SensitiveAction: (r, v) => (isSensitiveAction(r.action) ? truthy(v) : falsy(v)),
  ApiErrorCode: (r, v) => (r.errorCode ?? "0") === v,
  CamErrorCode: (r, v) => String(camErrorCode(r)) === v,
  SourceIPAddress: (r, v) => sourceIp(r) === v,
  // The audit trail keeps no resource tags: a tag condition matches no event.
  Tags: () => false,
};

export interface EventFilter {
  readonly match: (r: AuditRecord) => boolean;
  /** Conditions the store can apply itself (one EventName, one ResourceType). */
  readonly pushDown: Pick<AuditQuery, "action" | "service">;
  /** Identifies the conditions, so a paging token is only honoured by the same search. */
  readonly fingerprint: string;
}

/** Conditions on different keys must all hold; several values of one key (EventName × n) are alternatives. */
export function compileAttributes(ctx: Ctx, attributes: readonly LookupAttribute[] | undefined): EventFilter {
  const byKey = new Map<string, string[]>();
  for (const a of attributes ?? []) {
    if (!Object.hasOwn(MATCHERS, a.AttributeKey)) {
      ctx.fail(
        "InvalidParameterValue.attributeKey",
        {
          en: `AttributeKey ${JSON.stringify(a.AttributeKey)} is not valid. Valid values: ${Object.keys(MATCHERS).join(", ")}.`,
          zh: `AttributeKey ${JSON.stringify(a.AttributeKey)} 无效，有效取值范围是：${Object.keys(MATCHERS).join("、")}。`,
        },
      );
    }
    if (a.AttributeValue === undefined || a.AttributeValue === "") continue;
    byKey.set(a.AttributeKey, [...(byKey.get(a.AttributeKey) ?? []), a.AttributeValue]);
  }
  const conditions = [...byKey].map(([key, values]) => (r: AuditRecord) => values.some((v) => MATCHERS[key](r, v)));
  const single = (key: string) => (byKey.get(key)?.length === 1 ? byKey.get(key)![0] : undefined);
  const pushDown = { action: single("EventName"), service: single("ResourceType") };
  const fingerprint = createHash("sha1")
    .update(JSON.stringify([...byKey].sort(([a], [b]) => a.localeCompare(b))))
    .digest("hex")
    .slice(0, 12);
  return { match: (r) => conditions.every((c) => c(r)), pushDown, fingerprint };
}

const BATCH = 500;

/**
 * The account's events in [since, until] that pass the filter, newest first, older than `beforeSeq` when paging;
 * `more` tells whether another page exists. Only the caller's account is ever read.
 */
export async function searchEvents(
  ctx: Ctx,
  q: { since: number; until: number; beforeSeq?: number; filter: EventFilter; limit: number },
): Promise<{ rows: AuditRow[]; more: boolean }> {
  const out: AuditRow[] = [];
  let cursor = q.beforeSeq;
  for (;;) {
    // In this call's transaction: opening another one here would wait for this one (one SQLite connection).
    const rows = await ctx.tx.queryAudit({
      account: ctx.caller.uin,
      since: q.since,
      until: q.until,
      ...(cursor !== undefined ? { beforeSeq: cursor } : {}),
      ...(q.filter.pushDown.action !== undefined ? { action: q.filter.pushDown.action } : {}),
      ...(q.filter.pushDown.service !== undefined ? { service: q.filter.pushDown.service } : {}),
      limit: BATCH,
    });
    for (const row of rows) {
      const r = await identified(ctx.tx, row);
      if (!q.filter.match(r)) continue;
      if (out.length === q.limit) return { rows: out, more: true };
      out.push(r);
    }
    if (rows.length < BATCH) return { rows: out, more: false };
    cursor = rows[rows.length - 1].seq;
  }
}

/** LookUpEvents' NextToken: the position and the search it belongs to, opaque to the client. */
export function encodeToken(seq: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ s: seq, f: fingerprint })).toString("base64url");
}

export function decodeToken(ctx: Ctx, token: string, fingerprint: string): number {
  try {
    const t = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { s?: unknown; f?: unknown };
    if (typeof t.s === "number" && Number.isInteger(t.s) && t.s > 0 && t.f === fingerprint) return t.s;
  } catch {
    // falls through to the error below
  }
  return ctx.fail("InvalidParameterValue", `The NextToken ${JSON.stringify(token)} is not valid for this search.`);
}
