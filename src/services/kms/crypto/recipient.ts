import { createPublicKey } from "node:crypto";
import { pemBody } from "./der";
import { isRsaEncryptionAlgorithm, rsaEncrypt } from "./rsa";
import { sm2Encrypt, sm2PublicKeyFromSpki } from "./sm2";

/**
 * Decrypt, GenerateDataKey, GetDataKeyPlaintext and PostQuantumCryptoDecrypt can answer the plaintext
 * encrypted to a public key the caller sends (EncryptionPublicKey, PEM), so it never crosses the wire in the
 * clear. SM2 answers C1‖C3‖C2 (C1 as 04‖X‖Y), SM2_C1C3C2_ASN1 the ASN.1 form, the RSA schemes RSA ciphertext.
 */
export const RECIPIENT_ALGORITHMS = ["SM2", "SM2_C1C3C2_ASN1", "RSAES_PKCS1_V1_5", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"];

export type Sealed = { ok: true; base64: string } | { ok: false; problem: string };

export function sealForRecipient(plaintext: Buffer, publicKeyPem: string, algorithm = "SM2"): Sealed {
  if (!RECIPIENT_ALGORITHMS.includes(algorithm)) {
    return { ok: false, problem: `EncryptionAlgorithm must be one of ${RECIPIENT_ALGORITHMS.join(", ")}.` };
  }
  const der = pemBody(publicKeyPem);
  if (!der) return { ok: false, problem: "EncryptionPublicKey is not a PEM public key." };
  if (algorithm === "SM2" || algorithm === "SM2_C1C3C2_ASN1") {
    const point = sm2PublicKeyFromSpki(der);
    if (!point) return { ok: false, problem: `EncryptionPublicKey is not an SM2 public key, which ${algorithm} needs.` };
    return { ok: true, base64: sm2Encrypt(point, plaintext, algorithm === "SM2_C1C3C2_ASN1").toString("base64") };
  }
  let key;
  try {
    key = createPublicKey({ key: der, format: "der", type: "spki" });
  } catch {
    return { ok: false, problem: "EncryptionPublicKey is not a valid public key." };
  }
  if (key.asymmetricKeyType !== "rsa" || key.asymmetricKeyDetails?.modulusLength !== 2048) {
    return { ok: false, problem: `EncryptionPublicKey must be an RSA 2048 public key for ${algorithm}.` };
  }
  if (!isRsaEncryptionAlgorithm(algorithm)) return { ok: false, problem: "Unsupported EncryptionAlgorithm." };
  return { ok: true, base64: rsaEncrypt(key, algorithm, plaintext).toString("base64") };
}
