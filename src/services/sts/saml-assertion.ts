import { DOMParser } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";

/**
 * SAML responses (AssumeRoleWithSAML), verified locally: the XML signature (XML-DSig, checked with xml-crypto
 * against the certificates of the provider's metadata, never a certificate the assertion carries) must cover
 * the Response or the Assertion, and only what it covers is read: the issuer must be the provider's entityID,
 * the validity window must contain the emulator's time, and the Role attribute must pair the requested role with
 * the provider ("roleArn,principalArn", CAM's attribute https://cloud.tencent.com/SAML/Attributes/Role).
 */
export const ROLE_ATTRIBUTE = "https://cloud.tencent.com/SAML/Attributes/Role";

const DSIG = "http://www.w3.org/2000/09/xmldsig#";

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

/** A metadata certificate (base64 DER) as PEM. */
function pem(der: string): string {
  return `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)?.join("\n") ?? ""}\n-----END CERTIFICATE-----\n`;
}

/** The XML a valid signature of one of the certificates covers (a Response or an Assertion), or null. */
function signedContent(xml: string, certificates: readonly string[]): string | null {
  let doc: Document;
  try {
    doc = new DOMParser({ errorHandler: () => undefined }).parseFromString(xml, "text/xml") as unknown as Document;
  } catch {
    return null;
  }
  const signatures = Array.from(doc.getElementsByTagNameNS(DSIG, "Signature") as unknown as ArrayLike<Element>);
  for (const signature of signatures) {
    const parent = signature.parentNode as Element | null;
    if (!parent || !/^(Response|Assertion)$/.test(parent.localName ?? "")) continue;
    for (const cert of certificates) {
      try {
        const verifier = new SignedXml({ publicCert: pem(cert), getCertFromKeyInfo: () => null });
        verifier.loadSignature(signature);
        if (!verifier.checkSignature(xml)) continue;
        // Only a reference to the signature's own element counts (no signature wrapping).
        const id = parent.getAttribute("ID") ?? parent.getAttribute("Id");
        const signed = verifier.getSignedReferences();
        if (id && signed.length && signed.some((s) => new RegExp(`\\bI[Dd]="${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"`).test(s.slice(0, s.indexOf(">") + 1)))) {
          return signed.join("");
        }
      } catch {
        continue; // a malformed signature, or a certificate that does not parse
      }
    }
  }
  return null;
}

/** The assertion's claims when it holds for the provider at `nowMs`, or why not. */
export function readAssertion(base64: string, provider: { entityId: string; certificates: readonly string[] }, nowMs: number): SamlClaims | string {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(base64)) return "SAMLAssertion is not base64";
  const xml = Buffer.from(base64, "base64").toString("utf8");
  if (!/<(?:[\w-]+:)?(Response|Assertion)\b/.test(xml)) return "SAMLAssertion is not a SAML response";
  const signed = signedContent(xml, provider.certificates);
  if (signed === null) return "the assertion carries no signature that a certificate of the provider's metadata verifies";
  const issuer = tag("Issuer").exec(signed)?.[1]?.trim();
  if (issuer !== provider.entityId) return `the issuer ${issuer ?? "(none)"} is not the provider's entityID`;
  for (const m of signed.matchAll(/\b(NotBefore|NotOnOrAfter)="([^"]+)"/g)) {
    const at = Date.parse(m[2]);
    if (!Number.isFinite(at)) return `${m[1]} is not a time`;
    if (m[1] === "NotBefore" && nowMs < at - 60_000) return "the assertion is not valid yet";
    if (m[1] === "NotOnOrAfter" && nowMs >= at) return "the assertion has expired";
  }
  const subject = tag("NameID").exec(signed)?.[1]?.trim() ?? "";
  return { issuer, subject, roles: attributeValues(signed, ROLE_ATTRIBUTE) };
}
