import { requireBucket, saveBucket, type Acl, type Bucket } from "../buckets";
import { inTx, type CosContext, type CosReply } from "../context";
import { cosFail, type CosErrorCode } from "../errors";
import { aclFromHeaders, aclXml, header, readSmallBody } from "../http";
import { many, parseXml, text, xml, type XmlNode } from "../xml";

/**
 * Bucket sub-resources kept as configuration documents: PUT parses and checks the XML, GET answers it back,
 * DELETE removes it. Which of them tclocal also applies (CORS preflight and CORS headers, default encryption,
 * versioning status, lifecycle expiration on the emulator clock, website index/error documents) is said in
 * docs/services/cos.md.
 */
interface ConfigKind {
  readonly root: string;
  /** GET when none is set: this error, or an empty document. */
  readonly missing: CosErrorCode | "empty";
  readonly check?: (doc: Record<string, unknown>) => void;
}

const bad: (why: string) => never = (why) => cosFail("MalformedXML", `The XML you provided was not well-formed or did not validate against our published schema: ${why}.`);

const METHODS = ["GET", "PUT", "POST", "DELETE", "HEAD"];

export const CONFIGS: Record<string, ConfigKind> = {
  CORS: {
    root: "CORSConfiguration",
    missing: "NoSuchCORSConfiguration",
    check: (doc) => {
      const rules = many(doc.CORSRule);
      if (!rules.length || rules.length > 100) bad("CORSConfiguration holds 1 to 100 CORSRule");
      for (const r of rules as Record<string, unknown>[]) {
        if (!many(r?.AllowedOrigin).length) bad("each CORSRule needs an AllowedOrigin");
        const methods = many(r?.AllowedMethod).map((m) => String(m).toUpperCase());
        if (!methods.length || methods.some((m) => !METHODS.includes(m))) bad("AllowedMethod is GET, PUT, POST, DELETE or HEAD");
      }
    },
  },
  Lifecycle: {
    root: "LifecycleConfiguration",
    missing: "NoSuchLifecycleConfiguration",
    check: (doc) => {
      const rules = many(doc.Rule);
      if (!rules.length || rules.length > 1000) bad("LifecycleConfiguration holds 1 to 1000 Rule");
      for (const r of rules as Record<string, unknown>[]) {
        const status = text(r?.Status);
        if (status !== "Enabled" && status !== "Disabled") bad("Rule.Status is Enabled or Disabled");
        if (r.Expiration === undefined && r.Transition === undefined && r.AbortIncompleteMultipartUpload === undefined && r.NoncurrentVersionExpiration === undefined && r.NoncurrentVersionTransition === undefined) {
          bad("a Rule needs an action (Expiration, Transition, AbortIncompleteMultipartUpload, …)");
        }
      }
    },
  },
  Tagging: {
    root: "Tagging",
    missing: "NoSuchTagSet",
    check: (doc) => checkTags(doc),
  },
  Referer: {
    root: "RefererConfiguration",
    missing: "empty",
    check: (doc) => {
      const status = text(doc.Status);
      if (status !== "Enabled" && status !== "Disabled") bad("Status is Enabled or Disabled");
      const type = text(doc.RefererType);
      if (type !== "Black-List" && type !== "White-List") bad("RefererType is Black-List or White-List");
    },
  },
  Website: {
    root: "WebsiteConfiguration",
    missing: "NoSuchWebsiteConfiguration",
    check: (doc) => {
      const index = doc.IndexDocument as Record<string, unknown> | undefined;
      if (!text(index?.Suffix) && !doc.RedirectAllRequestsTo) bad("WebsiteConfiguration needs IndexDocument.Suffix");
    },
  },
  Logging: { root: "BucketLoggingStatus", missing: "empty" },
  Encryption: {
    root: "ServerSideEncryptionConfiguration",
    missing: "NoSuchEncryptionConfiguration",
    check: (doc) => {
      const rule = doc.Rule as Record<string, Record<string, unknown>> | undefined;
      const algorithm = text(rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm);
      if (algorithm !== "AES256" && algorithm !== "cos/kms") bad("SSEAlgorithm is AES256 or cos/kms");
    },
  },
  Versioning: {
    root: "VersioningConfiguration",
    missing: "empty",
    check: (doc) => {
      const status = text(doc.Status);
      if (status !== "Enabled" && status !== "Suspended") bad("Status is Enabled or Suspended");
    },
  },
};

/** A TagSet of at most 50 tags with unique keys (128 characters) and values (256). */
export function checkTags(doc: Record<string, unknown>): Record<string, string> {
  const set = (doc.TagSet ?? {}) as Record<string, unknown>;
  const tags: Record<string, string> = {};
  const list = many(set.Tag) as Record<string, unknown>[];
  if (list.length > 50) cosFail("InvalidArgument", "At most 50 tags.");
  for (const t of list) {
    const k = text(t?.Key);
    const v = text(t?.Value) ?? "";
    if (!k || k.length > 128 || v.length > 256) cosFail("InvalidArgument", "A tag Key is 1-128 characters and its Value at most 256.");
    if (k in tags) cosFail("InvalidArgument", `The tag key ${k} is repeated.`);
    tags[k] = v;
  }
  return tags;
}

