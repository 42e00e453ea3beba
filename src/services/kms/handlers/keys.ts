import { aliasTaken, CMK_LIMIT, cmks, createCmk, keyMetadata, renameCmk, requireCmk, saveCmk, type Cmk, type KeyState } from "../cmk";
import { checkModifiable } from "../cmk-state";
import { checkAlias, checkDescription, checkTags, keyIdsOf, matchesTags, paging, refuseHsmCluster, refuseMemberAccount, tagResult, timeUuid, type Ctx } from "../formats";
import { isKeyUsage, type KeyUsage } from "../key-usage";
import type { KmsHandlers } from "./types";

/** CMKs: creation, description, listing, alias and description changes. */

async function aliasFree(ctx: Ctx, alias: string): Promise<void> {
  if (await aliasTaken(ctx, alias)) {
    ctx.fail("InvalidParameterValue.AliasAlreadyExists", {
      en: `The alias ${alias} is already used by another CMK in this region.`,
      zh: `别名 ${alias} 已被本地域的其他 CMK 使用。`,
    });
  }
}

/** Newest first, as the console and ListKeys list keys. */
const newestFirst = (a: Cmk, b: Cmk) => b.createTime - a.createTime || (a.keyId < b.keyId ? 1 : -1);

/** The account's keys in this region, with due deletions and rotations applied. */
function liveKeys(ctx: Ctx): Promise<Cmk[]> {
  return cmks(ctx).all();
}

const STATE_FILTER: Record<number, KeyState | null> = { 0: null, 1: "Enabled", 2: "Disabled", 3: "PendingDelete", 4: "PendingImport", 5: "Archived" };

