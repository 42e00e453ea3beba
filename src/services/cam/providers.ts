import { dateTime, type CamHandlers, type Ctx } from "./common";
import { identityProviders, parseJwks, parseSamlMetadata, PROVIDER_LIMIT, PROVIDER_NAME, type UserSsoConfig } from "./provider-model";

/** SAML providers, role OIDC providers and the account's user SSO configuration. */

async function checkRoom(ctx: Ctx): Promise<void> {
  const { saml, oidc } = await identityProviders.counts(ctx);
  if (saml + oidc >= PROVIDER_LIMIT) ctx.fail("LimitExceeded.IdentityFull", `An account has at most ${PROVIDER_LIMIT} identity providers.`);
}

function checkUrl(ctx: Ctx, url: string): void {
  let ok = false;
  try {
    ok = new URL(url).protocol === "https:";
  } catch {
    ok = false;
  }
  if (!ok) return ctx.fail("InvalidParameterValue.IdentityUrlError", "IdentityUrl must be an https:// URL.");
}

function samlMetadata(ctx: Ctx, doc: string) {
  const parsed = parseSamlMetadata(doc);
  if (!parsed) return ctx.fail("InvalidParameterValue.MetadataError", "SAMLMetadataDocument must be a base64 SAML metadata document (an EntityDescriptor with an entityID).");
  return parsed;
}

async function sso(ctx: Ctx, kind: UserSsoConfig["kind"]): Promise<UserSsoConfig> {
  const config = await identityProviders.userSso(ctx);
  if (!config || config.kind !== kind) ctx.fail("ResourceNotFound.IdentityNotExist", `No user ${kind.toUpperCase()} SSO is configured.`);
  return config;
}

type OidcInput = { IdentityUrl: string; ClientId: string; AuthorizationEndpoint: string; ResponseType: string; ResponseMode: string; MappingFiled: string; IdentityKey: string; Scope?: string[]; Description?: string; AutoRotateKey?: number };

function userOidc(ctx: Ctx, req: OidcInput): NonNullable<UserSsoConfig["oidc"]> {
  checkUrl(ctx, req.IdentityUrl);
  if (!parseJwks(req.IdentityKey)) ctx.fail("InvalidParameterValue.IdentityKeyError", "IdentityKey must be a base64 JWKS.");
  if (req.ResponseType !== "id_token" || !["form_post", "fragment"].includes(req.ResponseMode)) {
    ctx.fail("InvalidParameter", "ResponseType must be id_token and ResponseMode form_post or fragment.");
  }
  return {
    identityUrl: req.IdentityUrl,
    clientId: req.ClientId,
    authorizationEndpoint: req.AuthorizationEndpoint,
    responseType: req.ResponseType,
    responseMode: req.ResponseMode,
    mappingField: req.MappingFiled,
    identityKey: req.IdentityKey,
    scope: req.Scope ?? ["openid"],
    description: req.Description ?? "",
    autoRotateKey: req.AutoRotateKey === 1 ? 1 : 0,
  };
}

