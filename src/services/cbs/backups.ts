import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_models";
import { formatIso } from "../../platform/clock";
import type { Req, Res } from "../../platform/definition";
import { shortId } from "../../platform/ids";
import { uniqueId } from "../../platform/service";
import { checkFilters, checkIds, fail, monthsLeft, order, paging, type Ctx } from "./common";
import { checkUsable, loadDisk } from "./disk-access";
import { diskState, DiskStore, type DiskDoc } from "./disk-model";
import { round2 } from "./disk-types";
import { chargeForRest } from "./disk-changes";
import { diskLines, hourlyCost, hourlyPrice, prepaidCost, prepaidPrice } from "./pricing";
import { stopForRollback } from "./snapshots";
import { snapshots, snapshotState, transferMs } from "./snapshot-model";

/** A disk backup point, stored with its disk as parent (DiskBackupCount is an indexed count). */
export interface BackupDoc {
  DiskBackupId: string;
  DiskBackupName: string;
  DiskId: string;
  DiskSize: number;
  DiskUsage: string;
  Encrypt: boolean;
  createdAt: number;
  readyAt: number;
  rollbackUntil: number | null;
}

const backups = (ctx: Ctx) => ctx.docs<BackupDoc>("backup");

function backupState(b: BackupDoc, now: number): string {
  if (now < b.readyAt) return "CREATING";
  if (b.rollbackUntil !== null && now < b.rollbackUntil) return "ROLLBACKING";
  return "NORMAL";
}

function present(ctx: Ctx, b: BackupDoc): m.DiskBackup {
  const now = ctx.now();
  return {
    DiskBackupId: b.DiskBackupId,
    DiskId: b.DiskId,
    DiskSize: b.DiskSize,
    DiskUsage: b.DiskUsage,
    DiskBackupName: b.DiskBackupName,
    DiskBackupState: backupState(b, now),
    Percent: now >= b.readyAt ? 100 : Math.min(99, Math.floor(((now - b.createdAt) / (b.readyAt - b.createdAt)) * 100)),
    CreateTime: formatIso(b.createdAt),
    Encrypt: b.Encrypt,
  };
}

function loadBackup(ctx: Ctx, id: string): BackupDoc {
  const b = backups(ctx).get(id);
  if (!b) fail(ctx, "ResourceNotFound.NotFound", `DiskBackupId: ${id} does not exist.`);
  ctx.touch(id);
  return b;
}

export function createDiskBackup(ctx: Ctx, req: Req<m.CreateDiskBackupRequest>): Res<m.CreateDiskBackupResponse> {
  const d = loadDisk(ctx, req.DiskId);
  const now = ctx.now();
  if (diskState(d, now) === "ROLLBACKING") fail(ctx, "ResourceInUse.DiskRollbacking", `DiskId: ${d.DiskId} is rolling back.`);
  checkUsable(ctx, d);
  if (req.DiskBackupName !== undefined && req.DiskBackupName.length > 100) fail(ctx, "InvalidParameter", "DiskBackupName must be at most 100 characters.");
  if (snapshots(ctx).all(d.DiskId).some((s) => snapshotState(s, now) === "CREATING")) {
    fail(ctx, "ResourceUnavailable.SnapshotCreating", `DiskId: ${d.DiskId}, a snapshot of the disk is being created.`);
  }
  const col = backups(ctx);
  const used = col.count(d.DiskId);
  if (used >= d.DiskBackupQuota) {
    fail(ctx, "ResourceInsufficient.OverQuota", `DiskId: ${d.DiskId} has ${used} backup points; its DiskBackupQuota is ${d.DiskBackupQuota}.`, `配额不足。`);
  }
  const id = uniqueId(col, () => shortId("dbp"));
  col.insert(
    id,
    {
      DiskBackupId: id,
      DiskBackupName: req.DiskBackupName ?? "Unnamed",
      DiskId: d.DiskId,
      DiskSize: d.DiskSize,
      DiskUsage: d.DiskUsage,
      Encrypt: d.Encrypt,
      createdAt: now,
      readyAt: now + transferMs(d.DiskSize),
      rollbackUntil: null,
    },
    d.DiskId,
  );
  ctx.touch(id);
  return { DiskBackupId: id };
}

export function describeDiskBackups(ctx: Ctx, req: Req<m.DescribeDiskBackupsRequest>): Res<m.DescribeDiskBackupsResponse> {
  const ids = req.DiskBackupIds ?? [];
  const filters = req.Filters ?? [];
  checkFilters(ctx, filters, ["disk-backup-id", "disk-id", "disk-usage"], ids.length > 0, "DiskBackupIds");
  checkIds(ctx, ids, "DiskBackupIds", "dbp", 100);
  const page = paging(ctx, req.Offset, req.Limit);
  const dir = order(ctx, req.Order, "ASC");
  let all = backups(ctx).all();
  if (ids.length) all = all.filter((b) => ids.includes(b.DiskBackupId));
  all = all.filter((b) =>
    filters.every((f) => f.Values.includes(f.Name === "disk-backup-id" ? b.DiskBackupId : f.Name === "disk-id" ? b.DiskId : b.DiskUsage)),
  );
  if (dir === "desc") all.reverse();
  return { TotalCount: all.length, DiskBackupSet: all.slice(page.offset, page.offset + page.limit).map((b) => present(ctx, b)) };
}

