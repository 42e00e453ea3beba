import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_models";
import { parseDateTime } from "../../platform/clock";
import type { Req, Res } from "../../platform/definition";
import { addMonths, bt, fail, monthsLeft, RENEW_FLAGS, type Ctx } from "./common";
import { checkUsable, loadDisk, loadDisks } from "./disk-access";
import { DiskStore, isExpired, type DiskDoc } from "./disk-model";
import { DISK_TYPES, EXTRA_PERFORMANCE_MIN_SIZE, periodDiscount, round2 } from "./disk-types";
import { checkDiskType, checkExtraPerformance, checkPrepaid, checkSize, MAX_DISK_COUNT } from "./disks";
import { noteDue } from "./lifecycle";
import { diskLines, hourlyCost, hourlyPrepayPrice, hourlyPrice, prepaidCost, prepaidPrice, prepayPrice } from "./pricing";

const linesOf = (d: DiskDoc, size = d.DiskSize, throughput = d.ThroughputPerformance, backups = d.DiskBackupQuota) =>
  diskLines(d.DiskType, size, throughput, backups);

export function inquiryPriceCreateDisks(ctx: Ctx, req: Req<m.InquiryPriceCreateDisksRequest>): Res<m.InquiryPriceCreateDisksResponse> {
  const type = checkDiskType(ctx, req.DiskType, false);
  checkSize(ctx, type, req.DiskSize);
  const count = req.DiskCount ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_DISK_COUNT) fail(ctx, "InvalidParameterValue", `DiskCount: ${count} is not in 1 to ${MAX_DISK_COUNT}.`);
  if ((req.ProjectId ?? 0) !== 0) fail(ctx, "InvalidParameterValue", `ProjectId: ${req.ProjectId} does not exist.`);
  const throughput = Number(req.ThroughputPerformance ?? 0);
  checkExtraPerformance(ctx, type, req.DiskSize, throughput);
  const lines = diskLines(type, req.DiskSize, throughput, req.DiskBackupQuota ?? 0);
  if (req.DiskChargeType === "PREPAID") {
    const p = checkPrepaid(ctx, req.DiskChargePrepaid, "DiskChargePrepaid");
    const c = prepaidCost(lines, p.period, count);
    return { DiskPrice: prepaidPrice(c.original, c.discount) };
  }
  if (req.DiskChargeType !== "POSTPAID_BY_HOUR") {
    fail(ctx, "InvalidParameterValue", `The value ${bt(req.DiskChargeType)} specified in the parameter ${bt("DiskChargeType")} is not valid.`);
  }
  return { DiskPrice: hourlyPrice(hourlyCost(lines, count)) };
}

/** A renewal: `months` from the current deadline, or aligned to an instance's deadline after its own renewal. */
function renewal(ctx: Ctx, d: DiskDoc, p: m.DiskChargePrepaid, member: string): { months: number; deadline: number } {
  const { period } = checkPrepaid(ctx, p, member);
  const from = Math.max(d.deadline ?? ctx.now(), ctx.now());
  if (p.CurInstanceDeadline) {
    const cur = parseDateTime(p.CurInstanceDeadline);
    if (Number.isNaN(cur)) fail(ctx, "InvalidParameterValue", `CurInstanceDeadline: ${p.CurInstanceDeadline} is not a time.`);
    const target = addMonths(cur, period);
    if (target <= from) fail(ctx, "InvalidParameterValue", `CurInstanceDeadline: the disk already runs past the instance's renewed deadline.`);
    return { months: monthsLeft(from, target), deadline: target };
  }
  return { months: period, deadline: addMonths(from, period) };
}

function checkRenewable(ctx: Ctx, d: DiskDoc): void {
  if (d.DiskChargeType !== "PREPAID") fail(ctx, "InvalidDisk.NotSupported", `DiskId: ${d.DiskId}, only prepaid disks are renewed.`);
  if (!d.Portable) fail(ctx, "InvalidDisk.NotPortable", `DiskId: ${d.DiskId}, a non-elastic disk is renewed with its instance.`);
  if (d.recycleReason === "returned") fail(ctx, "ResourceUnavailable.NotSupported", `DiskId: ${d.DiskId}, the disk has been returned.`);
}

