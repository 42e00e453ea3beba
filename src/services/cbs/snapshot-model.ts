import type { ProductName } from "../../errors/catalog";
import { Collection } from "../../platform/collection";
import { shortId } from "../../platform/ids";
import { uniqueId, type ActionContext } from "../../platform/service";
import type { DiskUsage, Tag } from "./disk-model";

export type SnapshotState = "NORMAL" | "CREATING" | "ROLLBACKING" | "COPYING_FROM_REMOTE";

export interface SnapshotDoc {
  SnapshotId: string;
  SnapshotName: string;
  DiskId: string;
  DiskSize: number;
  DiskUsage: DiskUsage;
  Zone: string;
  ProjectId: number;
  Encrypt: boolean;
  KmsKeyId: string;
  createdAt: number;
  /** Creation (or cross-region copy) is done at this time (emulator ms). */
  readyAt: number;
  IsPermanent: boolean;
  /** Non-permanent snapshots are deleted at their deadline (emulator ms). */
  deadline: number | null;
  Tags: Tag[];
  AutoSnapshotPolicyId: string;
  /** Accounts the snapshot is shared with. */
  shares: { AccountId: string; at: number }[];
  /** Custom images made from the snapshot (they block deletion). */
  images: { ImageId: string; ImageName: string }[];
  copyFromRemote: boolean;
  /** Cross-region copies in progress: destination region and when the copy is done. */
  copies: { region: string; until: number }[];
  /** A rollback (ApplySnapshot) from this snapshot runs until this time. */
  rollbackUntil: number | null;
  SnapshotGroupId: string | null;
  modifiedAt: number;
}

/** Snapshots (and copies, rollbacks) progress at this rate: 2 s per GiB, at least 10 s. */
export function transferMs(sizeGiB: number): number {
  return Math.max(10_000, sizeGiB * 2_000);
}

export function snapshotState(s: SnapshotDoc, now: number): SnapshotState {
  if (now < s.readyAt) return s.copyFromRemote ? "COPYING_FROM_REMOTE" : "CREATING";
  if (s.rollbackUntil !== null && now < s.rollbackUntil) return "ROLLBACKING";
  return "NORMAL";
}

export function snapshotPercent(s: SnapshotDoc, now: number): number {
  if (now >= s.readyAt) return 100;
  const total = s.readyAt - s.createdAt;
  return Math.min(99, Math.floor(((now - s.createdAt) / total) * 100));
}

/** Per-disk snapshot quota and the limit of snapshots being created at once in a region (tclocal's numbers, see docs). */
export const SNAPSHOTS_PER_DISK = 64;
export const CREATING_SNAPSHOTS_LIMIT = 20;

export function snapshots(ctx: ActionContext<ProductName>, region?: string): Collection<SnapshotDoc> {
  return ctx.as("cbs").docs<SnapshotDoc>("snapshot", region ? { region } : {});
}

/** Another account's snapshots in a region (a snapshot shared with the caller). */
export function ownerSnapshots(ctx: ActionContext<ProductName>, ownerUin: string, region: string): Collection<SnapshotDoc> {
  return new Collection<SnapshotDoc>(ctx.tx, { service: "cbs", account: ownerUin, region }, "snapshot");
}

export function newSnapshotId(col: Collection<SnapshotDoc>): Promise<string> {
  return uniqueId(col, () => shortId("snap"));
}

/** A pointer, in the receiving account, to a snapshot another account shared with it. */
export interface ShareRef {
  SnapshotId: string;
  ownerUin: string;
}

export function sharedWithMe(ctx: ActionContext<ProductName>, region?: string): Collection<ShareRef> {
  return ctx.as("cbs").docs<ShareRef>("shared-snapshot", region ? { region } : {});
}

/** The same collection as seen from the account a snapshot is shared with. */
export function sharedWith(ctx: ActionContext<ProductName>, uin: string, region: string): Collection<ShareRef> {
  return new Collection<ShareRef>(ctx.tx, { service: "cbs", account: uin, region }, "shared-snapshot");
}

/** Snapshots are stored with their source disk as parent (SnapshotCount per disk is an indexed count). */
export function saveSnapshot(col: Collection<SnapshotDoc>, s: SnapshotDoc): Promise<SnapshotDoc> {
  return col.update(s.SnapshotId, s, s.DiskId);
}

export function insertSnapshot(col: Collection<SnapshotDoc>, s: SnapshotDoc): Promise<SnapshotDoc> {
  return col.insert(s.SnapshotId, s, s.DiskId);
}

/** A snapshot of the caller's, or one another account shared with the caller (in this region). */
export async function lookupSnapshot(ctx: ActionContext<ProductName>, id: string): Promise<{ snap: SnapshotDoc; ownerUin: string } | undefined> {
  const own = await snapshots(ctx).get(id);
  if (own) return { snap: own, ownerUin: ctx.caller.uin };
  const ref = await sharedWithMe(ctx).get(id);
  if (!ref) return undefined;
  const snap = await ownerSnapshots(ctx, ref.ownerUin, ctx.region).get(id);
  return snap ? { snap, ownerUin: ref.ownerUin } : undefined;
}
