import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_models";
import { formatDateTime } from "../../platform/clock";
import { getInstance, type InstanceView } from "../cvm/for-products";
import { MAX_ATTACHED_DATA_DISKS } from "./instance-disks";
import { bt, checkIds, fail, nil, type Ctx } from "./common";
import { diskState, DiskStore, isBusy, isExpired, type DiskDoc } from "./disk-model";
import { snapshots } from "./snapshot-model";
import { clusters, type ClusterDoc } from "./dedicated";

export { MAX_ATTACHED_DATA_DISKS };
/** Prepaid disks can be returned within 5 days of purchase, at most this many per account and year. */
export const REFUND_DAYS = 5;
export const REFUNDS_PER_YEAR = 199;

export async function loadDisk(ctx: Ctx, id: string | undefined, member = "DiskId"): Promise<DiskDoc> {
  if (id === undefined) fail(ctx, "MissingParameter", `The request is missing a required parameter ${bt(member)}.`);
  checkIds(ctx, [id], member, "disk", 1);
  const disk = await new DiskStore(ctx).get(id);
  if (!disk) fail(ctx, "InvalidDiskId.NotFound", `${member}: ${id} does not exist.`, `${member}: ${id} 不存在。`);
  ctx.touch(id);
  return disk;
}

export async function loadDisks(ctx: Ctx, ids: readonly string[], member = "DiskIds", max = 100): Promise<DiskDoc[]> {
  if (!ids.length) fail(ctx, "MissingParameter", `The request is missing a required parameter ${bt(member)}.`);
  checkIds(ctx, ids, member, "disk", max);
  const disks: DiskDoc[] = [];
  for (const id of new Set(ids)) disks.push(await loadDisk(ctx, id, member.replace(/s$/, "")));
  return disks;
}

/** The instance a disk operation names, live (not terminated). */
export async function loadInstance(ctx: Ctx, id: string | undefined, member = "InstanceId"): Promise<InstanceView> {
  if (!id) fail(ctx, "MissingParameter", `The request is missing a required parameter ${bt(member)}.`);
  const inst = await getInstance(ctx, id);
  if (!inst) fail(ctx, "InvalidInstanceId.NotFound", `InstanceId: ${id} does not exist.`, `InstanceId: ${id} 不存在。`);
  ctx.touch(id);
  return inst;
}

/** Common refusals: the disk is in the recycle bin (returned or expired), or a change is still running. */
export function checkUsable(ctx: Ctx, disk: DiskDoc, busyCode: "InvalidDisk.Busy" | "ResourceBusy" = "InvalidDisk.Busy"): void {
  const now = ctx.now();
  if (disk.recycledAt !== null || isExpired(disk, now)) {
    if (disk.recycleReason === "returned") fail(ctx, "ResourceUnavailable.NotSupported", `DiskId: ${disk.DiskId}, the disk has been returned.`);
    fail(ctx, "InvalidDisk.Expire", `DiskId: ${disk.DiskId}, the disk has expired.`, `DiskId: ${disk.DiskId}, 云盘已过期。`);
  }
  if (isBusy(disk, now)) {
    const state = diskState(disk, now);
    fail(ctx, busyCode, `DiskId: ${disk.DiskId}, Disk(${disk.DiskId}) is ${state.toLowerCase()}, please retry later`);
  }
}

/** Whether a prepaid disk can be returned now, with the real ReturnFailCode. */
export async function refundability(ctx: Ctx, disk: DiskDoc): Promise<{ returnable: boolean; code: number }> {
  const now = ctx.now();
  if (disk.DiskChargeType !== "PREPAID") return { returnable: false, code: 10 };
  if (disk.recycleReason === "returned") return { returnable: false, code: 1 };
  if (isExpired(disk, now)) return { returnable: false, code: 2 };
  if (!disk.Portable || disk.DiskUsage === "SYSTEM_DISK") return { returnable: false, code: 10 };
  if (now - disk.createdAt > REFUND_DAYS * 86_400_000) return { returnable: false, code: 3 };
  if ((await refundsUsed(ctx)) >= REFUNDS_PER_YEAR) return { returnable: false, code: 8 };
  return { returnable: true, code: 0 };
}

function refundQuota(ctx: Ctx) {
  return ctx.docs<{ year: number; used: number }>("refund-quota", { region: "*" });
}

function year(ms: number): number {
  return new Date(ms + 8 * 3_600_000).getUTCFullYear();
}

