import { accounts, userUid, type SubUser } from "../../platform/accounts";
import { GROUP_LIMITS, groups, type Group } from "../../platform/identity/groups";
import { policies } from "../../platform/identity/policies";
import { dateTime, groupById, owner, page, userByUid, userByUin, type CamHandlers, type Ctx } from "./common";

const GROUP_NAME = /^[\w+=,.@-]{1,64}$/;

function groupInfo(g: Group) {
  return { GroupId: g.id, GroupName: g.name, CreateTime: dateTime(g.createdAt), Remark: g.remark };
}

function memberInfo(u: SubUser, joinedAt: number) {
  return {
    Uid: userUid(u),
    Uin: Number(u.subUin),
    Name: u.name,
    PhoneNum: u.phoneNum ?? "",
    CountryCode: u.countryCode ?? "",
    PhoneFlag: 0,
    Email: u.email ?? "",
    EmailFlag: 0,
    UserType: 2,
    CreateTime: dateTime(joinedAt),
    IsReceiverOwner: 0,
    Remark: u.remark ?? "",
  };
}

async function members(ctx: Ctx, g: Group) {
  const out = [];
  for (const m of g.members) {
    const u = await accounts.getUser(ctx.tx, m.subUin);
    if (u) out.push(memberInfo(u, m.joinedAt));
  }
  return out;
}

/** The user and group of one AddUserToGroup / RemoveUserFromGroup entry. */
async function membership(ctx: Ctx, info: { GroupId: number; Uid?: number; Uin?: number }): Promise<{ group: Group; user: SubUser }> {
  if (info.Uid === undefined && info.Uin === undefined) ctx.fail("InvalidParameter.UserUinAndUinNotAllNull", "Give Uid or Uin for each entry.");
  const group = await groupById(ctx, info.GroupId, "InvalidParameter.GroupNotExist");
  const user = info.Uin !== undefined ? await userByUin(ctx, info.Uin) : await userByUid(ctx, info.Uid);
  if (!user) return ctx.fail("ResourceNotFound.UserNotExist", `The sub-user ${info.Uin ?? info.Uid} does not exist.`);
  return { group, user };
}

async function nameTaken(ctx: Ctx, name: string, except?: number): Promise<boolean> {
  return (await groups.list(ctx.tx, owner(ctx))).some((g) => g.name === name && g.id !== except);
}

export const groupHandlers: CamHandlers = {
  async CreateGroup(ctx, req) {
    if (!GROUP_NAME.test(req.GroupName)) ctx.fail("InvalidParameter.ParamError", "GroupName must be 1-64 characters of letters, digits and +=,.@-_.");
    if (await nameTaken(ctx, req.GroupName)) ctx.fail("InvalidParameter.GroupNameInUse", `The group name ${req.GroupName} is in use.`);
    if ((await groups.count(ctx.tx, owner(ctx))) >= GROUP_LIMITS.groups) ctx.fail("InvalidParameter.GroupFull", `An account has at most ${GROUP_LIMITS.groups} user groups.`);
    const g = await groups.create(ctx.tx, ctx.now(), owner(ctx), req.GroupName, req.Remark ?? "");
    ctx.touch(String(g.id));
    return { GroupId: g.id };
  },

  async GetGroup(ctx, req) {
    const g = await groupById(ctx, req.GroupId);
    const users = await members(ctx, g);
    return { GroupId: g.id, GroupName: g.name, GroupNum: users.length, Remark: g.remark, CreateTime: dateTime(g.createdAt), UserInfo: users };
  },

  async ListGroups(ctx, req) {
    const all = (await groups.list(ctx.tx, owner(ctx))).filter((g) => !req.Keyword || g.name.includes(req.Keyword));
    return { TotalNum: all.length, GroupInfo: page(ctx, all, req.Page, req.Rp).map(groupInfo) };
  },

  async UpdateGroup(ctx, req) {
    const g = await groupById(ctx, req.GroupId);
    if (req.GroupName !== undefined) {
      if (!GROUP_NAME.test(req.GroupName)) ctx.fail("InvalidParameter.ParamError", "GroupName must be 1-64 characters of letters, digits and +=,.@-_.");
      if (await nameTaken(ctx, req.GroupName, g.id)) ctx.fail("InvalidParameter.GroupNameInUse", `The group name ${req.GroupName} is in use.`);
    }
    await groups.save(ctx.tx, { ...g, name: req.GroupName ?? g.name, remark: req.Remark ?? g.remark });
    ctx.touch(String(g.id));
    return {};
  },

  async DeleteGroup(ctx, req) {
    const g = await groupById(ctx, req.GroupId);
    await policies.detachAll(ctx.tx, owner(ctx), "group", String(g.id));
    await groups.delete(ctx.tx, g);
    ctx.touch(String(g.id));
    return {};
  },

  async AddUserToGroup(ctx, req) {
    for (const info of req.Info) {
      const { group, user } = await membership(ctx, info);
      if (group.members.some((m) => m.subUin === user.subUin)) continue;
      if (group.members.length >= GROUP_LIMITS.usersPerGroup) ctx.fail("InvalidParameter.GroupUserFull", `A user group has at most ${GROUP_LIMITS.usersPerGroup} members.`);
      if ((await groups.of(ctx.tx, owner(ctx), user.subUin)).length >= GROUP_LIMITS.groupsPerUser) {
        ctx.fail("InvalidParameter.UserGroupFull", `A sub-user belongs to at most ${GROUP_LIMITS.groupsPerUser} user groups.`);
      }
      await groups.save(ctx.tx, { ...group, members: [...group.members, { subUin: user.subUin, joinedAt: ctx.now() }] });
      ctx.touch(String(group.id), user.subUin);
    }
    return {};
  },

  async RemoveUserFromGroup(ctx, req) {
    for (const info of req.Info) {
      const { group, user } = await membership(ctx, info);
      await groups.save(ctx.tx, { ...group, members: group.members.filter((m) => m.subUin !== user.subUin) });
      ctx.touch(String(group.id), user.subUin);
    }
    return {};
  },

  async ListUsersForGroup(ctx, req) {
    const g = await groupById(ctx, req.GroupId);
    const users = await members(ctx, g);
    return { TotalNum: users.length, UserInfo: page(ctx, users, req.Page, req.Rp) };
  },

  async ListGroupsForUser(ctx, req) {
    const user =
      req.SubUin !== undefined ? await userByUin(ctx, req.SubUin) : req.Uid !== undefined ? await userByUid(ctx, req.Uid) : ctx.caller.subUin ? await userByUin(ctx, ctx.caller.subUin) : undefined;
    if (!user) return ctx.fail("ResourceNotFound.UserNotExist", `The sub-user ${req.SubUin ?? req.Uid ?? ""} does not exist.`);
    const all = await groups.of(ctx.tx, owner(ctx), user.subUin);
    return { TotalNum: all.length, GroupInfo: page(ctx, all, req.Page, req.Rp).map(groupInfo) };
  },
};
