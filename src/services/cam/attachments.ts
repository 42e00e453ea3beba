import { accounts } from "../../platform/accounts";
import { groups } from "../../platform/identity/groups";
import { policies, POLICY_LIMITS, type Attachment, type AttachmentTarget, type PolicyView } from "../../platform/identity/policies";
import { roles } from "../../platform/identity/roles";
import { dateTime, groupById, owner, page, policyById, roleOf, userByUin, type CamCode, type CamHandlers, type Ctx } from "./common";

/** Policies attached to users, groups and roles, and the views that list them from either side. */

async function attach(ctx: Ctx, view: PolicyView, targetType: AttachmentTarget, targetId: string): Promise<void> {
  if ((await policies.attachedTo(ctx.tx, owner(ctx), targetType, targetId)).length >= POLICY_LIMITS.attachmentsPerEntity) {
    ctx.fail("InvalidParameter.AttachmentFull", `An entity has at most ${POLICY_LIMITS.attachmentsPerEntity} policies attached.`);
  }
  await policies.attach(ctx.tx, owner(ctx), {
    policyId: view.id,
    targetType,
    targetId,
    attachedAt: ctx.now(),
    operatorUin: ctx.caller.subUin ?? ctx.caller.uin,
  });
  ctx.touch(String(view.id), targetId);
}

async function userTarget(ctx: Ctx, uin: number | bigint): Promise<string> {
  const user = await userByUin(ctx, uin);
  if (!user) return ctx.fail("ResourceNotFound.UserNotExist", `The sub-user ${String(uin)} does not exist.`);
  return user.subUin;
}

/** AttachRolePolicy and DetachRolePolicy name the policy by id or by name. */
async function rolePolicy(ctx: Ctx, id: number | undefined, name: string | undefined): Promise<PolicyView> {
  const code: CamCode = "InvalidParameter.PolicyIdNotExist";
  if (id !== undefined) return policyById(ctx, id, code);
  if (name === undefined) ctx.fail("InvalidParameter.ParamError", "Give PolicyId or PolicyName.");
  const view = await policies.named(ctx.tx, owner(ctx), name);
  if (!view) return ctx.fail(code, `The policy ${name} does not exist.`);
  return view;
}

function attachPolicyInfo(ctx: Ctx, v: PolicyView, a: Attachment) {
  return {
    PolicyId: v.id,
    PolicyName: v.name,
    AddTime: dateTime(a.attachedAt),
    CreateMode: v.type,
    PolicyType: v.type === 1 ? "User" : "QCS",
    Remark: v.description,
    OperateOwnerUin: owner(ctx),
    OperateUin: a.operatorUin,
    OperateUinType: 1,
    Deactived: 0,
    DeactivedDetail: [],
  };
}

/** The attachments of an entity with their policies (policies deleted meanwhile are skipped). */
export async function attachedViews(ctx: Ctx, type: AttachmentTarget, id: string): Promise<{ view: PolicyView; attachment: Attachment }[]> {
  const out = [];
  for (const a of await policies.attachedTo(ctx.tx, owner(ctx), type, id)) {
    const view = await policies.get(ctx.tx, owner(ctx), a.policyId);
    if (view) out.push({ view, attachment: a });
  }
  return out;
}

const matches = (keyword: string | undefined, v: PolicyView) => !keyword || v.name.toLowerCase().includes(keyword.toLowerCase());

