import type { App } from "../app";
import type { Policy, Statement } from "../platform/cam";
import type { Caller } from "../platform/service";
import type { Acl, Bucket } from "../services/cos/buckets";
import { cosFail } from "../services/cos/errors";
import { findObject } from "../services/cos/objects";
import { cosResource } from "../services/cos/resources";
import type { CosCall } from "./call";
import { camVerdict, needsMfa, withCosConditions, type Verdict } from "./identity";
import { camAction, isReadOperation } from "./route";

/**
 * Stage "authorize": who may do what on a bucket. The owner's root key may do anything. Otherwise the
 * verdicts of the caller's CAM policies (same account), the bucket policy and the ACLs combine as COS
 * documents: an explicit deny anywhere refuses; an allow anywhere lets through; nothing refuses (AccessDenied).
 * Anonymous requests have only the bucket policy and the ACLs (public-read, public-read-write).
 */
export async function authorize(app: App, call: CosCall, bucket: Bucket | undefined): Promise<void> {
  const op = call.operation!;
  const facts = { sourceIp: call.sourceIp, now: app.clock.at(call.receivedAt), region: call.target.region, headers: call.req.headers };
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
  // A form upload proves itself by its policy, a CORS preflight by the bucket's rules: their operations decide.
  if (op === "PostObject" || op === "OptionsObject") return;
  if (!(await mayDo(app, caller, bucket, call.key, op))) cosFail("AccessDenied");
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

/** Whether a caller (null: anonymous) may do an operation on a bucket or one of its keys. */
export async function mayDo(app: App, caller: Caller | null, bucket: Bucket, key: string, op: string): Promise<boolean> {
  const action = `cos:${camAction(op)}`;
  const resource = cosResource(bucket.region, bucket.appId, bucket.name, key);
  const sameAccount = caller?.uin === bucket.owner;
  if (sameAccount && caller!.policies.length === 0) return true;
  const verdicts: Verdict[] = [];
  if (sameAccount) verdicts.push(camVerdict(caller!.policies, action, resource, caller!.context));
  verdicts.push(bucketPolicyVerdict(bucket, caller, action, resource));
  if (verdicts.includes("deny")) return false;
  if (verdicts.includes("allow")) return true;
  if (aclAllows(bucket.acl, caller, op, true)) return true;
  // An object's own ACL can open a read of that object.
  if (key && isReadOperation(op)) {
    const object = await app.store.transaction((tx) => findObject(tx, bucket.owner, bucket.region, bucket.name, key));
    if (object && object.acl.canned !== "default" && aclAllows(object.acl, caller, op, false)) return true;
  }
  return false;
}

/** Whether an ACL lets the caller (or anyone) do the operation: public-read reads, public-read-write writes too, and grants. */
function aclAllows(acl: Acl, caller: Caller | null, op: string, isBucket: boolean): boolean {
  const read = isReadOperation(op);
  const owner = caller && !caller.subUin ? caller.uin : null;
  if (read && (acl.canned === "public-read" || acl.canned === "public-read-write")) return true;
  if (!read && isBucket && acl.canned === "public-read-write" && /Object|Part|Multipart/.test(op)) return true;
  if (!owner) return false;
  const granted = (permission: string) => acl.grants.some((g) => g.uin === owner && (g.permission === permission || g.permission === "FULL_CONTROL"));
  return read ? granted("READ") : granted("WRITE");
}

interface PolicyStatement {
  effect?: string;
  principal?: unknown;
  action?: string | string[];
  resource?: string | string[];
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

function isPrincipal(p: string, caller: Caller | null): boolean {
  if (p === "qcs::cam::anyone:anyone" || p === "*") return true;
  if (!caller) return false;
  const m = /^qcs::cam::uin\/(\d+):uin\/(\d+)$/.exec(p);
  if (!m) return false;
  return m[1] === caller.uin && m[2] === (caller.subUin ?? caller.uin);
}

/** What the bucket policy (COS's JSON, keys in any case) says for this caller. */
export function bucketPolicyVerdict(bucket: Bucket, caller: Caller | null, action: string, resource: string): Verdict {
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
    if (!principals(st.principal).some((p) => isPrincipal(p, caller))) continue;
    const effect = String(st.effect ?? "").toLowerCase();
    if ((effect !== "allow" && effect !== "deny") || !st.action) continue;
    statements.push({ effect, action: st.action, resource: st.resource ?? "*" });
  }
  if (!statements.length) return "none";
  const policy: Policy = { version: "2.0", statement: statements };
  // Bucket policies' conditions are not read (the statements above keep effect, action and resource only).
  return camVerdict([policy], action, resource, undefined);
}
