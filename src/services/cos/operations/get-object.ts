import { openBody } from "../body";
import { requireBucket } from "../buckets";
import { inTx, type CosContext, type CosReply } from "../context";
import { CosError, cosFail } from "../errors";
import { header, httpTime } from "../http";
import { ARCHIVE_CLASSES, requireObject, type CosObject } from "../objects";
import { dataKeyOf, requireCustomerKey } from "../sse";
import { requireVersion } from "../versions";
import { objectHeaders } from "./put-object";

/** `Range: bytes=a-b | a- | -n` against a size: the inclusive range, null for the whole body, InvalidRange when unsatisfiable. */
export function parseRange(value: string | undefined, size: number): { start: number; end: number } | null {
  if (value === undefined) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  // Several ranges, or a form COS does not read: the whole body, as COS answers.
  if (!m || (m[1] === "" && m[2] === "")) return null;
  let start: number;
  let end: number;
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0) throw new CosError("InvalidRange");
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== "" && Number(m[2]) < start) return null;
  }
  if (start >= size) throw new CosError("InvalidRange");
  return { start, end };
}

/** If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since: 412 PreconditionFailed or 304 Not Modified. */
function preconditions(ctx: CosContext, o: CosObject): "ok" | "not-modified" {
  const ifMatch = header(ctx, "if-match");
  const ifNoneMatch = header(ctx, "if-none-match");
  const since = header(ctx, "if-modified-since");
  const unmodified = header(ctx, "if-unmodified-since");
  const etagIn = (list: string) => list.split(",").some((t) => t.trim() === "*" || t.trim().replace(/^W\//, "") === o.etag || `"${t.trim()}"` === o.etag);
  const modifiedSec = Math.floor(o.lastModified / 1000) * 1000;
  if (ifMatch !== undefined && !etagIn(ifMatch)) cosFail("PreconditionFailed");
  if (ifMatch === undefined && unmodified !== undefined && !Number.isNaN(Date.parse(unmodified)) && modifiedSec > Date.parse(unmodified)) cosFail("PreconditionFailed");
  if (ifNoneMatch !== undefined && etagIn(ifNoneMatch)) return "not-modified";
  if (ifNoneMatch === undefined && since !== undefined && !Number.isNaN(Date.parse(since)) && modifiedSec <= Date.parse(since)) return "not-modified";
  return "ok";
}

const OVERRIDES: Record<string, string> = {
  "response-content-type": "Content-Type",
  "response-content-language": "Content-Language",
  "response-expires": "Expires",
  "response-cache-control": "Cache-Control",
  "response-content-disposition": "Content-Disposition",
  "response-content-encoding": "Content-Encoding",
};

const STANDARD_HEADER_NAMES: Record<string, string> = {
  "cache-control": "Cache-Control",
  "content-disposition": "Content-Disposition",
  "content-encoding": "Content-Encoding",
  "content-language": "Content-Language",
  expires: "Expires",
};

/** Every header that describes an object (GET and HEAD). */
export function describeObject(ctx: CosContext, o: CosObject): Record<string, string> {
  const h: Record<string, string> = {
    "Content-Type": o.contentType,
    "Last-Modified": httpTime(o.lastModified),
    "Accept-Ranges": "bytes",
    ...objectHeaders(o),
  };
  for (const [k, v] of Object.entries(o.headers)) h[STANDARD_HEADER_NAMES[k] ?? k] = v;
  for (const [k, v] of Object.entries(o.meta)) h[`x-cos-meta-${k}`] = v;
  if (ARCHIVE_CLASSES.includes(o.storageClass) && o.restore) {
    h["x-cos-restore"] = ctx.req.now < o.restore.readyAt ? 'ongoing-request="true"' : `ongoing-request="false", expiry-date="${httpTime(o.restore.expiresAt)}"`;
  }
  if (o.appendable) {
    h["x-cos-object-type"] = "appendable";
    h["x-cos-next-append-position"] = String(o.size);
  }
  if (Object.keys(o.tags).length) h["x-cos-tagging-count"] = String(Object.keys(o.tags).length);
  for (const [q, name] of Object.entries(OVERRIDES)) {
    const v = ctx.req.query.get(q);
    if (v !== undefined) h[name] = v;
  }
  return h;
}

/** GET Object and HEAD Object: conditions, range, archive state, then the bytes streamed from the blobs. */
export async function getObject(ctx: CosContext): Promise<CosReply> {
  const head = ctx.req.method === "HEAD";
  const { object, dataKey } = await inTx(ctx, async (tx) => {
    const bucket = await requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!);
    const versionId = ctx.req.query.get("versionid");
    const o = versionId === undefined ? await requireObject(tx, ctx.owner.uin, ctx.req.region, bucket.name, ctx.req.key) : await requireVersion(tx, bucket, ctx.req.key, versionId);
    if (o.deleteMarker) cosFail("NoSuchKey");
    // HEAD describes an archived object; reading its bytes needs a finished restore.
    const archived = ARCHIVE_CLASSES.includes(o.storageClass) && !(o.restore && ctx.req.now >= o.restore.readyAt && ctx.req.now < o.restore.expiresAt);
    if (!head && archived) cosFail("InvalidObjectState", "The object is in an archive storage class: restore it (POST Object restore) before reading it.");
    // HEAD asks KMS nothing, but an SSE-C object's metadata needs its customer key, as GET does.
    if (head && o.sse?.algorithm === "SSE-C") requireCustomerKey(ctx, o.sse);
    return { object: o, dataKey: head ? undefined : await dataKeyOf(ctx, tx, bucket, o.key, o.sse) };
  });
  const headers = describeObject(ctx, object);
  if (preconditions(ctx, object) === "not-modified") {
    return { status: 304, headers: { ETag: object.etag, "Last-Modified": headers["Last-Modified"] } };
  }
  const range = parseRange(header(ctx, "range"), object.size);
  const span = range ?? { start: 0, end: object.size - 1 };
  const length = object.size === 0 ? 0 : span.end - span.start + 1;
  headers["Content-Length"] = String(length);
  if (range) headers["Content-Range"] = `bytes ${span.start}-${span.end}/${object.size}`;
  ctx.params.Range = header(ctx, "range");
  if (head || length === 0) return { status: range ? 206 : 200, headers, body: head ? undefined : Buffer.alloc(0) };
  return { status: range ? 206 : 200, headers, body: await openBody(ctx.app.blobs, object.chunks, span, dataKey) };
}
