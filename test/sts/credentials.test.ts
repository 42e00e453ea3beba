import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Secret, TOTP } from "otpauth";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk, type Credential } from "../helpers/sdk";
import { b64 } from "../helpers/encoding";
import { camPolicy, camUser, kmsKeyResource, policyDoc, unique } from "../cam/helpers";

let server: TestServer;
let keyA: string;
let keyB: string;
before(async () => {
  server = await startTclocal();
  const kms = sdk("kms", server);
  keyA = (await kms.CreateKey({ Alias: "sts-a" })).KeyId!;
  keyB = (await kms.CreateKey({ Alias: "sts-b" })).KeyId!;
});
after(() => server.stop());

type Creds = { Credentials?: { TmpSecretId?: string; TmpSecretKey?: string; Token?: string }; ExpiredTime?: number; Expiration?: string };
const temporary = (r: Creds): Credential => ({ secretId: r.Credentials!.TmpSecretId!, secretKey: r.Credentials!.TmpSecretKey!, token: r.Credentials!.Token! });
const encrypt = (credential: Credential, keyId: string) => sdk("kms", server, { credential }).Encrypt({ KeyId: keyId, Plaintext: b64("hello") });
const trust = (principal: unknown, action = "name/sts:AssumeRole") => policyDoc({ effect: "allow", action: [action], principal });

/** A role whose trust policy names `principal`, with a policy allowing kms:Encrypt on key A only. */
async function role(principal: unknown, extra: { SessionDuration?: number } = {}) {
  const cam = sdk("cam", server);
  const name = unique("role");
  const { RoleId } = await cam.CreateRole({ RoleName: name, PolicyDocument: trust(principal), ...extra });
  await cam.AttachRolePolicy({ PolicyId: await camPolicy(server, { effect: "allow", action: ["kms:Encrypt"], resource: [kmsKeyResource(DEFAULT_ACCOUNT.uin, keyA)] }), AttachRoleName: name });
  return { name, roleId: RoleId!, arn: `qcs::cam::uin/${DEFAULT_ACCOUNT.uin}:roleName/${name}` };
}

