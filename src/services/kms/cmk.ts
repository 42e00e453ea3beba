import type { KeyMetadata } from "tencentcloud-sdk-nodejs/tencentcloud/services/kms/v20190118/kms_models";
import { expectWork } from "./agenda";
import { generateMaterial, type Material } from "./crypto/material";
import { keyIdOf, nowSeconds, type Ctx, type Tag } from "./formats";
import { usageInfo, type KeyUsage } from "./key-usage";

/** A customer master key: its metadata. Key material lives apart (CmkMaterial) and is never answered. */
export type KeyState = "Enabled" | "Disabled" | "PendingDelete" | "PendingImport" | "Archived";

export interface Cmk {
  keyId: string;
  alias: string;
  description: string;
  /** Epoch seconds. */
  createTime: number;
  keyState: KeyState;
  keyUsage: KeyUsage;
  origin: "TENCENT_KMS" | "EXTERNAL";
  /** The root account or sub-user that created the key (ResourceId `creatorUin/<uin>/<keyId>`). */
  creatorUin: string;
  ownerUin: string;
  appId: number;
  rotation: { enabled: boolean; rotateDays: number; nextRotateTime: number; lastRotateTime: number };
  /** Epoch seconds when PendingDelete, else 0. */
  deletionDate: number;
  /** EXTERNAL keys: epoch seconds the imported material expires, 0 = never. */
  validTo: number;
  /** The version Encrypt uses; 0 while an EXTERNAL key has no material. */
  currentVersion: number;
  tags: Tag[];
}

export interface KeyVersion extends Material {
  version: number;
  createdAt: number;
}

/** Secret material of a CMK, one document per key in its own collection. */
export interface CmkMaterial {
  versions: KeyVersion[];
  /** EXTERNAL keys: SHA-256 of the imported material, kept after deletion so only the same material re-imports. */
  importedDigest?: string;
  /** EXTERNAL keys: the latest GetParametersForImport wrapping key and token. */
  importParameters?: { token: string; wrappingKey: string; algorithm: string; validTo: number };
}

export const DEFAULT_ROTATE_DAYS = 365;
export const DAY = 86_400;

/** Real: "每账户每区域下限制创建200个 CMK，计划删除状态下的除外" (keys pending deletion do not count). */
export const CMK_LIMIT = 200;

export const cmks = (ctx: Ctx) => ctx.docs<Cmk>("cmk");
export const materials = (ctx: Ctx) => ctx.docs<CmkMaterial>("cmk-material");
const aliases = (ctx: Ctx) => ctx.docs<{ keyId: string }>("alias");
const bindings = (ctx: Ctx) => ctx.docs<{ keyId: string; productId: string; resourceId: string }>("binding");

export function aliasTaken(ctx: Ctx, alias: string): Promise<boolean> {
  return aliases(ctx).has(alias);
}

export async function createCmk(ctx: Ctx, init: { keyId: string; alias: string; description: string; keyUsage: KeyUsage; external: boolean; tags: Tag[] }): Promise<Cmk> {
  const now = nowSeconds(ctx);
  const cmk: Cmk = {
    keyId: init.keyId,
    alias: init.alias,
    description: init.description,
    createTime: now,
    keyState: init.external ? "PendingImport" : "Enabled",
    keyUsage: init.keyUsage,
    origin: init.external ? "EXTERNAL" : "TENCENT_KMS",
    creatorUin: ctx.caller.subUin ?? ctx.caller.uin,
    ownerUin: ctx.caller.uin,
    appId: ctx.caller.appId,
    rotation: { enabled: false, rotateDays: DEFAULT_ROTATE_DAYS, nextRotateTime: now + DEFAULT_ROTATE_DAYS * DAY, lastRotateTime: 0 },
    deletionDate: 0,
    validTo: 0,
    currentVersion: init.external ? 0 : 1,
    tags: init.tags,
  };
  const material: CmkMaterial = {
    versions: init.external ? [] : [{ version: 1, createdAt: now, ...generateMaterial(usageInfo(init.keyUsage).family) }],
  };
  await cmks(ctx).insert(cmk.keyId, cmk);
  await materials(ctx).insert(cmk.keyId, material);
  await aliases(ctx).insert(cmk.alias, { keyId: cmk.keyId });
  await expectWork(ctx, nextDue(cmk));
  return cmk;
}

export async function saveCmk(ctx: Ctx, cmk: Cmk): Promise<void> {
  await cmks(ctx).update(cmk.keyId, cmk);
  await expectWork(ctx, nextDue(cmk));
}

export async function renameCmk(ctx: Ctx, cmk: Cmk, alias: string): Promise<void> {
  await aliases(ctx).delete(cmk.alias);
  await aliases(ctx).insert(alias, { keyId: cmk.keyId });
  await saveCmk(ctx, { ...cmk, alias });
}

/** Removes a key for good (its deletion date passed). */
export async function purgeCmk(ctx: Ctx, cmk: Cmk): Promise<void> {
  await cmks(ctx).delete(cmk.keyId);
  await materials(ctx).delete(cmk.keyId);
  if ((await aliases(ctx).get(cmk.alias))?.keyId === cmk.keyId) await aliases(ctx).delete(cmk.alias);
  for (const b of await bindings(ctx).all(cmk.keyId)) await bindings(ctx).delete(bindingId(b.keyId, b.productId, b.resourceId));
}

export async function materialOf(ctx: Ctx, keyId: string): Promise<CmkMaterial> {
  return (await materials(ctx).get(keyId)) ?? { versions: [] };
}

export async function saveMaterial(ctx: Ctx, keyId: string, material: CmkMaterial): Promise<void> {
  await materials(ctx).put(keyId, material);
}

