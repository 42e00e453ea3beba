import type { Tx } from "../../platform/store/store";
import { cosDocs, GLOBAL } from "./context";
import { cosFail } from "./errors";

/**
 * A bucket: `<name>-<appid>` in one region of one account. Its ACL, policy and sub-resource configurations
 * (CORS, lifecycle, tagging, …) live in the bucket's own document; its objects are documents of their own.
 */
export interface Acl {
  /** private | public-read | public-read-write (objects also: default). */
  canned: string;
  /** Explicit grants: permission → grantee uins (root accounts), from x-cos-grant-* or an AccessControlPolicy body. */
  grants: { permission: string; uin: string }[];
}

export interface Bucket {
  name: string;
  appId: number;
  owner: string;
  region: string;
  createdAt: number;
  acl: Acl;
  /** Sub-resource configurations as their XML was parsed (cors, lifecycle, tagging, website, …). */
  configs: Record<string, Record<string, unknown>>;
  /** The bucket policy, as the JSON text the client put. */
  policy?: string;
  versioning?: "Enabled" | "Suspended";
  /** A product that created it (CloudAudit's IsCreateNewBucket), or "control" for the control-API shortcut. */
  createdBy?: string;
}

/** Where a bucket name lives in an account (names are unique in an account across regions). */
interface BucketName {
  name: string;
  region: string;
}

/** Buckets per root account ("one root account can create up to 200 buckets"). */
export const BUCKET_QUOTA = 200;

export const bucketsIn = (tx: Tx, uin: string, region: string) => cosDocs<Bucket>(tx, uin, region, "bucket");
const names = (tx: Tx, uin: string) => cosDocs<BucketName>(tx, uin, GLOBAL, "bucket-name");

/**
 * COS bucket naming: lowercase letters, digits and '-', not starting or ending with '-', and with the
 * `-<appid>` suffix at most 60 characters (the short name at most 50).
 */
export function isValidBucketName(name: string, appId: number): boolean {
  return /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/.test(name) && `${name}-${appId}`.length <= 60;
}

export function fullName(b: { name: string; appId: number }): string {
  return `${b.name}-${b.appId}`;
}

export async function findBucket(tx: Tx, uin: string, region: string, name: string): Promise<Bucket | undefined> {
  return bucketsIn(tx, uin, region).get(name);
}

/** The bucket, or NoSuchBucket (also when it exists in another region: the Host names the region). */
export async function requireBucket(tx: Tx, uin: string, region: string, name: string): Promise<Bucket> {
  return (await findBucket(tx, uin, region, name)) ?? cosFail("NoSuchBucket");
}

export async function createBucket(tx: Tx, bucket: Bucket): Promise<void> {
  const index = names(tx, bucket.owner);
  const existing = await index.get(bucket.name);
  // The owner re-creating its own bucket in the same region is BucketAlreadyOwnedByYou on S3; COS answers BucketAlreadyExists.
  if (existing) cosFail("BucketAlreadyExists", `The requested bucket name is not available. The bucket ${fullName(bucket)} already exists${existing.region === bucket.region ? "" : ` in ${existing.region}`}.`);
  if ((await index.count()) >= BUCKET_QUOTA) cosFail("TooManyBuckets");
  await index.insert(bucket.name, { name: bucket.name, region: bucket.region });
  await bucketsIn(tx, bucket.owner, bucket.region).insert(bucket.name, bucket);
}

export async function saveBucket(tx: Tx, bucket: Bucket): Promise<void> {
  await bucketsIn(tx, bucket.owner, bucket.region).update(bucket.name, bucket);
}

export async function removeBucket(tx: Tx, bucket: Bucket): Promise<void> {
  await bucketsIn(tx, bucket.owner, bucket.region).delete(bucket.name);
  await names(tx, bucket.owner).delete(bucket.name);
}

/** Every bucket of an account, optionally in one region, oldest first. */
export async function listBuckets(tx: Tx, uin: string, region?: string): Promise<Bucket[]> {
  const out: Bucket[] = [];
  for (const n of await names(tx, uin).all()) {
    if (region && n.region !== region) continue;
    const b = await findBucket(tx, uin, n.region, n.name);
    if (b) out.push(b);
  }
  return out;
}
