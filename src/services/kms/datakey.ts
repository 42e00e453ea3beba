import type { DataKeyMetadata } from "tencentcloud-sdk-nodejs/tencentcloud/services/kms/v20190118/kms_models";
import { expectWork } from "./agenda";
import { cmks, NOT_REPLICATED, resourceId } from "./cmk";
import { nowSeconds, UUID, type Ctx, type Tag } from "./formats";

/**
 * Data keys KMS keeps for you (IsHostedByKms=1, ImportDataKey): the data key is stored only as the
 * CiphertextBlob its CMK produced, so reading its plaintext needs the CMK to be usable.
 */
export interface DataKey {
  dataKeyId: string;
  keyId: string;
  name: string;
  description: string;
  numberOfBytes: number;
  createTime: number;
  keyState: "Enabled" | "Disabled" | "PendingDelete";
  deletionDate: number;
  origin: "TENCENT_KMS" | "EXTERNAL";
  creatorUin: string;
  ownerUin: string;
  appId: number;
  ciphertextBlob: string;
  /** The EncryptionContext the blob was sealed with (needed to decrypt it). */
  encryptionContext: string;
  tags: Tag[];
}

/**
 * Hosted data keys per account and region. The real number depends on the purchased package
 * (GetServiceStatus DataKeyLimit) and is not published; this is tclocal's choice.
 */
export const DATA_KEY_LIMIT = 1000;

export const dataKeys = (ctx: Ctx) => ctx.docs<DataKey>("datakey");
const names = (ctx: Ctx) => ctx.docs<{ dataKeyId: string }>("datakey-name");

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$/;

export function checkDataKeyName(ctx: Ctx, name: string | undefined): string {
  if (!name || !NAME.test(name)) {
    ctx.fail("InvalidParameterValue.InvalidDataKeyName", {
      en: `The data key name \`${name ?? ""}\` is invalid: use 1 to 60 letters, digits, - and _, starting with a letter or a digit.`,
      zh: `数据密钥名称 \`${name ?? ""}\` 不合法：需为 1-60 个字母、数字、- 和 _ 的组合，首字符为字母或数字。`,
    });
  }
  return name;
}

export async function checkNameFree(ctx: Ctx, name: string): Promise<void> {
  if (await names(ctx).has(name)) {
    ctx.fail("InvalidParameterValue.DataKeyNameAlreadyExists", { en: `The data key name ${name} is already used.`, zh: `数据密钥名称 ${name} 已存在。` });
  }
}

export function checkDataKeyDescription(ctx: Ctx, description: string | undefined): string {
  const d = description ?? "";
  if (Buffer.byteLength(d) > 100) ctx.fail("InvalidParameterValue", { en: "Description must be at most 100 bytes.", zh: "描述信息最大 100 字节。" });
  return d;
}

export async function checkDataKeyQuota(ctx: Ctx): Promise<void> {
  if ((await dataKeys(ctx).count()) >= DATA_KEY_LIMIT) {
    ctx.fail("LimitExceeded.DataKeyLimitExceeded", {
      en: `This account already hosts ${DATA_KEY_LIMIT} data keys in ${ctx.region}, the limit.`,
      zh: `当前账号在 ${ctx.region} 托管的数据密钥数量已达上限 ${DATA_KEY_LIMIT}。`,
    });
  }
}

export async function hostDataKey(ctx: Ctx, dk: DataKey): Promise<DataKey> {
  await dataKeys(ctx).insert(dk.dataKeyId, dk);
  await names(ctx).insert(dk.name, { dataKeyId: dk.dataKeyId });
  ctx.touch(dk.dataKeyId);
  return dk;
}

export async function saveDataKey(ctx: Ctx, dk: DataKey): Promise<void> {
  await dataKeys(ctx).update(dk.dataKeyId, dk);
  if (dk.keyState === "PendingDelete") await expectWork(ctx, dk.deletionDate);
}

export async function renameDataKey(ctx: Ctx, dk: DataKey, name: string): Promise<void> {
  await names(ctx).delete(dk.name);
  await names(ctx).insert(name, { dataKeyId: dk.dataKeyId });
  await saveDataKey(ctx, { ...dk, name });
}

/** Gone once its deletion date passed (undefined). */
export async function settleDataKey(ctx: Ctx, dk: DataKey): Promise<DataKey | undefined> {
  if (dk.keyState === "PendingDelete" && nowSeconds(ctx) >= dk.deletionDate) {
    await dataKeys(ctx).delete(dk.dataKeyId);
    if ((await names(ctx).get(dk.name))?.dataKeyId === dk.dataKeyId) await names(ctx).delete(dk.name);
    return undefined;
  }
  return dk;
}

export const dataKeyDue = (dk: DataKey) => (dk.keyState === "PendingDelete" ? dk.deletionDate : Infinity);

function dataKeyIdOf(ctx: Ctx, value: string, member: string): string {
  if (typeof value !== "string" || !UUID.test(value)) {
    ctx.fail("InvalidParameterValue.InvalidDataKeyId", {
      en: `The ${member} \`${value}\` is not a valid DataKeyId: it is a UUID such as 2a87094f-4c0e-11f0-8c25-52540073b995.`,
      zh: `${member} \`${value}\` 不合法，数据密钥 ID 应为 UUID 格式。`,
    });
  }
  return value.toLowerCase();
}

export async function requireDataKey(ctx: Ctx, value: string, member = "DataKeyId"): Promise<DataKey> {
  const id = dataKeyIdOf(ctx, value, member);
  const stored = await dataKeys(ctx).get(id);
  const dk = stored && (await settleDataKey(ctx, stored));
  if (!dk) ctx.fail("ResourceUnavailable.DataKeyNotFound", { en: `The data key (${id}) does not exist.`, zh: `数据密钥 (${id}) 不存在。` });
  ctx.touch(id);
  return dk;
}

/** 1 to 100 distinct, well-formed DataKeyIds. */
export function dataKeyIdsOf(ctx: Ctx, values: string[]): string[] {
  if (values.length === 0 || values.length > 100) {
    ctx.fail("InvalidParameterValue", { en: "DataKeyIds must name 1 to 100 data keys.", zh: "DataKeyIds 需包含 1 到 100 个数据密钥。" });
  }
  const ids = values.map((v) => dataKeyIdOf(ctx, v, "DataKeyIds"));
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) {
      ctx.fail("InvalidParameterValue.DuplicatedDataKeyId", { en: `The DataKeyId ${id} appears more than once.`, zh: `DataKeyIds 中 ${id} 重复。` });
    }
    seen.add(id);
  }
  return ids;
}

export async function dataKeyMetadata(ctx: Ctx, dk: DataKey): Promise<Required<DataKeyMetadata>> {
  const cmk = await cmks(ctx).get(dk.keyId);
  return {
    DataKeyId: dk.dataKeyId,
    KeyId: dk.keyId,
    KeyName: cmk?.alias ?? "",
    DataKeyName: dk.name,
    NumberOfBytes: dk.numberOfBytes,
    CreateTime: dk.createTime,
    Description: dk.description,
    KeyState: dk.keyState,
    CreatorUin: Number(dk.creatorUin),
    Owner: "user",
    DeletionDate: dk.deletionDate,
    Origin: dk.origin,
    HsmClusterId: "",
    ResourceId: resourceId(dk.creatorUin, dk.dataKeyId),
    ...NOT_REPLICATED,
    AccountAppId: dk.appId,
    AccountUin: Number(dk.ownerUin),
    AccountName: "",
    CreatorUinString: dk.creatorUin,
  };
}
