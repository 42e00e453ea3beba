import { randomBytes } from "node:crypto";
import type { BlobStore } from "../../platform/blobs/blob-store";
import type { Tx } from "../../platform/store/store";
import { dropBlobs } from "./body";
import type { Bucket } from "./buckets";
import { cosDocs } from "./context";
import { cosFail } from "./errors";
import { findObject, objectId, objectsIn, type CosObject } from "./objects";

/**
 * Versioning. The current version of a key is its object document; with versioning Enabled, what it replaces
 * (or a DELETE retires) is kept as a noncurrent version (id `<bucket>/<version id>/<key>`, parent the bucket), and
 * a DELETE without a version id leaves a delete marker as the current version. Suspended writes the "null"
 * version, replacing a previous "null" one. A bucket that never had versioning keeps no versions at all.
 */
export const versionsIn = (tx: Tx, uin: string, region: string) => cosDocs<CosObject>(tx, uin, region, "version");
export const versionDocId = (bucket: string, versionId: string, key: string) => `${bucket}/${versionId}/${key}`;

/** Version ids as COS writes them: base64 of a long decimal number. */
export function newVersionId(now: number): string {
  return Buffer.from(`${now}${randomBytes(4).readUInt32BE(0)}`).toString("base64").replace(/=+$/, "");
}

type Drop = (chunks: CosObject["chunks"]) => void;

function dropper(tx: Tx, blobs: BlobStore, onError: (e: unknown) => void): Drop {
  return (chunks) => {
    if (chunks.length) tx.afterCommit(() => dropBlobs(blobs, chunks, onError));
  };
}

/** Keeps a retired current version as noncurrent, or drops it when it is the "null" version being replaced. */
async function retire(tx: Tx, bucket: Bucket, previous: CosObject, drop: Drop, keepNull: boolean, now: number): Promise<void> {
  const id = previous.versionId ?? "null";
  if (id === "null" && !keepNull) {
    drop(previous.chunks);
    return;
  }
  await versionsIn(tx, bucket.owner, bucket.region).put(versionDocId(bucket.name, id, previous.key), { ...previous, versionId: id, noncurrentSince: now }, bucket.name);
}

/** Makes `object` the key's current version, the previous one kept or dropped as the bucket's versioning says. */
export async function replaceCurrent(tx: Tx, bucket: Bucket, object: CosObject, now: number, blobs: BlobStore, onError: (e: unknown) => void): Promise<CosObject> {
  const drop = dropper(tx, blobs, onError);
  const previous = await findObject(tx, bucket.owner, bucket.region, bucket.name, object.key);
  let current = object;
  if (bucket.versioning === "Enabled") current = { ...object, versionId: newVersionId(now) };
  else if (bucket.versioning === "Suspended") current = { ...object, versionId: "null" };
  if (previous) {
    const kept = new Set(current.chunks.map((c) => c.blob));
    if (!bucket.versioning) drop(previous.chunks.filter((c) => !kept.has(c.blob)));
    else await retire(tx, bucket, previous, drop, bucket.versioning === "Enabled", now);
  }
  await objectsIn(tx, bucket.owner, bucket.region).put(objectId(bucket.name, object.key), current, bucket.name);
  return current;
}

export interface Deletion {
  deleteMarker?: boolean;
  versionId?: string;
}

/** DELETE without a version id: the object goes (unversioned) or a delete marker becomes current. */
export async function deleteCurrent(tx: Tx, bucket: Bucket, key: string, now: number, blobs: BlobStore, onError: (e: unknown) => void): Promise<Deletion> {
  const drop = dropper(tx, blobs, onError);
  const objects = objectsIn(tx, bucket.owner, bucket.region);
  const previous = await findObject(tx, bucket.owner, bucket.region, bucket.name, key);
  if (!bucket.versioning) {
    if (previous) {
      await objects.delete(objectId(bucket.name, key));
      drop(previous.chunks);
    }
    return {};
  }
  if (previous) await retire(tx, bucket, previous, drop, bucket.versioning === "Enabled", now);
  const versionId = bucket.versioning === "Enabled" ? newVersionId(now) : "null";
  const marker: CosObject = {
    bucket: bucket.name,
    key,
    size: 0,
    etag: "",
    crc64: "0",
    lastModified: now,
    storageClass: "STANDARD",
    contentType: "",
    headers: {},
    meta: {},
    chunks: [],
    acl: { canned: "default", grants: [] },
    tags: {},
    owner: bucket.owner,
    versionId,
    deleteMarker: true,
  };
  await objects.put(objectId(bucket.name, key), marker, bucket.name);
  return { deleteMarker: true, versionId };
}

