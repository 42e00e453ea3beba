import { isBound, type Cmk, type KeyState } from "./cmk";
import { nowSeconds, type Ctx } from "./formats";
import { usageInfo, type KeyRole } from "./key-usage";

/**
 * The CMK state machine:
 *
 *   Enabled ⇄ Disabled            EnableKey / DisableKey (not while bound to a cloud resource)
 *   Enabled ⇄ Archived            ArchiveKey / CancelKeyArchive (archived keys only decrypt)
 *   Disabled → PendingDelete      ScheduleKeyDeletion (7–30 days); gone once DeletionDate passes
 *   PendingDelete → Disabled      CancelKeyDeletion (PendingImport for an EXTERNAL key without material)
 *   PendingImport → Enabled       ImportKeyMaterial (EXTERNAL keys); DeleteImportedKeyMaterial or material
 *                                 expiry go back to PendingImport
 */

const id = (cmk: Cmk) => cmk.keyId;

function stateNotSupported(ctx: Ctx, cmk: Cmk, what: string): never {
  ctx.fail("ResourceUnavailable.CmkStateNotSupport", {
    en: `The CMK (${id(cmk)}) is ${cmk.keyState}; ${what} is not supported in this state.`,
    zh: `CMK (${id(cmk)}) 当前状态为 ${cmk.keyState}，不支持${what}。`,
  });
}

async function usedByCloudProduct(ctx: Ctx, cmk: Cmk): Promise<void> {
  if (await isBound(ctx, cmk.keyId)) {
    ctx.fail("FailedOperation.CmkUsedByCloudProduct", {
      en: `The CMK (${id(cmk)}) is used by a cloud product resource; unbind it before this operation.`,
      zh: `CMK (${id(cmk)}) 正在被云产品使用，请先解除绑定。`,
    });
  }
}

export function enable(ctx: Ctx, cmk: Cmk): Cmk {
  if (cmk.keyState === "Enabled") return cmk;
  if (cmk.keyState !== "Disabled") stateNotSupported(ctx, cmk, "enabling");
  return { ...cmk, keyState: "Enabled" };
}

export async function disable(ctx: Ctx, cmk: Cmk): Promise<Cmk> {
  await usedByCloudProduct(ctx, cmk);
  if (cmk.keyState === "Disabled") return cmk;
  if (cmk.keyState !== "Enabled") stateNotSupported(ctx, cmk, "disabling");
  return { ...cmk, keyState: "Disabled" };
}

export async function archive(ctx: Ctx, cmk: Cmk): Promise<Cmk> {
  await usedByCloudProduct(ctx, cmk);
  if (cmk.keyState === "Archived") return cmk;
  if (cmk.keyState !== "Enabled") stateNotSupported(ctx, cmk, "archiving");
  return { ...cmk, keyState: "Archived" };
}

export function cancelArchive(ctx: Ctx, cmk: Cmk): Cmk {
  if (cmk.keyState !== "Archived") stateNotSupported(ctx, cmk, "cancelling the archive");
  return { ...cmk, keyState: "Enabled" };
}

export function checkPendingWindow(ctx: Ctx, days: number): void {
  if (!Number.isInteger(days) || days < 7 || days > 30) {
    ctx.fail("InvalidParameter.InvalidPendingWindowInDays", {
      en: `PendingWindowInDays must be an integer from 7 to 30, not ${days}.`,
      zh: `PendingWindowInDays 取值范围为 7-30 的整数，当前为 ${days}。`,
    });
  }
}

export async function scheduleDeletion(ctx: Ctx, cmk: Cmk, days: number): Promise<Cmk> {
  await usedByCloudProduct(ctx, cmk);
  if (cmk.keyState === "Enabled" || cmk.keyState === "Archived") {
    ctx.fail("ResourceUnavailable.CmkShouldBeDisabled", {
      en: `The CMK (${id(cmk)}) is ${cmk.keyState}; disable it before scheduling its deletion.`,
      zh: `CMK (${id(cmk)}) 未被禁用，不能计划删除。`,
    });
  }
  if (cmk.keyState !== "Disabled" && cmk.keyState !== "PendingImport") stateNotSupported(ctx, cmk, "scheduling deletion");
  return { ...cmk, keyState: "PendingDelete", deletionDate: nowSeconds(ctx) + days * 86_400 };
}

