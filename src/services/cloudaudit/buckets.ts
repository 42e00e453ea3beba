import { Collection } from "../../platform/collection";
import type { Tx } from "../../platform/store/store";
import { bucketsOfAccount, BUCKET_QUOTA, createBucketForProduct, findBucketByName, type ProductBucket } from "../cos/for-products";

/**
 * The COS buckets and CMQ queues CloudAudit delivers to. Buckets are real COS buckets (src/services/cos,
 * reached through its for-products functions): created by CreateAudit with IsCreateNewBucket = 1, by any COS
 * client, or by the control-API shortcut. CMQ is not emulated: a queue "exists" when CloudAudit created it
 * (IsCreateNewQueue = 1) or a test declared it through the control API.
 */
export const GLOBAL = "global";

/** COS allows 200 buckets per root account ("one root account can create only up to 200 buckets"). */
export const COS_BUCKET_QUOTA = BUCKET_QUOTA;

export type Bucket = ProductBucket;

export interface Queue {
  name: string;
  /** CMQ region code (gz, sh, hk, ...). */
  region: string;
  createdBy: "cloudaudit" | "control";
  createdAt: number;
}

/** The account's COS bucket of that name (names are unique in an account across regions). */
export function findCosBucket(tx: Tx, account: string, name: string): Promise<Bucket | undefined> {
  return findBucketByName(tx, account, name);
}

export function listCosBuckets(tx: Tx, account: string): Promise<Bucket[]> {
  return bucketsOfAccount(tx, account);
}

export function queuesOf(tx: Tx, account: string): Collection<Queue> {
  return new Collection<Queue>(tx, { service: "cloudaudit", account, region: GLOBAL }, "cmq-queue");
}

export const queueKey = (region: string, name: string) => `${region}/${name}`;

/** COS bucket names without the -APPID suffix: lowercase letters, digits and '-', not at either end. */
export function isBucketName(name: string, maxLength: number): boolean {
  return name.length >= 1 && name.length <= maxLength && /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(name);
}

/** CMQ queue names: up to 64 characters, a letter first, then letters, digits and '-'. */
export function isQueueName(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9-]{0,63}$/.test(name);
}

export type CreateBucketResult = "created" | "exists" | "quota";

/** Creates a real, private COS bucket for the account. */
export function createBucket(tx: Tx, account: string, bucket: { name: string; region: string; createdBy: "cloudaudit" | "control" }, now: number): Promise<CreateBucketResult> {
  return createBucketForProduct(tx, account, bucket, now);
}

export async function createQueue(tx: Tx, account: string, queue: Omit<Queue, "createdAt">, now: number): Promise<"created" | "exists"> {
  const queues = queuesOf(tx, account);
  const key = queueKey(queue.region, queue.name);
  if (await queues.has(key)) return "exists";
  await queues.insert(key, { ...queue, createdAt: now });
  return "created";
}
