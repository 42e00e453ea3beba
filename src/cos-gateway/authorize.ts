import type { App } from "../app";
import type { ConditionContext, Policy, Statement } from "../platform/cam";
import type { Caller } from "../platform/service";
import type { Acl, Bucket } from "../services/cos/buckets";
import { cosFail } from "../services/cos/errors";
import { findObject } from "../services/cos/objects";
import { cosResource } from "../services/cos/resources";
import { many, text } from "../services/cos/xml";
import type { CosCall } from "./call";
import { anonymousConditions, camVerdict, needsMfa, withCosConditions, type CosRequestFacts, type Verdict } from "./identity";
import { camAction, isReadOperation } from "./route";

/**
 * Stage "authorize": who may do what on a bucket. The owner's root key may do anything. Otherwise the
 * verdicts of the caller's CAM policies (same account), the bucket policy and the ACLs combine as COS
 * documents: an explicit deny anywhere refuses; an allow anywhere lets through; nothing refuses (AccessDenied).
 * Anonymous requests have only the bucket policy and the ACLs (public-read, public-read-write).
 */
export async function authorize(app: App, call: CosCall, bucket: Bucket | undefined): Promise<void> {
  const op = call.operation!;
  const facts: CosRequestFacts = { sourceIp: call.sourceIp, now: app.clock.at(call.receivedAt), region: call.target.region, headers: call.req.headers, query: call.query };
  // Conditions see this request's keys; the operations (copy, batch delete) read the same caller.
  const caller = call.caller ? (call.caller = withCosConditions(app, call.caller, facts)) : null;
  const action = `cos:${camAction(op)}`;
  if (call.target.kind === "service" || !bucket) {
    // The service endpoint and PutBucket: the caller's own account, by CAM alone.
    if (!caller) cosFail("AccessDenied");
    const resource = call.target.kind === "service" ? "*" : cosResource(call.target.region, caller.appId, call.target.bucket, "");
    if (call.owner && call.owner.uin !== caller.uin) cosFail("AccessDenied");
    if (camVerdict(caller.policies, action, resource, caller.context) !== "allow") cosFail("AccessDenied");
    refuseWithoutMfa(caller, op);
    return;
  }
  const resource = cosResource(bucket.region, bucket.appId, bucket.name, call.key);
  call.resources.add(resource);
  // Hotlink protection guards anonymous (browser) access; a CORS preflight is answered by the CORS rules alone.
  if (!caller && op !== "OptionsObject" && !refererAllows(bucket, call.req.headers.referer)) {
    cosFail("AccessDenied", "Access Denied: the Referer is not allowed by the bucket's hotlink protection.");
  }
  // A form upload proves itself by its policy, a CORS preflight by the bucket's rules: their operations decide.
  if (op === "PostObject" || op === "OptionsObject") return;
  if (!(await mayDo(app, caller, bucket, call.key, op, facts))) cosFail("AccessDenied");
  if (caller) refuseWithoutMfa(caller, op);
}

/**
 * MFA-protected operations (the sub-user's `mfaProtectedActions`) need credentials that passed MFA. COS has no
 * code of its own for it: it answers AccessDenied (403), as for any refusal, with a message naming MFA.
 */
export function refuseWithoutMfa(caller: Caller, op: string): void {
  const action = camAction(op);
  if (needsMfa(caller, action)) cosFail("AccessDenied", `Access Denied: cos:${action} is protected by MFA; use credentials issued with an MFA code.`);
}

/**
 * PutBucketReferer's rules (hotlink protection), for anonymous requests: Status Enabled; a White-List lets through
 * a Referer matching one of its domains, a Black-List one matching none; an absent or empty Referer passes only
 * with EmptyReferConfiguration Allow (Deny is the default). Domains match the Referer without its scheme by
 * prefix (`www.qq.com/example`, `192.168.1.2:8080`), `*` standing for any run of host characters (`*.qq.com`).
 */
export function refererAllows(bucket: Bucket, referer: string | undefined): boolean {
  const config = bucket.configs.referer as Record<string, unknown> | undefined;
  if (!config || text(config.Status) !== "Enabled") return true;
  const value = (referer ?? "").trim();
  if (!value) return text(config.EmptyReferConfiguration) === "Allow";
  const list = (config.DomainList ?? {}) as Record<string, unknown>;
  const domains = many(list.Domain).map(text).filter((d): d is string => d !== undefined && d.trim() !== "");
  const target = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").toLowerCase();
  const matches = domains.some((d) => {
    const pattern = d.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, "");
    return new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^/?#]*")}`).test(target);
  });
  return text(config.RefererType) === "White-List" ? matches : !matches;
}

/**
 * Whether a caller (null: anonymous) may do an operation on a bucket or one of its keys. The owner's account: its
 * CAM allow, or a grant of the bucket policy or ACLs naming the caller. Another account (COS's cross-account
 * authorization, "A grants B, B grants its sub-user through CAM"): a grant by the owner naming that account's root
 * (`uin/B:uin/B`, an ACL grantee B) or the caller itself, AND the caller's own account's CAM allow (B's root key
 * needs none); a public grant (anyone, public-read) needs no CAM allow, as an unsigned request would pass too.
 * An explicit deny of the caller's CAM or of the bucket policy refuses in every case. The bucket policy's
 * conditions see the request's keys (`facts`): the caller's context, or an anonymous request's own.
 */
