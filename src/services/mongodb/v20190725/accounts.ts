import type { Auth } from "tencentcloud-sdk-nodejs/tencentcloud/services/mongodb/v20190725/mongodb_models";
import { formatDateTime } from "../../../platform/clock";
import { ADMIN_USER, deleteUser, findUser, listUsers, passwordMatches, saveUser, setUserPassword, type AccountUser } from "../accounts";
import { nextId } from "../billing";
import { startTask } from "../instance";
import { recordAsyncRequest } from "../orders";
import { passwordProblem } from "../rules";
import { active, existing, sideRequest, type Ctx, type H } from "./common";

/**
 * Accounts and their privileges (CreateAccountUser, SetAccountUserPrivilege, DeleteAccountUser,
 * DescribeAccountUsers) and password resets. Account changes are flows that finish on the clock; a password
 * reset is an async request (DescribeAsyncRequestInfo) that locks the instance for its 10 seconds, as
 * 2018-04-08's SetPassword does.
 */

const USER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** Accounts the service keeps for itself. */
const RESERVED = new Set([ADMIN_USER, "root", "admin", "__system", "mongouser_monitor"]);
const ACCOUNT_FLOW_SECONDS = 5;

function checkRoles(ctx: Ctx, roles: Auth[]): { Mask: number; NameSpace: string }[] {
  for (const r of roles) {
    if (![0, 1, 3].includes(Number(r.Mask))) ctx.fail("InvalidParameter", { en: `Mask ${r.Mask} is not 0 (none), 1 (read) or 3 (read-write).`, zh: `权限 Mask ${r.Mask} 错误：0（无权限）、1（只读）或 3（读写）。` });
    if (r.NameSpace !== "*" && !/^[^\s$/\\."*<>:|?]{1,64}$/.test(r.NameSpace)) {
      ctx.fail("InvalidParameter", { en: `NameSpace \`${r.NameSpace}\` is neither * nor a database name.`, zh: `NameSpace \`${r.NameSpace}\` 须为 * 或数据库名。` });
    }
  }
  return roles.map((r) => ({ Mask: Number(r.Mask), NameSpace: r.NameSpace }));
}

function checkMongoUserPassword(ctx: Ctx, admin: AccountUser | undefined, given: string | undefined): void {
  if (given !== undefined && admin && !passwordMatches(admin, given)) {
    ctx.fail("InternalError.PasswordError", { en: "MongoUserPassword is not the password of mongouser.", zh: "password与原先记录的password不同。" });
  }
}

export const createAccountUser: H<"CreateAccountUser"> = async (ctx, req) => {
  const { inst, phase } = await active(ctx, req.InstanceId);
  if (phase === "creating") ctx.fail("InvalidParameter", { en: `The instance ${inst.InstanceId} is being created.`, zh: `实例 ${inst.InstanceId} 正在创建中。` });
  if (!USER_NAME.test(req.UserName)) ctx.fail("InvalidParameter", { en: `The account name \`${req.UserName}\` is invalid: 1 to 64 letters, digits, _ and -, starting with a letter.`, zh: `账号名称 \`${req.UserName}\` 不合法。` });
  if (RESERVED.has(req.UserName)) ctx.fail("InvalidParameter", { en: `\`${req.UserName}\` is an account the service keeps.`, zh: `账号 \`${req.UserName}\` 为系统保留账号。` });
  if (await findUser(ctx, inst.InstanceId, req.UserName)) ctx.fail("InvalidParameter", { en: `The account ${req.UserName} already exists.`, zh: `账号 ${req.UserName} 已存在。` });
  const problem = passwordProblem(req.Password);
  if (problem) ctx.fail("InvalidParameter", problem);
  checkMongoUserPassword(ctx, await findUser(ctx, inst.InstanceId, ADMIN_USER), req.MongoUserPassword);
  const roles = checkRoles(ctx, req.AuthRole ?? []);
  await setUserPassword(ctx, inst.InstanceId, req.UserName, req.Password);
  const u = (await findUser(ctx, inst.InstanceId, req.UserName))!;
  await saveUser(ctx, { ...u, desc: req.UserDesc ?? "", roles });
  return { FlowId: await sideRequest(ctx, "account", inst.InstanceId, ACCOUNT_FLOW_SECONDS) };
};

async function customUser(ctx: Ctx, instanceId: string, userName: string): Promise<AccountUser> {
  const u = await findUser(ctx, instanceId, userName);
  if (!u) ctx.fail("InvalidParameter", { en: `The account ${userName} does not exist on ${instanceId}.`, zh: `实例 ${instanceId} 不存在账号 ${userName}。` });
  return u;
}

export const setAccountUserPrivilege: H<"SetAccountUserPrivilege"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  const u = await customUser(ctx, inst.InstanceId, req.UserName);
  if (u.userName === ADMIN_USER) ctx.fail("InvalidParameter", { en: "mongouser keeps its privileges.", zh: "mongouser 账号的权限不可修改。" });
  const roles = checkRoles(ctx, req.AuthRole);
  await saveUser(ctx, { ...u, roles, updatedAt: ctx.now() });
  return { FlowId: await sideRequest(ctx, "account", inst.InstanceId, ACCOUNT_FLOW_SECONDS) };
};

