import { conditionHolds, conditionMentions, conditionProblem, type ConditionContext } from "./cam-conditions";

export type { ConditionContext } from "./cam-conditions";

/**
 * CAM policies in the real grammar:
 *   {"version":"2.0","statement":[{"effect":"allow"|"deny","action":["kms:Encrypt","name/cos:*","*"],
 *    "resource":["*","qcs::kms:ap-guangzhou:uin/100000000001:key/<id>"],
 *    "condition":{"ip_equal":{"qcs:ip":["10.0.0.0/8"]}}, "principal":{"qcs":["qcs::cam::uin/100000000001:root"]}}]}
 * Actions match case-insensitively with `*`, resources with `*` (case-sensitive). Conditions decide (see
 * cam-conditions.ts). A statement with a principal applies only to a request that names a matching principal
 * (trust policies of roles, bucket policies); identity policies have none.
 *
 * `evaluate(policies, request)` is the one entry point every product uses (see docs/services/cam.md): `policies`
 * are layers that must each allow (an identity's own policies merged into one layer, then its permission boundary,
 * then a session policy); an explicit deny in any layer wins.
 */
export interface Statement {
  effect: "allow" | "deny";
  action: string | string[];
  resource?: string | string[];
  condition?: unknown;
  principal?: unknown;
}

export interface Policy {
  version: string;
  statement: Statement[];
}

/** Who asks, for statements with a `principal` (trust policies, resource policies). */
export interface Principal {
  /** The root account the identity belongs to. */
  readonly uin: string;
  /** A sub-user; absent for the root account itself. */
  readonly subUin?: string | null;
  readonly roleId?: string;
  readonly roleName?: string;
  /** A cloud service assuming a role: "cvm.qcloud.com". */
  readonly service?: string;
  /** An identity provider: "qcs::cam::uin/<uin>:saml-provider/<name>" or ":oidc-provider/<name>". */
  readonly federated?: string;
}

export interface AccessRequest {
  /** `kms:Encrypt`. */
  readonly action: string;
  /** The six-part resource name; `*` (or absent) for an action-level check. */
  readonly resource?: string;
  /** Other names of the same resource (a KMS key's `key/creatorUin/<uin>/<id>`): a statement naming any of them matches. */
  readonly aliases?: readonly string[];
  readonly principal?: Principal;
  readonly context?: ConditionContext;
}

export interface Evaluation {
  readonly allowed: boolean;
  /** "allow"; "explicit-deny" (a deny statement matched); "implicit-deny" (some layer allows nothing here). */
  readonly effect: "allow" | "explicit-deny" | "implicit-deny";
  readonly resource: string;
  /** The layer that refused (index into the policies given). */
  readonly layer?: number;
  /** One line, for messages and logs. */
  readonly detail: string;
}

/** The legacy decision shape, kept for callers of `evaluate(policies, operation, resources)`. */
export type Decision = { allowed: true } | { allowed: false; resource: string };

export type PolicyProblemKind =
  | "json"
  | "version"
  | "statement"
  | "effect"
  | "action"
  | "resource"
  /** A resource that is neither `*` nor a `qcs:` name. */
  | "resource-qcs"
  | "condition"
  /** A condition operator CAM does not have. */
  | "condition-type"
  /** A condition value its operator cannot compare (ip_*, date_*, numeric_*). */
  | "condition-content"
  | "principal";
export interface PolicyProblem {
  readonly kind: PolicyProblemKind;
  readonly message: string;
}

const ACTION = /^(name\/)?(\*|[A-Za-z0-9_-]+:[A-Za-z0-9_*]+)$/;
const RESOURCE = /^(\*|qcs:[^:]*:[^:]*:[^:]*:[^:]*:.+)$/;

function strings(v: unknown): string[] | null {
  if (typeof v === "string") return [v];
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string") ? (v as string[]) : null;
}

/**
 * Checks a policy document: the parsed JSON (or its text). `principal` says whether statements must name a
 * principal (trust policies), must not (session and identity policies), or may (resource policies).
 */