export async function mayDo(app: App, caller: Caller | null, bucket: Bucket, key: string, op: string, facts: CosRequestFacts): Promise<boolean> {
  const action = `cos:${camAction(op)}`;
  const resource = cosResource(bucket.region, bucket.appId, bucket.name, key);
  const sameAccount = caller?.uin === bucket.owner;
  if (sameAccount && caller!.policies.length === 0) return true;
  const cam = caller ? camVerdict(caller.policies, action, resource, caller.context) : "none";
  const context = requestConditions(app, caller, facts);
  const named = bucketPolicyVerdict(bucket, caller, action, resource, context);
  if (cam === "deny" || named === "deny") return false;
  const granted = async (who: Caller | null): Promise<boolean> => {
    if ((who === caller ? named : bucketPolicyVerdict(bucket, who, action, resource, context)) === "allow") return true;
    if (aclAllows(bucket.acl, who, op, true)) return true;
    // An object's own ACL can open a read of that object.
    if (key && isReadOperation(op)) {
      const object = await app.store.transaction((tx) => findObject(tx, bucket.owner, bucket.region, bucket.name, key));
      if (object && object.acl.canned !== "default" && aclAllows(object.acl, who, op, false)) return true;
    }
    return false;
  };
  if (sameAccount) return cam === "allow" || (await granted(caller));
  if (!caller) return granted(null);
  if (await granted(null)) return true;
  return cam === "allow" && (await granted(caller));
}

/** Whether an ACL lets the caller (or anyone) do the operation: public-read reads, public-read-write writes too, and grants to the caller's account. */
function aclAllows(acl: Acl, caller: Caller | null, op: string, isBucket: boolean): boolean {
  const read = isReadOperation(op);
  if (read && (acl.canned === "public-read" || acl.canned === "public-read-write")) return true;
  if (!read && isBucket && acl.canned === "public-read-write" && /Object|Part|Multipart/.test(op)) return true;
  if (!caller) return false;
  // Grants name root accounts: the account's sub-users and sessions reach them with their own CAM allow (mayDo).
  const granted = (permission: string) => acl.grants.some((g) => g.uin === caller.uin && (g.permission === permission || g.permission === "FULL_CONTROL"));
  return read ? granted("READ") : granted("WRITE");
}

interface PolicyStatement {
  effect?: string;
  principal?: unknown;
  action?: string | string[];
  resource?: string | string[];
  condition?: unknown;
}

function lowerKeys(value: unknown): PolicyStatement {
  return Object.fromEntries(Object.entries((value ?? {}) as object).map(([k, v]) => [k.toLowerCase(), v])) as PolicyStatement;
}

/** The principals a statement names: qcs::cam::anyone:anyone, qcs::cam::uin/<owner>:uin/<user>. */
function principals(value: unknown): string[] {
  if (value === "*") return ["qcs::cam::anyone:anyone"];
  const qcs = value && typeof value === "object" ? (lowerKeys(value) as Record<string, unknown>).qcs : undefined;
  return (Array.isArray(qcs) ? qcs : [qcs]).filter((p): p is string => typeof p === "string");
}

function isPrincipal(p: string, caller: Caller | null, owner: string): boolean {
  if (p === "qcs::cam::anyone:anyone" || p === "*") return true;
  if (!caller) return false;
  const m = /^qcs::cam::uin\/(\d+):uin\/(\d+)$/.exec(p);
  if (!m || m[1] !== caller.uin) return false;
  if (m[2] === (caller.subUin ?? caller.uin)) return true;
  // Another account's root names the whole account: its sub-users and sessions also need its CAM allow (mayDo).
  return caller.uin !== owner && m[2] === m[1];
}

/** The condition keys of a request: a signed caller's context (withCosConditions), or an anonymous request's. */
export function requestConditions(app: App, caller: Caller | null, facts: CosRequestFacts): ConditionContext {
  return caller ? (caller.context ?? withCosConditions(app, caller, facts).context!) : anonymousConditions(app, facts);
}

/**
 * What the bucket policy (COS's JSON, keys in any case) says for this caller, its statements' conditions tested
 * against the request's keys (`requestConditions`) as CAM tests them: a deny whose condition holds refuses, an
 * allow whose condition does not hold allows nothing, a key the request does not carry does not hold.
 */
export function bucketPolicyVerdict(bucket: Bucket, caller: Caller | null, action: string, resource: string, context: ConditionContext): Verdict {
  if (!bucket.policy) return "none";
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(bucket.policy) as Record<string, unknown>;
  } catch {
    return "none";
  }
  const raw = (lowerKeys(doc) as Record<string, unknown>).statement;
  const statements: Statement[] = [];
  for (const s of Array.isArray(raw) ? raw : []) {
    const st = lowerKeys(s);
    if (!principals(st.principal).some((p) => isPrincipal(p, caller, bucket.owner))) continue;
    const effect = String(st.effect ?? "").toLowerCase();
    if ((effect !== "allow" && effect !== "deny") || !st.action) continue;
    statements.push({ effect, action: st.action, resource: st.resource ?? "*", ...(st.condition !== undefined ? { condition: st.condition } : {}) });
  }
  if (!statements.length) return "none";
  const policy: Policy = { version: "2.0", statement: statements };
  return camVerdict([policy], action, resource, context);
}