export const providerHandlers: CamHandlers = {
  async CreateSAMLProvider(ctx, req) {
    if (!PROVIDER_NAME.test(req.Name)) ctx.fail("InvalidParameterValue.NameError", "Name must be 1-128 characters of letters, digits and +=,.@-_.");
    const parsed = samlMetadata(ctx, req.SAMLMetadataDocument);
    if ((await identityProviders.saml(ctx).has(req.Name)) || (await identityProviders.oidc(ctx).has(req.Name))) {
      ctx.fail("InvalidParameter.IdentityNameInUse", `The identity provider name ${req.Name} is in use.`);
    }
    await checkRoom(ctx);
    await identityProviders.saml(ctx).insert(req.Name, { name: req.Name, description: req.Description, metadata: req.SAMLMetadataDocument, ...parsed, createdAt: ctx.now(), updatedAt: ctx.now() });
    ctx.touch(req.Name);
    return { ProviderArn: `qcs::cam::uin/${ctx.caller.uin}:saml-provider/${req.Name}` };
  },

  async GetSAMLProvider(ctx, req) {
    const p = await identityProviders.saml(ctx).get(req.Name);
    if (!p) return ctx.fail("ResourceNotFound.IdentityNotExist", `The SAML provider ${req.Name} does not exist.`);
    return { Name: p.name, Description: p.description, CreateTime: dateTime(p.createdAt), ModifyTime: dateTime(p.updatedAt), SAMLMetadata: p.metadata };
  },

  async ListSAMLProviders(ctx) {
    const all = await identityProviders.saml(ctx).all();
    return { TotalCount: all.length, SAMLProviderSet: all.map((p) => ({ Name: p.name, Description: p.description, CreateTime: dateTime(p.createdAt), ModifyTime: dateTime(p.updatedAt) })) };
  },

  async UpdateSAMLProvider(ctx, req) {
    const p = await identityProviders.saml(ctx).get(req.Name);
    if (!p) return ctx.fail("ResourceNotFound.IdentityNotExist", `The SAML provider ${req.Name} does not exist.`);
    const parsed = req.SAMLMetadataDocument !== undefined ? samlMetadata(ctx, req.SAMLMetadataDocument) : { entityId: p.entityId, certificates: p.certificates };
    await identityProviders.saml(ctx).update(p.name, { ...p, ...parsed, description: req.Description ?? p.description, metadata: req.SAMLMetadataDocument ?? p.metadata, updatedAt: ctx.now() });
    ctx.touch(p.name);
    return {};
  },

  async DeleteSAMLProvider(ctx, req) {
    if (!(await identityProviders.saml(ctx).delete(req.Name))) ctx.fail("ResourceNotFound.IdentityNotExist", `The SAML provider ${req.Name} does not exist.`);
    ctx.touch(req.Name);
    return {};
  },

  async CreateOIDCConfig(ctx, req) {
    if (!PROVIDER_NAME.test(req.Name)) ctx.fail("InvalidParameterValue.NameError", "Name must be 1-128 characters of letters, digits and +=,.@-_.");
    checkUrl(ctx, req.IdentityUrl);
    if (!parseJwks(req.IdentityKey)) ctx.fail("InvalidParameterValue.MetadataError", "IdentityKey must be a base64 JWKS.");
    if (!req.ClientId.length) return ctx.fail("InvalidParameter", "ClientId must name at least one client.");
    if ((await identityProviders.oidc(ctx).has(req.Name)) || (await identityProviders.saml(ctx).has(req.Name))) {
      ctx.fail("InvalidParameter.IdentityNameInUse", `The identity provider name ${req.Name} is in use.`);
    }
    await checkRoom(ctx);
    await identityProviders.oidc(ctx).insert(req.Name, {
      name: req.Name,
      identityUrl: req.IdentityUrl,
      clientIds: req.ClientId,
      identityKey: req.IdentityKey,
      description: req.Description ?? "",
      autoRotateKey: req.AutoRotateKey === 1 ? 1 : 0,
      createdAt: ctx.now(),
    });
    ctx.touch(req.Name);
    return {};
  },

  async DescribeOIDCConfig(ctx, req) {
    if (!PROVIDER_NAME.test(req.Name)) ctx.fail("InvalidParameterValue.NameError", "Name must be 1-128 characters of letters, digits and +=,.@-_.");
    const p = await identityProviders.oidc(ctx).get(req.Name);
    if (!p) return ctx.fail("ResourceNotFound.IdentityNotExist", `The OIDC provider ${req.Name} does not exist.`);
    return { ProviderType: 11, IdentityUrl: p.identityUrl, IdentityKey: p.identityKey, ClientId: p.clientIds, Status: 11, Description: p.description, Name: p.name, AutoRotateKey: p.autoRotateKey };
  },

  async UpdateOIDCConfig(ctx, req) {
    const p = await identityProviders.oidc(ctx).get(req.Name);
    if (!p) return ctx.fail("ResourceNotFound.IdentityNotExist", `The OIDC provider ${req.Name} does not exist.`);
    checkUrl(ctx, req.IdentityUrl);
    if (!parseJwks(req.IdentityKey)) ctx.fail("InvalidParameterValue.MetadataError", "IdentityKey must be a base64 JWKS.");
    await identityProviders.oidc(ctx).update(p.name, {
      ...p,
      identityUrl: req.IdentityUrl,
      clientIds: req.ClientId,
      identityKey: req.IdentityKey,
      description: req.Description ?? p.description,
      autoRotateKey: req.AutoRotateKey === undefined ? p.autoRotateKey : req.AutoRotateKey === 1 ? 1 : 0,
    });
    ctx.touch(p.name);
    return {};
  },

  async DeleteOIDCConfig(ctx, req) {
    if (!(await identityProviders.oidc(ctx).delete(req.Name))) ctx.fail("ResourceNotFound.IdentityNotExist", `The OIDC provider ${req.Name} does not exist.`);
    ctx.touch(req.Name);
    return {};
  },

  async CreateUserSAMLConfig(ctx, req) {
    samlMetadata(ctx, req.SAMLMetadataDocument);
    if (await identityProviders.userSso(ctx)) ctx.fail("InvalidParameter.IdentityNameInUse", "The account already has a user SSO configuration.");
    await identityProviders.saveUserSso(ctx, { kind: "saml", status: 11, samlMetadata: req.SAMLMetadataDocument, auxiliaryDomain: req.AuxiliaryDomain ?? "" });
    return {};
  },

  async DescribeUserSAMLConfig(ctx) {
    const c = await identityProviders.userSso(ctx);
    if (!c || c.kind !== "saml") return { SAMLMetadata: "", Status: 0, AuxiliaryDomain: "" };
    return { SAMLMetadata: c.samlMetadata ?? "", Status: c.status, AuxiliaryDomain: c.auxiliaryDomain ?? "" };
  },

  async UpdateUserSAMLConfig(ctx, req) {
    const c = await sso(ctx, "saml");
    if (req.Operate === "updateSAML") {
      if (req.SAMLMetadataDocument === undefined) return ctx.fail("InvalidParameterValue.MetadataError", "updateSAML needs SAMLMetadataDocument.");
      samlMetadata(ctx, req.SAMLMetadataDocument);
      await identityProviders.saveUserSso(ctx, { ...c, samlMetadata: req.SAMLMetadataDocument, auxiliaryDomain: req.AuxiliaryDomain ?? c.auxiliaryDomain });
    } else if (req.Operate === "enable" || req.Operate === "disable") {
      await identityProviders.saveUserSso(ctx, { ...c, status: req.Operate === "enable" ? 11 : 2, auxiliaryDomain: req.AuxiliaryDomain ?? c.auxiliaryDomain });
    } else {
      ctx.fail("InvalidParameterValue.MetadataError", "Operate must be enable, disable or updateSAML.");
    }
    return {};
  },

  async CreateUserOIDCConfig(ctx, req) {
    const oidc = userOidc(ctx, req);
    if (await identityProviders.userSso(ctx)) ctx.fail("InvalidParameter.IdentityNameInUse", "The account already has a user SSO configuration.");
    await identityProviders.saveUserSso(ctx, { kind: "oidc", status: 11, oidc });
    return {};
  },

  async DescribeUserOIDCConfig(ctx) {
    const o = (await sso(ctx, "oidc")).oidc!;
    const status = (await identityProviders.userSso(ctx))!.status;
    return {
      ProviderType: 12,
      IdentityUrl: o.identityUrl,
      IdentityKey: o.identityKey,
      ClientId: o.clientId,
      Status: status,
      AuthorizationEndpoint: o.authorizationEndpoint,
      Scope: o.scope,
      ResponseType: o.responseType,
      ResponseMode: o.responseMode,
      MappingFiled: o.mappingField,
      Description: o.description,
      AutoRotateKey: o.autoRotateKey,
    };
  },

  async UpdateUserOIDCConfig(ctx, req) {
    const c = await sso(ctx, "oidc");
    await identityProviders.saveUserSso(ctx, { ...c, oidc: userOidc(ctx, req) });
    return {};
  },

  async DisableUserSSO(ctx) {
    const c = await identityProviders.userSso(ctx);
    if (c) await identityProviders.saveUserSso(ctx, { ...c, status: 2 });
    return {};
  },
};