export const attachmentHandlers: CamHandlers = {
  async AttachUserPolicy(ctx, req) {
    const view = await policyById(ctx, req.PolicyId);
    await attach(ctx, view, "user", await userTarget(ctx, req.AttachUin));
    return {};
  },

  async DetachUserPolicy(ctx, req) {
    const view = await policyById(ctx, req.PolicyId);
    const subUin = await userTarget(ctx, req.DetachUin);
    await policies.detach(ctx.tx, owner(ctx), view.id, "user", subUin);
    ctx.touch(String(view.id), subUin);
    return {};
  },

  async AttachGroupPolicy(ctx, req) {
    const view = await policyById(ctx, req.PolicyId);
    const group = await groupById(ctx, req.AttachGroupId);
    await attach(ctx, view, "group", String(group.id));
    return {};
  },

  async DetachGroupPolicy(ctx, req) {
    const view = await policyById(ctx, req.PolicyId);
    const group = await groupById(ctx, req.DetachGroupId);
    await policies.detach(ctx.tx, owner(ctx), view.id, "group", String(group.id));
    ctx.touch(String(view.id), String(group.id));
    return {};
  },

  async AttachRolePolicy(ctx, req) {
    const view = await rolePolicy(ctx, req.PolicyId, req.PolicyName);
    const role = await roleOf(ctx, req.AttachRoleId, req.AttachRoleName);
    await attach(ctx, view, "role", role.roleId);
    return {};
  },

  async DetachRolePolicy(ctx, req) {
    const view = await rolePolicy(ctx, req.PolicyId, req.PolicyName);
    const role = await roleOf(ctx, req.DetachRoleId, req.DetachRoleName);
    await policies.detach(ctx.tx, owner(ctx), view.id, "role", role.roleId);
    ctx.touch(String(view.id), role.roleId);
    return {};
  },

  async ListAttachedUserPolicies(ctx, req) {
    const subUin = await userTarget(ctx, req.TargetUin);
    const all = await attachedViews(ctx, "user", subUin);
    return { TotalNum: all.length, List: page(ctx, all, req.Page, req.Rp).map((x) => attachPolicyInfo(ctx, x.view, x.attachment)) };
  },

  async ListAttachedGroupPolicies(ctx, req) {
    if (req.Keyword !== undefined && req.Keyword.length > 64) ctx.fail("InvalidParameter.SearchKeywordLengthError", "Keyword is longer than 64 characters.");
    const group = await groupById(ctx, req.TargetGroupId, "InvalidParameter.ParamError");
    const all = (await attachedViews(ctx, "group", String(group.id))).filter((x) => matches(req.Keyword, x.view));
    return { TotalNum: all.length, List: page(ctx, all, req.Page, req.Rp).map((x) => attachPolicyInfo(ctx, x.view, x.attachment)) };
  },

  async ListAttachedRolePolicies(ctx, req) {
    const role = await roleOf(ctx, req.RoleId, req.RoleName);
    if (req.PolicyType !== undefined && !["User", "QCS"].includes(req.PolicyType)) ctx.fail("InvalidParameter.ParamError", "PolicyType must be User or QCS.");
    const all = (await attachedViews(ctx, "role", role.roleId))
      .filter((x) => !req.PolicyType || (req.PolicyType === "User") === (x.view.type === 1))
      .filter((x) => matches(req.Keyword, x.view));
    return {
      TotalNum: all.length,
      List: page(ctx, all, req.Page, req.Rp).map(({ view, attachment }) => ({
        PolicyId: view.id,
        PolicyName: view.name,
        AddTime: dateTime(attachment.attachedAt),
        PolicyType: view.type === 1 ? "User" : "QCS",
        CreateMode: view.type,
        Deactived: 0,
        DeactivedDetail: [],
        Description: view.description,
      })),
    };
  },

  async ListAttachedUserAllPolicies(ctx, req) {
    if (![0, 1, 2].includes(req.AttachType)) ctx.fail("InvalidParameter.ParamError", "AttachType must be 0, 1 or 2.");
    const user = await userByUin(ctx, req.TargetUin);
    if (!user) return ctx.fail("ResourceNotFound.UserNotExist", `The sub-user ${String(req.TargetUin)} does not exist.`);
    const rows = new Map<number, { view: PolicyView; at: number; groups: { GroupId: number; GroupName: string }[] }>();
    if (req.AttachType !== 2) {
      for (const { view, attachment } of await attachedViews(ctx, "user", user.subUin)) rows.set(view.id, { view, at: attachment.attachedAt, groups: [] });
    }
    if (req.AttachType !== 1) {
      for (const g of await groups.of(ctx.tx, owner(ctx), user.subUin)) {
        for (const { view, attachment } of await attachedViews(ctx, "group", String(g.id))) {
          const row = rows.get(view.id) ?? { view, at: attachment.attachedAt, groups: [] };
          row.groups.push({ GroupId: g.id, GroupName: g.name });
          rows.set(view.id, row);
        }
      }
    }
    const all = [...rows.values()].filter((r) => !req.StrategyType || r.view.type === req.StrategyType).filter((r) => matches(req.Keyword, r.view));
    return {
      TotalNum: all.length,
      PolicyList: page(ctx, all, req.Page, req.Rp).map((r) => ({
        PolicyId: String(r.view.id),
        PolicyName: r.view.name,
        Description: r.view.description,
        AddTime: dateTime(r.at),
        StrategyType: String(r.view.type),
        CreateMode: String(r.view.type),
        Groups: r.groups,
        Deactived: 0,
        DeactivedDetail: [],
      })),
    };
  },

  async ListEntitiesForPolicy(ctx, req) {
    const filter = req.EntityFilter ?? "All";
    if (!["All", "User", "Group", "Role"].includes(filter)) ctx.fail("InvalidParameter.EntityFilterError", "EntityFilter must be All, User, Group or Role.");
    const view = await policyById(ctx, req.PolicyId, "InvalidParameter.PolicyIdError");
    const entities = [];
    for (const a of await policies.attachmentsOf(ctx.tx, owner(ctx), view.id)) {
      if (filter !== "All" && filter.toLowerCase() !== a.targetType) continue;
      if (a.targetType === "user") {
        const u = await accounts.getUser(ctx.tx, a.targetId);
        if (u) entities.push({ Id: a.targetId, Name: u.name, Uin: Number(u.subUin), RelatedType: 1, AttachmentTime: dateTime(a.attachedAt) });
      } else if (a.targetType === "group") {
        const g = await groups.get(ctx.tx, owner(ctx), Number(a.targetId));
        if (g) entities.push({ Id: a.targetId, Name: g.name, Uin: 0, RelatedType: 2, AttachmentTime: dateTime(a.attachedAt) });
      } else {
        const r = await roles.get(ctx.tx, owner(ctx), a.targetId);
        if (r) entities.push({ Id: a.targetId, Name: r.roleName, Uin: 0, RelatedType: 3, AttachmentTime: dateTime(a.attachedAt) });
      }
    }
    return { TotalNum: entities.length, List: page(ctx, entities, req.Page, req.Rp) };
  },
};
