import { randomBytes, randomInt } from "node:crypto";
import type { Message } from "../../errors/api-error";
import type { ActionContext } from "../../platform/service";

/** Formats, limits and request checks every KMS action shares. */

export type Ctx = ActionContext<"kms">;

/** KeyIds, DataKeyIds and white-box KeyIds are time-based UUIDs, as the real ones (`…-11ef-8e65-52540089bc41`). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const GREGORIAN_OFFSET_MS = 12_219_292_800_000n; // 1582-10-15 → 1970-01-01

/** A version-1 UUID stamped with emulator time; the node part uses the 52:54:00 prefix real KeyIds carry. */
export function timeUuid(nowMs: number): string {
  const ticks = (BigInt(Math.floor(nowMs)) + GREGORIAN_OFFSET_MS) * 10_000n + BigInt(randomInt(0, 10_000));
  const hex = (n: bigint, width: number) => n.toString(16).padStart(width, "0");
  const timeLow = hex(ticks & 0xffffffffn, 8);
  const timeMid = hex((ticks >> 32n) & 0xffffn, 4);
  const timeHigh = hex(((ticks >> 48n) & 0x0fffn) | 0x1000n, 4);
  const clockSeq = (randomInt(0, 0x4000) | 0x8000).toString(16);
  return `${timeLow}-${timeMid}-${timeHigh}-${clockSeq}-525400${randomBytes(3).toString("hex")}`;
}

export const seconds = (ms: number) => Math.floor(ms / 1000);

/** Epoch seconds of the emulator clock. */
export const nowSeconds = (ctx: Ctx) => seconds(ctx.now());

/** `InvalidParameterValue.InvalidKeyId` unless the value is a KeyId; the normalized (lower-case) id. */
export function keyIdOf(ctx: Ctx, value: string, member = "KeyId"): string {
  if (typeof value !== "string" || !UUID.test(value)) {
    ctx.fail("InvalidParameterValue.InvalidKeyId", {
      en: `The ${member} \`${value}\` is not a valid KeyId: a KeyId is a UUID such as 23e80852-1e38-11e9-b129-5cb9019b4b01.`,
      zh: `${member} \`${value}\` 不合法，KeyId 应为 UUID 格式。`,
    });
  }
  return value.toLowerCase();
}

/** A batch of KeyIds (1–100 distinct, well-formed). */
export function keyIdsOf(ctx: Ctx, values: string[], max = 100): string[] {
  if (values.length === 0 || values.length > max) {
    ctx.fail("InvalidParameter", { en: `KeyIds must name 1 to ${max} keys.`, zh: `KeyIds 需包含 1 到 ${max} 个密钥。` });
  }
  const ids = values.map((v) => keyIdOf(ctx, v, "KeyIds"));
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) {
      ctx.fail("InvalidParameterValue.DuplicatedKeyId", { en: `The KeyId ${id} appears more than once in KeyIds.`, zh: `KeyIds 中 ${id} 重复。` });
    }
    seen.add(id);
  }
  return ids;
}

/** Aliases: 1–60 letters, digits, `-` and `_`, starting with a letter or digit; `kms-` is kept for cloud products. */
const ALIAS = /^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$/;

export function checkAlias(ctx: Ctx, alias: string): void {
  if (!ALIAS.test(alias) || alias.toLowerCase().startsWith("kms-")) {
    ctx.fail("InvalidParameterValue.InvalidAlias", {
      en: `The alias \`${alias}\` is invalid: use 1 to 60 letters, digits, - and _, starting with a letter or a digit; the prefix kms- is reserved for cloud products.`,
      zh: `别名 \`${alias}\` 格式错误：需为 1-60 个字母、数字、- 和 _ 的组合，首字符为字母或数字，kms- 前缀为云产品保留。`,
    });
  }
}

export function checkDescription(ctx: Ctx, description: string | undefined, maxBytes = 1024): string {
  const d = description ?? "";
  if (Buffer.byteLength(d) > maxBytes) {
    ctx.fail("InvalidParameter", { en: `Description must be at most ${maxBytes} bytes.`, zh: `描述信息最大 ${maxBytes} 字节。` });
  }
  return d;
}

