import { accounts, type ApiKey } from "../../platform/accounts";
import { formatDate } from "../../platform/clock";
import { dateTime, idText, NULL, owner, userByUin, type CamHandlers, type Ctx } from "./common";

/**
 * API keys (access keys) of the root account and its sub-users: the same keys the gateway verifies, so a key
 * disabled here (UpdateAccessKey Inactive) answers AuthFailure.SecretIdNotFound on its next call.
 */

/** "每个账号最多支持两个AccessKey" (OperationDenied.AccessKeyOverLimit). */
export const KEYS_PER_IDENTITY = 2;

const DESCRIPTION = /^[\w+=,.@:/-]{1,1024}$/;

/** Whose keys a call manages: TargetUin (root or a sub-user) or, without it, the caller's own identity. */
async function keyOwner(ctx: Ctx, targetUin: number | bigint | undefined): Promise<string | null> {
  const target = idText(targetUin);
  if (!target) {
    if (ctx.caller.role) ctx.fail("InvalidParameter.ParamError", "A role session has no access keys of its own: give TargetUin.");
    return ctx.caller.subUin;
  }
  if (target === owner(ctx)) {
    if (ctx.caller.subUin) ctx.fail("OperationDenied.SubUin", "A sub-user may not manage the root account's keys.");
    return null;
  }
  const user = await userByUin(ctx, target);
  if (!user) return ctx.fail("InvalidParameter.UserNotExist", `The user ${target} does not exist.`);
  return user.subUin;
}

/** A key of that identity: ResourceNotFound.SecretNotExist, or OperationDenied.UinNotMatch for someone else's. */
async function keyOf(ctx: Ctx, secretId: string, subUin: string | null): Promise<ApiKey> {
  const key = await accounts.getKey(ctx.tx, secretId);
  if (!key || key.uin !== owner(ctx)) ctx.fail("ResourceNotFound.SecretNotExist", `The access key ${secretId} does not exist.`);
  if (key.subUin !== subUin) ctx.fail("OperationDenied.UinNotMatch", `The access key ${secretId} does not belong to this user.`);
  return key;
}

const status = (k: ApiKey) => (k.enabled ? "Active" : "Inactive");

export const keyHandlers: CamHandlers = {
  async CreateAccessKey(ctx, req) {
    if (req.Description !== undefined && !DESCRIPTION.test(req.Description)) {
      ctx.fail("InvalidParameter.ParamError", "Description must be 1-1024 characters of letters, digits and =,.@:/-_.");
    }
    const subUin = await keyOwner(ctx, req.TargetUin);
    if ((await accounts.listKeys(ctx.tx, owner(ctx), subUin)).length >= KEYS_PER_IDENTITY) {
      ctx.fail("OperationDenied.AccessKeyOverLimit", `An identity has at most ${KEYS_PER_IDENTITY} access keys.`);
    }
    const key = await accounts.createKey(ctx.tx, ctx.now(), owner(ctx), subUin, req.Description);
    ctx.touch(key.secretId);
    return {
      AccessKey: { AccessKeyId: key.secretId, SecretAccessKey: key.secretKey, Status: "Active", CreateTime: dateTime(key.createdAt), Description: req.Description ?? "" },
    };
  },

  async ListAccessKeys(ctx, req) {
    const subUin = await keyOwner(ctx, req.TargetUin);
    const keys = await accounts.listKeys(ctx.tx, owner(ctx), subUin);
    return { AccessKeys: keys.map((k) => ({ AccessKeyId: k.secretId, Status: status(k), CreateTime: dateTime(k.createdAt), Description: k.description ?? "" })) };
  },

  async UpdateAccessKey(ctx, req) {
    if (req.Status !== "Active" && req.Status !== "Inactive") ctx.fail("InvalidParameter.ParamError", "Status must be Active or Inactive.");
    const key = await keyOf(ctx, req.AccessKeyId, await keyOwner(ctx, req.TargetUin));
    await accounts.setKeyEnabled(ctx.tx, key.secretId, req.Status === "Active");
    ctx.touch(key.secretId);
    return {};
  },

  async DeleteAccessKey(ctx, req) {
    const key = await keyOf(ctx, req.AccessKeyId, await keyOwner(ctx, req.TargetUin));
    await accounts.deleteKey(ctx.tx, key.secretId);
    ctx.touch(key.secretId);
    return {};
  },

  /** When each key last signed a call that reached tclocal, from the audit trail. */
  async GetSecurityLastUsed(ctx, req) {
    if (req.SecretIdList.length === 0 || req.SecretIdList.length > 10) ctx.fail("InvalidParameter", "SecretIdList holds 1-10 SecretIds.");
    const rows = [];
    for (const secretId of req.SecretIdList) {
      const key = await accounts.getKey(ctx.tx, secretId);
      if (!key || key.uin !== owner(ctx)) ctx.fail("InvalidParameter", `The access key ${secretId} does not exist.`);
      const last = await lastUse(ctx, secretId);
      rows.push({ SecretId: secretId, LastUsedDate: last === null ? NULL : formatDate(last), LastSecretUsedDate: last ?? NULL });
    }
    return { SecretIdLastUsedRows: rows };
  },
};

/** The newest audited call made with the key, epoch ms, or null (the trail keeps 90 days). */
async function lastUse(ctx: Ctx, secretId: string): Promise<number | null> {
  let before: number | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const rows = await ctx.tx.queryAudit({ account: owner(ctx), limit: 500, ...(before !== undefined ? { beforeSeq: before } : {}) });
    const hit = rows.find((r) => r.secretId === secretId && r.errorCode === null);
    if (hit) return hit.time;
    if (rows.length < 500) return null;
    before = rows[rows.length - 1].seq;
  }
  return null;
}
