import { cosTarget } from "../../cos-gateway/host";
import type { BlobStore } from "../../platform/blobs/blob-store";
import { accounts } from "../../platform/accounts";
import type { Tx } from "../../platform/store/store";
import { dropBlobs, readBody, storeBody } from "./body";
import { BUCKET_QUOTA, createBucket, listBuckets, type Bucket } from "./buckets";
import { CosError } from "./errors";
import { findObject, type CosObject } from "./objects";
import { replaceCurrent } from "./versions";

/**
 * What other products use of COS, in their own transaction: CloudAudit finds and creates the buckets its
 * tracks name and delivers log files into them as real objects (any COS client lists and downloads them); CVM
 * exports image files into a bucket and checks that the object an image import names exists.
 * Object bytes go to the blob store from inside the transaction (the platform's one allowed I/O there).
 */
export interface ProductBucket {
  readonly name: string;
  readonly region: string;
  readonly appId: number;
  readonly createdAt: number;
  readonly createdBy: string;
}

const view = (b: Bucket): ProductBucket => ({ name: b.name, region: b.region, appId: b.appId, createdAt: b.createdAt, createdBy: b.createdBy ?? "cos" });

/** A bucket of the account by its short name (names are unique in an account across regions). */
export async function findBucketByName(tx: Tx, uin: string, name: string): Promise<ProductBucket | undefined> {
  const b = (await listBuckets(tx, uin)).find((x) => x.name === name);
  return b ? view(b) : undefined;
}

export async function bucketsOfAccount(tx: Tx, uin: string): Promise<ProductBucket[]> {
  return (await listBuckets(tx, uin)).map(view);
}

export { BUCKET_QUOTA };

/** Creates a private bucket for the account: "exists" when the name is taken in the account, "quota" past 200. */
export async function createBucketForProduct(tx: Tx, uin: string, b: { name: string; region: string; createdBy: string }, now: number): Promise<"created" | "exists" | "quota"> {
  const { name, region, createdBy } = b;
  const account = await accounts.get(tx, uin);
  if (!account) throw new Error(`account ${uin} does not exist`);
  try {
    await createBucket(tx, { name, appId: account.appId, owner: uin, region, createdAt: now, acl: { canned: "private", grants: [] }, configs: {}, createdBy });
    return "created";
  } catch (e) {
    if (e instanceof CosError && e.code === "BucketAlreadyExists") return "exists";
    if (e instanceof CosError && e.code === "TooManyBuckets") return "quota";
    throw e;
  }
}

/** Writes an object (replacing one at the same key); false when the bucket does not exist. */
export async function putObjectForProduct(
  blobs: BlobStore,
  tx: Tx,
  o: { uin: string; bucket: string; key: string; body: Buffer; contentType: string; now: number },
): Promise<boolean> {
  const bucket = (await listBuckets(tx, o.uin)).find((b) => b.name === o.bucket);
  if (!bucket) return false;
  const stored = await storeBody(blobs, [o.body], { limit: o.body.length });
  // The bytes are written outside the transaction: an attempt that rolls back (or is run again) leaves none behind.
  tx.afterRollback(() => dropBlobs(blobs, [stored.chunk], () => {}));
  const object: CosObject = {
    bucket: bucket.name,
    key: o.key,
    size: stored.chunk.size,
    etag: `"${stored.md5.toString("hex")}"`,
    crc64: stored.crc64,
    lastModified: o.now,
    storageClass: "STANDARD",
    contentType: o.contentType,
    headers: {},
    meta: {},
    chunks: [stored.chunk],
    acl: { canned: "default", grants: [] },
    tags: {},
    owner: o.uin,
  };
  await replaceCurrent(tx, bucket, object, o.now, blobs, () => {});
  return true;
}

/** The bytes of a small, unencrypted object (CloudAudit reading back its own log files), or undefined. */
export async function readObjectForProduct(blobs: BlobStore, tx: Tx, uin: string, bucketName: string, key: string): Promise<Buffer | undefined> {
  const bucket = (await listBuckets(tx, uin)).find((b) => b.name === bucketName);
  const o = bucket ? await findObject(tx, uin, bucket.region, bucket.name, key) : undefined;
  if (!o || o.deleteMarker || o.sse || o.size > 64 * 1024 * 1024) return undefined;
  const parts: Buffer[] = [];
  for await (const chunk of readBody(blobs, o.chunks, { start: 0, end: o.size - 1 }) as AsyncIterable<Buffer>) parts.push(chunk);
  return o.size ? Buffer.concat(parts) : Buffer.alloc(0);
}


/** What a URL names in this tclocal's COS (ImportImage's ImageUrl). */
export type ObjectAtUrl =
  /** Not a COS object URL: `http(s)://<bucket>-<appid>.cos.<region>.<domain>[:port]/<key>`. */
  | { readonly kind: "not-cos" }
  /** A COS object URL whose AppId is no account of this tclocal (a bucket of the real cloud). */
  | { readonly kind: "foreign"; readonly appId: number }
  | { readonly kind: "no-bucket" | "no-object"; readonly bucket: string; readonly region: string; readonly key: string }
  | { readonly kind: "object"; readonly bucket: string; readonly region: string; readonly key: string; readonly owner: string; readonly size: number };

/**
 * The object a COS URL names, in the virtual-host form the COS gateway serves, under any domain (the gateway
 * answers its `--cos-domain` and `myqcloud.com`, and a product does not know the former): the bucket of the
 * AppId's account in that region and the key's current version (a delete marker is no object). A query string
 * (a presigned URL's signature) is ignored; the object's ACL and policies are not evaluated.
 */
export async function objectAtUrl(tx: Tx, url: string): Promise<ObjectAtUrl> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { kind: "not-cos" };
  }
  const domain = /^.+\.cos\.[a-z0-9-]+\.(.+)$/.exec(u.hostname)?.[1];
  const target = domain && (u.protocol === "http:" || u.protocol === "https:") ? cosTarget(u.hostname, domain) : null;
  let key = "";
  try {
    key = decodeURIComponent(u.pathname.slice(1));
  } catch {
    return { kind: "not-cos" };
  }
  if (!target || target.kind !== "bucket" || target.website || target.appId === null || !key) return { kind: "not-cos" };
  const account = (await accounts.list(tx)).find((a) => a.appId === target.appId);
  if (!account) return { kind: "foreign", appId: target.appId };
  const where = { bucket: `${target.bucket}-${target.appId}`, region: target.region, key };
  const bucket = (await listBuckets(tx, account.uin)).find((b) => b.name === target.bucket && b.region === target.region);
  if (!bucket) return { kind: "no-bucket", ...where };
  const o = await findObject(tx, account.uin, bucket.region, bucket.name, key);
  if (!o || o.deleteMarker) return { kind: "no-object", ...where };
  return { kind: "object", ...where, owner: account.uin, size: o.size };
}
