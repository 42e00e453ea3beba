import { dropBlobs, storeBody } from "../body";
import { requireBucket } from "../buckets";
import { inTx, type CosContext, type CosReply } from "../context";
import { combineCrc64 } from "../crc64";
import { cosFail } from "../errors";
import { aclXml, header, readSmallBody } from "../http";
import { ARCHIVE_CLASSES, checkKey, MAX_PUT_BYTES, objectId, objectsIn, requireObject, type CosObject } from "../objects";
import { refuseCustomerKey } from "../sse";
import { many, parseXml, text, xml } from "../xml";
import { aclOfRequest, checkTags } from "./configs";
import { commitObject, declaredLength, newObjectFields } from "./put-object";

/** Changes one object's document in a transaction (ACL, tags, restore). */
async function updateObject(ctx: CosContext, change: (o: CosObject) => void): Promise<CosObject> {
  return inTx(ctx, async (tx) => {
    const bucket = await requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!);
    const o = await requireObject(tx, ctx.owner.uin, ctx.req.region, bucket.name, ctx.req.key);
    change(o);
    await objectsIn(tx, ctx.owner.uin, ctx.req.region).update(objectId(bucket.name, o.key), o, bucket.name);
    return o;
  });
}

async function readObject(ctx: CosContext): Promise<CosObject> {
  return inTx(ctx, async (tx) => {
    const bucket = await requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!);
    return requireObject(tx, ctx.owner.uin, ctx.req.region, bucket.name, ctx.req.key);
  });
}

export async function putObjectAcl(ctx: CosContext): Promise<CosReply> {
  const acl = await aclOfRequest(ctx, "object");
  await updateObject(ctx, (o) => {
    o.acl = acl;
  });
  return { status: 200 };
}

export async function getObjectAcl(ctx: CosContext): Promise<CosReply> {
  const o = await readObject(ctx);
  return { status: 200, headers: { "x-cos-acl": o.acl.canned }, body: xml("AccessControlPolicy", aclXml(o.owner, o.acl)) };
}

export async function putObjectTagging(ctx: CosContext): Promise<CosReply> {
  const tags = checkTags(parseXml(await readSmallBody(ctx.req.body), "Tagging"));
  if (Object.keys(tags).length > 10) cosFail("InvalidArgument", "An object has at most 10 tags.");
  await updateObject(ctx, (o) => {
    o.tags = tags;
  });
  return { status: 200 };
}

export async function getObjectTagging(ctx: CosContext): Promise<CosReply> {
  const o = await readObject(ctx);
  return { status: 200, body: xml("Tagging", { TagSet: { Tag: Object.entries(o.tags).map(([Key, Value]) => ({ Key, Value })) } }) };
}

export async function deleteObjectTagging(ctx: CosContext): Promise<CosReply> {
  await updateObject(ctx, (o) => {
    o.tags = {};
  });
  return { status: 204 };
}

/** How long a restore takes, by class and tier (the upper end of COS's documented ranges). */
const RESTORE_MINUTES: Record<string, Record<string, number>> = {
  ARCHIVE: { Expedited: 5, Standard: 5 * 60, Bulk: 12 * 60 },
  DEEP_ARCHIVE: { Standard: 24 * 60, Bulk: 48 * 60 },
};

/** POST Object?restore: an archived object becomes readable for `Days` once the tier's time has passed on the emulator clock. */
export async function restoreObject(ctx: CosContext): Promise<CosReply> {
  const doc = parseXml(await readSmallBody(ctx.req.body), "RestoreRequest");
  const days = Number(text(doc.Days));
  if (!Number.isInteger(days) || days < 1 || days > 365) cosFail("MalformedXML", "RestoreRequest.Days is an integer from 1 to 365.");
  const tier = text((doc.CASJobParameters as Record<string, unknown> | undefined)?.Tier) ?? "Standard";
  let status = 202;
  await updateObject(ctx, (o) => {
    if (!ARCHIVE_CLASSES.includes(o.storageClass)) cosFail("InvalidObjectState", "Restore is not allowed for the object's current storage class.");
    const minutes = RESTORE_MINUTES[o.storageClass][tier];
    if (minutes === undefined) cosFail("InvalidArgument", `The tier ${tier} is not available for ${o.storageClass}.`);
    const now = ctx.req.now;
    if (o.restore && now < o.restore.readyAt) cosFail("RestoreAlreadyInProgress");
    if (o.restore && now < o.restore.expiresAt) {
      o.restore = { readyAt: o.restore.readyAt, expiresAt: now + days * 86_400_000 };
      status = 200;
      return;
    }
    const readyAt = now + minutes * 60_000;
    o.restore = { readyAt, expiresAt: readyAt + days * 86_400_000 };
  });
  return { status };
}