export async function refundsUsed(ctx: Ctx): Promise<number> {
  const q = await refundQuota(ctx).get("quota");
  return q && q.year === year(ctx.now()) ? q.used : 0;
}

export async function countRefund(ctx: Ctx): Promise<void> {
  await refundQuota(ctx).put("quota", { year: year(ctx.now()), used: (await refundsUsed(ctx)) + 1 });
}

export function placement(zone: string, projectId: number, cluster?: ClusterDoc): m.Placement {
  return {
    Zone: zone,
    CageId: cluster?.CageId ?? nil,
    CdcId: cluster?.CdcId ?? nil,
    CdcName: cluster?.CdcName ?? nil,
    DedicatedClusterId: cluster?.DedicatedClusterId ?? "",
    ProjectId: projectId,
    ProjectName: projectId === 0 ? "Default Project" : nil,
  };
}

export async function presentDisk(ctx: Ctx, d: DiskDoc, withPolicies: boolean): Promise<m.Disk> {
  const now = ctx.now();
  const state = diskState(d, now);
  const snaps = await snapshots(ctx).all(d.DiskId);
  const refund = await refundability(ctx, d);
  const rollback = d.op?.kind === "ROLLBACKING" && now < d.op.until ? Math.floor(((now - d.op.startedAt) / (d.op.until - d.op.startedAt)) * 100) : 100;
  const deadline = d.DiskChargeType === "PREPAID" && d.deadline !== null ? d.deadline : null;
  const inst = d.InstanceId ? await getInstance(ctx, d.InstanceId) : undefined;
  const cluster = d.CdcId ? await clusters(ctx).get(d.CdcId) : undefined;
  const backupCount = await ctx.docs("backup").count(d.DiskId);
  return {
    DeleteWithInstance: d.DeleteWithInstance,
    RenewFlag: d.RenewFlag,
    DiskType: d.DiskType,
    DiskState: state,
    SnapshotCount: snaps.length,
    AutoRenewFlagError: false,
    Rollbacking: state === "ROLLBACKING",
    InstanceIdList: d.Shareable ? [...d.InstanceIds] : [],
    Encrypt: d.Encrypt,
    DiskName: d.DiskName,
    BackupDisk: false,
    Tags: d.Tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    InstanceId: d.InstanceId ?? (state === "DETACHING" ? d.op?.instanceId ?? "" : ""),
    AttachMode: d.AttachMode,
    AutoSnapshotPolicyIds: withPolicies ? [...d.AutoSnapshotPolicyIds] : nil,
    ThroughputPerformance: d.ThroughputPerformance,
    Migrating: false,
    DiskId: d.DiskId,
    SnapshotSize: snaps.reduce((s, x) => s + x.DiskSize * 1024, 0),
    Placement: placement(d.Zone, d.ProjectId, cluster),
    IsReturnable: refund.returnable,
    DeadlineTime: deadline !== null ? formatDateTime(deadline) : "",
    Attached: d.InstanceId !== null && state !== "ATTACHING",
    DiskSize: d.DiskSize,
    MigratePercent: 0,
    DiskUsage: d.DiskUsage,
    DiskChargeType: d.DiskChargeType,
    Portable: d.Portable,
    SnapshotAbility: !d.Shareable,
    DeadlineError: inst?.deadline != null && deadline !== null ? deadline < inst.deadline : false,
    RollbackPercent: rollback,
    DifferDaysOfDeadline: deadline !== null ? Math.max(0, Math.ceil((deadline - now) / 86_400_000)) : nil,
    ReturnFailCode: refund.code,
    Shareable: d.Shareable,
    CreateTime: formatDateTime(d.createdAt),
    DeleteSnapshot: d.DeleteSnapshot,
    DiskBackupQuota: d.DiskBackupQuota,
    DiskBackupCount: backupCount,
    InstanceType: "CVM",
    LastAttachInsId: d.LastAttachInsId ?? nil,
    ErrorPrompt: "",
    BurstPerformance: d.BurstPerformance,
    EncryptType: d.EncryptType,
    KmsKeyId: d.KmsKeyId,
  };
}

/** The instance state a disk's attachment cares about. */
export async function hostState(ctx: Ctx, d: DiskDoc): Promise<string | null> {
  if (!d.InstanceId) return null;
  return (await getInstance(ctx, d.InstanceId))?.InstanceState ?? null;
}
