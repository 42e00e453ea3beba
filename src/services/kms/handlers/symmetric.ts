import { randomBytes } from "node:crypto";
import { requireCmk } from "../cmk";
import { requireRole } from "../cmk-state";
import { checkDataKeyDescription, checkDataKeyName, checkDataKeyQuota, checkNameFree, hostDataKey } from "../datakey";
import { checkTags, contextBytes, keyIdOf, nowSeconds, refuseHsmCluster, tagResult, timeUuid, type Ctx } from "../formats";
import { decryptBlob, encryptUnder, plaintextForCaller, plaintextOf } from "../symmetric";
import type { KmsHandlers } from "./types";

/** Encrypt, Decrypt, ReEncrypt, GenerateDataKey, GenerateRandom. */

const KEY_SPECS: Record<string, number> = { AES_128: 16, AES_256: 32 };

function dataKeyLength(ctx: Ctx, keySpec: string | undefined, numberOfBytes: number | undefined): number {
  if (numberOfBytes !== undefined) {
    if (!Number.isInteger(numberOfBytes) || numberOfBytes < 1 || numberOfBytes > 1024) {
      ctx.fail("InvalidParameter", { en: "NumberOfBytes must be an integer from 1 to 1024.", zh: "NumberOfBytes 取值范围为 1-1024。" });
    }
    return numberOfBytes;
  }
  if (keySpec === undefined || keySpec === "") {
    ctx.fail("InvalidParameter", { en: "Either KeySpec or NumberOfBytes must be specified.", zh: "KeySpec 和 NumberOfBytes 必须指定一个。" });
  }
  const length = KEY_SPECS[keySpec];
  if (!length) ctx.fail("InvalidParameter", { en: `KeySpec must be AES_128 or AES_256, not ${keySpec}.`, zh: `KeySpec 取值为 AES_128 或 AES_256。` });
  return length;
}

export const symmetricHandlers: KmsHandlers = {
  async Encrypt(ctx, req) {
    keyIdOf(ctx, req.KeyId);
    const plaintext = plaintextOf(ctx, req.Plaintext);
    const context = contextBytes(ctx, req.EncryptionContext);
    const cmk = await requireCmk(ctx, req.KeyId);
    return { CiphertextBlob: await encryptUnder(ctx, cmk, plaintext, context), KeyId: cmk.keyId };
  },

  async Decrypt(ctx, req) {
    const context = contextBytes(ctx, req.EncryptionContext);
    const { cmk, plaintext } = await decryptBlob(ctx, req.CiphertextBlob, context);
    return { KeyId: cmk.keyId, Plaintext: plaintextForCaller(ctx, plaintext, req.EncryptionPublicKey, req.EncryptionAlgorithm) };
  },

  async ReEncrypt(ctx, req) {
    const sourceContext = contextBytes(ctx, req.SourceEncryptionContext, "SourceEncryptionContext");
    const destinationContext = contextBytes(ctx, req.DestinationEncryptionContext, "DestinationEncryptionContext");
    if (req.DestinationKeyId) keyIdOf(ctx, req.DestinationKeyId, "DestinationKeyId");
    const { cmk: source, plaintext, blob } = await decryptBlob(ctx, req.CiphertextBlob, sourceContext);
    const destination = req.DestinationKeyId ? await requireCmk(ctx, req.DestinationKeyId, "DestinationKeyId") : source;
    requireRole(ctx, destination, "symmetric");
    // "同一个CMK进行重加密，在密钥没有发生轮换的情况下不会进行实际重新加密操作，返回原密文"
    const unchanged = destination.keyId === source.keyId && blob.header.version === destination.currentVersion && sourceContext.equals(destinationContext);
    return {
      CiphertextBlob: unchanged ? req.CiphertextBlob : await encryptUnder(ctx, destination, plaintext, destinationContext),
      KeyId: destination.keyId,
      SourceKeyId: source.keyId,
      ReEncrypted: !unchanged,
    };
  },

  async GenerateDataKey(ctx, req) {
    keyIdOf(ctx, req.KeyId);
    const length = dataKeyLength(ctx, req.KeySpec, req.NumberOfBytes);
    const contextText = req.EncryptionContext ?? "";
    const context = contextBytes(ctx, contextText);
    refuseHsmCluster(ctx, req.HsmClusterId);
    const hosted = req.IsHostedByKms ?? 0;
    if (hosted !== 0 && hosted !== 1) ctx.fail("InvalidParameter", { en: "IsHostedByKms must be 0 or 1.", zh: "IsHostedByKms 取值为 0 或 1。" });
    const name = hosted ? checkDataKeyName(ctx, req.DataKeyName) : "";
    const description = checkDataKeyDescription(ctx, req.Description);
    const tags = checkTags(ctx, hosted ? req.Tags : []);
    const cmk = await requireCmk(ctx, req.KeyId);
    const dataKey = randomBytes(length);
    const ciphertextBlob = await encryptUnder(ctx, cmk, dataKey, context);
    let dataKeyId = "";
    if (hosted) {
      await checkNameFree(ctx, name);
      await checkDataKeyQuota(ctx);
      dataKeyId = timeUuid(ctx.now());
      await hostDataKey(ctx, {
        dataKeyId,
        keyId: cmk.keyId,
        name,
        description,
        numberOfBytes: length,
        createTime: nowSeconds(ctx),
        keyState: "Enabled",
        deletionDate: 0,
        origin: "TENCENT_KMS",
        creatorUin: ctx.caller.subUin ?? ctx.caller.uin,
        ownerUin: ctx.caller.uin,
        appId: ctx.caller.appId,
        ciphertextBlob,
        encryptionContext: contextText,
        tags,
      });
    }
    return {
      KeyId: cmk.keyId,
      Plaintext: plaintextForCaller(ctx, dataKey, req.EncryptionPublicKey, req.EncryptionAlgorithm),
      CiphertextBlob: ciphertextBlob,
      DataKeyId: dataKeyId,
      ...tagResult(tags),
    };
  },

  GenerateRandom(ctx, req) {
    const n = req.NumberOfBytes;
    if (!Number.isInteger(n) || n < 1 || n > 1024) {
      ctx.fail("InvalidParameter", { en: "NumberOfBytes must be an integer from 1 to 1024.", zh: "NumberOfBytes 取值范围为 1-1024。" });
    }
    return { Plaintext: randomBytes(n).toString("base64") };
  },
};
