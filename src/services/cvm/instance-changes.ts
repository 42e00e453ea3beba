import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import { randomBytes } from "node:crypto";
import type { Req, Res } from "../../platform/definition";
import { instanceDisks, updateInstanceDisk } from "../cbs/for-products";
import { checkSecurityGroups, findVpcSubnet, instanceNetwork, isRefusal, moveInstanceNetwork, checkPrivateIps, setInstanceSecurityGroups } from "../vpc/for-products";
import { bt, checkInstanceIds, filterBy, eq, loadInstance, loadInstances, operate, stateOf, type Ctx } from "./common";
import { allTypes, soldIn } from "./instance-types";
import { liveInstance, type InstanceDoc } from "./instance-model";
import { checkImage, checkLogin, hostNameOk, networkFail, passwordOk, planDisk } from "./run-plan";
import { findImage } from "./image-model";

const LIVE_STATES = ["PENDING", "RUNNING", "STOPPED", "STARTING", "STOPPING", "REBOOTING", "SHUTDOWN", "TERMINATING", "ENTER_RESCUE_MODE", "RESCUE_MODE", "EXIT_RESCUE_MODE"] as const;

async function changeGroups(ctx: Ctx, instanceIds: string[], groupIds: string[], add: boolean): Promise<void> {
  checkInstanceIds(ctx, instanceIds, true);
  const problem = await checkSecurityGroups(ctx, groupIds.slice(0, 5));
  if (problem) networkFail(ctx, problem);
  if (groupIds.length > 5) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 5 security groups can be given.");
  const list = await loadInstances(ctx, instanceIds, ["RUNNING", "STOPPED", "PENDING", "STARTING", "STOPPING", "REBOOTING"], add ? "AssociateSecurityGroups" : "DisassociateSecurityGroups");
  for (const i of list) {
    const current = (await instanceNetwork(ctx, i.InstanceId))?.SecurityGroupIds ?? [];
    const next = add ? [...new Set([...current, ...groupIds])] : current.filter((g) => !groupIds.includes(g));
    if (next.length > 5) ctx.fail("LimitExceeded.AssociateUSGLimitExceeded", `The instance ${bt(i.InstanceId)} would be in ${next.length} security groups: at most 5.`);
    if (!add && !next.length) ctx.fail("UnsupportedOperation", `The instance ${bt(i.InstanceId)} must stay in one security group at least.`);
    if (!add) for (const g of groupIds) if (!current.includes(g)) ctx.fail("InvalidSecurityGroupId.NotFound", `The instance ${bt(i.InstanceId)} is not in ${bt(g)}.`);
    await setInstanceSecurityGroups(ctx, i.InstanceId, next);
    await operate(ctx, i, add ? "AssociateSecurityGroups" : "DisassociateSecurityGroups");
  }
}

export async function associateSecurityGroups(ctx: Ctx, req: Req<m.AssociateSecurityGroupsRequest>): Promise<Res<m.AssociateSecurityGroupsResponse>> {
  await changeGroups(ctx, req.InstanceIds, req.SecurityGroupIds, true);
  return {};
}

export async function disassociateSecurityGroups(ctx: Ctx, req: Req<m.DisassociateSecurityGroupsRequest>): Promise<Res<m.DisassociateSecurityGroupsResponse>> {
  await changeGroups(ctx, req.InstanceIds, req.SecurityGroupIds, false);
  return {};
}

/** ResetInstance's checks; the plan says what changes. */
async function planReset(ctx: Ctx, req: m.ResetInstanceRequest | m.InquiryPriceResetInstanceRequest) {
  const inst = await loadInstance(ctx, req.InstanceId, ["RUNNING", "STOPPED"], "ResetInstance");
  const image = await checkImage(ctx, req.ImageId ?? inst.ImageId);
  const disks = await instanceDisks(ctx, inst.InstanceId, inst.SystemDiskId);
  const size = req.SystemDisk?.DiskSize ?? disks.system?.DiskSize ?? 50;
  if (size < (disks.system?.DiskSize ?? 0)) ctx.fail("InvalidParameterValue", "The system disk cannot shrink.");
  if (size < image.ImageSize) ctx.fail("InvalidParameterValue.InvalidImageForGivenInstanceType", `The system disk (${size} GiB) is smaller than the image ${bt(image.ImageId)} (${image.ImageSize} GiB).`);
  if (req.SystemDisk) await planDisk(ctx, "SystemDisk", { DiskType: disks.system?.DiskType, ...req.SystemDisk, DiskSize: size }, "system");
  const keys = await checkLogin(ctx, req.LoginSettings ?? {}, image.windows);
  if (req.UserData !== undefined && !(/^[A-Za-z0-9+/]*={0,2}$/.test(req.UserData) && req.UserData.length % 4 === 0)) ctx.fail("InvalidParameterValue.InvalidUserDataFormat", "`UserData` must be base64 encoded.");
  return { inst, image, size, keys, oldSize: disks.system?.DiskSize ?? size };
}

