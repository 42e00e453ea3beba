import { spki } from "./der";

/**
 * Post-quantum keys through @noble/post-quantum (FIPS 203 ML-KEM, FIPS 204 ML-DSA), loaded on first use so
 * start-up stays fast. KMS names them after their round-3 ancestors: Kyber_AES (ML-KEM-768 key
 * encapsulation with AES-256-GCM for the data) and Dilithium (ML-DSA-87: the real service's 4,595-byte
 * Dilithium signatures are NIST level 5).
 */

type MlKem = typeof import("@noble/post-quantum/ml-kem.js").ml_kem768;
type MlDsa = typeof import("@noble/post-quantum/ml-dsa.js").ml_dsa87;

let kem: MlKem | undefined;
let dsa: MlDsa | undefined;

function mlKem(): MlKem {
  return (kem ??= (require("@noble/post-quantum/ml-kem.js") as typeof import("@noble/post-quantum/ml-kem.js")).ml_kem768);
}

function mlDsa(): MlDsa {
  return (dsa ??= (require("@noble/post-quantum/ml-dsa.js") as typeof import("@noble/post-quantum/ml-dsa.js")).ml_dsa87);
}

const ML_KEM_768 = Buffer.from("0609608648016503040402", "hex"); // 2.16.840.1.101.3.4.4.2
const ML_DSA_87 = Buffer.from("0609608648016503040313", "hex"); // 2.16.840.1.101.3.4.3.19

export const KEM_CIPHERTEXT_BYTES = 1088;

export function generateMlKem(): { secretKey: Buffer; publicKey: Buffer } {
  const k = mlKem().keygen();
  return { secretKey: Buffer.from(k.secretKey), publicKey: Buffer.from(k.publicKey) };
}

export function generateMlDsa(): { secretKey: Buffer; publicKey: Buffer } {
  const k = mlDsa().keygen();
  return { secretKey: Buffer.from(k.secretKey), publicKey: Buffer.from(k.publicKey) };
}

export const mlKemSpki = (publicKey: Buffer) => spki([ML_KEM_768], publicKey);
export const mlDsaSpki = (publicKey: Buffer) => spki([ML_DSA_87], publicKey);

export function encapsulate(publicKey: Buffer): { cipherText: Buffer; sharedSecret: Buffer } {
  const r = mlKem().encapsulate(publicKey);
  return { cipherText: Buffer.from(r.cipherText), sharedSecret: Buffer.from(r.sharedSecret) };
}

/** ML-KEM decapsulation; a forged ciphertext yields an unrelated secret (implicit rejection). */
export function decapsulate(cipherText: Buffer, secretKey: Buffer): Buffer {
  return Buffer.from(mlKem().decapsulate(cipherText, secretKey));
}

export function mlDsaSign(secretKey: Buffer, message: Buffer): Buffer {
  return Buffer.from(mlDsa().sign(message, secretKey));
}

export function mlDsaVerify(publicKey: Buffer, message: Buffer, signature: Buffer): boolean {
  try {
    return mlDsa().verify(signature, message, publicKey);
  } catch {
    return false;
  }
}
