import { sm2 } from "sm-crypto-v2";
import { parseSpki, spki } from "./der";

/**
 * SM2 (GB/T 32918) through sm-crypto-v2: Node's OpenSSL can generate SM2 keys but does not apply the SM2
 * distinguishing ID when signing, so its signatures do not interoperate. Public keys are 04‖X‖Y (hex).
 */

const EC_PUBLIC_KEY = Buffer.from("06072a8648ce3d0201", "hex"); // 1.2.840.10045.2.1
const SM2_CURVE = Buffer.from("06082a811ccf5501822d", "hex"); // 1.2.156.10197.1.301

/** The default user ID GB/T 35276 names for SM2 signatures. */
export const SM2_USER_ID = "1234567812345678";

export function generateSm2(): { privateKey: string; publicKey: string } {
  const kp = sm2.generateKeyPairHex();
  return { privateKey: kp.privateKey, publicKey: kp.publicKey };
}

export function sm2Spki(publicKeyHex: string): Buffer {
  return spki([EC_PUBLIC_KEY, SM2_CURVE], Buffer.from(publicKeyHex, "hex"));
}

/** The 04‖X‖Y hex of an SM2 SubjectPublicKeyInfo, or null when the DER is not an SM2 public key. */
export function sm2PublicKeyFromSpki(der: Buffer): string | null {
  const info = parseSpki(der);
  if (!info || !info.oids.some((o) => o.equals(SM2_CURVE.subarray(2))) || info.key.length !== 65 || info.key[0] !== 4) return null;
  return sm2.verifyPublicKey(info.key.toString("hex")) ? info.key.toString("hex") : null;
}

const bytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.length);

/** The value signed: SM3(Z_A ‖ M), 32 bytes. */
export function sm2Digest(message: Buffer, publicKeyHex: string): Buffer {
  return Buffer.from(sm2.getHash(bytes(message), publicKeyHex, SM2_USER_ID), "hex");
}

/** A DER signature over the message (RAW) or over e = SM3(Z_A ‖ M) the caller computed (DIGEST). */
export function sm2Sign(privateKeyHex: string, publicKeyHex: string, data: Buffer, isDigest: boolean): Buffer {
  const e = isDigest ? data : sm2Digest(data, publicKeyHex);
  return Buffer.from(sm2.doSignature(bytes(e), privateKeyHex, { der: true, hash: false }), "hex");
}

export function sm2Verify(publicKeyHex: string, data: Buffer, isDigest: boolean, signature: Buffer): boolean {
  const e = isDigest ? data : sm2Digest(data, publicKeyHex);
  try {
    return sm2.doVerifySignature(bytes(e), signature.toString("hex"), publicKeyHex, { der: true, hash: false });
  } catch {
    return false;
  }
}

/** SM2 encryption, C1‖C3‖C2 with C1 as an uncompressed point (04‖X‖Y), or its ASN.1 form. */
export function sm2Encrypt(publicKeyHex: string, plaintext: Buffer, asn1: boolean): Buffer {
  const hex = sm2.doEncrypt(bytes(plaintext), publicKeyHex, 1, { asn1 });
  return Buffer.from(asn1 ? hex : "04" + hex, "hex");
}

/** Decrypts C1C3C2_ASN1 ciphertext; null when it does not decrypt (the library answers an empty result). */
export function sm2DecryptAsn1(privateKeyHex: string, ciphertext: Buffer): Buffer | null {
  if (ciphertext.length < 2 || ciphertext[0] !== 0x30) return null;
  try {
    const out = sm2.doDecrypt(ciphertext.toString("hex"), privateKeyHex, 1, { output: "array", asn1: true });
    return out.length ? Buffer.from(out) : null;
  } catch {
    return null;
  }
}
