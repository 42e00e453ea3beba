import { requireCmk, versionOf, type Cmk, type KeyVersion } from "../cmk";
import { requireEnabled, requireEncryptable, requireRole } from "../cmk-state";
import { pem } from "../crypto/der";
import { decodeBase64, openPostQuantum, sealPostQuantum, splitPostQuantum } from "../crypto/envelope";
import { privateKeyObject, publicKeyDer, rawPublicKey, secretBytes } from "../crypto/material";
import { decapsulate, encapsulate, KEM_CIPHERTEXT_BYTES, mlDsaSign, mlDsaVerify } from "../crypto/pqc";
import { isRsaEncryptionAlgorithm, rsaDecrypt, RSA_ENCRYPTION_ALGORITHMS, type RsaEncryptionAlgorithm } from "../crypto/rsa";
import { algorithmFits, isSignatureAlgorithm, signData, SIGNATURE_SCHEMES, verifyData, type SignatureAlgorithm } from "../crypto/signing";
import { sm2DecryptAsn1 } from "../crypto/sm2";
import { keyIdOf, type Ctx } from "../formats";
import { usageInfo } from "../key-usage";
import { invalidCiphertext, keyOfBlob, MAX_PLAINTEXT, plaintextForCaller, plaintextOf } from "../symmetric";
import type { KmsHandlers } from "./types";

/** Asymmetric keys (RSA, SM2, ECC) and the post-quantum ones (Kyber_AES, Dilithium). */

const ML_KEM_768_PUBLIC_BYTES = 1184;
const ML_DSA_87_PUBLIC_BYTES = 2592;

async function current(ctx: Ctx, cmk: Cmk): Promise<KeyVersion> {
  const v = await versionOf(ctx, cmk.keyId, cmk.currentVersion);
  if (!v) throw new Error(`CMK ${cmk.keyId} has no material for version ${cmk.currentVersion}`);
  return v;
}

function bytesOf(ctx: Ctx, value: string, member: string, code: "InvalidParameter" | "InvalidParameterValue" = "InvalidParameter"): Buffer {
  const bytes = decodeBase64(value);
  if (!bytes || bytes.length === 0) ctx.fail(code, { en: `${member} must be non-empty base64.`, zh: `${member} 必须是非空的 base64 编码。` });
  return bytes;
}

function decryptionFailed(ctx: Ctx, cmk: Cmk): never {
  ctx.fail("FailedOperation.DecryptError", {
    en: `The ciphertext does not decrypt with the CMK (${cmk.keyId}): it was not encrypted with its public key, or with another algorithm.`,
    zh: `使用 CMK (${cmk.keyId}) 解密失败。`,
  });
}

function rsaAlgorithmOf(ctx: Ctx, value: string): RsaEncryptionAlgorithm {
  if (!isRsaEncryptionAlgorithm(value)) {
    ctx.fail("InvalidParameter", { en: `Algorithm must be one of ${RSA_ENCRYPTION_ALGORITHMS.join(", ")}.`, zh: `Algorithm 取值为 ${RSA_ENCRYPTION_ALGORITHMS.join("、")}。` });
  }
  return value;
}

interface SignInput {
  KeyId: string;
  Message: string;
  Algorithm: string;
  MessageType?: string;
}

