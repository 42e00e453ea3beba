import { randomBytes } from "node:crypto";
import type { Tx } from "../../platform/store/store";
import type { Chunk, Sse } from "./body";
import type { Acl } from "./buckets";
import { cosDocs } from "./context";
import { cosFail } from "./errors";
import type { StorageClass } from "./objects";

/**
 * A multipart upload (id `<upload id>`, parent the bucket) and its parts (id `<upload id>/<number>`, parent
 * the upload). Each part's bytes are a blob; completing the upload makes the parts the object's chunks, in
 * order, without copying a byte.
 */
export interface Upload {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: number;
  storageClass: StorageClass;
  contentType: string;
  headers: Record<string, string>;
  meta: Record<string, string>;
  acl: Acl;
  tags: Record<string, string>;
  sse?: Sse;
  owner: string;
  /** Who initiated it (ListMultipartUploads' Initiator). */
  initiator: string;
}

export interface Part {
  uploadId: string;
  partNumber: number;
  etag: string;
  size: number;
  crc64: string;
  lastModified: number;
  chunk: Chunk;
}

export const MAX_PARTS = 10_000;
/** Every part but the last is at least 1 MB (EntityTooSmall at completion otherwise). */
export const MIN_PART_BYTES = 1024 * 1024;
export const MAX_PART_BYTES = 5 * 1024 ** 3;

export const uploadsIn = (tx: Tx, uin: string, region: string) => cosDocs<Upload>(tx, uin, region, "upload");
export const partsIn = (tx: Tx, uin: string, region: string) => cosDocs<Part>(tx, uin, region, "part");
export const partId = (uploadId: string, n: number) => `${uploadId}/${n}`;

/** Upload ids as COS writes them: the epoch seconds then 64 hexadecimal characters. */
export function newUploadId(nowMs: number): string {
  return `${Math.floor(nowMs / 1000)}${randomBytes(32).toString("hex")}`;
}

/** The upload, in this bucket and for this key, or NoSuchUpload. */
export async function requireUpload(tx: Tx, uin: string, region: string, bucket: string, key: string, uploadId: string | undefined): Promise<Upload> {
  const u = uploadId ? await uploadsIn(tx, uin, region).get(uploadId) : undefined;
  if (!u || u.bucket !== bucket || u.key !== key) cosFail("NoSuchUpload");
  return u;
}

/** The parts of an upload, by number. */
export async function partsOf(tx: Tx, uin: string, region: string, uploadId: string): Promise<Part[]> {
  return (await partsIn(tx, uin, region).all(uploadId)).sort((a, b) => a.partNumber - b.partNumber);
}

export function partNumberOf(value: string | undefined): number {
  if (value === undefined || !/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > MAX_PARTS) {
    cosFail("InvalidArgument", `partNumber must be an integer from 1 to ${MAX_PARTS}.`);
  }
  return Number(value);
}
