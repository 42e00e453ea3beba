import type { StsActions } from "../../generated/models/sts";
import type { ErrorCode } from "../../errors/catalog";
import { accounts, type TemporaryCredential } from "../../platform/accounts";
import { checkPolicy, evaluate, normalizePolicy, type PolicyProblemKind, type Policy, type Principal } from "../../platform/cam";
import type { Handlers } from "../../platform/definition";
import { parseRoleArn, roles, type Role } from "../../platform/identity/roles";
import type { ActionContext } from "../../platform/service";

export type Ctx = ActionContext<"sts">;
export type StsHandlers = Handlers<"sts", StsActions>;
type StsCode = ErrorCode<"sts">;

/** "token长度和绑定的策略有关" — the session policy, after URL-decoding, is capped (InvalidParameter.PolicyTooLong). */
export const SESSION_POLICY_MAX = 2048;

/** Longest sessions: AssumeRole* 43200 s; GetFederationToken / GetSessionToken 7200 s for a root key, 129600 s for a sub-user. */
export const LIMITS = { roleDefault: 7200, roleMax: 43200, sessionDefault: 1800, rootMax: 7200, subUserMax: 129600 } as const;

const SESSION_NAME = /^[\w+=,.@-]{2,128}$/;

export function checkSessionName(ctx: Ctx, name: string): void {
  if (!SESSION_NAME.test(name)) ctx.fail("InvalidParameter.ParamError", "RoleSessionName must be 2-128 characters of letters, digits and +=,.@_-.");
}

export function duration(ctx: Ctx, given: number | bigint | undefined, fallback: number, max: number): number {
  const seconds = given === undefined ? fallback : Number(given);
  if (!Number.isInteger(seconds) || seconds < 1) ctx.fail("InvalidParameter.ParamError", "DurationSeconds must be a positive integer.");
  if (seconds > max) ctx.fail("InvalidParameter.OverTimeError", `DurationSeconds may be at most ${max}.`);
  return seconds;
}

const POLICY_CODES: Record<PolicyProblemKind, StsCode> = {
  json: "InvalidParameter.StrategyFormatError",
  version: "InvalidParameter.StrategyFormatError",
  statement: "InvalidParameter.StrategyFormatError",
  effect: "InvalidParameter.StrategyFormatError",
  action: "InvalidParameter.StrategyFormatError",
  condition: "InvalidParameter.StrategyFormatError",
  "condition-type": "InvalidParameter.StrategyFormatError",
  "condition-content": "InvalidParameter.StrategyFormatError",
  resource: "InvalidParameter.ResouceError",
  "resource-qcs": "InvalidParameter.ResouceError",
  principal: "InvalidParameter.StrategyInvalid",
};

/**
 * The session policy of AssumeRole / GetFederationToken: URL-encoded JSON ("该参数需要做urlencode，服务端会对该
 * 字段做urldecode"), in the CAM grammar without a principal, naming no other account's resources.
 */
export function sessionPolicy(ctx: Ctx, encoded: string | undefined): Policy | null {
  if (encoded === undefined) return null;
  let text: string;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    return ctx.fail("InvalidParameter.StrategyFormatError", "Policy is not URL-encoded JSON.");
  }
  if (text.length > SESSION_POLICY_MAX) ctx.fail("InvalidParameter.PolicyTooLong", `Policy is longer than ${SESSION_POLICY_MAX} characters once decoded.`);
  const problem = checkPolicy(text, "forbidden");
  if (problem) ctx.fail(POLICY_CODES[problem.kind], problem.message);
  const policy = normalizePolicy(text);
  for (const s of policy.statement) {
    for (const r of [s.resource ?? "*"].flat()) {
      const owner = /:uin\/(\d+):/.exec(r)?.[1];
      if (owner && owner !== ctx.caller.uin && !s.principal) ctx.fail("InvalidParameter.GrantOtherResource", `The policy names a resource of account ${owner}.`);
    }
  }
  return policy;
}

/** The role an ARN names: InvalidParameter.ParamError for a malformed ARN, RoleNotFound for a missing role. */
export async function roleOfArn(ctx: Ctx, arn: string): Promise<Role> {
  const parsed = parseRoleArn(arn);
  if (!parsed) return ctx.fail("InvalidParameter.ParamError", `RoleArn ${arn} is not qcs::cam::uin/<uin>:roleName/<name> or :role/<id>.`);
  if (!(await accounts.get(ctx.tx, parsed.uin))) ctx.fail("InvalidParameter.AccountNotAvaliable", `The account ${parsed.uin} does not exist.`);
  const role = parsed.roleId ? await roles.get(ctx.tx, parsed.uin, parsed.roleId) : await roles.named(ctx.tx, parsed.uin, parsed.roleName!);
  if (!role) return ctx.fail("ResourceNotFound.RoleNotFound", `The role ${arn} does not exist.`);
  return role;
}

/** Whether the role's trust policy lets the principal assume it with this action (sts:AssumeRole…). */
export function trusts(role: Role, action: string, principal: Principal, context: Record<string, string | string[] | undefined>): boolean {
  return evaluate([normalizePolicy(role.trustPolicy)], { action, principal, context }).allowed;
}

/** `2018-12-04T09:06:16Z`. */
const isoUtc = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The response of every credential action. */
export function credentialsResponse(cred: TemporaryCredential) {
  return {
    Credentials: { Token: cred.token, TmpSecretId: cred.tmpSecretId, TmpSecretKey: cred.tmpSecretKey },
    ExpiredTime: Math.floor(cred.expiresAt / 1000),
    Expiration: isoUtc(cred.expiresAt),
  };
}

/** Session tags "key&value" (qcs:request_tag in the role's policies). */
export function sessionTags(ctx: Ctx, tags: { Key: string; Value: string }[] | undefined): string[] {
  const list = tags ?? [];
  if (list.length > 50) ctx.fail("InvalidParameter.ParamError", "Tags holds at most 50 session tags.");
  const keys = new Set<string>();
  for (const t of list) {
    if (!t.Key || t.Key.length > 128 || t.Value.length > 256 || keys.has(t.Key)) ctx.fail("InvalidParameter.ParamError", `The session tag ${t.Key} is malformed or repeated.`);
    keys.add(t.Key);
  }
  return list.map((t) => `${t.Key}&${t.Value}`);
}
