import type { App } from "../app";
import { accounts, identityEpoch } from "../platform/accounts";
import { resolveSecretId } from "../platform/identity/resolve";
import { coveredBy, evaluate, type ConditionContext, type Policy } from "../platform/cam";
import { conditionContext, withConditionContext, type RequestFacts } from "../platform/cam-context";
import type { Caller } from "../platform/service";

/**
 * COS's two touch points with the platform's identities and CAM, kept in this one file so that a rewrite of
 * accounts/STS or of policy evaluation changes COS in one place: what a SecretId is, and what CAM says.
 */
export interface CosCredential {
  readonly secretKey: string;
  readonly caller: Caller;
  /** Temporary credentials: the token that must come with them and their expiry (emulator time, ms). */
  readonly temporary?: { readonly token: string; readonly expiresAt: number };
}

/**
 * What SecretIds and AppIds resolved to, per emulator, valid while the identity epochs hold (this process's, and
 * the one other processes sharing the store publish), as the API 3.0 gateway caches its identities.
 */
interface Cache {
  epoch: number;
  shared: string | undefined;
  credentials: Map<string, CosCredential | undefined>;
  owners: Map<number, { uin: string; appId: number } | undefined>;
}
const caches = new WeakMap<App, Cache>();

function cacheOf(app: App): Cache {
  let c = caches.get(app);
  if (!c || c.epoch !== identityEpoch() || c.shared !== app.sharedIdentityEpoch) {
    c = { epoch: identityEpoch(), shared: app.sharedIdentityEpoch, credentials: new Map(), owners: new Map() };
    caches.set(app, c);
  }
  return c;
}

async function cached<K, V>(app: App, pick: (c: Cache) => Map<K, V>, key: K, read: () => Promise<V>): Promise<V> {
  const cache = cacheOf(app);
  const map = pick(cache);
  if (map.has(key)) return map.get(key)!;
  const value = await read();
  // An identity change committed while this was read: do not keep what may already be stale.
  if (cache.epoch === identityEpoch() && caches.get(app) === cache) {
    if (map.size > 10_000) map.clear();
    map.set(key, value);
  }
  return value;
}

/** The account, sub-user or temporary credential a SecretId names (undefined when unknown or disabled). */
export function resolveCredential(app: App, secretId: string): Promise<CosCredential | undefined> {
  return cached(app, (c) => c.credentials, secretId, () => readCredential(app, secretId));
}

/**
 * The platform's one reading of a SecretId (src/platform/identity/resolve.ts), as the API 3.0 gateway reads it:
 * a sub-user's attached and group policies and permission boundary, a role session's role, a session policy.
 */
function readCredential(app: App, secretId: string): Promise<CosCredential | undefined> {
  return app.store.transaction(async (tx): Promise<CosCredential | undefined> => {
    const found = await resolveSecretId(tx, secretId);
    return found && { secretKey: found.secretKey, caller: found.caller, ...(found.temporary ? { temporary: found.temporary } : {}) };
  });
}

/** The account that owns an AppId (the `-<appid>` of a bucket name). */
export function ownerOfAppId(app: App, appId: number): Promise<{ uin: string; appId: number } | undefined> {
  return cached(app, (c) => c.owners, appId, () =>
    app.store.transaction(async (tx) => {
      const a = (await accounts.list(tx)).find((x) => x.appId === appId);
      return a ? { uin: a.uin, appId: a.appId } : undefined;
    }),
  );
}

export type Verdict = "allow" | "deny" | "none";

/** What COS knows of a request for CAM conditions. */
export interface CosRequestFacts {
  readonly sourceIp: string;
  /** Emulator time of the request, epoch ms. */
  readonly now: number;
  readonly region: string | null;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Decoded query parameters, names lowercased (`prefix` of GetBucket, `versionid`). */
  readonly query?: ReadonlyMap<string, string>;
}

/**
 * The caller with the condition keys of this request (the platform's one context builder, as the API 3.0
 * gateway uses it): qcs:ip, qcs:current_time, qcs:mfa, qcs:secure_transport, qcs:region, the tags an
 * `x-cos-tagging` header sets as qcs:request_tag, and COS's own request keys (`cosRequestKeys`).
 */
export function withCosConditions(app: App, caller: Caller, facts: CosRequestFacts): Caller {
  return withConditionContext(caller, () => requestFacts(app, facts));
}

/** The condition keys of an anonymous (unsigned) request, for the bucket policy: the same keys without a caller's. */
export function anonymousConditions(app: App, facts: CosRequestFacts): ConditionContext {
  return conditionContext(null, requestFacts(app, facts));
}

/** One reading of a COS request's facts for conditions, whoever the caller. */
function requestFacts(app: App, facts: CosRequestFacts): RequestFacts {
  const secureTransport = Boolean(app.config.tls);
  return {
    sourceIp: facts.sourceIp,
    at: facts.now,
    secureTransport,
    region: facts.region ?? undefined,
    requestTags: taggingHeader(facts.headers["x-cos-tagging"]),
    productKeys: cosRequestKeys(facts, secureTransport),
  };
}

/** Request headers COS documents as condition keys `cos:<header>`, read when the request carries them. */
const HEADER_KEYS = ["x-cos-acl", "content-type", "content-length", "x-cos-storage-class"] as const;

/**
 * COS's own condition keys of a request: `cos:secure-transport`, the headers above, and the parameters `prefix`
 * (GetBucket) and `versionId` as `cos:prefix` and `cos:versionid`, as the request carries them (a key the request does not carry is absent: a condition on it does not hold, unless
 * `_if_exist`).
 */
function cosRequestKeys(facts: CosRequestFacts, secureTransport: boolean): ConditionContext {
  const keys: Record<string, string | undefined> = { "cos:secure-transport": String(secureTransport) };
  for (const h of HEADER_KEYS) {
    const v = facts.headers[h];
    keys[`cos:${h}`] = Array.isArray(v) ? v.join(",") : v;
  }
  keys["cos:prefix"] = facts.query?.get("prefix");
  // An empty versionId is no versionId (COS: "equivalent to not carrying it").
  keys["cos:versionid"] = facts.query?.get("versionid") || undefined;
  return keys;
}

function taggingHeader(value: string | string[] | undefined): string[] | undefined {
  if (typeof value !== "string" || !value) return undefined;
  return [...new URLSearchParams(value)].map(([k, v]) => `${k}&${v}`);
}

/** Whether the caller's MFA-protected operations cover this COS action and the credential did not pass MFA. */
export function needsMfa(caller: Caller, camAction: string): boolean {
  return !caller.mfa && coveredBy(caller.mfaProtectedActions, "cos", camAction);
}

/**
 * What a caller's CAM policies say about an operation (`cos:GetObject`) on a resource: an explicit deny, an
 * allow (every policy allows), or nothing. A root key (no policies) is allowed everything. `context` holds the
 * request's condition keys (a caller's `context`): a conditional allow applies and a conditional deny denies
 * only when its condition holds.
 */
export function camVerdict(policies: readonly Policy[], operation: string, resource: string, context: ConditionContext | undefined): Verdict {
  if (!policies.length) return "allow";
  const decision = evaluate(policies, { action: operation, resource, context });
  return decision.allowed ? "allow" : decision.effect === "explicit-deny" ? "deny" : "none";
}
