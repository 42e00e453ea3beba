import { dropBlobs } from "../body";
import { requireBucket } from "../buckets";
import { inTx, type CosContext, type CosReply } from "../context";
import { cosFail } from "../errors";
import { readSmallBody } from "../http";
import { findObject, objectId, objectsIn } from "../objects";
import { cosResource } from "../resources";
import { many, parseXml, text, xml } from "../xml";
import { camVerdict } from "../../../cos-gateway/identity";
import { bucketPolicyVerdict } from "../../../cos-gateway/authorize";

/** DELETE Object: 204 whether or not the key existed; its blobs go once the deletion commits. */
export async function deleteObject(ctx: CosContext): Promise<CosReply> {
  await deleteKeys(ctx, [ctx.req.key]);
  return { status: 204 };
}

async function deleteKeys(ctx: CosContext, keys: readonly string[]): Promise<void> {
  const onError = (e: unknown) => ctx.app.logger.warn({ err: e }, "cos blob cleanup failed");
  await inTx(ctx, async (tx) => {
    const bucket = await requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!);
    const objects = objectsIn(tx, ctx.owner.uin, ctx.req.region);
    for (const key of keys) {
      const o = await findObject(tx, ctx.owner.uin, ctx.req.region, bucket.name, key);
      if (!o) continue;
      await objects.delete(objectId(bucket.name, key));
      tx.afterCommit(() => dropBlobs(ctx.app.blobs, o.chunks, onError));
    }
  });
}

/** At most this many keys per DELETE Multiple Objects request. */
const MAX_DELETE_KEYS = 1000;

/**
 * POST Bucket?delete: each key is authorized on its own (a sub-user allowed on a prefix deletes only there);
 * `Quiet` answers only the failures.
 */
export async function deleteMultipleObjects(ctx: CosContext): Promise<CosReply> {
  const doc = parseXml(await readSmallBody(ctx.req.body), "Delete");
  const entries = many(doc.Object).map((o) => text((o as Record<string, unknown>)?.Key));
  if (entries.length === 0 || entries.length > MAX_DELETE_KEYS || entries.some((k) => k === undefined || k === "")) cosFail("MalformedXML");
  const quiet = text(doc.Quiet) === "true";
  const deleted: string[] = [];
  const errors: { Key: string; Code: string; Message: string }[] = [];
  const caller = ctx.caller;
  const bucket = await inTx(ctx, (tx) => requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!));
  for (const key of entries as string[]) {
    const resource = cosResource(bucket.region, bucket.appId, bucket.name, key);
    const own = caller && caller.uin === bucket.owner ? camVerdict(caller.policies, "cos:DeleteObject", resource) : "none";
    const policy = bucketPolicyVerdict(bucket, caller, "cos:DeleteObject", resource);
    const allowed = own !== "deny" && policy !== "deny" && (own === "allow" || policy === "allow" || bucket.acl.canned === "public-read-write");
    if (!allowed) errors.push({ Key: key, Code: "AccessDenied", Message: "Access Denied." });
    else deleted.push(key);
  }
  await deleteKeys(ctx, deleted);
  ctx.params.Keys = entries.length;
  return {
    status: 200,
    body: xml("DeleteResult", { Deleted: quiet ? undefined : deleted.map((Key) => ({ Key })), Error: errors }),
  };
}
