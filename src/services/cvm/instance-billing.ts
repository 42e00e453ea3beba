import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import { addMonths } from "../../platform/clock";
import type { Req, Res } from "../../platform/definition";
import { DISK_TYPES, diskMonthlyPrice, extendInstanceDisks, findDisk, isDiskType, periodDiscount, round2, updateInstanceDisk } from "../cbs/for-products";
import { setInstancePublicBandwidth } from "../vpc/for-products";
import { bt, checkInstanceIds, loadInstance, loadInstances, operate, stateOf, type Ctx } from "./common";
import { parseInstanceType, soldIn, typePrice } from "./instance-types";
import { type InstanceDoc } from "./instance-model";
import { priceOf } from "./instance-changes";
import { checkChargeType } from "./run-plan";
import { hosts, HOST_TYPES } from "./placement-model";
import { hostUsage } from "./hosts";
import { liveInstances } from "./instance-model";
import { monthlyPrice, noteTerm } from "./instance-terms";

const MONTH = 30 * 86_400_000;
const monthsLeft = (i: InstanceDoc, now: number) => (i.deadline === null ? 0 : Math.max(0, (i.deadline - now) / MONTH));

/** The instance and its disks' monthly price (with a type's size changed: ResetInstancesType). */
function monthly(ctx: Ctx, i: InstanceDoc, cpu = i.CPU, mem = i.Memory, family = i.InstanceType.split(".")[0], elastic = true): Promise<number> {
  return monthlyPrice(ctx, i, elastic, { InstanceType: i.InstanceType, family, CPU: cpu, Memory: mem });
}

async function charge(ctx: Ctx, amount: number): Promise<void> {
  if (amount > 0 && !(await ctx.charge(round2(amount)))) ctx.fail("InvalidAccount.InsufficientBalance", `The balance is short of the ${round2(amount)} CNY this costs.`);
}

/** ResetInstancesType's checks: a catalogue type sold in the instance's zone; a prepaid instance pays the difference for the rest of its term. */
async function planType(ctx: Ctx, ids: string[], type: string, force: boolean | undefined, states: string[]) {
  checkInstanceIds(ctx, ids, true, 1);
  const list = await loadInstances(ctx, ids, (force ? ["RUNNING", "STOPPED"] : states) as never, "ResetInstancesType");
  const spec = parseInstanceType(type);
  if (spec === "malformed") ctx.fail("InvalidInstanceType.Malformed", `The instance type ${bt(type)} is malformed.`);
  if (spec === "unknown") ctx.fail("InvalidParameterValue", `The instance type ${bt(type)} does not exist.`);
  let cost = 0;
  for (const i of list) {
    if (!soldIn(spec, i.Zone)) ctx.fail("InvalidParameterValue.ZoneNotSupported", `The type ${bt(type)} is not sold in ${bt(i.Zone)}.`);
    if (i.InstanceType === type) ctx.fail("InvalidParameterValue", `The instance ${bt(i.InstanceId)} is already ${type}.`);
    if (i.HostId) {
      const h = (await hosts(ctx).get(i.HostId))!;
      const used = hostUsage(h, await liveInstances(ctx));
      const t = HOST_TYPES[h.HostType];
      if (used.cpu - i.CPU + spec.CPU > t.cpu || used.mem - i.Memory + spec.Memory > t.mem) ctx.fail("InvalidParameter.InstanceTypeSupportedHostNotFound", `The CDH host ${bt(h.HostId)} has no room for ${type}.`);
    }
    if (i.InstanceChargeType === "PREPAID") cost += (typePrice(spec).monthly - typePrice({ ...spec, CPU: i.CPU, Memory: i.Memory, family: i.InstanceType.split(".")[0] }).monthly) * monthsLeft(i, ctx.now());
  }
  return { list, spec, cost };
}

