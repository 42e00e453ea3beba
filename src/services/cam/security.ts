import { isIP } from "node:net";
import { accounts, type MfaFlags } from "../../platform/accounts";
import { groups } from "../../platform/identity/groups";
import { policies } from "../../platform/identity/policies";
import { roles } from "../../platform/identity/roles";
import { camDocs, dateTime, owner, userByUin, type CamHandlers, type Ctx } from "./common";
import { identityProviders } from "./provider-model";
import { flagView, NO_MFA, passwordRules, savePasswordRules } from "./security-model";

/** Second factors, password rules, login IP policies and the account summary. */

const OFFSITE = { VerifyFlag: 0, NotifyPhone: 0, NotifyEmail: 0, NotifyWechat: 0, Tips: 0 };

interface RootFlags {
  loginFlag: MfaFlags;
  actionFlag: MfaFlags;
}

async function flagsOf(ctx: Ctx, subUin: string | null): Promise<RootFlags> {
  if (subUin) {
    const user = await userByUin(ctx, subUin);
    if (!user) return ctx.fail("ResourceNotFound.UserNotExist", `The sub-user ${subUin} does not exist.`);
    return { loginFlag: user.loginFlag ?? NO_MFA, actionFlag: user.actionFlag ?? NO_MFA };
  }
  return (await camDocs<RootFlags>(ctx, "settings").get("root-mfa-flags")) ?? { loginFlag: NO_MFA, actionFlag: NO_MFA };
}

function flags(input: { Phone?: number; Stoken?: number; Wechat?: number } | undefined, current: MfaFlags): MfaFlags {
  if (!input) return current;
  const bit = (v: number | undefined, was: number) => (v === undefined ? was : v === 1 ? 1 : 0);
  return { phone: bit(input.Phone, current.phone), stoken: bit(input.Stoken, current.stoken), wechat: bit(input.Wechat, current.wechat), custom: current.custom };
}

interface IpPolicyEntry {
  ip: string;
  effect: "Allow" | "Deny";
}

