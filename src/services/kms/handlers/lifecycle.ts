import { addVersion, DAY, requireCmk, saveCmk, type Cmk } from "../cmk";
import * as state from "../cmk-state";
import { keyIdOf, keyIdsOf, nowSeconds, refuseMemberAccount, timeUuid, type Ctx } from "../formats";
import type { KmsHandlers } from "./types";

/** The CMK state machine's actions (cmk-state.ts) and key rotation. */

/** A step of the state machine; the ones that check bindings read the store. */
type Step = (ctx: Ctx, cmk: Cmk) => Cmk | Promise<Cmk>;

async function transition(ctx: Ctx, keyId: string, step: Step, member = "KeyId"): Promise<Cmk> {
  const cmk = await requireCmk(ctx, keyId, member);
  const next = await step(ctx, cmk);
  if (next !== cmk) await saveCmk(ctx, next);
  return next;
}

/** Batch actions change every key or none (the call is one transaction). */
async function transitionAll(ctx: Ctx, keyIds: string[], step: Step): Promise<void> {
  for (const id of keyIdsOf(ctx, keyIds)) await transition(ctx, id, step, "KeyIds");
}

function rotatable(ctx: Ctx, cmk: Cmk): void {
  if (cmk.origin === "EXTERNAL") {
    ctx.fail("UnsupportedOperation.ExternalCmkCanNotRotate", {
      en: `The CMK (${cmk.keyId}) holds imported (EXTERNAL) key material, which cannot rotate.`,
      zh: `CMK (${cmk.keyId}) 为用户导入类型，禁止轮换。`,
    });
  }
  if (cmk.keyUsage !== "ENCRYPT_DECRYPT") {
    ctx.fail("UnsupportedOperation.RotateNotSupported", {
      en: `The CMK (${cmk.keyId}) is an asymmetric key (${cmk.keyUsage}); only symmetric keys rotate.`,
      zh: `CMK (${cmk.keyId}) 为非对称密钥，不支持轮换。`,
    });
  }
}

/** "默认24小时内仅可轮转一次". */
const ROTATE_INTERVAL = DAY;

export const lifecycleHandlers: KmsHandlers = {
  async EnableKey(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    await transition(ctx, req.KeyId, state.enable);
    return {};
  },
  async DisableKey(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    await transition(ctx, req.KeyId, state.disable);
    return {};
  },
  async EnableKeys(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    await transitionAll(ctx, req.KeyIds, state.enable);
    return {};
  },
  async DisableKeys(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    await transitionAll(ctx, req.KeyIds, state.disable);
    return {};
  },
  async ArchiveKey(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    await transition(ctx, req.KeyId, state.archive);
    return {};
  },
  async CancelKeyArchive(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    await transition(ctx, req.KeyId, state.cancelArchive);
    return {};
  },
  async ScheduleKeyDeletion(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    keyIdOf(ctx, req.KeyId);
    state.checkPendingWindow(ctx, req.PendingWindowInDays);
    const cmk = await transition(ctx, req.KeyId, (c, k) => state.scheduleDeletion(c, k, req.PendingWindowInDays));
    return { DeletionDate: cmk.deletionDate, KeyId: cmk.keyId };
  },
  async CancelKeyDeletion(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    const cmk = await transition(ctx, req.KeyId, state.cancelDeletion);
    return { KeyId: cmk.keyId };
  },

  async EnableKeyRotation(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    const days = req.RotateDays ?? 365;
    if (!Number.isInteger(days) || days < 7 || days > 365) {
      ctx.fail("InvalidParameterValue", {
        en: `RotateDays must be an integer from 7 to 365, not ${days}.`,
        zh: `RotateDays 取值范围为 7-365 的整数，当前为 ${days}。`,
      });
    }
    const cmk = await requireCmk(ctx, req.KeyId);
    rotatable(ctx, cmk);
    if (cmk.keyState === "PendingDelete" || cmk.keyState === "PendingImport") {
      ctx.fail("ResourceUnavailable.CmkStateNotSupport", {
        en: `The CMK (${cmk.keyId}) is ${cmk.keyState}; key rotation cannot be enabled in this state.`,
        zh: `CMK (${cmk.keyId}) 当前状态为 ${cmk.keyState}，不支持开启轮换。`,
      });
    }
    // The next rotation is RotateDays after the last one (or after creation when it never rotated).
    const from = cmk.rotation.lastRotateTime || cmk.createTime;
    const next = Math.max(from + days * DAY, nowSeconds(ctx) + 1);
    await saveCmk(ctx, { ...cmk, rotation: { ...cmk.rotation, enabled: true, rotateDays: days, nextRotateTime: next } });
    return {};
  },

  async DisableKeyRotation(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    const cmk = await requireCmk(ctx, req.KeyId);
    if (cmk.rotation.enabled) await saveCmk(ctx, { ...cmk, rotation: { ...cmk.rotation, enabled: false } });
    return {};
  },

  async GetKeyRotationStatus(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    return { KeyRotationEnabled: (await requireCmk(ctx, req.KeyId)).rotation.enabled };
  },

  async RotateKey(ctx, req) {
    refuseMemberAccount(ctx, req.MemberAccount);
    const cmk = await requireCmk(ctx, req.KeyId);
    rotatable(ctx, cmk);
    if (!cmk.rotation.enabled) {
      ctx.fail("UnsupportedOperation.RotateNotSupported", {
        en: `Key rotation is not enabled for the CMK (${cmk.keyId}); call EnableKeyRotation first.`,
        zh: `CMK (${cmk.keyId}) 未开启密钥轮换，请先调用 EnableKeyRotation。`,
      });
    }
    if (cmk.keyState !== "Enabled") {
      ctx.fail("ResourceUnavailable.CmkStateNotSupport", {
        en: `The CMK (${cmk.keyId}) is ${cmk.keyState}; only Enabled keys rotate.`,
        zh: `CMK (${cmk.keyId}) 当前状态为 ${cmk.keyState}，不支持轮换。`,
      });
    }
    const now = nowSeconds(ctx);
    if (cmk.rotation.lastRotateTime && now - cmk.rotation.lastRotateTime < ROTATE_INTERVAL) {
      ctx.fail("RequestLimitExceeded.RotateRateLimited", {
        en: `The CMK (${cmk.keyId}) rotated less than 24 hours ago; a key rotates at most once per 24 hours.`,
        zh: `CMK (${cmk.keyId}) 24 小时内已轮转，默认 24 小时内仅可轮转一次。`,
      });
    }
    await saveCmk(ctx, await addVersion(ctx, cmk, now));
    return { TaskId: timeUuid(ctx.now()) };
  },
};