export async function versionOf(ctx: Ctx, keyId: string, version: number): Promise<KeyVersion | undefined> {
  return (await materialOf(ctx, keyId)).versions.find((v) => v.version === version);
}

/** Adds a version with fresh material; Encrypt uses it from now on, older versions still decrypt. */
export async function addVersion(ctx: Ctx, cmk: Cmk, at: number): Promise<Cmk> {
  const material = await materialOf(ctx, cmk.keyId);
  const version = Math.max(0, ...material.versions.map((v) => v.version)) + 1;
  material.versions.push({ version, createdAt: at, ...generateMaterial(usageInfo(cmk.keyUsage).family) });
  await saveMaterial(ctx, cmk.keyId, material);
  return { ...cmk, currentVersion: version, rotation: { ...cmk.rotation, lastRotateTime: at, nextRotateTime: at + cmk.rotation.rotateDays * DAY } };
}

/**
 * Applies what the emulator clock made due to one key: it is gone once DeletionDate passed (undefined),
 * imported material that reached ValidTo is removed (PendingImport), and automatic rotation adds a version
 * per RotateDays (rotations a clock jump skipped over collapse into one). Reads and the agenda sweep share it.
 */
export async function settle(ctx: Ctx, cmk: Cmk): Promise<Cmk | undefined> {
  const now = nowSeconds(ctx);
  if (cmk.keyState === "PendingDelete" && now >= cmk.deletionDate) {
    await purgeCmk(ctx, cmk);
    return undefined;
  }
  let next = cmk;
  if (next.origin === "EXTERNAL" && next.validTo > 0 && now >= next.validTo && next.currentVersion > 0) {
    await saveMaterial(ctx, next.keyId, { ...(await materialOf(ctx, next.keyId)), versions: [] });
    next = { ...next, currentVersion: 0, keyState: next.keyState === "PendingDelete" ? next.keyState : "PendingImport" };
  }
  const r = next.rotation;
  if (r.enabled && now >= r.nextRotateTime) {
    const period = r.rotateDays * DAY;
    const last = r.nextRotateTime + Math.floor((now - r.nextRotateTime) / period) * period;
    next =
      next.keyState === "Enabled"
        ? await addVersion(ctx, next, last)
        : { ...next, rotation: { ...r, nextRotateTime: last + period } };
  }
  if (next !== cmk) await saveCmk(ctx, next);
  return next;
}

/** When settle has work for this key next (epoch seconds), or Infinity. */
export function nextDue(cmk: Cmk): number {
  let due = Infinity;
  if (cmk.keyState === "PendingDelete") due = Math.min(due, cmk.deletionDate);
  if (cmk.origin === "EXTERNAL" && cmk.validTo > 0 && cmk.currentVersion > 0) due = Math.min(due, cmk.validTo);
  if (cmk.rotation.enabled) due = Math.min(due, cmk.rotation.nextRotateTime);
  return due;
}

/** The key, or undefined when it does not exist (in this account and region) or its deletion came due. */
export async function findCmk(ctx: Ctx, keyId: string): Promise<Cmk | undefined> {
  const cmk = await cmks(ctx).get(keyId);
  return cmk ? settle(ctx, cmk) : undefined;
}

/** The key a request names: InvalidKeyId when malformed, CmkNotFound when unknown, foreign or deleted. */
export async function requireCmk(ctx: Ctx, value: string, member = "KeyId"): Promise<Cmk> {
  const keyId = keyIdOf(ctx, value, member);
  const cmk = await findCmk(ctx, keyId);
  if (!cmk) {
    ctx.fail("ResourceUnavailable.CmkNotFound", { en: `The CMK (${keyId}) does not exist.`, zh: `CMK (${keyId}) 不存在。` });
  }
  ctx.touch(keyId);
  return cmk;
}

export function bindingId(keyId: string, productId: string, resourceId: string): string {
  return `${keyId}/${productId}/${resourceId}`;
}

export { bindings };

export async function isBound(ctx: Ctx, keyId: string): Promise<boolean> {
  return (await bindings(ctx).count(keyId)) > 0;
}

export function resourceId(creatorUin: string, id: string): string {
  return `creatorUin/${creatorUin}/${id}`;
}

/** tclocal keeps no cross-region replicas: the replication members of CMK and data-key metadata. */
export const NOT_REPLICATED = {
  IsSyncReplica: 0,
  SourceRegion: "",
  SyncStatus: 0,
  SyncMessages: "",
  SyncStartTime: 0,
  SyncEndTime: 0,
  SourceHsmClusterId: "",
} as const;

/** KeyMetadata as DescribeKey answers it. */
export function keyMetadata(cmk: Cmk): Required<KeyMetadata> {
  return {
    KeyId: cmk.keyId,
    Alias: cmk.alias,
    CreateTime: cmk.createTime,
    Description: cmk.description,
    KeyState: cmk.keyState,
    KeyUsage: cmk.keyUsage,
    Type: 2, // FIPS 140-2 (4 would be a 国密 region)
    CreatorUin: Number(cmk.creatorUin),
    KeyRotationEnabled: cmk.rotation.enabled,
    Owner: "user",
    NextRotateTime: cmk.rotation.nextRotateTime,
    DeletionDate: cmk.deletionDate,
    Origin: cmk.origin,
    ValidTo: cmk.validTo,
    ResourceId: resourceId(cmk.creatorUin, cmk.keyId),
    HsmClusterId: "",
    RotateDays: cmk.rotation.rotateDays,
    LastRotateTime: cmk.rotation.lastRotateTime,
    ...NOT_REPLICATED,
    AccountAppId: cmk.appId,
    AccountUin: Number(cmk.ownerUin),
    AccountName: "",
    CreatorUinString: cmk.creatorUin,
  };
}
