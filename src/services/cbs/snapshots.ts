import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_models";
import { formatDate, formatDateTime, formatIso, parseDateTime } from "../../platform/clock";
import type { Req, Res } from "../../platform/definition";
import { stopInstanceFor } from "../cvm/for-products";
import { bt, checkFilters, checkIds, fail, order, paging, tagMatches, type Ctx, type Filter } from "./common";
import { checkUsable, hostState, loadDisk, placement } from "./disk-access";
import { diskState, DiskStore, type DiskDoc } from "./disk-model";
import { deleteSnapshot, noteDue } from "./lifecycle";
import {
  CREATING_SNAPSHOTS_LIMIT,
  insertSnapshot,
  newSnapshotId,
  ownerSnapshots,
  saveSnapshot,
  sharedWithMe,
  snapshotPercent,
  snapshots,
  SNAPSHOTS_PER_DISK,
  snapshotState,
  transferMs,
  type SnapshotDoc,
} from "./snapshot-model";

const DAY = 86_400_000;

export function presentSnapshot(ctx: Ctx, s: SnapshotDoc, shared = false): m.Snapshot {
  const now = ctx.now();
  const firstShare = s.shares.length ? Math.min(...s.shares.map((x) => x.at)) : null;
  return {
    Placement: placement(s.Zone, s.ProjectId),
    CopyFromRemote: s.copyFromRemote,
    SnapshotState: snapshotState(s, now),
    IsPermanent: s.IsPermanent,
    SnapshotName: s.SnapshotName,
    DeadlineTime: s.deadline !== null ? formatDateTime(s.deadline) : "",
    Percent: snapshotPercent(s, now),
    Images: s.images.map((i) => ({ ImageId: i.ImageId, ImageName: i.ImageName })),
    ShareReference: s.shares.length,
    SnapshotType: shared ? "SHARED_SNAPSHOT" : "PRIVATE_SNAPSHOT",
    DiskSize: s.DiskSize,
    DiskId: s.DiskId,
    CopyingToRegions: s.copies.filter((c) => now < c.until).map((c) => c.region),
    Encrypt: s.Encrypt,
    CreateTime: formatDateTime(s.createdAt),
    ImageCount: s.images.length,
    DiskUsage: s.DiskUsage,
    SnapshotId: s.SnapshotId,
    TimeStartShare: firstShare !== null ? formatDate(firstShare) : "",
    Tags: s.Tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    IsLocked: false,
    LatestModifyTime: formatIso(s.modifiedAt),
    AutoSnapshotPolicyId: s.AutoSnapshotPolicyId,
    SnapshotMode: "STANDARD_SNAPSHOT",
  };
}

export async function loadSnapshot(ctx: Ctx, id: string | undefined, member = "SnapshotId"): Promise<SnapshotDoc> {
  if (id === undefined) fail(ctx, "MissingParameter", `The request is missing a required parameter ${bt(member)}.`);
  if (id === "") fail(ctx, "InvalidParameter", `${member}:  is invalid`);
  checkIds(ctx, [id], member, "snap", 1);
  const s = await snapshots(ctx).get(id);
  if (!s) fail(ctx, "InvalidSnapshotId.NotFound", `${member}: ${id} does not exist.`, `${member}: ${id} 不存在。`);
  ctx.touch(id);
  return s;
}

