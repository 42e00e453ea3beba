import { fullName, requireBucket } from "../buckets";
import { inTx, type CosContext, type CosReply } from "../context";
import { encoder, intParam, isoTime, ownerXml } from "../http";
import { listKeys } from "../objects";
import { allVersions } from "../versions";
import { xml } from "../xml";

/**
 * GET Bucket?versions: every version of every key (delete markers apart), by key then newest first. Pages
 * break between keys (key-marker), so all the versions of a key are on one page.
 */
export async function getBucketObjectVersions(ctx: CosContext): Promise<CosReply> {
  const q = ctx.req.query;
  const encode = encoder(ctx);
  const maxKeys = intParam(ctx, "max-keys", 1000, 1, 1000);
  const prefix = q.get("prefix") ?? "";
  const delimiter = q.get("delimiter") ?? "";
  const marker = q.get("key-marker") ?? "";
  const { bucket, versions } = await inTx(ctx, async (tx) => {
    const b = await requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!);
    return { bucket: b, versions: await allVersions(tx, b) };
  });
  const keys = [...new Set(versions.map((v) => v.key))].map((key) => ({ key }));
  const page = listKeys(keys, { prefix, delimiter, marker, maxKeys });
  const onPage = new Set(page.contents.map((k) => k.key));
  const listed = versions.filter((v) => onPage.has(v.key));
  const entry = (o: (typeof versions)[number]) => ({
    Key: encode(o.key),
    VersionId: o.versionId ?? "null",
    IsLatest: o.isLatest,
    LastModified: isoTime(o.lastModified),
    ...(o.deleteMarker ? {} : { ETag: o.etag, Size: o.size, StorageClass: o.storageClass }),
    Owner: ownerXml(o.owner),
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
      CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
      Version: listed.filter((v) => !v.deleteMarker).map(entry),
      DeleteMarker: listed.filter((v) => v.deleteMarker).map(entry),
    }),
  };
}
