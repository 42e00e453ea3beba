import { accounts } from "../../platform/accounts";
import { roles } from "../../platform/identity/roles";
import { idText, owner, userByUid, type Ctx } from "./common";

/**
 * CAM's own resource names, for policies that scope CAM actions to users, policies, groups and roles (the
 * self-service pattern: `cam:GetUser` on `qcs::cam::uin/<owner>:uin/<own subUin>`):
 *
 *   user   qcs::cam::uin/<owner>:uin/<subUin>      (TargetUin, AttachUin, DetachUin, SubUin, OpUin; Uid and,
 *                                                   for GetUser/UpdateUser/DeleteUser, Name looked up)
 *   policy qcs::cam::uin/<owner>:policyid/<id>     (PolicyId, one or a list)
 *   group  qcs::cam::uin/<owner>:groupid/<id>      (GroupId, AttachGroupId, DetachGroupId, TargetGroupId)
 *   role   qcs::cam::uin/<owner>:roleName/<name>   (RoleName, AttachRoleName, DetachRoleName; RoleId,
 *                                                   AttachRoleId, DetachRoleId looked up)
 *
 * Names that need a lookup are read in the call's transaction (the service definition's `resourceNames`); a
 * user or role that does not exist names nothing, so the call is judged on `*` (an operation-level grant), and
 * the handler then answers its not-found code to those allowed.
 */
const USER_UINS = ["TargetUin", "AttachUin", "DetachUin", "SubUin", "OpUin"];
const GROUP_IDS = ["GroupId", "AttachGroupId", "DetachGroupId", "TargetGroupId"];
const ROLE_NAMES = ["RoleName", "AttachRoleName", "DetachRoleName"];
const ROLE_IDS = ["RoleId", "AttachRoleId", "DetachRoleId"];
/** Actions whose `Name` is a sub-user's (elsewhere it names a provider, a receiver…). */
const USER_NAME_ACTIONS = new Set(["GetUser", "UpdateUser", "DeleteUser"]);

const present = (v: unknown): v is number | bigint | string => (typeof v === "number" || typeof v === "bigint" || typeof v === "string") && v !== "";
const each = (v: unknown): (number | bigint | string)[] => (Array.isArray(v) ? v : [v]).filter(present);

export async function camResourceNames(ctx: Ctx, req: Record<string, unknown>): Promise<string[]> {
  const prefix = `qcs::cam::uin/${owner(ctx)}:`;
  const names: string[] = [];
  for (const m of USER_UINS) for (const v of each(req[m])) names.push(`${prefix}uin/${idText(v)}`);
  if (typeof req.Uid === "number") {
    const user = await userByUid(ctx, req.Uid);
    if (user) names.push(`${prefix}uin/${user.subUin}`);
  }
  if (USER_NAME_ACTIONS.has(ctx.action) && typeof req.Name === "string") {
    const user = await accounts.findUser(ctx.tx, owner(ctx), req.Name);
    if (user) names.push(`${prefix}uin/${user.subUin}`);
  }
  for (const v of each(req.PolicyId)) names.push(`${prefix}policyid/${idText(v)}`);
  for (const m of GROUP_IDS) for (const v of each(req[m])) names.push(`${prefix}groupid/${idText(v)}`);
  for (const m of ROLE_NAMES) for (const v of each(req[m])) names.push(`${prefix}roleName/${String(v)}`);
  for (const m of ROLE_IDS) {
    for (const v of each(req[m])) {
      const role = await roles.get(ctx.tx, owner(ctx), idText(v));
      if (role) names.push(`${prefix}roleName/${role.roleName}`);
    }
  }
  return [...new Set(names)];
}
