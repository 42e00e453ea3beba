import type { Readable } from "node:stream";
import type { Tx } from "../../../platform/store/store";
import { dropBlobs, storeBody, contentMd5, type Chunk, storedFields } from "../body";
import { requireBucket, type Bucket } from "../buckets";
import { inTx, type CosContext, type CosReply } from "../context";
import { cosFail } from "../errors";
import { aclFromHeaders, header, keptHeaders, userMeta } from "../http";
import { checkKey, MAX_PUT_BYTES, storageClassOf, type CosObject } from "../objects";
import { replaceCurrent } from "../versions";
import { newDataKey, requestedSse, sseHeaders, type NewSse } from "../sse";

/** The bucket as of now (it may have gone since the pipeline read it). */
export function bucketNow(ctx: CosContext): Promise<Bucket> {
  return inTx(ctx, (tx) => requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!));
}

/** Content-Length as a number; larger than `limit` → EntityTooLarge before a byte is read. */
export function declaredLength(ctx: CosContext, limit: number): number | undefined {
  const v = header(ctx, "content-length");
  if (v === undefined) return undefined;
  if (!/^\d{1,16}$/.test(v)) cosFail("InvalidArgument", "Content-Length must be a non-negative integer.");
  const n = Number(v);
  if (n > limit) cosFail("EntityTooLarge");
  return n;
}

/** A data key for the new object when the request or the bucket's default asks for encryption. */
export async function encryptionFor(ctx: CosContext, bucket: Bucket, key: string): Promise<NewSse | null> {
  const want = requestedSse(ctx, bucket);
  return want ? inTx(ctx, (tx) => newDataKey(ctx, tx, bucket, key, want)) : null;
}

/**
 * Saves a new object whose bytes are already in blobs: replaces the previous one (its blobs go once the
 * transaction commits). `build` may make the object inside the same transaction (CompleteMultipartUpload). If
 * the bucket went away meanwhile, or the save fails, a prebuilt object's blobs go instead.
 */
export async function commitObject(ctx: CosContext, build: CosObject | ((tx: Tx) => Promise<CosObject>)): Promise<CosObject> {
  const onError = (e: unknown) => ctx.app.logger.warn({ err: e }, "cos blob cleanup failed");
  try {
    return await inTx(ctx, async (tx) => {
      const bucket = await requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!);
      const object = typeof build === "function" ? await build(tx) : build;
      return replaceCurrent(tx, bucket, object, ctx.req.now, ctx.app.blobs, onError);
    });
  } catch (e) {
    if (typeof build !== "function") dropBlobs(ctx.app.blobs, build.chunks, onError);
    throw e;
  }
}

export function objectHeaders(o: CosObject): Record<string, string> {
  return {
    ETag: o.etag,
    "x-cos-hash-crc64ecma": o.crc64,
    ...sseHeaders(o.sse),
    ...(o.storageClass === "STANDARD" ? {} : { "x-cos-storage-class": o.storageClass }),
    ...(o.versionId ? { "x-cos-version-id": o.versionId } : {}),
  };
}

/** The metadata a new object takes from its request (PUT, POST, initiate). */
export function newObjectFields(ctx: CosContext) {
  return {
    storageClass: storageClassOf(header(ctx, "x-cos-storage-class")),
    contentType: header(ctx, "content-type") ?? "application/octet-stream",
    headers: keptHeaders(ctx),
    meta: userMeta(ctx),
    acl: aclFromHeaders(ctx, "object"),
    tags: tagsFromHeader(header(ctx, "x-cos-tagging")),
  };
}

/** x-cos-tagging: `k1=v1&k2=v2`, URL-encoded, at most 10 tags. */
export function tagsFromHeader(value: string | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  if (!value) return tags;
  for (const pair of value.split("&")) {
    const [k, v = ""] = pair.split("=");
    let key: string;
    let val: string;
    try {
      key = decodeURIComponent(k);
      val = decodeURIComponent(v);
    } catch {
      cosFail("InvalidArgument", "x-cos-tagging is not URL-encoded key=value pairs.");
    }
    if (!key || key.length > 128 || val.length > 256 || key in tags) cosFail("InvalidArgument", "x-cos-tagging: tag keys are 1-128 characters, unique, values at most 256.");
    tags[key] = val;
  }
  if (Object.keys(tags).length > 10) cosFail("InvalidArgument", "An object has at most 10 tags.");
  return tags;
}

/** PUT Object: the body streamed into a blob, checked (Content-MD5, size), then the object saved. */
export async function putObject(ctx: CosContext, body: Readable = ctx.req.body): Promise<CosReply> {
  const key = ctx.req.key;
  checkKey(key);
  const length = declaredLength(ctx, MAX_PUT_BYTES);
  const md5 = contentMd5(header(ctx, "content-md5"));
  const fields = newObjectFields(ctx);
  const bucket = await bucketNow(ctx);
  const enc = await encryptionFor(ctx, bucket, key);
  const stored = await storeBody(ctx.app.blobs, body as AsyncIterable<Buffer>, { limit: MAX_PUT_BYTES, dataKey: enc?.dataKey, expectedMd5: md5, expectedLength: length });
  const object: CosObject = {
    ...storedFields(bucket.name, key, stored, ctx.req.now),
    ...fields,
    chunks: [stored.chunk] as Chunk[],
    ...(enc ? { sse: enc.sse } : {}),
    owner: ctx.owner.uin,
  };
  const saved = await commitObject(ctx, object);
  ctx.params.ContentLength = object.size;
  return { status: 200, headers: objectHeaders(saved) };
}
