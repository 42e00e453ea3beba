import type { App } from "../app";
import { accounts, identityEpoch } from "../platform/accounts";
import { resolveSecretId } from "../platform/identity/resolve";
import { evaluate, type Policy } from "../platform/cam";
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

/**
 * What a caller's CAM policies say about an operation (`cos:GetObject`) on a resource: an explicit deny, an
 * allow (every policy allows), or nothing. A root key (no policies) is allowed everything.
 */
export function camVerdict(policies: readonly Policy[], operation: string, resource: string): Verdict {
  if (!policies.length) return "allow";
  if (evaluate(policies, operation, [resource]).allowed) return "allow";
  // Explicit deny: only the deny statements, behind an allow-all, can refuse.
  const denies = policies.flatMap((p) => p.statement.filter((s) => s.effect === "deny"));
  const probe: Policy = { version: "2.0", statement: [{ effect: "allow", action: "*", resource: "*" }, ...denies] };
  return evaluate([probe], operation, [resource]).allowed ? "none" : "deny";
}
