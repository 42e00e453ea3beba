import type { Readable } from "node:stream";
import { mayDo } from "../../../cos-gateway/authorize";
import { cosTarget } from "../../../cos-gateway/host";
import { ownerOfAppId } from "../../../cos-gateway/identity";
import { readBody, storeBody, storedFields } from "../body";
import { requireBucket, type Bucket } from "../buckets";
import { inTx, type CosContext, type CosReply } from "../context";
import { cosFail } from "../errors";
import { header, isoTime } from "../http";
import { checkKey, MAX_PUT_BYTES, requireObject, storageClassOf, type CosObject } from "../objects";
import { cosResource } from "../resources";
import { customerKey, dataKeyOf } from "../sse";
import { requireVersion } from "../versions";
import { xml } from "../xml";
import { bucketNow, commitObject, encryptionFor, newObjectFields } from "./put-object";
import { parseRange } from "./get-object";

/** The object `x-cos-copy-source` names (`<bucket>-<appid>.cos.<region>.<domain>/<key>`), readable by the caller. */
export async function copySource(ctx: CosContext): Promise<{ bucket: Bucket; object: CosObject; dataKey?: Buffer }> {
  const value = header(ctx, "x-cos-copy-source") ?? "";
  const slash = value.replace(/^https?:\/\//, "").indexOf("/");
  const plain = value.replace(/^https?:\/\//, "");
  const target = slash > 0 ? cosTarget(plain.slice(0, slash), ctx.app.config.cosDomain ?? "localhost") : null;
  let key = "";
  let versionId: string | undefined;
  try {
    const path = plain.slice(slash + 1);
    const q = path.indexOf("?");
    key = decodeURIComponent(q < 0 ? path : path.slice(0, q));
    if (q >= 0) versionId = new URLSearchParams(path.slice(q + 1)).get("versionId") ?? undefined;
  } catch {
    cosFail("InvalidArgument", "x-cos-copy-source is not a valid URL.");
  }
  if (!target || target.kind !== "bucket" || target.appId === null || !key) {
    cosFail("InvalidArgument", "x-cos-copy-source must be <BucketName-APPID>.cos.<Region>.<domain>/<ObjectKey>.");
  }
  const owner = await ownerOfAppId(ctx.app, target.appId);
  if (!owner) cosFail("NoSuchBucket", "The source bucket does not exist.");
  const bucket = await ctx.app.store.transaction((tx) => requireBucket(tx, owner.uin, target.region, target.bucket));
  ctx.resources.add(cosResource(bucket.region, bucket.appId, bucket.name, key));
  if (!(await mayDo(ctx.app, ctx.caller, bucket, key, "GetObject", ctx.req))) cosFail("AccessDenied");
  return ctx.app.store.transaction(async (tx) => {
    const object = versionId === undefined ? await requireObject(tx, owner.uin, bucket.region, bucket.name, key) : await requireVersion(tx, bucket, key, versionId);
    return { bucket, object, dataKey: await dataKeyOf(ctx, tx, bucket, key, object.sse, true) };
  });
}

/** The source's bytes, whole or the `x-cos-copy-source-range` (UploadPartCopy). */
export function sourceBytes(ctx: CosContext, src: { object: CosObject; dataKey?: Buffer }, rangeHeader?: string): Readable {
  const range = rangeHeader === undefined ? null : parseRange(rangeHeader, src.object.size);
  if (rangeHeader !== undefined && !range) cosFail("InvalidArgument", "x-cos-copy-source-range must be bytes=<first>-<last>.");
  const span = range ?? { start: 0, end: src.object.size - 1 };
  return readBody(ctx.app.blobs, src.object.chunks, span, src.dataKey);
}

/** PUT Object - Copy: any bucket, region or account the caller may read, into this bucket; metadata copied or replaced. */
export async function putObjectCopy(ctx: CosContext): Promise<CosReply> {
  const key = ctx.req.key;
  checkKey(key);
  const directive = header(ctx, "x-cos-metadata-directive") ?? "Copy";
  if (directive !== "Copy" && directive !== "Replaced") cosFail("InvalidArgument", "x-cos-metadata-directive must be Copy or Replaced.");
  const src = await copySource(ctx);
  const fields = newObjectFields(ctx);
  const storageClass = storageClassOf(header(ctx, "x-cos-storage-class"));
  const bucket = await bucketNow(ctx);
  const same = src.bucket.owner === bucket.owner && src.bucket.region === bucket.region && src.bucket.name === bucket.name && src.object.key === key;
  if (same && directive === "Copy" && storageClass === src.object.storageClass && !header(ctx, "x-cos-server-side-encryption") && !customerKey(ctx)) {
    cosFail("InvalidRequest", "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class or encryption attributes.");
  }
  const enc = await encryptionFor(ctx, bucket, key);
  const stored = await storeBody(ctx.app.blobs, sourceBytes(ctx, src) as AsyncIterable<Buffer>, { limit: MAX_PUT_BYTES, dataKey: enc?.dataKey });
  const kept = directive === "Copy" ? { contentType: src.object.contentType, headers: src.object.headers, meta: src.object.meta } : {};
  const object: CosObject = {
    ...storedFields(bucket.name, key, stored, ctx.req.now),
    ...fields,
    ...kept,
    storageClass,
    chunks: [stored.chunk],
    ...(enc ? { sse: enc.sse } : {}),
    tags: directive === "Copy" ? src.object.tags : fields.tags,
    owner: ctx.owner.uin,
  };
  await commitObject(ctx, object);
  return {
    status: 200,
    headers: { "x-cos-hash-crc64ecma": object.crc64 },
    body: xml("CopyObjectResult", { ETag: object.etag, CRC64: object.crc64, LastModified: isoTime(object.lastModified) }),
  };
}