/** The checks every way of taking a snapshot of a disk shares (CreateSnapshot, snapshot groups). */
export async function checkSnapshotable(ctx: Ctx, d: DiskDoc, pending = 0): Promise<void> {
  checkUsable(ctx, d);
  if (d.Shareable) fail(ctx, "InvalidDisk.NotSupportSnapshot", `DiskId: ${d.DiskId}, shareable disks have no snapshot capability.`, `DiskId: ${d.DiskId}, 云硬盘没有快照能力。`);
  const now = ctx.now();
  const own = await snapshots(ctx).all(d.DiskId);
  if (own.some((s) => !s.copyFromRemote && snapshotState(s, now) === "CREATING")) {
    fail(ctx, "InvalidDisk.SnapshotCreating", `DiskId: ${d.DiskId}, a snapshot of the disk is being created, please retry later.`, `DiskId: ${d.DiskId}, 云硬盘正在创建快照，请稍后重试。`);
  }
  if (own.length >= SNAPSHOTS_PER_DISK) {
    fail(ctx, "InsufficientSnapshotQuota", `DiskId: ${d.DiskId} already has ${own.length} snapshots; the quota is ${SNAPSHOTS_PER_DISK} per disk.`, `快照配额不足。`);
  }
  const creating = (await snapshots(ctx).all()).filter((s) => snapshotState(s, now) === "CREATING").length;
  if (creating + pending >= CREATING_SNAPSHOTS_LIMIT) {
    fail(ctx, "ResourceUnavailable.TooManyCreatingSnapshot", `${creating} snapshots are being created in ${ctx.region}; at most ${CREATING_SNAPSHOTS_LIMIT} at a time.`);
  }
}

/** A new snapshot of a disk, taken at `at` (an auto-snapshot may be taken in the past of a clock jump). */
export async function takeSnapshot(
  ctx: Ctx,
  d: DiskDoc,
  o: { name: string; at: number; deadline: number | null; tags?: m.Tag[]; usage?: DiskDoc["DiskUsage"]; policyId?: string; groupId?: string },
): Promise<SnapshotDoc> {
  const col = snapshots(ctx);
  const snap: SnapshotDoc = {
    SnapshotId: await newSnapshotId(col),
    SnapshotName: o.name,
    DiskId: d.DiskId,
    DiskSize: d.DiskSize,
    DiskUsage: o.usage ?? d.DiskUsage,
    Zone: d.Zone,
    ProjectId: d.ProjectId,
    Encrypt: d.Encrypt,
    KmsKeyId: d.KmsKeyId,
    createdAt: o.at,
    readyAt: o.at + transferMs(d.DiskSize),
    IsPermanent: o.deadline === null,
    deadline: o.deadline,
    Tags: (o.tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })),
    AutoSnapshotPolicyId: o.policyId ?? "",
    shares: [],
    images: [],
    copyFromRemote: false,
    copies: [],
    rollbackUntil: null,
    SnapshotGroupId: o.groupId ?? null,
    modifiedAt: o.at,
  };
  await insertSnapshot(col, snap);
  await noteDue(ctx, o.deadline);
  ctx.touch(snap.SnapshotId);
  return snap;
}

function parseDeadline(ctx: Ctx, value: string, member: string): number {
  const t = parseDateTime(value);
  if (Number.isNaN(t)) fail(ctx, "InvalidParameterValue", `${member}: ${value} is not an ISO 8601 time.`);
  if (t < ctx.now() + DAY - 60_000) fail(ctx, "InvalidParameterValue", `${member}: ${value} must be at least one day from now.`);
  return t;
}

export async function createSnapshot(ctx: Ctx, req: Req<m.CreateSnapshotRequest>): Promise<Res<m.CreateSnapshotResponse>> {
  if (req.DiskBackupId) return createSnapshotFromBackup(ctx, req);
  const d = await loadDisk(ctx, req.DiskId);
  await checkSnapshotable(ctx, d);
  if (req.SnapshotName !== undefined && req.SnapshotName.length > 60) fail(ctx, "InvalidParameterValue", "SnapshotName must be at most 60 characters.");
  if (req.DiskUsage !== undefined && req.DiskUsage !== "SYSTEM_DISK" && req.DiskUsage !== "DATA_DISK") {
    fail(ctx, "InvalidParameterValue", `The value ${bt(req.DiskUsage)} specified in the parameter ${bt("DiskUsage")} is not valid.`);
  }
  const deadline = req.Deadline ? parseDeadline(ctx, req.Deadline, "Deadline") : null;
  const snap = await takeSnapshot(ctx, d, {
    name: req.SnapshotName ?? "Unnamed",
    at: ctx.now(),
    deadline,
    tags: req.Tags,
    usage: req.DiskUsage as DiskDoc["DiskUsage"] | undefined,
  });
  return { SnapshotId: snap.SnapshotId };
}

