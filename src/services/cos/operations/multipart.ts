import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { dropBlobs, storeBody } from "../body";
import { fullName, requireBucket } from "../buckets";
import { inTx, type CosContext, type CosReply } from "../context";
import { combineCrc64 } from "../crc64";
import { cosFail } from "../errors";
import { contentMd5 } from "../body";
import { header, isoTime, readSmallBody } from "../http";
import { checkKey, type CosObject } from "../objects";
import { dataKeyOf, sseHeaders } from "../sse";
import { MAX_PART_BYTES, MIN_PART_BYTES, newUploadId, partId, partNumberOf, partsIn, partsOf, requireUpload, uploadsIn, type Part } from "../uploads";
import { many, parseXml, text, xml } from "../xml";
import { copySource, sourceBytes } from "./copy-object";
import { bucketNow, commitObject, declaredLength, encryptionFor, newObjectFields } from "./put-object";

const onError = (ctx: CosContext) => (e: unknown) => ctx.app.logger.warn({ err: e }, "cos blob cleanup failed");

/** POST Object?uploads: an upload with the object's metadata and encryption, fixed now. */
export async function initiateMultipartUpload(ctx: CosContext): Promise<CosReply> {
  const key = ctx.req.key;
  checkKey(key);
  const fields = newObjectFields(ctx);
  const bucket = await bucketNow(ctx);
  const enc = await encryptionFor(ctx, bucket, key);
  const uploadId = newUploadId(ctx.req.now);
  await inTx(ctx, async (tx) => {
    await requireBucket(tx, ctx.owner.uin, ctx.req.region, bucket.name);
    await uploadsIn(tx, ctx.owner.uin, ctx.req.region).insert(
      uploadId,
      { uploadId, bucket: bucket.name, key, initiated: ctx.req.now, ...fields, ...(enc ? { sse: enc.sse } : {}), owner: ctx.owner.uin, initiator: ctx.caller?.subUin ?? ctx.caller?.uin ?? ctx.owner.uin },
      bucket.name,
    );
  });
  ctx.params.UploadId = uploadId;
  return { status: 200, headers: sseHeaders(enc?.sse), body: xml("InitiateMultipartUploadResult", { Bucket: fullName(bucket), Key: key, UploadId: uploadId }) };
}

/** PUT Object?partNumber&uploadId (and UploadPartCopy): the part's bytes into a blob, then the part saved (replacing a previous one). */
export async function uploadPart(ctx: CosContext): Promise<CosReply> {
  const n = partNumberOf(ctx.req.query.get("partnumber"));
  const uploadId = ctx.req.query.get("uploadid");
  const copy = ctx.req.query.has("partnumber") && header(ctx, "x-cos-copy-source") !== undefined;
  const length = copy ? undefined : declaredLength(ctx, MAX_PART_BYTES);
  const md5 = copy ? undefined : contentMd5(header(ctx, "content-md5"));
  const { upload, dataKey, bucket } = await inTx(ctx, async (tx) => {
    const b = await requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!);
    const u = await requireUpload(tx, ctx.owner.uin, ctx.req.region, b.name, ctx.req.key, uploadId);
    return { upload: u, bucket: b, dataKey: await dataKeyOf(ctx, tx, b, u.key, u.sse) };
  });
  let source: Readable | AsyncIterable<Buffer> = ctx.req.body;
  if (copy) {
    const src = await copySource(ctx);
    source = sourceBytes(ctx, src, header(ctx, "x-cos-copy-source-range"));
  }
  const stored = await storeBody(ctx.app.blobs, source as AsyncIterable<Buffer>, { limit: MAX_PART_BYTES, dataKey, expectedMd5: md5, expectedLength: length });
  const part: Part = { uploadId: upload.uploadId, partNumber: n, etag: `"${stored.md5.toString("hex")}"`, size: stored.chunk.size, crc64: stored.crc64, lastModified: ctx.req.now, chunk: stored.chunk };
  try {
    await inTx(ctx, async (tx) => {
      await requireUpload(tx, ctx.owner.uin, ctx.req.region, bucket.name, ctx.req.key, uploadId);
      const parts = partsIn(tx, ctx.owner.uin, ctx.req.region);
      const previous = await parts.get(partId(upload.uploadId, n));
      await parts.put(partId(upload.uploadId, n), part, upload.uploadId);
      if (previous) tx.afterCommit(() => dropBlobs(ctx.app.blobs, [previous.chunk], onError(ctx)));
    });
  } catch (e) {
    dropBlobs(ctx.app.blobs, [stored.chunk], onError(ctx));
    throw e;
  }
  ctx.params.PartNumber = n;
  ctx.params.UploadId = upload.uploadId;
  const headers = { ETag: part.etag, "x-cos-hash-crc64ecma": part.crc64, ...sseHeaders(upload.sse) };
  if (!copy) return { status: 200, headers };
  return { status: 200, headers, body: xml("CopyPartResult", { ETag: part.etag, LastModified: isoTime(part.lastModified), CRC64: part.crc64 }) };
}

