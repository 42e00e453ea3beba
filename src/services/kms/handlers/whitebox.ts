import { randomBytes } from "node:crypto";
import { checkAlias, checkTags, matchesTags, nowSeconds, tagResult, timeUuid, type Ctx } from "../formats";
import { decodeBase64 } from "../crypto/envelope";
import {
  decryptKey,
  encryptKey,
  FINGERPRINT,
  FINGERPRINT_LIMIT,
  newWhiteBoxKeyMaterial,
  requirePurchased,
  requireWhiteBoxKey,
  whiteBoxAliases,
  whiteBoxEncrypt,
  whiteBoxIdsOf,
  whiteBoxInfo,
  whiteBoxKeys,
  whiteBoxServiceEnabled,
  WHITEBOX_LIMIT,
  type WhiteBoxKey,
} from "../whitebox";
import type { KmsHandlers } from "./types";

/** The white-box key family. */

async function setStatus(ctx: Ctx, w: WhiteBoxKey, status: WhiteBoxKey["status"]): Promise<void> {
  if (w.status !== status) await whiteBoxKeys(ctx).update(w.keyId, { ...w, status });
}

function invalid(ctx: Ctx, en: string, zh: string): never {
  ctx.fail("InvalidParameterValue", { en, zh });
}

export const whiteBoxHandlers: KmsHandlers = {
  async CreateWhiteBoxKey(ctx, req) {
    await requirePurchased(ctx);
    checkAlias(ctx, req.Alias);
    if (req.Algorithm !== "AES_256" && req.Algorithm !== "SM4") invalid(ctx, "Algorithm must be AES_256 or SM4.", "Algorithm 取值为 AES_256 或 SM4。");
    const description = req.Description ?? "";
    if (Buffer.byteLength(description) > 1024) invalid(ctx, "Description must be at most 1024 bytes.", "描述信息最大 1024 字节。");
    const tags = checkTags(ctx, req.Tags);
    if (await whiteBoxAliases(ctx).has(req.Alias)) {
      ctx.fail("InvalidParameterValue.AliasAlreadyExists", { en: `The alias ${req.Alias} is already used by another white-box key.`, zh: `别名 ${req.Alias} 已被其他白盒密钥使用。` });
    }
    if ((await whiteBoxKeys(ctx).count()) >= WHITEBOX_LIMIT) {
      ctx.fail("LimitExceeded.KeyLimitExceeded", { en: `At most ${WHITEBOX_LIMIT} white-box keys can be created.`, zh: `白盒密钥个数的上限为 ${WHITEBOX_LIMIT}。` });
    }
    const w: WhiteBoxKey = {
      keyId: timeUuid(ctx.now()),
      alias: req.Alias,
      description,
      algorithm: req.Algorithm,
      status: "Enabled",
      createTime: nowSeconds(ctx),
      creatorUin: ctx.caller.subUin ?? ctx.caller.uin,
      ownerUin: ctx.caller.uin,
      key: newWhiteBoxKeyMaterial(req.Algorithm),
      fingerprints: [],
      tags,
    };
    await whiteBoxKeys(ctx).insert(w.keyId, w);
    await whiteBoxAliases(ctx).insert(w.alias, { keyId: w.keyId });
    ctx.touch(w.keyId);
    return { EncryptKey: encryptKey(w), DecryptKey: decryptKey(w), KeyId: w.keyId, ...tagResult(tags) };
  },

  async DeleteWhiteBoxKey(ctx, req) {
    const w = await requireWhiteBoxKey(ctx, req.KeyId);
    if (w.status !== "Disabled") {
      ctx.fail("FailedOperation", { en: `The white-box key (${w.keyId}) is enabled; disable it before deleting it.`, zh: `白盒密钥 (${w.keyId}) 未禁用，必须先禁用后才可以删除。` });
    }
    await whiteBoxKeys(ctx).delete(w.keyId);
    await whiteBoxAliases(ctx).delete(w.alias);
    return {};
  },

  async DescribeWhiteBoxKey(ctx, req) {
    return { KeyInfo: whiteBoxInfo(await requireWhiteBoxKey(ctx, req.KeyId)) };
  },

  async DescribeWhiteBoxDecryptKey(ctx, req) {
    return { DecryptKey: decryptKey(await requireWhiteBoxKey(ctx, req.KeyId)) };
  },

  async DescribeWhiteBoxKeyDetails(ctx, req) {
    await requirePurchased(ctx);
    if (req.KeyStatus !== undefined && req.KeyStatus !== 0 && req.KeyStatus !== 1) invalid(ctx, "KeyStatus must be 0 (disabled) or 1 (enabled).", "KeyStatus 取值为 0 或 1。");
    const offset = req.Offset ?? 0;
    const limit = req.Limit ?? 0;
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 0) invalid(ctx, "Offset and Limit must be non-negative integers.", "Offset 和 Limit 必须为非负整数。");
    const status = req.KeyStatus === undefined ? undefined : req.KeyStatus === 1 ? "Enabled" : "Disabled";
    const keys = (await whiteBoxKeys(ctx).all())
      .filter((w) => !status || w.status === status)
      .filter((w) => matchesTags(w.tags, req.TagFilters))
      .sort((a, b) => b.createTime - a.createTime);
    const page = limit === 0 ? keys.slice(offset) : keys.slice(offset, offset + limit); // Limit 0: no paging
    return { KeyInfos: page.map(whiteBoxInfo), TotalCount: keys.length };
  },

  async DescribeWhiteBoxServiceStatus(ctx) {
    return { ServiceEnabled: await whiteBoxServiceEnabled(ctx) };
  },

  async EnableWhiteBoxKey(ctx, req) {
    await setStatus(ctx, await requireWhiteBoxKey(ctx, req.KeyId), "Enabled");
    return {};
  },
  async DisableWhiteBoxKey(ctx, req) {
    await setStatus(ctx, await requireWhiteBoxKey(ctx, req.KeyId), "Disabled");
    return {};
  },
  async EnableWhiteBoxKeys(ctx, req) {
    for (const id of await whiteBoxIdsOf(ctx, req.KeyIds)) await setStatus(ctx, await requireWhiteBoxKey(ctx, id, "KeyIds"), "Enabled");
    return {};
  },
  async DisableWhiteBoxKeys(ctx, req) {
    for (const id of await whiteBoxIdsOf(ctx, req.KeyIds)) await setStatus(ctx, await requireWhiteBoxKey(ctx, id, "KeyIds"), "Disabled");
    return {};
  },

  async EncryptByWhiteBox(ctx: Ctx, req) {
    const w = await requireWhiteBoxKey(ctx, req.KeyId);
    const plaintext = decodeBase64(req.PlainText);
    if (!plaintext || plaintext.length === 0 || plaintext.length > 4096) invalid(ctx, "PlainText must be base64 of 1 to 4096 bytes.", "PlainText 必须是 base64 编码，原文长度不超过 4KB。");
    const iv = req.InitializationVector === undefined || req.InitializationVector === "" ? randomBytes(16) : decodeBase64(req.InitializationVector);
    if (!iv || iv.length !== 16) invalid(ctx, "InitializationVector must be base64 of 16 bytes.", "InitializationVector 必须是 16 字节的 base64 编码。");
    if (w.status !== "Enabled") ctx.fail("ResourceUnavailable.KeyDisabled", { en: `The white-box key (${w.keyId}) is disabled.`, zh: `白盒密钥 (${w.keyId}) 已被禁用。` });
    return { InitializationVector: iv.toString("base64"), CipherText: whiteBoxEncrypt(w, iv, plaintext).toString("base64") };
  },

  async OverwriteWhiteBoxDeviceFingerprints(ctx, req) {
    const w = await requireWhiteBoxKey(ctx, req.KeyId);
    const list = req.DeviceFingerprints ?? [];
    if (list.length > FINGERPRINT_LIMIT) {
      ctx.fail("LimitExceeded.FingerprintsLimitExceeded", { en: `At most ${FINGERPRINT_LIMIT} device fingerprints per key.`, zh: `设备指纹个数不能超过 ${FINGERPRINT_LIMIT}。` });
    }
    for (const f of list) {
      if (!FINGERPRINT.test(f.Identity)) invalid(ctx, `The device fingerprint ${f.Identity} is not in the collector's format.`, `设备指纹 ${f.Identity} 格式错误。`);
      if (Buffer.byteLength(f.Description ?? "") > 1024) invalid(ctx, "A fingerprint Description is at most 1024 bytes.", "设备指纹描述最大 1024 字节。");
    }
    await whiteBoxKeys(ctx).update(w.keyId, { ...w, fingerprints: list.map((f) => ({ Identity: f.Identity, Description: f.Description ?? "" })) });
    return {};
  },

  async DescribeWhiteBoxDeviceFingerprints(ctx, req) {
    return { DeviceFingerprints: (await requireWhiteBoxKey(ctx, req.KeyId)).fingerprints };
  },
};