export const securityHandlers: CamHandlers = {
  async SetMfaFlag(ctx, req) {
    const subUin = req.OpUin !== undefined ? String(req.OpUin) : ctx.caller.subUin;
    const current = await flagsOf(ctx, subUin);
    const next: RootFlags = { loginFlag: flags(req.LoginFlag, current.loginFlag), actionFlag: flags(req.ActionFlag, current.actionFlag) };
    const user = subUin ? await userByUin(ctx, subUin) : undefined;
    for (const f of [next.loginFlag, next.actionFlag]) {
      if (f.phone && !(user ? user.phoneNum : "x")) ctx.fail("FailedOperation.UserNotBindPhone", "The user has no phone number to verify with.");
      // tclocal binds no WeChat accounts.
      if (f.wechat) ctx.fail("FailedOperation.UserNotBindWechat", "The user has no WeChat account bound.");
    }
    if (user) await accounts.saveUser(ctx.tx, { ...user, loginFlag: next.loginFlag, actionFlag: next.actionFlag });
    else await camDocs<RootFlags>(ctx, "settings").put("root-mfa-flags", next);
    ctx.touch(subUin ?? owner(ctx));
    return {};
  },

  async DescribeSafeAuthFlag(ctx) {
    const f = await flagsOf(ctx, ctx.caller.subUin);
    return { LoginFlag: flagView(f.loginFlag), ActionFlag: flagView(f.actionFlag), OffsiteFlag: OFFSITE, PromptTrust: 0 };
  },

  async DescribeSafeAuthFlagColl(ctx, req) {
    const f = await flagsOf(ctx, String(req.SubUin));
    return { LoginFlag: flagView(f.loginFlag), ActionFlag: flagView(f.actionFlag), OffsiteFlag: OFFSITE, PromptTrust: 0 };
  },

  async DescribeSafeAuthFlagIntl(ctx) {
    const f = await flagsOf(ctx, ctx.caller.subUin);
    return { LoginFlag: flagView(f.loginFlag), ActionFlag: flagView(f.actionFlag), OffsiteFlag: OFFSITE };
  },

  async GetPasswordRules(ctx) {
    const r = await passwordRules(ctx);
    return {
      Rules: {
        MinimumLength: r.minimumLength,
        MustContain: r.mustContain,
        ForcePasswordChange: r.forcePasswordChange,
        ReusePasswordLimit: r.reusePasswordLimit,
        RetryPasswordLimit: r.retryPasswordLimit,
        PasswordExpirationInvalidation: r.passwordExpirationInvalidation,
      },
      UpdateTime: r.updatedAt === null ? "" : dateTime(r.updatedAt),
      Modifier: r.modifier,
    };
  },

  async UpdatePasswordRules(ctx, req) {
    const r = req.Rules;
    const current = await passwordRules(ctx);
    const next = {
      minimumLength: r.MinimumLength ?? current.minimumLength,
      mustContain: r.MustContain ?? current.mustContain,
      forcePasswordChange: r.ForcePasswordChange ?? current.forcePasswordChange,
      reusePasswordLimit: r.ReusePasswordLimit ?? current.reusePasswordLimit,
      retryPasswordLimit: r.RetryPasswordLimit ?? current.retryPasswordLimit,
      passwordExpirationInvalidation: r.PasswordExpirationInvalidation ?? current.passwordExpirationInvalidation,
      updatedAt: ctx.now(),
      modifier: ctx.caller.subUin ?? owner(ctx),
    };
    const ok =
      Number.isInteger(next.minimumLength) && next.minimumLength >= 8 && next.minimumLength <= 32 &&
      /^[Aa1!]*$/.test(next.mustContain) &&
      [next.forcePasswordChange, next.reusePasswordLimit, next.retryPasswordLimit].every((n) => Number.isInteger(n) && n >= 0 && n <= 365) &&
      [1, 2].includes(next.passwordExpirationInvalidation);
    if (!ok) return ctx.fail("InvalidParameter.PasswordRuleError", "MinimumLength 8-32, MustContain letters of A a 1 !, limits 0-365, PasswordExpirationInvalidation 1 or 2.");
    await savePasswordRules(ctx, next);
    return {};
  },

  /** Console login IP rules: kept and validated; the API itself is not a console login, so they do not gate calls. */
  async CreateSubAccountLoginIpPolicy(ctx, req) {
    const entries: IpPolicyEntry[] = [];
    for (const p of req.IpPolicies ?? []) {
      const [net, bits] = p.IP.split("/");
      const family = isIP(net);
      const max = family === 4 ? 32 : 128;
      if (!family || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max))) ctx.fail("InvalidParameter.IPIllegal", `${p.IP} is not an IP address or range.`);
      const effect = p.Effect.toLowerCase();
      if (effect !== "allow" && effect !== "deny") ctx.fail("InvalidParameter.EffectError", "Effect must be Allow or Deny.");
      if (entries.some((e) => e.ip === p.IP)) ctx.fail("InvalidParameter.IPRangeOverlapping", `${p.IP} is given twice.`);
      entries.push({ ip: p.IP, effect: effect === "allow" ? "Allow" : "Deny" });
    }
    if (req.ApproverType !== undefined && !["Owner", "Admin", "Assistant", "SubUser"].includes(req.ApproverType)) {
      ctx.fail("InvalidParameter.AssitApproverTypeError", "ApproverType is not a known approver type.");
    }
    await camDocs<{ entries: IpPolicyEntry[]; disabled: boolean }>(ctx, "settings").put("login-ip-policy", { entries, disabled: req.DisablePolicy === 1 });
    return {};
  },

  // Custom MFA tokens come from the console's custom second-factor flow, which tclocal does not run: no token
  // exists, so every token is refused the way CAM refuses an unknown one.
  ConsumeCustomMFAToken(ctx) {
    return ctx.fail("InvalidParameter.MFATokenError", "The MFA token is not valid.");
  },

  GetCustomMFATokenInfo(ctx) {
    return ctx.fail("InvalidParameter.MFATokenError", "The MFA token is not valid.");
  },

  // Data-flow authentication (database logins with CAM credentials) is enabled per resource in the console;
  // no resource in tclocal has it, as CAM answers for such a resource.
  BuildDataFlowAuthToken(ctx) {
    return ctx.fail("ResourceNotFound.DataFlowAuthClose", "CAM data-flow authentication is not enabled for this resource.");
  },

  async GetAccountSummary(ctx) {
    const uin = owner(ctx);
    const all = await groups.list(ctx.tx, uin);
    const providers = await identityProviders.counts(ctx);
    return {
      Policies: (await policies.listCustom(ctx.tx, uin)).length,
      Roles: await roles.count(ctx.tx, uin),
      Idps: providers.saml,
      User: (await accounts.listUsers(ctx.tx, uin)).length,
      Group: all.length,
      Member: all.reduce((n, g) => n + g.members.length, 0),
      IdentityProviders: providers.saml + providers.oidc,
    };
  },
};

