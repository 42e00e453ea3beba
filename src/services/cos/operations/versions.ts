import { fullName, requireBucket } from "../buckets";
import { inTx, type CosContext, type CosReply } from "../context";
import { encoder, intParam, isoTime, ownerXml } from "../http";
import { allObjects, listKeys } from "../objects";
import { xml } from "../xml";

/**
 * GET Bucket?versions. tclocal keeps one version per key (versioning's status is stored, versions are not):
 * every object is listed as its only, latest version, "null", as COS lists objects of an unversioned bucket.
 */
export async function getBucketObjectVersions(ctx: CosContext): Promise<CosReply> {
  const q = ctx.req.query;
  const encode = encoder(ctx);
  const maxKeys = intParam(ctx, "max-keys", 1000, 1, 1000);
  const prefix = q.get("prefix") ?? "";
  const delimiter = q.get("delimiter") ?? "";
  const marker = q.get("key-marker") ?? "";
  const { bucket, page } = await inTx(ctx, async (tx) => {
    const b = await requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!);
    return { bucket: b, page: listKeys(await allObjects(tx, ctx.owner.uin, ctx.req.region, b.name), { prefix, delimiter, marker, maxKeys }) };
  });
  return {
    status: 200,
    body: xml("ListVersionsResult", {
      EncodingType: q.get("encoding-type"),
      Name: fullName(bucket),
      Prefix: encode(prefix),
      KeyMarker: encode(marker),
      VersionIdMarker: q.get("version-id-marker") ?? "",
      MaxKeys: maxKeys,
      Delimiter: delimiter ? encode(delimiter) : undefined,
      IsTruncated: page.truncated,
      NextKeyMarker: page.truncated ? encode(page.nextMarker) : undefined,
      NextVersionIdMarker: page.truncated ? "null" : undefined,
      CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
      Version: page.contents.map((o) => ({
        Key: encode(o.key),
        VersionId: "null",
        IsLatest: true,
        LastModified: isoTime(o.lastModified),
        ETag: o.etag,
        Size: o.size,
        StorageClass: o.storageClass,
        Owner: ownerXml(o.owner),
      })),
    }),
  };
}
