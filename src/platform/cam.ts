/**
 * CAM policies, the subset of the real grammar tclocal evaluates:
 *   {"version":"2.0","statement":[{"effect":"allow"|"deny","action":["kms:Encrypt","cbs:*","*"],
 *    "resource":["*","qcs::kms:ap-guangzhou:uin/100000000001:key/<id>"]}]}
 * Actions and resources match with `*` wildcards, actions case-insensitively. An explicit deny wins; no allow
 * means denied. `condition` blocks are accepted and ignored (documented in the README).
 */
export interface Statement {
  effect: "allow" | "deny";
  action: string | string[];
  resource?: string | string[];
  condition?: unknown;
}

export interface Policy {
  version: string;
  statement: Statement[];
}

export type Decision = { allowed: true } | { allowed: false; resource: string };

/** Checks a policy document's shape; returns the problem, or null when it is valid. */
export function policyProblem(policy: unknown): string | null {
  if (!policy || typeof policy !== "object") return "policy must be an object";
  const p = policy as Record<string, unknown>;
  if (p.version !== "2.0") return 'policy.version must be "2.0"';
  if (!Array.isArray(p.statement) || p.statement.length === 0) return "policy.statement must be a non-empty array";
  for (const [i, s] of p.statement.entries()) {
    if (!s || typeof s !== "object") return `policy.statement[${i}] must be an object`;
    const st = s as Record<string, unknown>;
    if (st.effect !== "allow" && st.effect !== "deny") return `policy.statement[${i}].effect must be "allow" or "deny"`;
    if (!isStrings(st.action)) return `policy.statement[${i}].action must be a string or an array of strings`;
    if (st.resource !== undefined && !isStrings(st.resource))
      return `policy.statement[${i}].resource must be a string or an array of strings`;
  }
  return null;
}

function isStrings(v: unknown): boolean {
  return typeof v === "string" || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string"));
}

const patternCache = new Map<string, RegExp>();

function matcher(pattern: string, caseInsensitive: boolean): RegExp {
  const key = (caseInsensitive ? "i:" : "s:") + pattern;
  let re = patternCache.get(key);
  if (!re) {
    const body = pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    re = new RegExp(`^${body}$`, caseInsensitive ? "i" : "");
    if (patternCache.size > 10_000) patternCache.clear();
    patternCache.set(key, re);
  }
  return re;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? ["*"] : Array.isArray(v) ? v : [v]);

/** Real policies may write actions as `name/kms:Encrypt`. */
const actionPattern = (p: string) => p.replace(/^name\//, "");

function matches(statement: Statement, operation: string, resource: string): boolean {
  return (
    list(statement.action).some((a) => matcher(actionPattern(a), true).test(operation)) &&
    list(statement.resource).some((r) => matcher(r, false).test(resource))
  );
}

/**
 * Evaluates every policy (a sub-user's own and a session policy both have to allow) for an operation
 * (`kms:Encrypt`) on each resource. The first resource not allowed is named in the decision.
 */
export function evaluate(policies: readonly Policy[], operation: string, resources: readonly string[]): Decision {
  const targets = resources.length ? resources : ["*"];
  for (const resource of targets) {
    for (const policy of policies) {
      const hits = policy.statement.filter((s) => matches(s, operation, resource));
      if (hits.some((s) => s.effect === "deny") || !hits.some((s) => s.effect === "allow")) {
        return { allowed: false, resource };
      }
    }
  }
  return { allowed: true };
}

/** Whether the operation is allowed on at least some resource (action-level check, before resource ids). */
export function allowsAction(policies: readonly Policy[], operation: string): boolean {
  return policies.every((policy) => {
    const hits = policy.statement.filter((s) => list(s.action).some((a) => matcher(actionPattern(a), true).test(operation)));
    const blanketDeny = hits.some((s) => s.effect === "deny" && list(s.resource).includes("*"));
    return !blanketDeny && hits.some((s) => s.effect === "allow");
  });
}

/** The six-part resource name: qcs::service:region:uin/owner:type/id. */
export function resourceName(service: string, region: string, ownerUin: string, type: string, id: string): string {
  return `qcs::${service}:${region}:uin/${ownerUin}:${type}/${id}`;
}

/** Whether an operation (`kms:ScheduleKeyDeletion`) is one of the patterns (`kms:*`, `ScheduleKeyDeletion`). */
export function coveredBy(patterns: readonly string[], service: string, action: string): boolean {
  const op = `${service}:${action}`;
  return patterns.some((p) => matcher(actionPattern(p), true).test(p.includes(":") ? op : action));
}