/** Reinstalls the system: the instance restarts (STARTING → RUNNING) with the image, its system disk reset (and grown if asked). */
export async function resetInstance(ctx: Ctx, req: Req<m.ResetInstanceRequest>): Promise<Res<m.ResetInstanceResponse>> {
  const p = await planReset(ctx, req);
  if (req.HostName !== undefined && !hostNameOk(req.HostName, p.image.windows)) ctx.fail("InvalidParameterValue.IllegalHostName", `The host name ${bt(req.HostName)} is not valid.`);
  if (p.inst.InstanceChargeType === "PREPAID" && p.size > p.oldSize) await chargeDiskGrowth(ctx, p.inst, p.size - p.oldSize);
  await updateInstanceDisk(ctx, p.inst.SystemDiskId, { DiskSize: p.size, SourceSnapshotId: null });
  await operate(ctx, p.inst, "ResetInstance", {
    ImageId: p.image.ImageId, OsName: p.image.OsName, windows: p.image.windows, KeyIds: p.keys, HostName: req.HostName ?? p.inst.HostName, UserData: req.UserData ?? p.inst.UserData,
  }, "STARTING");
  return {};
}

const BSSD_MONTHLY = 0.5;

async function chargeDiskGrowth(ctx: Ctx, inst: InstanceDoc, gib: number): Promise<void> {
  const months = inst.deadline === null ? 0 : Math.max(0, (inst.deadline - ctx.now()) / (30 * 86_400_000));
  const cost = Math.round(gib * BSSD_MONTHLY * months * 100) / 100;
  if (cost > 0 && !(await ctx.charge(cost))) ctx.fail("InvalidAccount.InsufficientBalance", `The balance is short of the ${cost} CNY this costs.`);
}

export async function inquiryPriceResetInstance(ctx: Ctx, req: Req<m.InquiryPriceResetInstanceRequest>): Promise<Res<m.InquiryPriceResetInstanceResponse>> {
  const p = await planReset(ctx, req);
  const months = p.inst.deadline === null ? 0 : Math.max(0, (p.inst.deadline - ctx.now()) / (30 * 86_400_000));
  const cost = p.inst.InstanceChargeType === "PREPAID" ? Math.round(Math.max(0, p.size - p.oldSize) * BSSD_MONTHLY * months * 100) / 100 : 0;
  return { Price: priceOf(cost, p.inst.InstanceChargeType === "PREPAID" ? "MONTH" : "HOUR") };
}

export function priceOf(amount: number, unit: string, hourly = 0): m.Price {
  const item: m.ItemPrice = {
    UnitPrice: hourly, ChargeUnit: unit, OriginalPrice: amount, DiscountPrice: amount, Discount: 100, UnitPriceDiscount: hourly, UnitPriceSecondStep: 0,
    UnitPriceDiscountSecondStep: 0, UnitPriceThirdStep: 0, UnitPriceDiscountThirdStep: 0, OriginalPriceThreeYear: null as never, DiscountPriceThreeYear: null as never,
    DiscountThreeYear: null as never, OriginalPriceFiveYear: null as never, DiscountPriceFiveYear: null as never, DiscountFiveYear: null as never,
    OriginalPriceOneYear: null as never, DiscountPriceOneYear: null as never, DiscountOneYear: null as never,
  };
  return { InstancePrice: item, BandwidthPrice: { ...item, OriginalPrice: 0, DiscountPrice: 0, UnitPrice: 0, UnitPriceDiscount: 0 } };
}

