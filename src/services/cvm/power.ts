import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import type { Req, Res } from "../../platform/definition";
import { releaseInstanceDisks, round2 } from "../cbs/for-products";
import { checkSecurityGroups, instanceNetwork, releaseInstanceNetwork, setInstanceSecurityGroups } from "../vpc/for-products";
import { bt, loadInstances, operate, stateOf, STATE_CODES, type Ctx } from "./common";
import { noteTerm } from "./instance-terms";
import { type InstanceDoc, type ReleasedNetwork } from "./instance-model";
import { networkFail } from "./run-plan";

/**
 * Starts STOPPED instances, and pay-as-you-go instances shut down for arrears once the balance pays what they owe
 * (real CVM: within 15 days of the shutdown, after a top-up); any other SHUTDOWN instance is refused.
 */
export async function startInstances(ctx: Ctx, req: Req<m.StartInstancesRequest>): Promise<Res<m.StartInstancesResponse>> {
  const list = await loadInstances(ctx, req.InstanceIds, ["STOPPED", "SHUTDOWN"], "StartInstances");
  const arrears = list.filter((i) => stateOf(ctx, i) === "SHUTDOWN");
  for (const i of arrears) {
    if (i.isolatedSource !== "ARREAR") ctx.fail(STATE_CODES.SHUTDOWN, `The instance ${bt(i.InstanceId)} is SHUTDOWN: StartInstances is not supported in this state.`);
  }
  const owed = round2(arrears.reduce((s, i) => s + (i.owed ?? 0), 0));
  if (owed > 0 && !(await ctx.charge(owed))) {
    ctx.fail(STATE_CODES.SHUTDOWN, `The instances ${arrears.map((i) => bt(i.InstanceId)).join(", ")} are shut down for arrears: the balance is short of the ${owed} CNY they owe.`);
  }
  for (const inst of list) {
    const back: Partial<InstanceDoc> = arrears.includes(inst)
      ? { isolated: false, isolatedSource: undefined, isolatedAt: undefined, arrearsAt: null, owed: 0, billedUntil: ctx.now() }
      : {};
    await noteTerm(ctx, await operate(ctx, inst, "StartInstances", { ...back, StopChargingMode: "NOT_APPLICABLE" }, "STARTING"));
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
  const list = await loadInstances(ctx, req.InstanceIds, ["RUNNING"], "StopInstances");
  for (const inst of list) {
    if (mode === "STOP_CHARGING" && inst.InstanceChargeType !== "POSTPAID_BY_HOUR") {
      ctx.fail("UnsupportedOperation.StoppedModeStopCharging", `The instance ${bt(inst.InstanceId)} is not pay-as-you-go: it cannot stop charging when stopped.`);
    }
  }
  for (const inst of list) await operate(ctx, inst, "StopInstances", { StopChargingMode: mode }, "STOPPING");
  return {};
}

export async function rebootInstances(ctx: Ctx, req: Req<m.RebootInstancesRequest>): Promise<Res<m.RebootInstancesResponse>> {
  if (req.ForceReboot !== undefined && req.StopType !== undefined) {
    ctx.fail("InvalidParameterCombination", "`ForceReboot` and `StopType` cannot be specified at the same time.");
  }
  for (const inst of await loadInstances(ctx, req.InstanceIds, ["RUNNING"], "RebootInstances")) await operate(ctx, inst, "RebootInstances", {}, "REBOOTING");
  return {};
}

/** The instance is going: its disks and its network go back to CBS and VPC now; it keeps showing what it had while TERMINATING. */
export async function releaseInstance(ctx: Ctx, inst: InstanceDoc, releasePrepaidDisks: boolean): Promise<ReleasedNetwork> {
  const net = await instanceNetwork(ctx, inst.InstanceId);
  await releaseInstanceDisks(ctx, inst.InstanceId, releasePrepaidDisks);
  await releaseInstanceNetwork(ctx, inst.InstanceId);
  return net
    ? { VpcId: net.VpcId, SubnetId: net.SubnetId, PrivateIpAddresses: net.PrivateIpAddresses, PublicIpAddresses: net.PublicIpAddresses, SecurityGroupIds: net.SecurityGroupIds }
    : (inst.released ?? { VpcId: "", SubnetId: "", PrivateIpAddresses: [], PublicIpAddresses: [], SecurityGroupIds: [] });
}

/** A prepaid instance goes to the recycle bin first, with the unused part of its price refunded. */
export async function isolate(ctx: Ctx, inst: InstanceDoc, operation: string): Promise<void> {
  const now = ctx.now();
  const total = (inst.deadline ?? now) - inst.createdAt;
  const refund = total > 0 ? round2((inst.paid * Math.max(0, (inst.deadline ?? now) - now)) / total) : 0;
  if (refund > 0) await ctx.refund(refund);
  await operate(ctx, inst, operation, { isolated: true, isolatedSource: "MANMADE", isolatedAt: now, paid: 0 }, "SHUTDOWN");
}

export async function terminateInstances(ctx: Ctx, req: Req<m.TerminateInstancesRequest>): Promise<Res<m.TerminateInstancesResponse>> {
  const list = await loadInstances(ctx, req.InstanceIds, ["RUNNING", "STOPPED", "SHUTDOWN", "RESCUE_MODE"], "TerminateInstances");
  for (const inst of list) {
    if (inst.DisableApiTermination) ctx.fail("UnsupportedOperation.InstancesProtected", `The instance ${bt(inst.InstanceId)} has termination protection enabled.`);
  }
  for (const inst of list) {
    if (inst.InstanceChargeType === "PREPAID" && !inst.isolated) {
      await isolate(ctx, inst, "TerminateInstances");
      continue;
    }
    const released = await releaseInstance(ctx, inst, req.ReleasePrepaidDataDisks === true);
    await operate(ctx, inst, "TerminateInstances", { released }, "TERMINATING");
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
  if (req.SecurityGroups) {
    const problem = await checkSecurityGroups(ctx, req.SecurityGroups);
    if (problem) networkFail(ctx, problem);
  }
  if (req.UserData !== undefined && !(/^[A-Za-z0-9+/]*={0,2}$/.test(req.UserData) && req.UserData.length % 4 === 0)) {
    ctx.fail("InvalidParameterValue.InvalidUserDataFormat", "`UserData` must be base64 encoded.");
  }
  if (req.CamRoleName !== undefined && !/^[A-Za-z0-9+=,.@_-]{0,128}$/.test(req.CamRoleName)) ctx.fail("InvalidParameterValue.CamRoleNameMalformed", `The CAM role name ${bt(req.CamRoleName)} is not valid.`);
  const list = await loadInstances(ctx, req.InstanceIds, ["RUNNING", "STOPPED"], "ModifyInstancesAttribute");
  for (const inst of list) {
    const next: Partial<InstanceDoc> = {
      InstanceName: req.InstanceName ?? inst.InstanceName,
      UserData: req.UserData ?? inst.UserData,
      CamRoleName: req.CamRoleName ?? inst.CamRoleName,
      HostName: req.HostName ?? inst.HostName,
      DisableApiTermination: req.DisableApiTermination ?? inst.DisableApiTermination,
    };
    if (req.SecurityGroups) await setInstanceSecurityGroups(ctx, inst.InstanceId, [...new Set(req.SecurityGroups)]);
    const reboot = req.HostName !== undefined && req.AutoReboot !== false && stateOf(ctx, inst) === "RUNNING";
    await operate(ctx, inst, "ModifyInstancesAttribute", next, reboot ? "REBOOTING" : undefined);
  }
  return {};
}
