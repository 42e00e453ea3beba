import { accounts } from "../../platform/accounts";
import { policies } from "../../platform/identity/policies";
import { ROLE_LIMITS, roleArn, roles, type Role } from "../../platform/identity/roles";
import { randomChars } from "../../platform/ids";
import { camDocs, checkDocument, dateTime, NULL, owner, page, roleOf, type CamHandlers, type Ctx } from "./common";

/** Roles: trust policies, descriptions, session duration, tags, and service-linked roles. */

const ROLE_NAME = /^[\w+=,.@-]{1,128}$/;
const DESCRIPTION_MAX = 300;

type Tags = { Key: string; Value: string }[];

export function roleInfo(r: Role) {
  return {
    RoleId: r.roleId,
    RoleName: r.roleName,
    PolicyDocument: r.trustPolicy,
    Description: r.description,
    AddTime: dateTime(r.createdAt),
    UpdateTime: dateTime(r.updatedAt),
    ConsoleLogin: r.consoleLogin,
    RoleType: r.roleType,
    SessionDuration: r.sessionDuration,
    DeletionTaskId: r.deletionTaskId ?? NULL,
    Tags: r.tags,
    RoleArn: roleArn(r),
  };
}

function checkTags(ctx: Ctx, tags: Tags): void {
  if (tags.length > ROLE_LIMITS.tags) ctx.fail("InvalidParameter.TagLimitExceeded", `A role has at most ${ROLE_LIMITS.tags} tags.`);
  const keys = new Set<string>();
  for (const t of tags) {
    if (!t.Key || t.Key.length > 128 || t.Value.length > 256 || keys.has(t.Key)) ctx.fail("InvalidParameter.TagParamError", `The tag ${t.Key} is malformed or repeated.`);
    keys.add(t.Key);
  }
}

function checkDescription(ctx: Ctx, d: string | undefined): void {
  if (d !== undefined && d.length > DESCRIPTION_MAX) ctx.fail("InvalidParameter.DescriptionLengthOverlimit", `Description is longer than ${DESCRIPTION_MAX} characters.`);
}

function checkSessionDuration(ctx: Ctx, s: number): void {
  if (!Number.isInteger(s) || s < 0 || s > ROLE_LIMITS.sessionMax) ctx.fail("InvalidParameter.ParamError", `SessionDuration must be 0-${ROLE_LIMITS.sessionMax} seconds.`);
}

/** A trust policy: the grammar with a principal, and every account its qcs principals name must exist. */
async function checkTrust(ctx: Ctx, document: string): Promise<void> {
  checkDocument(ctx, document, "trust");
  const doc = JSON.parse(document) as { statement: unknown };
  for (const s of [doc.statement].flat() as { principal?: Record<string, unknown> | string }[]) {
    if (!s.principal || typeof s.principal !== "object") continue;
    for (const [kind, values] of Object.entries(s.principal)) {
      if (kind.toLowerCase() !== "qcs") continue;
      for (const v of [values].flat() as string[]) {
        if (v === "*" || v === "qcs::cam::anyone") continue;
        const m = /^qcs::cam::uin\/(\d+):(root|uin\/\d+|role\/\d+|roleName\/[\w+=,.@-]+|saml-provider\/.+|oidc-provider\/.+)$/.exec(v);
        if (!m) return ctx.fail("InvalidParameter.PrincipalQcsError", `The principal ${v} is not a qcs::cam::uin/<uin>:… name.`);
        if (!(await accounts.get(ctx.tx, m[1]))) ctx.fail("InvalidParameter.PrincipalQcsNotExist", `The account ${m[1]} named by the principal does not exist.`);
      }
    }
  }
}

async function save(ctx: Ctx, role: Role, changes: Partial<Role>): Promise<void> {
  await roles.save(ctx.tx, { ...role, ...changes, updatedAt: ctx.now() });
  ctx.touch(role.roleId);
}

interface DeletionTask {
  id: string;
  roleName: string;
  serviceName: string;
  createdAt: number;
}