export const deleteAccountUser: H<"DeleteAccountUser"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  const u = await findUser(ctx, inst.InstanceId, req.UserName);
  if (!u || u.userName === ADMIN_USER) {
    ctx.fail("InvalidParameterValue.UserNotFound", { en: `The custom account ${req.UserName} does not exist on ${inst.InstanceId}.`, zh: `实例 ${inst.InstanceId} 不存在自定义账号 ${req.UserName}。` });
  }
  checkMongoUserPassword(ctx, await findUser(ctx, inst.InstanceId, ADMIN_USER), req.MongoUserPassword);
  await deleteUser(ctx, inst.InstanceId, req.UserName);
  return { FlowId: await sideRequest(ctx, "account", inst.InstanceId, ACCOUNT_FLOW_SECONDS) };
};

export const describeAccountUsers: H<"DescribeAccountUsers"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  const users = (await listUsers(ctx, inst.InstanceId)).sort((a, b) => a.createdAt - b.createdAt || a.userName.localeCompare(b.userName));
  return {
    Users: users.map((u) => ({
      UserName: u.userName,
      AuthRole: u.roles,
      CreateTime: formatDateTime(u.createdAt),
      UpdateTime: formatDateTime(u.updatedAt),
      UserDesc: u.desc,
      ConsolePassUpdateTime: formatDateTime(u.passwordAt),
    })),
  };
};

export const resetDBInstancePassword: H<"ResetDBInstancePassword"> = async (ctx, req) => {
  const found = await existing(ctx, req.InstanceId);
  if (found.phase === "isolated" || found.phase === "expired") {
    ctx.fail("InvalidParameterValue.IllegalInstanceStatus", { en: `The instance ${req.InstanceId} is isolated.`, zh: `实例 ${req.InstanceId} 已隔离，非法的实例状态。` });
  }
  if (found.phase === "creating") ctx.fail("InvalidParameterValue.StatusAbnormal", { en: `The instance ${req.InstanceId} is being created.`, zh: `实例 ${req.InstanceId} 正在创建中。` });
  if (found.phase !== "running") ctx.fail("InvalidParameterValue.LockFailed", { en: `The instance ${req.InstanceId} is busy; retry later.`, zh: `实例 ${req.InstanceId} 有任务正在执行，实例锁定失败。` });
  const { inst } = found;
  const user = await findUser(ctx, inst.InstanceId, req.UserName);
  // mongouser exists once the instance has a password; an instance bought without one gets it initialized here.
  if (!user && req.UserName !== ADMIN_USER) {
    ctx.fail("InvalidParameterValue.UserNotFound", { en: `The account ${req.UserName} does not exist on ${inst.InstanceId}.`, zh: `实例 ${inst.InstanceId} 不存在账户 ${req.UserName}。` });
  }
  const problem = passwordProblem(req.Password);
  if (problem) ctx.fail("InvalidParameterValue.PasswordRuleFailed", problem);
  await setUserPassword(ctx, inst.InstanceId, req.UserName, req.Password);
  const id = String(await nextId(ctx, "async"));
  const next = await startTask(ctx, inst, "password", id);
  await recordAsyncRequest(ctx, { id, kind: "password", instanceId: inst.InstanceId, startedAt: ctx.now(), endsAt: next.task!.endsAt });
  return { AsyncRequestId: id };
};
