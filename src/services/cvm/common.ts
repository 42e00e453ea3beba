import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import type { ErrorCode } from "../../errors/catalog";
import { Agenda, type Due } from "../../platform/agenda";
import { shortId } from "../../platform/ids";
import { uniqueId, type ActionContext } from "../../platform/service";
import type { Collection } from "../../platform/collection";
import { instances, instanceState, liveInstance, type InstanceDoc, type InstanceState, type StoredState, type Tag } from "./instance-model";

export type Ctx = ActionContext<"cvm">;
export const bt = (s: string | number) => "`" + s + "`";
/** JSON null where the SDK model documents that a member may be null. */
export const nil = null as never;

/** ISO 8601 in UTC, as CVM writes CreatedTime/ExpiredTime. */
export function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export const INSTANCE_ID = /^ins-[a-z0-9]{8}$/;

export function newId<T>(col: Collection<T>, prefix: string): Promise<string> {
  return uniqueId(col, () => shortId(prefix));
}

/** Filters as CVM checks them: a documented name (or tag:<key>), at most 10 filters of at most 5 values each. */
export function filterBy<T>(
  ctx: Ctx,
  filters: readonly m.Filter[] | undefined,
  spec: Record<string, (doc: T, values: readonly string[]) => boolean>,
  tags?: (doc: T) => readonly Tag[],
  maxValues = 5,
): (doc: T) => boolean {
  const list = filters ?? [];
  if (list.length > 10) ctx.fail("InvalidFilterValue.LimitExceeded", "At most 10 `Filters` can be given.");
  const preds: ((doc: T) => boolean)[] = [];
  for (const f of list) {
    if (f.Values.length > maxValues) ctx.fail("InvalidFilterValue.LimitExceeded", `The filter ${bt(f.Name)} takes at most ${maxValues} values.`);
    if (tags && f.Name.startsWith("tag:")) {
      const key = f.Name.slice(4);
      preds.push((d) => tags(d).some((t) => t.Key === key && f.Values.includes(t.Value)));
    } else if (tags && f.Name === "tag-key") preds.push((d) => tags(d).some((t) => f.Values.includes(t.Key)));
    else if (tags && f.Name === "tag-value") preds.push((d) => tags(d).some((t) => f.Values.includes(t.Value)));
    else if (Object.prototype.hasOwnProperty.call(spec, f.Name)) preds.push((d) => spec[f.Name](d, f.Values));
    else ctx.fail("InvalidFilter", `The filter ${bt(f.Name)} is not supported.`);
  }
  return (d) => preds.every((p) => p(d));
}

export const eq = (v: string | number | boolean | null | undefined, values: readonly string[]) => v !== null && v !== undefined && values.includes(String(v));

export function paging(ctx: Ctx, offset?: number, limit?: number, max = 100): { offset: number; limit: number } {
  const o = offset ?? 0;
  const l = limit ?? 20;
  if (o < 0) ctx.fail("InvalidParameterValue", `The value ${bt(o)} specified in the parameter ${bt("Offset")} is not valid.`);
  if (l < 0 || l > max) ctx.fail("InvalidParameterValue", `The value ${bt(l)} specified in the parameter ${bt("Limit")} is not valid: 0 to ${max}.`);
  return { offset: o, limit: l };
}

/** Tags of a TagSpecification for one resource type; duplicate keys refused. */
export function tagsFor(ctx: Ctx, spec: readonly m.TagSpecification[] | undefined, resourceType: string): Tag[] {
  const tags = (spec ?? []).filter((t) => t.ResourceType === resourceType).flatMap((t) => t.Tags.map((x) => ({ Key: x.Key, Value: x.Value })));
  const keys = new Set<string>();
  for (const t of tags) {
    if (/^(qcloud|tencent|project)[:]/i.test(t.Key)) ctx.fail("FailedOperation.TagKeyReserved", `The tag key ${bt(t.Key)} is reserved by the system.`);
    if (keys.has(t.Key)) ctx.fail("InvalidParameterValue.DuplicateTags", `The tag key ${bt(t.Key)} is repeated.`);
    keys.add(t.Key);
  }
  return tags;
}