/** A version by id: the current one or a noncurrent one. */
export async function findVersion(tx: Tx, bucket: Bucket, key: string, versionId: string): Promise<CosObject | undefined> {
  const current = await findObject(tx, bucket.owner, bucket.region, bucket.name, key);
  if (current && (current.versionId ?? "null") === versionId) return current;
  return versionsIn(tx, bucket.owner, bucket.region).get(versionDocId(bucket.name, versionId, key));
}

/**
 * A version a read names (GET ?versionId, a copy source's ?versionId=): a malformed id is InvalidArgument (400),
 * an unknown one NoSuchVersion (404), the S3-compatible answers COS documents; a delete marker is NoSuchKey.
 */
export async function requireVersion(tx: Tx, bucket: Bucket, key: string, versionId: string): Promise<CosObject> {
  if (!/^[A-Za-z0-9+/=_-]{1,128}$/.test(versionId)) cosFail("InvalidArgument", "The version id is not valid.");
  const found = await findVersion(tx, bucket, key, versionId);
  if (!found) cosFail("NoSuchVersion");
  if (found.deleteMarker) cosFail("NoSuchKey");
  return found;
}

/** DELETE ?versionId: that version goes for good; when it was current, the newest remaining version becomes current. */
export async function deleteVersion(tx: Tx, bucket: Bucket, key: string, versionId: string, blobs: BlobStore, onError: (e: unknown) => void): Promise<Deletion> {
  const drop = dropper(tx, blobs, onError);
  const objects = objectsIn(tx, bucket.owner, bucket.region);
  const versions = versionsIn(tx, bucket.owner, bucket.region);
  const current = await findObject(tx, bucket.owner, bucket.region, bucket.name, key);
  if (current && (current.versionId ?? "null") === versionId) {
    await objects.delete(objectId(bucket.name, key));
    drop(current.chunks);
    const older = (await versions.all(bucket.name)).filter((v) => v.key === key).sort((a, b) => b.lastModified - a.lastModified)[0];
    if (older) {
      await versions.delete(versionDocId(bucket.name, older.versionId!, key));
      const { noncurrentSince: _, ...current } = older;
      await objects.put(objectId(bucket.name, key), current, bucket.name);
    }
    return { versionId, deleteMarker: current.deleteMarker };
  }
  const v = await versions.get(versionDocId(bucket.name, versionId, key));
  if (!v) {
    if (!/^[A-Za-z0-9+/=_-]{1,128}$/.test(versionId)) cosFail("InvalidArgument", "The version id is not valid.");
    return { versionId };
  }
  await versions.delete(versionDocId(bucket.name, versionId, key));
  drop(v.chunks);
  return { versionId, deleteMarker: v.deleteMarker };
}

/** Every version of a bucket's keys, current ones flagged, by key then newest first. */
export async function allVersions(tx: Tx, bucket: Bucket): Promise<(CosObject & { isLatest: boolean })[]> {
  const current = (await objectsIn(tx, bucket.owner, bucket.region).all(bucket.name)).map((o) => ({ ...o, isLatest: true }));
  const older = (await versionsIn(tx, bucket.owner, bucket.region).all(bucket.name)).map((o) => ({ ...o, isLatest: false }));
  return [...current, ...older].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.isLatest !== b.isLatest ? (a.isLatest ? -1 : 1) : b.lastModified - a.lastModified));
}

export async function countVersions(tx: Tx, bucket: Bucket): Promise<number> {
  return versionsIn(tx, bucket.owner, bucket.region).count(bucket.name);
}
