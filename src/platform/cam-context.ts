import { formatIso } from "./clock";
import type { ConditionContext } from "./cam-conditions";
import type { Caller } from "./service";

/**
 * What a request says about itself for CAM conditions, as either door (the API 3.0 gateway, the COS gateway)
 * knows it: the client's address, the emulator time it arrived at, whether the connection is TLS, the region and
 * the tags it sets.
 */
export interface RequestFacts {
  readonly sourceIp: string;
  /** Emulator time of the request, epoch ms. */
  readonly at: number;
  readonly secureTransport: boolean;
  readonly region?: string;
  /** `key&value` of each tag the request sets (qcs:request_tag). */
  readonly requestTags?: readonly string[];
  /** A product's own keys of this request (COS's `cos:x-cos-acl`, `cos:prefix`, ...). */
  readonly productKeys?: ConditionContext;
}

/**
 * The condition keys tclocal knows of a call: the client's address, the emulator time, whether the credential
 * passed MFA, whether the connection is TLS, and the tags the request sets. `qcs:resource_tag` is added per resource
 * by dispatch from the product's `resourceTags` (see docs/services/cam.md, "Authorization by tag"). An anonymous
 * request (caller null, COS's unsigned requests against a bucket policy) has the request's keys only: no
 * `qcs:mfa`, `qcs:uin`, `qcs:sub_uin`.
 */
export function conditionContext(caller: Caller | null, facts: RequestFacts): ConditionContext {
  const ip = facts.sourceIp.startsWith("::ffff:") ? facts.sourceIp.slice(7) : facts.sourceIp;
  return {
    ...facts.productKeys,
    "qcs:ip": ip,
    "qcs:current_time": formatIso(facts.at),
    "qcs:mfa": caller ? String(caller.mfa) : undefined,
    "qcs:secure_transport": String(facts.secureTransport),
    "qcs:request_tag": facts.requestTags?.length ? facts.requestTags : undefined,
    "qcs:uin": caller?.uin,
    "qcs:sub_uin": caller?.subUin ?? undefined,
    "qcs:region": facts.region,
  };
}

/**
 * A copy of the caller whose `context` is built from the request's facts when something first reads it (a
 * policy with a condition, STS's trust evaluation): a root key's calls never pay for it.
 */
export function withConditionContext<C extends Caller>(caller: C, facts: () => RequestFacts): C {
  let context: ConditionContext | undefined;
  return Object.defineProperty({ ...caller }, "context", {
    get: () => (context ??= conditionContext(caller, facts())),
    enumerable: true,
  });
}
