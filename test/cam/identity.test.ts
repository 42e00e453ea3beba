import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { b64 } from "../helpers/encoding";
import { camPolicy, camUser, kmsKeyResource, unique } from "./helpers";

let server: TestServer;
let keyA: string;
let keyB: string;
before(async () => {
  server = await startTclocal();
  const kms = sdk("kms", server);
  keyA = (await kms.CreateKey({ Alias: "cam-a" })).KeyId!;
  keyB = (await kms.CreateKey({ Alias: "cam-b" })).KeyId!;
});
after(() => server.stop());

const encrypt = (cred: Parameters<typeof sdk>[2], keyId: string) => sdk("kms", server, cred).Encrypt({ KeyId: keyId, Plaintext: b64("hello") });

describe("identities made through CAM decide what their keys may do", () => {
  test("AddUser + CreateAccessKey + AttachUserPolicy: one key allowed, another refused with the CAM detail; detaching refuses the next call", async () => {
    const user = await camUser(server);
    const cam = sdk("cam", server);
    // Without a policy the new user may do nothing.
    await expectCode(encrypt({ credential: user.credential }, keyA), "AuthFailure.UnauthorizedOperation");
    const policyId = await camPolicy(server, { effect: "allow", action: ["name/kms:Encrypt"], resource: [kmsKeyResource(DEFAULT_ACCOUNT.uin, keyA)] });
    await cam.AttachUserPolicy({ PolicyId: policyId, AttachUin: user.uin });
    const ok = await encrypt({ credential: user.credential }, keyA);
    assert.ok(ok.CiphertextBlob);
    const e = await expectCode(encrypt({ credential: user.credential }, keyB), "UnauthorizedOperation");
    assert.match(e.message, new RegExp(`you are not authorized to perform operation \\(kms:Encrypt\\)\\nresource \\(${kmsKeyResource(DEFAULT_ACCOUNT.uin, keyB)}\\) has no permission`));
    await cam.DetachUserPolicy({ PolicyId: policyId, DetachUin: user.uin });
    await expectCode(encrypt({ credential: user.credential }, keyA), "AuthFailure.UnauthorizedOperation");
  });

  test("a group's policy applies to its members; an explicit deny on a group beats an allow on the user", async () => {
    const cam = sdk("cam", server);
    const user = await camUser(server);
    const { GroupId } = await cam.CreateGroup({ GroupName: unique("g") });
    await cam.AddUserToGroup({ Info: [{ GroupId: GroupId!, Uin: user.uin }] });
    await cam.AttachGroupPolicy({ PolicyId: await camPolicy(server, { effect: "allow", action: ["kms:Encrypt"], resource: ["*"] }), AttachGroupId: GroupId! });
    assert.ok((await encrypt({ credential: user.credential }, keyB)).CiphertextBlob);
    // Leaving the group takes the permission away.
    await cam.RemoveUserFromGroup({ Info: [{ GroupId: GroupId!, Uin: user.uin }] });
    await expectCode(encrypt({ credential: user.credential }, keyB), "AuthFailure.UnauthorizedOperation");

    const denyGroup = (await cam.CreateGroup({ GroupName: unique("deny") })).GroupId!;
    await cam.AttachGroupPolicy({ PolicyId: await camPolicy(server, { effect: "deny", action: ["kms:Encrypt"], resource: [kmsKeyResource(DEFAULT_ACCOUNT.uin, keyB)] }), AttachGroupId: denyGroup });
    await cam.AttachUserPolicy({ PolicyId: await camPolicy(server, { effect: "allow", action: ["kms:*"], resource: ["*"] }), AttachUin: user.uin });
    assert.ok((await encrypt({ credential: user.credential }, keyB)).CiphertextBlob);
    await cam.AddUserToGroup({ Info: [{ GroupId: denyGroup, Uin: user.uin }] });
    await expectCode(encrypt({ credential: user.credential }, keyB), "UnauthorizedOperation");
    assert.ok((await encrypt({ credential: user.credential }, keyA)).CiphertextBlob);
    const all = await cam.ListAttachedUserAllPolicies({ TargetUin: user.uin, Rp: 20, Page: 1, AttachType: 0 });
    assert.equal(all.TotalNum, 2);
    assert.deepEqual(all.PolicyList!.find((p) => p.Groups!.length)!.Groups, [{ GroupId: denyGroup, GroupName: (await cam.GetGroup({ GroupId: denyGroup })).GroupName }]);
  });

  test("conditions decide: an ip_equal that excludes 127.0.0.1 denies, one that includes it allows", async () => {
    const cam = sdk("cam", server);
    const outside = await camUser(server);
    await cam.AttachUserPolicy({
      PolicyId: await camPolicy(server, { effect: "allow", action: ["kms:Encrypt"], resource: ["*"], condition: { ip_equal: { "qcs:ip": ["10.0.0.0/8"] } } }),
      AttachUin: outside.uin,
    });
    await expectCode(encrypt({ credential: outside.credential }, keyA), "AuthFailure.UnauthorizedOperation");
    const inside = await camUser(server);
    await cam.AttachUserPolicy({
      PolicyId: await camPolicy(server, { effect: "allow", action: ["kms:Encrypt"], resource: ["*"], condition: { ip_equal: { "qcs:ip": ["127.0.0.0/8"] } } }),
      AttachUin: inside.uin,
    });
    assert.ok((await encrypt({ credential: inside.credential }, keyA)).CiphertextBlob);
    // A deny whose date condition holds (the emulator's now is after 2020) refuses.
    await cam.AttachUserPolicy({
      PolicyId: await camPolicy(server, { effect: "deny", action: ["kms:*"], resource: ["*"], condition: { date_greater_than: { "qcs:current_time": "2020-01-01T00:00:00Z" } } }),
      AttachUin: inside.uin,
    });
    await expectCode(encrypt({ credential: inside.credential }, keyA), "AuthFailure.UnauthorizedOperation");
  });

  test("a KMS key is named either way: key/<KeyId> and key/creatorUin/<uin>/<KeyId>", async () => {
    const user = await camUser(server);
    const creatorForm = `qcs::kms:ap-guangzhou:uin/${DEFAULT_ACCOUNT.uin}:key/creatorUin/${DEFAULT_ACCOUNT.uin}/${keyA}`;
    await sdk("cam", server).AttachUserPolicy({ PolicyId: await camPolicy(server, { effect: "allow", action: ["kms:Encrypt"], resource: [creatorForm] }), AttachUin: user.uin });
    assert.ok((await encrypt({ credential: user.credential }, keyA)).CiphertextBlob);
    await expectCode(encrypt({ credential: user.credential }, keyB), "UnauthorizedOperation");
    // A deny in the other form refuses as well.
    await sdk("cam", server).AttachUserPolicy({ PolicyId: await camPolicy(server, { effect: "deny", action: ["kms:Encrypt"], resource: [kmsKeyResource(DEFAULT_ACCOUNT.uin, keyA)] }), AttachUin: user.uin });
    await expectCode(encrypt({ credential: user.credential }, keyA), "UnauthorizedOperation");
  });

  test("a permission boundary caps what the user's policies allow", async () => {
    const cam = sdk("cam", server);
    const user = await camUser(server);
    await cam.AttachUserPolicy({ PolicyId: 10001001 /* QcloudKMSFullAccess */, AttachUin: user.uin });
    assert.ok((await encrypt({ credential: user.credential }, keyA)).CiphertextBlob);
    const boundary = await camPolicy(server, { effect: "allow", action: ["kms:Encrypt"], resource: [kmsKeyResource(DEFAULT_ACCOUNT.uin, keyA)] });
    await cam.PutUserPermissionsBoundary({ TargetUin: user.uin, PolicyId: boundary });
    assert.equal((await cam.GetUserPermissionBoundary({ TargetUin: user.uin })).PolicyId, boundary);
    assert.ok((await encrypt({ credential: user.credential }, keyA)).CiphertextBlob);
    await expectCode(encrypt({ credential: user.credential }, keyB), "UnauthorizedOperation");
    await expectCode(sdk("kms", server, { credential: user.credential }).ListKeys({}), "AuthFailure.UnauthorizedOperation");
    await cam.DeleteUserPermissionsBoundary({ TargetUin: user.uin });
    assert.ok((await encrypt({ credential: user.credential }, keyB)).CiphertextBlob);
  });

  test("a policy used as a boundary is counted by ListPolicies; DeletePolicy clears the boundaries it was", async () => {
    const cam = sdk("cam", server);
    const user = await camUser(server);
    await cam.AttachUserPolicy({ PolicyId: 10001001 /* QcloudKMSFullAccess */, AttachUin: user.uin });
    const boundary = await camPolicy(server, { effect: "allow", action: ["kms:Encrypt"], resource: [kmsKeyResource(DEFAULT_ACCOUNT.uin, keyA)] });
    const { RoleId } = await cam.CreateRole({ RoleName: unique("bounded"), PolicyDocument: JSON.stringify({ version: "2.0", statement: [{ effect: "allow", action: "name/sts:AssumeRole", principal: { qcs: [`qcs::cam::uin/${DEFAULT_ACCOUNT.uin}:root`] } }] }) });
    await cam.PutUserPermissionsBoundary({ TargetUin: user.uin, PolicyId: boundary });
    await cam.PutRolePermissionsBoundary({ RoleId, PolicyId: boundary });
    const listed = async () => (await cam.ListPolicies({ Scope: "Local", Rp: 200 })).List!.find((p) => p.PolicyId === boundary);
    assert.deepEqual([(await listed())!.AttachEntityBoundaryCount, (await listed())!.AttachEntityCount], [2, 0]);
    await expectCode(encrypt({ credential: user.credential }, keyB), "UnauthorizedOperation");
    await cam.DeletePolicy({ PolicyId: [boundary] });
    assert.equal(await listed(), undefined);
    // The cap went with the policy: nothing names it any more, and the user's own policies decide.
    assert.equal((await cam.GetUserPermissionBoundary({ TargetUin: user.uin })).PolicyId, null);
    assert.equal((await cam.GetRolePermissionBoundary({ RoleId: RoleId! })).PolicyId, null);
    assert.ok((await encrypt({ credential: user.credential }, keyB)).CiphertextBlob);
    const { users } = (await server.control("GET", `/accounts/${DEFAULT_ACCOUNT.uin}/users`)) as { users: { subUin: string; boundaryPolicyId: number | null }[] };
    assert.equal(users.find((u) => u.subUin === String(user.uin))!.boundaryPolicyId, null);
  });

  test("a disabled access key is refused by the gateway; enabled again it works; two keys at most", async () => {
    const cam = sdk("cam", server);
    const user = await camUser(server);
    await cam.AttachUserPolicy({ PolicyId: 1 /* AdministratorAccess */, AttachUin: user.uin });
    await cam.UpdateAccessKey({ AccessKeyId: user.credential.secretId, Status: "Inactive", TargetUin: user.uin });
    await expectCode(encrypt({ credential: user.credential }, keyA), "AuthFailure.SecretIdNotFound");
    assert.deepEqual((await cam.ListAccessKeys({ TargetUin: user.uin })).AccessKeys!.map((k) => k.Status), ["Inactive"]);
    await cam.UpdateAccessKey({ AccessKeyId: user.credential.secretId, Status: "Active", TargetUin: user.uin });
    assert.ok((await encrypt({ credential: user.credential }, keyA)).CiphertextBlob);
    await cam.CreateAccessKey({ TargetUin: user.uin });
    await expectCode(cam.CreateAccessKey({ TargetUin: user.uin }), "OperationDenied.AccessKeyOverLimit");
    await expectCode(cam.DeleteUser({ Name: user.name }), "OperationDenied.HaveKeys");
    await cam.DeleteAccessKey({ AccessKeyId: user.credential.secretId, TargetUin: user.uin });
    await expectCode(encrypt({ credential: user.credential }, keyA), "AuthFailure.SecretIdNotFound");
    await expectCode(cam.DeleteAccessKey({ AccessKeyId: user.credential.secretId, TargetUin: user.uin }), "ResourceNotFound.SecretNotExist");
    await cam.DeleteUser({ Name: user.name, Force: 1 });
    await expectCode(cam.GetUser({ Name: user.name }), "ResourceNotFound.UserNotExist");
  });

  test("a sub-user may manage CAM only as its policies allow", async () => {
    const user = await camUser(server);
    const asUser = sdk("cam", server, { credential: user.credential });
    await expectCode(asUser.AddUser({ Name: unique("x") }), "AuthFailure.UnauthorizedOperation");
    await sdk("cam", server).AttachUserPolicy({ PolicyId: 10001013 /* QcloudCamFullAccess */, AttachUin: user.uin });
    const made = await asUser.AddUser({ Name: unique("x") });
    assert.ok(made.Uin);
    // A sub-user may not manage the root account's keys.
    await expectCode(asUser.ListAccessKeys({ TargetUin: Number(DEFAULT_ACCOUNT.uin) }), "OperationDenied.SubUin");
  });
});

