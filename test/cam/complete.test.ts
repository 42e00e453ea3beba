import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { after, before, test } from "node:test";
import { serviceCatalog } from "../../src/generated/catalog";
import { assertComplete } from "../helpers/complete";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { policyDoc } from "./helpers";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const b64 = (s: string) => Buffer.from(s).toString("base64");
const METADATA = b64('<EntityDescriptor entityID="https://idp.example.com"><X509Certificate>MIIB</X509Certificate></EntityDescriptor>');
const JWKS = b64(JSON.stringify({ keys: [{ ...generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" }), kid: "k" }] }));

test("every CAM action answers every member of its SDK response model", async () => {
  const seen = new Set<string>();
  const caller = (client: object) => async <T = Record<string, any>>(action: string, params?: unknown): Promise<T> => {
    const fn = (client as Record<string, (p?: unknown) => Promise<T>>)[action].bind(client);
    const r = await fn(params);
    assertComplete("cam", action, r);
    seen.add(action);
    return r;
  };
  const call = caller(sdk("cam", server));
  type R = Record<string, any>;

  // Users and keys.
  const jack = await call<R>("AddUser", { Name: "jack", Remark: "pm", ConsoleLogin: 1, UseApi: 1, Password: "Passw0rd!x", PhoneNum: "10086", CountryCode: "86", Email: "jack@example.com" });
  assert.equal(jack.Password, "Passw0rd!x");
  const rose = await call<R>("AddUser", { Name: "rose", ConsoleLogin: 1 });
  assert.equal(rose.Password.length, 32, "a generated password");
  await call("GetUser", { Name: "jack" });
  await call("UpdateUser", { Name: "jack", Remark: "product manager", Email: "j@example.com" });
  await call("ListUsers");
  await call("DescribeSubAccounts", { FilterSubAccountUin: [jack.Uin, rose.Uin] });
  await call("ListAccounts", { MaxItems: 2 });
  await call("ListCollaborators", {});
  await call("ListWeChatWorkSubAccounts", { Offset: 0, Limit: 10 });
  await call("GetUserAppId");
  const key = await call<R>("CreateAccessKey", { TargetUin: rose.Uin, Description: "ci" });
  await call("ListAccessKeys", { TargetUin: rose.Uin });
  await call("UpdateAccessKey", { TargetUin: rose.Uin, AccessKeyId: key.AccessKey.AccessKeyId, Status: "Inactive" });
  await call("GetSecurityLastUsed", { SecretIdList: [jack.SecretId] });
  await call("DeleteAccessKey", { TargetUin: rose.Uin, AccessKeyId: key.AccessKey.AccessKeyId });

  // Groups.
  const { GroupId } = await call<R>("CreateGroup", { GroupName: "ops", Remark: "operations" });
  await call("UpdateGroup", { GroupId, Remark: "ops team" });
  await call("AddUserToGroup", { Info: [{ GroupId, Uin: jack.Uin }, { GroupId, Uid: rose.Uid }] });
  await call("GetGroup", { GroupId });
  await call("ListGroups", { Page: 1, Rp: 20 });
  await call("ListUsersForGroup", { GroupId });
  await call("ListGroupsForUser", { SubUin: jack.Uin });
  await call("RemoveUserFromGroup", { Info: [{ GroupId, Uid: rose.Uid }] });

  // Policies and versions.
  const doc = policyDoc({ effect: "allow", action: ["name/kms:*"], resource: ["*"] });
  const { PolicyId } = await call<R>("CreatePolicy", { PolicyName: "kms-all", PolicyDocument: doc, Description: "all of KMS", Tags: [{ Key: "team", Value: "ops" }] });
  await call("GetPolicy", { PolicyId });
  await call("GetPolicy", { PolicyId: 1 });
  await call("UpdatePolicy", { PolicyId, Description: "KMS" });
  const { VersionId } = await call<R>("CreatePolicyVersion", { PolicyId, PolicyDocument: policyDoc({ effect: "allow", action: ["kms:List*"], resource: ["*"] }), SetAsDefault: false });
  await call("GetPolicyVersion", { PolicyId, VersionId });
  await call("ListPolicyVersions", { PolicyId });
  await call("SetDefaultPolicyVersion", { PolicyId, VersionId });
  await call("DeletePolicyVersion", { PolicyId, VersionId: [1] });
  await call("ListPolicies", { Rp: 50, Page: 1, Scope: "All" });

  // Attachments.
  await call("AttachUserPolicy", { PolicyId, AttachUin: jack.Uin });
  await call("AttachGroupPolicy", { PolicyId: 1, AttachGroupId: GroupId });
  await call("ListAttachedUserPolicies", { TargetUin: jack.Uin });
  await call("ListAttachedGroupPolicies", { TargetGroupId: GroupId });
  await call("ListAttachedUserAllPolicies", { TargetUin: jack.Uin, Rp: 20, Page: 1, AttachType: 0 });
  await call("ListEntitiesForPolicy", { PolicyId });
  await call("ListPoliciesGrantingServiceAccess", { TargetUin: jack.Uin });
  await call("PutUserPermissionsBoundary", { TargetUin: jack.Uin, PolicyId });
  await call("GetUserPermissionBoundary", { TargetUin: jack.Uin });
  await call("DeleteUserPermissionsBoundary", { TargetUin: jack.Uin });

  // Roles.
  const trust = policyDoc({ effect: "allow", action: ["name/sts:AssumeRole"], principal: { service: ["cvm.qcloud.com"] } });
  const { RoleId } = await call<R>("CreateRole", { RoleName: "app", PolicyDocument: trust, Description: "app role", SessionDuration: 3600, Tags: [{ Key: "env", Value: "dev" }] });
  await call("GetRole", { RoleId });
  await call("DescribeRoleList", { Page: 1, Rp: 20 });
  await call("UpdateAssumeRolePolicy", { RoleName: "app", PolicyDocument: trust });
  await call("UpdateRoleDescription", { RoleId, Description: "the app" });
  await call("UpdateRoleConsoleLogin", { RoleName: "app", ConsoleLogin: 1 });
  await call("UpdateRoleSessionDuration", { RoleName: "app", SessionDuration: 7200 });
  await call("TagRole", { RoleName: "app", Tags: [{ Key: "owner", Value: "ops" }] });
  await call("UntagRole", { RoleName: "app", TagKeys: ["env"] });
  await call("AttachRolePolicy", { PolicyName: "QcloudKMSFullAccess", AttachRoleName: "app" });
  await call("ListAttachedRolePolicies", { Page: 1, Rp: 20, RoleName: "app" });
  await call("PutRolePermissionsBoundary", { RoleName: "app", PolicyId });
  await call("GetRolePermissionBoundary", { RoleId });
  await call("DeleteRolePermissionsBoundary", { RoleName: "app" });
  await call("DetachRolePolicy", { PolicyName: "QcloudKMSFullAccess", DetachRoleName: "app" });
  const linked = await call<R>("CreateServiceLinkedRole", { QCSServiceName: ["ccs.qcloud.com"], CustomSuffix: "Admin", Description: "tke" });
  const linkedName = (await call<R>("GetRole", { RoleId: linked.RoleId })).RoleInfo.RoleName;
  const { DeletionTaskId } = await call<R>("DeleteServiceLinkedRole", { RoleName: linkedName });
  const status = await call<R>("GetServiceLinkedRoleDeletionStatus", { DeletionTaskId });
  assert.equal(status.Status, "SUCCEEDED");

  // Security settings.
  await call("SetMfaFlag", { OpUin: jack.Uin, LoginFlag: { Phone: 1 }, ActionFlag: { Stoken: 1 } });
  await call("DescribeSafeAuthFlagColl", { SubUin: jack.Uin });
  await call("DescribeSafeAuthFlag");
  await call("DescribeSafeAuthFlagIntl");
  await call("UpdatePasswordRules", { Rules: { MinimumLength: 10, MustContain: "Aa1" } });
  await call("GetPasswordRules");
  await call("CreateSubAccountLoginIpPolicy", { IpPolicies: [{ IP: "10.0.0.0/8", Effect: "Allow" }] });
  await call("GetAccountSummary");

  // Identity providers and user SSO (SAML here, OIDC in another account: one user SSO per account).
  await call("CreateSAMLProvider", { Name: "okta", Description: "okta", SAMLMetadataDocument: METADATA });
  await call("GetSAMLProvider", { Name: "okta" });
  await call("ListSAMLProviders");
  await call("UpdateSAMLProvider", { Name: "okta", Description: "Okta" });
  await call("DeleteSAMLProvider", { Name: "okta" });
  await call("CreateOIDCConfig", { Name: "oidc", IdentityUrl: "https://idp.example.com", ClientId: ["c1"], IdentityKey: JWKS });
  await call("DescribeOIDCConfig", { Name: "oidc" });
  await call("UpdateOIDCConfig", { Name: "oidc", IdentityUrl: "https://idp.example.com", ClientId: ["c1", "c2"], IdentityKey: JWKS });
  await call("DeleteOIDCConfig", { Name: "oidc" });
  await call("CreateUserSAMLConfig", { SAMLMetadataDocument: METADATA });
  await call("DescribeUserSAMLConfig");
  await call("UpdateUserSAMLConfig", { Operate: "disable" });
  await call("DisableUserSSO");
  const other = caller(sdk("cam", server, { credential: await server.control("POST", "/accounts") }));
  const oidc = { IdentityUrl: "https://idp.example.com", ClientId: "c1", AuthorizationEndpoint: "https://idp.example.com/auth", ResponseType: "id_token", ResponseMode: "form_post", MappingFiled: "sub", IdentityKey: JWKS };
  await other("CreateUserOIDCConfig", oidc);
  await other("DescribeUserOIDCConfig");
  await other("UpdateUserOIDCConfig", { ...oidc, Scope: ["openid", "email"] });

  // Message receivers.
  await call("CreateMessageReceiver", { Name: "ops-oncall", CountryCode: "86", PhoneNumber: "13800000000", Email: "oncall@example.com" });
  await call("ListReceiver", { Offset: 0, Limit: 10 });
  await call("DeleteMessageReceiver", { Name: "ops-oncall" });

  // Clean-up actions last.
  await call("DetachGroupPolicy", { PolicyId: 1, DetachGroupId: GroupId });
  await call("DetachUserPolicy", { PolicyId, DetachUin: jack.Uin });
  await call("DeletePolicy", { PolicyId: [PolicyId] });
  await call("DeleteRole", { RoleName: "app" });
  await call("DeleteGroup", { GroupId });
  await call("DeleteUser", { Name: "jack", Force: 1 });

  // No custom MFA token or data-flow authentication exists in tclocal: these answer as CAM does for one that does not.
  const cam = sdk("cam", server);
  await expectCode(cam.ConsumeCustomMFAToken({ MFAToken: "x" }), "InvalidParameter.MFATokenError");
  await expectCode(cam.GetCustomMFATokenInfo({ MFAToken: "x" }), "InvalidParameter.MFATokenError");
  await expectCode(cam.BuildDataFlowAuthToken({ ResourceId: "cdb-1", ResourceRegion: "ap-guangzhou", ResourceAccount: "root" }), "ResourceNotFound.DataFlowAuthClose");
  for (const a of ["ConsumeCustomMFAToken", "GetCustomMFATokenInfo", "BuildDataFlowAuthToken"]) seen.add(a);

  const missing = serviceCatalog.cam.actions.filter((a) => !seen.has(a));
  assert.deepEqual(missing, [], "every CAM action is exercised");
});