export async function inquiryPriceRenewDisks(ctx: Ctx, req: Req<m.InquiryPriceRenewDisksRequest>): Promise<Res<m.InquiryPriceRenewDisksResponse>> {
  const disks = await loadDisks(ctx, req.DiskIds, "DiskIds", 100);
  const prepaids = req.DiskChargePrepaids ?? [];
  if (prepaids.length > 1 && prepaids.length !== disks.length) {
    fail(ctx, "InvalidParameterValue", "`DiskChargePrepaids` takes one entry, or one per disk of `DiskIds`.");
  }
  let newDeadline: number | null = null;
  if (req.NewDeadline) {
    newDeadline = parseDateTime(req.NewDeadline);
    if (Number.isNaN(newDeadline)) fail(ctx, "InvalidParameterValue", `NewDeadline: ${req.NewDeadline} is not a time.`);
  }
  if (!prepaids.length && newDeadline === null) fail(ctx, "MissingParameter", "The request is missing a required parameter `DiskChargePrepaids`.");
  const lines = disks.map((d, i) => {
    checkRenewable(ctx, d);
    const months =
      newDeadline !== null
        ? monthsLeft(Math.max(d.deadline ?? ctx.now(), ctx.now()), newDeadline)
        : renewal(ctx, d, prepaids[prepaids.length > 1 ? i : 0], "DiskChargePrepaids").months;
    return { d, months };
  });
  // Lines of every disk, each already scaled to its own renewal length, priced as one month.
  const detail = lines.flatMap(({ d, months }) => linesOf(d).map((l) => ({ ...l, monthly: l.monthly * months * periodDiscount(months) })));
  const merged = ["DiskSpace", "DiskBackupQuota", "DiskExtraPerformance"].map((name) => {
    const ls = detail.filter((l) => l.name === name);
    return { ...ls[0], monthly: ls.reduce((s, l) => s + l.monthly, 0) };
  });
  const original = round2(lines.reduce((s, { d, months }) => s + prepaidCost(linesOf(d), months).original, 0));
  return { DiskPrice: { ...prepayPrice(merged, 1), OriginalPrice: original, OriginalPriceHigh: String(original) } };
}

export async function inquiryPriceResizeDisk(ctx: Ctx, req: Req<m.InquiryPriceResizeDiskRequest>): Promise<Res<m.InquiryPriceResizeDiskResponse>> {
  const ids = req.DiskIds?.length ? req.DiskIds : req.DiskId ? [req.DiskId] : [];
  const disks = await loadDisks(ctx, ids, "DiskIds", 100);
  const now = ctx.now();
  let prepaid = 0;
  let original = 0;
  for (const d of disks) {
    if (d.recycledAt !== null || isExpired(d, now)) fail(ctx, "InvalidDisk.Expire", `DiskId: ${d.DiskId}, the disk has expired.`);
    if (req.DiskSize <= d.DiskSize) fail(ctx, "InvalidParameterValue", `DiskSize: ${req.DiskSize} GiB must be larger than the current ${d.DiskSize} GiB.`);
    checkSize(ctx, d.DiskType, req.DiskSize, "DiskSize", d.DiskUsage === "SYSTEM_DISK" ? "system" : "data");
    if (d.DiskChargeType === "PREPAID" && d.deadline !== null) {
      const months = monthsLeft(now, d.deadline);
      const after = prepaidCost(linesOf(d, req.DiskSize), months);
      const before = prepaidCost(linesOf(d), months);
      prepaid += after.discount - before.discount;
      original += after.original - before.original;
    }
  }
  if (prepaid > 0 || original > 0) {
    const price = prepaidPrice(round2(original), round2(prepaid));
    return {
      DiskPrice: {
        ...price,
        DetailPrices: [{ ...prepaidPrice(round2(original), round2(prepaid)), PriceName: "DiskSpace", PriceTitle: "CBS space" }],
      },
    };
  }
  return { DiskPrice: hourlyPrepayPrice(disks.flatMap((d) => linesOf(d, req.DiskSize))) };
}

export async function inquirePriceModifyDiskExtraPerformance(
  ctx: Ctx,
  req: Req<m.InquirePriceModifyDiskExtraPerformanceRequest>,
): Promise<Res<m.InquirePriceModifyDiskExtraPerformanceResponse>> {
  const d = await loadDisk(ctx, req.DiskId);
  if (d.recycledAt !== null || isExpired(d, ctx.now())) fail(ctx, "ResourceUnavailable.Expire", `DiskId: ${d.DiskId}, the disk has expired.`);
  if (!DISK_TYPES[d.DiskType].extra || d.DiskSize < EXTRA_PERFORMANCE_MIN_SIZE) {
    fail(ctx, "ResourceUnavailable.NotSupported", `DiskId: ${d.DiskId}, extra performance is for CLOUD_HSSD/CLOUD_TSSD disks of at least ${EXTRA_PERFORMANCE_MIN_SIZE} GiB.`);
  }
  const t = Number(req.ThroughputPerformance);
  checkExtraPerformance(ctx, d.DiskType, d.DiskSize, t);
  const extra = (throughput: number) => linesOf(d, d.DiskSize, throughput).filter((l) => l.name === "DiskExtraPerformance");
  if (d.DiskChargeType === "PREPAID" && d.deadline !== null) {
    const months = monthsLeft(ctx.now(), d.deadline);
    const after = prepaidCost(extra(t), months);
    const before = prepaidCost(extra(d.ThroughputPerformance), months);
    return { DiskPrice: prepaidPrice(round2(Math.max(0, after.original - before.original)), round2(Math.max(0, after.discount - before.discount))) };
  }
  return { DiskPrice: hourlyPrice(hourlyCost(extra(t))) };
}

