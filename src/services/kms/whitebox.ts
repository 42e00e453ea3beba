import { createCipheriv, randomBytes } from "node:crypto";
import type { WhiteboxKeyInfo } from "tencentcloud-sdk-nodejs/tencentcloud/services/kms/v20190118/kms_models";
import { UUID, type Ctx, type Tag } from "./formats";

/**
 * White-box keys. The real EncryptKey/DecryptKey are white-box tables for Tencent's white-box SDK, a
 * proprietary format; tclocal hands out a stand-in with the same 6-byte prefix the real ones carry
 * (`AACAAAAA…` in base64) followed by a role byte (1 encrypt, 2 decrypt), an algorithm byte (1 AES_256,
 * 2 SM4) and the raw key, so a test can decrypt EncryptByWhiteBox output (CBC, PKCS#7) locally.
 */
export interface WhiteBoxKey {
  keyId: string;
  alias: string;
  description: string;
  algorithm: "AES_256" | "SM4";
  status: "Enabled" | "Disabled";
  createTime: number;
  creatorUin: string;
  ownerUin: string;
  /** The raw key, base64. */
  key: string;
  fingerprints: { Identity: string; Description: string }[];
  tags: Tag[];
}

/** "密钥个数的上限为 50" (CreateWhiteBoxKey). */
export const WHITEBOX_LIMIT = 50;
export const FINGERPRINT_LIMIT = 200;
export const FINGERPRINT = /^[0-9a-f]{8}[-][0-9a-f]{14}[-][0-9a-f]{14}[-][0-9a-f]{14}[-][0-9a-f]{16}$/;

export const whiteBoxKeys = (ctx: Ctx) => ctx.docs<WhiteBoxKey>("whitebox");
export const whiteBoxAliases = (ctx: Ctx) => ctx.docs<{ keyId: string }>("whitebox-alias");
const settings = (ctx: Ctx) => ctx.docs<{ enabled: boolean }>("settings");

/** Whether the account bought the white-box service in this region (on unless a control route turned it off). */
export async function whiteBoxServiceEnabled(ctx: Ctx): Promise<boolean> {
  return (await settings(ctx).get("whitebox-service"))?.enabled ?? true;
}

export async function setWhiteBoxService(ctx: Ctx, enabled: boolean): Promise<void> {
  await settings(ctx).put("whitebox-service", { enabled });
}

export async function requirePurchased(ctx: Ctx): Promise<void> {
  if (!(await whiteBoxServiceEnabled(ctx))) {
    ctx.fail("ResourceUnavailable.NotPurchased", {
      en: `The white-box key service is not purchased in ${ctx.region} for this account.`,
      zh: `当前账号在 ${ctx.region} 尚未开通白盒密钥服务。`,
    });
  }
}

export const keyBytes = (w: WhiteBoxKey) => Buffer.from(w.key, "base64");

export function newWhiteBoxKeyMaterial(algorithm: WhiteBoxKey["algorithm"]): string {
  return randomBytes(algorithm === "AES_256" ? 32 : 16).toString("base64");
}

function exportKey(w: WhiteBoxKey, role: 1 | 2): string {
  const header = Buffer.from([0x00, 0x00, 0x80, 0x00, 0x00, 0x00, role, w.algorithm === "AES_256" ? 1 : 2]);
  return Buffer.concat([header, keyBytes(w)]).toString("base64");
}

export const encryptKey = (w: WhiteBoxKey) => exportKey(w, 1);
export const decryptKey = (w: WhiteBoxKey) => exportKey(w, 2);

export function whiteBoxEncrypt(w: WhiteBoxKey, iv: Buffer, plaintext: Buffer): Buffer {
  const cipher = createCipheriv(w.algorithm === "AES_256" ? "aes-256-cbc" : "sm4-cbc", keyBytes(w), iv);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

export function whiteBoxInfo(w: WhiteBoxKey): Required<WhiteboxKeyInfo> {
  return {
    KeyId: w.keyId,
    Alias: w.alias,
    CreatorUin: Number(w.creatorUin),
    Description: w.description,
    CreateTime: w.createTime,
    Status: w.status,
    OwnerUin: Number(w.ownerUin),
    Algorithm: w.algorithm,
    EncryptKey: encryptKey(w),
    DecryptKey: decryptKey(w),
    ResourceId: `creatorUin/${w.creatorUin}/${w.keyId}`,
    DeviceFingerprintBind: w.fingerprints.length > 0,
  };
}

function whiteBoxIdOf(ctx: Ctx, value: string, member: string): string {
  if (typeof value !== "string" || !UUID.test(value)) {
    ctx.fail("InvalidParameterValue.InvalidKeyId", { en: `The ${member} \`${value}\` is not a valid white-box KeyId (a UUID).`, zh: `${member} \`${value}\` 不合法。` });
  }
  return value.toLowerCase();
}

export async function requireWhiteBoxKey(ctx: Ctx, value: string, member = "KeyId"): Promise<WhiteBoxKey> {
  await requirePurchased(ctx);
  const id = whiteBoxIdOf(ctx, value, member);
  const w = await whiteBoxKeys(ctx).get(id);
  if (!w) ctx.fail("ResourceNotFound", { en: `The white-box key (${id}) does not exist.`, zh: `白盒密钥 (${id}) 不存在。` });
  ctx.touch(id);
  return w;
}

/** 1 to 50 distinct, well-formed white-box KeyIds. */
export async function whiteBoxIdsOf(ctx: Ctx, values: string[]): Promise<string[]> {
  await requirePurchased(ctx);
  if (values.length === 0 || values.length > WHITEBOX_LIMIT) {
    ctx.fail("InvalidParameter", { en: `KeyIds must name 1 to ${WHITEBOX_LIMIT} white-box keys.`, zh: `KeyIds 需包含 1 到 ${WHITEBOX_LIMIT} 个白盒密钥。` });
  }
  const ids = values.map((v) => whiteBoxIdOf(ctx, v, "KeyIds"));
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) ctx.fail("InvalidParameterValue.DuplicatedKeyId", { en: `The KeyId ${id} appears more than once in KeyIds.`, zh: `KeyIds 中 ${id} 重复。` });
    seen.add(id);
  }
  return ids;
}
