import { createCipheriv, createDecipheriv } from "node:crypto";
import { pooledRandomBytes } from "../../../platform/ids";

/**
 * The CiphertextBlob format. Like the real service's blobs it is three base64 parts joined by "-k-":
 *
 *   base64(header) -k- base64(iv, or KEM ciphertext ‖ iv) -k- base64(AES-256-GCM ciphertext ‖ tag)
 *
 * The header names the key, its version and the owner (account and region) so Decrypt finds the key from
 * the blob alone; it is not secret but it is authenticated: the GCM additional data is the header followed
 * by the canonical encryption context, so a changed byte anywhere, another context, or another account's
 * blob does not decrypt.
 */

const SEPARATOR = "-k-";
const FORMAT_SYMMETRIC = 1;
const FORMAT_POST_QUANTUM = 2;

export interface BlobHeader {
  /** Symmetric CMK (AES-256-GCM under the version's key) or Kyber_AES (ML-KEM-768 + AES-256-GCM). */
  kind: "symmetric" | "post-quantum";
  keyId: string;
  version: number;
  uin: string;
  region: string;
}

export interface ParsedBlob {
  header: BlobHeader;
  headerBytes: Buffer;
  middle: Buffer;
  sealed: Buffer;
}

function encodeHeader(h: BlobHeader): Buffer {
  const uin = Buffer.from(h.uin, "ascii");
  const region = Buffer.from(h.region, "ascii");
  const out = Buffer.alloc(1 + 16 + 4 + 1 + uin.length + 1 + region.length);
  let pos = out.writeUInt8(h.kind === "symmetric" ? FORMAT_SYMMETRIC : FORMAT_POST_QUANTUM, 0);
  pos += Buffer.from(h.keyId.replace(/-/g, ""), "hex").copy(out, pos);
  pos = out.writeUInt32BE(h.version, pos);
  pos = out.writeUInt8(uin.length, pos);
  pos += uin.copy(out, pos);
  pos = out.writeUInt8(region.length, pos);
  region.copy(out, pos);
  return out;
}

function decodeHeader(b: Buffer): BlobHeader | null {
  if (b.length < 23 || (b[0] !== FORMAT_SYMMETRIC && b[0] !== FORMAT_POST_QUANTUM)) return null;
  const hex = b.subarray(1, 17).toString("hex");
  const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const version = b.readUInt32BE(17);
  const uinLength = b[21];
  if (22 + uinLength + 1 > b.length) return null;
  const uin = b.subarray(22, 22 + uinLength).toString("ascii");
  const regionLength = b[22 + uinLength];
  if (23 + uinLength + regionLength !== b.length) return null;
  const region = b.subarray(23 + uinLength).toString("ascii");
  return { kind: b[0] === FORMAT_SYMMETRIC ? "symmetric" : "post-quantum", keyId, version, uin, region };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 (the real service rejects what is not): the bytes, or null. */
export function decodeBase64(text: string): Buffer | null {
  return typeof text === "string" && BASE64.test(text) ? Buffer.from(text, "base64") : null;
}

/** The parts of a blob, or null when the text is not one (malformed, not base64, unknown header). */
export function parseBlob(text: string): ParsedBlob | null {
  if (typeof text !== "string") return null;
  const parts = text.split(SEPARATOR);
  if (parts.length !== 3) return null;
  const [headerBytes, middle, sealed] = parts.map(decodeBase64);
  if (!headerBytes || !middle || !sealed || sealed.length < 16) return null;
  const header = decodeHeader(headerBytes);
  return header ? { header, headerBytes, middle, sealed } : null;
}

function formatBlob(headerBytes: Buffer, middle: Buffer, sealed: Buffer): string {
  return [headerBytes, middle, sealed].map((b) => b.toString("base64")).join(SEPARATOR);
}

function gcmSeal(key: Buffer, iv: Buffer, aad: Buffer, plaintext: Buffer): Buffer {
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad);
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function gcmOpen(key: Buffer, iv: Buffer, aad: Buffer, sealed: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
  } catch {
    return null;
  }
}

/** Encrypts under a symmetric CMK version's 32-byte key. */
export function sealSymmetric(key: Buffer, header: Omit<BlobHeader, "kind">, context: Buffer, plaintext: Buffer): string {
  const headerBytes = encodeHeader({ ...header, kind: "symmetric" });
  const iv = pooledRandomBytes(12);
  return formatBlob(headerBytes, iv, gcmSeal(key, iv, Buffer.concat([headerBytes, context]), plaintext));
}

export function openSymmetric(key: Buffer, blob: ParsedBlob, context: Buffer): Buffer | null {
  if (blob.middle.length !== 12) return null;
  return gcmOpen(key, blob.middle, Buffer.concat([blob.headerBytes, context]), blob.sealed);
}

/** Encrypts with a Kyber_AES key: the KEM's shared secret is the AES-256-GCM key. */
export function sealPostQuantum(kemCipherText: Buffer, sharedSecret: Buffer, header: Omit<BlobHeader, "kind">, plaintext: Buffer): string {
  const headerBytes = encodeHeader({ ...header, kind: "post-quantum" });
  const iv = pooledRandomBytes(12);
  return formatBlob(headerBytes, Buffer.concat([kemCipherText, iv]), gcmSeal(sharedSecret, iv, headerBytes, plaintext));
}

export function splitPostQuantum(blob: ParsedBlob, kemBytes: number): { kemCipherText: Buffer; iv: Buffer } | null {
  if (blob.middle.length !== kemBytes + 12) return null;
  return { kemCipherText: blob.middle.subarray(0, kemBytes), iv: blob.middle.subarray(kemBytes) };
}

export function openPostQuantum(sharedSecret: Buffer, blob: ParsedBlob, iv: Buffer): Buffer | null {
  return gcmOpen(sharedSecret, iv, blob.headerBytes, blob.sealed);
}
