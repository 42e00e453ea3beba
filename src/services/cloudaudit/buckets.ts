import { Collection } from "../../platform/collection";
import type { Tx } from "../../platform/store/store";

/**
 * The COS buckets and CMQ queues CloudAudit can deliver to. tclocal does not emulate COS or CMQ: a bucket or a
 * queue "exists" when CloudAudit created it (IsCreateNewBucket/IsCreateNewQueue = 1) or a test declared it
 * through the control API. Both are per account and region-less here (a COS bucket name is unique within an
 * account across regions; a queue is named by its CMQ region and name).
 */
export const GLOBAL = "global";

/** COS allows 200 buckets per root account ("one root account can create only up to 200 buckets"). */
export const COS_BUCKET_QUOTA = 200;

export interface Bucket {
  name: string;
  region: string;
  createdBy: "cloudaudit" | "control";
  createdAt: number;
}

export interface Queue {
  name: string;
  /** CMQ region code (gz, sh, hk, ...). */
  region: string;
  createdBy: "cloudaudit" | "control";
  createdAt: number;
}

export function bucketsOf(tx: Tx, account: string): Collection<Bucket> {
  return new Collection<Bucket>(tx, { service: "cloudaudit", account, region: GLOBAL }, "cos-bucket");
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

export async function createBucket(tx: Tx, account: string, bucket: Omit<Bucket, "createdAt">, now: number): Promise<CreateBucketResult> {
  const buckets = bucketsOf(tx, account);
  if (await buckets.has(bucket.name)) return "exists";
  if ((await buckets.count()) >= COS_BUCKET_QUOTA) return "quota";
  await buckets.insert(bucket.name, { ...bucket, createdAt: now });
  return "created";
}

export async function createQueue(tx: Tx, account: string, queue: Omit<Queue, "createdAt">, now: number): Promise<"created" | "exists"> {
  const queues = queuesOf(tx, account);
  const key = queueKey(queue.region, queue.name);
  if (await queues.has(key)) return "exists";
  await queues.insert(key, { ...queue, createdAt: now });
  return "created";
}