/** A stopped instance, or a running one with ForceStop (it is stopped for the change and started again). */
async function stoppedOrForced(ctx: Ctx, ids: string[], force: boolean | undefined, action: string): Promise<InstanceDoc[]> {
  return loadInstances(ctx, ids, force ? ["RUNNING", "STOPPED"] : ["STOPPED"], action);
}

export async function resetInstancesPassword(ctx: Ctx, req: Req<m.ResetInstancesPasswordRequest>): Promise<Res<m.ResetInstancesPasswordResponse>> {
  checkInstanceIds(ctx, req.InstanceIds, true);
  const list = await stoppedOrForced(ctx, req.InstanceIds, req.ForceStop, "ResetInstancesPassword");
  for (const i of list) {
    if (!passwordOk(req.Password, i.windows)) ctx.fail("InvalidParameterValue.InvalidPassword", `The password does not meet the complexity rules of ${bt(i.InstanceId)}'s system.`);
  }
  if (req.UserName !== undefined && req.UserName.length > 64) ctx.fail("InvalidParameterValue.TooLong", "`UserName` is at most 64 characters.");
  for (const i of list) await operate(ctx, i, "ResetInstancesPassword", {}, stateOf(ctx, i) === "RUNNING" ? "REBOOTING" : undefined);
  return {};
}

/** Moves instances to another subnet (of another VPC too): a new private address there; they restart. */
export async function modifyInstancesVpcAttribute(ctx: Ctx, req: Req<m.ModifyInstancesVpcAttributeRequest>): Promise<Res<m.ModifyInstancesVpcAttributeResponse>> {
  checkInstanceIds(ctx, req.InstanceIds, true);
  const vpc = req.VirtualPrivateCloud;
  const ips = vpc.PrivateIpAddresses ?? [];
  if (ips.length && ips.length !== req.InstanceIds.length) ctx.fail("InvalidParameterValue.LimitExceeded", "Give one private address per instance.");
  const list = await stoppedOrForced(ctx, req.InstanceIds, req.ForceStop, "ModifyInstancesVpcAttribute");
  for (const i of list) {
    const placed = await findVpcSubnet(ctx, { vpcId: vpc.VpcId, subnetId: vpc.SubnetId, zone: i.Zone });
    if (isRefusal(placed)) networkFail(ctx, placed);
    const net = await instanceNetwork(ctx, i.InstanceId);
    if (net && net.eniCount > 1 && net.VpcId !== placed.VpcId) ctx.fail("UnsupportedOperation.ElasticNetworkInterface", `The instance ${bt(i.InstanceId)} has other network interfaces: detach them first.`);
  }
  const first = await findVpcSubnet(ctx, { vpcId: vpc.VpcId, subnetId: vpc.SubnetId });
  if (isRefusal(first)) networkFail(ctx, first);
  const problem = await checkPrivateIps(ctx, first.SubnetId, ips, ips.length ? 0 : list.length);
  if (problem) networkFail(ctx, problem);
  for (const [n, i] of list.entries()) {
    const moved = await moveInstanceNetwork(ctx, i.InstanceId, first.SubnetId, ips[n]);
    if (moved) networkFail(ctx, moved);
    await operate(ctx, i, "ModifyInstancesVpcAttribute", {}, stateOf(ctx, i) === "RUNNING" ? "REBOOTING" : undefined);
  }
  return {};
}

export async function modifyInstancesProject(ctx: Ctx, req: Req<m.ModifyInstancesProjectRequest>): Promise<Res<m.ModifyInstancesProjectResponse>> {
  if (req.ProjectId < 0) ctx.fail("InvalidProjectId.NotFound", `The project ${req.ProjectId} does not exist.`);
  for (const i of await loadInstances(ctx, req.InstanceIds, ["RUNNING", "STOPPED", "PENDING", "SHUTDOWN"], "ModifyInstancesProject")) {
    await operate(ctx, i, "ModifyInstancesProject", { ProjectId: req.ProjectId });
  }
  return {};
}

