import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_models";
import type { Req, Res } from "../../platform/definition";
import { bt, fail, monthsLeft, type Ctx } from "./common";
import { checkUsable, hostState, loadDisk, loadDisks } from "./disk-access";
import { DiskStore, EXPAND_MS, isBusy, type DiskDoc } from "./disk-model";
import { DISK_TYPES, EXTRA_PERFORMANCE_MIN_SIZE, type DiskType } from "./disk-types";
import { checkExtraPerformance, checkSize } from "./disks";
import { diskLines, prepaidCost } from "./pricing";
import { snapshots, snapshotState, transferMs } from "./snapshot-model";

/** Type changes only go up this ladder (调整云硬盘类型). */
const TYPE_RANK: Record<DiskType, number> = { CLOUD_BASIC: 0, CLOUD_PREMIUM: 1, CLOUD_BSSD: 2, CLOUD_SSD: 3, CLOUD_HSSD: 4, CLOUD_TSSD: 5 };

/** Charges a prepaid disk the price of a change for the rest of its term. */
export async function chargeForRest(ctx: Ctx, d: DiskDoc, before: ReturnType<typeof diskLines>, after: ReturnType<typeof diskLines>): Promise<number> {
  if (d.DiskChargeType !== "PREPAID" || d.deadline === null) return 0;
  const months = monthsLeft(ctx.now(), d.deadline);
  const cost = Math.max(0, Math.round((prepaidCost(after, months).discount - prepaidCost(before, months).discount) * 100) / 100);
  if (cost > 0 && !(await ctx.charge(cost))) {
    fail(ctx, "InvalidAccount.InsufficientBalance", `The account balance is short of the ${cost} CNY this change costs.`, `账户余额不足以支付本次变更的 ${cost} 元。`);
  }
  return cost;
}

export async function modifyDiskAttributes(ctx: Ctx, req: Req<m.ModifyDiskAttributesRequest>): Promise<Res<m.ModifyDiskAttributesResponse>> {
  const disks = await loadDisks(ctx, req.DiskIds, "DiskIds", 100);
  const others = [req.DiskName, req.Portable, req.ProjectId, req.DeleteWithInstance, req.BurstPerformanceOperation].filter((v) => v !== undefined);
  if (req.DiskType !== undefined && (disks.length > 1 || others.length)) {
    fail(ctx, "InvalidParameter", "Changing `DiskType` takes exactly one disk and no other attribute.");
  }
  if (req.DiskType === undefined && !others.length) fail(ctx, "MissingParameter", "The request must name one attribute to modify, such as `DiskName`.");
  if (req.DiskName !== undefined && Buffer.byteLength(req.DiskName) > 60) fail(ctx, "InvalidParameterValue", "DiskName must be at most 60 bytes.");
  if (req.ProjectId !== undefined && req.ProjectId !== 0) fail(ctx, "InvalidParameterValue", `ProjectId: ${req.ProjectId} does not exist.`);
  if (req.Portable === false) fail(ctx, "InvalidParameterValue", "Only non-elastic disks can be made elastic (`Portable` true).");
  if (req.BurstPerformanceOperation !== undefined && !["CREATE", "CANCEL"].includes(req.BurstPerformanceOperation)) {
    fail(ctx, "InvalidParameterValue", `The value ${bt(req.BurstPerformanceOperation)} specified in the parameter ${bt("BurstPerformanceOperation")} is not valid.`);
  }
  const store = new DiskStore(ctx);
  for (const d of disks) {
    checkUsable(ctx, d);
    if (req.Portable && d.DiskUsage === "SYSTEM_DISK") fail(ctx, "InvalidDisk.NotSupported", `DiskId: ${d.DiskId}, a system disk cannot be made elastic.`);
    if (req.ProjectId !== undefined && !d.Portable) fail(ctx, "InvalidDisk.NotSupported", `DiskId: ${d.DiskId}, a non-elastic disk follows its instance's project.`);
    if (req.DeleteWithInstance !== undefined && (d.DiskChargeType !== "POSTPAID_BY_HOUR" || d.DiskUsage !== "DATA_DISK")) {
      fail(ctx, "InvalidDisk.NotSupported", `DiskId: ${d.DiskId}, DeleteWithInstance only applies to pay-as-you-go data disks.`);
    }
    if (req.BurstPerformanceOperation !== undefined && (!DISK_TYPES[d.DiskType].extra || d.DiskSize < EXTRA_PERFORMANCE_MIN_SIZE)) {
      fail(ctx, "InvalidDisk.NotSupported", `DiskId: ${d.DiskId}, burst performance is for CLOUD_HSSD/CLOUD_TSSD disks of at least ${EXTRA_PERFORMANCE_MIN_SIZE} GiB.`);
    }
  }
  for (const d of disks) {
    let next: DiskDoc = {
      ...d,
      DiskName: req.DiskName ?? d.DiskName,
      Portable: req.Portable ?? d.Portable,
      ProjectId: req.ProjectId ?? d.ProjectId,
      DeleteWithInstance: req.DeleteWithInstance ?? d.DeleteWithInstance,
      BurstPerformance: req.BurstPerformanceOperation === undefined ? d.BurstPerformance : req.BurstPerformanceOperation === "CREATE",
    };
    if (req.DiskType !== undefined) {
      const target = req.DiskType as DiskType;
      if (!(target in TYPE_RANK) || !DISK_TYPES[target].sold || !DISK_TYPES[target].standalone) {
        fail(ctx, "InvalidParameter.DiskConfigNotSupported", `DiskType: ${req.DiskType} is not a type disks can change to.`);
      }
      if (TYPE_RANK[target] <= TYPE_RANK[d.DiskType]) fail(ctx, "InvalidDisk.NotSupported", `DiskId: ${d.DiskId}, a ${d.DiskType} disk can only change to a faster type.`);
      checkSize(ctx, target, d.DiskSize);
      await chargeForRest(ctx, d, diskLines(d.DiskType, d.DiskSize, d.ThroughputPerformance, d.DiskBackupQuota), diskLines(target, d.DiskSize, d.ThroughputPerformance, d.DiskBackupQuota));
      next = { ...next, DiskType: target };
    }
    await store.save(next);
  }
  return {};
}

