import type { MongodbActions } from "../../../generated/models/mongodb";
import type { Handler } from "../../../platform/definition";
import type { ActionContext } from "../../../platform/service";
import { nextId } from "../billing";
import { findInstance, startTask, withDefaults, type MongoInstance, type Phase, type TaskKind } from "../instance";
import { recordAsyncRequest } from "../orders";

/** Handlers of MongoDB 2019-07-25, typed by that version's SDK models. */
export type H<A extends keyof MongodbActions> = Handler<"mongodb", MongodbActions[A]>;
export type Ctx = ActionContext<"mongodb">;
export type Found = { inst: Required<MongoInstance>; phase: Phase };

export function notFound(ctx: Ctx, id: string): never {
  ctx.fail("InvalidParameterValue.NotFoundInstance", { en: `The instance ${id} does not exist.`, zh: `未找到实例 ${id}。` });
}

/** An instance that exists (in any state short of deleted), or NotFoundInstance. */
export async function existing(ctx: Ctx, id: string): Promise<Found> {
  const found = await findInstance(ctx, id);
  if (!found || found.phase === "deleted") notFound(ctx, id);
  return { inst: withDefaults(found.inst), phase: found.phase };
}

/** An instance that is not isolated (running, busy, creating): what most actions act on. */
export async function active(ctx: Ctx, id: string): Promise<Found> {
  const found = await existing(ctx, id);
  if (found.phase === "isolated" || found.phase === "expired") {
    ctx.fail("InvalidParameterValue.InstanceHasBeenIsolated", { en: `The instance ${id} has been isolated.`, zh: `实例 ${id} 已隔离。` });
  }
  return found;
}

/**
 * A running instance that can take a new task: one still being created answers StatusAbnormal, one busy with
 * another task LockFailed (the instance lock is taken by that task).
 */
export async function lockable(ctx: Ctx, id: string): Promise<Found> {
  const found = await active(ctx, id);
  if (found.phase === "creating") {
    ctx.fail("InvalidParameterValue.StatusAbnormal", { en: `The instance ${id} is being created; retry once it runs.`, zh: `实例 ${id} 正在创建中，当前状态不允许该操作。` });
  }
  if (found.phase !== "running") {
    ctx.fail("InvalidParameterValue.LockFailed", {
      en: `The instance ${id} is busy with another task (${found.inst.task?.kind}); retry when it has finished.`,
      zh: `实例 ${id} 有任务正在执行，实例锁定失败，请稍后重试。`,
    });
  }
  return found;
}

/** Starts a task and returns its flow id (a number), recorded for DescribeAsyncRequestInfo too. */
export async function flowTask(ctx: Ctx, inst: MongoInstance, kind: TaskKind, extra: Parameters<typeof startTask>[4] = {}): Promise<number> {
  const flowId = await nextId(ctx, "flow");
  const next = await startTask(ctx, inst, kind, String(flowId), extra);
  await recordAsyncRequest(ctx, { id: String(flowId), kind, instanceId: inst.InstanceId, startedAt: ctx.now(), endsAt: next.task!.endsAt });
  return flowId;
}

/** Records a piece of work that does not lock the instance (accounts, backups) and returns its id. */
export async function sideRequest(ctx: Ctx, kind: string, instanceId: string, seconds: number, sequence: "flow" | "async" = "flow"): Promise<number> {
  const id = await nextId(ctx, sequence);
  await recordAsyncRequest(ctx, { id: String(id), kind, instanceId, startedAt: ctx.now(), endsAt: ctx.now() + seconds * 1000 });
  return id;
}

export function bad(ctx: Ctx, member: string, value: unknown, why: string): never {
  const v = typeof value === "string" ? value : JSON.stringify(value, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
  ctx.fail("InvalidParameterValue", { en: `The value \`${v}\` specified in the parameter \`${member}\` is not valid. ${why}`, zh: `参数 \`${member}\` 的取值 \`${v}\` 无效。${why}` });
}

/** Offset/Limit paging with the documented bounds (InvalidParameter for a value out of range). */
export function page<T>(ctx: Ctx, rows: T[], offset: number | bigint | undefined, limit: number | bigint | undefined, o: { defaultLimit: number; maxLimit: number; minLimit?: number }): T[] {
  const off = Number(offset ?? 0);
  const lim = Number(limit ?? o.defaultLimit);
  if (!Number.isInteger(off) || off < 0) bad(ctx, "Offset", offset, "Offset is a non-negative integer.");
  if (!Number.isInteger(lim) || lim < (o.minLimit ?? 1) || lim > o.maxLimit) bad(ctx, "Limit", limit, `Limit ranges from ${o.minLimit ?? 1} to ${o.maxLimit}.`);
  return rows.slice(off, off + lim);
}