export async function enterRescueMode(ctx: Ctx, req: Req<m.EnterRescueModeRequest>): Promise<Res<m.EnterRescueModeResponse>> {
  const i = (await stoppedOrForced(ctx, [req.InstanceId], req.ForceStop, "EnterRescueMode"))[0];
  if (!passwordOk(req.Password, false)) ctx.fail("InvalidParameterValue.InvalidPassword", "The rescue password must be 8 to 30 characters with at least two kinds of characters.");
  if (i.StopChargingMode === "STOP_CHARGING" && stateOf(ctx, i) === "STOPPED") ctx.fail("UnsupportedOperation.StoppedModeStopCharging", `The instance ${bt(i.InstanceId)} stopped without charging.`);
  await operate(ctx, i, "EnterRescueMode", {}, "ENTER_RESCUE_MODE");
  return {};
}

export async function exitRescueMode(ctx: Ctx, req: Req<m.ExitRescueModeRequest>): Promise<Res<m.ExitRescueModeResponse>> {
  const i = await loadInstance(ctx, req.InstanceId, ["RESCUE_MODE"], "ExitRescueMode");
  await operate(ctx, i, "ExitRescueMode", {}, "EXIT_RESCUE_MODE");
  return {};
}

/** A one-time VNC address, valid 15 s (only RUNNING instances). */
export async function describeInstanceVncUrl(ctx: Ctx, req: Req<m.DescribeInstanceVncUrlRequest>): Promise<Res<m.DescribeInstanceVncUrlResponse>> {
  const i = await loadInstance(ctx, req.InstanceId, ["RUNNING", "RESCUE_MODE"], "DescribeInstanceVncUrl");
  const token = Buffer.from(`${i.InstanceId}:${randomBytes(24).toString("base64")}:${ctx.now() + 15_000}`).toString("base64");
  const host = `${ctx.region.replace(/^ap-|^na-|^eu-|^sa-/, "").slice(0, 2)}vnc.qcloud.com`;
  return { InstanceVncUrl: `wss://${host}:26789/vnc?s=${encodeURIComponent(token)}` };
}

export async function describeInstancesAttributes(ctx: Ctx, req: Req<m.DescribeInstancesAttributesRequest>): Promise<Res<m.DescribeInstancesAttributesResponse>> {
  for (const id of req.InstanceIds) if (!/^ins-[a-z0-9]{8}$/.test(id)) ctx.fail("InvalidParameterValue.InstanceIdMalformed", `The instance id ${bt(id)} is malformed.`);
  for (const a of req.Attributes) if (a !== "UserData") ctx.fail("InvalidParameterValue", `The attribute ${bt(a)} is not known: UserData.`);
  const out: m.InstanceAttribute[] = [];
  for (const id of new Set(req.InstanceIds)) {
    const i = await liveInstance(ctx, id);
    if (!i) ctx.fail("InvalidInstanceId.NotFound", `The instance ${bt(id)} does not exist.`);
    out.push({ InstanceId: id, Attributes: { UserData: req.Attributes.includes("UserData") ? i.UserData : "" } });
  }
  return { InstanceSet: out };
}

/** The types an instance can change to: sold in its zone (SELL), or not (SOLD_OUT), with the reason. */
export async function describeInstancesModification(ctx: Ctx, req: Req<m.DescribeInstancesModificationRequest>): Promise<Res<m.DescribeInstancesModificationResponse>> {
  checkInstanceIds(ctx, req.InstanceIds, true, 20);
  const list = await loadInstances(ctx, req.InstanceIds, [...LIVE_STATES], "DescribeInstancesModification", 20);
  if (new Set(list.map((i) => i.Zone)).size > 1) ctx.fail("FailedOperation.ZoneInconsistent", "The instances are in different zones.");
  const zone = list[0].Zone;
  const filter = filterBy<{ family: string; type: string; status: string }>(ctx, req.Filters, {
    "instance-family": (x, v) => eq(x.family, v),
    "instance-type": (x, v) => eq(x.type, v),
    status: (x, v) => eq(x.status, v),
  });
  const rows = allTypes().map((t) => ({ spec: t, status: soldIn(t, zone) ? "SELL" : "SOLD_OUT" })).filter((r) => filter({ family: r.spec.family, type: r.spec.InstanceType, status: r.status }));
  return {
    TotalCount: rows.length,
    InstanceTypeConfigStatusSet: rows.map((r) => ({
      Status: r.status, Message: r.status === "SELL" ? "" : "The type is not sold in this zone.",
      InstanceTypeConfig: { Zone: zone, InstanceType: r.spec.InstanceType, InstanceFamily: r.spec.family, GPU: 0, CPU: r.spec.CPU, Memory: r.spec.Memory, FPGA: 0, GpuCount: 0, GpuType: "", GpuMemory: 0 },
    })),
  };
}

