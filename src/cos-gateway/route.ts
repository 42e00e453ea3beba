import { cosFail } from "../services/cos/errors";
import type { CosCall } from "./call";

/**
 * Stage "operation name": COS's operation from the method, whether a key is named, and the sub-resource in
 * the query, with the names the COS SDKs and CAM use (`PutObject`, `GetBucketCORS`, …).
 */
const BUCKET_SUBRESOURCES: Record<string, string> = {
  acl: "ACL",
  cors: "CORS",
  lifecycle: "Lifecycle",
  policy: "Policy",
  tagging: "Tagging",
  versioning: "Versioning",
  encryption: "Encryption",
  referer: "Referer",
  website: "Website",
  logging: "Logging",
  accelerate: "Accelerate",
  domain: "Domain",
  origin: "Origin",
  inventory: "Inventory",
  replication: "Replication",
  intelligenttiering: "IntelligentTiering",
  objectlock: "ObjectLock",
};

function subresource(call: CosCall): string | undefined {
  for (const name of Object.keys(BUCKET_SUBRESOURCES)) if (call.query.has(name)) return BUCKET_SUBRESOURCES[name];
  return undefined;
}

export function operationName(call: CosCall): string {
  const m = call.method;
  const q = call.query;
  if (call.target.kind === "service") {
    if (m === "GET") return "GetService";
    cosFail("MethodNotAllowed");
  }
  if (call.target.website) {
    if (m === "GET" || m === "HEAD") return m === "GET" ? "GetObject" : "HeadObject";
    cosFail("MethodNotAllowed");
  }
  if (m === "OPTIONS") return "OptionsObject";
  if (!call.key) {
    const sub = subresource(call);
    if (m === "GET") return sub ? `GetBucket${sub}` : q.has("versions") ? "GetBucketObjectVersions" : q.has("uploads") ? "ListMultipartUploads" : q.has("location") ? "GetBucketLocation" : "GetBucket";
    if (m === "PUT") return sub ? `PutBucket${sub}` : "PutBucket";
    if (m === "DELETE") return sub ? `DeleteBucket${sub}` : "DeleteBucket";
    if (m === "HEAD") return "HeadBucket";
    if (m === "POST") return q.has("delete") ? "DeleteMultipleObjects" : "PostObject";
    cosFail("MethodNotAllowed");
  }
  if (m === "GET") return q.has("uploadid") ? "ListParts" : q.has("acl") ? "GetObjectACL" : q.has("tagging") ? "GetObjectTagging" : "GetObject";
  if (m === "HEAD") return "HeadObject";
  if (m === "PUT") {
    const copy = call.req.headers["x-cos-copy-source"] !== undefined;
    if (q.has("partnumber") || q.has("uploadid")) return copy ? "UploadPartCopy" : "UploadPart";
    if (q.has("acl")) return "PutObjectACL";
    if (q.has("tagging")) return "PutObjectTagging";
    return copy ? "PutObjectCopy" : "PutObject";
  }
  if (m === "DELETE") return q.has("uploadid") ? "AbortMultipartUpload" : q.has("tagging") ? "DeleteObjectTagging" : "DeleteObject";
  if (m === "POST") {
    if (q.has("uploads")) return "InitiateMultipartUpload";
    if (q.has("uploadid")) return "CompleteMultipartUpload";
    if (q.has("append")) return "AppendObject";
    if (q.has("restore")) return "RestoreObject";
    return "PostObject";
  }
  cosFail("MethodNotAllowed");
}

/** The CAM action an operation is authorized as (copies read with GetObject and write with PutObject). */
export function camAction(operation: string): string {
  if (operation === "PutObjectCopy") return "PutObject";
  if (operation === "UploadPartCopy") return "UploadPart";
  if (operation === "GetBucketObjectVersions") return "GetBucketObjectVersions";
  return operation;
}

/** Operations that only read (CloudAudit's ReadOnly, anonymous access under public-read). */
export function isReadOperation(operation: string): boolean {
  return /^(Get|Head|List|Options)/.test(operation);
}