export async function resetInstancesType(ctx: Ctx, req: Req<m.ResetInstancesTypeRequest>): Promise<Res<m.ResetInstancesTypeResponse>> {
  const p = await planType(ctx, req.InstanceIds, req.InstanceType, req.ForceStop, ["STOPPED"]);
  await charge(ctx, p.cost);
  const degrades = ctx.docs<{ n: number }>("degrade-count");
  for (const i of p.list) {
    if (p.spec.CPU < i.CPU || p.spec.Memory < i.Memory) await degrades.put(i.InstanceId, { n: ((await degrades.get(i.InstanceId))?.n ?? 0) + 1 });
    await operate(ctx, i, "ResetInstancesType", { InstanceType: p.spec.InstanceType, CPU: p.spec.CPU, Memory: p.spec.Memory }, "STARTING");
  }
  return {};
}

export async function inquiryPriceResetInstancesType(ctx: Ctx, req: Req<m.InquiryPriceResetInstancesTypeRequest>): Promise<Res<m.InquiryPriceResetInstancesTypeResponse>> {
  const p = await planType(ctx, req.InstanceIds, req.InstanceType, true, ["RUNNING", "STOPPED"]);
  const prepaid = p.list[0].InstanceChargeType === "PREPAID";
  return { Price: priceOf(round2(Math.max(0, p.cost)), prepaid ? "MONTH" : "HOUR", prepaid ? 0 : typePrice(p.spec).hourly) };
}

/** ResizeInstanceDisks: one non-elastic disk (the system disk in tclocal) grows; a running instance needs ForceStop or ResizeOnline. */
async function planResize(ctx: Ctx, req: m.ResizeInstanceDisksRequest) {
  const i = await loadInstance(ctx, req.InstanceId, ["RUNNING", "STOPPED"], "ResizeInstanceDisks");
  if (!req.SystemDisk && !req.DataDisks?.length) ctx.fail("MissingParameter.AtLeastOne", "Give `SystemDisk` or one of `DataDisks`.");
  if (req.SystemDisk && req.DataDisks?.length) ctx.fail("InvalidParameterValue", "Resize the system disk or one data disk, not both.");
  if ((req.DataDisks?.length ?? 0) > 1) ctx.fail("InvalidParameterValue", "One data disk can be resized at a time.");
  if (stateOf(ctx, i) === "RUNNING" && !req.ForceStop && !req.ResizeOnline) ctx.fail("InvalidInstance.NotSupported", `The instance ${bt(i.InstanceId)} is RUNNING: pass ForceStop or ResizeOnline.`);
  if (i.StopChargingMode === "STOP_CHARGING" && stateOf(ctx, i) === "STOPPED") ctx.fail("UnsupportedOperation.StoppedModeStopCharging", `The instance ${bt(i.InstanceId)} stopped without charging.`);
  const wanted = req.SystemDisk ? { DiskId: i.SystemDiskId, DiskSize: req.SystemDisk.DiskSize } : { DiskId: req.DataDisks![0].DiskId ?? "", DiskSize: req.DataDisks![0].DiskSize };
  const disk = await findDisk(ctx, wanted.DiskId);
  if (!disk || disk.InstanceId !== i.InstanceId) ctx.fail("InvalidParameterValue", `The disk ${bt(wanted.DiskId)} is not a disk of ${bt(i.InstanceId)}.`);
  if (disk.Portable) ctx.fail("UnsupportedOperation.InvalidDataDisk", `The disk ${bt(disk.DiskId)} is elastic: resize it with CBS ResizeDisk.`);
  const size = wanted.DiskSize ?? disk.DiskSize;
  const range = isDiskType(disk.DiskType) ? DISK_TYPES[disk.DiskType][disk.DiskUsage === "SYSTEM_DISK" ? "system" : "data"] : [20, 1024];
  if (size <= disk.DiskSize || size > range[1]) ctx.fail("InvalidParameterValue", `The disk ${bt(disk.DiskId)} grows from ${disk.DiskSize} GiB up to ${range[1]} GiB.`);
  const cost = i.InstanceChargeType === "PREPAID" && isDiskType(disk.DiskType) ? (diskMonthlyPrice(disk.DiskType, size) - diskMonthlyPrice(disk.DiskType, disk.DiskSize)) * monthsLeft(i, ctx.now()) : 0;
  return { i, disk, size, cost };
}