export const roleHandlers: CamHandlers = {
  async CreateRole(ctx, req) {
    if (!ROLE_NAME.test(req.RoleName)) ctx.fail("InvalidParameter.RoleNameError", "RoleName must be 1-128 characters of letters, digits and +=,.@-_.");
    checkDescription(ctx, req.Description);
    await checkTrust(ctx, req.PolicyDocument);
    const sessionDuration = req.SessionDuration ?? ROLE_LIMITS.sessionDefault;
    checkSessionDuration(ctx, sessionDuration);
    checkTags(ctx, req.Tags ?? []);
    if (await roles.named(ctx.tx, owner(ctx), req.RoleName)) ctx.fail("InvalidParameter.RoleNameInUse", `The role name ${req.RoleName} is in use.`);
    if ((await roles.count(ctx.tx, owner(ctx))) >= ROLE_LIMITS.roles) ctx.fail("InvalidParameter.RoleFull", `An account has at most ${ROLE_LIMITS.roles} roles.`);
    const role = await roles.create(ctx.tx, ctx.now(), owner(ctx), {
      roleName: req.RoleName,
      trustPolicy: req.PolicyDocument,
      description: req.Description ?? "",
      consoleLogin: req.ConsoleLogin === 1 ? 1 : 0,
      sessionDuration,
      tags: (req.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })),
      roleType: "user",
    });
    ctx.touch(role.roleId);
    return { RoleId: role.roleId };
  },

  async GetRole(ctx, req) {
    return { RoleInfo: roleInfo(await roleOf(ctx, req.RoleId, req.RoleName)) };
  },

  async DescribeRoleList(ctx, req) {
    const wanted = req.Tags ?? [];
    const all = (await roles.list(ctx.tx, owner(ctx))).filter((r) => wanted.every((t) => r.tags.some((x) => x.Key === t.Key && x.Value === t.Value)));
    return { List: page(ctx, all, req.Page, req.Rp).map(roleInfo), TotalNum: all.length };
  },

  async DeleteRole(ctx, req) {
    const role = await roleOf(ctx, req.RoleId, req.RoleName);
    await policies.detachAll(ctx.tx, owner(ctx), "role", role.roleId);
    await roles.delete(ctx.tx, role);
    ctx.touch(role.roleId);
    return {};
  },

  async UpdateAssumeRolePolicy(ctx, req) {
    const role = await roleOf(ctx, req.RoleId, req.RoleName);
    await checkTrust(ctx, req.PolicyDocument);
    await save(ctx, role, { trustPolicy: req.PolicyDocument });
    return {};
  },

  async UpdateRoleDescription(ctx, req) {
    const role = await roleOf(ctx, req.RoleId, req.RoleName);
    checkDescription(ctx, req.Description);
    await save(ctx, role, { description: req.Description });
    return {};
  },

  async UpdateRoleConsoleLogin(ctx, req) {
    if (req.ConsoleLogin !== 0 && req.ConsoleLogin !== 1) ctx.fail("InvalidParameter.ParamError", "ConsoleLogin must be 0 or 1.");
    const role = await roleOf(ctx, req.RoleId, req.RoleName);
    await save(ctx, role, { consoleLogin: Number(req.ConsoleLogin) });
    return {};
  },

  async UpdateRoleSessionDuration(ctx, req) {
    checkSessionDuration(ctx, req.SessionDuration);
    const role = await roleOf(ctx, req.RoleId, req.RoleName);
    await save(ctx, role, { sessionDuration: req.SessionDuration });
    return {};
  },

  async TagRole(ctx, req) {
    const role = await roleOf(ctx, req.RoleId, req.RoleName);
    const merged = [...role.tags.filter((t) => !req.Tags.some((n) => n.Key === t.Key)), ...req.Tags.map((t) => ({ Key: t.Key, Value: t.Value }))];
    checkTags(ctx, merged);
    await save(ctx, role, { tags: merged });
    return {};
  },

  async UntagRole(ctx, req) {
    const role = await roleOf(ctx, req.RoleId, req.RoleName);
    await save(ctx, role, { tags: role.tags.filter((t) => !req.TagKeys.includes(t.Key)) });
    return {};
  },

  async CreateServiceLinkedRole(ctx, req) {
    const services = req.QCSServiceName;
    if (!services.length || services.some((s) => !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(s))) {
      ctx.fail("InvalidParameter.PrincipalServiceNotExist", "QCSServiceName must name services such as cvm.qcloud.com.");
    }
    checkDescription(ctx, req.Description);
    checkTags(ctx, req.Tags ?? []);
    if (req.CustomSuffix !== undefined && !/^[\w+=,.@-]{1,64}$/.test(req.CustomSuffix)) ctx.fail("InvalidParameter.RoleNameError", "CustomSuffix must be 1-64 characters of letters, digits and +=,.@-_.");
    // CAM names service-linked roles <PRODUCT>_QCSLinkedRoleIn<Suffix> (TAT_QCSLinkedRoleInCommand).
    const product = services[0].split(".")[0].toUpperCase();
    const roleName = `${product}_QCSLinkedRoleIn${req.CustomSuffix ?? "Service"}`;
    if (await roles.named(ctx.tx, owner(ctx), roleName)) ctx.fail("InvalidParameter.RoleNameInUse", `The role name ${roleName} is in use.`);
    const trust = JSON.stringify({ version: "2.0", statement: [{ action: "sts:AssumeRole", effect: "allow", principal: { service: services } }] });
    const role = await roles.create(ctx.tx, ctx.now(), owner(ctx), {
      roleName,
      trustPolicy: trust,
      description: req.Description ?? "",
      consoleLogin: 0,
      sessionDuration: ROLE_LIMITS.sessionMax,
      tags: (req.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })),
      roleType: "service_linked",
    });
    ctx.touch(role.roleId);
    return { RoleId: role.roleId };
  },

  async DeleteServiceLinkedRole(ctx, req) {
    const role = await roles.named(ctx.tx, owner(ctx), req.RoleName);
    if (!role || role.roleType !== "service_linked") return ctx.fail("InvalidParameter.RoleNotExist", `The service-linked role ${req.RoleName} does not exist.`);
    // No product resource uses a role in tclocal, so the deletion task finishes at once.
    const id = randomChars(32, "0123456789abcdef");
    const service = (JSON.parse(role.trustPolicy) as { statement: { principal: { service: string[] } }[] }).statement[0]?.principal?.service?.[0] ?? "";
    await camDocs<DeletionTask>(ctx, "deletion-task").insert(id, { id, roleName: role.roleName, serviceName: service, createdAt: ctx.now() });
    await policies.detachAll(ctx.tx, owner(ctx), "role", role.roleId);
    await roles.delete(ctx.tx, role);
    ctx.touch(role.roleId);
    return { DeletionTaskId: id };
  },

  async GetServiceLinkedRoleDeletionStatus(ctx, req) {
    const task = await camDocs<DeletionTask>(ctx, "deletion-task").get(req.DeletionTaskId);
    if (!task) return ctx.fail("InvalidParameter.DeletionTaskNotExist", `The deletion task ${req.DeletionTaskId} does not exist.`);
    return { Status: "SUCCEEDED", Reason: "", ServiceType: task.serviceName.split(".")[0], ServiceName: task.serviceName };
  },
};
