import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { App } from "../../app";
import { ActionContext } from "../../platform/service";
import type { Tx } from "../../platform/store/store";
import { decryptDataKeyForProduct, generateDataKeyForProduct, type DataKeyResult } from "../kms/for-products";
import type { Sse } from "./body";
import type { Bucket } from "./buckets";
import type { CosContext } from "./context";
import { cosFail } from "./errors";
import { header } from "./http";

/**
 * Server-side encryption. SSE-COS (`x-cos-server-side-encryption: AES256`): a data key per object, kept with
 * its metadata. SSE-KMS (`cos/kms`): a data key from tclocal's own KMS, wrapped by a CMK of the bucket owner;
 * every read asks KMS to unwrap it, so a disabled or deleted CMK stops reads. The bytes are AES-256-CTR either
 * way. KMS sees COS's GenerateDataKey and Decrypt calls in its audit trail, as the real service's are.
 * SSE-C (`x-cos-server-side-encryption-customer-*`): the customer's 256-bit key encrypts the bytes (AES-256-CTR
 * too); only its MD5 and a salted SHA-256 are kept, so every read must bring the key again.
 */
export interface NewSse {
  sse: Sse;
  dataKey: Buffer;
}

/** The owner's root, in the bucket's region and the operation's transaction, as KMS's caller. */
function kmsContext(ctx: CosContext, tx: Tx, bucket: Bucket): ActionContext<"kms"> {
  const region = bucket.region;
  const app = ctx.app;
  return new ActionContext("kms", {
    tx,
    now: () => ctx.req.now,
    requestId: ctx.req.requestId,
    language: "en-US",
    region,
    action: "GenerateDataKey",
    caller: { uin: bucket.owner, appId: bucket.appId, subUin: null, username: "root", secretId: "", kind: "root", mfa: false, policies: [], mfaProtectedActions: [] },
    resources: new Set(),
    origin: "",
    platform: app,
  });
}

function kmsFailure(r: Extract<DataKeyResult, { ok: false }>, keyId: string): never {
  if (r.usability === "not-found") cosFail("KMS.NotFoundException", `The KMS key ${keyId} does not exist.`);
  if (r.usability === "disabled") cosFail("KMS.DisabledException", `The KMS key ${keyId} is disabled.`);
  cosFail("KMS.KMSInvalidStateException", `The KMS key ${keyId} cannot be used for encryption.`);
}

/** Records KMS's view of COS's call in the audit trail (after the transaction commits). */
function recordKms(app: App, ctx: CosContext, bucket: Bucket, action: "GenerateDataKey" | "Decrypt", keyId: string): void {
  const region = bucket.region;
  app.audit.record({
    requestId: ctx.req.requestId + (action === "Decrypt" ? "-kms-decrypt" : "-kms-generate"),
    time: ctx.req.now,
    account: bucket.owner,
    region,
    service: "kms",
    version: "2019-01-18",
    action,
    username: "cos.cloud.tencent.com",
    subUin: null,
    secretId: null,
    sourceIp: "cos.cloud.tencent.com",
    userAgent: "cos.cloud.tencent.com",
    readOnly: false,
    resources: [keyId],
    params: { KeyId: keyId },
    errorCode: null,
    errorMessage: null,
    latencyMs: 0,
    callerKind: null,
    httpMethod: "POST",
  });
}

const contextBytes = (sse: { context?: string }, bucket: Bucket, key: string) =>
  Buffer.from(sse.context ? Buffer.from(sse.context, "base64").toString("utf8") : JSON.stringify({ bucket: `${bucket.name}-${bucket.appId}`, key }));

const CUSTOMER = "x-cos-server-side-encryption-customer-";
const COPY_CUSTOMER = "x-cos-copy-source-server-side-encryption-customer-";