export async function resizeInstanceDisks(ctx: Ctx, req: Req<m.ResizeInstanceDisksRequest>): Promise<Res<m.ResizeInstanceDisksResponse>> {
  const p = await planResize(ctx, req);
  await charge(ctx, p.cost);
  await updateInstanceDisk(ctx, p.disk.DiskId, { DiskSize: p.size });
  await operate(ctx, p.i, "ResizeInstanceDisks", {}, stateOf(ctx, p.i) === "RUNNING" && req.ForceStop && !req.ResizeOnline ? "REBOOTING" : undefined);
  return {};
}

export async function inquiryPriceResizeInstanceDisks(ctx: Ctx, req: Req<m.InquiryPriceResizeInstanceDisksRequest>): Promise<Res<m.InquiryPriceResizeInstanceDisksResponse>> {
  const p = await planResize(ctx, { ...req, ForceStop: true });
  return { Price: priceOf(round2(Math.max(0, p.cost)), p.i.InstanceChargeType === "PREPAID" ? "MONTH" : "HOUR") };
}

/** ModifyInstanceDiskType converts local disks to cloud disks; tclocal's instances have cloud disks only. */
export async function modifyInstanceDiskType(ctx: Ctx, req: Req<m.ModifyInstanceDiskTypeRequest>): Promise<Res<m.ModifyInstanceDiskTypeResponse>> {
  const i = await loadInstance(ctx, req.InstanceId, ["STOPPED"], "ModifyInstanceDiskType");
  if (!req.SystemDisk && !req.DataDisks?.length) ctx.fail("MissingParameter", "Give `SystemDisk` or `DataDisks`.");
  for (const d of [req.SystemDisk, ...(req.DataDisks ?? [])]) {
    if (d?.DiskType && !isDiskType(d.DiskType)) ctx.fail("InvalidParameterValue", `The disk type ${bt(d.DiskType)} is not valid.`);
    if (d?.DiskType && isDiskType(d.DiskType) && !DISK_TYPES[d.DiskType].sold) ctx.fail("ResourceInsufficient.CloudDiskSoldOut", `The disk type ${bt(d.DiskType)} is sold out.`);
  }
  ctx.fail("InvalidParameter.InvalidInstanceNotSupported", `The instance ${bt(i.InstanceId)} has cloud disks only: ModifyInstanceDiskType converts local disks.`);
}

function checkBandwidth(ctx: Ctx, mbps: number): void {
  if (!Number.isInteger(mbps) || mbps < 0 || mbps > 200) ctx.fail("InvalidParameterValue.Range", `The bandwidth ${mbps} Mbps is out of range: 0 to 200.`);
}

export async function resetInstancesInternetMaxBandwidth(ctx: Ctx, req: Req<m.ResetInstancesInternetMaxBandwidthRequest>): Promise<Res<m.ResetInstancesInternetMaxBandwidthResponse>> {
  const mbps = req.InternetAccessible.InternetMaxBandwidthOut ?? 0;
  checkBandwidth(ctx, mbps);
  const list = await loadInstances(ctx, req.InstanceIds, ["RUNNING", "STOPPED"], "ResetInstancesInternetMaxBandwidth");
  let cost = 0;
  for (const i of list) {
    if (i.StopChargingMode === "STOP_CHARGING" && stateOf(ctx, i) === "STOPPED") ctx.fail("UnsupportedOperation.StoppedModeStopCharging", `The instance ${bt(i.InstanceId)} stopped without charging.`);
    if (i.InstanceChargeType === "PREPAID" && i.InternetAccessible.InternetChargeType === "BANDWIDTH_PREPAID") cost += Math.max(0, mbps - i.InternetAccessible.InternetMaxBandwidthOut) * 23 * monthsLeft(i, ctx.now());
  }
  await charge(ctx, cost);
  for (const i of list) {
    await setInstancePublicBandwidth(ctx, i.InstanceId, mbps, i.InternetAccessible.InternetChargeType);
    await operate(ctx, i, "ResetInstancesInternetMaxBandwidth", { InternetAccessible: { ...i.InternetAccessible, InternetMaxBandwidthOut: mbps, PublicIpAssigned: mbps > 0 } });
  }
  return {};
}

