import type { ProductName } from "../../errors/catalog";
import { Agenda, type Due } from "../../platform/agenda";
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
export async function destroyDisk(ctx: ActionContext<ProductName>, disk: DiskDoc, deleteSnapshots: boolean): Promise<void> {
  const store = new DiskStore(ctx);
  if (disk.KmsKeyId) await unbindKeyFromResource(ctx.as("cbs"), disk.KmsKeyId, "cbs", disk.DiskId);
  const pol = policies(ctx);
  for (const id of disk.AutoSnapshotPolicyIds) {
    const p = await pol.get(id);
    if (p) await pol.update(id, { ...p, DiskIdSet: p.DiskIdSet.filter((d) => d !== disk.DiskId) });
  }
  const backups = ctx.as("cbs").docs<{ DiskBackupId: string }>("backup");
  for (const b of await backups.all(disk.DiskId)) await backups.delete(b.DiskBackupId);
  if (deleteSnapshots) {
    const snaps = snapshots(ctx);
    for (const s of await snaps.all(disk.DiskId)) if (!s.IsPermanent && !s.images.length && !s.shares.length) await deleteSnapshot(ctx, s);
  }
  await store.delete(disk.DiskId);
}

/** Removes a snapshot and the share pointers other accounts hold to it. */
export async function deleteSnapshot(ctx: ActionContext<ProductName>, snap: SnapshotDoc): Promise<void> {
  for (const share of snap.shares) await sharedWith(ctx, share.AccountId, ctx.region).delete(snap.SnapshotId);
  await snapshots(ctx).delete(snap.SnapshotId);
}

/** Detaches a disk at once (the instance is going away): no DETACHING phase. */
export function releaseFromInstance(ctx: ActionContext<ProductName>, disk: DiskDoc): Promise<DiskDoc> {
  const next: DiskDoc = { ...disk, InstanceId: null, InstanceIds: [], LastAttachInsId: disk.InstanceId ?? disk.LastAttachInsId, op: null };
  return new DiskStore(ctx).save(next);
}

/** The earliest time something must materialize for this account and region (the sweep in reconcile.ts). */
export const schedule = (ctx: ActionContext<ProductName>) => new Agenda(ctx.as("cbs").docs<Due>("schedule"));

export function noteDue(ctx: ActionContext<ProductName>, at: number | null): Promise<void> {
  return schedule(ctx).expect(at);
}