/** Turns a disk backup point into an ordinary snapshot; the backup point (and its quota use) goes away. */
async function createSnapshotFromBackup(ctx: Ctx, req: Req<m.CreateSnapshotRequest>): Promise<Res<m.CreateSnapshotResponse>> {
  const backups = ctx.docs<{ DiskBackupId: string; DiskId: string; readyAt: number; DiskSize: number }>("backup");
  const b = await backups.get(req.DiskBackupId!);
  if (!b) fail(ctx, "ResourceNotFound.NotFound", `DiskBackupId: ${req.DiskBackupId} does not exist.`);
  if (ctx.now() < b.readyAt) fail(ctx, "ResourceUnavailable.DiskBackupCreating", `DiskBackupId: ${b.DiskBackupId} is still being created.`);
  const d = await loadDisk(ctx, b.DiskId);
  const snap = await takeSnapshot(ctx, { ...d, DiskSize: b.DiskSize }, { name: req.SnapshotName ?? "Unnamed", at: ctx.now(), deadline: null, tags: req.Tags });
  await saveSnapshot(snapshots(ctx), { ...snap, readyAt: ctx.now() });
  await backups.delete(b.DiskBackupId);
  return { SnapshotId: snap.SnapshotId };
}

const SNAPSHOT_FILTERS = [
  "snapshot-id", "snapshot-name", "snapshot-state", "disk-usage", "project-id", "disk-id", "zone", "encrypt", "snapshot-type",
  "tag-key", "tag-value", "tag:",
];

function snapshotMatches(ctx: Ctx, s: SnapshotDoc, shared: boolean, f: Filter): boolean {
  const tag = tagMatches(s.Tags, f);
  if (tag !== undefined) return tag;
  const v = f.Values;
  switch (f.Name) {
    case "snapshot-id": return v.includes(s.SnapshotId);
    case "snapshot-name": return v.some((x) => s.SnapshotName.includes(x));
    case "snapshot-state": return v.includes(snapshotState(s, ctx.now()));
    case "disk-usage": return v.includes(s.DiskUsage);
    case "project-id": return v.includes(String(s.ProjectId));
    case "disk-id": return v.includes(s.DiskId);
    case "zone": return v.includes(s.Zone);
    case "encrypt": return v.map((x) => x.toUpperCase()).includes(s.Encrypt ? "TRUE" : "FALSE");
    case "snapshot-type": return v.includes(shared ? "SHARED_SNAPSHOT" : "PRIVATE_SNAPSHOT");
    default: return false;
  }
}

export async function describeSnapshots(ctx: Ctx, req: Req<m.DescribeSnapshotsRequest>): Promise<Res<m.DescribeSnapshotsResponse>> {
  const ids = req.SnapshotIds ?? [];
  const filters = req.Filters ?? [];
  checkFilters(ctx, filters, SNAPSHOT_FILTERS, ids.length > 0, "SnapshotIds");
  for (const f of filters) {
    if (f.Values.some((v) => v === "") && ["snapshot-id", "snapshot-name"].includes(f.Name)) fail(ctx, "InvalidParameter", "SnapshotId  is invalid");
    if (f.Name === "disk-id" && f.Values.length > 10) fail(ctx, "InvalidParameterValue.LimitExceeded", "The filter `disk-id` takes at most 10 values.");
  }
  checkIds(ctx, ids, "SnapshotIds", "snap", 100);
  const page = paging(ctx, req.Offset, req.Limit);
  const dir = order(ctx, req.Order, "DESC");
  if (req.OrderField !== undefined && req.OrderField !== "CREATE_TIME") {
    fail(ctx, "InvalidParameterValue", `The value ${bt(req.OrderField)} specified in the parameter ${bt("OrderField")} is not valid.`);
  }
  let all = (await snapshots(ctx).all()).map((s) => ({ s, shared: false }));
  for (const ref of await sharedWithMe(ctx).all()) {
    const s = await ownerSnapshots(ctx, ref.ownerUin, ctx.region).get(ref.SnapshotId);
    if (s !== undefined) all.push({ s, shared: true });
  }
  if (ids.length) all = all.filter((x) => ids.includes(x.s.SnapshotId));
  all = all.filter((x) => filters.every((f) => snapshotMatches(ctx, x.s, x.shared, f)));
  all.sort((a, b) => (dir === "asc" ? a.s.createdAt - b.s.createdAt : b.s.createdAt - a.s.createdAt));
  return { TotalCount: all.length, SnapshotSet: all.slice(page.offset, page.offset + page.limit).map((x) => presentSnapshot(ctx, x.s, x.shared)) };
}