export const STATE_CODES: Record<InstanceState, ErrorCode<"cvm">> = {
  PENDING: "UnsupportedOperation.InstanceStatePending",
  RUNNING: "UnsupportedOperation.InstanceStateRunning",
  STARTING: "UnsupportedOperation.InstanceStateStarting",
  STOPPING: "UnsupportedOperation.InstanceStateStopping",
  STOPPED: "UnsupportedOperation.InstanceStateStopped",
  REBOOTING: "UnsupportedOperation.InstanceStateRebooting",
  SHUTDOWN: "UnsupportedOperation.InstanceStateShutdown",
  TERMINATING: "UnsupportedOperation.InstanceStateTerminating",
  TERMINATED: "UnsupportedOperation.InstanceStateTerminated",
  ENTER_RESCUE_MODE: "UnsupportedOperation.InstanceStateEnterRescueMode",
  RESCUE_MODE: "UnsupportedOperation.InstanceStateRescueMode",
  EXIT_RESCUE_MODE: "UnsupportedOperation.InstanceStateExitRescueMode",
};

/** Checks InstanceIds (at most 100, well-formed). */
export function checkInstanceIds(ctx: Ctx, ids: readonly string[], required: boolean, max = 100): void {
  if (required && !ids.length) ctx.fail("MissingParameter", "The request is missing a required parameter `InstanceIds`.");
  if (ids.length > max) ctx.fail("InvalidParameterValue.LimitExceeded", `At most ${max} instance ids can be given in one request.`);
  for (const id of ids) if (!INSTANCE_ID.test(id)) ctx.fail("InvalidInstanceId.Malformed", `The instance id ${bt(id)} is malformed: ins- and 8 characters.`);
}

/** Loads every instance of the request and checks each is in one of the allowed states; nothing changes on failure. */
export async function loadInstances(ctx: Ctx, ids: readonly string[], allowed: readonly InstanceState[], action: string, max = 100): Promise<InstanceDoc[]> {
  checkInstanceIds(ctx, ids, true, max);
  const now = ctx.now();
  const out: InstanceDoc[] = [];
  for (const id of new Set(ids)) {
    const inst = await liveInstance(ctx, id);
    if (!inst) ctx.fail("InvalidInstanceId.NotFound", `The instance ${bt(id)} does not exist.`);
    const state = instanceState(inst, now);
    if (!allowed.includes(state)) ctx.fail(STATE_CODES[state], `The instance ${bt(id)} is ${state}: ${action} is not supported in this state.`);
    out.push(inst);
    ctx.touch(id);
  }
  return out;
}

export async function loadInstance(ctx: Ctx, id: string, allowed: readonly InstanceState[], action: string): Promise<InstanceDoc> {
  return (await loadInstances(ctx, [id], allowed, action))[0];
}

/** Records an operation on an instance, optionally moving it into a (transitional) state. */
export async function operate(ctx: Ctx, inst: InstanceDoc, operation: string, changes: Partial<InstanceDoc> = {}, state?: StoredState): Promise<InstanceDoc> {
  const next: InstanceDoc = {
    ...inst,
    ...changes,
    ...(state ? { state, stateAt: ctx.now() } : {}),
    latestOperation: { name: operation, requestId: ctx.requestId },
  };
  await instances(ctx).update(inst.InstanceId, next);
  ctx.touch(inst.InstanceId);
  return next;
}

/** The state as the instance shows it now. */
export const stateOf = (ctx: Ctx, i: InstanceDoc) => instanceState(i, ctx.now());

/**
 * CVM's agenda: when the next action timer, prepaid deadline, billed hour or recycle-bin release falls due in the
 * account and region (reconcile.ts). Stored as "timer-schedule", the name it had when it held timers only.
 */
export const schedule = (ctx: Ctx) => new Agenda(ctx.docs<Due>("timer-schedule"));
