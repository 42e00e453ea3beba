import { randomChars } from "../../platform/ids";
import { accounts, userUid, type SubUser } from "../../platform/accounts";
import { groups } from "../../platform/identity/groups";
import { policies } from "../../platform/identity/policies";
import { receivers } from "./receiver-model";
import { checkPassword } from "./security-model";
import { dateTime, owner, userNamed, type CamHandlers, type Ctx } from "./common";

/** CAM's quota of sub-users per account (CAM limits page). */
export const SUB_USER_LIMIT = 1000;

const NAME = /^[\w+=,.@-]{1,64}$/;

/** A random console password of the form CAM generates: 32 characters with every character class. */
function generatedPassword(): string {
  return randomChars(8, "ABCDEFGHJKLMNPQRSTUVWXYZ") + randomChars(8, "abcdefghijkmnpqrstuvwxyz") + randomChars(8, "23456789") + randomChars(8, "!@#$%^&*");
}

/** The console password a call sets: given (and checked against the rules), generated, or none. */
async function consolePassword(ctx: Ctx, consoleLogin: number, password: string | undefined): Promise<string> {
  if (consoleLogin !== 1) return "";
  if (password === undefined || password === "") return generatedPassword();
  await checkPassword(ctx, password);
  return password;
}

export function subAccountInfo(u: SubUser) {
  return {
    Uin: Number(u.subUin),
    Name: u.name,
    Uid: userUid(u),
    Remark: u.remark ?? "",
    ConsoleLogin: u.consoleLogin ?? 0,
    PhoneNum: u.phoneNum ?? "",
    CountryCode: u.countryCode ?? "",
    Email: u.email ?? "",
    CreateTime: dateTime(u.createdAt),
    NickName: u.name,
  };
}