/**
 * The customer key of a request's SSE-C headers (`prefix`: the copy source's), checked as COS (like S3) checks it:
 * algorithm AES256, a base64 256-bit key, its base64 MD5. Undefined when none of the three headers is present.
 */
export function customerKey(ctx: CosContext, prefix: string = CUSTOMER): { key: Buffer; md5: string } | undefined {
  const algorithm = header(ctx, `${prefix}algorithm`);
  const key64 = header(ctx, `${prefix}key`);
  const md5 = header(ctx, `${prefix}key-md5`);
  if (algorithm === undefined && key64 === undefined && md5 === undefined) return undefined;
  if (algorithm !== "AES256") cosFail("InvalidArgument", `The ${prefix}algorithm must be AES256.`);
  if (key64 === undefined) cosFail("InvalidArgument", `The ${prefix}key is required with ${prefix}algorithm.`);
  const key = Buffer.from(key64, "base64");
  if (key.length !== 32 || key.toString("base64") !== key64.trim()) cosFail("InvalidArgument", `The ${prefix}key must be a base64-encoded 256-bit key.`);
  const actual = createHash("md5").update(key).digest("base64");
  if (md5 === undefined) cosFail("InvalidArgument", `The ${prefix}key-MD5 is required with ${prefix}key.`);
  if (md5 !== actual) cosFail("InvalidArgument", `The calculated MD5 hash of the key did not match the hash that was provided in ${prefix}key-MD5.`);
  return { key, md5: actual };
}

const keyCheck = (key: Buffer, salt: Buffer) => createHash("sha256").update(salt).update(key).digest();

/** What the request (or the bucket's default encryption) asks for: null when the object is stored as is. */
export function requestedSse(ctx: CosContext, bucket: Bucket): { algorithm: Sse["algorithm"]; kmsKeyId?: string; context?: string; customer?: { key: Buffer; md5: string } } | null {
  let algorithm = header(ctx, "x-cos-server-side-encryption");
  let kmsKeyId = header(ctx, "x-cos-server-side-encryption-cos-kms-key-id");
  const context = header(ctx, "x-cos-server-side-encryption-context");
  const customer = customerKey(ctx);
  if (customer) {
    if (algorithm !== undefined || kmsKeyId !== undefined) cosFail("InvalidArgument", "SSE-C (x-cos-server-side-encryption-customer-*) cannot be combined with x-cos-server-side-encryption.");
    return { algorithm: "SSE-C", customer };
  }
  if (algorithm === undefined) {
    const rule = bucket.configs.encryption?.Rule as Record<string, Record<string, unknown>> | undefined;
    const def = rule?.ApplyServerSideEncryptionByDefault;
    if (!def) return null;
    algorithm = String(def.SSEAlgorithm ?? "");
    kmsKeyId = def.KMSMasterKeyID === undefined ? undefined : String(def.KMSMasterKeyID);
  }
  if (algorithm !== "AES256" && algorithm !== "cos/kms") cosFail("InvalidArgument", `The x-cos-server-side-encryption ${algorithm} is invalid: use AES256 or cos/kms.`);
  if (algorithm === "cos/kms" && !kmsKeyId) {
    cosFail("InvalidArgument", "tclocal needs x-cos-server-side-encryption-cos-kms-key-id for cos/kms: COS's own default KMS key is not emulated.");
  }
  if (context !== undefined && algorithm !== "cos/kms") cosFail("InvalidArgument", "x-cos-server-side-encryption-context is only valid with cos/kms.");
  return { algorithm, ...(kmsKeyId ? { kmsKeyId } : {}), ...(context ? { context } : {}) };
}

/** Operations that store bytes without encryption (AppendObject, PostObject) refuse SSE-C rather than store plaintext. */
export function refuseCustomerKey(ctx: CosContext, operation: string): void {
  if (customerKey(ctx)) cosFail("InvalidArgument", `${operation} does not support SSE-C (x-cos-server-side-encryption-customer-*).`);
}