export async function resizeDisk(ctx: Ctx, req: Req<m.ResizeDiskRequest>): Promise<Res<m.ResizeDiskResponse>> {
  const d = await loadDisk(ctx, req.DiskId);
  checkUsable(ctx, d);
  const now = ctx.now();
  if ((await snapshots(ctx).all(d.DiskId)).some((s) => snapshotState(s, now) === "CREATING")) {
    fail(ctx, "ResourceUnavailable.SnapshotCreating", `DiskId: ${d.DiskId}, a snapshot of the disk is being created.`);
  }
  if (req.DiskSize <= d.DiskSize) fail(ctx, "InvalidParameterValue", `DiskSize: ${req.DiskSize} GiB must be larger than the current ${d.DiskSize} GiB.`);
  checkSize(ctx, d.DiskType, req.DiskSize, "DiskSize", d.DiskUsage === "SYSTEM_DISK" ? "system" : "data");
  if (d.DiskUsage === "SYSTEM_DISK") {
    const state = await hostState(ctx, d);
    if (state !== null && state !== "STOPPED") {
      fail(ctx, "UnsupportedOperation.InstanceNotStopped", `DiskId: ${d.DiskId}, stop instance ${d.InstanceId} before expanding its system disk.`, `DiskId: ${d.DiskId}, 云盘挂载的实例未关机。`);
    }
  }
  await chargeForRest(ctx, d, diskLines(d.DiskType, d.DiskSize, d.ThroughputPerformance, d.DiskBackupQuota), diskLines(d.DiskType, req.DiskSize, d.ThroughputPerformance, d.DiskBackupQuota));
  await new DiskStore(ctx).save({ ...d, DiskSize: req.DiskSize, op: { kind: "EXPANDING", startedAt: now, until: now + EXPAND_MS } });
  return {};
}

export async function initializeDisks(ctx: Ctx, req: Req<m.InitializeDisksRequest>): Promise<Res<m.InitializeDisksResponse>> {
  const disks = await loadDisks(ctx, req.DiskIds, "DiskIds", 20);
  const now = ctx.now();
  for (const d of disks) {
    if (isBusy(d, now)) fail(ctx, "ResourceBusy", `DiskId: ${d.DiskId}, Disk(${d.DiskId}) is busy, please retry later`);
    checkUsable(ctx, d);
    if (d.DiskUsage !== "DATA_DISK" || d.Shareable) fail(ctx, "InvalidDisk.NotSupported", `DiskId: ${d.DiskId}, only non-shareable data disks can be initialized.`);
    if (d.InstanceId) fail(ctx, "InvalidDisk.NotSupported", `DiskId: ${d.DiskId}, detach the disk before initializing it.`);
    if (d.SourceSnapshotId && !(await snapshots(ctx).get(d.SourceSnapshotId))) {
      fail(ctx, "InvalidDisk.NotSupported", `DiskId: ${d.DiskId}, the snapshot ${d.SourceSnapshotId} it was created from is deleted.`);
    }
  }
  const store = new DiskStore(ctx);
  for (const d of disks) {
    // A disk made from a snapshot rolls back to it; any other disk is wiped at once.
    if (d.SourceSnapshotId) await store.save({ ...d, op: { kind: "ROLLBACKING", startedAt: now, until: now + transferMs(d.DiskSize) } });
  }
  return {};
}

export async function modifyDiskExtraPerformance(ctx: Ctx, req: Req<m.ModifyDiskExtraPerformanceRequest>): Promise<Res<m.ModifyDiskExtraPerformanceResponse>> {
  const d = await loadDisk(ctx, req.DiskId);
  checkUsable(ctx, d);
  if (!DISK_TYPES[d.DiskType].extra || d.DiskSize < EXTRA_PERFORMANCE_MIN_SIZE) {
    fail(ctx, "InvalidDisk.NotSupported", `DiskId: ${d.DiskId}, extra performance is for CLOUD_HSSD/CLOUD_TSSD disks of at least ${EXTRA_PERFORMANCE_MIN_SIZE} GiB.`);
  }
  const t = Number(req.ThroughputPerformance);
  const range = DISK_TYPES[d.DiskType].extra!;
  if (t < range[0] || t > range[1]) fail(ctx, "InvalidParameter", `ThroughputPerformance: ${t} is out of ${range[0]} to ${range[1]} MiB/s.`);
  checkExtraPerformance(ctx, d.DiskType, d.DiskSize, t);
  await chargeForRest(ctx, d, diskLines(d.DiskType, d.DiskSize, d.ThroughputPerformance, d.DiskBackupQuota), diskLines(d.DiskType, d.DiskSize, t, d.DiskBackupQuota));
  await new DiskStore(ctx).save({ ...d, ThroughputPerformance: t });
  return {};
}