/** The checks SignByAsymmetricKey and VerifyByAsymmetricKey share, in the order the API applies them. */
async function signingRequest(ctx: Ctx, req: SignInput): Promise<{ cmk: Cmk; version: KeyVersion; algorithm: SignatureAlgorithm; data: Buffer; isDigest: boolean }> {
  keyIdOf(ctx, req.KeyId);
  const type = req.MessageType ?? "RAW";
  if (type !== "RAW" && type !== "DIGEST") ctx.fail("InvalidParameter", { en: "MessageType must be RAW or DIGEST.", zh: "MessageType 取值为 RAW 或 DIGEST。" });
  if (!isSignatureAlgorithm(req.Algorithm)) {
    ctx.fail("InvalidParameter", {
      en: `Algorithm must be one of ${Object.keys(SIGNATURE_SCHEMES).join(", ")}.`,
      zh: `Algorithm 取值为 ${Object.keys(SIGNATURE_SCHEMES).join("、")}。`,
    });
  }
  const algorithm = req.Algorithm;
  const data = bytesOf(ctx, req.Message, "Message");
  const digestBytes = SIGNATURE_SCHEMES[algorithm].digestBytes;
  if (type === "RAW" && data.length > MAX_PLAINTEXT) {
    ctx.fail("InvalidParameter", { en: `A RAW Message is at most ${MAX_PLAINTEXT} bytes.`, zh: `消息原文最长 ${MAX_PLAINTEXT} 字节。` });
  }
  if (type === "DIGEST" && data.length !== digestBytes) {
    ctx.fail("InvalidParameter", { en: `A DIGEST Message for ${algorithm} is ${digestBytes} bytes.`, zh: `${algorithm} 的消息摘要长度必须为 ${digestBytes} 字节。` });
  }
  const cmk = await requireCmk(ctx, req.KeyId);
  requireRole(ctx, cmk, "sign");
  const family = usageInfo(cmk.keyUsage).family;
  if (!algorithmFits(algorithm, family)) {
    ctx.fail("InvalidParameter", {
      en: `Algorithm ${algorithm} does not fit the CMK (${cmk.keyId}), a ${cmk.keyUsage} key.`,
      zh: `签名算法 ${algorithm} 与 CMK (${cmk.keyId}) 的密钥用途 ${cmk.keyUsage} 不匹配。`,
    });
  }
  requireEnabled(ctx, cmk, "signing and verification");
  return { cmk, version: await current(ctx, cmk), algorithm, data, isDigest: type === "DIGEST" };
}

