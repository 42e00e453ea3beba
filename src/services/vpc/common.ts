import { formatDateTime } from "../../platform/clock";
import { shortId } from "../../platform/ids";
import { uniqueId, type ActionContext } from "../../platform/service";
import type { Collection } from "../../platform/collection";

export type Ctx = ActionContext<"vpc">;
export const bt = (s: string | number) => "`" + s + "`";
/** JSON null where the SDK model documents that a member may be null. */
export const nil = null as never;

/** VPC answers `2006-01-02 15:04:05` (UTC+8) for most CreatedTime members. */
export const dateTime = formatDateTime;

/** ISO 8601 in UTC, as EIPs write CreatedTime and DeadlineDate. */
export function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export interface Tag {
  Key: string;
  Value: string;
}

/** Tags as VPC checks them on creation: at most 50, keys unique, 1-127 characters, not the reserved `qcloud:` prefix. */
export function checkTags(ctx: Ctx, tags: readonly { Key: string; Value?: string }[] | undefined): Tag[] {
  const out: Tag[] = [];
  const keys = new Set<string>();
  for (const t of tags ?? []) {
    if (!t.Key || t.Key.length > 127) ctx.fail("InvalidParameterValue.TagInvalidKeyLen", `The tag key ${bt(t.Key)} must be 1 to 127 characters.`);
    if (/^(qcloud|tencent|project)[:]/i.test(t.Key)) ctx.fail("UnsupportedOperation.TagSystemReservedTagKey", `The tag key ${bt(t.Key)} is reserved by the system.`);
    if ((t.Value ?? "").length > 255) ctx.fail("InvalidParameterValue.TagInvalidVal", `The tag value of ${bt(t.Key)} must be at most 255 characters.`);
    if (keys.has(t.Key)) ctx.fail("InvalidParameterValue.TagDuplicateKey", `The tag key ${bt(t.Key)} is repeated.`);
    keys.add(t.Key);
    out.push({ Key: t.Key, Value: t.Value ?? "" });
  }
  if (out.length > 50) ctx.fail("LimitExceeded.TagKeyPerResourceExceeded", "A resource takes at most 50 tags.");
  return out;
}

export const tagSet = (tags: readonly Tag[]) => tags.map((t) => ({ Key: t.Key, Value: t.Value }));

/** Checks an id list: every id of the form `<prefix>-xxxxxxxx`, at most `max`. */
export function checkIds(ctx: Ctx, ids: readonly string[], prefix: string, member: string, max = 100): string[] {
  if (ids.length > max) ctx.fail("InvalidParameterValue.LimitExceeded", `At most ${max} values can be given in ${bt(member)}.`);
  const re = new RegExp(`^${prefix}-[a-z0-9]{8}$`);
  for (const id of ids) if (!re.test(id)) ctx.fail("InvalidParameterValue.Malformed", `The value ${bt(id)} of ${bt(member)} is malformed.`);
  return [...new Set(ids)];
}

export function checkId(ctx: Ctx, id: string, prefix: string, member: string): string {
  return checkIds(ctx, [id], prefix, member)[0];
}

export function checkName(ctx: Ctx, name: string | undefined, member: string, max = 60): void {
  if (name === undefined) return;
  if (!name.trim()) ctx.fail("InvalidParameterValue.Empty", `${bt(member)} cannot be empty.`);
  if (Buffer.byteLength(name) > max) ctx.fail("InvalidParameterValue.TooLong", `${bt(member)} must be at most ${max} bytes.`);
}

/** Offset and Limit, given as numbers or (in the older actions) as numeric strings; Limit at most `max`. */
export function paging(ctx: Ctx, offset: string | number | undefined, limit: string | number | undefined, max = 100, defaultLimit = 20) {
  const num = (v: string | number | undefined, name: string, dflt: number) => {
    if (v === undefined || v === "") return dflt;
    const n = typeof v === "number" ? v : /^\d+$/.test(v) ? Number(v) : NaN;
    if (Number.isNaN(n)) ctx.fail("InvalidParameterValue.Malformed", `The value ${bt(String(v))} of ${bt(name)} is not a number.`);
    return n;
  };
  const o = num(offset, "Offset", 0);
  const l = num(limit, "Limit", defaultLimit);
  if (o < 0) ctx.fail("InvalidParameterValue.Range", `The value ${bt(o)} of ${bt("Offset")} is out of range.`);
  if (l < 0 || l > max) ctx.fail("InvalidParameterValue.Range", `The value ${bt(l)} of ${bt("Limit")} is out of range: 0 to ${max}.`);
  return { offset: o, limit: l };
}