/** POST Object?append&position=: a new appendable object at 0, or more bytes at exactly its length. */
export async function appendObject(ctx: CosContext): Promise<CosReply> {
  const key = ctx.req.key;
  checkKey(key);
  refuseCustomerKey(ctx, "AppendObject");
  const position = ctx.req.query.get("position");
  if (position === undefined || !/^\d{1,16}$/.test(position)) cosFail("InvalidArgument", "position must be a non-negative integer.");
  const length = declaredLength(ctx, MAX_PUT_BYTES);
  const fields = newObjectFields(ctx);
  const stored = await storeBody(ctx.app.blobs, ctx.req.body as AsyncIterable<Buffer>, { limit: MAX_PUT_BYTES, expectedLength: length });
  const o = await commitObject(ctx, async (tx) => {
    const previous = await objectsIn(tx, ctx.owner.uin, ctx.req.region).get(objectId(ctx.req.bucket!, key));
    if (previous && !previous.appendable) cosFail("ObjectNotAppendable");
    const at = previous?.size ?? 0;
    if (Number(position) !== at) cosFail("PositionNotEqualToLength", `The position ${position} is not the object's length ${at}.`);
    if (at + stored.chunk.size > MAX_PUT_BYTES) cosFail("EntityTooLarge");
    const base = previous ?? { ...fields, owner: ctx.owner.uin, chunks: [], crc64: "0", size: 0 };
    return {
      ...base,
      bucket: ctx.req.bucket!,
      key,
      size: at + stored.chunk.size,
      chunks: [...base.chunks, stored.chunk],
      crc64: at ? combineCrc64(base.crc64, stored.crc64, stored.chunk.size) : stored.crc64,
      etag: `"${stored.md5.toString("hex")}"`,
      lastModified: ctx.req.now,
      appendable: true,
    } as CosObject;
  }).catch((e: unknown) => {
    dropBlobs(ctx.app.blobs, [stored.chunk], (err) => ctx.app.logger.warn({ err }, "cos blob cleanup failed"));
    throw e;
  });
  return { status: 200, headers: { ETag: o.etag, "x-cos-next-append-position": String(o.size), "x-cos-hash-crc64ecma": o.crc64 } };
}

/** Whether a CORS pattern (one `*` wildcard at most) matches. */
function wildcard(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i");
  return re.test(value);
}

/** The CORS rule of a bucket matching an origin, a method and requested headers, with the headers it grants. */
export function corsHeaders(configs: Record<string, Record<string, unknown>>, origin: string, method: string, requested: string[]): Record<string, string> | null {
  const rules = many(configs.cors?.CORSRule) as Record<string, unknown>[];
  for (const r of rules) {
    const origins = many(r.AllowedOrigin).map(String);
    const methods = many(r.AllowedMethod).map((m) => String(m).toUpperCase());
    const allowedHeaders = many(r.AllowedHeader).map(String);
    if (!origins.some((o) => wildcard(o, origin)) || !methods.includes(method.toUpperCase())) continue;
    if (!requested.every((h) => allowedHeaders.some((a) => wildcard(a, h)))) continue;
    const out: Record<string, string> = {
      "Access-Control-Allow-Origin": origins.includes("*") ? "*" : origin,
      "Access-Control-Allow-Methods": methods.join(","),
    };
    if (requested.length) out["Access-Control-Allow-Headers"] = requested.join(",");
    const expose = many(r.ExposeHeader).map(String);
    if (expose.length) out["Access-Control-Expose-Headers"] = expose.join(",");
    const maxAge = text(r.MaxAgeSeconds);
    if (maxAge) out["Access-Control-Max-Age"] = maxAge;
    return out;
  }
  return null;
}

export const CORS_DENIED =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

/** OPTIONS Object: the CORS preflight, answered by the bucket's rules (403 when none matches). */
export async function optionsObject(ctx: CosContext): Promise<CosReply> {
  const origin = header(ctx, "origin");
  const method = header(ctx, "access-control-request-method");
  if (!origin || !method) cosFail("InvalidRequest", "A CORS preflight needs Origin and Access-Control-Request-Method.");
  const requested = (header(ctx, "access-control-request-headers") ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
  const bucket = await inTx(ctx, (tx) => requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!));
  const headers = corsHeaders(bucket.configs, origin, method, requested);
  if (!headers) cosFail("AccessDenied", CORS_DENIED);
  return { status: 200, headers };
}
