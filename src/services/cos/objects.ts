import type { Tx } from "../../platform/store/store";
import type { Acl } from "./buckets";
import { cosDocs } from "./context";
import { cosFail } from "./errors";
import type { Chunk, Sse } from "./body";

/**
 * An object: its metadata in one document (id `<bucket>/<key>`, parent the bucket), its bytes in one or more
 * blobs (`chunks`: one for a simple upload, the parts of a multipart upload in order, never copied).
 */
export interface CosObject {
  bucket: string;
  key: string;
  size: number;
  /** With its double quotes, as the ETag header carries it. */
  etag: string;
  /** CRC-64/ECMA of the whole body, decimal. */
  crc64: string;
  lastModified: number;
  storageClass: StorageClass;
  contentType: string;
  /** Cache-Control, Content-Disposition, Content-Encoding, Content-Language, Expires as the client set them. */
  headers: Record<string, string>;
  /** x-cos-meta-* (names lowercased, without the prefix). */
  meta: Record<string, string>;
  chunks: Chunk[];
  sse?: Sse;
  acl: Acl;
  tags: Record<string, string>;
  /** Created by AppendObject: further appends are allowed at `size`. */
  appendable?: boolean;
  /** Archive classes: a temporary copy readable from readyAt until expiresAt (emulator time, ms). */
  restore?: { readyAt: number; expiresAt: number };
  owner: string;
  /** With versioning: this version's id ("null" for the version written while suspended). */
  versionId?: string;
  /** A delete marker: the key's current version says it was deleted. */
  deleteMarker?: boolean;
  /** A noncurrent version: when a newer one replaced it (emulator time, ms), what NoncurrentDays count from. */
  noncurrentSince?: number;
}

export const STORAGE_CLASSES = ["STANDARD", "STANDARD_IA", "ARCHIVE", "DEEP_ARCHIVE", "INTELLIGENT_TIERING", "MAZ_STANDARD", "MAZ_STANDARD_IA", "MAZ_INTELLIGENT_TIERING"] as const;
export type StorageClass = (typeof STORAGE_CLASSES)[number];
export const ARCHIVE_CLASSES: readonly StorageClass[] = ["ARCHIVE", "DEEP_ARCHIVE"];

/** Object keys are at most 850 bytes of UTF-8 (COS's documented limit). */
export const MAX_KEY_BYTES = 850;
/** A single PUT carries at most 5 GB. */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;

export const objectsIn = (tx: Tx, uin: string, region: string) => cosDocs<CosObject>(tx, uin, region, "object");
export const objectId = (bucket: string, key: string) => `${bucket}/${key}`;

export function checkKey(key: string): void {
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) cosFail("KeyTooLong", `Your key is too long: ${Buffer.byteLength(key)} bytes, at most ${MAX_KEY_BYTES}.`);
}

export function storageClassOf(value: string | undefined): StorageClass {
  if (value === undefined || value === "") return "STANDARD";
  const v = value.toUpperCase();
  if (!(STORAGE_CLASSES as readonly string[]).includes(v)) cosFail("InvalidArgument", `The storage class ${value} is invalid.`);
  return v as StorageClass;
}

export async function findObject(tx: Tx, uin: string, region: string, bucket: string, key: string): Promise<CosObject | undefined> {
  return objectsIn(tx, uin, region).get(objectId(bucket, key));
}

/** The key's current version, or NoSuchKey (also when the current version is a delete marker). */
export async function requireObject(tx: Tx, uin: string, region: string, bucket: string, key: string): Promise<CosObject> {
  const o = await findObject(tx, uin, region, bucket, key);
  if (!o || o.deleteMarker) cosFail("NoSuchKey");
  return o;
}

/** Every object of a bucket, by key (UTF-16 code-unit order, which is byte order for keys without astral characters). */
export async function allObjects(tx: Tx, uin: string, region: string, bucket: string): Promise<CosObject[]> {
  const all = (await objectsIn(tx, uin, region).all(bucket)).filter((o) => !o.deleteMarker);
  return all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export interface Listing<T> {
  contents: T[];
  commonPrefixes: string[];
  truncated: boolean;
  nextMarker: string;
}

/** GET Bucket's paging: keys after `marker` under `prefix`, rolled up at `delimiter`, at most maxKeys entries. */
export function listKeys<T extends { key: string }>(sorted: readonly T[], o: { prefix: string; delimiter: string; marker: string; maxKeys: number }): Listing<T> {
  const contents: T[] = [];
  const prefixes: string[] = [];
  let last = "";
  let truncated = false;
  for (const item of sorted) {
    if (item.key <= o.marker || !item.key.startsWith(o.prefix)) continue;
    let entry: string | null = null;
    if (o.delimiter) {
      const at = item.key.indexOf(o.delimiter, o.prefix.length);
      if (at >= 0) entry = item.key.slice(0, at + o.delimiter.length);
    }
    // A rolled-up prefix returned on an earlier page (the marker) or already on this one is not repeated.
    if (entry !== null && (entry <= o.marker || entry === prefixes[prefixes.length - 1])) continue;
    if (contents.length + prefixes.length >= o.maxKeys) {
      truncated = true;
      break;
    }
    if (entry !== null) prefixes.push(entry);
    else contents.push(item);
    last = entry ?? item.key;
  }
  return { contents, commonPrefixes: prefixes, truncated, nextMarker: truncated ? last : "" };
}