/**
 * The customer key an SSE-C object needs (`prefix`: the copy source's headers), checked against the object's:
 * none → 400 InvalidRequest, another key → 403 AccessDenied (the codes of the S3 API COS mirrors).
 */
export function requireCustomerKey(ctx: CosContext, sse: Sse, prefix: string = CUSTOMER): Buffer {
  const given = customerKey(ctx, prefix);
  if (!given) cosFail("InvalidRequest", "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.");
  const [salt, check] = (sse.customerKeyCheck ?? ":").split(":").map((x) => Buffer.from(x, "base64"));
  const actual = keyCheck(given.key, salt);
  if (actual.length !== check.length || !timingSafeEqual(actual, check)) cosFail("AccessDenied", "The provided customer key does not match the key the object was encrypted with.");
  return given.key;
}

/** A data key for a new object (or upload), in the operation's transaction. */
export async function newDataKey(ctx: CosContext, tx: Tx, bucket: Bucket, key: string, want: NonNullable<ReturnType<typeof requestedSse>>): Promise<NewSse> {
  if (want.algorithm === "SSE-C") {
    const salt = randomBytes(16);
    const check = `${salt.toString("base64")}:${keyCheck(want.customer!.key, salt).toString("base64")}`;
    return { dataKey: want.customer!.key, sse: { algorithm: "SSE-C", customerKeyMd5: want.customer!.md5, customerKeyCheck: check } };
  }
  if (want.algorithm === "AES256") {
    const dataKey = randomBytes(32);
    return { dataKey, sse: { algorithm: "AES256", dataKey: dataKey.toString("base64") } };
  }
  const r = await generateDataKeyForProduct(kmsContext(ctx, tx, bucket), want.kmsKeyId!, contextBytes(want, bucket, key));
  if (!r.ok) kmsFailure(r, want.kmsKeyId!);
  tx.afterCommit(() => recordKms(ctx.app, ctx, bucket, "GenerateDataKey", r.keyId));
  return { dataKey: r.plaintext, sse: { algorithm: "cos/kms", kmsKeyId: r.keyId, wrappedKey: r.ciphertextBlob, ...(want.context ? { context: want.context } : {}) } };
}

/**
 * The data key of a stored object: SSE-KMS asks KMS, which refuses when the CMK is disabled or gone; SSE-C needs
 * the customer's key in the request (`copySource`: in the x-cos-copy-source-server-side-encryption-customer-* headers).
 */
export async function dataKeyOf(ctx: CosContext, tx: Tx, bucket: Bucket, key: string, sse: Sse | undefined, copySource = false): Promise<Buffer | undefined> {
  if (!sse) return undefined;
  if (sse.algorithm === "SSE-C") return requireCustomerKey(ctx, sse, copySource ? COPY_CUSTOMER : CUSTOMER);
  if (sse.algorithm === "AES256") return Buffer.from(sse.dataKey!, "base64");
  const r = await decryptDataKeyForProduct(kmsContext(ctx, tx, bucket), sse.wrappedKey!, contextBytes(sse, bucket, key));
  if (!r.ok) kmsFailure(r, sse.kmsKeyId!);
  tx.afterCommit(() => recordKms(ctx.app, ctx, bucket, "Decrypt", r.keyId));
  return r.plaintext;
}

/** The encryption headers of an answer. */
export function sseHeaders(sse: Sse | undefined): Record<string, string> {
  if (!sse) return {};
  if (sse.algorithm === "AES256") return { "x-cos-server-side-encryption": "AES256" };
  if (sse.algorithm === "SSE-C") return { "x-cos-server-side-encryption-customer-algorithm": "AES256", "x-cos-server-side-encryption-customer-key-MD5": sse.customerKeyMd5! };
  return { "x-cos-server-side-encryption": "cos/kms", "x-cos-server-side-encryption-cos-kms-key-id": sse.kmsKeyId! };
}
