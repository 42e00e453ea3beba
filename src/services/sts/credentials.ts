import { accounts, type MfaDevice } from "../../platform/accounts";
import { checkMfaCode, parseMfaSerial } from "../../platform/identity/mfa";
import {
  checkSessionName,
  credentialsResponse,
  duration,
  LIMITS,
  roleOfArn,
  sessionPolicy,
  sessionTags,
  trusts,
  type Ctx,
  type StsHandlers,
} from "./common";

/** Temporary credentials for the caller's own identity (GetFederationToken, GetSessionToken) or a role (AssumeRole). */

/** The caller's virtual MFA device: a sub-user's, or the root account's. */
async function mfaDevice(ctx: Ctx): Promise<MfaDevice | null> {
  if (ctx.caller.subUin) return (await accounts.getUser(ctx.tx, ctx.caller.subUin))?.mfaDevice ?? null;
  return (await accounts.get(ctx.tx, ctx.caller.uin))?.mfaDevice ?? null;
}

/** Checks SerialNumber and TokenCode against the caller's soft token, at the emulator's time. */
async function verifyMfa(ctx: Ctx, serial: string, code: string): Promise<void> {
  const parsed = parseMfaSerial(serial);
  if (!parsed) return ctx.fail("InvalidParameter.ParamError", "SerialNumber must be qcs::cam:uin/<uin>::mfa/softToken.");
  if (parsed.type !== "softToken") ctx.fail("FailedOperation.MFATypeNotSupported", `The MFA type ${parsed.type} is not supported; use softToken.`);
  if (parsed.uin !== ctx.caller.uin && parsed.uin !== ctx.caller.subUin) ctx.fail("FailedOperation.CheckMFAError", "The MFA device does not belong to the caller.");
  const device = await mfaDevice(ctx);
  if (!device || !checkMfaCode(device, code, ctx.now())) ctx.fail("FailedOperation.CheckMFAError", "The MFA code is wrong or the caller has no virtual MFA device.");
}

export const credentialHandlers: StsHandlers = {
  async AssumeRole(ctx, req) {
    checkSessionName(ctx, req.RoleSessionName);
    if (req.ExternalId !== undefined && !/^[\w+=,.@:/-]{2,128}$/.test(req.ExternalId)) ctx.fail("InvalidParameter.ParamError", "ExternalId must be 2-128 characters of letters, digits and =,.@:/-_.");
    const tags = sessionTags(ctx, req.Tags);
    const policy = sessionPolicy(ctx, req.Policy);
    const role = await roleOfArn(ctx, req.RoleArn);
    const seconds = duration(ctx, req.DurationSeconds, Math.min(LIMITS.roleDefault, role.sessionDuration || LIMITS.roleMax), role.sessionDuration || LIMITS.roleMax);
    let mfa = ctx.caller.mfa;
    if (req.SerialNumber !== undefined || req.TokenCode !== undefined) {
      await verifyMfa(ctx, req.SerialNumber ?? "", req.TokenCode ?? "");
      mfa = true;
    }
    const caller = ctx.caller;
    const principal = caller.role
      ? { uin: caller.uin, roleId: caller.role.roleId, roleName: caller.role.roleName }
      : { uin: caller.uin, subUin: caller.subUin };
    const context = { ...caller.context, "qcs:mfa": String(mfa), "sts:external_id": req.ExternalId, "qcs:request_tag": tags.length ? tags : undefined };
    if (!trusts(role, "sts:AssumeRole", principal, context)) {
      ctx.fail("UnauthorizedOperation", `The trust policy of role ${role.roleName} does not let ${caller.subUin ?? caller.uin} assume it.`);
    }
    const cred = await accounts.issueCredential(ctx.tx, ctx.now(), {
      uin: role.uin,
      subUin: null,
      durationSeconds: seconds,
      policy,
      mfa,
      roleId: role.roleId,
      roleSessionName: req.RoleSessionName,
      principalUin: caller.subUin ?? caller.uin,
      tags,
    });
    ctx.touch(role.roleId);
    return credentialsResponse(cred);
  },

  async GetFederationToken(ctx, req) {
    if (ctx.caller.kind === "temporary") ctx.fail("UnsupportedOperation", "GetFederationToken takes a permanent key (此接口仅支持永久密钥调用).");
    if (!/^[\w+=,.@-]{2,32}$/.test(req.Name)) ctx.fail("InvalidParameter.ParamError", "Name must be 2-32 characters of letters, digits and +=,.@_-.");
    const policy = sessionPolicy(ctx, req.Policy);
    if (!policy) return ctx.fail("InvalidParameter.ParamError", "Policy is required.");
    const seconds = duration(ctx, req.DurationSeconds, LIMITS.sessionDefault, ctx.caller.subUin ? LIMITS.subUserMax : LIMITS.rootMax);
    const cred = await accounts.issueCredential(ctx.tx, ctx.now(), {
      uin: ctx.caller.uin,
      subUin: ctx.caller.subUin,
      durationSeconds: seconds,
      policy,
      mfa: false,
      federatedName: req.Name,
      principalUin: ctx.caller.subUin ?? ctx.caller.uin,
    });
    return credentialsResponse(cred);
  },

  async GetSessionToken(ctx, req) {
    if (ctx.caller.kind === "temporary") ctx.fail("FailedOperation.TempKeyNotAllowed", "GetSessionToken takes a permanent key.");
    const seconds = duration(ctx, req.DurationSeconds, LIMITS.sessionDefault, ctx.caller.subUin ? LIMITS.subUserMax : LIMITS.rootMax);
    await verifyMfa(ctx, req.SerialNumber, req.TokenCode);
    const cred = await accounts.issueCredential(ctx.tx, ctx.now(), {
      uin: ctx.caller.uin,
      subUin: ctx.caller.subUin,
      durationSeconds: seconds,
      policy: null,
      mfa: true,
      principalUin: ctx.caller.subUin ?? ctx.caller.uin,
    });
    return credentialsResponse(cred);
  },
};
