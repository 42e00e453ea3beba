import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import type { Req, Res } from "../../platform/definition";
import { bt, checkInstanceIds, loadInstances, newId, schedule, utc, type Ctx } from "./common";
import { instances, instanceState, type InstanceDoc } from "./instance-model";
import { isolate, releaseInstance } from "./power";

/**
 * Timed actions on instances (ImportInstancesActionTimer): at ActionTime the instance is terminated
 * (TerminateInstances) or stopped (StopInstances). reconcile.ts materializes what became due, on the first CVM
 * call after it, as the rest of tclocal's clock-driven state does.
 */
export interface ActionTimerDoc {
  ActionTimerId: string;
  InstanceId: string;
  TimerAction: "TerminateInstances" | "StopInstances";
  at: number;
  status: "UNDO" | "DONE" | "CANCEL";
  ReleaseAddress: boolean;
}

const timers = (ctx: Ctx) => ctx.docs<ActionTimerDoc>("action-timer");
const ACTIONS = ["TerminateInstances", "StopInstances"];

function parseTime(ctx: Ctx, text: string | undefined): number {
  const t = text ? Date.parse(text) : NaN;
  if (!text || Number.isNaN(t) || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/.test(text)) ctx.fail("InvalidParameterValue.InvalidTimeFormat", `The time ${bt(text ?? "")} is not ISO 8601 (2018-05-29T11:26:40Z).`);
  return t;
}

export async function importInstancesActionTimer(ctx: Ctx, req: Req<m.ImportInstancesActionTimerRequest>): Promise<Res<m.ImportInstancesActionTimerResponse>> {
  checkInstanceIds(ctx, req.InstanceIds, true);
  const action = req.ActionTimer.TimerAction ?? "";
  if (!ACTIONS.includes(action)) ctx.fail("InvalidParameter", `The timer action ${bt(action)} is not TerminateInstances or StopInstances.`);
  const at = parseTime(ctx, req.ActionTimer.ActionTime);
  if (at <= ctx.now() + 60_000) ctx.fail("InvalidParameterValue.InvalidTimeFormat", "`ActionTime` must be at least one minute from now.");
  const list = await loadInstances(ctx, req.InstanceIds, ["RUNNING", "STOPPED", "PENDING"], "ImportInstancesActionTimer");
  const pending = (await timers(ctx).all()).filter((t) => t.status === "UNDO");
  for (const i of list) {
    if (i.InstanceChargeType !== "POSTPAID_BY_HOUR" && action === "TerminateInstances") ctx.fail("UnsupportedOperation.NotSupportImportInstancesActionTimer", `The instance ${bt(i.InstanceId)} is not pay-as-you-go.`);
    if (pending.some((t) => t.InstanceId === i.InstanceId && t.TimerAction === action)) ctx.fail("FailedOperation.MutActionTimerExist", `The instance ${bt(i.InstanceId)} already has a ${action} timer.`);
  }
  const ids: string[] = [];
  for (const i of list) {
    const id = await newId(timers(ctx), "timer");
    ids.push(id);
    await timers(ctx).insert(id, { ActionTimerId: id, InstanceId: i.InstanceId, TimerAction: action as ActionTimerDoc["TimerAction"], at, status: "UNDO", ReleaseAddress: req.ActionTimer.Externals?.ReleaseAddress ?? false }, i.InstanceId);
    await schedule(ctx).expect(at);
  }
  return { ActionTimerIds: ids };
}

function present(t: ActionTimerDoc): m.ActionTimer {
  return {
    TimerAction: t.TimerAction, ActionTime: utc(t.at), ActionTimerId: t.ActionTimerId, Status: t.status, InstanceId: t.InstanceId,
    Externals: { ReleaseAddress: t.ReleaseAddress, UnsupportNetworks: [], StorageBlockAttr: { Type: "", MinSize: 0, MaxSize: 0 } },
  };
}

export async function describeInstancesActionTimer(ctx: Ctx, req: Req<m.DescribeInstancesActionTimerRequest>): Promise<Res<m.DescribeInstancesActionTimerResponse>> {
  if ((req.ActionTimerIds?.length ?? 0) > 100 || (req.InstanceIds?.length ?? 0) > 100) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 100 ids can be given.");
  const start = req.StartActionTime ? parseTime(ctx, req.StartActionTime) : -Infinity;
  const end = req.EndActionTime ? parseTime(ctx, req.EndActionTime) : Infinity;
  const all = (await timers(ctx).all()).filter(
    (t) => (!req.ActionTimerIds?.length || req.ActionTimerIds.includes(t.ActionTimerId)) && (!req.InstanceIds?.length || req.InstanceIds.includes(t.InstanceId)) &&
      (!req.TimerAction || t.TimerAction === req.TimerAction) && t.at >= start && t.at <= end && (!req.StatusList?.length || req.StatusList.includes(t.status)),
  );
  return { ActionTimers: all.map(present) };
}

export async function deleteInstancesActionTimer(ctx: Ctx, req: Req<m.DeleteInstancesActionTimerRequest>): Promise<Res<m.DeleteInstancesActionTimerResponse>> {
  for (const id of req.ActionTimerIds) {
    const t = await timers(ctx).get(id);
    if (!t) ctx.fail("InvalidParameterValue", `The action timer ${bt(id)} does not exist.`);
  }
  for (const id of req.ActionTimerIds) await timers(ctx).delete(id);
  return {};
}

/** Fires the timers that became due (reconcile.ts); answers when the next one is. */
export async function fireDueTimers(ctx: Ctx): Promise<number> {
  const now = ctx.now();
  let next = Infinity;
  for (const t of await timers(ctx).all()) {
    if (t.status !== "UNDO") continue;
    if (t.at > now) {
      next = Math.min(next, t.at);
      continue;
    }
    const i = await instances(ctx).get(t.InstanceId);
    if (i) await fire(ctx, i, t);
    await timers(ctx).update(t.ActionTimerId, { ...t, status: "DONE" }, t.InstanceId);
  }
  return next;
}

async function fire(ctx: Ctx, i: InstanceDoc, t: ActionTimerDoc): Promise<void> {
  const state = instanceState(i, t.at);
  if (t.TimerAction === "StopInstances") {
    if (state === "RUNNING") await instances(ctx).update(i.InstanceId, { ...i, state: "STOPPING", stateAt: t.at, latestOperation: { name: "StopInstances", requestId: ctx.requestId } });
    return;
  }
  if (state === "TERMINATED" || state === "TERMINATING" || i.DisableApiTermination) return;
  if (i.InstanceChargeType === "PREPAID" && !i.isolated) return isolate(ctx, i, "TerminateInstances");
  const released = await releaseInstance(ctx, i, false);
  await instances(ctx).update(i.InstanceId, { ...i, released, state: "TERMINATING", stateAt: t.at, latestOperation: { name: "TerminateInstances", requestId: ctx.requestId } });
}
