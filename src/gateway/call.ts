import type { IncomingHttpHeaders } from "node:http";
import type { ApiError } from "../errors/api-error";
import type { Language, ProductName } from "../errors/catalog";
import type { Caller } from "../platform/service";

export type SignatureMethod = "TC3-HMAC-SHA256" | "HmacSHA1" | "HmacSHA256";

/** The common parameters of API 3.0, from X-TC-* headers (signature v3) or request parameters (v1). */
export interface CommonParams {
  action?: string;
  version?: string;
  region?: string;
  timestamp?: string;
  nonce?: string;
  secretId?: string;
  signature?: string;
  signatureMethod?: SignatureMethod;
  token?: string;
  language?: string;
  requestClient?: string;
}

/** One API call as it moves through the pipeline; each stage fills in its part. */
export interface Call {
  readonly requestId: string;
  /** Real time the request arrived, epoch ms: rate windows and the audit trail's event time use it. */
  readonly receivedAt: number;
  readonly startedAt: bigint;
  readonly method: string;
  /** Raw path and query string, exactly as the client sent them (signatures cover them verbatim). */
  readonly path: string;
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly sourceIp: string;
  body: Buffer;
  /** The client's X-TC-TraceId, echoed back. */
  traceId?: string;
  language: Language;
  signatureVersion?: "v3" | "v1";
  /** Signature v1 parameters, decoded, for the string to sign. */
  v1Params?: Record<string, string>;
  common: CommonParams;
  /** The action's members, exact (64-bit integers as BigInt). */
  params: Record<string, unknown>;
  /** A copy of params for schema validation when `params` holds BigInts. */
  paramsForValidation?: Record<string, unknown>;
  /** Members arrived as strings (form, query, multipart) and are coerced to the model's types. */
  coerce: boolean;
  /** The product the call is for, once routed. */
  service?: ProductName;
  version?: string;
  action?: string;
  region?: string;
  caller?: Caller;
  /** The account the call was attributed to, even when authentication failed later (audit trail). */
  account?: string;
  resources: Set<string>;
  response?: Record<string, unknown>;
  error?: ApiError;
}
