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

/**
 * The XML Signature elements of a document, each as a standalone string carrying its namespace declaration (a
 * prefix declared on an ancestor is declared again on the element).
 */
function signatureElements(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<(?:([\w-]+):)?Signature\b[\s\S]*?<\/(?:\1:)?Signature>/g)) {
    const prefix = m[1];
    let element = m[0];
    const attribute = prefix ? `xmlns:${prefix}=` : "xmlns=";
    const head = element.slice(0, element.indexOf(">"));
    if (!head.includes(attribute)) element = element.replace(/^<([\w:-]+)/, `<$1 ${attribute}"${DSIG}"`);
    out.push(element);
  }
  return out;
}

/**
 * The XML that a valid signature of one of the certificates covers, when it is a Response or an Assertion, or
 * null. xml-crypto resolves the references in the whole document and hands back what they cover: only that is
 * read afterwards, so nothing outside the signed element (a wrapped copy) can speak.
 */
function signedContent(xml: string, certificates: readonly string[]): string | null {
  for (const signature of signatureElements(xml)) {
    for (const cert of certificates) {
      try {
        const verifier = new SignedXml({ publicCert: pem(cert), getCertFromKeyInfo: () => null });
        verifier.loadSignature(signature);
        if (!verifier.checkSignature(xml)) continue;
        const signed = verifier.getSignedReferences().filter((s) => /^<(?:[\w-]+:)?(Response|Assertion)\b/.test(s));
        if (signed.length) return signed.join("");
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
