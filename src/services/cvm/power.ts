import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import type { ErrorCode } from "../../errors/catalog";
import type { Req, Res } from "../../platform/definition";
import type { ActionContext } from "../../platform/service";
import { DiskStore } from "../cbs/disk-model";
import { round2 } from "../cbs/disk-types";
import { destroyDisk, releaseFromInstance } from "../cbs/lifecycle";
import { checkInstanceIds } from "./describe";
import { instances, instanceState, liveInstance, type InstanceDoc, type InstanceState, type StoredState } from "./instance-model";

type Ctx = ActionContext<"cvm">;
const bt = (s: string | number) => "`" + s + "`";

const STATE_CODES: Record<InstanceState, ErrorCode<"cvm">> = {
  PENDING: "UnsupportedOperation.InstanceStatePending",
  RUNNING: "UnsupportedOperation.InstanceStateRunning",
  STARTING: "UnsupportedOperation.InstanceStateStarting",
  STOPPING: "UnsupportedOperation.InstanceStateStopping",
  STOPPED: "UnsupportedOperation.InstanceStateStopped",
  REBOOTING: "UnsupportedOperation.InstanceStateRebooting",
  SHUTDOWN: "UnsupportedOperation.InstanceStateShutdown",
  TERMINATING: "UnsupportedOperation.InstanceStateTerminating",
  TERMINATED: "UnsupportedOperation.InstanceStateTerminated",
};

/** Loads every instance of the request and checks each is in one of the allowed states; nothing changes on failure. */
async function load(ctx: Ctx, ids: readonly string[], allowed: readonly InstanceState[], action: string): Promise<InstanceDoc[]> {
  checkInstanceIds(ctx, ids, true);
  const now = ctx.now();
  const out: InstanceDoc[] = [];
  for (const id of new Set(ids)) {
    const inst = await liveInstance(ctx, id);
    if (!inst) ctx.fail("InvalidInstanceId.NotFound", `The instance ${bt(id)} does not exist.`);
    const state = instanceState(inst, now);
    if (!allowed.includes(state)) ctx.fail(STATE_CODES[state], `The instance ${bt(id)} is ${state}: ${action} is not supported in this state.`);
    out.push(inst);
  }
  return out;
}

async function transition(ctx: Ctx, inst: InstanceDoc, state: StoredState, operation: string, extra: Partial<InstanceDoc> = {}): Promise<void> {
  await instances(ctx).update(inst.InstanceId, {
    ...inst,
    ...extra,
    state,
    stateAt: ctx.now(),
    latestOperation: { name: operation, requestId: ctx.requestId },
  });
  ctx.touch(inst.InstanceId);
}

export async function startInstances(ctx: Ctx, req: Req<m.StartInstancesRequest>): Promise<Res<m.StartInstancesResponse>> {
  for (const inst of await load(ctx, req.InstanceIds, ["STOPPED"], "StartInstances")) {
    await transition(ctx, inst, "STARTING", "StartInstances", { StopChargingMode: "NOT_APPLICABLE" });
  }
  return {};
}

export async function stopInstances(ctx: Ctx, req: Req<m.StopInstancesRequest>): Promise<Res<m.StopInstancesResponse>> {
  if (req.ForceStop !== undefined && req.StopType !== undefined) {
    ctx.fail("InvalidParameterCombination", "`ForceStop` and `StopType` cannot be specified at the same time.");
  }
  const mode = req.StoppedMode ?? "KEEP_CHARGING";
  if (!["KEEP_CHARGING", "STOP_CHARGING"].includes(mode)) {
    ctx.fail("InvalidParameterValue", `The value ${bt(mode)} specified in the parameter ${bt("StoppedMode")} is not valid.`);
  }
  const list = await load(ctx, req.InstanceIds, ["RUNNING"], "StopInstances");
  for (const inst of list) {
    if (mode === "STOP_CHARGING" && inst.InstanceChargeType !== "POSTPAID_BY_HOUR") {
      ctx.fail("UnsupportedOperation.StoppedModeStopCharging", `The instance ${bt(inst.InstanceId)} is not pay-as-you-go: it cannot stop charging when stopped.`);
    }
  }
  for (const inst of list) await transition(ctx, inst, "STOPPING", "StopInstances", { StopChargingMode: mode });
  return {};
}

export async function rebootInstances(ctx: Ctx, req: Req<m.RebootInstancesRequest>): Promise<Res<m.RebootInstancesResponse>> {
  if (req.ForceReboot !== undefined && req.StopType !== undefined) {
    ctx.fail("InvalidParameterCombination", "`ForceReboot` and `StopType` cannot be specified at the same time.");
  }
  for (const inst of await load(ctx, req.InstanceIds, ["RUNNING"], "RebootInstances")) await transition(ctx, inst, "REBOOTING", "RebootInstances");
  return {};
}

