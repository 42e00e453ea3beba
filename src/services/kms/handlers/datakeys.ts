import { ApiError } from "../../../errors/api-error";
import { findCmk, requireCmk } from "../cmk";
import { checkPendingWindow, requireEncryptable } from "../cmk-state";
import {
  checkDataKeyDescription,
  checkDataKeyName,
  checkDataKeyQuota,
  checkNameFree,
  dataKeyIdsOf,
  dataKeyMetadata,
  dataKeys,
  hostDataKey,
  renameDataKey,
  requireDataKey,
  saveDataKey,
  settleDataKey,
  type DataKey,
} from "../datakey";
import { decodeBase64 } from "../crypto/envelope";
import { checkTags, contextBytes, keyIdOf, matchesTags, nowSeconds, paging, refuseHsmCluster, refuseMemberAccount, tagResult, timeUuid, type Ctx } from "../formats";
import { decryptBlob, encryptUnder, plaintextForCaller } from "../symmetric";
import type { KmsHandlers } from "./types";

/** The hosted data-key family (GenerateDataKey with IsHostedByKms=1 creates them too). */

function stateNotSupported(ctx: Ctx, dk: DataKey, what: string): never {
  ctx.fail("ResourceUnavailable.DataKeyStateNotSupport", {
    en: `The data key (${dk.dataKeyId}) is ${dk.keyState}; ${what} is not supported in this state.`,
    zh: `数据密钥 (${dk.dataKeyId}) 当前状态为 ${dk.keyState}，不支持${what}。`,
  });
}

async function enableDataKey(ctx: Ctx, dk: DataKey): Promise<void> {
  const cmk = await findCmk(ctx, dk.keyId);
  if (!cmk) ctx.fail("ResourceUnavailable.CmkNotFound", { en: `The CMK (${dk.keyId}) of this data key does not exist.`, zh: `数据密钥的 CMK (${dk.keyId}) 不存在。` });
  if (cmk.keyState !== "Enabled") {
    ctx.fail("ResourceUnavailable.CmkStateNotSupport", {
      en: `The CMK (${cmk.keyId}) of this data key is ${cmk.keyState}; enable it first.`,
      zh: `数据密钥的 CMK (${cmk.keyId}) 当前状态为 ${cmk.keyState}。`,
    });
  }
  if (dk.keyState === "PendingDelete") stateNotSupported(ctx, dk, "enabling");
  if (dk.keyState !== "Enabled") await saveDataKey(ctx, { ...dk, keyState: "Enabled" });
}

async function disableDataKey(ctx: Ctx, dk: DataKey): Promise<void> {
  if (dk.keyState === "PendingDelete") stateNotSupported(ctx, dk, "disabling");
  if (dk.keyState !== "Disabled") await saveDataKey(ctx, { ...dk, keyState: "Disabled" });
}

const STATE_FILTER: Record<number, DataKey["keyState"] | null> = { 0: null, 1: "Enabled", 2: "Disabled", 3: "PendingDelete" };

async function liveDataKeys(ctx: Ctx): Promise<DataKey[]> {
  const live: DataKey[] = [];
  for (const stored of await dataKeys(ctx).all()) {
    const dk = await settleDataKey(ctx, stored);
    if (dk) live.push(dk);
  }
  return live;
}

/** Metadata of each key, in order (KeyName reads the CMK's alias). */
async function metadataOf(ctx: Ctx, keys: DataKey[]) {
  const metadatas = [];
  for (const dk of keys) metadatas.push(await dataKeyMetadata(ctx, dk));
  return metadatas;
}

const newestFirst = (a: DataKey, b: DataKey) => b.createTime - a.createTime || (a.dataKeyId < b.dataKeyId ? 1 : -1);

async function importedMaterial(
  ctx: Ctx,
  req: { ImportType: number; ImportKeyMaterial: string; KeyId?: string },
): Promise<{ keyId: string; plaintext: Buffer; blob: string; origin: DataKey["origin"] }> {
  function invalid(why: string): never {
    ctx.fail("InvalidParameterValue.InvalidImportKeyMaterial", { en: `ImportKeyMaterial is invalid: ${why}`, zh: `导入的数据密钥不合法：${why}` });
  }
  if (req.ImportType === 2) {
    if (!req.KeyId) ctx.fail("InvalidParameter", { en: "KeyId is required when ImportType is 2 (plaintext import).", zh: "明文导入（ImportType 为 2）时 KeyId 不能为空。" });
    keyIdOf(ctx, req.KeyId);
    const plaintext = decodeBase64(req.ImportKeyMaterial);
    if (!plaintext || plaintext.length < 1 || plaintext.length > 1024) invalid("a plaintext data key is base64 of 1 to 1024 bytes.");
    const cmk = await requireCmk(ctx, req.KeyId);
    return { keyId: cmk.keyId, plaintext, blob: await encryptUnder(ctx, cmk, plaintext, Buffer.alloc(0)), origin: "EXTERNAL" };
  }
  if (req.KeyId) keyIdOf(ctx, req.KeyId);
  let opened;
  try {
    opened = await decryptBlob(ctx, req.ImportKeyMaterial, Buffer.alloc(0));
  } catch (e) {
    if (e instanceof ApiError && e.code === "InvalidParameterValue.InvalidCiphertext") invalid("it is not a data key ciphertext GenerateDataKey returned in this account and region.");
    throw e;
  }
  if (req.KeyId && req.KeyId.toLowerCase() !== opened.cmk.keyId) invalid(`the ciphertext was encrypted by the CMK ${opened.cmk.keyId}, not ${req.KeyId}.`);
  requireEncryptable(ctx, opened.cmk);
  return { keyId: opened.cmk.keyId, plaintext: opened.plaintext, blob: req.ImportKeyMaterial, origin: "TENCENT_KMS" };
}