export async function deleteSnapshots(ctx: Ctx, req: Req<m.DeleteSnapshotsRequest>): Promise<Res<m.DeleteSnapshotsResponse>> {
  if (!req.SnapshotIds.length) fail(ctx, "MissingParameter", "The request is missing a required parameter `SnapshotIds`.");
  const list: SnapshotDoc[] = [];
  for (const id of new Set(req.SnapshotIds)) list.push(await loadSnapshot(ctx, id, "SnapshotIds"));
  const now = ctx.now();
  for (const s of list) {
    const state = snapshotState(s, now);
    if (state === "CREATING" || state === "COPYING_FROM_REMOTE") fail(ctx, "ResourceUnavailable.SnapshotCreating", `SnapshotId: ${s.SnapshotId} is still being created.`);
    if (state === "ROLLBACKING") fail(ctx, "InvalidSnapshot.NotSupported", `SnapshotId: ${s.SnapshotId} is being rolled back to a disk.`);
    if (s.copies.some((c) => now < c.until)) fail(ctx, "ResourceBusy", `SnapshotId: ${s.SnapshotId} is being copied to another region, please retry later.`);
    if (s.images.length && !req.DeleteBindImages) {
      fail(ctx, "UnsupportedOperation.SnapshotHasBindedImage", `SnapshotId: ${s.SnapshotId} backs the image ${s.images[0].ImageId}: delete the image first (or pass DeleteBindImages).`);
    }
    if (s.shares.length) fail(ctx, "UnsupportedOperation.SnapHasShared", `SnapshotId: ${s.SnapshotId} is shared: cancel the sharing first.`);
  }
  for (const s of list) await deleteSnapshot(ctx, s);
  return {};
}

export async function modifySnapshotAttribute(ctx: Ctx, req: Req<m.ModifySnapshotAttributeRequest>): Promise<Res<m.ModifySnapshotAttributeResponse>> {
  const s = await loadSnapshot(ctx, req.SnapshotId);
  if (req.SnapshotName !== undefined && req.SnapshotName.length > 60) fail(ctx, "InvalidParameterValue", "SnapshotName must be at most 60 characters.");
  if (req.IsPermanent === true && req.Deadline) fail(ctx, "InvalidParameterValue", "A permanent snapshot has no `Deadline`.");
  let next: SnapshotDoc = { ...s, SnapshotName: req.SnapshotName ?? s.SnapshotName, modifiedAt: ctx.now() };
  if (req.IsPermanent === true) next = { ...next, IsPermanent: true, deadline: null };
  else if (req.Deadline) next = { ...next, IsPermanent: false, deadline: parseDeadline(ctx, req.Deadline, "Deadline") };
  else if (req.IsPermanent === false && s.IsPermanent) fail(ctx, "MissingParameter", "The request is missing a required parameter `Deadline` (a non-permanent snapshot needs one).");
  await saveSnapshot(snapshots(ctx), next);
  await noteDue(ctx, next.deadline);
  return {};
}

