import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";
import { unbindKeyFromResource } from "../kms/for-products";
import { DiskStore, type DiskDoc } from "./disk-model";
import { policies } from "./policy-model";
import { sharedWith, snapshots, type SnapshotDoc } from "./snapshot-model";

/**
 * What ends a disk's life, shared by TerminateDisks, CVM's TerminateInstances and the recycle-bin sweep:
 * the KMS key binding is released, policies forget the disk, its backup points go, and (when asked) its
 * non-permanent snapshots are deleted.
 */
export function destroyDisk(ctx: ActionContext<ProductName>, disk: DiskDoc, deleteSnapshots: boolean): void {
  const store = new DiskStore(ctx);
  if (disk.KmsKeyId) unbindKeyFromResource(ctx.as("cbs"), disk.KmsKeyId, "cbs", disk.DiskId);
  const pol = policies(ctx);
  for (const id of disk.AutoSnapshotPolicyIds) {
    const p = pol.get(id);
    if (p) pol.update(id, { ...p, DiskIdSet: p.DiskIdSet.filter((d) => d !== disk.DiskId) });
  }
  const backups = ctx.as("cbs").docs<{ DiskBackupId: string }>("backup");
  for (const b of backups.all(disk.DiskId)) backups.delete(b.DiskBackupId);
  if (deleteSnapshots) {
    const snaps = snapshots(ctx);
    for (const s of snaps.all(disk.DiskId)) if (!s.IsPermanent && !s.images.length && !s.shares.length) deleteSnapshot(ctx, s);
  }
  store.delete(disk.DiskId);
}

/** Removes a snapshot and the share pointers other accounts hold to it. */
export function deleteSnapshot(ctx: ActionContext<ProductName>, snap: SnapshotDoc): void {
  for (const share of snap.shares) sharedWith(ctx, share.AccountId, ctx.region).delete(snap.SnapshotId);
  snapshots(ctx).delete(snap.SnapshotId);
}

/** Detaches a disk at once (the instance is going away): no DETACHING phase. */
export function releaseFromInstance(ctx: ActionContext<ProductName>, disk: DiskDoc): DiskDoc {
  const next: DiskDoc = { ...disk, InstanceId: null, InstanceIds: [], LastAttachInsId: disk.InstanceId ?? disk.LastAttachInsId, op: null };
  return new DiskStore(ctx).save(next);
}

/** The earliest time something must materialize for this account and region (the sweep in reconcile.ts). */
export interface Schedule {
  at: number;
}

export function noteDue(ctx: ActionContext<ProductName>, at: number | null): void {
  if (at === null) return;
  const col = ctx.as("cbs").docs<Schedule>("schedule");
  const cur = col.get("next");
  if (!cur) col.insert("next", { at });
  else if (at < cur.at) col.update("next", { at });
}