export async function inquiryPriceResetInstancesInternetMaxBandwidth(ctx: Ctx, req: Req<m.InquiryPriceResetInstancesInternetMaxBandwidthRequest>): Promise<Res<m.InquiryPriceResetInstancesInternetMaxBandwidthResponse>> {
  const mbps = req.InternetAccessible.InternetMaxBandwidthOut ?? 0;
  checkBandwidth(ctx, mbps);
  const list = await loadInstances(ctx, req.InstanceIds, ["RUNNING", "STOPPED"], "InquiryPriceResetInstancesInternetMaxBandwidth");
  const prepaid = list.filter((i) => i.InstanceChargeType === "PREPAID" && i.InternetAccessible.InternetChargeType === "BANDWIDTH_PREPAID");
  const cost = prepaid.reduce((s, i) => s + Math.max(0, mbps - i.InternetAccessible.InternetMaxBandwidthOut) * 23 * monthsLeft(i, ctx.now()), 0);
  const p = priceOf(0, "HOUR");
  return { Price: { ...p, BandwidthPrice: { ...p.BandwidthPrice!, ChargeUnit: prepaid.length ? "MONTH" : "HOUR", OriginalPrice: round2(cost), DiscountPrice: round2(cost), UnitPrice: prepaid.length ? 0 : 0.063 * mbps } } };
}

const RENEW_FLAGS = ["NOTIFY_AND_AUTO_RENEW", "NOTIFY_AND_MANUAL_RENEW", "DISABLE_NOTIFY_AND_MANUAL_RENEW"];

export async function modifyInstancesRenewFlag(ctx: Ctx, req: Req<m.ModifyInstancesRenewFlagRequest>): Promise<Res<m.ModifyInstancesRenewFlagResponse>> {
  if (!RENEW_FLAGS.includes(req.RenewFlag)) ctx.fail("InvalidParameterValue", `The value ${bt(req.RenewFlag)} of \`RenewFlag\` is not valid.`);
  const list = await loadInstances(ctx, req.InstanceIds, ["RUNNING", "STOPPED", "PENDING", "STARTING", "STOPPING", "REBOOTING", "SHUTDOWN"], "ModifyInstancesRenewFlag");
  for (const i of list) if (i.InstanceChargeType !== "PREPAID") ctx.fail("UnsupportedOperation.InstanceChargeType", `The instance ${bt(i.InstanceId)} is not prepaid.`);
  for (const i of list) await operate(ctx, i, "ModifyInstancesRenewFlag", { RenewFlag: req.RenewFlag });
  return {};
}

/** Pay-as-you-go → prepaid (the period is charged now); tclocal converts in that direction, as the real API does. */
async function planChargeType(ctx: Ctx, req: m.ModifyInstancesChargeTypeRequest) {
  if (req.InstanceChargeType !== "PREPAID") ctx.fail("UnsupportedOperation.InstanceChargeType", "Instances convert to PREPAID only.");
  const { period, renewFlag } = checkChargeType(ctx, "PREPAID", req.InstanceChargePrepaid);
  const list = await loadInstances(ctx, req.InstanceIds, ["RUNNING", "STOPPED"], "ModifyInstancesChargeType");
  let original = 0;
  for (const i of list) {
    if (i.InstanceChargeType !== "POSTPAID_BY_HOUR") ctx.fail("UnsupportedOperation.InstanceChargeType", `The instance ${bt(i.InstanceId)} is ${i.InstanceChargeType}.`);
    if (i.StopChargingMode === "STOP_CHARGING" && stateOf(ctx, i) === "STOPPED") ctx.fail("UnsupportedOperation.StoppedModeStopCharging", `The instance ${bt(i.InstanceId)} stopped without charging.`);
    original += (await monthly(ctx, i)) * period;
  }
  return { list, period, renewFlag, original, discounted: original * periodDiscount(period) };
}

export async function modifyInstancesChargeType(ctx: Ctx, req: Req<m.ModifyInstancesChargeTypeRequest>): Promise<Res<m.ModifyInstancesChargeTypeResponse>> {
  const p = await planChargeType(ctx, req);
  await charge(ctx, p.discounted);
  const now = ctx.now();
  for (const i of p.list) {
    await noteTerm(ctx, await operate(ctx, i, "ModifyInstancesChargeType", {
      InstanceChargeType: "PREPAID", deadline: addMonths(now, p.period), RenewFlag: p.renewFlag, paid: round2(p.discounted / p.list.length),
    }));
  }
  return {};
}