const bareEtag = (e: string) => e.trim().replace(/^"|"$/g, "");

/**
 * POST Object?uploadId: the listed parts, ascending, each as uploaded and (but the last) at least 1 MB, become
 * the object; parts not listed are dropped with the upload.
 */
export async function completeMultipartUpload(ctx: CosContext): Promise<CosReply> {
  const uploadId = ctx.req.query.get("uploadid");
  const doc = parseXml(await readSmallBody(ctx.req.body), "CompleteMultipartUpload");
  const listed = many(doc.Part).map((p) => {
    const part = (p ?? {}) as Record<string, unknown>;
    const n = text(part.PartNumber);
    const etag = text(part.ETag);
    if (n === undefined || !/^\d{1,5}$/.test(n) || etag === undefined) cosFail("MalformedXML");
    return { n: Number(n), etag: bareEtag(etag) };
  });
  if (!listed.length) cosFail("MalformedXML");
  for (let i = 1; i < listed.length; i++) if (listed[i].n <= listed[i - 1].n) cosFail("InvalidPartOrder");
  const o = await commitObject(ctx, async (tx) => {
    const upload = await requireUpload(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!, ctx.req.key, uploadId);
    const all = await partsOf(tx, ctx.owner.uin, ctx.req.region, upload.uploadId);
    const byNumber = new Map(all.map((p) => [p.partNumber, p]));
    const chosen = listed.map(({ n, etag }) => {
      const p = byNumber.get(n);
      if (!p || bareEtag(p.etag) !== etag) cosFail("InvalidPart", `The part ${n} was not uploaded, or its ETag is not ${etag}.`);
      return p;
    });
    chosen.forEach((p, i) => {
      if (i < chosen.length - 1 && p.size < MIN_PART_BYTES) cosFail("EntityTooSmall", `Part ${p.partNumber} is ${p.size} bytes: every part but the last must be at least 1 MB.`);
    });
    const md5s = Buffer.concat(chosen.map((p) => Buffer.from(bareEtag(p.etag), "hex")));
    let crc = chosen[0].crc64;
    for (const p of chosen.slice(1)) crc = combineCrc64(crc, p.crc64, p.size);
    const unused = all.filter((p) => !chosen.includes(p));
    const parts = partsIn(tx, ctx.owner.uin, ctx.req.region);
    for (const p of all) await parts.delete(partId(upload.uploadId, p.partNumber));
    await uploadsIn(tx, ctx.owner.uin, ctx.req.region).delete(upload.uploadId);
    tx.afterCommit(() => dropBlobs(ctx.app.blobs, unused.map((p) => p.chunk), onError(ctx)));
    const object: CosObject = {
      bucket: upload.bucket,
      key: upload.key,
      size: chosen.reduce((s, p) => s + p.size, 0),
      etag: `"${createHash("md5").update(md5s).digest("hex")}-${chosen.length}"`,
      crc64: crc,
      lastModified: ctx.req.now,
      storageClass: upload.storageClass,
      contentType: upload.contentType,
      headers: upload.headers,
      meta: upload.meta,
      chunks: chosen.map((p) => p.chunk),
      ...(upload.sse ? { sse: upload.sse } : {}),
      acl: upload.acl,
      tags: upload.tags ?? {},
      owner: ctx.owner.uin,
    };
    return object;
  });
  ctx.params.UploadId = uploadId;
  return {
    status: 200,
    headers: { "x-cos-hash-crc64ecma": o.crc64, ...sseHeaders(o.sse) },
    body: xml("CompleteMultipartUploadResult", { Location: `${ctx.req.origin.replace(/^https?:\/\//, "")}/${o.key}`, Bucket: `${o.bucket}-${ctx.owner.appId}`, Key: o.key, ETag: o.etag }),
  };
}

/** DELETE Object?uploadId: the upload and every part go (their blobs once that commits). */
export async function abortMultipartUpload(ctx: CosContext): Promise<CosReply> {
  const uploadId = ctx.req.query.get("uploadid");
  await inTx(ctx, async (tx) => {
    const bucket = await requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!);
    const upload = await requireUpload(tx, ctx.owner.uin, ctx.req.region, bucket.name, ctx.req.key, uploadId);
    const all = await partsOf(tx, ctx.owner.uin, ctx.req.region, upload.uploadId);
    const parts = partsIn(tx, ctx.owner.uin, ctx.req.region);
    for (const p of all) await parts.delete(partId(upload.uploadId, p.partNumber));
    await uploadsIn(tx, ctx.owner.uin, ctx.req.region).delete(upload.uploadId);
    tx.afterCommit(() => dropBlobs(ctx.app.blobs, all.map((p) => p.chunk), onError(ctx)));
  });
  return { status: 204 };
}
