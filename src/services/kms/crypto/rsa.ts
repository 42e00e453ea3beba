import { constants, privateDecrypt, publicEncrypt, type KeyLike } from "node:crypto";

/** The RSA encryption schemes KMS names, for AsymmetricRsaDecrypt, key-material import and recipient keys. */
export const RSA_ENCRYPTION_ALGORITHMS = ["RSAES_PKCS1_V1_5", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"] as const;
export type RsaEncryptionAlgorithm = (typeof RSA_ENCRYPTION_ALGORITHMS)[number];

export const isRsaEncryptionAlgorithm = (s: unknown): s is RsaEncryptionAlgorithm =>
  (RSA_ENCRYPTION_ALGORITHMS as readonly unknown[]).includes(s);

export function rsaEncrypt(key: KeyLike, algorithm: RsaEncryptionAlgorithm, plaintext: Buffer): Buffer {
  if (algorithm === "RSAES_PKCS1_V1_5") return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, plaintext);
  const oaepHash = algorithm === "RSAES_OAEP_SHA_1" ? "sha1" : "sha256";
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, plaintext);
}

/**
 * RSA decryption; null when the ciphertext does not decrypt. Node 20 refuses PKCS#1 v1.5 private decryption
 * (CVE-2023-46809), so that scheme is unpadded here from the raw RSA result (RFC 8017 §7.2.2).
 */
export function rsaDecrypt(key: KeyLike, algorithm: RsaEncryptionAlgorithm, ciphertext: Buffer): Buffer | null {
  try {
    if (algorithm !== "RSAES_PKCS1_V1_5") {
      const oaepHash = algorithm === "RSAES_OAEP_SHA_1" ? "sha1" : "sha256";
      return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, ciphertext);
    }
    const em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, ciphertext);
    if (em[0] !== 0 || em[1] !== 2) return null;
    const sep = em.indexOf(0, 2);
    if (sep < 10) return null; // at least 8 bytes of non-zero padding
    return Buffer.from(em.subarray(sep + 1));
  } catch {
    return null;
  }
}
