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

async function loadBackup(ctx: Ctx, id: string): Promise<BackupDoc> {
  const b = await backups(ctx).get(id);
  if (!b) fail(ctx, "ResourceNotFound.NotFound", `DiskBackupId: ${id} does not exist.`);
  ctx.touch(id);
  return b;
}

export async function createDiskBackup(ctx: Ctx, req: Req<m.CreateDiskBackupRequest>): Promise<Res<m.CreateDiskBackupResponse>> {
  const d = await loadDisk(ctx, req.DiskId);
  const now = ctx.now();
  if (diskState(d, now) === "ROLLBACKING") fail(ctx, "ResourceInUse.DiskRollbacking", `DiskId: ${d.DiskId} is rolling back.`);
  checkUsable(ctx, d);
  if (req.DiskBackupName !== undefined && req.DiskBackupName.length > 100) fail(ctx, "InvalidParameter", "DiskBackupName must be at most 100 characters.");
  if ((await snapshots(ctx).all(d.DiskId)).some((s) => snapshotState(s, now) === "CREATING")) {
    fail(ctx, "ResourceUnavailable.SnapshotCreating", `DiskId: ${d.DiskId}, a snapshot of the disk is being created.`);
  }
  const col = backups(ctx);
  const used = await col.count(d.DiskId);
  if (used >= d.DiskBackupQuota) {
    fail(ctx, "ResourceInsufficient.OverQuota", `DiskId: ${d.DiskId} has ${used} backup points; its DiskBackupQuota is ${d.DiskBackupQuota}.`, `配额不足。`);
  }
  const id = await uniqueId(col, () => shortId("dbp"));
  await col.insert(
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

export async function describeDiskBackups(ctx: Ctx, req: Req<m.DescribeDiskBackupsRequest>): Promise<Res<m.DescribeDiskBackupsResponse>> {
  const ids = req.DiskBackupIds ?? [];
  const filters = req.Filters ?? [];
  checkFilters(ctx, filters, ["disk-backup-id", "disk-id", "disk-usage"], ids.length > 0, "DiskBackupIds");
  checkIds(ctx, ids, "DiskBackupIds", "dbp", 100);
  const page = paging(ctx, req.Offset, req.Limit);
  const dir = order(ctx, req.Order, "ASC");
  let all = await backups(ctx).all();
  if (ids.length) all = all.filter((b) => ids.includes(b.DiskBackupId));
  all = all.filter((b) =>
    filters.every((f) => f.Values.includes(f.Name === "disk-backup-id" ? b.DiskBackupId : f.Name === "disk-id" ? b.DiskId : b.DiskUsage)),
  );
  if (dir === "desc") all.reverse();
  return { TotalCount: all.length, DiskBackupSet: all.slice(page.offset, page.offset + page.limit).map((b) => present(ctx, b)) };
}

export async function deleteDiskBackups(ctx: Ctx, req: Req<m.DeleteDiskBackupsRequest>): Promise<Res<m.DeleteDiskBackupsResponse>> {
  if (!req.DiskBackupIds.length) fail(ctx, "InvalidParameter", "`DiskBackupIds` must name at least one backup point.");
  const list: BackupDoc[] = [];
  for (const id of new Set(req.DiskBackupIds)) list.push(await loadBackup(ctx, id));
  const now = ctx.now();
  for (const b of list) if (backupState(b, now) !== "NORMAL") fail(ctx, "ResourceBusy", `DiskBackupId: ${b.DiskBackupId} is ${backupState(b, now)}, please retry later.`);
  for (const b of list) await backups(ctx).delete(b.DiskBackupId);
  return {};
}

export async function applyDiskBackup(ctx: Ctx, req: Req<m.ApplyDiskBackupRequest>): Promise<Res<m.ApplyDiskBackupResponse>> {
  const b = await loadBackup(ctx, req.DiskBackupId);
  const d = await loadDisk(ctx, req.DiskId);
  const now = ctx.now();
  if (b.DiskId !== d.DiskId) fail(ctx, "InvalidDisk.NotSupported", `DiskBackupId: ${b.DiskBackupId} belongs to ${b.DiskId}: backup points roll back to their own disk.`);
  if (backupState(b, now) !== "NORMAL") fail(ctx, "ResourceBusy", `DiskBackupId: ${b.DiskBackupId} is ${backupState(b, now)}, please retry later.`);
  if (diskState(d, now) === "ROLLBACKING") fail(ctx, "ResourceInUse.DiskRollbacking", `DiskId: ${d.DiskId} is already rolling back.`);
  checkUsable(ctx, d);
  await stopForRollback(ctx, d, req.AutoStopInstance === true);
  const until = now + transferMs(d.DiskSize);
  await new DiskStore(ctx).save({ ...d, op: { kind: "ROLLBACKING", startedAt: now, until } });
  await backups(ctx).update(b.DiskBackupId, { ...b, rollbackUntil: until }, b.DiskId);
  return {};
}

async function checkQuota(ctx: Ctx, d: DiskDoc, quota: number): Promise<void> {
  if (!Number.isInteger(quota) || quota < 1 || quota > 1024) fail(ctx, "InvalidParameter", `DiskBackupQuota: ${quota} is not in 1 to 1024.`);
  const used = await backups(ctx).count(d.DiskId);
  if (quota < used) fail(ctx, "InvalidParameter", `DiskBackupQuota: ${quota} is below the ${used} backup points the disk keeps.`);
}

export async function modifyDiskBackupQuota(ctx: Ctx, req: Req<m.ModifyDiskBackupQuotaRequest>): Promise<Res<m.ModifyDiskBackupQuotaResponse>> {
  const d = await loadDisk(ctx, req.DiskId);
  if (d.recycledAt !== null) fail(ctx, "ResourceUnavailable.NotSupported", `DiskId: ${d.DiskId} is in the recycle bin.`);
  await checkQuota(ctx, d, req.DiskBackupQuota);
  await chargeForRest(ctx, d, diskLines(d.DiskType, d.DiskSize, d.ThroughputPerformance, d.DiskBackupQuota), diskLines(d.DiskType, d.DiskSize, d.ThroughputPerformance, req.DiskBackupQuota));
  await new DiskStore(ctx).save({ ...d, DiskBackupQuota: req.DiskBackupQuota });
  return {};
}

export async function inquirePriceModifyDiskBackupQuota(
  ctx: Ctx,
  req: Req<m.InquirePriceModifyDiskBackupQuotaRequest>,
): Promise<Res<m.InquirePriceModifyDiskBackupQuotaResponse>> {
  const d = await loadDisk(ctx, req.DiskId);
  checkUsable(ctx, d);
  await checkQuota(ctx, d, req.DiskBackupQuota);
  const quota = (q: number) => diskLines(d.DiskType, d.DiskSize, 0, q).filter((l) => l.name === "DiskBackupQuota");
  if (d.DiskChargeType === "PREPAID" && d.deadline !== null) {
    const months = monthsLeft(ctx.now(), d.deadline);
    const after = prepaidCost(quota(req.DiskBackupQuota), months);
    const before = prepaidCost(quota(d.DiskBackupQuota), months);
    return { DiskPrice: prepaidPrice(round2(Math.max(0, after.original - before.original)), round2(Math.max(0, after.discount - before.discount))) };
  }
  return { DiskPrice: hourlyPrice(hourlyCost(quota(req.DiskBackupQuota))) };
}