export function deleteDiskBackups(ctx: Ctx, req: Req<m.DeleteDiskBackupsRequest>): Res<m.DeleteDiskBackupsResponse> {
  if (!req.DiskBackupIds.length) fail(ctx, "InvalidParameter", "`DiskBackupIds` must name at least one backup point.");
  const list = [...new Set(req.DiskBackupIds)].map((id) => loadBackup(ctx, id));
  const now = ctx.now();
  for (const b of list) if (backupState(b, now) !== "NORMAL") fail(ctx, "ResourceBusy", `DiskBackupId: ${b.DiskBackupId} is ${backupState(b, now)}, please retry later.`);
  for (const b of list) backups(ctx).delete(b.DiskBackupId);
  return {};
}

export function applyDiskBackup(ctx: Ctx, req: Req<m.ApplyDiskBackupRequest>): Res<m.ApplyDiskBackupResponse> {
  const b = loadBackup(ctx, req.DiskBackupId);
  const d = loadDisk(ctx, req.DiskId);
  const now = ctx.now();
  if (b.DiskId !== d.DiskId) fail(ctx, "InvalidDisk.NotSupported", `DiskBackupId: ${b.DiskBackupId} belongs to ${b.DiskId}: backup points roll back to their own disk.`);
  if (backupState(b, now) !== "NORMAL") fail(ctx, "ResourceBusy", `DiskBackupId: ${b.DiskBackupId} is ${backupState(b, now)}, please retry later.`);
  if (diskState(d, now) === "ROLLBACKING") fail(ctx, "ResourceInUse.DiskRollbacking", `DiskId: ${d.DiskId} is already rolling back.`);
  checkUsable(ctx, d);
  stopForRollback(ctx, d, req.AutoStopInstance === true);
  const until = now + transferMs(d.DiskSize);
  new DiskStore(ctx).save({ ...d, op: { kind: "ROLLBACKING", startedAt: now, until } });
  backups(ctx).update(b.DiskBackupId, { ...b, rollbackUntil: until }, b.DiskId);
  return {};
}

function checkQuota(ctx: Ctx, d: DiskDoc, quota: number): void {
  if (!Number.isInteger(quota) || quota < 1 || quota > 1024) fail(ctx, "InvalidParameter", `DiskBackupQuota: ${quota} is not in 1 to 1024.`);
  const used = backups(ctx).count(d.DiskId);
  if (quota < used) fail(ctx, "InvalidParameter", `DiskBackupQuota: ${quota} is below the ${used} backup points the disk keeps.`);
}

export function modifyDiskBackupQuota(ctx: Ctx, req: Req<m.ModifyDiskBackupQuotaRequest>): Res<m.ModifyDiskBackupQuotaResponse> {
  const d = loadDisk(ctx, req.DiskId);
  if (d.recycledAt !== null) fail(ctx, "ResourceUnavailable.NotSupported", `DiskId: ${d.DiskId} is in the recycle bin.`);
  checkQuota(ctx, d, req.DiskBackupQuota);
  chargeForRest(ctx, d, diskLines(d.DiskType, d.DiskSize, d.ThroughputPerformance, d.DiskBackupQuota), diskLines(d.DiskType, d.DiskSize, d.ThroughputPerformance, req.DiskBackupQuota));
  new DiskStore(ctx).save({ ...d, DiskBackupQuota: req.DiskBackupQuota });
  return {};
}

export function inquirePriceModifyDiskBackupQuota(ctx: Ctx, req: Req<m.InquirePriceModifyDiskBackupQuotaRequest>): Res<m.InquirePriceModifyDiskBackupQuotaResponse> {
  const d = loadDisk(ctx, req.DiskId);
  checkUsable(ctx, d);
  checkQuota(ctx, d, req.DiskBackupQuota);
  const quota = (q: number) => diskLines(d.DiskType, d.DiskSize, 0, q).filter((l) => l.name === "DiskBackupQuota");
  if (d.DiskChargeType === "PREPAID" && d.deadline !== null) {
    const months = monthsLeft(ctx.now(), d.deadline);
    const after = prepaidCost(quota(req.DiskBackupQuota), months);
    const before = prepaidCost(quota(d.DiskBackupQuota), months);
    return { DiskPrice: prepaidPrice(round2(Math.max(0, after.original - before.original)), round2(Math.max(0, after.discount - before.discount))) };
  }
  return { DiskPrice: hourlyPrice(hourlyCost(quota(req.DiskBackupQuota))) };
}