export async function renewDisk(ctx: Ctx, req: Req<m.RenewDiskRequest>): Promise<Res<m.RenewDiskResponse>> {
  const d = await loadDisk(ctx, req.DiskId);
  checkRenewable(ctx, d);
  if (d.op && ctx.now() < d.op.until) fail(ctx, "InvalidDisk.Busy", `DiskId: ${d.DiskId}, Disk(${d.DiskId}) is busy, please retry later`);
  const r = renewal(ctx, d, req.DiskChargePrepaid, "DiskChargePrepaid");
  const cost = prepaidCost(linesOf(d), r.months).discount;
  if (!(await ctx.charge(cost))) fail(ctx, "InvalidAccount.InsufficientBalance", `The account balance is short of the ${cost} CNY this renewal costs.`, `账户余额不足以支付本次续费的 ${cost} 元。`);
  // Renewing an expired disk takes it back out of the recycle bin.
  await new DiskStore(ctx).save({ ...d, deadline: r.deadline, recycledAt: null, recycleReason: null, paid: 0, RenewFlag: req.DiskChargePrepaid.RenewFlag ?? d.RenewFlag });
  await noteDue(ctx, r.deadline);
  return {};
}

export async function modifyDisksChargeType(ctx: Ctx, req: Req<m.ModifyDisksChargeTypeRequest>): Promise<Res<m.ModifyDisksChargeTypeResponse>> {
  const disks = await loadDisks(ctx, req.DiskIds, "DiskIds", 100);
  const toPrepaid = req.DiskChargePrepaid !== undefined;
  if (toPrepaid === (req.DiskChargePostpaid === true)) fail(ctx, "InvalidParameter", "Give exactly one of `DiskChargePrepaid` and `DiskChargePostpaid`.");
  for (const d of disks) {
    if (!d.Portable) fail(ctx, "InvalidDisk.NotPortable", `DiskId: ${d.DiskId}, a non-elastic disk changes billing with its instance.`);
    checkUsable(ctx, d);
    const already = toPrepaid ? d.DiskChargeType === "PREPAID" : d.DiskChargeType === "POSTPAID_BY_HOUR";
    if (already) fail(ctx, "InvalidDisk.NotSupported", `DiskId: ${d.DiskId}, the disk is already ${d.DiskChargeType}.`);
  }
  const store = new DiskStore(ctx);
  const now = ctx.now();
  if (toPrepaid) {
    const p = checkPrepaid(ctx, req.DiskChargePrepaid, "DiskChargePrepaid");
    const costs = disks.map((d) => prepaidCost(linesOf(d), p.period).discount);
    const total = round2(costs.reduce((s, c) => s + c, 0));
    if (!(await ctx.charge(total))) fail(ctx, "InvalidAccount.InsufficientBalance", `The account balance is short of the ${total} CNY this change costs.`);
    const deadline = addMonths(now, p.period);
    for (const [i, d] of disks.entries()) {
      await store.save({ ...d, DiskChargeType: "PREPAID", deadline, RenewFlag: p.renewFlag, paid: costs[i], createdAt: d.createdAt });
    }
    await noteDue(ctx, deadline);
  } else {
    for (const d of disks) {
      const total = (d.deadline ?? now) - d.createdAt;
      const refund = total > 0 ? round2((d.paid * Math.max(0, (d.deadline ?? now) - now)) / total) : 0;
      if (refund > 0) await ctx.refund(refund);
      await store.save({ ...d, DiskChargeType: "POSTPAID_BY_HOUR", deadline: null, paid: 0, RenewFlag: "NOTIFY_AND_MANUAL_RENEW", DeleteWithInstance: d.DeleteWithInstance });
    }
  }
  return {};
}

export async function modifyDisksRenewFlag(ctx: Ctx, req: Req<m.ModifyDisksRenewFlagRequest>): Promise<Res<m.ModifyDisksRenewFlagResponse>> {
  const disks = await loadDisks(ctx, req.DiskIds, "DiskIds", 100);
  if (!RENEW_FLAGS.includes(req.RenewFlag)) fail(ctx, "InvalidParameterValue", `The value ${bt(req.RenewFlag)} specified in the parameter ${bt("RenewFlag")} is not valid.`);
  const period = req.AutoRenewPeriod ?? 1;
  if (!Number.isInteger(period) || period < 1 || period > 36) fail(ctx, "InvalidParameterValue", `AutoRenewPeriod: ${period} is not in 1 to 36 months.`);
  const store = new DiskStore(ctx);
  for (const d of disks) {
    await store.save({ ...d, RenewFlag: req.RenewFlag, autoRenewPeriod: period });
    await noteDue(ctx, d.deadline);
  }
  return {};
}
