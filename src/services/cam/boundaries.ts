import { accounts } from "../../platform/accounts";
import { roles, type Role } from "../../platform/identity/roles";
import type { PolicyView } from "../../platform/identity/policies";
import { NULL, owner, policyById, roleOf, userByUin, type CamHandlers, type Ctx } from "./common";

/**
 * Permission boundaries: a policy that caps what a user or role may do whatever else it holds. Evaluation puts
 * it in its own layer (platform/identity/grants.ts), so an action needs both the identity's policies and the
 * boundary to allow it.
 */

async function boundaryUser(ctx: Ctx, targetUin: number | bigint) {
  const user = await userByUin(ctx, targetUin);
  if (!user) return ctx.fail("InvalidParameter.UserNotExist", `The sub-user ${String(targetUin)} does not exist.`);
  return user;
}

function notServiceLinked(ctx: Ctx, role: Role): void {
  if (role.roleType === "service_linked") ctx.fail("InvalidParameter.ServiceLinkedRoleCantUsePermissionBoundary", "A service-linked role takes no permission boundary.");
}

async function boundaryView(ctx: Ctx, policyId: number | null | undefined) {
  const view: PolicyView | undefined = policyId ? await policyById(ctx, policyId).catch(() => undefined) : undefined;
  if (!view) return { PolicyId: NULL, PolicyName: NULL, PolicyDocument: NULL, PolicyType: NULL, CreateMode: NULL };
  return { PolicyId: view.id, PolicyName: view.name, PolicyDocument: view.document, PolicyType: view.type, CreateMode: view.type };
}

export const boundaryHandlers: CamHandlers = {
  async PutUserPermissionsBoundary(ctx, req) {
    const view = await policyById(ctx, req.PolicyId, "InvalidParameter.PolicyIdNotExist");
    const user = await boundaryUser(ctx, req.TargetUin);
    await accounts.saveUser(ctx.tx, { ...user, boundaryPolicyId: view.id, boundarySetAt: ctx.now() });
    ctx.touch(user.subUin, String(view.id));
    return {};
  },

  async DeleteUserPermissionsBoundary(ctx, req) {
    const user = await boundaryUser(ctx, req.TargetUin);
    await accounts.saveUser(ctx.tx, { ...user, boundaryPolicyId: null });
    ctx.touch(user.subUin);
    return {};
  },

  async GetUserPermissionBoundary(ctx, req) {
    const user = await userByUin(ctx, req.TargetUin);
    if (!user) return ctx.fail("InvalidParameter.ParamError", `The sub-user ${String(req.TargetUin)} does not exist.`);
    return boundaryView(ctx, user.boundaryPolicyId);
  },

  async PutRolePermissionsBoundary(ctx, req) {
    const view = await policyById(ctx, req.PolicyId, "InvalidParameter.PolicyIdNotExist");
    const role = await roleOf(ctx, req.RoleId, req.RoleName);
    notServiceLinked(ctx, role);
    await roles.save(ctx.tx, { ...role, boundaryPolicyId: view.id, boundarySetAt: ctx.now() });
    ctx.touch(role.roleId, String(view.id));
    return {};
  },

  async DeleteRolePermissionsBoundary(ctx, req) {
    const role = await roleOf(ctx, req.RoleId, req.RoleName);
    notServiceLinked(ctx, role);
    await roles.save(ctx.tx, { ...role, boundaryPolicyId: null });
    ctx.touch(role.roleId);
    return {};
  },

  async GetRolePermissionBoundary(ctx, req) {
    const role = await roles.get(ctx.tx, owner(ctx), String(req.RoleId));
    if (!role) return ctx.fail("InvalidParameter.ParamError", `The role ${req.RoleId} does not exist.`);
    return boundaryView(ctx, role.boundaryPolicyId);
  },
};