export interface FilterSpec<T> {
  /** filter name → the values of a resource it compares (any match selects), or a predicate. */
  [name: string]: (doc: T, values: readonly string[]) => boolean;
}

/** Checks Filters against the names an action documents (tag:<key> too when `tags` is given) and returns a predicate. */
export function filterBy<T>(
  ctx: Ctx,
  filters: readonly { Name: string; Values: readonly string[] }[] | undefined,
  spec: FilterSpec<T>,
  tags?: (doc: T) => readonly Tag[],
  codes: { invalidKey?: "InvalidParameter.FilterInvalidKey" | "InvalidParameter.InvalidFilter"; tooMany?: "InvalidParameterValue.LimitExceeded" | "LimitExceeded.NumberOfFilters" } = {},
): (doc: T) => boolean {
  const list = filters ?? [];
  if (list.length > 10) ctx.fail(codes.tooMany ?? "InvalidParameterValue.LimitExceeded", "At most 10 `Filters` can be given.");
  const preds: ((doc: T) => boolean)[] = [];
  for (const f of list) {
    if (f.Values.length > 100) ctx.fail("InvalidParameterValue.LimitExceeded", `The filter ${bt(f.Name)} takes at most 100 values.`);
    if (tags && f.Name.startsWith("tag:")) {
      const key = f.Name.slice(4);
      preds.push((d) => tags(d).some((t) => t.Key === key && f.Values.includes(t.Value)));
    } else if (tags && f.Name === "tag-key") preds.push((d) => tags(d).some((t) => f.Values.includes(t.Key)));
    else if (tags && f.Name === "tag-value") preds.push((d) => tags(d).some((t) => f.Values.includes(t.Value)));
    else if (Object.prototype.hasOwnProperty.call(spec, f.Name)) preds.push((d) => spec[f.Name](d, f.Values));
    else ctx.fail(codes.invalidKey ?? "InvalidParameter.FilterInvalidKey", `The filter ${bt(f.Name)} is not supported.`);
  }
  return (d) => preds.every((p) => p(d));
}

/** A filter value matches a string member exactly. */
export const eq = (v: string | number | boolean | null | undefined, values: readonly string[]) =>
  v !== null && v !== undefined && values.includes(String(v));

/** Documents by id (each must exist, else ResourceNotFound) or every document that passes the filter, in creation order. */
export async function selectDocs<T>(
  ctx: Ctx,
  col: Collection<T>,
  ids: readonly string[] | undefined,
  filter: (doc: T) => boolean,
  idsAndFilters: boolean,
  label: string,
): Promise<T[]> {
  if (ids?.length) {
    if (idsAndFilters) ctx.fail("InvalidParameter.Coexist", `${label} ids and \`Filters\` cannot be given together.`);
    const out: T[] = [];
    for (const id of new Set(ids)) {
      const d = await col.get(id);
      if (!d) ctx.fail("ResourceNotFound", `The ${label} ${bt(id)} does not exist.`);
      out.push(d);
    }
    return out;
  }
  return (await col.all()).filter(filter);
}

export function newId<T>(col: Collection<T>, prefix: string): Promise<string> {
  return uniqueId(col, () => shortId(prefix));
}

export interface TaskDoc {
  TaskId: string;
  action: string;
  resources: string[];
  at: number;
}

const tasks = (ctx: Ctx) => ctx.docs<TaskDoc>("task");

/** An asynchronous VPC action (network interfaces, templates): DescribeVpcTaskResult looks it up by the call's RequestId. */
export async function recordVpcTask(ctx: Ctx, resources: readonly string[]): Promise<void> {
  await tasks(ctx).put(ctx.requestId, { TaskId: ctx.requestId, action: ctx.action, resources: [...resources], at: ctx.now() });
}

/** An EIP task (AllocateAddresses, AssociateAddress, …): a decimal id DescribeTaskResult answers for. */
export async function newEipTask(ctx: Ctx, resources: readonly string[]): Promise<string> {
  const counter = ctx.docs<{ n: number }>("task-counter");
  const n = ((await counter.get("n"))?.n ?? 12_000_000) + 1;
  await counter.put("n", { n });
  const id = String(n);
  await tasks(ctx).insert(id, { TaskId: id, action: ctx.action, resources: [...resources], at: ctx.now() });
  return id;
}

export function findTask(ctx: Ctx, id: string): Promise<TaskDoc | undefined> {
  return tasks(ctx).get(id);
}
