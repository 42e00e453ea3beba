import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Readable } from "node:stream";
import Busboy from "busboy";
import { mayDo, refuseWithoutMfa } from "../../../cos-gateway/authorize";
import { resolveCredential, withCosConditions } from "../../../cos-gateway/identity";
import type { Caller } from "../../../platform/service";
import { storeBody, storedFields } from "../body";
import type { Bucket } from "../buckets";
import type { CosContext, CosReply } from "../context";
import { CosError, cosFail } from "../errors";
import { checkKey, MAX_PUT_BYTES, storageClassOf, type CosObject } from "../objects";
import { xml } from "../xml";
import { bucketNow, commitObject, objectHeaders } from "./put-object";

/**
 * POST Object: the browser form upload. The form's fields come first (key, policy, q-sign-*, x-cos-meta-*,
 * Content-Type, success_action_status), then `file`. A signed form proves itself by its policy: the policy's
 * SHA-1 signed with the key-time's SignKey, not expired, its conditions met; an unsigned form is anonymous and
 * needs a bucket that allows it. The file is streamed into the blob store like a PUT.
 */
interface Form {
  fields: Map<string, string>;
  file?: { stream: Readable; filename: string; mimeType: string };
}

function readForm(ctx: CosContext): Promise<Form> {
  return new Promise((resolve, reject) => {
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({ headers: ctx.req.headers as Record<string, string>, limits: { fieldSize: 64 * 1024, fields: 100, files: 1 } });
    } catch {
      reject(new CosError("MalformedPOSTRequest"));
      return;
    }
    const fields = new Map<string, string>();
    bb.on("field", (name, value) => fields.set(name.toLowerCase(), value));
    bb.on("file", (name, stream, info) => {
      if (name.toLowerCase() !== "file") {
        stream.resume();
        return;
      }
      resolve({ fields, file: { stream, filename: info.filename ?? "", mimeType: info.mimeType } });
    });
    bb.on("close", () => resolve({ fields }));
    bb.on("error", () => reject(new CosError("MalformedPOSTRequest")));
    ctx.req.body.pipe(bb);
  });
}

type Condition = { field: string; op: "eq" | "starts-with"; value: string } | { field: "content-length-range"; min: number; max: number };

function policyConditions(policyJson: string, now: number): Condition[] {
  let doc: { expiration?: string; conditions?: unknown[] };
  try {
    doc = JSON.parse(policyJson) as typeof doc;
  } catch {
    cosFail("InvalidArgument", "The policy is not valid JSON.");
  }
  if (!doc.expiration || Number.isNaN(Date.parse(doc.expiration))) cosFail("InvalidArgument", "The policy needs an expiration.");
  if (Date.parse(doc.expiration) < now) cosFail("AccessDenied", "Invalid according to Policy: Policy expired.");
  const out: Condition[] = [];
  for (const c of doc.conditions ?? []) {
    if (Array.isArray(c)) {
      if (c[0] === "content-length-range") out.push({ field: "content-length-range", min: Number(c[1]), max: Number(c[2]) });
      else if (c[0] === "eq" || c[0] === "starts-with") out.push({ field: String(c[1]).replace(/^\$/, "").toLowerCase(), op: c[0], value: String(c[2]) });
    } else if (c && typeof c === "object") {
      for (const [k, v] of Object.entries(c)) out.push({ field: k.toLowerCase(), op: "eq", value: String(v) });
    }
  }
  return out;
}

