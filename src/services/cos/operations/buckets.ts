import { dropBlobs } from "../body";
import { createBucket, fullName, type Bucket, isValidBucketName, listBuckets, removeBucket, requireBucket } from "../buckets";
import { inTx, type CosContext, type CosReply } from "../context";
import { cosFail } from "../errors";
import { aclFromHeaders, isoTime, ownerXml } from "../http";
import { objectsIn } from "../objects";
import { partsOf, uploadsIn, partsIn, partId } from "../uploads";
import { countVersions } from "../versions";
import { xml } from "../xml";

/** One `Bucket` of GET Service's ListAllMyBucketsResult. */
export function bucketEntry(b: Bucket): { Name: string; Location: string; CreationDate: string; BucketType: string } {
  return { Name: fullName(b), Location: b.region, CreationDate: isoTime(b.createdAt).replace(/\.\d{3}Z$/, "Z"), BucketType: "cos" };
}

/** GET Service: the caller's buckets, every region (service.cos.<domain>) or one (cos.<region>.<domain>). */
export async function getService(ctx: CosContext): Promise<CosReply> {
  const region = ctx.req.region || undefined;
  const buckets = await inTx(ctx, (tx) => listBuckets(tx, ctx.owner.uin, region));
  return {
    status: 200,
    body: xml("ListAllMyBucketsResult", {
      Owner: ownerXml(ctx.owner.uin),
      Buckets: { Bucket: buckets.map(bucketEntry) },
      Marker: "",
      IsTruncated: false,
    }),
  };
}

/** PUT Bucket: a name of the caller's own AppId, valid, not taken in the account, within the quota. */
export async function putBucket(ctx: CosContext): Promise<CosReply> {
  const name = ctx.req.bucket!;
  if (!isValidBucketName(name, ctx.req.appId!)) {
    cosFail("InvalidBucketName", "The specified bucket is not valid: 1-50 lowercase letters, digits and '-', not starting or ending with '-'.");
  }
  const acl = aclFromHeaders(ctx, "bucket");
  await inTx(ctx, (tx) =>
    createBucket(tx, { name, appId: ctx.owner.appId, owner: ctx.owner.uin, region: ctx.req.region, createdAt: ctx.req.now, acl, configs: {} }),
  );
  return { status: 200 };
}

/** HEAD Bucket: 200 with the bucket's region (the pipeline answered 404/403 already). */
export function headBucket(ctx: CosContext): CosReply {
  return { status: 200, headers: { "x-cos-bucket-region": ctx.req.region } };
}

export function getBucketLocation(ctx: CosContext): CosReply {
  return { status: 200, body: `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint>${ctx.req.region}</LocationConstraint>` };
}

/** DELETE Bucket: only when it holds no object (BucketNotEmpty); uploads in progress are aborted with it. */
export async function deleteBucket(ctx: CosContext): Promise<CosReply> {
  const onError = (e: unknown) => ctx.app.logger.warn({ err: e }, "cos blob cleanup failed");
  await inTx(ctx, async (tx) => {
    const bucket = await requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!);
    if ((await objectsIn(tx, ctx.owner.uin, ctx.req.region).count(bucket.name)) > 0 || (await countVersions(tx, bucket)) > 0) cosFail("BucketNotEmpty");
    for (const u of await uploadsIn(tx, ctx.owner.uin, ctx.req.region).all(bucket.name)) {
      const parts = await partsOf(tx, ctx.owner.uin, ctx.req.region, u.uploadId);
      for (const p of parts) await partsIn(tx, ctx.owner.uin, ctx.req.region).delete(partId(u.uploadId, p.partNumber));
      await uploadsIn(tx, ctx.owner.uin, ctx.req.region).delete(u.uploadId);
      tx.afterCommit(() => dropBlobs(ctx.app.blobs, parts.map((p) => p.chunk), onError));
    }
    await removeBucket(tx, bucket);
  });
  return { status: 204 };
}
