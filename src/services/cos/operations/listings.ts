import { fullName, requireBucket } from "../buckets";
import { inTx, type CosContext, type CosReply } from "../context";
import { encoder, intParam, isoTime, ownerXml } from "../http";
import { allObjects, listKeys } from "../objects";
import { partsOf, requireUpload, uploadsIn } from "../uploads";
import { xml } from "../xml";

/** GET Bucket (List Objects): prefix, delimiter, marker, max-keys (1000 at most), encoding-type. */
export async function getBucket(ctx: CosContext): Promise<CosReply> {
  const q = ctx.req.query;
  const encode = encoder(ctx);
  const maxKeys = intParam(ctx, "max-keys", 1000, 0, 1000);
  const prefix = q.get("prefix") ?? "";
  const delimiter = q.get("delimiter") ?? "";
  const marker = q.get("marker") ?? "";
  const { bucket, page } = await inTx(ctx, async (tx) => {
    const b = await requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!);
    return { bucket: b, page: listKeys(await allObjects(tx, ctx.owner.uin, ctx.req.region, b.name), { prefix, delimiter, marker, maxKeys }) };
  });
  Object.assign(ctx.params, { Prefix: prefix, Delimiter: delimiter, Marker: marker, MaxKeys: maxKeys });
  return {
    status: 200,
    body: xml("ListBucketResult", {
      Name: fullName(bucket),
      EncodingType: q.get("encoding-type"),
      Prefix: encode(prefix),
      Marker: encode(marker),
      MaxKeys: maxKeys,
      Delimiter: delimiter ? encode(delimiter) : undefined,
      IsTruncated: page.truncated,
      NextMarker: page.truncated ? encode(page.nextMarker) : undefined,
      CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
      Contents: page.contents.map((o) => ({
        Key: encode(o.key),
        LastModified: isoTime(o.lastModified),
        ETag: o.etag,
        Size: o.size,
        Owner: ownerXml(o.owner),
        StorageClass: o.storageClass,
      })),
    }),
  };
}

/** GET Bucket?uploads: the uploads in progress, by key then initiation, with prefix/delimiter roll-up. */
export async function listMultipartUploads(ctx: CosContext): Promise<CosReply> {
  const q = ctx.req.query;
  const encode = encoder(ctx);
  const maxUploads = intParam(ctx, "max-uploads", 1000, 1, 1000);
  const prefix = q.get("prefix") ?? "";
  const delimiter = q.get("delimiter") ?? "";
  const keyMarker = q.get("key-marker") ?? "";
  const idMarker = q.get("upload-id-marker") ?? "";
  const { bucket, uploads } = await inTx(ctx, async (tx) => {
    const b = await requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!);
    return { bucket: b, uploads: await uploadsIn(tx, ctx.owner.uin, ctx.req.region).all(b.name) };
  });
  const sorted = uploads
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.initiated - b.initiated))
    .filter((u) => u.key > keyMarker || (u.key === keyMarker && idMarker !== "" && u.uploadId > idMarker));
  const page = listKeys(sorted, { prefix, delimiter, marker: "", maxKeys: maxUploads });
  const last = page.contents[page.contents.length - 1];
  return {
    status: 200,
    body: xml("ListMultipartUploadsResult", {
      Bucket: fullName(bucket),
      EncodingType: q.get("encoding-type"),
      KeyMarker: encode(keyMarker),
      UploadIdMarker: idMarker,
      NextKeyMarker: page.truncated && last ? encode(last.key) : undefined,
      NextUploadIdMarker: page.truncated && last ? last.uploadId : undefined,
      MaxUploads: maxUploads,
      IsTruncated: page.truncated,
      Prefix: encode(prefix),
      Delimiter: delimiter ? encode(delimiter) : undefined,
      Upload: page.contents.map((u) => ({
        Key: encode(u.key),
        UploadId: u.uploadId,
        StorageClass: u.storageClass,
        Initiator: ownerXml(u.initiator),
        Owner: ownerXml(u.owner),
        Initiated: isoTime(u.initiated),
      })),
      CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
    }),
  };
}

/** GET Object?uploadId: the parts uploaded so far, after part-number-marker, max-parts (1000) at a time. */
export async function listParts(ctx: CosContext): Promise<CosReply> {
  const encode = encoder(ctx);
  const maxParts = intParam(ctx, "max-parts", 1000, 1, 1000);
  const marker = intParam(ctx, "part-number-marker", 0, 0, 10_000);
  const { bucket, upload, parts } = await inTx(ctx, async (tx) => {
    const b = await requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!);
    const u = await requireUpload(tx, ctx.owner.uin, ctx.req.region, b.name, ctx.req.key, ctx.req.query.get("uploadid"));
    return { bucket: b, upload: u, parts: await partsOf(tx, ctx.owner.uin, ctx.req.region, u.uploadId) };
  });
  const after = parts.filter((p) => p.partNumber > marker);
  const page = after.slice(0, maxParts);
  const truncated = after.length > maxParts;
  return {
    status: 200,
    body: xml("ListPartsResult", {
      Bucket: fullName(bucket),
      EncodingType: ctx.req.query.get("encoding-type"),
      Key: encode(upload.key),
      UploadId: upload.uploadId,
      Initiator: ownerXml(upload.initiator),
      Owner: ownerXml(upload.owner),
      PartNumberMarker: marker,
      NextPartNumberMarker: truncated ? page[page.length - 1].partNumber : undefined,
      StorageClass: upload.storageClass,
      MaxParts: maxParts,
      IsTruncated: truncated,
      Part: page.map((p) => ({ PartNumber: p.partNumber, LastModified: isoTime(p.lastModified), ETag: p.etag, Size: p.size })),
    }),
  };
}

