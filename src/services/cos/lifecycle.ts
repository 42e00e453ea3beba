import type { BlobStore } from "../../platform/blobs/blob-store";
import type { Tx } from "../../platform/store/store";
import { dropBlobs } from "./body";
import type { Bucket } from "./buckets";
import { objectId, objectsIn, type StorageClass } from "./objects";
import { partId, partsOf, partsIn, uploadsIn } from "./uploads";
import { deleteCurrent, versionDocId, versionsIn } from "./versions";
import { many, text } from "./xml";

/**
 * Lifecycle rules applied on the emulator clock: an object under an enabled rule's prefix moves to the
 * transition's storage class once `Days` have passed since it was written, and is deleted once the expiration
 * is due (`Days` after writing, or the `Date`); unfinished multipart uploads are aborted after
 * `DaysAfterInitiation`. In a versioned bucket an expiration leaves a delete marker (the object becomes
 * noncurrent), and noncurrent versions move (NoncurrentVersionTransition) and go (NoncurrentVersionExpiration)
 * `NoncurrentDays` after a newer version replaced them. Like a product's reconcile, it materializes what became
 * due when a request looks.
 */
const DAY = 86_400_000;
const ORDER: StorageClass[] = ["STANDARD", "STANDARD_IA", "INTELLIGENT_TIERING", "ARCHIVE", "DEEP_ARCHIVE"];

interface Rule {
  prefix: string;
  expirationAt?: (written: number) => number;
  transitions: { days: number; storageClass: StorageClass }[];
  abortAfterDays?: number;
  noncurrentExpirationDays?: number;
  noncurrentTransitions: { days: number; storageClass: StorageClass }[];
}

const transitionsOf = (list: unknown, daysField: string) =>
  (many(list) as Record<string, unknown>[])
    .map((t) => ({ days: Number(text(t?.[daysField])), storageClass: String(text(t?.StorageClass) ?? "").toUpperCase() as StorageClass }))
    .filter((t) => t.days >= 0 && ORDER.includes(t.storageClass));

function rulesOf(bucket: Bucket): Rule[] {
  const out: Rule[] = [];
  for (const raw of many(bucket.configs.lifecycle?.Rule) as Record<string, any>[]) {
    if (text(raw?.Status) !== "Enabled") continue;
    const prefix = text(raw.Filter?.Prefix) ?? text(raw.Filter?.And?.Prefix) ?? text(raw.Prefix) ?? "";
    const days = Number(text(raw.Expiration?.Days));
    const date = Date.parse(text(raw.Expiration?.Date) ?? "");
    const expirationAt = days > 0 ? (w: number) => w + days * DAY : Number.isFinite(date) ? () => date : undefined;
    const transitions = transitionsOf(raw.Transition, "Days");
    const abort = Number(text(raw.AbortIncompleteMultipartUpload?.DaysAfterInitiation));
    const noncurrentDays = Number(text(raw.NoncurrentVersionExpiration?.NoncurrentDays));
    out.push({
      prefix,
      expirationAt,
      transitions,
      abortAfterDays: abort > 0 ? abort : undefined,
      noncurrentExpirationDays: noncurrentDays > 0 ? noncurrentDays : undefined,
      noncurrentTransitions: transitionsOf(raw.NoncurrentVersionTransition, "NoncurrentDays"),
    });
  }
  return out;
}

/** Applies the bucket's lifecycle rules as of `now`, in the caller's transaction. */
export async function applyLifecycle(tx: Tx, bucket: Bucket, now: number, blobs: BlobStore, onError: (e: unknown) => void): Promise<void> {
  const rules = rulesOf(bucket);
  if (!rules.length) return;
  const objects = objectsIn(tx, bucket.owner, bucket.region);
  for (const o of await objects.all(bucket.name)) {
    if (o.deleteMarker) continue;
    let expiredAt: number | undefined;
    let storageClass = o.storageClass;
    for (const r of rules) {
      if (!o.key.startsWith(r.prefix)) continue;
      const due = r.expirationAt?.(o.lastModified);
      if (due !== undefined && due <= now) expiredAt = Math.min(expiredAt ?? due, due);
      for (const t of r.transitions) {
        if (o.lastModified + t.days * DAY <= now && ORDER.indexOf(t.storageClass) > ORDER.indexOf(storageClass)) storageClass = t.storageClass;
      }
    }
    if (expiredAt !== undefined && bucket.versioning) {
      // Versioned: the expiration leaves a delete marker, dated when it was due, and the object becomes noncurrent.
      await deleteCurrent(tx, bucket, o.key, expiredAt, blobs, onError);
    } else if (expiredAt !== undefined) {
      await objects.delete(objectId(bucket.name, o.key));
      tx.afterCommit(() => dropBlobs(blobs, o.chunks, onError));
    } else if (storageClass !== o.storageClass) {
      await objects.update(objectId(bucket.name, o.key), { ...o, storageClass }, bucket.name);
    }
  }
  await applyNoncurrent(tx, bucket, rules, now, blobs, onError);
  const aborting = rules.filter((r) => r.abortAfterDays);
  if (!aborting.length) return;
  const uploads = uploadsIn(tx, bucket.owner, bucket.region);
  for (const u of await uploads.all(bucket.name)) {
    if (!aborting.some((r) => u.key.startsWith(r.prefix) && u.initiated + r.abortAfterDays! * DAY <= now)) continue;
    const parts = await partsOf(tx, bucket.owner, bucket.region, u.uploadId);
    for (const p of parts) await partsIn(tx, bucket.owner, bucket.region).delete(partId(u.uploadId, p.partNumber));
    await uploads.delete(u.uploadId);
    tx.afterCommit(() => dropBlobs(blobs, parts.map((p) => p.chunk), onError));
  }
}

/** NoncurrentVersionExpiration and NoncurrentVersionTransition: counted from when a newer version replaced each one. */
async function applyNoncurrent(tx: Tx, bucket: Bucket, rules: Rule[], now: number, blobs: BlobStore, onError: (e: unknown) => void): Promise<void> {
  const relevant = rules.filter((r) => r.noncurrentExpirationDays || r.noncurrentTransitions.length);
  if (!relevant.length) return;
  const versions = versionsIn(tx, bucket.owner, bucket.region);
  for (const v of await versions.all(bucket.name)) {
    const since = v.noncurrentSince ?? v.lastModified;
    let expire = false;
    let storageClass = v.storageClass;
    for (const r of relevant) {
      if (!v.key.startsWith(r.prefix)) continue;
      if (r.noncurrentExpirationDays && since + r.noncurrentExpirationDays * DAY <= now) expire = true;
      if (v.deleteMarker) continue;
      for (const t of r.noncurrentTransitions) {
        if (since + t.days * DAY <= now && ORDER.indexOf(t.storageClass) > ORDER.indexOf(storageClass)) storageClass = t.storageClass;
      }
    }
    const id = versionDocId(bucket.name, v.versionId ?? "null", v.key);
    if (expire) {
      await versions.delete(id);
      if (v.chunks.length) tx.afterCommit(() => dropBlobs(blobs, v.chunks, onError));
    } else if (storageClass !== v.storageClass) {
      await versions.update(id, { ...v, storageClass }, bucket.name);
    }
  }
}
