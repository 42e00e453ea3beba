import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { generateMlDsa, generateMlKem, mlDsaSpki, mlKemSpki } from "./pqc";
import { generateSm2, sm2Spki } from "./sm2";

/** The kinds of key material a CMK version holds. */
export type Family = "aes-256" | "rsa-2048" | "rsa-3072" | "sm2" | "p-256" | "p-384" | "ml-kem-768" | "ml-dsa-87";

/**
 * One version's material as stored (never answered): the secret (AES key and ML-KEM/ML-DSA secret keys in
 * base64, RSA and EC private keys as PKCS#8 PEM, SM2 private keys as hex) and, for asymmetric keys, the
 * public key as SubjectPublicKeyInfo DER in base64.
 */
export interface Material {
  secret: string;
  publicKey?: string;
}

export function generateMaterial(family: Family): Material {
  switch (family) {
    case "aes-256":
      return { secret: randomBytes(32).toString("base64") };
    case "rsa-2048":
    case "rsa-3072":
      return nodePair(generateKeyPairSync("rsa", { modulusLength: family === "rsa-2048" ? 2048 : 3072 }));
    case "p-256":
    case "p-384":
      return nodePair(generateKeyPairSync("ec", { namedCurve: family === "p-256" ? "P-256" : "P-384" }));
    case "sm2": {
      const kp = generateSm2();
      return { secret: kp.privateKey, publicKey: sm2Spki(kp.publicKey).toString("base64") };
    }
    case "ml-kem-768": {
      const kp = generateMlKem();
      return { secret: kp.secretKey.toString("base64"), publicKey: mlKemSpki(kp.publicKey).toString("base64") };
    }
    case "ml-dsa-87": {
      const kp = generateMlDsa();
      return { secret: kp.secretKey.toString("base64"), publicKey: mlDsaSpki(kp.publicKey).toString("base64") };
    }
  }
}

function nodePair(kp: { privateKey: KeyObject; publicKey: KeyObject }): Material {
  return {
    secret: kp.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey: kp.publicKey.export({ type: "spki", format: "der" }).toString("base64"),
  };
}

export const secretBytes = (m: Material) => Buffer.from(m.secret, "base64");

export const publicKeyDer = (m: Material) => Buffer.from(m.publicKey ?? "", "base64");

/** The raw public key inside the SubjectPublicKeyInfo (SM2 04‖X‖Y, ML-KEM/ML-DSA key bytes). */
export function rawPublicKey(m: Material, length: number): Buffer {
  const der = publicKeyDer(m);
  return der.subarray(der.length - length);
}

export const privateKeyObject = (m: Material) => createPrivateKey(m.secret);

export const publicKeyObject = (m: Material) => createPublicKey({ key: publicKeyDer(m), format: "der", type: "spki" });