export const asymmetricHandlers: KmsHandlers = {
  async GetPublicKey(ctx, req) {
    const cmk = await requireCmk(ctx, req.KeyId);
    requireRole(ctx, cmk, "decrypt", "sign", "pqc-encrypt", "pqc-sign");
    requireEnabled(ctx, cmk, "getting the public key");
    const der = publicKeyDer(await current(ctx, cmk));
    return { KeyId: cmk.keyId, PublicKey: der.toString("base64"), PublicKeyPem: pem(der) };
  },

  async AsymmetricRsaDecrypt(ctx, req) {
    keyIdOf(ctx, req.KeyId);
    const algorithm = rsaAlgorithmOf(ctx, req.Algorithm);
    const ciphertext = bytesOf(ctx, req.Ciphertext, "Ciphertext");
    const cmk = await requireCmk(ctx, req.KeyId);
    if (cmk.keyUsage !== "ASYMMETRIC_DECRYPT_RSA_2048") {
      ctx.fail("InvalidParameterValue.InvalidKeyUsage", { en: `The CMK (${cmk.keyId}) is not an ASYMMETRIC_DECRYPT_RSA_2048 key.`, zh: `CMK (${cmk.keyId}) 的密钥用途不是 ASYMMETRIC_DECRYPT_RSA_2048。` });
    }
    requireEnabled(ctx, cmk, "decryption");
    const plaintext = rsaDecrypt(privateKeyObject(await current(ctx, cmk)), algorithm, ciphertext);
    if (!plaintext) decryptionFailed(ctx, cmk);
    return { KeyId: cmk.keyId, Plaintext: plaintext.toString("base64") };
  },

  async AsymmetricSm2Decrypt(ctx, req) {
    keyIdOf(ctx, req.KeyId);
    const ciphertext = bytesOf(ctx, req.Ciphertext, "Ciphertext");
    if (ciphertext.length > 256) ctx.fail("InvalidParameter", { en: "The Ciphertext is at most 256 bytes.", zh: "密文长度不能超过 256 字节。" });
    const cmk = await requireCmk(ctx, req.KeyId);
    if (cmk.keyUsage !== "ASYMMETRIC_DECRYPT_SM2") {
      ctx.fail("InvalidParameterValue.InvalidKeyUsage", { en: `The CMK (${cmk.keyId}) is not an ASYMMETRIC_DECRYPT_SM2 key.`, zh: `CMK (${cmk.keyId}) 的密钥用途不是 ASYMMETRIC_DECRYPT_SM2。` });
    }
    requireEnabled(ctx, cmk, "decryption");
    const plaintext = sm2DecryptAsn1((await current(ctx, cmk)).secret, ciphertext);
    if (!plaintext) decryptionFailed(ctx, cmk);
    return { KeyId: cmk.keyId, Plaintext: plaintext.toString("base64") };
  },

  async SignByAsymmetricKey(ctx, req) {
    const { cmk, version, algorithm, data, isDigest } = await signingRequest(ctx, req);
    return { Signature: signData(usageInfo(cmk.keyUsage).family, version, algorithm, data, isDigest).toString("base64") };
  },

  async VerifyByAsymmetricKey(ctx, req) {
    const signature = bytesOf(ctx, req.SignatureValue, "SignatureValue", "InvalidParameterValue");
    const { cmk, version, algorithm, data, isDigest } = await signingRequest(ctx, req);
    return { SignatureValid: verifyData(usageInfo(cmk.keyUsage).family, version, algorithm, data, isDigest, signature) };
  },

  async PostQuantumCryptoEncrypt(ctx, req) {
    keyIdOf(ctx, req.KeyId);
    const plaintext = plaintextOf(ctx, req.PlainText, "PlainText");
    const cmk = await requireCmk(ctx, req.KeyId);
    requireRole(ctx, cmk, "pqc-encrypt");
    requireEncryptable(ctx, cmk);
    const version = await current(ctx, cmk);
    const { cipherText, sharedSecret } = encapsulate(rawPublicKey(version, ML_KEM_768_PUBLIC_BYTES));
    const header = { keyId: cmk.keyId, version: version.version, uin: ctx.caller.uin, region: ctx.region };
    return { CiphertextBlob: sealPostQuantum(cipherText, sharedSecret, header, plaintext), KeyId: cmk.keyId };
  },

  async PostQuantumCryptoDecrypt(ctx, req) {
    const { cmk, blob } = await keyOfBlob(ctx, req.CiphertextBlob, "post-quantum", "PostQuantumCryptoEncrypt");
    const version = await versionOf(ctx, cmk.keyId, blob.header.version);
    const parts = splitPostQuantum(blob, KEM_CIPHERTEXT_BYTES);
    const plaintext = version && parts ? openPostQuantum(decapsulate(parts.kemCipherText, secretBytes(version)), blob, parts.iv) : null;
    if (!plaintext) invalidCiphertext(ctx, "it was altered.");
    return { KeyId: cmk.keyId, PlainText: plaintextForCaller(ctx, plaintext, req.EncryptionPublicKey, req.EncryptionAlgorithm) };
  },

  async PostQuantumCryptoSign(ctx, req) {
    keyIdOf(ctx, req.KeyId);
    const message = bytesOf(ctx, req.Message, "Message");
    if (message.length > MAX_PLAINTEXT) ctx.fail("InvalidParameter", { en: `Message is at most ${MAX_PLAINTEXT} bytes.`, zh: `消息原文最长 ${MAX_PLAINTEXT} 字节。` });
    const cmk = await requireCmk(ctx, req.KeyId);
    requireRole(ctx, cmk, "pqc-sign");
    requireEnabled(ctx, cmk, "signing");
    return { Signature: mlDsaSign(secretBytes(await current(ctx, cmk)), message).toString("base64") };
  },

  async PostQuantumCryptoVerify(ctx, req) {
    keyIdOf(ctx, req.KeyId);
    const signature = bytesOf(ctx, req.SignatureValue, "SignatureValue", "InvalidParameterValue");
    const message = bytesOf(ctx, req.Message, "Message");
    if (message.length > MAX_PLAINTEXT) ctx.fail("InvalidParameter", { en: `Message is at most ${MAX_PLAINTEXT} bytes.`, zh: `消息原文最长 ${MAX_PLAINTEXT} 字节。` });
    const cmk = await requireCmk(ctx, req.KeyId);
    requireRole(ctx, cmk, "pqc-sign");
    requireEnabled(ctx, cmk, "verification");
    return { SignatureValid: mlDsaVerify(rawPublicKey(await current(ctx, cmk), ML_DSA_87_PUBLIC_BYTES), message, signature) };
  },
};