/** Downgrades (INSTANCE_DEGRADE) are limited to one per instance and month of its term. */
export async function describeInstancesOperationLimit(ctx: Ctx, req: Req<m.DescribeInstancesOperationLimitRequest>): Promise<Res<m.DescribeInstancesOperationLimitResponse>> {
  if (req.InstanceIds.length > 100) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 100 instances can be given.");
  if (req.Operation !== "INSTANCE_DEGRADE") ctx.fail("InvalidParameterValue.LimitExceeded", `The operation ${bt(req.Operation)} is not INSTANCE_DEGRADE.`);
  const list = await loadInstances(ctx, req.InstanceIds, [...LIVE_STATES], "DescribeInstancesOperationLimit");
  const counts = ctx.docs<{ n: number }>("degrade-count");
  const out: m.OperationCountLimit[] = [];
  for (const i of list) out.push({ Operation: "INSTANCE_DEGRADE", InstanceId: i.InstanceId, CurrentCount: (await counts.get(i.InstanceId))?.n ?? 0, LimitCount: i.InstanceChargeType === "PREPAID" ? 1 : 100 });
  return { InstanceOperationLimitSet: out };
}

/** CentOS 7/8 instances convert to TencentOS Server (3.1 from CentOS 8, 2.4 from CentOS 7); they restart. */
export async function convertOperatingSystems(ctx: Ctx, req: Req<m.ConvertOperatingSystemsRequest>): Promise<Res<m.ConvertOperatingSystemsResponse>> {
  const list = await loadInstances(ctx, req.InstanceIds, ["RUNNING"], "ConvertOperatingSystems");
  if (req.TargetOSType !== undefined && req.TargetOSType !== "TencentOS") ctx.fail("InvalidParameter.InvalidTargetOSType", `The target ${bt(req.TargetOSType)} is not TencentOS.`);
  const targets: m.TargetOS[] = [];
  for (const i of list) {
    if (i.windows) ctx.fail("UnsupportedOperation.InstanceOsWindows", `The instance ${bt(i.InstanceId)} runs Windows.`);
    const from = /^CentOS (7|8)/.exec(i.OsName);
    if (!from) ctx.fail("UnsupportedOperation.InstanceOsConvertOsNotSupport", `The instance ${bt(i.InstanceId)} runs ${i.OsName}: only CentOS 7 and 8 convert.`);
    targets.push({ TargetOSType: "TencentOS", TargetOSVersion: from[1] === "8" ? "3.1" : "2.4" });
  }
  if (req.DryRun) return { SupportTargetOSList: targets, TaskId: "" };
  for (const [n, i] of list.entries()) {
    const image = await findImage(ctx, targets[n].TargetOSVersion === "3.1" ? "img-pmqg1cw7" : "img-dkwyg6sr");
    await operate(ctx, i, "ConvertOperatingSystems", { OsName: image!.OsName }, "REBOOTING");
  }
  return { SupportTargetOSList: targets, TaskId: ctx.requestId };
}

/** tclocal sells no FPGA instance types: every instance answers NotFpgaInstance, as a non-FPGA instance does. */
export async function programFpgaImage(ctx: Ctx, req: Req<m.ProgramFpgaImageRequest>): Promise<Res<m.ProgramFpgaImageResponse>> {
  if (!/^ins-[a-z0-9]{8}$/.test(req.InstanceId)) ctx.fail("InvalidParameterValue.InstanceIdMalformed", `The instance id ${bt(req.InstanceId)} is malformed.`);
  if (!/^https?:\/\/\S+$/.test(req.FPGAUrl)) ctx.fail("InvalidParameterValue.IncorrectFormat", "`FPGAUrl` is a COS address.");
  if ((req.DBDFs?.length ?? 0) > 8) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 8 `DBDFs` can be given.");
  const i = await liveInstance(ctx, req.InstanceId);
  if (!i) ctx.fail("InvalidInstanceId.NotFound", `The instance ${bt(req.InstanceId)} does not exist.`);
  ctx.fail("UnsupportedOperation.NotFpgaInstance", `The instance ${bt(i.InstanceId)} (${i.InstanceType}) has no FPGA card.`);
}
