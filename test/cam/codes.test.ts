import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { policyDoc } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const allow = { effect: "allow", action: ["kms:Encrypt"], resource: ["*"] };
const trust = policyDoc({ effect: "allow", action: ["sts:AssumeRole"], principal: { qcs: ["qcs::cam::uin/100000000001:root"] } });

test("CAM's documented codes, each from a realistic call", async () => {
  const cam = sdk("cam", server);
  const user = await cam.AddUser({ Name: "taken" });
  const { GroupId } = await cam.CreateGroup({ GroupName: "taken" });
  const { PolicyId } = await cam.CreatePolicy({ PolicyName: "taken", PolicyDocument: policyDoc(allow) });
  await cam.CreateRole({ RoleName: "taken", PolicyDocument: trust });
  const cases: [string, () => Promise<unknown>][] = [
    ["InvalidParameter.SubUserNameInUse", () => cam.AddUser({ Name: "taken" })],
    ["InvalidParameter.UserNameIllegal", () => cam.AddUser({ Name: "bad name!" })],
    ["InvalidParameter.PasswordViolatedRules", () => cam.AddUser({ Name: "weak", ConsoleLogin: 1, Password: "password" })],
    ["ResourceNotFound.UserNotExist", () => cam.GetUser({ Name: "nobody" })],
    ["InvalidParameter.GroupNameInUse", () => cam.CreateGroup({ GroupName: "taken" })],
    ["ResourceNotFound.GroupNotExist", () => cam.GetGroup({ GroupId: 1 })],
    ["InvalidParameter.GroupNotExist", () => cam.AddUserToGroup({ Info: [{ GroupId: 1, Uin: user.Uin }] })],
    ["InvalidParameter.UserUinAndUinNotAllNull", () => cam.AddUserToGroup({ Info: [{ GroupId: GroupId! }] })],
    ["FailedOperation.PolicyNameInUse", () => cam.CreatePolicy({ PolicyName: "taken", PolicyDocument: policyDoc(allow) })],
    ["InvalidParameter.PolicyNameError", () => cam.CreatePolicy({ PolicyName: "no spaces", PolicyDocument: policyDoc(allow) })],
    ["InvalidParameter.PolicyDocumentError", () => cam.CreatePolicy({ PolicyName: "p1", PolicyDocument: "{not json" })],
    ["InvalidParameter.VersionError", () => cam.CreatePolicy({ PolicyName: "p1", PolicyDocument: JSON.stringify({ version: "1.0", statement: [allow] }) })],
    ["InvalidParameter.StatementError", () => cam.CreatePolicy({ PolicyName: "p1", PolicyDocument: JSON.stringify({ version: "2.0", statement: [] }) })],
    ["InvalidParameter.EffectError", () => cam.CreatePolicy({ PolicyName: "p1", PolicyDocument: policyDoc({ ...allow, effect: "maybe" }) })],
    ["InvalidParameter.ActionError", () => cam.CreatePolicy({ PolicyName: "p1", PolicyDocument: policyDoc({ ...allow, action: ["Encrypt with spaces"] }) })],
    ["InvalidParameter.ResourceError", () => cam.CreatePolicy({ PolicyName: "p1", PolicyDocument: policyDoc({ ...allow, resource: ["qcs::kms:ap-guangzhou"] }) })],
    ["InvalidParameter.ResourceQcsError", () => cam.CreatePolicy({ PolicyName: "p1", PolicyDocument: policyDoc({ ...allow, resource: ["arn:aws:s3:::x"] }) })],
    ["InvalidParameter.ResourceQcsError", () => cam.CreatePolicyVersion({ PolicyId: PolicyId!, SetAsDefault: false, PolicyDocument: policyDoc({ ...allow, resource: ["kms:key/x"] }) })],
    ["InvalidParameter.ConditionError", () => cam.CreatePolicy({ PolicyName: "p1", PolicyDocument: policyDoc({ ...allow, condition: { string_equal: ["qcs:ip"] } }) })],
    ["InvalidParameter.ConditionTypeError", () => cam.CreatePolicy({ PolicyName: "p1", PolicyDocument: policyDoc({ ...allow, condition: { string_maybe: { "qcs:ip": "x" } } }) })],
    ["InvalidParameter.ConditionTypeError", () => cam.UpdatePolicy({ PolicyId: PolicyId!, PolicyDocument: policyDoc({ ...allow, condition: { for_some_value: { "qcs:ip": "x" } } }) })],
    ["InvalidParameter.ConditionContentError", () => cam.CreatePolicy({ PolicyName: "p1", PolicyDocument: policyDoc({ ...allow, condition: { ip_equal: { "qcs:ip": ["10.0.0.0/33"] } } }) })],
    ["InvalidParameter.ConditionContentError", () => cam.CreatePolicy({ PolicyName: "p1", PolicyDocument: policyDoc({ ...allow, condition: { ip_not_equal: { "qcs:ip": "localhost" } } }) })],
    ["InvalidParameter.ConditionContentError", () => cam.CreatePolicy({ PolicyName: "p1", PolicyDocument: policyDoc({ ...allow, condition: { date_less_than: { "qcs:current_time": "tomorrow" } } }) })],
    ["InvalidParameter.ConditionContentError", () => cam.CreatePolicy({ PolicyName: "p1", PolicyDocument: policyDoc({ ...allow, condition: { numeric_greater_than_if_exist: { "cvm:cpu": "four" } } }) })],
    ["InvalidParameter.ConditionContentError", () => cam.CreateRole({ RoleName: "r1", PolicyDocument: policyDoc({ effect: "allow", action: ["sts:AssumeRole"], principal: { qcs: ["qcs::cam::uin/100000000001:root"] }, condition: { ip_equal: { "qcs:ip": "nowhere" } } }) })],
    ["InvalidParameter.OperatePoliciesOverLimit", () => cam.DeletePolicy({ PolicyId: Array.from({ length: 201 }, (_, i) => 100000000 + i) })],
    ["InvalidParameter.PrincipalError", () => cam.CreatePolicy({ PolicyName: "p1", PolicyDocument: policyDoc({ ...allow, principal: { qcs: ["*"] } }) })],
    ["InvalidParameter.DescriptionLengthOverlimit", () => cam.CreatePolicy({ PolicyName: "p1", PolicyDocument: policyDoc(allow), Description: "x".repeat(301) })],
    ["InvalidParameter.PolicyDocumentLengthOverLimit", () => cam.CreatePolicy({ PolicyName: "p1", PolicyDocument: policyDoc({ ...allow, resource: Array(400).fill("qcs::kms:ap-guangzhou:uin/1:key/x") }) })],
    ["ResourceNotFound.PolicyIdNotFound", () => cam.GetPolicy({ PolicyId: 999 })],
    ["ResourceNotFound.PolicyIdNotFound", () => cam.AttachUserPolicy({ PolicyId: 999, AttachUin: user.Uin! })],
    ["ResourceNotFound.UserNotExist", () => cam.AttachUserPolicy({ PolicyId: PolicyId!, AttachUin: 100000000 })],
    ["InvalidParameter.PolicyIdError", () => cam.DeletePolicy({ PolicyId: [1] })],
    ["InvalidParameter.PolicyVersionNotExists", () => cam.GetPolicyVersion({ PolicyId: PolicyId!, VersionId: 9 })],
    ["FailedOperation.PolicyVersionAlreadyDefault", () => cam.DeletePolicyVersion({ PolicyId: PolicyId!, VersionId: [1] })],
    ["InvalidParameter.EntityFilterError", () => cam.ListEntitiesForPolicy({ PolicyId: PolicyId!, EntityFilter: "Robots" })],
    ["InvalidParameter.ScopeError", () => cam.ListPolicies({ Scope: "Mine" })],
    ["InvalidParameter.RoleNameInUse", () => cam.CreateRole({ RoleName: "taken", PolicyDocument: trust })],
    ["InvalidParameter.RoleNameError", () => cam.CreateRole({ RoleName: "bad name", PolicyDocument: trust })],
    ["InvalidParameter.PrincipalError", () => cam.CreateRole({ RoleName: "r1", PolicyDocument: policyDoc({ effect: "allow", action: ["sts:AssumeRole"] }) })],
    ["InvalidParameter.PrincipalQcsNotExist", () => cam.CreateRole({ RoleName: "r1", PolicyDocument: policyDoc({ effect: "allow", action: ["sts:AssumeRole"], principal: { qcs: ["qcs::cam::uin/999:root"] } }) })],
    ["InvalidParameter.PrincipalQcsError", () => cam.CreateRole({ RoleName: "r1", PolicyDocument: policyDoc({ effect: "allow", action: ["sts:AssumeRole"], principal: { qcs: ["someone"] } }) })],
    ["InvalidParameter.TagLimitExceeded", () => cam.CreateRole({ RoleName: "r1", PolicyDocument: trust, Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) })],
    ["InvalidParameter.RoleNotExist", () => cam.GetRole({ RoleName: "nobody" })],
    ["InvalidParameter.PolicyIdNotExist", () => cam.AttachRolePolicy({ PolicyName: "nothing", AttachRoleName: "taken" })],
    ["ResourceNotFound.SecretNotExist", () => cam.DeleteAccessKey({ AccessKeyId: "AKIDnothing0000000000000000000000000" })],
    ["InvalidParameter.UserNotExist", () => cam.CreateAccessKey({ TargetUin: 100000000 })],
    ["InvalidParameter.PasswordRuleError", () => cam.UpdatePasswordRules({ Rules: { MinimumLength: 4 } })],
    ["InvalidParameter.IPIllegal", () => cam.CreateSubAccountLoginIpPolicy({ IpPolicies: [{ IP: "999.1.1.1", Effect: "Allow" }] })],
    ["InvalidParameterValue.MetadataError", () => cam.CreateSAMLProvider({ Name: "idp", Description: "d", SAMLMetadataDocument: Buffer.from("<html/>").toString("base64") })],
    ["InvalidParameterValue.IdentityUrlError", () => cam.CreateOIDCConfig({ Name: "idp", IdentityUrl: "http://insecure", ClientId: ["c"], IdentityKey: "e30=" })],
    ["ResourceNotFound.IdentityNotExist", () => cam.GetSAMLProvider({ Name: "nothing" })],
    ["ResourceNotFound.IdentityNotExist", () => cam.DescribeUserOIDCConfig()],
    ["FailedOperation.UserNotBindPhone", () => cam.SetMfaFlag({ OpUin: user.Uin!, LoginFlag: { Phone: 1 } })],
    ["ResourceNotFound.UserNotExists", () => cam.DeleteMessageReceiver({ Name: "nobody" })],
  ];
  for (const [code, call] of cases) await expectCode(call(), code);
  // Nothing changed by the refused calls.
  assert.equal((await cam.ListPolicies({ Scope: "Local" })).TotalNum, 1);
  assert.equal((await cam.DescribeRoleList({ Page: 1, Rp: 10 })).TotalNum, 1);
});

