import { requireBucket } from "../buckets";
import { inTx, type CosContext, type CosReply } from "../context";
import { cosFail } from "../errors";
import { readSmallBody } from "../http";
import { deleteCurrent, deleteVersion, type Deletion } from "../versions";
import { cosResource } from "../resources";
import { many, parseXml, text, xml } from "../xml";
import { camVerdict } from "../../../cos-gateway/identity";
import { bucketPolicyVerdict, requestConditions } from "../../../cos-gateway/authorize";

/** DELETE Object: 204 whether or not the key existed; with versioning, a delete marker or one version removed. */
export async function deleteObject(ctx: CosContext): Promise<CosReply> {
  const [d] = await deleteKeys(ctx, [{ key: ctx.req.key, versionId: ctx.req.query.get("versionid") }]);
  const headers: Record<string, string> = {};
  if (d.deleteMarker) headers["x-cos-delete-marker"] = "true";
  if (d.versionId) headers["x-cos-version-id"] = d.versionId;
  return { status: 204, headers };
}

async function deleteKeys(ctx: CosContext, keys: readonly { key: string; versionId?: string }[]): Promise<Deletion[]> {
  const onError = (e: unknown) => ctx.app.logger.warn({ err: e }, "cos blob cleanup failed");
  return inTx(ctx, async (tx) => {
    const bucket = await requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!);
    const out: Deletion[] = [];
    for (const { key, versionId } of keys) {
      out.push(
        versionId !== undefined
          ? await deleteVersion(tx, bucket, key, versionId, ctx.app.blobs, onError)
          : await deleteCurrent(tx, bucket, key, ctx.req.now, ctx.app.blobs, onError),
      );
    }
    return out;
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
  const entries = many(doc.Object).map((o) => ({ key: text((o as Record<string, unknown>)?.Key) ?? "", versionId: text((o as Record<string, unknown>)?.VersionId) }));
  if (entries.length === 0 || entries.length > MAX_DELETE_KEYS || entries.some((e) => e.key === "")) cosFail("MalformedXML");
  const quiet = text(doc.Quiet) === "true";
  const deleted: { key: string; versionId?: string }[] = [];
  const errors: { Key: string; Code: string; Message: string }[] = [];
  const caller = ctx.caller;
  const bucket = await inTx(ctx, (tx) => requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!));
  const context = requestConditions(ctx.app, caller, ctx.req);
  for (const entry of entries) {
    const key = entry.key;
    const resource = cosResource(bucket.region, bucket.appId, bucket.name, key);
    const own = caller && caller.uin === bucket.owner ? camVerdict(caller.policies, "cos:DeleteObject", resource, caller.context) : "none";
    const policy = bucketPolicyVerdict(bucket, caller, "cos:DeleteObject", resource, context);
    const allowed = own !== "deny" && policy !== "deny" && (own === "allow" || policy === "allow" || bucket.acl.canned === "public-read-write");
    if (!allowed) errors.push({ Key: key, Code: "AccessDenied", Message: "Access Denied." });
    else deleted.push(entry);
  }
  const results = await deleteKeys(ctx, deleted);
  ctx.params.Keys = entries.length;
  return {
    status: 200,
    body: xml("DeleteResult", {
      Deleted: quiet
        ? undefined
        : deleted.map((d, i) => ({
            Key: d.key,
            VersionId: d.versionId,
            DeleteMarker: results[i].deleteMarker ? true : undefined,
            DeleteMarkerVersionId: results[i].deleteMarker && d.versionId === undefined ? results[i].versionId : undefined,
          })),
      Error: errors,
    }),
  };
}
