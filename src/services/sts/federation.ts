import type { JsonWebKey } from "node:crypto";
import { accounts } from "../../platform/accounts";
import { oidcProviderOf, samlProviderOf } from "../cam/for-products";
import { checkSessionName, credentialsResponse, duration, LIMITS, roleOfArn, trusts, type Ctx, type StsHandlers } from "./common";
import { readAssertion } from "./saml-assertion";
import { verifyIdToken } from "./web-identity";

/**
 * Role sessions for federated identities: a SAML assertion or an OIDC ID token, called unsigned
 * ("Authorization 需要传入值 SKIP"). The role's account is the one its ARN names; the identity provider must be
 * that account's, and the role's trust policy must name it (principal.federated) for the action.
 */

const SAML_PROVIDER = /^qcs::cam::uin\/(\d+):saml-provider\/([\w+=,.@-]+)$/;

function jwksOf(base64: string): JsonWebKey[] {
  try {
    const parsed = JSON.parse(Buffer.from(base64, "base64").toString("utf8")) as { keys?: JsonWebKey[] } & JsonWebKey;
    return Array.isArray(parsed.keys) ? parsed.keys : [parsed];
  } catch {
    return [];
  }
}

async function issue(ctx: Ctx, roleUin: string, roleId: string, sessionName: string, seconds: number, principal: string) {
  const cred = await accounts.issueCredential(ctx.tx, ctx.now(), {
    uin: roleUin,
    subUin: null,
    durationSeconds: seconds,
    policy: null,
    mfa: false,
    roleId,
    roleSessionName: sessionName,
    principalUin: principal,
  });
  ctx.touch(roleId);
  return credentialsResponse(cred);
}

export const federationHandlers: StsHandlers = {
  async AssumeRoleWithSAML(ctx, req) {
    checkSessionName(ctx, req.RoleSessionName);
    const role = await roleOfArn(ctx, req.RoleArn);
    const seconds = duration(ctx, req.DurationSeconds, Math.min(LIMITS.roleDefault, role.sessionDuration || LIMITS.roleMax), role.sessionDuration || LIMITS.roleMax);
    const m = SAML_PROVIDER.exec(req.PrincipalArn);
    if (!m || m[1] !== role.uin) return ctx.fail("InvalidParameter.ParamError", "PrincipalArn must be qcs::cam::uin/<the role's account>:saml-provider/<name>.");
    const provider = await samlProviderOf(ctx, role.uin, m[2]);
    if (!provider) return ctx.fail("InvalidParameter.ParamError", `The SAML provider ${m[2]} does not exist.`);
    const claims = readAssertion(req.SAMLAssertion, provider, ctx.now());
    if (typeof claims === "string") return ctx.fail("InvalidParameter.ParamError", `SAMLAssertion: ${claims}.`);
    const pairs = claims.roles.map((r) => r.split(",").map((x) => x.trim()));
    if (!pairs.some(([a, b]) => (a === req.RoleArn && b === req.PrincipalArn) || (b === req.RoleArn && a === req.PrincipalArn))) {
      ctx.fail("UnauthorizedOperation", "The assertion's Role attribute does not grant this role with this provider.");
    }
    const context = { "saml:sub": claims.subject, "saml:iss": claims.issuer };
    if (!trusts(role, "sts:AssumeRoleWithSAML", { uin: role.uin, federated: req.PrincipalArn }, context)) {
      ctx.fail("UnauthorizedOperation", `The trust policy of role ${role.roleName} does not name ${req.PrincipalArn}.`);
    }
    return issue(ctx, role.uin, role.roleId, req.RoleSessionName, seconds, role.uin);
  },

  async AssumeRoleWithWebIdentity(ctx, req) {
    checkSessionName(ctx, req.RoleSessionName);
    const role = await roleOfArn(ctx, req.RoleArn);
    const seconds = duration(ctx, req.DurationSeconds, Math.min(LIMITS.roleDefault, role.sessionDuration || LIMITS.roleMax), role.sessionDuration || LIMITS.roleMax);
    const provider = await oidcProviderOf(ctx, role.uin, req.ProviderId);
    if (!provider) return ctx.fail("InvalidParameter.ParamError", `The OIDC provider ${req.ProviderId} does not exist in account ${role.uin}.`);
    const token = verifyIdToken(req.WebIdentityToken, { identityUrl: provider.identityUrl, clientIds: provider.clientIds, jwks: jwksOf(provider.identityKey) }, ctx.now());
    if (typeof token === "string") return ctx.fail("InvalidParameter.WebIdentityTokenError", `WebIdentityToken: ${token}.`);
    const federated = `qcs::cam::uin/${role.uin}:oidc-provider/${provider.name}`;
    const context = { "oidc:iss": token.iss, "oidc:sub": token.sub, "oidc:aud": token.aud };
    if (!trusts(role, "sts:AssumeRoleWithWebIdentity", { uin: role.uin, federated }, context)) {
      ctx.fail("UnauthorizedOperation", `The trust policy of role ${role.roleName} does not name ${federated}.`);
    }
    return issue(ctx, role.uin, role.roleId, req.RoleSessionName, seconds, role.uin);
  },
};