test("Chinese messages for zh-CN callers, the policy version quota, and injected codes", async () => {
  const zh = sdk("cam", server, { language: "zh-CN" });
  const e = await expectCode(zh.GetPolicy({ PolicyId: 999 }), "ResourceNotFound.PolicyIdNotFound");
  assert.equal(e.message, "PolicyId指定的资源不存在。");
  const en = await expectCode(sdk("cam", server).GetPolicy({ PolicyId: 999 }), "ResourceNotFound.PolicyIdNotFound");
  assert.match(en.message, /The policy 999 does not exist/);
  const cam = sdk("cam", server);
  const { PolicyId } = await cam.CreatePolicy({ PolicyName: "versions", PolicyDocument: policyDoc(allow) });
  for (let i = 0; i < 4; i++) await cam.CreatePolicyVersion({ PolicyId: PolicyId!, PolicyDocument: policyDoc(allow), SetAsDefault: false });
  await expectCode(cam.CreatePolicyVersion({ PolicyId: PolicyId!, PolicyDocument: policyDoc(allow), SetAsDefault: true }), "FailedOperation.PolicyVersionFull");
  await server.control("POST", "/faults", { service: "cam", action: "ListUsers", code: "FailedOperation", count: 1 });
  await expectCode(cam.ListUsers(), "FailedOperation");
  assert.ok(Array.isArray((await cam.ListUsers()).Data));
});
