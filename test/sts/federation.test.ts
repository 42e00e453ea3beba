import assert from "node:assert/strict";
import { createSign, generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { SignedXml } from "xml-crypto";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { assertComplete } from "../helpers/complete";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { common, expectCode, sdk } from "../helpers/sdk";
import { policyDoc, unique } from "../cam/helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const UIN = DEFAULT_ACCOUNT.uin;
const b64 = (s: string) => Buffer.from(s).toString("base64");
const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

/** A role the given federated principal may assume with the given action, allowed to list KMS keys. */
async function federatedRole(principal: string, action: string, condition?: unknown) {
  const name = unique("fed");
  const cam = sdk("cam", server);
  await cam.CreateRole({ RoleName: name, PolicyDocument: policyDoc({ effect: "allow", action: [action], principal: { federated: [principal] }, ...(condition ? { condition } : {}) }) });
  await cam.AttachRolePolicy({ PolicyName: "QcloudKMSReadOnlyAccess", AttachRoleName: name });
  return `qcs::cam::uin/${UIN}:roleName/${name}`;
}

/** Calls an unsigned STS action as the SDK's OIDC credential provider does (Authorization: SKIP). */
const unsigned = (action: string, params: Record<string, unknown>) =>
  common(server, "sts", "2018-08-13").request(action, params, { skipSign: true } as never) as Promise<Record<string, any>>;

describe("AssumeRoleWithWebIdentity", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: "jwk" }), kid: "k1", use: "sig", alg: "RS256" };
  const issuer = "https://idp.example.com/oidc";
  const provider = unique("oidc");

  function idToken(claims: Record<string, unknown>, kid = "k1"): string {
    const head = b64url({ alg: "RS256", typ: "JWT", kid });
    const body = b64url(claims);
    const sig = createSign("RSA-SHA256").update(`${head}.${body}`).sign(privateKey).toString("base64url");
    return `${head}.${body}.${sig}`;
  }

  test("a token the provider signed, for its client, unexpired on the emulator clock, gives role credentials (unsigned call)", async () => {
    await sdk("cam", server).CreateOIDCConfig({ Name: provider, IdentityUrl: issuer, ClientId: ["app-1"], IdentityKey: b64(JSON.stringify({ keys: [jwk] })) });
    const arn = await federatedRole(`qcs::cam::uin/${UIN}:oidc-provider/${provider}`, "name/sts:AssumeRoleWithWebIdentity", { string_equal: { "oidc:sub": "alice" } });
    const { now } = await server.control("GET", "/clock");
    const good = idToken({ iss: issuer, sub: "alice", aud: "app-1", exp: now + 600, iat: now });
    const out = await unsigned("AssumeRoleWithWebIdentity", { ProviderId: provider, WebIdentityToken: good, RoleArn: arn, RoleSessionName: "oidc-session" });
    assertComplete("sts", "AssumeRoleWithWebIdentity", out);
    const cred = { secretId: out.Credentials.TmpSecretId, secretKey: out.Credentials.TmpSecretKey, token: out.Credentials.Token };
    assert.ok(Array.isArray((await sdk("kms", server, { credential: cred }).ListKeys({})).Keys));

    // Through the signed SDK client as well.
    const signed = await sdk("sts", server).AssumeRoleWithWebIdentity({ ProviderId: provider, WebIdentityToken: good, RoleArn: arn, RoleSessionName: "signed" });
    assert.ok(signed.Credentials?.Token);

    for (const [token, why] of [
      [idToken({ iss: issuer, sub: "alice", aud: "other", exp: now + 600 }), "audience"],
      [idToken({ iss: "https://evil.example.com", sub: "alice", aud: "app-1", exp: now + 600 }), "issuer"],
      [idToken({ iss: issuer, sub: "alice", aud: "app-1", exp: now - 1 }), "expired"],
      [good.slice(0, -4) + "AAAA", "signature"],
      ["not-a-jwt", "format"],
    ]) {
      await expectCode(unsigned("AssumeRoleWithWebIdentity", { ProviderId: provider, WebIdentityToken: token, RoleArn: arn, RoleSessionName: "bad" }), "InvalidParameter.WebIdentityTokenError").catch((e) => {
        throw new Error(`${why}: ${e.message}`);
      });
    }
    // The trust policy's condition decides: another subject is refused.
    await expectCode(
      unsigned("AssumeRoleWithWebIdentity", { ProviderId: provider, WebIdentityToken: idToken({ iss: issuer, sub: "bob", aud: "app-1", exp: now + 600 }), RoleArn: arn, RoleSessionName: "bob" }),
      "UnauthorizedOperation",
    );
    // The token expires on the emulator clock.
    await server.control("POST", "/clock", { advanceSeconds: 601 });
    await expectCode(unsigned("AssumeRoleWithWebIdentity", { ProviderId: provider, WebIdentityToken: good, RoleArn: arn, RoleSessionName: "late" }), "InvalidParameter.WebIdentityTokenError");
  });
});

