/**
 * SAML responses (AssumeRoleWithSAML), read locally: the issuer must be the provider's entityID, the signing
 * certificate carried in the assertion's signature must be one the provider's metadata lists, the validity
 * window must contain the emulator's time, and the Role attribute must pair the requested role with the
 * provider ("roleArn,principalArn", CAM's attribute https://cloud.tencent.com/SAML/Attributes/Role).
 * tclocal does not canonicalize and verify the XML signature itself (documented in docs/services/cam.md): the
 * certificate pinning and the checks above are what it decides on.
 */
export const ROLE_ATTRIBUTE = "https://cloud.tencent.com/SAML/Attributes/Role";
export const SESSION_ATTRIBUTE = "https://cloud.tencent.com/SAML/Attributes/RoleSessionName";

export interface SamlClaims {
  issuer: string;
  subject: string;
  /** "roleArn,principalArn" pairs. */
  roles: string[];
}

const tag = (name: string) => new RegExp(`<(?:[\\w-]+:)?${name}\\b[^>]*>([\\s\\S]*?)</(?:[\\w-]+:)?${name}>`);

function attributeValues(xml: string, name: string): string[] {
  const re = new RegExp(`<(?:[\\w-]+:)?Attribute\\b[^>]*Name="${name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}"[^>]*>([\\s\\S]*?)</(?:[\\w-]+:)?Attribute>`);
  const block = re.exec(xml)?.[1];
  if (!block) return [];
  return [...block.matchAll(/<(?:[\w-]+:)?AttributeValue\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?AttributeValue>/g)].map((m) => m[1].trim());
}

/** The assertion's claims when it holds for the provider at `nowMs`, or why not. */
export function readAssertion(base64: string, provider: { entityId: string; certificates: readonly string[] }, nowMs: number): SamlClaims | string {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(base64)) return "SAMLAssertion is not base64";
  const xml = Buffer.from(base64, "base64").toString("utf8");
  if (!/<(?:[\w-]+:)?(Response|Assertion)\b/.test(xml)) return "SAMLAssertion is not a SAML response";
  const issuer = tag("Issuer").exec(xml)?.[1]?.trim();
  if (issuer !== provider.entityId) return `the issuer ${issuer ?? "(none)"} is not the provider's entityID`;
  const signature = tag("Signature").exec(xml)?.[1];
  const cert = signature ? tag("X509Certificate").exec(signature)?.[1]?.replace(/\s+/g, "") : undefined;
  if (!cert) return "the assertion is not signed";
  if (!provider.certificates.includes(cert)) return "the assertion is signed with a certificate the provider's metadata does not list";
  for (const m of xml.matchAll(/\b(NotBefore|NotOnOrAfter)="([^"]+)"/g)) {
    const at = Date.parse(m[2]);
    if (!Number.isFinite(at)) return `${m[1]} is not a time`;
    if (m[1] === "NotBefore" && nowMs < at - 60_000) return "the assertion is not valid yet";
    if (m[1] === "NotOnOrAfter" && nowMs >= at) return "the assertion has expired";
  }
  const subject = tag("NameID").exec(xml)?.[1]?.trim() ?? "";
  return { issuer, subject, roles: attributeValues(xml, ROLE_ATTRIBUTE) };
}
