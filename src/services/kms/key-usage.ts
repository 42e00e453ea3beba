import type { Family } from "./crypto/material";

/**
 * Every KeyUsage CreateKey accepts, what the key can do and the material behind it. Symmetric keys are
 * AES-256 (tclocal serves every region as a FIPS 140-2 region; the real mainland regions use SM4).
 */
export const KEY_USAGES = {
  ENCRYPT_DECRYPT: { family: "aes-256", role: "symmetric", algorithm: "AES_256" },
  ASYMMETRIC_DECRYPT_RSA_2048: { family: "rsa-2048", role: "decrypt", algorithm: "RSA_2048" },
  ASYMMETRIC_DECRYPT_SM2: { family: "sm2", role: "decrypt", algorithm: "SM2" },
  ASYMMETRIC_Encrypt_Decrypt_Kyber_AES: { family: "ml-kem-768", role: "pqc-encrypt", algorithm: "Kyber_AES" },
  ASYMMETRIC_SIGN_VERIFY_SM2: { family: "sm2", role: "sign", algorithm: "SM2" },
  ASYMMETRIC_SIGN_VERIFY_RSA_2048: { family: "rsa-2048", role: "sign", algorithm: "RSA_2048" },
  ASYMMETRIC_SIGN_VERIFY_ECC: { family: "p-256", role: "sign", algorithm: "ECC" },
  ASYMMETRIC_SIGN_VERIFY_ECDSA384: { family: "p-384", role: "sign", algorithm: "ECDSA384_SHA384" },
  ASYMMETRIC_SIGN_VERIFY_RSA_3072: { family: "rsa-3072", role: "sign", algorithm: "RSA_3072" },
  ASYMMETRIC_SIGN_VERIFY_DILITHIUM: { family: "ml-dsa-87", role: "pqc-sign", algorithm: "Dilithium" },
} as const satisfies Record<string, { family: Family; role: KeyRole; algorithm: string }>;

export type KeyRole = "symmetric" | "decrypt" | "sign" | "pqc-encrypt" | "pqc-sign";
export type KeyUsage = keyof typeof KEY_USAGES;

export const isKeyUsage = (s: string): s is KeyUsage => Object.hasOwn(KEY_USAGES, s);

export const usageInfo = (u: KeyUsage) => KEY_USAGES[u] as { family: Family; role: KeyRole; algorithm: string };

/** ListAlgorithms: what this region supports, grouped as the API groups them. */
export function algorithmsByGroup(): Record<"symmetric" | "asymmetric" | "signVerify", { KeyUsage: string; Algorithm: string }[]> {
  const out = { symmetric: [] as { KeyUsage: string; Algorithm: string }[], asymmetric: [] as { KeyUsage: string; Algorithm: string }[], signVerify: [] as { KeyUsage: string; Algorithm: string }[] };
  for (const [usage, info] of Object.entries(KEY_USAGES)) {
    const entry = { KeyUsage: usage, Algorithm: info.algorithm };
    if (info.role === "symmetric") out.symmetric.push(entry);
    else if (info.role === "decrypt" || info.role === "pqc-encrypt") out.asymmetric.push(entry);
    else out.signVerify.push(entry);
  }
  return out;
}