export async function terminateInstances(ctx: Ctx, req: Req<m.TerminateInstancesRequest>): Promise<Res<m.TerminateInstancesResponse>> {
  const list = await load(ctx, req.InstanceIds, ["RUNNING", "STOPPED", "SHUTDOWN"], "TerminateInstances");
  for (const inst of list) {
    if (inst.DisableApiTermination) {
      ctx.fail("UnsupportedOperation.InstancesProtected", `The instance ${bt(inst.InstanceId)} has termination protection enabled.`);
    }
  }
  const now = ctx.now();
  const disks = new DiskStore(ctx);
  for (const inst of list) {
    if (inst.InstanceChargeType === "PREPAID" && !inst.isolated) {
      // A prepaid instance goes to the recycle bin first, with the unused part of its price refunded.
      const total = (inst.deadline ?? now) - inst.createdAt;
      const refund = total > 0 ? round2((inst.paid * Math.max(0, (inst.deadline ?? now) - now)) / total) : 0;
      if (refund > 0) await ctx.refund(refund);
      await transition(ctx, inst, "SHUTDOWN", "TerminateInstances", { isolated: true, paid: 0 });
      continue;
    }
    for (const disk of await disks.onInstance(inst.InstanceId)) {
      const release =
        disk.DiskUsage === "SYSTEM_DISK" ||
        (disk.DiskChargeType !== "PREPAID" && disk.DeleteWithInstance) ||
        (disk.DiskChargeType === "PREPAID" && req.ReleasePrepaidDataDisks === true);
      if (release) await destroyDisk(ctx, disk, false);
      else await releaseFromInstance(ctx, disk);
    }
    await transition(ctx, inst, "TERMINATING", "TerminateInstances");
  }
  return {};
}

export async function modifyInstancesAttribute(ctx: Ctx, req: Req<m.ModifyInstancesAttributeRequest>): Promise<Res<m.ModifyInstancesAttributeResponse>> {
  const changes = [req.InstanceName, req.UserData, req.SecurityGroups, req.CamRoleName, req.HostName, req.DisableApiTermination].filter((v) => v !== undefined);
  if (!changes.length) ctx.fail("MissingParameter", "The request must name one attribute to modify, such as `InstanceName`.");
  if (req.InstanceName !== undefined && req.InstanceName.length > 60) ctx.fail("InvalidInstanceName.TooLong", "The instance name must be at most 60 characters.");
  if (req.HostName !== undefined && !/^(?![.-])(?!.*[.-]{2})[A-Za-z0-9.-]{2,60}(?<![.-])$/.test(req.HostName)) {
    ctx.fail("InvalidParameterValue.IllegalHostName", `The host name ${bt(req.HostName)} is not valid.`);
  }
  for (const sg of req.SecurityGroups ?? []) {
    if (!/^sg-[a-z0-9]{8}$/.test(sg)) ctx.fail("InvalidSecurityGroupId.NotFound", `The security group ${bt(sg)} does not exist.`);
  }
  if ((req.SecurityGroups?.length ?? 0) > 5) ctx.fail("LimitExceeded.AssociateUSGLimitExceeded", "An instance can be in at most 5 security groups.");
  if (req.UserData !== undefined && !(/^[A-Za-z0-9+/]*={0,2}$/.test(req.UserData) && req.UserData.length % 4 === 0)) {
    ctx.fail("InvalidParameterValue.InvalidUserDataFormat", "`UserData` must be base64 encoded.");
  }
  const list = await load(ctx, req.InstanceIds, ["RUNNING", "STOPPED"], "ModifyInstancesAttribute");
  for (const inst of list) {
    const next: InstanceDoc = {
      ...inst,
      InstanceName: req.InstanceName ?? inst.InstanceName,
      UserData: req.UserData ?? inst.UserData,
      SecurityGroupIds: req.SecurityGroups ? [...req.SecurityGroups] : inst.SecurityGroupIds,
      CamRoleName: req.CamRoleName ?? inst.CamRoleName,
      HostName: req.HostName ?? inst.HostName,
      DisableApiTermination: req.DisableApiTermination ?? inst.DisableApiTermination,
    };
    const reboot = req.HostName !== undefined && req.AutoReboot !== false && instanceState(inst, ctx.now()) === "RUNNING";
    if (reboot) await transition(ctx, next, "REBOOTING", "ModifyInstancesAttribute");
    else {
      await instances(ctx).update(inst.InstanceId, { ...next, latestOperation: { name: "ModifyInstancesAttribute", requestId: ctx.requestId } });
      ctx.touch(inst.InstanceId);
    }
  }
  return {};
}