describe("AssumeRole", () => {
  test("a trust policy naming the caller gives credentials that carry the role's policies until the emulator clock passes their expiry", async () => {
    const r = await role({ qcs: [`qcs::cam::uin/${DEFAULT_ACCOUNT.uin}:root`] });
    const out = await sdk("sts", server).AssumeRole({ RoleArn: r.arn, RoleSessionName: "session-1", DurationSeconds: 900 });
    assert.match(out.Expiration!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const cred = temporary(out);
    assert.ok((await encrypt(cred, keyA)).CiphertextBlob);
    await expectCode(encrypt(cred, keyB), "UnauthorizedOperation");
    const who = await sdk("sts", server, { credential: cred }).GetCallerIdentity();
    assert.deepEqual(
      { Type: who.Type, AccountId: who.AccountId, UserId: who.UserId, PrincipalId: who.PrincipalId, Arn: who.Arn },
      { Type: "CAMRole", AccountId: DEFAULT_ACCOUNT.uin, UserId: `${r.roleId}:session-1`, PrincipalId: DEFAULT_ACCOUNT.uin, Arn: `qcs::sts:${DEFAULT_ACCOUNT.uin}:assumed-role/${r.roleId}` },
    );
    await server.control("POST", "/clock", { advanceSeconds: 901 });
    await expectCode(encrypt(cred, keyA), "AuthFailure.TokenFailure");
  });

  test("a trust policy that does not name the caller refuses; a sub-user named by it may assume the role when its policy allows sts:AssumeRole", async () => {
    const other = await server.control("POST", "/accounts");
    const foreign = await role({ qcs: [`qcs::cam::uin/${other.uin}:root`] });
    await expectCode(sdk("sts", server).AssumeRole({ RoleArn: foreign.arn, RoleSessionName: "nope" }), "UnauthorizedOperation");

    const user = await camUser(server);
    const r = await role({ qcs: [`qcs::cam::uin/${DEFAULT_ACCOUNT.uin}:uin/${user.uin}`] });
    const asUser = sdk("sts", server, { credential: user.credential });
    await expectCode(asUser.AssumeRole({ RoleArn: r.arn, RoleSessionName: "s1" }), "AuthFailure.UnauthorizedOperation");
    await sdk("cam", server).AttachUserPolicy({ PolicyId: await camPolicy(server, { effect: "allow", action: ["sts:AssumeRole"], resource: [r.arn] }), AttachUin: user.uin });
    const out = await asUser.AssumeRole({ RoleArn: r.arn, RoleSessionName: "s1" });
    assert.ok((await encrypt(temporary(out), keyA)).CiphertextBlob);
    // The other account's root is not named by that trust policy either.
    await expectCode(sdk("sts", server, { credential: other }).AssumeRole({ RoleArn: r.arn, RoleSessionName: "s2" }), "UnauthorizedOperation");
    // A role in another account, whose trust names this account: cross-account works.
    const theirs = sdk("cam", server, { credential: other });
    const name = unique("x");
    await theirs.CreateRole({ RoleName: name, PolicyDocument: trust({ qcs: [`qcs::cam::uin/${DEFAULT_ACCOUNT.uin}:root`] }) });
    await theirs.AttachRolePolicy({ PolicyName: "QcloudKMSFullAccess", AttachRoleName: name });
    const cross = temporary(await sdk("sts", server).AssumeRole({ RoleArn: `qcs::cam::uin/${other.uin}:roleName/${name}`, RoleSessionName: "cross" }));
    assert.equal((await sdk("kms", server, { credential: cross }).ListKeys({})).Keys!.length, 0, "the session acts in the role's account");
  });

  test("the session policy narrows the role; a session longer than the role allows, a missing role and a bad policy answer their codes", async () => {
    const r = await role({ qcs: [`qcs::cam::uin/${DEFAULT_ACCOUNT.uin}:root`] }, { SessionDuration: 3600 });
    const sts = sdk("sts", server);
    const deny = encodeURIComponent(policyDoc({ effect: "deny", action: ["kms:Encrypt"], resource: ["*"] }));
    await expectCode(encrypt(temporary(await sts.AssumeRole({ RoleArn: r.arn, RoleSessionName: "narrow", Policy: deny })), keyA), "AuthFailure.UnauthorizedOperation");
    await expectCode(sts.AssumeRole({ RoleArn: r.arn, RoleSessionName: "long", DurationSeconds: 3601 }), "InvalidParameter.OverTimeError");
    await expectCode(sts.AssumeRole({ RoleArn: `qcs::cam::uin/${DEFAULT_ACCOUNT.uin}:roleName/none`, RoleSessionName: "x1" }), "ResourceNotFound.RoleNotFound");
    await expectCode(sts.AssumeRole({ RoleArn: r.arn, RoleSessionName: "x1", Policy: "%7Bnot-json" }), "InvalidParameter.StrategyFormatError");
    await expectCode(sts.AssumeRole({ RoleArn: r.arn, RoleSessionName: "x" }), "InvalidParameter.ParamError");
  });
});

describe("GetFederationToken", () => {
  test("the session policy narrows what the token may do; GetCallerIdentity names the federated user", async () => {
    const sts = sdk("sts", server);
    const policy = encodeURIComponent(policyDoc({ effect: "allow", action: ["name/kms:Encrypt"], resource: [kmsKeyResource(DEFAULT_ACCOUNT.uin, keyB)] }));
    const out = await sts.GetFederationToken({ Name: "partner", Policy: policy, DurationSeconds: 600 });
    const cred = temporary(out);
    assert.ok((await encrypt(cred, keyB)).CiphertextBlob);
    await expectCode(encrypt(cred, keyA), "UnauthorizedOperation");
    await expectCode(sdk("kms", server, { credential: cred }).ListKeys({}), "AuthFailure.UnauthorizedOperation");
    const who = await sdk("sts", server, { credential: cred }).GetCallerIdentity();
    assert.equal(who.Arn, `qcs::sts:${DEFAULT_ACCOUNT.uin}:federated-user/${DEFAULT_ACCOUNT.uin}`);
    assert.equal(who.UserId, `${DEFAULT_ACCOUNT.uin}:partner`);
    await expectCode(sts.GetFederationToken({ Name: "partner", Policy: policy, DurationSeconds: 7201 }), "InvalidParameter.OverTimeError");
    const withPrincipal = encodeURIComponent(policyDoc({ effect: "allow", action: ["kms:*"], resource: ["*"], principal: { qcs: ["qcs::cam::anyone"] } }));
    await expectCode(sts.GetFederationToken({ Name: "partner", Policy: withPrincipal }), "InvalidParameter.StrategyInvalid");
    const foreign = encodeURIComponent(policyDoc({ effect: "allow", action: ["kms:*"], resource: ["qcs::kms:ap-guangzhou:uin/999:key/*"] }));
    await expectCode(sts.GetFederationToken({ Name: "partner", Policy: foreign }), "InvalidParameter.GrantOtherResource");
  });
});

describe("GetSessionToken and MFA", () => {
  test("the right TOTP code gives credentials that pass MFA-protected calls; a wrong code is FailedOperation.CheckMFAError", async () => {
    const user = await camUser(server);
    await sdk("cam", server).AttachUserPolicy({ PolicyId: 10001001 /* QcloudKMSFullAccess */, AttachUin: user.uin });
    await server.control("PATCH", `/accounts/${DEFAULT_ACCOUNT.uin}/users/${user.uin}`, { mfaProtectedActions: ["kms:ScheduleKeyDeletion"] });
    const device = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/users/${user.uin}/mfa-device`);
    const totp = new TOTP({ secret: Secret.fromBase32(device.secret), digits: 6, period: 30, algorithm: "SHA1" });
    const { now } = await server.control("GET", "/clock");
    const sts = sdk("sts", server, { credential: user.credential });

    // Without MFA the protected call is refused at the gateway.
    await expectCode(sdk("kms", server, { credential: user.credential }).ScheduleKeyDeletion({ KeyId: keyB, PendingWindowInDays: 7 }), "AuthFailure.MFAFailure");
    const right = totp.generate({ timestamp: now * 1000 });
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    await expectCode(sts.GetSessionToken({ SerialNumber: device.serialNumber, TokenCode: wrong }), "FailedOperation.CheckMFAError");
    await expectCode(sts.GetSessionToken({ SerialNumber: device.serialNumber.replace("softToken", "phone"), TokenCode: right }), "FailedOperation.MFATypeNotSupported");
    const session = temporary(await sts.GetSessionToken({ SerialNumber: device.serialNumber, TokenCode: right, DurationSeconds: 900 }));
    const kms = sdk("kms", server, { credential: session });
    await kms.DisableKey({ KeyId: keyB });
    const scheduled = await kms.ScheduleKeyDeletion({ KeyId: keyB, PendingWindowInDays: 7 });
    assert.ok(scheduled.DeletionDate);
    // A temporary key may not ask for another session.
    await expectCode(sdk("sts", server, { credential: session }).GetSessionToken({ SerialNumber: device.serialNumber, TokenCode: right }), "FailedOperation.TempKeyNotAllowed");
    // The code follows the emulator clock: a day later yesterday's code is wrong and today's is right.
    await server.control("POST", "/clock", { advanceSeconds: 86_400 });
    await expectCode(sts.GetSessionToken({ SerialNumber: device.serialNumber, TokenCode: right }), "FailedOperation.CheckMFAError");
    const later = totp.generate({ timestamp: (now + 86_400) * 1000 });
    assert.ok((await sts.GetSessionToken({ SerialNumber: device.serialNumber, TokenCode: later })).Credentials);
  });
});

describe("GetCallerIdentity and QueryApiKey", () => {
  test("the documented ARN forms for a sub-user and the documented tclocal form for root", async () => {
    const user = await camUser(server);
    const sub = await sdk("sts", server, { credential: user.credential }).GetCallerIdentity();
    assert.deepEqual(
      { Type: sub.Type, AccountId: sub.AccountId, UserId: sub.UserId, PrincipalId: sub.PrincipalId, Arn: sub.Arn },
      { Type: "CAMUser", AccountId: DEFAULT_ACCOUNT.uin, UserId: String(user.uin), PrincipalId: String(user.uin), Arn: `qcs::cam:${DEFAULT_ACCOUNT.uin}:uin/${user.uin}` },
    );
    const root = await sdk("sts", server).GetCallerIdentity();
    assert.equal(root.Type, "Root");
    assert.equal(root.Arn, `qcs::cam:${DEFAULT_ACCOUNT.uin}:uin/${DEFAULT_ACCOUNT.uin}`);
    const keys = await sdk("sts", server).QueryApiKey({ TargetUin: user.uin });
    assert.deepEqual(keys.IdKeys!.map((k) => [k.SecretId, k.Status]), [[user.credential.secretId, 2]]);
    await expectCode(sdk("sts", server).QueryApiKey({ TargetUin: 123 }), "InvalidParameter.ParamError");
  });

  test("STS is called with a Region", async () => {
    await expectCode(sdk("sts", server, { region: "" }).GetCallerIdentity(), "MissingParameter");
    await expectCode(sdk("sts", server, { region: "xx-nowhere" }).GetCallerIdentity(), "InvalidParameterValue");
  });
});

describe("response models", () => {
  test("AssumeRole, GetFederationToken, GetSessionToken, GetCallerIdentity and QueryApiKey answer every member of their SDK models", async () => {
    const { assertComplete } = await import("../helpers/complete");
    const sts = sdk("sts", server);
    const r = await role({ qcs: [`qcs::cam::uin/${DEFAULT_ACCOUNT.uin}:root`] });
    assertComplete("sts", "AssumeRole", await sts.AssumeRole({ RoleArn: r.arn, RoleSessionName: "complete", Tags: [{ Key: "team", Value: "ops" }] }));
    assertComplete("sts", "GetFederationToken", await sts.GetFederationToken({ Name: "complete", Policy: encodeURIComponent(policyDoc({ effect: "allow", action: ["kms:*"], resource: ["*"] })) }));
    const device = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/mfa-device`);
    const { now } = await server.control("GET", "/clock");
    const code = new TOTP({ secret: Secret.fromBase32(device.secret) }).generate({ timestamp: now * 1000 });
    assertComplete("sts", "GetSessionToken", await sts.GetSessionToken({ SerialNumber: device.serialNumber, TokenCode: code }));
    assertComplete("sts", "GetCallerIdentity", await sts.GetCallerIdentity());
    assertComplete("sts", "QueryApiKey", await sts.QueryApiKey({}));
  });
});
