import { resolve, sep } from "node:path";
import type { BlobStore } from "../../platform/blobs/blob-store";
import { accounts } from "../../platform/accounts";
import { Collection } from "../../platform/collection";
import { randomChars } from "../../platform/ids";
import { uniqueId } from "../../platform/service";
import type { Tx } from "../../platform/store/store";
import { putObjectForProduct, readObjectForProduct } from "../cos/for-products";
import { GLOBAL } from "./buckets";

/**
 * What delivery wrote, kept in the store so that every tclocal process sharing it lists and serves the same
 * files. Paths are relative to the delivery root, with '/' separators:
 *
 *   cos/<bucket>-<appid>/<prefix>/<YYYYMMDDHH>/CloudAudit_<uin>_<YYYYMMDDHHmmss>_<random>.json.gz   {"Records":[...]}
 *   cmq/<uin>/<cmq region>/<queue>.jsonl, cls/<uin>/<region>/<topic>.jsonl, ckafka/<uin>/<region>/<instance>/<topic>.jsonl
 *
 * A COS log file is a real COS object (key `<prefix>/<YYYYMMDDHH>/CloudAudit_…`) in the bucket, plus one
 * "delivered-file" document (its id is its path, no bytes) that lists it here. Each batch of lines appended to a
 * queue or topic is one "delivered-lines" document whose parent is the .jsonl path, read back in insertion
 * order. Everything lives in the scope of the account that owns the bucket, queue or topic (region "global").
 */
export type DeliveryType = "cos" | "cmq" | "cls" | "ckafka";

export interface DeliveredFile {
  /** Relative to the delivery root, with '/' separators. */
  readonly path: string;
  readonly type: DeliveryType;
  readonly size: number;
}

/** One batch of JSON lines of a queue or topic. */
interface DeliveredBytes extends DeliveredFile {
  /** The bytes, base64-encoded. */
  readonly data: string;
}

/** A COS log file: where the object is. */
interface DeliveredObject extends DeliveredFile {
  readonly bucket: string;
  readonly key: string;
}

/** Events that matched a subscription whose bucket or queue does not exist, by target (in the subscriber's scope). */
interface Undeliverable {
  readonly target: string;
  readonly events: number;
}

const scope = (account: string) => ({ service: "cloudaudit", account, region: GLOBAL });
const cosFiles = (tx: Tx, owner: string) => new Collection<DeliveredObject>(tx, scope(owner), "delivered-file");
const lineBatches = (tx: Tx, owner: string) => new Collection<DeliveredBytes>(tx, scope(owner), "delivered-lines");
const undeliverable = (tx: Tx, account: string) => new Collection<Undeliverable>(tx, scope(account), "undeliverable");

/**
 * Puts a COS log file into the bucket under `folder` (`cos/<bucket>-<appid>/<key prefix>`); `name` makes a fresh
 * file name (it holds a random part). False when the bucket is gone.
 */
export async function writeCosFile(blobs: BlobStore, tx: Tx, owner: string, folder: string, name: () => string, body: Buffer, now: number): Promise<boolean> {
  const files = cosFiles(tx, owner);
  const path = await uniqueId(files, () => `${folder}/${name()}`);
  const [, bucketFolder, ...rest] = path.split("/");
  const bucket = bucketFolder.replace(/-\d+$/, "");
  const key = rest.join("/");
  const contentType = path.endsWith(".gz") ? "application/gzip" : "application/json";
  if (!(await putObjectForProduct(blobs, tx, { uin: owner, bucket, key, body, contentType, now }))) return false;
  await files.insert(path, { path, type: "cos", size: body.length, bucket, key });
  return true;
}

/** Appends lines to a queue's or topic's .jsonl file. */
export async function appendLines(tx: Tx, owner: string, path: string, type: DeliveryType, text: string): Promise<void> {
  const batches = lineBatches(tx, owner);
  const body = Buffer.from(text);
  const id = await uniqueId(batches, () => randomChars(16));
  await batches.insert(id, { path, type, size: body.length, data: body.toString("base64") }, path);
}

export async function countUndeliverable(tx: Tx, account: string, target: string, events: number): Promise<void> {
  const counts = undeliverable(tx, account);
  const seen = await counts.get(target);
  await counts.put(target, { target, events: (seen?.events ?? 0) + events });
}

/** Every delivered file, by path, and the undeliverable event counts, of every account. */
export async function listDelivered(tx: Tx): Promise<{ files: DeliveredFile[]; undeliverable: Record<string, number> }> {
  const files: DeliveredFile[] = [];
  const lost: Record<string, number> = {};
  for (const { uin } of await accounts.list(tx)) {
    for (const f of await cosFiles(tx, uin).all()) files.push({ path: f.path, type: f.type, size: f.size });
    const lines = new Map<string, DeliveredFile>();
    for (const b of await lineBatches(tx, uin).all()) {
      lines.set(b.path, { path: b.path, type: b.type, size: (lines.get(b.path)?.size ?? 0) + b.size });
    }
    files.push(...lines.values());
    for (const u of await undeliverable(tx, uin).all()) lost[u.target] = (lost[u.target] ?? 0) + u.events;
  }
  return { files: files.sort((a, b) => a.path.localeCompare(b.path)), undeliverable: lost };
}

/** The bytes of a delivered file (a COS object, or a .jsonl file's batches in order), or undefined when there is none. */
export async function readDelivered(blobs: BlobStore, tx: Tx, path: string): Promise<Buffer | undefined> {
  const owner = await ownerOf(tx, path);
  if (owner === undefined) return undefined;
  const file = await cosFiles(tx, owner).get(path);
  if (file) return readObjectForProduct(blobs, tx, owner, file.bucket, file.key);
  const batches = await lineBatches(tx, owner).all(path);
  return batches.length ? Buffer.concat(batches.map((b) => Buffer.from(b.data, "base64"))) : undefined;
}

/** The account a path belongs to: the uin after cmq/, cls/ or ckafka/, or the account of the AppId ending the bucket. */
async function ownerOf(tx: Tx, path: string): Promise<string | undefined> {
  const [type, folder] = path.split("/");
  if (type !== "cos") return folder;
  const appId = /-(\d+)$/.exec(folder ?? "")?.[1];
  return appId === undefined ? undefined : (await accounts.list(tx)).find((a) => String(a.appId) === appId)?.uin;
}

/** `path` relative to the root, normalized as a file system path would be, or null when it leaves the root. */
export function insideRoot(root: string, path: string): string | null {
  const base = resolve(root);
  const full = resolve(base, path);
  return full.startsWith(base + sep) ? full.slice(base.length + 1).split(sep).join("/") : null;
}