export const dataKeyHandlers: KmsHandlers = {
  async ImportDataKey(ctx, req) {
    const name = checkDataKeyName(ctx, req.DataKeyName);
    if (req.ImportType !== 1 && req.ImportType !== 2) {
      ctx.fail("InvalidParameterValue.InvalidType", {
        en: `ImportType must be 1 (a ciphertext from GenerateDataKey) or 2 (a plaintext data key), not ${req.ImportType}.`,
        zh: `ImportType 取值为 1（密文导入）或 2（明文导入）。`,
      });
    }
    const description = checkDataKeyDescription(ctx, req.Description);
    refuseHsmCluster(ctx, req.HsmClusterId);
    const tags = checkTags(ctx, req.Tags);
    const material = await importedMaterial(ctx, req);
    await checkNameFree(ctx, name);
    await checkDataKeyQuota(ctx);
    const dataKeyId = timeUuid(ctx.now());
    await hostDataKey(ctx, {
      dataKeyId,
      keyId: material.keyId,
      name,
      description,
      numberOfBytes: material.plaintext.length,
      createTime: nowSeconds(ctx),
      keyState: "Enabled",
      deletionDate: 0,
      origin: material.origin,
      creatorUin: ctx.caller.subUin ?? ctx.caller.uin,
      ownerUin: ctx.caller.uin,
      appId: ctx.caller.appId,
      ciphertextBlob: material.blob,
      encryptionContext: "",
      tags,
    });
    return { KeyId: material.keyId, DataKeyId: dataKeyId, ...tagResult(tags) };
  },

  async DescribeDataKey(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    return { DataKeyMetadata: await dataKeyMetadata(ctx, await requireDataKey(ctx, req.DataKeyId)) };
  },

  async DescribeDataKeys(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    const metadatas = [];
    for (const id of dataKeyIdsOf(ctx, req.DataKeyIds)) metadatas.push(await dataKeyMetadata(ctx, await requireDataKey(ctx, id, "DataKeyIds")));
    return { DataKeyMetadatas: metadatas };
  },

  async ListDataKeys(ctx, req) {
    refuseHsmCluster(ctx, req.HsmClusterId, true);
    const { offset, limit } = paging(ctx, req.Offset, req.Limit);
    if (req.Role !== undefined && req.Role !== 0 && req.Role !== 1) ctx.fail("InvalidParameterValue", { en: "Role must be 0 or 1.", zh: "Role 取值为 0 或 1。" });
    const keys = req.Role === 1 ? [] : (await liveDataKeys(ctx)).sort(newestFirst);
    return { DataKeys: keys.slice(offset, offset + limit).map((dk) => ({ DataKeyId: dk.dataKeyId })), TotalCount: keys.length };
  },

  async ListDataKeyDetail(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccounts);
    refuseHsmCluster(ctx, req.HsmClusterId, true);
    const { offset, limit } = paging(ctx, req.Offset, req.Limit);
    if (req.Role !== undefined && req.Role !== 0 && req.Role !== 1) ctx.fail("InvalidParameter", { en: "Role must be 0 or 1.", zh: "Role 取值为 0 或 1。" });
    const state = req.KeyState ?? 0;
    if (!Object.hasOwn(STATE_FILTER, state)) ctx.fail("InvalidParameter", { en: "KeyState must be 0 to 3.", zh: "KeyState 取值范围为 0-3。" });
    const origin = req.Origin ?? "";
    if (!["", "ALL", "TENCENT_KMS", "EXTERNAL"].includes(origin)) ctx.fail("InvalidParameter", { en: "Origin must be TENCENT_KMS, EXTERNAL or ALL.", zh: "Origin 取值为 TENCENT_KMS、EXTERNAL 或 ALL。" });
    const order = req.OrderType ?? 0;
    if (order !== 0 && order !== 1) ctx.fail("InvalidParameter", { en: "OrderType must be 0 or 1.", zh: "OrderType 取值为 0 或 1。" });
    const rootKey = req.KeyId ? (await requireCmk(ctx, req.KeyId)).keyId : undefined;
    const search = (req.SearchKeyAlias ?? "").toLowerCase();
    const keys = (req.Role === 1 ? [] : await liveDataKeys(ctx))
      .filter((dk) => STATE_FILTER[state] === null || dk.keyState === STATE_FILTER[state])
      .filter((dk) => origin === "" || origin === "ALL" || dk.origin === origin)
      .filter((dk) => !rootKey || dk.keyId === rootKey)
      .filter((dk) => !req.DataKeyLen || dk.numberOfBytes === req.DataKeyLen)
      .filter((dk) => !search || dk.dataKeyId.includes(search) || dk.name.toLowerCase().includes(search))
      .filter((dk) => matchesTags(dk.tags, req.TagFilters))
      .sort(newestFirst);
    if (order === 1) keys.reverse();
    return { DataKeyMetadatas: await metadataOf(ctx, keys.slice(offset, offset + limit)), TotalCount: keys.length };
  },

  async EnableDataKey(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    await enableDataKey(ctx, await requireDataKey(ctx, req.DataKeyId));
    return {};
  },
  async DisableDataKey(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    await disableDataKey(ctx, await requireDataKey(ctx, req.DataKeyId));
    return {};
  },
  async EnableDataKeys(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    for (const id of dataKeyIdsOf(ctx, req.DataKeyIds)) await enableDataKey(ctx, await requireDataKey(ctx, id, "DataKeyIds"));
    return {};
  },
  async DisableDataKeys(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    for (const id of dataKeyIdsOf(ctx, req.DataKeyIds)) await disableDataKey(ctx, await requireDataKey(ctx, id, "DataKeyIds"));
    return {};
  },

  async ScheduleDataKeyDeletion(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    checkPendingWindow(ctx, req.PendingWindowInDays);
    const dk = await requireDataKey(ctx, req.DataKeyId);
    if (dk.keyState === "PendingDelete") stateNotSupported(ctx, dk, "scheduling deletion");
    const deletionDate = nowSeconds(ctx) + req.PendingWindowInDays * 86_400;
    await saveDataKey(ctx, { ...dk, keyState: "PendingDelete", deletionDate });
    return { DeletionDate: deletionDate, DataKeyId: dk.dataKeyId };
  },

  async CancelDataKeyDeletion(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    const dk = await requireDataKey(ctx, req.DataKeyId);
    if (dk.keyState !== "PendingDelete") {
      ctx.fail("ResourceUnavailable.DataKeyNotPendingDelete", {
        en: `The data key (${dk.dataKeyId}) is ${dk.keyState}, not PendingDelete: there is no deletion to cancel.`,
        zh: `数据密钥 (${dk.dataKeyId}) 不是计划删除状态，不能取消计划删除。`,
      });
    }
    await saveDataKey(ctx, { ...dk, keyState: "Disabled", deletionDate: 0 });
    return { DataKeyId: dk.dataKeyId };
  },

  async UpdateDataKeyName(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    const name = checkDataKeyName(ctx, req.DataKeyName);
    const dk = await requireDataKey(ctx, req.DataKeyId);
    if (dk.name !== name) {
      await checkNameFree(ctx, name);
      await renameDataKey(ctx, dk, name);
    }
    return {};
  },

  async UpdateDataKeyDescription(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    const description = checkDataKeyDescription(ctx, req.Description);
    const dk = await requireDataKey(ctx, req.DataKeyId);
    await saveDataKey(ctx, { ...dk, description });
    return {};
  },

  async GetDataKeyPlaintext(ctx, req) {
    const dk = await requireDataKey(ctx, req.DataKeyId);
    if (dk.keyState === "Disabled") ctx.fail("ResourceUnavailable.DataKeyDisabled", { en: `The data key (${dk.dataKeyId}) is disabled.`, zh: `数据密钥 (${dk.dataKeyId}) 已禁用。` });
    if (dk.keyState === "PendingDelete") {
      ctx.fail("ResourceUnavailable.DataKeyPendingDelete", { en: `The data key (${dk.dataKeyId}) is pending deletion.`, zh: `数据密钥 (${dk.dataKeyId}) 已计划删除。` });
    }
    const { plaintext } = await decryptBlob(ctx, dk.ciphertextBlob, contextBytes(ctx, dk.encryptionContext));
    return { Plaintext: plaintextForCaller(ctx, plaintext, req.EncryptionPublicKey, req.EncryptionAlgorithm) };
  },

  async GetDataKeyCiphertextBlob(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    const dk = await requireDataKey(ctx, req.DataKeyId);
    if (dk.keyState === "PendingDelete") stateNotSupported(ctx, dk, "downloading the ciphertext");
    return { CiphertextBlob: dk.ciphertextBlob };
  },
};