export async function inquiryPriceModifyInstancesChargeType(ctx: Ctx, req: Req<m.InquiryPriceModifyInstancesChargeTypeRequest>): Promise<Res<m.InquiryPriceModifyInstancesChargeTypeResponse>> {
  const p = await planChargeType(ctx, req);
  const price = priceOf(round2(p.discounted), "MONTH");
  return { Price: { ...price, InstancePrice: { ...price.InstancePrice!, OriginalPrice: round2(p.original), Discount: Math.round(periodDiscount(p.period) * 100) } } };
}

/** RenewInstances' checks and price: the instances with their non-elastic prepaid disks, and their elastic ones unless RenewPortableDataDisk is false. */
async function planRenew(ctx: Ctx, ids: string[], prepaid: m.InstanceChargePrepaid | undefined, renewPortable: boolean | undefined) {
  const { period } = checkChargeType(ctx, "PREPAID", prepaid ?? { Period: 1 });
  const list = await loadInstances(ctx, ids, ["RUNNING", "STOPPED", "SHUTDOWN"], "RenewInstances");
  const elastic = renewPortable !== false;
  let original = 0;
  for (const i of list) {
    if (i.InstanceChargeType !== "PREPAID") ctx.fail("UnsupportedOperation.InstanceChargeType", `The instance ${bt(i.InstanceId)} is not prepaid.`);
    original += (await monthly(ctx, i, i.CPU, i.Memory, i.InstanceType.split(".")[0], elastic)) * period;
  }
  return { list, period, elastic, original, discounted: original * periodDiscount(period) };
}

/** Renews prepaid instances with their disks (the recycle bin's too: they come back RUNNING). */
export async function renewInstances(ctx: Ctx, req: Req<m.RenewInstancesRequest>): Promise<Res<m.RenewInstancesResponse>> {
  const p = await planRenew(ctx, req.InstanceIds, req.InstanceChargePrepaid, req.RenewPortableDataDisk);
  await charge(ctx, p.discounted);
  for (const i of p.list) {
    const from = Math.max(i.deadline ?? ctx.now(), ctx.now());
    const deadline = addMonths(from, p.period);
    const back: Partial<InstanceDoc> = i.isolated ? { isolated: false, isolatedSource: undefined, isolatedAt: undefined } : {};
    await extendInstanceDisks(ctx, i.InstanceId, deadline, p.elastic);
    await operate(ctx, i, "RenewInstances", { ...back, deadline, paid: i.paid + round2(p.discounted / p.list.length) }, i.isolated ? "STARTING" : undefined);
  }
  return {};
}

export async function inquiryPriceRenewInstances(ctx: Ctx, req: Req<m.InquiryPriceRenewInstancesRequest>): Promise<Res<m.InquiryPriceRenewInstancesResponse>> {
  const p = await planRenew(ctx, req.InstanceIds, req.InstanceChargePrepaid, req.RenewPortableDataDisk);
  const price = priceOf(round2(p.discounted), "MONTH");
  return { Price: { ...price, InstancePrice: { ...price.InstancePrice!, OriginalPrice: round2(p.original), Discount: Math.round(periodDiscount(p.period) * 100) } } };
}

/** What terminating would refund: the unused part of a prepaid instance's price; nothing for pay-as-you-go. */
export async function inquiryPriceTerminateInstances(ctx: Ctx, req: Req<m.InquiryPriceTerminateInstancesRequest>): Promise<Res<m.InquiryPriceTerminateInstancesResponse>> {
  const list = await loadInstances(ctx, req.InstanceIds, ["RUNNING", "STOPPED", "SHUTDOWN"], "InquiryPriceTerminateInstances");
  const now = ctx.now();
  return {
    InstanceRefundsSet: list.map((i) => {
      const total = (i.deadline ?? now) - i.createdAt;
      const refund = i.InstanceChargeType === "PREPAID" && total > 0 ? round2((i.paid * Math.max(0, (i.deadline ?? now) - now)) / total) : 0;
      return { InstanceId: i.InstanceId, Refunds: refund, PriceDetail: JSON.stringify({ InstancePrice: refund, BandwidthPrice: 0 }) };
    }),
  };
}