/** The config kind an operation (`PutBucketCORS`) is about. */
function kindOf(op: string): [string, ConfigKind] {
  const name = op.replace(/^(Put|Get|Delete)Bucket/, "");
  const kind = CONFIGS[name];
  if (!kind) cosFail("NotImplemented", `tclocal does not implement the COS operation ${op} yet.`);
  return [name.toLowerCase(), kind];
}

async function updateBucket(ctx: CosContext, change: (b: Bucket) => void): Promise<void> {
  await inTx(ctx, async (tx) => {
    const bucket = await requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!);
    change(bucket);
    await saveBucket(tx, bucket);
  });
}

export function configOperations(op: string) {
  const [name, kind] = kindOf(op);
  return {
    put: async (ctx: CosContext): Promise<CosReply> => {
      const doc = parseXml(await readSmallBody(ctx.req.body), kind.root);
      kind.check?.(doc);
      await updateBucket(ctx, (b) => {
        b.configs[name] = doc;
        if (name === "versioning") b.versioning = text(doc.Status) as Bucket["versioning"];
      });
      return { status: 200 };
    },
    get: async (ctx: CosContext): Promise<CosReply> => {
      const bucket = await inTx(ctx, (tx) => requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!));
      const doc = bucket.configs[name];
      if (!doc && kind.missing !== "empty") cosFail(kind.missing);
      return { status: 200, body: xml(kind.root, (doc ?? {}) as XmlNode) };
    },
    delete: async (ctx: CosContext): Promise<CosReply> => {
      await updateBucket(ctx, (b) => {
        delete b.configs[name];
      });
      return { status: 204 };
    },
  };
}

/** An AccessControlPolicy body (grants to uins) or the x-cos-acl / x-cos-grant-* headers. */
async function aclOfRequest(ctx: CosContext, kind: "bucket" | "object"): Promise<Acl> {
  const body = await readSmallBody(ctx.req.body);
  if (!body.length || header(ctx, "x-cos-acl") !== undefined) return aclFromHeaders(ctx, kind);
  const doc = parseXml(body, "AccessControlPolicy");
  const list = (doc.AccessControlList ?? {}) as Record<string, unknown>;
  const grants: Acl["grants"] = [];
  let publicRead = false;
  let publicWrite = false;
  for (const g of many(list.Grant) as Record<string, Record<string, unknown>>[]) {
    const permission = text(g?.Permission);
    if (!permission || !["READ", "WRITE", "READ_ACP", "WRITE_ACP", "FULL_CONTROL"].includes(permission)) bad("Grant.Permission is READ, WRITE, READ_ACP, WRITE_ACP or FULL_CONTROL");
    const uri = text(g.Grantee?.URI);
    if (uri?.endsWith("/AllUsers")) {
      if (permission === "READ") publicRead = true;
      if (permission === "WRITE") publicWrite = true;
      continue;
    }
    const id = /uin\/(\d+)(?::uin\/\d+)?$/.exec(text(g.Grantee?.ID) ?? "")?.[1]; // the account part: grants name root accounts
    if (!id) bad("Grantee.ID is qcs::cam::uin/<uin>:uin/<uin>");
    if (id !== ctx.owner.uin) grants.push({ permission, uin: id });
  }
  const canned = publicWrite ? "public-read-write" : publicRead ? "public-read" : kind === "bucket" ? "private" : "default";
  return { canned, grants };
}

export async function putBucketAcl(ctx: CosContext): Promise<CosReply> {
  const acl = await aclOfRequest(ctx, "bucket");
  await updateBucket(ctx, (b) => {
    b.acl = acl;
  });
  return { status: 200 };
}

export async function getBucketAcl(ctx: CosContext): Promise<CosReply> {
  const bucket = await inTx(ctx, (tx) => requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!));
  return { status: 200, body: xml("AccessControlPolicy", aclXml(bucket.owner, bucket.acl)), headers: { "x-cos-acl": bucket.acl.canned } };
}

/** PUT Bucket policy: a JSON document with a Statement list (keys in any case), at most 20 KB. */
export async function putBucketPolicy(ctx: CosContext): Promise<CosReply> {
  const body = await readSmallBody(ctx.req.body, 20 * 1024);
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString("utf8"));
  } catch {
    cosFail("MalformedPolicy");
  }
  const statements = doc && typeof doc === "object" ? Object.entries(doc).find(([k]) => k.toLowerCase() === "statement")?.[1] : undefined;
  if (!Array.isArray(statements) || !statements.length) cosFail("InvalidArgument", "The policy needs a non-empty Statement list.");
  await updateBucket(ctx, (b) => {
    b.policy = body.toString("utf8");
  });
  return { status: 204 };
}

export async function getBucketPolicy(ctx: CosContext): Promise<CosReply> {
  const bucket = await inTx(ctx, (tx) => requireBucket(tx, ctx.owner.uin, ctx.req.region, ctx.req.bucket!));
  if (!bucket.policy) cosFail("NoSuchBucketPolicy");
  return { status: 200, headers: { "Content-Type": "application/json" }, body: Buffer.from(bucket.policy) };
}

export async function deleteBucketPolicy(ctx: CosContext): Promise<CosReply> {
  await updateBucket(ctx, (b) => {
    delete b.policy;
  });
  return { status: 204 };
}

export { aclOfRequest };