describe("one model, two doors", () => {
  test("a user made with AddUser is listed by the control API with its keys; a control-API sub-user is listed by ListUsers", async () => {
    const made = await camUser(server);
    const listed = await server.control("GET", `/accounts/${DEFAULT_ACCOUNT.uin}/users`);
    const mine = listed.users.find((u: { name: string }) => u.name === made.name);
    assert.equal(mine.subUin, String(made.uin));
    assert.deepEqual(mine.keys.map((k: { secretId: string }) => k.secretId), [made.credential.secretId]);
    assert.ok(!JSON.stringify(listed).includes(made.credential.secretKey), "secret keys stay out of listings");

    const viaControl = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/users`, { name: unique("c") });
    const users = await sdk("cam", server).ListUsers();
    assert.ok(users.Data!.some((u) => u.Name === viaControl.name && String(u.Uin) === viaControl.subUin));
    const got = await sdk("cam", server).GetUser({ Name: viaControl.name });
    assert.equal(String(got.Uin), viaControl.subUin);
    // Its key is a CAM access key like any other.
    assert.deepEqual((await sdk("cam", server).ListAccessKeys({ TargetUin: Number(viaControl.subUin) })).AccessKeys!.map((k) => k.AccessKeyId), [viaControl.secretId]);
    // Names are unique across both doors.
    await expectCode(sdk("cam", server).AddUser({ Name: viaControl.name }), "InvalidParameter.SubUserNameInUse");
    assert.equal((await server.controlRaw("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/users`, { name: made.name })).status, 409);
  });

  test("CAM is called without a Region (a Region given anyway changes nothing); accounts are isolated", async () => {
    const name = unique("r");
    await sdk("cam", server).AddUser({ Name: name });
    assert.equal((await sdk("cam", server, { region: "ap-shanghai" }).GetUser({ Name: name })).Name, name);
    const other = await server.control("POST", "/accounts");
    await expectCode(sdk("cam", server, { credential: other }).GetUser({ Name: name }), "ResourceNotFound.UserNotExist");
  });
});

describe("CloudAudit", () => {
  test("CAM and STS calls are CloudAudit events of the account", async () => {
    const account = await server.control("POST", "/accounts");
    const credential = { secretId: account.secretId, secretKey: account.secretKey };
    const added = await sdk("cam", server, { credential }).AddUser({ Name: unique("ev"), UseApi: 1 });
    const who = await sdk("sts", server, { credential }).GetCallerIdentity();
    const now = Math.floor(Date.now() / 1000);
    const { Events } = await sdk("cloudaudit", server, { credential }).LookUpEvents({ StartTime: now - 3600, EndTime: now + 3600 * 24 * 2, MaxResults: 10 });
    const names = Events!.map((e) => [e.EventName, e.RequestID]);
    assert.deepEqual(names.slice(0, 2), [["GetCallerIdentity", who.RequestId], ["AddUser", added.RequestId]]);
  });
});