export const keyHandlers: KmsHandlers = {
  async CreateKey(ctx, req) {
    checkAlias(ctx, req.Alias);
    const description = checkDescription(ctx, req.Description);
    const usage = keyUsageOf(ctx, req.KeyUsage ?? "ENCRYPT_DECRYPT");
    const type = req.Type ?? 1;
    if (type !== 1 && type !== 2) {
      ctx.fail("InvalidParameterValue.InvalidType", {
        en: `Type must be 1 (key material created by KMS) or 2 (EXTERNAL, imported key material), not ${type}.`,
        zh: `Type 取值为 1（KMS 创建密钥材料）或 2（EXTERNAL，导入密钥材料），当前为 ${type}。`,
      });
    }
    if (type === 2 && usage !== "ENCRYPT_DECRYPT") {
      ctx.fail("InvalidParameterValue.InvalidKeyUsage", {
        en: "EXTERNAL keys (Type 2) must have KeyUsage ENCRYPT_DECRYPT: only symmetric key material can be imported.",
        zh: "EXTERNAL 类型（Type 2）的密钥仅支持 ENCRYPT_DECRYPT。",
      });
    }
    refuseHsmCluster(ctx, req.HsmClusterId);
    const tags = checkTags(ctx, req.Tags);
    await aliasFree(ctx, req.Alias);
    if ((await liveKeys(ctx)).filter((k) => k.keyState !== "PendingDelete").length >= CMK_LIMIT) {
      ctx.fail("LimitExceeded.CmkLimitExceeded", {
        en: `This account already has ${CMK_LIMIT} CMKs in ${ctx.region} (keys pending deletion excluded), the limit.`,
        zh: `当前账号在 ${ctx.region} 的 CMK 数量已达上限 ${CMK_LIMIT}（计划删除状态的密钥除外）。`,
      });
    }
    let keyId = timeUuid(ctx.now());
    while (await cmks(ctx).has(keyId)) keyId = timeUuid(ctx.now());
    const cmk = await createCmk(ctx, { keyId, alias: req.Alias, description, keyUsage: usage, external: type === 2, tags });
    ctx.touch(keyId);
    return {
      KeyId: cmk.keyId,
      Alias: cmk.alias,
      CreateTime: cmk.createTime,
      Description: cmk.description,
      KeyState: cmk.keyState,
      KeyUsage: cmk.keyUsage,
      ...tagResult(tags),
      HsmClusterId: "",
    };
  },

  async DescribeKey(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    return { KeyMetadata: keyMetadata(await requireCmk(ctx, req.KeyId)) };
  },

  async DescribeKeys(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    const metadatas = [];
    for (const id of keyIdsOf(ctx, req.KeyIds)) metadatas.push(keyMetadata(await requireCmk(ctx, id, "KeyIds")));
    return { KeyMetadatas: metadatas };
  },

  async ListKeys(ctx, req) {
    refuseHsmCluster(ctx, req.HsmClusterId, true);
    const { offset, limit } = paging(ctx, req.Offset, req.Limit);
    role(ctx, req.Role);
    const keys = req.Role === 1 ? [] : (await liveKeys(ctx)).filter((k) => k.keyState !== "PendingDelete").sort(newestFirst);
    return { Keys: keys.slice(offset, offset + limit).map((k) => ({ KeyId: k.keyId })), TotalCount: keys.length };
  },

  async ListKeyDetail(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccounts);
    refuseHsmCluster(ctx, req.HsmClusterId, true);
    const { offset, limit } = paging(ctx, req.Offset, req.Limit);
    role(ctx, req.Role);
    const state = req.KeyState ?? 0;
    if (!Object.hasOwn(STATE_FILTER, state)) {
      ctx.fail("InvalidParameter", { en: "KeyState must be 0 (all) to 5 (Archived).", zh: "KeyState 取值范围为 0-5。" });
    }
    const origin = req.Origin ?? "";
    if (!["", "ALL", "TENCENT_KMS", "EXTERNAL"].includes(origin)) {
      ctx.fail("InvalidParameter", { en: "Origin must be TENCENT_KMS, EXTERNAL or ALL.", zh: "Origin 取值为 TENCENT_KMS、EXTERNAL 或 ALL。" });
    }
    const usage = req.KeyUsage || "ENCRYPT_DECRYPT"; // "为空则默认筛选ENCRYPT_DECRYPT类型"
    if (usage !== "ALL" && !isKeyUsage(usage)) {
      ctx.fail("InvalidParameter", { en: `KeyUsage ${usage} is not a key usage.`, zh: `KeyUsage ${usage} 不合法。` });
    }
    const search = (req.SearchKeyAlias ?? "").toLowerCase();
    const order = req.OrderType ?? 0;
    if (order !== 0 && order !== 1) ctx.fail("InvalidParameter", { en: "OrderType must be 0 or 1.", zh: "OrderType 取值为 0 或 1。" });
    const keys = (req.Role === 1 ? [] : await liveKeys(ctx))
      .filter((k) => STATE_FILTER[state] === null || k.keyState === STATE_FILTER[state])
      .filter((k) => origin === "" || origin === "ALL" || k.origin === origin)
      .filter((k) => usage === "ALL" || k.keyUsage === usage)
      .filter((k) => !search || k.keyId.includes(search) || k.alias.toLowerCase().includes(search))
      .filter((k) => matchesTags(k.tags, req.TagFilters))
      .sort(newestFirst);
    if (order === 1) keys.reverse();
    return { TotalCount: keys.length, KeyMetadatas: keys.slice(offset, offset + limit).map(keyMetadata) };
  },

  async UpdateAlias(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    checkAlias(ctx, req.Alias);
    const cmk = await requireCmk(ctx, req.KeyId);
    checkModifiable(ctx, cmk);
    if (cmk.alias !== req.Alias) {
      await aliasFree(ctx, req.Alias);
      await renameCmk(ctx, cmk, req.Alias);
    }
    return {};
  },

  async UpdateKeyDescription(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    const description = checkDescription(ctx, req.Description);
    const cmk = await requireCmk(ctx, req.KeyId);
    checkModifiable(ctx, cmk);
    await saveCmk(ctx, { ...cmk, description });
    return {};
  },
};

function keyUsageOf(ctx: Ctx, usage: string): KeyUsage {
  if (!isKeyUsage(usage)) {
    ctx.fail("InvalidParameterValue.InvalidKeyUsage", {
      en: `KeyUsage ${usage} is not supported; ListAlgorithms lists the key usages of this region.`,
      zh: `不支持的 KeyUsage ${usage}，可通过 ListAlgorithms 查询本地域支持的密钥用途。`,
    });
  }
  return usage;
}

function role(ctx: Ctx, value: number | undefined): void {
  if (value !== undefined && value !== 0 && value !== 1) {
    ctx.fail("InvalidParameter", {
      en: "Role must be 0 (keys you created) or 1 (keys cloud products created for you).",
      zh: "Role 取值为 0（用户创建）或 1（云产品创建）。",
    });
  }
}
