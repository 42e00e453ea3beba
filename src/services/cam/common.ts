import type { CamActions } from "../../generated/models/cam";
import type { ErrorCode } from "../../errors/catalog";
import { accounts, type SubUser } from "../../platform/accounts";
import { checkPolicy, type PolicyProblemKind } from "../../platform/cam";
import { formatDateTime, formatIso } from "../../platform/clock";
import type { Handlers } from "../../platform/definition";
import { groups, type Group } from "../../platform/identity/groups";
import { policies, POLICY_LIMITS, type PolicyView } from "../../platform/identity/policies";
import { roles, type Role } from "../../platform/identity/roles";
import { Collection } from "../../platform/collection";
import type { ActionContext } from "../../platform/service";

export type Ctx = ActionContext<"cam">;
export type CamHandlers = Handlers<"cam", CamActions>;
export type CamCode = ErrorCode<"cam">;

/** The account every CAM call manages: the caller's root account. */
export const owner = (ctx: Ctx) => ctx.caller.uin;

/** `2019-04-19 10:55:31` (UTC+8), as CAM writes times. */
export const dateTime = (ms: number | string) => (typeof ms === "string" ? ms : formatDateTime(ms));
/** `2019-08-09T10:31:47Z`, as policy versions write their dates. */
export const isoUtc = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
export { formatIso };

/** A member the SDK model types as non-null but documents as "may be null": answered as null. */
export const NULL = null as never;

/** A 64-bit member (uint64 RoleId, int64 TargetUin) arrives as a number or, beyond 2^53, a BigInt. */
export const idText = (v: number | bigint | string | undefined | null): string => (v === undefined || v === null ? "" : String(v));

/** One page of a list: Page from 1, Rp items per page (CAM's paging), with defaults. */
export function page<T>(ctx: Ctx, items: readonly T[], pageNo: number | undefined, rp: number | undefined, maxRp = 200, defaultRp = 20): T[] {
  const p = pageNo ?? 1;
  const size = rp ?? defaultRp;
  if (!Number.isInteger(p) || p < 1) ctx.fail("InvalidParameter.ParamError", "Page must be a positive integer.");
  if (!Number.isInteger(size) || size < 1 || size > maxRp) ctx.fail("InvalidParameter.ParamError", `Rp must be between 1 and ${maxRp}.`);
  return items.slice((p - 1) * size, p * size);
}

/** A sub-user of the caller's account by name: ResourceNotFound.UserNotExist otherwise. */
export async function userNamed(ctx: Ctx, name: string): Promise<SubUser> {
  const user = await accounts.findUser(ctx.tx, owner(ctx), name);
  if (!user) return ctx.fail("ResourceNotFound.UserNotExist", `The sub-user ${name} does not exist.`);
  return user;
}

/** A sub-user of the caller's account by Uin, or undefined. */
export async function userByUin(ctx: Ctx, uin: number | bigint | string | undefined): Promise<SubUser | undefined> {
  const id = idText(uin);
  if (!id) return undefined;
  const user = await accounts.getUser(ctx.tx, id);
  return user && user.uin === owner(ctx) ? user : undefined;
}

/** A sub-user of the caller's account by Uid (CAM's numeric user id). */
export async function userByUid(ctx: Ctx, uid: number | undefined): Promise<SubUser | undefined> {
  if (uid === undefined) return undefined;
  return (await accounts.listUsers(ctx.tx, owner(ctx))).find((u) => (u.uid ?? Number(u.subUin.slice(4))) === uid);
}

export async function groupById(ctx: Ctx, id: number, code: CamCode = "ResourceNotFound.GroupNotExist"): Promise<Group> {
  const group = Number.isSafeInteger(id) ? await groups.get(ctx.tx, owner(ctx), id) : undefined;
  if (!group) return ctx.fail(code, `The user group ${id} does not exist.`);
  return group;
}

/** A role by RoleId or RoleName (one of them required): InvalidParameter.RoleNotExist otherwise. */
export async function roleOf(ctx: Ctx, roleId: string | number | bigint | undefined, roleName: string | undefined): Promise<Role> {
  const id = idText(roleId);
  if (!id && !roleName) ctx.fail("InvalidParameter.ParamError", "Give RoleId or RoleName.");
  const role = id ? await roles.get(ctx.tx, owner(ctx), id) : await roles.named(ctx.tx, owner(ctx), roleName!);
  if (!role) return ctx.fail("InvalidParameter.RoleNotExist", `The role ${id || roleName} does not exist.`);
  return role;
}

/** A preset or custom policy of the account. */
export async function policyById(ctx: Ctx, id: number | bigint, code: CamCode = "ResourceNotFound.PolicyIdNotFound"): Promise<PolicyView> {
  const n = Number(id);
  const view = Number.isSafeInteger(n) && n > 0 ? await policies.get(ctx.tx, owner(ctx), n) : undefined;
  if (!view) return ctx.fail(code, `The policy ${idText(id)} does not exist.`);
  return view;
}

const DOCUMENT_CODES: Record<PolicyProblemKind, CamCode> = {
  json: "InvalidParameter.PolicyDocumentError",
  version: "InvalidParameter.VersionError",
  statement: "InvalidParameter.StatementError",
  effect: "InvalidParameter.EffectError",
  action: "InvalidParameter.ActionError",
  resource: "InvalidParameter.ResourceError",
  "resource-qcs": "InvalidParameter.ResourceQcsError",
  condition: "InvalidParameter.ConditionError",
  "condition-type": "InvalidParameter.ConditionTypeError",
  "condition-content": "InvalidParameter.ConditionContentError",
  principal: "InvalidParameter.PrincipalError",
};

/**
 * Checks a policy document the way CAM does before storing it: length, JSON, then the grammar. Trust policies
 * (CreateRole, UpdateAssumeRolePolicy) must name a principal; permission policies must not.
 */
export function checkDocument(ctx: Ctx, document: string, kind: "permission" | "trust"): void {
  if (document.length > POLICY_LIMITS.documentLength) {
    ctx.fail("InvalidParameter.PolicyDocumentLengthOverLimit", `PolicyDocument is longer than ${POLICY_LIMITS.documentLength} characters.`);
  }
  const problem = checkPolicy(document, kind === "trust" ? "required" : "forbidden");
  if (problem) ctx.fail(DOCUMENT_CODES[problem.kind], problem.message);
}

/** CAM names: letters, digits and +=,.@_- (sub-users, policies, roles, groups). */
export function checkName(ctx: Ctx, name: string, max: number, code: CamCode, what: string): void {
  if (!name || name.length > max || !/^[\w+=,.@-]+$/.test(name)) ctx.fail(code, `${what} must be 1-${max} characters of letters, digits and +=,.@-_.`);
}

/**
 * CAM's own settings (message receivers, identity providers, password rules) of the caller's account: CAM has no
 * regions, so they live in one global scope whatever Region a call carries.
 */
export function camDocs<T>(ctx: Ctx, kind: string): Collection<T> {
  return new Collection<T>(ctx.tx, { service: "cam", account: owner(ctx), region: "*" }, kind);
}