export function cancelDeletion(ctx: Ctx, cmk: Cmk): Cmk {
  if (cmk.keyState !== "PendingDelete") {
    ctx.fail("ResourceUnavailable.CmkNotPendingDelete", {
      en: `The CMK (${id(cmk)}) is ${cmk.keyState}, not PendingDelete: there is no deletion to cancel.`,
      zh: `CMK (${id(cmk)}) 不是计划删除状态，不能取消计划删除。`,
    });
  }
  const state: KeyState = cmk.currentVersion === 0 ? "PendingImport" : "Disabled";
  return { ...cmk, keyState: state, deletionDate: 0 };
}

/** UpdateAlias, UpdateKeyDescription: "CMKs in PendingDelete status cannot be modified". */
export function checkModifiable(ctx: Ctx, cmk: Cmk): void {
  if (cmk.keyState === "PendingDelete") stateNotSupported(ctx, cmk, "modification");
}

const ROLE_NAMES: Record<KeyRole, string> = {
  symmetric: "a symmetric ENCRYPT_DECRYPT key",
  decrypt: "an asymmetric decryption key",
  sign: "an asymmetric signing key",
  "pqc-encrypt": "a post-quantum Kyber_AES encryption key",
  "pqc-sign": "a post-quantum Dilithium signing key",
};

/** InvalidKeyUsage unless the key's KeyUsage is one the action works with. */
export function requireRole(ctx: Ctx, cmk: Cmk, ...roles: KeyRole[]): void {
  if (!roles.includes(usageInfo(cmk.keyUsage).role)) {
    ctx.fail("InvalidParameterValue.InvalidKeyUsage", {
      en: `The CMK (${id(cmk)}) has KeyUsage ${cmk.keyUsage}; this operation needs ${roles.map((r) => ROLE_NAMES[r]).join(" or ")}.`,
      zh: `CMK (${id(cmk)}) 的 KeyUsage 为 ${cmk.keyUsage}，不支持该操作。`,
    });
  }
}

function unavailable(ctx: Ctx, cmk: Cmk, what: string): never {
  switch (cmk.keyState) {
    case "Disabled":
      ctx.fail("ResourceUnavailable.CmkDisabled", { en: `The CMK (${id(cmk)}) is disabled.`, zh: `CMK (${id(cmk)}) 已被禁用。` });
    case "Archived":
      ctx.fail("ResourceUnavailable.CmkArchived", {
        en: `The CMK (${id(cmk)}) is archived: it can only decrypt.`,
        zh: `CMK (${id(cmk)}) 已归档，只能用于解密。`,
      });
    case "PendingDelete":
      ctx.fail("ResourceUnavailable.KeyPendingDelete", {
        en: `The CMK (${id(cmk)}) is pending deletion and cannot be used.`,
        zh: `CMK (${id(cmk)}) 处于计划删除状态，不可用。`,
      });
    default:
      stateNotSupported(ctx, cmk, what);
  }
}

/** Encrypt, GenerateDataKey, ReEncrypt's destination: only Enabled keys. */
export function requireEncryptable(ctx: Ctx, cmk: Cmk): void {
  if (cmk.keyState !== "Enabled") unavailable(ctx, cmk, "encryption");
}

/** Decrypt: Enabled and Archived keys. */
export function requireDecryptable(ctx: Ctx, cmk: Cmk): void {
  if (cmk.keyState !== "Enabled" && cmk.keyState !== "Archived") unavailable(ctx, cmk, "decryption");
}

/** Asymmetric operations (decrypt, sign, verify, GetPublicKey): only Enabled keys. */
export function requireEnabled(ctx: Ctx, cmk: Cmk, what: string): void {
  if (cmk.keyState !== "Enabled") stateNotSupported(ctx, cmk, what);
}