export const userHandlers: CamHandlers = {
  async AddUser(ctx, req) {
    if (!NAME.test(req.Name)) ctx.fail("InvalidParameter.UserNameIllegal", "Name must be 1-64 characters of letters, digits and +=,.@-_.");
    if (await accounts.findUser(ctx.tx, owner(ctx), req.Name)) ctx.fail("InvalidParameter.SubUserNameInUse", `The sub-user name ${req.Name} is in use.`);
    if ((await accounts.listUsers(ctx.tx, owner(ctx))).length >= SUB_USER_LIMIT) ctx.fail("InvalidParameter.SubUserFull", `An account has at most ${SUB_USER_LIMIT} sub-users.`);
    const consoleLogin = req.ConsoleLogin === 1 ? 1 : 0;
    const password = await consolePassword(ctx, consoleLogin, req.Password);
    const user = await accounts.addUser(ctx.tx, ctx.now(), owner(ctx), {
      name: req.Name,
      policy: null,
      mfaProtectedActions: [],
      remark: req.Remark ?? "",
      consoleLogin,
      phoneNum: req.PhoneNum ?? "",
      countryCode: req.CountryCode ?? "",
      email: req.Email ?? "",
      needResetPassword: req.NeedResetPassword === 1 ? 1 : 0,
      hasPassword: password !== "",
    });
    const key = req.UseApi === 1 ? await accounts.createKey(ctx.tx, ctx.now(), owner(ctx), user.subUin) : null;
    ctx.touch(user.subUin);
    return { Uin: Number(user.subUin), Name: user.name, Password: password, SecretId: key?.secretId ?? "", SecretKey: key?.secretKey ?? "", Uid: userUid(user) };
  },

  async GetUser(ctx, req) {
    const u = await userNamed(ctx, req.Name);
    const info = subAccountInfo(u);
    return {
      Uin: info.Uin,
      Name: info.Name,
      Uid: info.Uid,
      Remark: info.Remark,
      ConsoleLogin: info.ConsoleLogin,
      PhoneNum: info.PhoneNum,
      CountryCode: info.CountryCode,
      Email: info.Email,
      RecentlyLoginIP: "",
      RecentlyLoginTime: "",
    };
  },

  async ListUsers(ctx) {
    return { Data: (await accounts.listUsers(ctx.tx, owner(ctx))).map(subAccountInfo) };
  },

  async UpdateUser(ctx, req) {
    const u = await userNamed(ctx, req.Name);
    const consoleLogin = req.ConsoleLogin === undefined ? u.consoleLogin ?? 0 : req.ConsoleLogin === 1 ? 1 : 0;
    const password = req.Password !== undefined || (consoleLogin === 1 && !u.hasPassword) ? await consolePassword(ctx, consoleLogin, req.Password) : "";
    await accounts.saveUser(ctx.tx, {
      ...u,
      remark: req.Remark ?? u.remark,
      consoleLogin,
      phoneNum: req.PhoneNum ?? u.phoneNum,
      countryCode: req.CountryCode ?? u.countryCode,
      email: req.Email ?? u.email,
      needResetPassword: req.NeedResetPassword ?? u.needResetPassword,
      hasPassword: consoleLogin === 1 && (u.hasPassword || password !== ""),
      updatedAt: ctx.now(),
    });
    ctx.touch(u.subUin);
    return {};
  },

  async DeleteUser(ctx, req) {
    const u = await userNamed(ctx, req.Name);
    const keys = await accounts.listKeys(ctx.tx, u.uin, u.subUin);
    if (keys.length && req.Force !== 1) ctx.fail("OperationDenied.HaveKeys", `The sub-user ${u.name} still has API keys; delete them first or pass Force=1.`);
    for (const g of await groups.of(ctx.tx, u.uin, u.subUin)) await groups.save(ctx.tx, { ...g, members: g.members.filter((m) => m.subUin !== u.subUin) });
    await policies.detachAll(ctx.tx, u.uin, "user", u.subUin);
    await accounts.deleteUser(ctx.tx, u);
    ctx.touch(u.subUin);
    return {};
  },

  async DescribeSubAccounts(ctx, req) {
    if (req.FilterSubAccountUin.length > 50) ctx.fail("InvalidParameter", "FilterSubAccountUin holds at most 50 Uins.");
    const out = [];
    for (const uin of req.FilterSubAccountUin) {
      const u = await accounts.getUser(ctx.tx, String(uin));
      if (!u || u.uin !== owner(ctx)) continue;
      out.push({ Uin: Number(u.subUin), Name: u.name, Uid: userUid(u), Remark: u.remark ?? "", CreateTime: dateTime(u.createdAt), UserType: 2, LastLoginIp: "", LastLoginTime: "" });
    }
    return { SubAccounts: out };
  },

  async ListAccounts(ctx, req) {
    const max = req.MaxItems ?? 100;
    if (!Number.isInteger(max) || max < 1 || max > 100) ctx.fail("InvalidParameter", "MaxItems must be between 1 and 100.");
    const start = req.Marker ? Number(req.Marker) : 0;
    if (!Number.isInteger(start) || start < 0) ctx.fail("InvalidParameter.PaginationTokenInvalid", "The Marker is not one this API returned.");
    const account = await ctx.account();
    const all = [
      { Uin: Number(account.uin), Name: account.uin, Uid: 0, Remark: "", ConsoleLogin: 1, PhoneNum: "", CountryCode: "", Email: "", CreateTime: dateTime(account.createdAt), UserType: "Owner" },
      ...(await accounts.listUsers(ctx.tx, owner(ctx))).map((u) => ({ ...subAccountInfo(u), UserType: "SubUser" })).map(({ NickName: _n, ...rest }) => rest),
      ...(await receivers.list(ctx)).map((r) => ({ Uin: 0, Name: r.name, Uid: r.uid, Remark: r.remark, ConsoleLogin: 0, PhoneNum: r.phoneNumber, CountryCode: r.countryCode, Email: r.email, CreateTime: dateTime(r.createdAt), UserType: "MessageReceiver" })),
    ].filter((u) => !req.UserType || u.UserType === req.UserType);
    const slice = all.slice(start, start + max);
    const truncated = start + max < all.length;
    return { Users: slice, Marker: truncated ? String(start + max) : "", IsTruncated: truncated };
  },

  // Collaborators and WeChat Work sub-users join through invitations and WeChat Work, neither of which the API
  // (or tclocal) creates: the lists are truthfully empty.
  ListCollaborators() {
    return { TotalNum: 0, Data: [] };
  },

  ListWeChatWorkSubAccounts() {
    return { Data: [], TotalCount: 0 };
  },

  async GetUserAppId(ctx) {
    const account = await ctx.account();
    return { Uin: ctx.caller.subUin ?? account.uin, OwnerUin: account.uin, AppId: account.appId };
  },
};
