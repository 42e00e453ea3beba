import type { Readable } from "node:stream";
import type { App } from "../../app";
import { Collection } from "../../platform/collection";
import type { Caller } from "../../platform/service";
import type { Tx } from "../../platform/store/store";

/** COS keeps its documents under this service name; blob keys start with `cos/`. */
export const COS = "cos";
/** Bucket names are unique in an account across regions: the name index lives in this region-less scope. */
export const GLOBAL = "global";

/**
 * What a COS operation gets: the request as COS sees it (bucket, key, sub-resources, headers, a body stream),
 * the caller (null when anonymous), and the store. Operations open their own short transactions so object
 * bytes are streamed to and from the blob store outside them.
 */
export interface CosRequest {
  readonly requestId: string;
  readonly method: string;
  readonly region: string;
  /** `examplebucket` (without -APPID), or null for the service endpoint. */
  readonly bucket: string | null;
  readonly appId: number | null;
  /** The object key (decoded path without its leading '/'), or "" for the bucket itself. */
  readonly key: string;
  /** Decoded query parameters, names lowercased. */
  readonly query: ReadonlyMap<string, string>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Readable;
  /** Emulator time the request arrived (one call, one instant). */
  readonly now: number;
  readonly origin: string;
  /** The client's address (qcs:ip of CAM conditions). */
  readonly sourceIp: string;
}

/** Who the bucket belongs to, once resolved from the Host's AppId. */
export interface BucketOwner {
  readonly uin: string;
  readonly appId: number;
}

export interface CosContext {
  readonly app: App;
  readonly req: CosRequest;
  /** The authenticated caller, or null for an anonymous request. */
  readonly caller: Caller | null;
  /** The account owning the bucket the request names (or the caller's, for the service endpoint). */
  readonly owner: BucketOwner;
  /** Resource names the call touched (the audit trail). */
  readonly resources: Set<string>;
  /** Members worth recording in the audit trail (never secrets). */
  readonly params: Record<string, unknown>;
}

/** A COS answer: status, headers, and an XML text, bytes or a stream. */
export interface CosReply {
  readonly status: number;
  readonly headers?: Record<string, string | number>;
  readonly body?: string | Buffer | Readable;
}

export const scope = (account: string, region: string) => ({ service: COS, account, region });

export function cosDocs<T>(tx: Tx, account: string, region: string, kind: string): Collection<T> {
  return new Collection<T>(tx, scope(account, region), kind);
}

/** One transaction of a COS call, queued behind the owner's other calls. */
export function inTx<T>(ctx: CosContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return ctx.app.store.transaction(fn, { lockKey: ctx.owner.uin });
}