async function signedCaller(ctx: CosContext, f: Map<string, string>): Promise<Caller | null> {
  const policy = f.get("policy");
  const ak = f.get("q-ak");
  if (!ak && !policy) return null;
  if (!policy || !ak || !f.get("q-key-time") || !f.get("q-signature")) cosFail("AccessDenied", "A signed form needs policy, q-ak, q-key-time and q-signature.");
  const cred = await resolveCredential(ctx.app, ak);
  if (!cred) cosFail("InvalidAccessKeyId");
  const json = Buffer.from(policy, "base64").toString("utf8");
  const signKey = createHmac("sha1", cred.secretKey).update(f.get("q-key-time")!).digest("hex");
  const expected = Buffer.from(createHmac("sha1", signKey).update(createHash("sha1").update(json).digest("hex")).digest("hex"));
  const given = Buffer.from(f.get("q-signature")!.toLowerCase());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) cosFail("SignatureDoesNotMatch");
  if (cred.temporary) {
    const token = f.get("x-cos-security-token") ?? "";
    if (Buffer.byteLength(token) !== Buffer.byteLength(cred.temporary.token) || !timingSafeEqual(Buffer.from(token), Buffer.from(cred.temporary.token))) cosFail("InvalidSecurityToken");
    if (ctx.app.clock.now() >= cred.temporary.expiresAt) cosFail("ExpiredToken");
  }
  // The form's signer is the caller: its policies' conditions see this request's keys.
  return withCosConditions(ctx.app, cred.caller, ctx.req);
}

export async function postObject(ctx: CosContext): Promise<CosReply> {
  if (!/^multipart\/form-data/i.test(String(ctx.req.headers["content-type"] ?? ""))) cosFail("MalformedPOSTRequest");
  const form = await readForm(ctx);
  if (!form.file) cosFail("MalformedPOSTRequest", "The form has no file field (it must come last).");
  const f = form.fields;
  const key = (f.get("key") ?? "").replace(/\$\{filename\}/g, form.file.filename);
  if (!key) cosFail("InvalidArgument", "The form needs a key.");
  checkKey(key);
  const caller = await signedCaller(ctx, f);
  const bucket: Bucket = await bucketNow(ctx);
  const conditions = f.get("policy") ? policyConditions(Buffer.from(f.get("policy")!, "base64").toString("utf8"), Date.now()) : [];
  const values = new Map([...f, ["key", key], ["bucket", `${bucket.name}-${bucket.appId}`]]);
  let max = MAX_PUT_BYTES;
  let min = 0;
  for (const c of conditions) {
    if ("min" in c) {
      min = c.min;
      max = Math.min(max, c.max);
      continue;
    }
    if (!("op" in c) || c.field.startsWith("q-") || c.field === "x-cos-security-token") continue;
    const v = values.get(c.field) ?? "";
    if (c.op === "eq" ? v !== c.value : !v.startsWith(c.value)) cosFail("AccessDenied", `Invalid according to Policy: Policy Condition failed: ${c.field}.`);
  }
  if (!(await mayDo(ctx.app, caller, bucket, key, "PostObject", ctx.req))) cosFail("AccessDenied");
  if (caller) refuseWithoutMfa(caller, "PostObject");
  const meta: Record<string, string> = {};
  for (const [k, v] of f) if (k.startsWith("x-cos-meta-")) meta[k.slice(11)] = v;
  const stored = await storeBody(ctx.app.blobs, form.file.stream as AsyncIterable<Buffer>, { limit: max });
  if (stored.chunk.size < min) {
    await ctx.app.blobs.delete(stored.chunk.blob);
    cosFail("EntityTooSmall");
  }
  const object: CosObject = {
    ...storedFields(bucket.name, key, stored, ctx.req.now),
    storageClass: storageClassOf(f.get("x-cos-storage-class")),
    contentType: f.get("content-type") ?? form.file.mimeType ?? "application/octet-stream",
    headers: {},
    meta,
    chunks: [stored.chunk],
    acl: { canned: f.get("acl") ?? "default", grants: [] },
    tags: {},
    owner: bucket.owner,
  };
  await commitObject(ctx, object);
  ctx.params.Key = key;
  const status = Number(f.get("success_action_status") ?? 204);
  const location = `${ctx.req.origin}/${encodeURIComponent(key).replace(/%2F/g, "/")}`;
  const headers = { ...objectHeaders(object), Location: location };
  if (status === 201) return { status, headers, body: xml("PostResponse", { Location: location, Bucket: `${bucket.name}-${bucket.appId}`, Key: key, ETag: object.etag }) };
  return { status: status === 200 ? 200 : 204, headers };
}