/**
 * Rolls a disk back to one of its snapshots: the snapshot must be NORMAL and of this disk; an elastic disk
 * must be detached, a system disk's instance stopped (AutoStopInstance stops it).
 */
export async function applySnapshot(ctx: Ctx, req: Req<m.ApplySnapshotRequest>): Promise<Res<m.ApplySnapshotResponse>> {
  const s = await loadSnapshot(ctx, req.SnapshotId);
  const d = await loadDisk(ctx, req.DiskId);
  const now = ctx.now();
  const state = snapshotState(s, now);
  if (state === "CREATING" || state === "COPYING_FROM_REMOTE") fail(ctx, "ResourceUnavailable.SnapshotCreating", `SnapshotId: ${s.SnapshotId} is still being created.`);
  if (state === "ROLLBACKING") fail(ctx, "InvalidSnapshot.NotSupported", `SnapshotId: ${s.SnapshotId} is being rolled back to a disk.`);
  if (s.DiskId !== d.DiskId) fail(ctx, "InvalidSnapshot.NotSupported", `SnapshotId: ${s.SnapshotId} was not taken from ${d.DiskId}: snapshots roll back to their own disk.`);
  if (diskState(d, now) === "ROLLBACKING") fail(ctx, "ResourceInUse.DiskRollbacking", `DiskId: ${d.DiskId} is already rolling back.`);
  checkUsable(ctx, d);
  if (d.DiskSize < s.DiskSize) fail(ctx, "InvalidParameter.DiskSizeNotMatch", `DiskId: ${d.DiskId} (${d.DiskSize} GiB) is smaller than snapshot ${s.SnapshotId} (${s.DiskSize} GiB).`);
  await stopForRollback(ctx, d, req.AutoStopInstance === true);
  const until = now + transferMs(d.DiskSize);
  await new DiskStore(ctx).save({ ...d, op: { kind: "ROLLBACKING", startedAt: now, until } });
  await saveSnapshot(snapshots(ctx), { ...s, rollbackUntil: until });
  return {};
}

/** Elastic disks roll back detached; a non-elastic disk's instance must be stopped (or is stopped now with AutoStopInstance). */
export async function stopForRollback(ctx: Ctx, d: DiskDoc, autoStop: boolean): Promise<void> {
  if (!d.InstanceId) return;
  const state = await hostState(ctx, d);
  if (d.Portable) {
    if (state !== "STOPPED") fail(ctx, "InvalidDisk.NotSupported", `DiskId: ${d.DiskId}, detach the disk (or stop instance ${d.InstanceId}) before rolling it back.`);
    return;
  }
  if (state === "STOPPED") return;
  if (!autoStop) {
    fail(ctx, "UnsupportedOperation.InstanceNotStopped", `DiskId: ${d.DiskId}, instance ${d.InstanceId} must be stopped first (or pass AutoStopInstance).`, `DiskId: ${d.DiskId}, 云盘挂载的实例未关机。`);
  }
  if (!(await stopInstanceFor(ctx, d.InstanceId))) fail(ctx, "InvalidInstance.NotSupported", `InstanceId: ${d.InstanceId} cannot be stopped now.`);
}

async function overview(ctx: Ctx) {
  const all = await snapshots(ctx).all();
  const total = all.reduce((s, x) => s + x.DiskSize, 0);
  const free = 50;
  return { TotalNums: all.length, TotalSize: total, FreeQuota: free, RealTradeSize: Math.max(0, total - free) };
}

export function describeSnapshotOverview(ctx: Ctx, _req: Req<m.DescribeSnapshotOverviewRequest>): Promise<Res<m.DescribeSnapshotOverviewResponse>> {
  return overview(ctx);
}

export async function getSnapOverview(ctx: Ctx, _req: Req<m.GetSnapOverviewRequest>): Promise<Res<m.GetSnapOverviewResponse>> {
  const o = await overview(ctx);
  return { TotalSize: o.TotalSize, RealTradeSize: o.RealTradeSize, FreeQuota: o.FreeQuota, TotalNums: o.TotalNums };
}
