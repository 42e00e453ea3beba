import { createPublicKey, verify, constants, type JsonWebKey, type KeyObject } from "node:crypto";

/**
 * OIDC ID tokens (AssumeRoleWithWebIdentity): a JWS signed by the provider, checked locally against the
 * provider's JWKS (CreateOIDCConfig's IdentityKey), its issuer (IdentityUrl), audience (ClientId) and times on
 * the emulator clock.
 */
export interface IdToken {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  claims: Record<string, unknown>;
}

const ALGORITHMS: Record<string, { hash: string; ec?: boolean; pss?: boolean }> = {
  RS256: { hash: "sha256" },
  RS384: { hash: "sha384" },
  RS512: { hash: "sha512" },
  PS256: { hash: "sha256", pss: true },
  ES256: { hash: "sha256", ec: true },
  ES384: { hash: "sha384", ec: true },
};

function json(part: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function keyFor(jwks: JsonWebKey[], kid: unknown): KeyObject | null {
  const candidates = jwks.filter((k) => kid === undefined || (k as { kid?: unknown }).kid === kid);
  for (const jwk of candidates) {
    try {
      return createPublicKey({ key: jwk, format: "jwk" });
    } catch {
      continue;
    }
  }
  return null;
}

const trimSlash = (s: string) => s.replace(/\/+$/, "");

/** The token's claims when it is valid for the provider at `nowMs`, or why not. */
export function verifyIdToken(
  token: string,
  provider: { identityUrl: string; clientIds: readonly string[]; jwks: JsonWebKey[] },
  nowMs: number,
): IdToken | string {
  const parts = token.split(".");
  if (parts.length !== 3) return "the token is not a JWS compact serialization";
  const header = json(parts[0]);
  const payload = json(parts[1]);
  if (!header || !payload) return "the token's header or payload is not base64url JSON";
  const alg = ALGORITHMS[String(header.alg)];
  if (!alg) return `the algorithm ${String(header.alg)} is not supported`;
  const key = keyFor(provider.jwks, header.kid);
  if (!key) return "no key of the provider's IdentityKey matches the token's kid";
  const signature = Buffer.from(parts[2], "base64url");
  let ok = false;
  try {
    ok = verify(alg.hash, Buffer.from(`${parts[0]}.${parts[1]}`), {
      key,
      ...(alg.ec ? { dsaEncoding: "ieee-p1363" as const } : {}),
      ...(alg.pss ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : {}),
    }, signature);
  } catch {
    ok = false; // a key of the wrong type for the algorithm
  }
  if (!ok) return "the token's signature does not verify";
  const iss = String(payload.iss ?? "");
  if (trimSlash(iss) !== trimSlash(provider.identityUrl)) return `the issuer ${iss} is not the provider's IdentityUrl`;
  const aud = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).map(String);
  if (!aud.some((a) => provider.clientIds.includes(a))) return "the audience is none of the provider's ClientIds";
  const now = nowMs / 1000;
  if (typeof payload.exp !== "number" || payload.exp <= now) return "the token has expired";
  if (typeof payload.nbf === "number" && payload.nbf > now + 60) return "the token is not valid yet";
  return { iss, sub: String(payload.sub ?? ""), aud, exp: payload.exp, claims: payload };
}