/** Trusted-service member accounts need an organization admin; tclocal accounts are standalone. */
export function refuseMemberAccount(ctx: Ctx, memberAccount: unknown): void {
  const given = Array.isArray(memberAccount) ? memberAccount.length > 0 : memberAccount !== undefined;
  if (given) {
    ctx.fail("UnsupportedOperation.NotRoleOperation", {
      en: "MemberAccount is valid only when the caller is the administrator or a delegated administrator of an organization's trusted service; this account is not.",
      zh: "当前账号不是可信服务的管理员或委派管理员，不支持 MemberAccount。",
    });
  }
}

/** No exclusive (HSM) cluster exists in tclocal; `default` names the shared one in list filters. */
export function refuseHsmCluster(ctx: Ctx, hsmClusterId: string | undefined, allowDefault = false): void {
  if (hsmClusterId === undefined || hsmClusterId === "" || (allowDefault && hsmClusterId === "default")) return;
  ctx.fail("InvalidParameterValue.InvalidHsmClusterId", {
    en: `The HSM cluster ${hsmClusterId} does not exist.`,
    zh: `HSM 集群 ${hsmClusterId} 不存在。`,
  });
}

export interface Tag {
  TagKey: string;
  TagValue: string;
}

export function checkTags(ctx: Ctx, tags: Tag[] | undefined): Tag[] {
  const list = tags ?? [];
  const keys = new Set<string>();
  for (const t of list) {
    if (keys.has(t.TagKey)) {
      ctx.fail("InvalidParameterValue.TagKeysDuplicated", { en: `The tag key ${t.TagKey} is repeated.`, zh: `标签键 ${t.TagKey} 重复。` });
    }
    keys.add(t.TagKey);
  }
  return list.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue }));
}

/** What the real service answers after saving tags (TagCode, TagMsg). */
export const tagResult = (tags: Tag[]) => ({ TagCode: 0, TagMsg: tags.length ? "ok" : "no tags to save" });

export interface TagFilter {
  TagKey: string;
  TagValue?: string[];
}

export function matchesTags(tags: Tag[], filters: TagFilter[] | undefined): boolean {
  return (filters ?? []).every((f) => tags.some((t) => t.TagKey === f.TagKey && (!f.TagValue?.length || f.TagValue.includes(t.TagValue))));
}

/**
 * The encryption context as authenticated data: "a key/value JSON string"; equivalent JSON (other key
 * order or spacing) authenticates the same. Empty or absent is no context.
 */
export function contextBytes(ctx: Ctx, text: string | undefined, member = "EncryptionContext"): Buffer {
  if (text === undefined || text === "") return Buffer.alloc(0);
  if (text.length > 1024) ctx.fail("InvalidParameter", { en: `${member} must be at most 1024 characters.`, zh: `${member} 最大支持 1024 字符。` });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    ctx.fail("InvalidParameter", { en: `${member} must be a JSON object of key/value pairs.`, zh: `${member} 必须是 key/value 形式的 JSON 字符串。` });
  }
  if (Object.keys(value as object).length === 0) return Buffer.alloc(0); // "{}" is no context
  return Buffer.from(canonicalJson(value), "utf8");
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/** Offset/Limit paging (Limit defaults to 10, at most 200). */
export function paging(ctx: Ctx, offset: number | undefined, limit: number | undefined, defaultLimit = 10, maxLimit = 200): { offset: number; limit: number } {
  const o = offset ?? 0;
  const l = limit ?? defaultLimit;
  if (!Number.isInteger(o) || o < 0) ctx.fail("InvalidParameter", { en: "Offset must be a non-negative integer.", zh: "Offset 必须为非负整数。" });
  if (!Number.isInteger(l) || l < 0 || l > maxLimit) {
    ctx.fail("InvalidParameter", { en: `Limit must be an integer from 0 to ${maxLimit}.`, zh: `Limit 取值范围为 0-${maxLimit}。` });
  }
  return { offset: o, limit: l === 0 ? defaultLimit : l };
}

export const message = (en: string, zh: string): Message => ({ en, zh });