export function checkPolicy(document: unknown, principal: "required" | "forbidden" | "allowed" = "allowed"): PolicyProblem | null {
  let doc = document;
  if (typeof doc === "string") {
    try {
      doc = JSON.parse(doc);
    } catch {
      return { kind: "json", message: "the policy document is not valid JSON" };
    }
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return { kind: "json", message: "policy must be an object" };
  const p = doc as Record<string, unknown>;
  if (p.version !== "2.0") return { kind: "version", message: 'policy.version must be "2.0"' };
  const list = Array.isArray(p.statement) ? p.statement : p.statement && typeof p.statement === "object" ? [p.statement] : null;
  if (!list || list.length === 0) return { kind: "statement", message: "policy.statement must be a non-empty array" };
  for (const [i, s] of list.entries()) {
    const at = `policy.statement[${i}]`;
    if (!s || typeof s !== "object" || Array.isArray(s)) return { kind: "statement", message: `${at} must be an object` };
    const st = s as Record<string, unknown>;
    const effect = typeof st.effect === "string" ? st.effect.toLowerCase() : st.effect;
    if (effect !== "allow" && effect !== "deny") return { kind: "effect", message: `${at}.effect must be "allow" or "deny"` };
    const actions = strings(st.action);
    if (!actions) return { kind: "action", message: `${at}.action must be a string or an array of strings` };
    const badAction = actions.find((a) => !ACTION.test(a));
    if (badAction !== undefined) return { kind: "action", message: `${at}.action ${JSON.stringify(badAction)} is not "service:Action"` };
    if (st.resource !== undefined) {
      const resources = strings(st.resource);
      if (!resources) return { kind: "resource", message: `${at}.resource must be a string or an array of strings` };
      const notQcs = resources.find((r) => r !== "*" && !r.startsWith("qcs:"));
      if (notQcs !== undefined) return { kind: "resource-qcs", message: `${at}.resource ${JSON.stringify(notQcs)} does not start with qcs:` };
      const bad = resources.find((r) => !RESOURCE.test(r));
      if (bad !== undefined) return { kind: "resource", message: `${at}.resource ${JSON.stringify(bad)} is not a six-part qcs resource name` };
    }
    if (st.condition !== undefined) {
      const problem = conditionProblem(st.condition);
      if (problem) {
        const kind = problem.kind === "type" ? "condition-type" : problem.kind === "content" ? "condition-content" : "condition";
        return { kind, message: `${at}.${problem.message}` };
      }
    }
    if (st.principal !== undefined && principal === "forbidden") return { kind: "principal", message: `${at} must not name a principal` };
    if (st.principal === undefined && principal === "required") return { kind: "principal", message: `${at} must name a principal` };
    if (st.principal !== undefined && st.principal !== "*") {
      const pr = st.principal;
      if (!pr || typeof pr !== "object" || Array.isArray(pr) || Object.keys(pr).length === 0) {
        return { kind: "principal", message: `${at}.principal must be an object such as {"qcs":["qcs::cam::uin/<uin>:root"]}` };
      }
      for (const [k, v] of Object.entries(pr)) {
        if (!["qcs", "service", "federated"].includes(k.toLowerCase()) || !strings(v)) {
          return { kind: "principal", message: `${at}.principal.${k} is not one of qcs, service, federated with string values` };
        }
      }
    }
  }
  return null;
}

/** Checks a policy document's shape; returns the problem, or null when it is valid (control API). */
export function policyProblem(policy: unknown): string | null {
  return checkPolicy(policy)?.message ?? null;
}

/** A checked document in the stored form: statement an array, effects lowercase. Call checkPolicy first. */
export function normalizePolicy(document: unknown): Policy {
  const doc = (typeof document === "string" ? JSON.parse(document) : document) as Record<string, unknown>;
  const list = (Array.isArray(doc.statement) ? doc.statement : [doc.statement]) as Record<string, unknown>[];
  return {
    version: "2.0",
    statement: list.map((s) => {
      const st: Statement = { effect: String(s.effect).toLowerCase() as "allow" | "deny", action: s.action as string | string[] };
      if (s.resource !== undefined) st.resource = s.resource as string | string[];
      if (s.condition !== undefined) st.condition = s.condition;
      if (s.principal !== undefined) st.principal = s.principal;
      return st;
    }),
  };
}

/** Several policies that apply together as one (an identity's own, its groups'): their statements in one layer. */
export function mergePolicies(policies: readonly Policy[]): Policy {
  return { version: "2.0", statement: policies.flatMap((p) => p.statement) };
}

const patternCache = new Map<string, RegExp>();

function matcher(pattern: string, caseInsensitive: boolean): RegExp {
  const key = (caseInsensitive ? "i:" : "s:") + pattern;
  let re = patternCache.get(key);
  if (!re) {
    const body = pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    re = new RegExp(`^${body}$`, caseInsensitive ? "is" : "s");
    if (patternCache.size > 10_000) patternCache.clear();
    patternCache.set(key, re);
  }
  return re;
}

const list = (v: unknown): string[] => (v === undefined ? ["*"] : Array.isArray(v) ? (v as string[]) : [String(v)]);

/** Real policies may write actions as `name/kms:Encrypt`. */
const actionPattern = (p: string) => p.replace(/^name\//, "");

function actionMatches(statement: Statement, operation: string): boolean {
  return list(statement.action).some((a) => matcher(actionPattern(a), true).test(operation));
}

function resourceMatches(statement: Statement, resource: string, aliases: readonly string[] | undefined): boolean {
  return list(statement.resource).some((r) => r === "*" || matcher(r, false).test(resource) || (aliases?.some((a) => matcher(r, false).test(a)) ?? false));
}

/** The principal forms a request's identity answers to, for `principal.qcs`. */
function principalNames(p: Principal): string[] {
  const root = `qcs::cam::uin/${p.uin}:root`;
  const names = [root, `qcs::cam::uin/${p.uin}:uin/${p.subUin ?? p.uin}`];
  if (p.roleId) names.push(`qcs::cam::uin/${p.uin}:role/${p.roleId}`);
  if (p.roleName) names.push(`qcs::cam::uin/${p.uin}:roleName/${p.roleName}`);
  return names;
}

function principalMatches(statement: Statement, principal: Principal | undefined): boolean {
  if (statement.principal === undefined) return true;
  if (statement.principal === "*") return true;
  if (!principal) return false;
  for (const [kind, values] of Object.entries(statement.principal as Record<string, unknown>)) {
    const wanted = list(values);
    switch (kind.toLowerCase()) {
      case "qcs": {
        if (principal.service || principal.federated) break;
        const names = principalNames(principal);
        if (wanted.some((w) => w === "*" || w === "qcs::cam::anyone" || names.includes(w))) return true;
        break;
      }
      case "service":
        if (principal.service && wanted.some((w) => w.toLowerCase() === principal.service!.toLowerCase())) return true;
        break;
      case "federated":
        if (principal.federated && wanted.includes(principal.federated)) return true;
        break;
    }
  }
  return false;
}

const EMPTY_CONTEXT: ConditionContext = {};

/** How one layer answers: an explicit deny, an allow, or nothing. */
function layerAnswer(policy: Policy, request: AccessRequest, resource: string, actionOnly: boolean, deferred?: readonly string[]): "deny" | "allow" | "none" {
  let allowed = false;
  const context = request.context ?? EMPTY_CONTEXT;
  for (const s of policy.statement) {
    if (!actionMatches(s, request.action)) continue;
    if (!principalMatches(s, request.principal)) continue;
    if (actionOnly) {
      // Action level: any allow statement counts; only a deny on every resource refuses (and a deny testing a
      // key the resource-level check fills, the resource's tags, is that check's to apply).
      if (s.effect === "deny" && (!list(s.resource).includes("*") || deferred?.some((k) => conditionMentions(s.condition, k)))) continue;
    } else if (!resourceMatches(s, resource, request.aliases)) continue;
    if (!conditionHolds(s.condition, context, actionOnly ? deferred : undefined)) continue;
    if (s.effect === "deny") return "deny";
    allowed = true;
  }
  return allowed ? "allow" : "none";
}

function evaluateRequest(policies: readonly Policy[], request: AccessRequest, actionOnly = false, deferred?: readonly string[]): Evaluation {
  const resource = request.resource ?? "*";
  let missing: number | undefined;
  for (const [i, policy] of policies.entries()) {
    const answer = layerAnswer(policy, request, resource, actionOnly, deferred);
    if (answer === "deny") return { allowed: false, effect: "explicit-deny", resource, layer: i, detail: `an explicit deny refuses ${request.action} on ${resource}` };
    if (answer === "none" && missing === undefined) missing = i;
  }
  if (missing !== undefined) return { allowed: false, effect: "implicit-deny", resource, layer: missing, detail: `no statement allows ${request.action} on ${resource}` };
  return { allowed: true, effect: "allow", resource, detail: `${request.action} on ${resource} is allowed` };
}

/**
 * The entry point: whether the policy layers allow a request. Every layer must allow and no layer may deny
 * (deny wins across an identity's policies, its groups', its permission boundary and a session policy).
 * The legacy form `evaluate(policies, operation, resources, context?)` checks each resource in turn and names
 * the first one refused.
 */
export function evaluate(policies: readonly Policy[], request: AccessRequest): Evaluation;
export function evaluate(policies: readonly Policy[], operation: string, resources: readonly string[], context?: ConditionContext): Decision;
export function evaluate(
  policies: readonly Policy[],
  request: AccessRequest | string,
  resources?: readonly string[],
  context?: ConditionContext,
): Evaluation | Decision {
  if (typeof request !== "string") return evaluateRequest(policies, request);
  const targets = resources?.length ? resources : ["*"];
  for (const resource of targets) {
    const result = evaluateRequest(policies, { action: request, resource, context });
    if (!result.allowed) return { allowed: false, resource };
  }
  return { allowed: true };
}

/**
 * Whether the operation is allowed on at least some resource (action-level check, before resource ids).
 * `deferred` names condition keys the resource-level check will fill (`qcs:resource_tag` for a product that reads
 * its resources' tags): here an allow testing one may hold, and a deny testing one is left to that check.
 */
export function allowsAction(policies: readonly Policy[], operation: string, context?: ConditionContext, deferred?: readonly string[]): boolean {
  return evaluateRequest(policies, { action: operation, context }, true, deferred).allowed;
}

const mentions = new WeakMap<Policy, Map<string, boolean>>();

/** Whether any statement of the layers tests the condition key (or its per-tag form); remembered per policy object. */
export function policiesMention(policies: readonly Policy[], key: string): boolean {
  return policies.some((p) => {
    let known = mentions.get(p);
    if (!known) mentions.set(p, (known = new Map()));
    let found = known.get(key);
    if (found === undefined) known.set(key, (found = p.statement.some((s) => conditionMentions(s.condition, key))));
    return found;
  });
}

/**
 * The six-part resource name: qcs::service:region:uin/owner:type/id. Products without regions (CAM) leave the
 * region empty: qcs::cam::uin/owner:uin/<subUin>.
 */
export function resourceName(service: string, region: string, ownerUin: string, type: string, id: string): string {
  return `qcs::${service}:${region}:uin/${ownerUin}:${type}/${id}`;
}

/** Whether an operation (`kms:ScheduleKeyDeletion`) is one of the patterns (`kms:*`, `ScheduleKeyDeletion`). */
export function coveredBy(patterns: readonly string[], service: string, action: string): boolean {
  const op = `${service}:${action}`;
  return patterns.some((p) => matcher(actionPattern(p), true).test(p.includes(":") ? op : action));
}
