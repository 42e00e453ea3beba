import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";
import { DiskStore, isBusy } from "./disk-model";
import { deleteSnapshot } from "./lifecycle";
import { insertSnapshot, newSnapshotId, saveSnapshot, snapshots, snapshotState, transferMs, type SnapshotDoc } from "./snapshot-model";
import { takeSnapshot } from "./snapshots";
import { zonesOf } from "../cvm/for-products";

/**
 * The snapshots behind CVM's custom images: CreateImage takes one per disk (or names existing ones), the image
 * keeps them from deletion, DeleteImages lets them go (and deletes them with DeleteBindedSnap), SyncImages copies
 * them to other regions.
 */
type AnyCtx = ActionContext<ProductName>;

export interface ImageSnapshot {
  SnapshotId: string;
  DiskUsage: string;
  DiskSize: number;
  /** When the snapshot is NORMAL (epoch ms): the image is CREATING until then. */
  readyAt: number;
  Encrypt: boolean;
}

const view = (s: SnapshotDoc): ImageSnapshot => ({ SnapshotId: s.SnapshotId, DiskUsage: s.DiskUsage, DiskSize: s.DiskSize, readyAt: s.readyAt, Encrypt: s.Encrypt });

/** Snapshots a disk for an image ("busy" while the disk changes, "rollbacking" during a rollback). */
export async function snapshotDiskForImage(ctx: AnyCtx, diskId: string, image: { ImageId: string; ImageName: string }): Promise<ImageSnapshot | "not-found" | "busy" | "rollbacking"> {
  const d = await new DiskStore(ctx).get(diskId);
  if (!d) return "not-found";
  if (d.op?.kind === "ROLLBACKING" && ctx.now() < d.op.until) return "rollbacking";
  if (isBusy(d, ctx.now())) return "busy";
  const snap = await takeSnapshot(ctx.as("cbs"), d, { name: `${image.ImageName}-${d.DiskUsage === "SYSTEM_DISK" ? "sys" : "data"}`, at: ctx.now(), deadline: null });
  const bound = { ...snap, images: [{ ImageId: image.ImageId, ImageName: image.ImageName }] };
  await saveSnapshot(snapshots(ctx), bound);
  return view(bound);
}

/** Binds an existing snapshot to an image ("creating" while it is still being taken). */
export async function bindSnapshotToImage(ctx: AnyCtx, snapshotId: string, image: { ImageId: string; ImageName: string }): Promise<ImageSnapshot | "not-found" | "creating"> {
  const col = snapshots(ctx);
  const s = await col.get(snapshotId);
  if (!s) return "not-found";
  if (snapshotState(s, ctx.now()) === "CREATING") return "creating";
  await saveSnapshot(col, { ...s, images: [...s.images, { ImageId: image.ImageId, ImageName: image.ImageName }] });
  return view(s);
}

export async function findSnapshot(ctx: AnyCtx, snapshotId: string): Promise<ImageSnapshot | undefined> {
  const s = await snapshots(ctx).get(snapshotId);
  return s ? view(s) : undefined;
}

/** The image is deleted: its snapshots are freed, and deleted too when asked (if nothing else holds them). */
export async function releaseImageSnapshots(ctx: AnyCtx, imageId: string, snapshotIds: readonly string[], deleteThem: boolean): Promise<void> {
  const col = snapshots(ctx);
  for (const id of snapshotIds) {
    const s = await col.get(id);
    if (!s) continue;
    const freed = { ...s, images: s.images.filter((i) => i.ImageId !== imageId) };
    if (deleteThem && !freed.images.length && !freed.shares.length) await deleteSnapshot(ctx, freed);
    else await saveSnapshot(col, freed);
  }
}

/** Copies an image's snapshots to another region of the account (SyncImages), bound to the copy's image id. */
export async function copyImageSnapshots(ctx: AnyCtx, snapshotIds: readonly string[], region: string, image: { ImageId: string; ImageName: string }): Promise<ImageSnapshot[]> {
  const out: ImageSnapshot[] = [];
  const dest = snapshots(ctx, region);
  for (const id of snapshotIds) {
    const s = await snapshots(ctx).get(id);
    if (!s) continue;
    const now = ctx.now();
    const copy: SnapshotDoc = {
      ...s, SnapshotId: await newSnapshotId(dest), createdAt: now, readyAt: now + transferMs(s.DiskSize), copyFromRemote: true, shares: [], copies: [],
      images: [{ ImageId: image.ImageId, ImageName: image.ImageName }], rollbackUntil: null, SnapshotGroupId: null, modifiedAt: now, Zone: zonesOf(region)[0]?.Zone ?? s.Zone,
    };
    await insertSnapshot(dest, copy);
    out.push(view(copy));
  }
  return out;
}
