import { accountScope, PLATFORM, type SubUser } from "../../platform/accounts";
import { Collection } from "../../platform/collection";
import type { Group } from "../../platform/identity/groups";
import type { CustomPolicy } from "../../platform/identity/policies";
import type { Role } from "../../platform/identity/roles";
import { resourceKind, type ResourceKind } from "../../platform/resource-kind";
import type { ActionContext } from "../../platform/service";
import { policyHandlers } from "./policies";
import { roleInfo } from "./roles";
import { groupHandlers } from "./user-groups";
import { userHandlers } from "./users";

// CAM's identities are platform documents (the gateway resolves them): sub-users are global, keyed by Uin; groups,
// roles and custom policies live in the account's region-less scope.
const accountDocs =
  <T>(kind: string) =>
  (ctx: ActionContext<"cam">): Collection<T> =>
    new Collection<T>(ctx.tx, accountScope(ctx.caller.uin), kind);

/**
 * CAM in the console and `GET /_tclocal/resources/cam/…`: sub-users, user groups, roles and custom policies of the
 * account (CAM has no regions: the same whatever the region), each answered by CAM's own Get action.
 */
export const camResources: readonly ResourceKind[] = [
  resourceKind<"cam", SubUser>({
    kind: "users",
    title: "Sub-users",
    describedBy: "GetUser",
    columns: [{ field: "Name" }, { field: "Uin" }, { field: "Uid" }, { field: "Remark" }, { field: "ConsoleLogin" }, { field: "Email" }, { field: "CreateTime" }],
    collection: (ctx) => new Collection<SubUser>(ctx.tx, PLATFORM, "user"),
    visible: (ctx, u) => u.uin === ctx.caller.uin,
    id: (u) => u.subUin,
    presenter: (ctx) => (u) => userHandlers.GetUser!(ctx, { Name: u.name }),
  }),
  resourceKind<"cam", Group>({
    kind: "groups",
    title: "User groups",
    describedBy: "GetGroup",
    columns: [{ field: "GroupId" }, { field: "GroupName" }, { field: "GroupNum" }, { field: "Remark" }, { field: "CreateTime" }],
    collection: accountDocs<Group>("group"),
    id: (g) => String(g.id),
    presenter: (ctx) => (g) => groupHandlers.GetGroup!(ctx, { GroupId: g.id }),
  }),
  resourceKind<"cam", Role>({
    kind: "roles",
    title: "Roles",
    describedBy: "GetRole RoleInfo",
    columns: [{ field: "RoleName" }, { field: "RoleId" }, { field: "RoleType" }, { field: "Description" }, { field: "SessionDuration" }, { field: "AddTime" }],
    collection: accountDocs<Role>("role"),
    id: (r) => r.roleId,
    presenter: () => roleInfo,
  }),
  resourceKind<"cam", CustomPolicy>({
    kind: "policies",
    title: "Custom policies",
    // Preset policies are CAM's own, the same in every account: ListPolicies shows them, the console does not.
    describedBy: "GetPolicy (custom policies; preset ones are left out)",
    columns: [{ field: "PolicyName" }, { field: "Description" }, { field: "Type" }, { field: "AddTime" }, { field: "UpdateTime" }],
    collection: accountDocs<CustomPolicy>("policy"),
    id: (p) => String(p.id),
    presenter: (ctx) => (p) => policyHandlers.GetPolicy!(ctx, { PolicyId: p.id }),
  }),
];
