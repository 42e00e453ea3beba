import type { Readable } from "node:stream";
import type { Acl } from "./buckets";
import type { CosContext } from "./context";
import { cosFail } from "./errors";

/** Request and answer details several operations share: headers, small bodies, owners, dates. */

export function header(ctx: CosContext, name: string): string | undefined {
  const v = ctx.req.headers[name];
  return v === undefined ? undefined : Array.isArray(v) ? v.join(",") : v;
}

/** A configuration body (XML, JSON policy), at most `limit` bytes. */
export async function readSmallBody(body: Readable, limit = 2 * 1024 * 1024): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) cosFail("EntityTooLarge", `The request body exceeds ${limit} bytes.`);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/** 2019-05-24T10:56:40.000Z, as COS lists write times. */
export const isoTime = (ms: number) => new Date(ms).toISOString();
/** Wed, 28 Oct 2020 07:57:21 GMT, as Last-Modified carries it. */
export const httpTime = (ms: number) => new Date(ms).toUTCString();

export function ownerXml(uin: string) {
  return { ID: `qcs::cam::uin/${uin}:uin/${uin}`, DisplayName: uin };
}

/** x-cos-meta-* headers (names lowercased, without the prefix); at most 2 KB in all (MetadataTooLarge on S3, InvalidArgument here). */
export function userMeta(ctx: CosContext): Record<string, string> {
  const meta: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(ctx.req.headers)) {
    if (!name.startsWith("x-cos-meta-") || value === undefined) continue;
    const v = Array.isArray(value) ? value.join(",") : value;
    meta[name.slice("x-cos-meta-".length)] = v;
    size += name.length + v.length;
  }
  if (size > 2048) cosFail("InvalidArgument", "The x-cos-meta-* headers exceed 2 KB.");
  return meta;
}

/** The standard headers an object keeps and answers again. */
export const KEPT_HEADERS = ["cache-control", "content-disposition", "content-encoding", "content-language", "expires"] as const;

export function keptHeaders(ctx: CosContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of KEPT_HEADERS) {
    const v = header(ctx, h);
    if (v !== undefined) out[h] = v;
  }
  return out;
}

const BUCKET_ACLS = ["private", "public-read", "public-read-write"];
const OBJECT_ACLS = ["default", "private", "public-read"];
const GRANT_HEADERS: Record<string, string> = {
  "x-cos-grant-read": "READ",
  "x-cos-grant-write": "WRITE",
  "x-cos-grant-read-acp": "READ_ACP",
  "x-cos-grant-write-acp": "WRITE_ACP",
  "x-cos-grant-full-control": "FULL_CONTROL",
};

/** x-cos-acl and x-cos-grant-* (`id="qcs::cam::uin/100000000001:uin/100000000001"` or `id="100000000001"`). */
export function aclFromHeaders(ctx: CosContext, kind: "bucket" | "object"): Acl {
  const canned = header(ctx, "x-cos-acl") ?? (kind === "bucket" ? "private" : "default");
  if (!(kind === "bucket" ? BUCKET_ACLS : OBJECT_ACLS).includes(canned)) cosFail("InvalidArgument", `The x-cos-acl ${canned} is invalid.`);
  const grants: Acl["grants"] = [];
  for (const [name, permission] of Object.entries(GRANT_HEADERS)) {
    const v = header(ctx, name);
    if (v === undefined) continue;
    for (const part of v.split(",")) {
      const m = /^\s*id\s*=\s*"?(?:qcs::cam::uin\/(\d+):uin\/\d+|(\d+))"?\s*$/.exec(part);
      if (!m) cosFail("InvalidArgument", `The grantee ${part.trim()} of ${name} is invalid.`);
      grants.push({ permission, uin: m[1] ?? m[2] });
    }
  }
  return { canned, grants };
}

/** The AccessControlPolicy document of an ACL. */
export function aclXml(owner: string, acl: Acl) {
  const grant = (uin: string | null, permission: string) => ({
    Grantee: uin ? { ID: `qcs::cam::uin/${uin}:uin/${uin}`, DisplayName: uin } : { URI: "http://cam.qcloud.com/groups/global/AllUsers" },
    Permission: permission,
  });
  const grants = [grant(owner, "FULL_CONTROL")];
  if (acl.canned === "public-read" || acl.canned === "public-read-write") grants.push(grant(null, "READ"));
  if (acl.canned === "public-read-write") grants.push(grant(null, "WRITE"));
  for (const g of acl.grants) grants.push(grant(g.uin, g.permission));
  return { Owner: ownerXml(owner), AccessControlList: { Grant: grants } };
}

/** encoding-type=url: keys and prefixes URL-encoded in the answer. */
export function encoder(ctx: CosContext): (s: string) => string {
  const t = ctx.req.query.get("encoding-type");
  if (t !== undefined && t !== "url") cosFail("InvalidArgument", "encoding-type must be url.");
  return t === "url" ? (s) => encodeURIComponent(s).replace(/%2F/g, "/") : (s) => s;
}

/** An integer query parameter within [min, max], or the default. */
export function intParam(ctx: CosContext, name: string, def: number, min: number, max: number): number {
  const v = ctx.req.query.get(name);
  if (v === undefined || v === "") return def;
  if (!/^\d{1,10}$/.test(v) || Number(v) < min) cosFail("InvalidArgument", `${name} must be an integer of at least ${min}.`);
  return Math.min(Number(v), max);
}