describe("AssumeRoleWithSAML", () => {
  // The IdP's signing key and certificate: the TLS fixture pair serves (any X.509 certificate does).
  const keyPem = readFileSync(join(__dirname, "../../../test/fixtures/tls-key.pem"), "utf8");
  const certPem = readFileSync(join(__dirname, "../../../test/fixtures/tls-cert.pem"), "utf8");
  const certDer = certPem.replace(/-----[^-]+-----|\s+/g, "");
  const entityId = "https://saml.example.com/metadata";
  const metadata = b64(`<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}"><md:IDPSSODescriptor><md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certDer}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor></md:IDPSSODescriptor></md:EntityDescriptor>`);

  function response(opts: { roleArn: string; principalArn: string; notOnOrAfter: string; issuer?: string }): string {
    return (
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0">` +
      `<saml:Issuer>${opts.issuer ?? entityId}</saml:Issuer>` +
      `<saml:Assertion ID="_a1" Version="2.0"><saml:Issuer>${opts.issuer ?? entityId}</saml:Issuer>` +
      `<saml:Subject><saml:NameID>alice@example.com</saml:NameID></saml:Subject><saml:Conditions NotOnOrAfter="${opts.notOnOrAfter}"/>` +
      `<saml:AttributeStatement><saml:Attribute Name="https://cloud.tencent.com/SAML/Attributes/Role"><saml:AttributeValue>${opts.roleArn},${opts.principalArn}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>`
    );
  }

  /** Signs the assertion (enveloped, exclusive c14n, RSA-SHA256) as an IdP does. */
  function signed(xml: string): string {
    const sig = new SignedXml({
      privateKey: keyPem,
      publicCert: certPem,
      canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
      signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    });
    sig.addReference({
      xpath: "//*[local-name(.)='Assertion']",
      digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
      transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
    });
    sig.computeSignature(xml, { location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: "after" } });
    return sig.getSignedXml();
  }

  test("an assertion signed by the provider's certificate, with the role attribute, gives role credentials; anything else is refused", async () => {
    const name = unique("saml");
    const { ProviderArn } = await sdk("cam", server).CreateSAMLProvider({ Name: name, Description: "test IdP", SAMLMetadataDocument: metadata });
    assert.equal(ProviderArn, `qcs::cam::uin/${UIN}:saml-provider/${name}`);
    const roleArn = await federatedRole(ProviderArn!, "name/sts:AssumeRoleWithSAML");
    const { now } = await server.control("GET", "/clock");
    const future = new Date((now + 300) * 1000).toISOString();
    const good = signed(response({ roleArn, principalArn: ProviderArn!, notOnOrAfter: future }));
    const call = (xml: string, role = roleArn) => unsigned("AssumeRoleWithSAML", { SAMLAssertion: b64(xml), PrincipalArn: ProviderArn, RoleArn: role, RoleSessionName: "saml-session" });
    const ok = await call(good);
    assertComplete("sts", "AssumeRoleWithSAML", ok);
    const who = await sdk("sts", server, { credential: { secretId: ok.Credentials.TmpSecretId, secretKey: ok.Credentials.TmpSecretKey, token: ok.Credentials.Token } }).GetCallerIdentity();
    assert.equal(who.Type, "CAMRole");

    // Not signed; altered after signing; signed but from another issuer; expired on the emulator clock.
    await expectCode(call(response({ roleArn, principalArn: ProviderArn!, notOnOrAfter: future })), "InvalidParameter.ParamError");
    await expectCode(call(good.replace("alice@example.com", "mallory@example.com")), "InvalidParameter.ParamError");
    await expectCode(call(signed(response({ roleArn, principalArn: ProviderArn!, notOnOrAfter: future, issuer: "https://other.example.com" }))), "InvalidParameter.ParamError");
    await expectCode(call(signed(response({ roleArn, principalArn: ProviderArn!, notOnOrAfter: new Date((now - 1) * 1000).toISOString() }))), "InvalidParameter.ParamError");
    // The assertion grants one role; another role of the account, or a trust policy naming another provider, refuses.
    const otherRole = await federatedRole(`qcs::cam::uin/${UIN}:saml-provider/someone-else`, "name/sts:AssumeRoleWithSAML");
    await expectCode(call(good, otherRole), "UnauthorizedOperation");
    await expectCode(call(signed(response({ roleArn: otherRole, principalArn: ProviderArn!, notOnOrAfter: future })), otherRole), "UnauthorizedOperation");
    // Only these two actions may skip the signature.
    await expectCode(unsigned("GetCallerIdentity", {}), "AuthFailure.SignatureFailure");
  });
});

describe("the audit trail", () => {
  test("CAM and STS calls are recorded with their secrets, tokens and assertions redacted", async () => {
    await sdk("cam", server).AddUser({ Name: unique("audit"), ConsoleLogin: 1, Password: "Sup3r$ecretPw" });
    await unsigned("AssumeRoleWithSAML", { SAMLAssertion: b64("<Response/>"), PrincipalArn: "qcs::cam::uin/1:saml-provider/x", RoleArn: "qcs::cam::uin/1:roleName/x", RoleSessionName: "audit" }).catch(() => undefined);
    await sdk("sts", server).GetSessionToken({ SerialNumber: `qcs::cam:uin/${UIN}::mfa/softToken`, TokenCode: "123456" }).catch(() => undefined);
    const { requests } = await server.control("GET", "/requests?limit=50");
    const add = requests.find((r: { action: string }) => r.action === "AddUser");
    assert.equal(add.service, "cam");
    assert.equal(add.params.Password, "******");
    const saml = requests.find((r: { action: string }) => r.action === "AssumeRoleWithSAML");
    assert.equal(saml.service, "sts");
    assert.equal(saml.params.SAMLAssertion, "******");
    const session = requests.find((r: { action: string }) => r.action === "GetSessionToken");
    assert.equal(session.params.TokenCode, "******");
    assert.ok(!JSON.stringify(requests).includes("Sup3r$ecretPw"));
  });
});
