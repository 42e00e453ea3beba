import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { isBound, materialOf, requireCmk, saveCmk, saveMaterial, type Cmk } from "../cmk";
import { decodeBase64 } from "../crypto/envelope";
import { isRsaEncryptionAlgorithm, rsaDecrypt, RSA_ENCRYPTION_ALGORITHMS, type RsaEncryptionAlgorithm } from "../crypto/rsa";
import { keyIdOf, nowSeconds, type Ctx } from "../formats";
import type { KmsHandlers } from "./types";

/** Bring your own key: EXTERNAL CMKs get their material through an RSA wrapping key valid for 24 hours. */

/** "返回的Token和PublicKey 24小时后失效". */
const PARAMETERS_LIFETIME = 24 * 3600;
/** ImportKeyMaterial ValidTo: "最大支持 2147443200". */
const MAX_VALID_TO = 2_147_443_200;
/** FIPS 140-2 regions import 256-bit material. */
const MATERIAL_BYTES = 32;

function external(ctx: Ctx, cmk: Cmk): void {
  if (cmk.origin !== "EXTERNAL") {
    ctx.fail("UnsupportedOperation.NotExternalCmk", {
      en: `The CMK (${cmk.keyId}) was created with key material from KMS (Type 1); only EXTERNAL keys (Type 2) import material.`,
      zh: `CMK (${cmk.keyId}) 不是 EXTERNAL 类型，仅支持 External CMK。`,
    });
  }
}

function wrappingAlgorithmOf(ctx: Ctx, value: string): RsaEncryptionAlgorithm {
  if (!isRsaEncryptionAlgorithm(value)) {
    ctx.fail("InvalidParameter", { en: `WrappingAlgorithm must be one of ${RSA_ENCRYPTION_ALGORITHMS.join(", ")}.`, zh: `WrappingAlgorithm 取值为 ${RSA_ENCRYPTION_ALGORITHMS.join("、")}。` });
  }
  return value;
}

function importable(ctx: Ctx, cmk: Cmk): void {
  if (cmk.keyState !== "Enabled" && cmk.keyState !== "PendingImport") {
    ctx.fail("ResourceUnavailable.CmkStateNotSupport", {
      en: `The CMK (${cmk.keyId}) is ${cmk.keyState}; key material imports into Enabled or PendingImport keys only.`,
      zh: `CMK (${cmk.keyId}) 当前状态为 ${cmk.keyState}，只有 Enabled 和 PendingImport 状态的 CMK 可以导入密钥材料。`,
    });
  }
}

