import type { IncomingMessage } from "node:http";
import type { Caller } from "../platform/service";
import type { CosError } from "../services/cos/errors";
import type { BucketOwner, CosReply } from "../services/cos/context";
import type { CosTarget } from "./host";

/** One COS request as it moves through the COS pipeline; each stage fills in its part. */
export interface CosCall {
  readonly requestId: string;
  /** Real time the request arrived, epoch ms (sign times are judged against it). */
  readonly receivedAt: number;
  readonly startedAt: bigint;
  readonly req: IncomingMessage;
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly sourceIp: string;
  target: CosTarget;
  /** Decoded path (`/` + key, or `/<bucket>-<appid>/key` in path style): what the signature covers. */
  path: string;
  key: string;
  /** Decoded query, names lowercased. */
  query: Map<string, string>;
  /** COS's name for the operation (its CAM action without `name/cos:`), once routed. */
  operation?: string;
  /** The caller after authentication: null for an anonymous request. */
  caller?: Caller | null;
  /** The key a request was signed with, even when authentication failed (audit trail). */
  secretId?: string;
  owner?: BucketOwner;
  resources: Set<string>;
  params: Record<string, unknown>;
  reply?: CosReply;
  error?: CosError;
}
