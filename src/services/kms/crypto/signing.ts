import { constants, createHash, sign, verify } from "node:crypto";
import { ecdsaSignDigest, ecdsaVerifyDigest, rsaPkcs1SignDigest, rsaPkcs1VerifyDigest, rsaPssSignDigest, rsaPssVerifyDigest } from "./digest-sign";
import { privateKeyObject, publicKeyObject, rawPublicKey, type Family, type Material } from "./material";
import { sm2Sign, sm2Verify } from "./sm2";

/** How each signature algorithm KMS names is computed, and the digest size a DIGEST message must have. */
export const SIGNATURE_SCHEMES = {
  SM2DSA: { families: ["sm2"], digestBytes: 32 },
  ECC_P256_R1: { families: ["p-256"], digestBytes: 32 },
  ECDSA384_SHA384: { families: ["p-384"], digestBytes: 48 },
  RSA_PSS_SHA_256: { families: ["rsa-2048", "rsa-3072"], digestBytes: 32 },
  RSA_PKCS1_SHA_256: { families: ["rsa-2048", "rsa-3072"], digestBytes: 32 },
} as const satisfies Record<string, { families: readonly Family[]; digestBytes: number }>;

export type SignatureAlgorithm = keyof typeof SIGNATURE_SCHEMES;

export const isSignatureAlgorithm = (s: string): s is SignatureAlgorithm => Object.hasOwn(SIGNATURE_SCHEMES, s);

export function algorithmFits(algorithm: SignatureAlgorithm, family: Family): boolean {
  return (SIGNATURE_SCHEMES[algorithm].families as readonly Family[]).includes(family);
}

/** Signs the message (RAW) or a digest of it the caller computed (DIGEST); DER for SM2 and ECDSA. */
export function signData(family: Family, m: Material, algorithm: SignatureAlgorithm, data: Buffer, isDigest: boolean): Buffer {
  switch (algorithm) {
    case "SM2DSA":
      return sm2Sign(m.secret, rawPublicKey(m, 65).toString("hex"), data, isDigest);
    case "ECC_P256_R1":
    case "ECDSA384_SHA384": {
      const curve = family === "p-256" ? "P-256" : "P-384";
      if (isDigest) return ecdsaSignDigest(curve, m.secret, data);
      return sign(curve === "P-256" ? "sha256" : "sha384", data, privateKeyObject(m));
    }
    case "RSA_PKCS1_SHA_256":
      return isDigest ? rsaPkcs1SignDigest(m.secret, data) : sign("sha256", data, privateKeyObject(m));
    case "RSA_PSS_SHA_256":
      if (isDigest) return rsaPssSignDigest(m.secret, data);
      return sign("sha256", data, { key: privateKeyObject(m), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  }
}

export function verifyData(family: Family, m: Material, algorithm: SignatureAlgorithm, data: Buffer, isDigest: boolean, signature: Buffer): boolean {
  try {
    switch (algorithm) {
      case "SM2DSA":
        return sm2Verify(rawPublicKey(m, 65).toString("hex"), data, isDigest, signature);
      case "ECC_P256_R1":
      case "ECDSA384_SHA384": {
        const curve = family === "p-256" ? "P-256" : "P-384";
        const hash = curve === "P-256" ? "sha256" : "sha384";
        const digest = isDigest ? data : createHash(hash).update(data).digest();
        return ecdsaVerifyDigest(curve, publicKeyObject(m), digest, signature);
      }
      case "RSA_PKCS1_SHA_256":
        return isDigest ? rsaPkcs1VerifyDigest(publicKeyObject(m), data, signature) : verify("sha256", data, publicKeyObject(m), signature);
      case "RSA_PSS_SHA_256": {
        const digest = isDigest ? data : createHash("sha256").update(data).digest();
        return rsaPssVerifyDigest(publicKeyObject(m), digest, signature);
      }
    }
  } catch {
    return false;
  }
}