export const importHandlers: KmsHandlers = {
  async GetParametersForImport(ctx, req) {
    keyIdOf(ctx, req.KeyId);
    const algorithm = wrappingAlgorithmOf(ctx, req.WrappingAlgorithm);
    if (req.WrappingKeySpec !== "RSA_2048") ctx.fail("InvalidParameter", { en: "WrappingKeySpec must be RSA_2048.", zh: "WrappingKeySpec 目前只支持 RSA_2048。" });
    const cmk = await requireCmk(ctx, req.KeyId);
    external(ctx, cmk);
    importable(ctx, cmk);
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const validTo = nowSeconds(ctx) + PARAMETERS_LIFETIME;
    const token = randomBytes(96).toString("base64");
    const material = await materialOf(ctx, cmk.keyId);
    const wrappingKey = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    await saveMaterial(ctx, cmk.keyId, { ...material, importParameters: { token, wrappingKey, algorithm, validTo } });
    return {
      KeyId: cmk.keyId,
      ImportToken: token,
      PublicKey: pair.publicKey.export({ type: "spki", format: "der" }).toString("base64"),
      ParametersValidTo: validTo,
    };
  },

  async ImportKeyMaterial(ctx: Ctx, req) {
    keyIdOf(ctx, req.KeyId);
    const now = nowSeconds(ctx);
    const validTo = req.ValidTo ?? 0;
    if (!Number.isInteger(validTo) || validTo < 0 || (validTo !== 0 && (validTo <= now || validTo > MAX_VALID_TO))) {
      ctx.fail("InvalidParameter", {
        en: `ValidTo must be 0 (never expires) or a Unix time after now and at most ${MAX_VALID_TO}.`,
        zh: `ValidTo 为 0（不过期）或大于当前时间且不超过 ${MAX_VALID_TO} 的 Unix 时间戳。`,
      });
    }
    const cmk = await requireCmk(ctx, req.KeyId);
    external(ctx, cmk);
    importable(ctx, cmk);
    const material = await materialOf(ctx, cmk.keyId);
    const params = material.importParameters;
    if (!params || params.token !== req.ImportToken) {
      ctx.fail("InvalidParameter", {
        en: `The ImportToken is not the one GetParametersForImport last returned for the CMK (${cmk.keyId}).`,
        zh: `ImportToken 不是 GetParametersForImport 为 CMK (${cmk.keyId}) 最近返回的导入令牌。`,
      });
    }
    if (now >= params.validTo) {
      ctx.fail("ResourceUnavailable.TokenExpired", {
        en: "The ImportToken and its public key expired (they are valid for 24 hours); call GetParametersForImport again.",
        zh: "导入令牌已过期（有效期 24 小时），请重新调用 GetParametersForImport。",
      });
    }
    const wrapped = decodeBase64(req.EncryptedKeyMaterial);
    const plain = wrapped && rsaDecrypt(params.wrappingKey, params.algorithm as RsaEncryptionAlgorithm, wrapped);
    if (!plain || plain.length !== MATERIAL_BYTES) {
      ctx.fail("InvalidParameter.DecryptMaterialError", {
        en: `EncryptedKeyMaterial does not decrypt to 256-bit key material with the wrapping key and ${params.algorithm}.`,
        zh: `使用导入公钥和 ${params.algorithm} 解密 EncryptedKeyMaterial 失败，或密钥材料长度不是 256 bit。`,
      });
    }
    const digest = createHash("sha256").update(plain).digest("hex");
    if (material.importedDigest && material.importedDigest !== digest) {
      ctx.fail("InvalidParameterValue.MaterialNotMatch", {
        en: `The CMK (${cmk.keyId}) can only re-import the key material it was first given.`,
        zh: `导入的密钥材料和 CMK (${cmk.keyId}) 历史导入的不同。`,
      });
    }
    await saveMaterial(ctx, cmk.keyId, { ...material, importedDigest: digest, versions: [{ version: 1, createdAt: now, secret: plain.toString("base64") }] });
    await saveCmk(ctx, { ...cmk, currentVersion: 1, validTo, keyState: cmk.keyState === "PendingImport" ? "Enabled" : cmk.keyState });
    return {};
  },

  async DeleteImportedKeyMaterial(ctx, req) {
    const cmk = await requireCmk(ctx, req.KeyId);
    external(ctx, cmk);
    if (await isBound(ctx, cmk.keyId)) {
      ctx.fail("FailedOperation.CmkUsedByCloudProduct", {
        en: `The CMK (${cmk.keyId}) is used by a cloud product resource; its key material cannot be deleted.`,
        zh: `CMK (${cmk.keyId}) 正在被云产品使用，不能删除密钥材料。`,
      });
    }
    if (cmk.keyState === "PendingImport" || cmk.keyState === "PendingDelete") {
      ctx.fail("ResourceUnavailable.CmkStateNotSupport", {
        en: `The CMK (${cmk.keyId}) is ${cmk.keyState}; it has no key material to delete.`,
        zh: `CMK (${cmk.keyId}) 当前状态为 ${cmk.keyState}，不支持删除密钥材料。`,
      });
    }
    await saveMaterial(ctx, cmk.keyId, { ...(await materialOf(ctx, cmk.keyId)), versions: [] });
    await saveCmk(ctx, { ...cmk, currentVersion: 0, validTo: 0, keyState: "PendingImport" });
    return {};
  },
};
