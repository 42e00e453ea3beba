import { findCmk, versionOf, type Cmk } from "./cmk";
import { requireDecryptable, requireEncryptable, requireRole } from "./cmk-state";
import { decodeBase64, openSymmetric, parseBlob, sealSymmetric, type BlobHeader, type ParsedBlob } from "./crypto/envelope";
import { secretBytes } from "./crypto/material";
import { sealForRecipient } from "./crypto/recipient";
import type { Ctx } from "./formats";

/** Envelope encryption under symmetric CMKs, shared by Encrypt, Decrypt, ReEncrypt and the data-key actions. */

export const MAX_PLAINTEXT = 4096;

export function invalidCiphertext(ctx: Ctx, why: string): never {
  ctx.fail("InvalidParameterValue.InvalidCiphertext", { en: `The ciphertext is invalid: ${why}`, zh: `密文格式错误：${why}` });
}

/** A Plaintext member: base64 of 1 to 4096 bytes (InvalidPlaintext otherwise). */
export function plaintextOf(ctx: Ctx, value: string, member = "Plaintext"): Buffer {
  const bytes = decodeBase64(value);
  if (!bytes || bytes.length === 0 || bytes.length > MAX_PLAINTEXT) {
    ctx.fail("InvalidParameterValue.InvalidPlaintext", {
      en: `${member} must be base64 of 1 to ${MAX_PLAINTEXT} bytes.`,
      zh: `${member} 必须是 base64 编码且原文长度为 1-${MAX_PLAINTEXT} 字节。`,
    });
  }
  return bytes;
}

/** Encrypts under the key's current version; the key must be a usable symmetric key. */
export async function encryptUnder(ctx: Ctx, cmk: Cmk, plaintext: Buffer, context: Buffer): Promise<string> {
  requireRole(ctx, cmk, "symmetric");
  requireEncryptable(ctx, cmk);
  const version = await versionOf(ctx, cmk.keyId, cmk.currentVersion);
  if (!version) throw new Error(`CMK ${cmk.keyId} has no material for version ${cmk.currentVersion}`);
  return sealSymmetric(secretBytes(version), { keyId: cmk.keyId, version: version.version, uin: ctx.caller.uin, region: ctx.region }, context, plaintext);
}

/**
 * Finds the key from the blob alone and decrypts. A blob of another account or region, a tampered one, or
 * another encryption context is InvalidCiphertext; the account's own key that is gone is CmkNotFound.
 */
/**
 * The blob's key, found from the blob alone: a blob of another account or region, or not a blob of this
 * kind, is InvalidCiphertext; the account's own key that is gone is CmkNotFound; the key must decrypt.
 */
export async function keyOfBlob(ctx: Ctx, text: string, kind: BlobHeader["kind"], producedBy: string): Promise<{ cmk: Cmk; blob: ParsedBlob }> {
  const blob = parseBlob(text);
  if (!blob || blob.header.kind !== kind) invalidCiphertext(ctx, `it is not a CiphertextBlob that ${producedBy} returned.`);
  const { header } = blob;
  if (header.uin !== ctx.caller.uin || header.region !== ctx.region) {
    invalidCiphertext(ctx, `it was not encrypted by a CMK of this account in ${ctx.region}.`);
  }
  const cmk = await findCmk(ctx, header.keyId);
  if (!cmk) ctx.fail("ResourceUnavailable.CmkNotFound", { en: `The CMK (${header.keyId}) that encrypted this ciphertext does not exist.`, zh: `加密该密文的 CMK (${header.keyId}) 不存在。` });
  ctx.touch(cmk.keyId);
  requireDecryptable(ctx, cmk);
  return { cmk, blob };
}

/** Decrypts a symmetric blob; altered bytes or another EncryptionContext are InvalidCiphertext. */
export async function decryptBlob(ctx: Ctx, text: string, context: Buffer): Promise<{ cmk: Cmk; plaintext: Buffer; blob: ParsedBlob }> {
  const { cmk, blob } = await keyOfBlob(ctx, text, "symmetric", "Encrypt or GenerateDataKey");
  const version = await versionOf(ctx, cmk.keyId, blob.header.version);
  const plaintext = version ? openSymmetric(secretBytes(version), blob, context) : null;
  if (!plaintext) invalidCiphertext(ctx, "it was altered, or the EncryptionContext differs from the one used to encrypt.");
  return { cmk, plaintext, blob };
}

/** The Plaintext a response carries: base64, or sealed to the caller's EncryptionPublicKey. */
export function plaintextForCaller(ctx: Ctx, plaintext: Buffer, publicKeyPem: string | undefined, algorithm: string | undefined): string {
  if (!publicKeyPem) return plaintext.toString("base64");
  const sealed = sealForRecipient(plaintext, publicKeyPem, algorithm || "SM2");
  if (!sealed.ok) ctx.fail("InvalidParameter", { en: sealed.problem, zh: `EncryptionPublicKey 或 EncryptionAlgorithm 不合法：${sealed.problem}` });
  return sealed.base64;
}
