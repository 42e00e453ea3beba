import { camDocs, type Ctx } from "./common";

/**
 * Identity providers: SAML providers and role OIDC providers (for AssumeRoleWithSAML / AssumeRoleWithWebIdentity),
 * and the account's user SSO (one SAML or OIDC configuration for sub-user console login).
 */
export interface SamlProvider {
  name: string;
  description: string;
  /** Base64 metadata document, as given. */
  metadata: string;
  /** The signing certificates the metadata lists (base64 DER), for checking assertions. */
  certificates: string[];
  entityId: string;
  createdAt: number;
  updatedAt: number;
}

export interface OidcProvider {
  name: string;
  identityUrl: string;
  clientIds: string[];
  /** Base64 JWKS, as given. */
  identityKey: string;
  description: string;
  autoRotateKey: number;
  createdAt: number;
}

export interface UserSsoConfig {
  kind: "saml" | "oidc";
  /** 11 enabled, 2 disabled (CAM's Status). */
  status: 11 | 2;
  samlMetadata?: string;
  auxiliaryDomain?: string;
  oidc?: { identityUrl: string; clientId: string; authorizationEndpoint: string; responseType: string; responseMode: string; mappingField: string; identityKey: string; scope: string[]; description: string; autoRotateKey: number };
}

/** Identity providers per account (LimitExceeded.IdentityFull past it). */
export const PROVIDER_LIMIT = 100;

export const PROVIDER_NAME = /^[\w+=,.@-]{1,128}$/;

function decodeBase64(text: string): string | null {
  if (!text || !/^[A-Za-z0-9+/=\s_-]+$/.test(text)) return null;
  return Buffer.from(text, "base64").toString("utf8");
}

/** Reads a SAML metadata document: an EntityDescriptor with its entityID and signing certificates. */
export function parseSamlMetadata(base64: string): { entityId: string; certificates: string[] } | null {
  const xml = decodeBase64(base64);
  if (!xml || !/<(\w+:)?EntityDescriptor\b/.test(xml)) return null;
  const entityId = /entityID="([^"]+)"/.exec(xml)?.[1];
  if (!entityId) return null;
  const certificates = [...xml.matchAll(/<(?:\w+:)?X509Certificate>([^<]+)<\/(?:\w+:)?X509Certificate>/g)].map((m) => m[1].replace(/\s+/g, ""));
  return { entityId, certificates };
}

/** Reads an OIDC signing key: base64 of a JWKS ({"keys":[…]}) or of one JWK. */
export function parseJwks(base64: string): { kid?: string; kty: string }[] | null {
  const text = decodeBase64(base64);
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as { keys?: unknown } & Record<string, unknown>;
    const keys = Array.isArray(parsed.keys) ? parsed.keys : [parsed];
    return keys.length && keys.every((k) => k && typeof k === "object" && typeof (k as { kty?: unknown }).kty === "string") ? (keys as { kty: string }[]) : null;
  } catch {
    return null;
  }
}

export const identityProviders = {
  saml: (ctx: Ctx) => camDocs<SamlProvider>(ctx, "saml-provider"),
  oidc: (ctx: Ctx) => camDocs<OidcProvider>(ctx, "oidc-provider"),
  async userSso(ctx: Ctx): Promise<UserSsoConfig | undefined> {
    return camDocs<UserSsoConfig>(ctx, "settings").get("user-sso");
  },
  async saveUserSso(ctx: Ctx, config: UserSsoConfig): Promise<void> {
    await camDocs<UserSsoConfig>(ctx, "settings").put("user-sso", config);
  },
  async counts(ctx: Ctx): Promise<{ saml: number; oidc: number }> {
    return { saml: await identityProviders.saml(ctx).count(), oidc: await identityProviders.oidc(ctx).count() };
  },
};
