import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type { BlobStore } from "../../platform/blobs/blob-store";
import { Crc64 } from "./crc64";
import { CosError, cosFail } from "./errors";

/**
 * Object bytes: streamed from the request into the blob store (all or nothing, under `cos/<uuid>`) while
 * counting, hashing (MD5 for the ETag, CRC-64 for x-cos-hash-crc64ecma) and, for encrypted objects,
 * encrypting with AES-256-CTR; streamed back out by byte range, across the chunks of a multipart object.
 * Never held whole in memory.
 */
export interface Chunk {
  blob: string;
  size: number;
  /** AES-256-CTR initial counter (hex) when the object is encrypted. */
  iv?: string;
}

/** Server-side encryption of an object: SSE-COS (AES256) or SSE-KMS (cos/kms, the data key wrapped by a CMK). */
export interface Sse {
  /** SSE-C is kept as "SSE-C": the bytes are AES-256-CTR under the customer's key, which is never stored. */
  algorithm: "AES256" | "cos/kms" | "SSE-C";
  /** SSE-C: base64 MD5 of the customer's key (as x-cos-server-side-encryption-customer-key-MD5 answers it) and a salted SHA-256 that checks the key. */
  customerKeyMd5?: string;
  customerKeyCheck?: string;
  /** SSE-COS: the data key (base64). */
  dataKey?: string;
  /** SSE-KMS: the CMK and the data key's CiphertextBlob. */
  kmsKeyId?: string;
  wrappedKey?: string;
  /** x-cos-server-side-encryption-context (base64 JSON), when given. */
  context?: string;
}

export interface Stored {
  chunk: Chunk;
  md5: Buffer;
  crc64: string;
}

export const newBlobKey = () => `cos/${randomUUID()}`;

/** What every new object takes from the body just stored: size, ETag (the MD5), CRC-64, time. */
export function storedFields(bucket: string, key: string, stored: Stored, now: number) {
  return { bucket, key, size: stored.chunk.size, etag: `"${stored.md5.toString("hex")}"`, crc64: stored.crc64, lastModified: now };
}

/**
 * Streams `source` into a new blob, at most `limit` bytes (EntityTooLarge past it, with nothing kept).
 * `expectedMd5` (Content-MD5, base64) is checked once the last byte is in: BadDigest deletes the blob.
 */
export async function storeBody(
  blobs: BlobStore,
  source: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>,
  o: { limit: number; dataKey?: Buffer; expectedMd5?: Buffer; expectedLength?: number },
): Promise<Stored> {
  const md5 = createHash("md5");
  const crc = new Crc64();
  const iv = o.dataKey ? randomBytes(16) : undefined;
  const cipher = o.dataKey && iv ? createCipheriv("aes-256-ctr", o.dataKey, iv) : undefined;
  let size = 0;
  const counted = (async function* () {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > o.limit) throw new CosError("EntityTooLarge");
      md5.update(chunk);
      crc.update(chunk);
      yield cipher ? cipher.update(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    }
    if (cipher) {
      const rest = cipher.final();
      if (rest.length) yield rest;
    }
  })();
  const blob = newBlobKey();
  await blobs.write(blob, counted);
  const digest = md5.digest();
  const problem =
    o.expectedLength !== undefined && size !== o.expectedLength
      ? new CosError("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.")
      : o.expectedMd5 && !digest.equals(o.expectedMd5)
        ? new CosError("BadDigest")
        : null;
  if (problem) {
    await blobs.delete(blob);
    throw problem;
  }
  return { chunk: { blob, size, ...(iv ? { iv: iv.toString("hex") } : {}) }, md5: digest, crc64: crc.digest() };
}

/** The counter block `blocks` AES blocks after `iv` (128-bit big-endian addition). */
function counterAt(iv: Buffer, blocks: number): Buffer {
  const out = Buffer.from(iv);
  let carry = BigInt(blocks);
  for (let i = 15; i >= 0 && carry > 0n; i--) {
    const sum = BigInt(out[i]) + (carry & 0xffn);
    out[i] = Number(sum & 0xffn);
    carry = (carry >> 8n) + (sum >> 8n);
  }
  return out;
}

/** The plaintext bytes [start, end] of an object's chunks, decrypted when `dataKey` is given. */
export function readBody(blobs: BlobStore, chunks: readonly Chunk[], range: { start: number; end: number }, dataKey?: Buffer): Readable {
  async function* bytes(): AsyncIterable<Buffer> {
    let offset = 0;
    for (const c of chunks) {
      const chunkStart = offset;
      offset += c.size;
      if (offset <= range.start || chunkStart > range.end || c.size === 0) continue;
      const from = Math.max(range.start, chunkStart) - chunkStart;
      const to = Math.min(range.end, offset - 1) - chunkStart;
      if (dataKey && c.iv) {
        const alignedFrom = from - (from % 16);
        const stream = await blobs.read(c.blob, { start: alignedFrom, end: to });
        if (!stream) throw new Error(`blob ${c.blob} is missing`);
        const decipher = createDecipheriv("aes-256-ctr", dataKey, counterAt(Buffer.from(c.iv, "hex"), alignedFrom / 16));
        let skip = from - alignedFrom;
        for await (const part of stream as AsyncIterable<Buffer>) {
          let plain = decipher.update(part);
          if (skip) {
            const n = Math.min(skip, plain.length);
            plain = plain.subarray(n);
            skip -= n;
          }
          if (plain.length) yield plain;
        }
      } else {
        const stream = await blobs.read(c.blob, { start: from, end: to });
        if (!stream) throw new Error(`blob ${c.blob} is missing`);
        yield* stream as AsyncIterable<Buffer>;
      }
    }
  }
  return Readable.from(bytes(), { objectMode: false });
}

/**
 * Opens an object's bytes for an answer: a plain single-blob range is the blob store's own stream (no copy, and a
 * missing blob is known before the status is sent); anything else goes through readBody.
 */
export async function openBody(blobs: BlobStore, chunks: readonly Chunk[], range: { start: number; end: number }, dataKey?: Buffer): Promise<Readable> {
  const used = chunks.filter((c) => c.size > 0);
  if (used.length === 1 && !dataKey) {
    const stream = await blobs.read(used[0].blob, range);
    if (!stream) throw new Error(`blob ${used[0].blob} is missing`);
    return stream;
  }
  return readBody(blobs, chunks, range, dataKey);
}

/** Deletes blobs no document refers to any more (after the transaction that dropped them committed). */
export function dropBlobs(blobs: BlobStore, chunks: readonly Chunk[], onError: (e: unknown) => void): void {
  for (const c of chunks) blobs.delete(c.blob).catch(onError);
}

/** Content-MD5: base64 of 16 bytes, else InvalidDigest. */
export function contentMd5(value: string | undefined): Buffer | undefined {
  if (value === undefined) return undefined;
  const b = Buffer.from(value, "base64");
  if (b.length !== 16 || b.toString("base64") !== value.trim()) cosFail("InvalidDigest");
  return b;
}
