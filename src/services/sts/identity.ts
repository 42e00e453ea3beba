import { accounts } from "../../platform/accounts";
import type { StsHandlers } from "./common";

/**
 * Who is calling (GetCallerIdentity), in the documented forms: a sub-user is `CAMUser` with
 * Arn qcs::cam:<owner>:uin/<subUin>; a role session is `CAMRole` with Arn qcs::sts:<owner>:assumed-role/<roleId>
 * and UserId <roleId>:<session>; a federation token is `CAMUser` with Arn qcs::sts:<owner>:federated-user/<uin>
 * and UserId <uin>:<name>. The reference shows no root form: tclocal answers Type `Root` with
 * Arn qcs::cam:<uin>:uin/<uin> (the sub-user form with the owner in both places), documented in
 * docs/services/cam.md.
 */
export const identityHandlers: StsHandlers = {
  GetCallerIdentity(ctx) {
    const c = ctx.caller;
    if (c.role) {
      return {
        Type: "CAMRole",
        AccountId: c.uin,
        UserId: `${c.role.roleId}:${c.role.sessionName}`,
        PrincipalId: c.principalUin ?? c.uin,
        Arn: `qcs::sts:${c.uin}:assumed-role/${c.role.roleId}`,
      };
    }
    const self = c.subUin ?? c.uin;
    if (c.federatedName) {
      return { Type: "CAMUser", AccountId: c.uin, UserId: `${self}:${c.federatedName}`, PrincipalId: self, Arn: `qcs::sts:${c.uin}:federated-user/${self}` };
    }
    return { Type: c.subUin ? "CAMUser" : "Root", AccountId: c.uin, UserId: self, PrincipalId: self, Arn: `qcs::cam:${c.uin}:uin/${self}` };
  },

  async QueryApiKey(ctx, req) {
    const target = req.TargetUin === undefined ? ctx.caller.subUin ?? ctx.caller.uin : String(req.TargetUin);
    let subUin: string | null = null;
    if (target !== ctx.caller.uin) {
      const user = await accounts.getUser(ctx.tx, target);
      if (!user || user.uin !== ctx.caller.uin) return ctx.fail("InvalidParameter.ParamError", `${target} is neither this account nor one of its sub-users.`);
      subUin = user.subUin;
    }
    const keys = await accounts.listKeys(ctx.tx, ctx.caller.uin, subUin);
    // Status: 2 valid, 3 disabled (4 deleted: a deleted key is gone from tclocal).
    return { IdKeys: keys.map((k) => ({ SecretId: k.secretId, CreateTime: Math.floor(k.createdAt / 1000), Status: k.enabled ? 2 : 3 })) };
  },
};
