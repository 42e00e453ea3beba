import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sdk, expectCode, type Credential } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { cloudaudit, createAuditRequest, legacy, newAccount, nowSeconds } from "./helpers";

/** LookUpEvents, DescribeEvents and GetAttributeKey over the calls recorded in the audit trail. */
let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const window = () => ({ StartTime: nowSeconds() - 600, EndTime: nowSeconds() + 5 });

async function subUser(uin: string, name: string, actions: string[]): Promise<Credential & { subUin: string }> {
  const u = await server.control("POST", `/accounts/${uin}/users`, {
    name,
    policy: { version: "2.0", statement: [{ effect: "allow", action: actions, resource: ["*"] }] },
  });
  return { secretId: u.secretId, secretKey: u.secretKey, subUin: u.subUin };
}

test("a call made a moment ago is found with its real fields, newest first", async () => {
  const { credential, uin, appId } = await newAccount(server);
  const ca = cloudaudit(server, credential);
  const name = "findme_audit";
  const created = (await legacy(server, credential).request("CreateAudit", createAuditRequest({ AuditName: name }))) as { RequestId: string };
  const listed = await ca.ListAudits();
  const failed = await expectCode(ca.DescribeAudit({ AuditName: "missing_audit" }), "ResourceNotFound.AuditNotExist");

  const r = await ca.LookUpEvents({ ...window(), MaxResults: 10 });
  assert.deepEqual(
    r.Events!.map((e) => e.EventName),
    ["DescribeAudit", "ListAudits", "CreateAudit"],
  );
  const [describe, list, create] = r.Events!;
  assert.equal(describe.RequestID, failed.requestId);
  assert.equal(list.RequestID, listed.RequestId);
  assert.equal(create.RequestID, created.RequestId);
  assert.equal(create.EventId, created.RequestId);
  for (const e of r.Events!) {
    assert.equal(e.Username, "root");
    assert.equal(e.SecretId, credential.secretId);
    assert.equal(e.AccountID, Number(uin));
    assert.equal(e.SourceIPAddress, "127.0.0.1");
    assert.equal(e.EventSource, "cloudaudit.tencentcloudapi.com");
    assert.equal(e.EventRegion, "ap-guangzhou");
    assert.equal(e.ResourceTypeCn, "操作审计");
    assert.equal(e.Resources!.ResourceType, "cloudaudit");
    assert.equal(e.ErrorCode, 0);
    assert.match(e.EventTime!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  }
  assert.equal(create.EventNameCn, "创建跟踪集");
  assert.equal(create.Resources!.ResourceName, name);
  assert.equal(r.ListOver, true);
  assert.equal(r.TotalCount, 3);

  const detail = JSON.parse(create.CloudAuditEvent!);
  assert.equal(detail.actionType, "Write");
  assert.equal(detail.eventName, "CreateAudit");
  assert.equal(detail.apiErrorCode, 0);
  assert.equal(detail.userIdentity.type, "Root");
  assert.equal(detail.userIdentity.accountId, uin);
  assert.equal(JSON.parse(detail.userIdentity.sessionContext).appId, appId);
  assert.equal(JSON.parse(detail.requestParameters).AuditName, name);
  assert.equal(JSON.parse(list.CloudAuditEvent!).actionType, "Read");
  const failure = JSON.parse(describe.CloudAuditEvent!);
  assert.equal(failure.apiErrorCode, "ResourceNotFound.AuditNotExist");
  assert.match(failure.apiErrorMessage, /missing_audit/);
});

test("sub-users, CAM denials and the lookup attributes", async () => {
  const { credential, uin } = await newAccount(server);
  const auditor = await subUser(uin, "auditor", ["cloudaudit:*"]);
  const intern = await subUser(uin, "intern", ["kms:ListKeys"]);
  const asAuditor = cloudaudit(server, auditor);
  await asAuditor.ListCosEnableRegion({});
  await asAuditor.InquireAuditCredit();
  await expectCode(cloudaudit(server, intern).ListAudits(), "AuthFailure.UnauthorizedOperation");
  await legacy(server, credential).request("CreateAudit", createAuditRequest({ AuditName: "root_audit" }));

  const ca = cloudaudit(server, credential);
  const byUser = await ca.LookUpEvents({ ...window(), LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "auditor" }] });
  assert.deepEqual(byUser.Events!.map((e) => e.EventName), ["InquireAuditCredit", "ListCosEnableRegion"]);
  for (const e of byUser.Events!) {
    assert.equal(e.Username, "auditor");
    assert.equal(e.SecretId, auditor.secretId);
    const identity = JSON.parse(e.CloudAuditEvent!).userIdentity;
    assert.equal(identity.type, "CAMUser");
    assert.equal(identity.principalId, auditor.subUin);
  }

  const denied = await ca.LookUpEvents({ ...window(), LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "intern" }] });
  assert.equal(denied.Events!.length, 1);
  assert.equal(denied.Events![0].ErrorCode, 4101);
  assert.equal(JSON.parse(denied.Events![0].CloudAuditEvent!).apiErrorCode, "AuthFailure.UnauthorizedOperation");

  const lookup = async (attrs: { AttributeKey: string; AttributeValue: string }[]) =>
    (await ca.LookUpEvents({ ...window(), LookupAttributes: attrs })).Events!.map((e) => e.EventName);
  assert.deepEqual(await lookup([{ AttributeKey: "ReadOnly", AttributeValue: "false" }]), ["CreateAudit"]);
  assert.deepEqual(await lookup([{ AttributeKey: "ActionType", AttributeValue: "Write" }]), ["CreateAudit"]);
  assert.deepEqual(await lookup([{ AttributeKey: "AccessKeyId", AttributeValue: auditor.secretId }]), ["InquireAuditCredit", "ListCosEnableRegion"]);
  assert.deepEqual(await lookup([{ AttributeKey: "PrincipalId", AttributeValue: auditor.subUin }]), ["InquireAuditCredit", "ListCosEnableRegion"]);
  assert.deepEqual(await lookup([{ AttributeKey: "ResourceName", AttributeValue: "root_audit" }]), ["CreateAudit"]);
  assert.deepEqual(await lookup([{ AttributeKey: "ApiErrorCode", AttributeValue: "AuthFailure.UnauthorizedOperation" }]), ["ListAudits"]);
  // Several values of one key are alternatives; different keys must all hold.
  assert.deepEqual(
    await lookup([
      { AttributeKey: "EventName", AttributeValue: "ListCosEnableRegion" },
      { AttributeKey: "EventName", AttributeValue: "CreateAudit" },
    ]),
    ["CreateAudit", "ListCosEnableRegion"],
  );
  assert.deepEqual(
    await lookup([
      { AttributeKey: "EventName", AttributeValue: "ListCosEnableRegion" },
      { AttributeKey: "Username", AttributeValue: "root" },
    ]),
    [],
  );
  const one = await ca.LookUpEvents({ ...window(), LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "true" }] });
  const id = one.Events![0].RequestID!;
  assert.deepEqual(await lookup([{ AttributeKey: "RequestId", AttributeValue: id }]), [one.Events![0].EventName]);
});

test("an account never sees another account's events", async () => {
  const a = await newAccount(server);
  const b = await newAccount(server);
  const call = await cloudaudit(server, a.credential).ListAudits();
  const seenByA = await cloudaudit(server, a.credential).LookUpEvents({
    ...window(),
    LookupAttributes: [{ AttributeKey: "RequestId", AttributeValue: call.RequestId! }],
  });
  assert.equal(seenByA.Events!.length, 1);
  const seenByB = await cloudaudit(server, b.credential).LookUpEvents({
    ...window(),
    LookupAttributes: [{ AttributeKey: "RequestId", AttributeValue: call.RequestId! }],
  });
  assert.deepEqual(seenByB.Events, []);
  const all = await cloudaudit(server, b.credential).DescribeEvents({ ...window(), MaxResults: 50 });
  assert.ok(all.Events!.every((e) => e.AccountID === Number(b.uin)));
});

test("paging with NextToken: LookUpEvents (opaque string) and DescribeEvents (number)", async () => {
  const { credential } = await newAccount(server);
  const ca = cloudaudit(server, credential);
  const ids: string[] = [];
  for (let i = 0; i < 7; i++) ids.push((await ca.InquireAuditCredit()).RequestId!);
  const newestFirst = [...ids].reverse();
  const filter = [{ AttributeKey: "EventName", AttributeValue: "InquireAuditCredit" }];
  // A NextToken belongs to its search: every page repeats the same time window.
  const span = window();

  const pages: string[][] = [];
  let token: string | undefined;
  for (;;) {
    const r = await ca.LookUpEvents({ ...span, MaxResults: 3, LookupAttributes: filter, NextToken: token });
    pages.push(r.Events!.map((e) => e.RequestID!));
    if (r.ListOver) {
      assert.equal(r.NextToken, "");
      break;
    }
    token = r.NextToken;
  }
  assert.deepEqual(pages.map((p) => p.length), [3, 3, 1]);
  assert.deepEqual(pages.flat(), newestFirst);

  const first = await ca.LookUpEvents({ ...span, MaxResults: 3, LookupAttributes: filter });
  await expectCode(ca.LookUpEvents({ ...span, MaxResults: 3, NextToken: first.NextToken }), "InvalidParameterValue");

  const d1 = await ca.DescribeEvents({ ...span, MaxResults: 4, LookupAttributes: filter });
  assert.equal(d1.ListOver, false);
  assert.equal(typeof d1.NextToken, "number");
  const d2 = await ca.DescribeEvents({ ...span, MaxResults: 4, LookupAttributes: filter, NextToken: d1.NextToken });
  assert.equal(d2.ListOver, true);
  assert.deepEqual([...d1.Events!, ...d2.Events!].map((e) => e.RequestID), newestFirst);
  assert.match(d1.Events![0].EventTime!, /^\d{10}$/);
  assert.equal(d1.Events![0].Location, "");
  const located = await ca.DescribeEvents({ ...window(), MaxResults: 1, IsReturnLocation: 1 });
  assert.equal(located.Events![0].Location, "内网IP");
});

test("time windows follow the emulator clock: 7 days for LookUpEvents, 90 (30 at a time) for DescribeEvents", async () => {
  const { credential } = await newAccount(server);
  const ca = cloudaudit(server, credential);
  const call = await ca.ListCmqEnableRegion({});
  const { now: before } = await server.control("GET", "/clock");
  const range = { StartTime: before - 60, EndTime: before + 60 };
  const byId = [{ AttributeKey: "RequestId", AttributeValue: call.RequestId! }];
  assert.equal((await ca.LookUpEvents({ ...range, LookupAttributes: byId })).Events!.length, 1);

  await server.control("POST", "/clock", { advanceSeconds: 8 * 86400 });
  try {
    await expectCode(ca.LookUpEvents({ ...range, LookupAttributes: byId }), "LimitExceeded.OverTime");
    const old = await ca.DescribeEvents({ ...range, LookupAttributes: byId });
    assert.equal(old.Events!.length, 1);
    assert.equal(old.Events![0].EventTime, String(Math.floor(Number(old.Events![0].EventTime))));
    await expectCode(ca.DescribeEvents({ StartTime: before - 60, EndTime: before + 30 * 86400 }), "LimitExceeded.OverTime");
    await expectCode(ca.DescribeEvents({ StartTime: before - 90 * 86400, EndTime: before }), "LimitExceeded.OverTime");
    // Times are integers in the model: a fraction is refused by the gateway's validation, like any integer member.
    await expectCode(ca.DescribeEvents({ StartTime: before + 1.5, EndTime: before + 60 }), "InvalidParameter");
    await expectCode(ca.DescribeEvents({ StartTime: (before + 60) * 1000, EndTime: before + 60 }), "InvalidParameter.Time");
    await expectCode(ca.DescribeEvents({ ...range, MaxResults: 0 }), "InvalidParameterValue.MaxResult");
  } finally {
    await server.control("POST", "/clock", { advanceSeconds: -8 * 86400 });
  }
});

test("calls to other products are events too, with their product, region and outcome", async () => {
  const { credential } = await newAccount(server);
  const kms = sdk("kms", server, { credential, region: "ap-shanghai" });
  let code = "0";
  let requestId: string;
  try {
    requestId = (await kms.ListKeys({})).RequestId!;
  } catch (e) {
    const err = e as { code: string; requestId: string };
    code = err.code;
    requestId = err.requestId;
  }
  const r = await cloudaudit(server, credential).LookUpEvents({
    ...window(),
    LookupAttributes: [{ AttributeKey: "ResourceType", AttributeValue: "kms" }],
  });
  assert.equal(r.Events!.length, 1);
  const e = r.Events![0];
  assert.equal(e.RequestID, requestId);
  assert.equal(e.EventName, "ListKeys");
  assert.equal(e.EventSource, "kms.tencentcloudapi.com");
  assert.equal(e.EventRegion, "ap-shanghai");
  assert.equal(e.ResourceTypeCn, "密钥管理系统");
  assert.equal(JSON.parse(e.CloudAuditEvent!).actionType, "Read");
  assert.equal(String(JSON.parse(e.CloudAuditEvent!).apiErrorCode), code);
});

test("GetAttributeKey lists the seven keys LookUpEvents accepts, in Chinese or English", async () => {
  const ca = cloudaudit(server);
  const zh = await ca.GetAttributeKey({});
  assert.deepEqual(
    zh.AttributeKeyDetails!.map((d) => d.Value),
    ["ReadOnly", "AccessKeyId", "RequestId", "EventName", "ResourceName", "ResourceType", "Username"],
  );
  assert.equal(zh.AttributeKeyDetails![0].Label, "只读");
  assert.deepEqual(zh.AttributeKeyDetails!.map((d) => d.Order), [1, 2, 3, 4, 5, 6, 7]);
  const en = await ca.GetAttributeKey({ WebsiteType: "en" });
  assert.equal(en.AttributeKeyDetails![6].Label, "Username");
  await expectCode(ca.GetAttributeKey({ WebsiteType: "jp" }), "InvalidParameterValue");
  for (const d of zh.AttributeKeyDetails!) {
    await ca.LookUpEvents({ ...window(), LookupAttributes: [{ AttributeKey: d.Value, AttributeValue: "x" }] });
  }
});

test("a call refused for its signature is an event of the key's user, with the authentication error code", async () => {
  const { credential, uin } = await newAccount(server);
  const ops = await subUser(uin, "ops-bob", ["cloudaudit:*"]);
  const forged = await expectCode(cloudaudit(server, { secretId: ops.secretId, secretKey: "x".repeat(32) }).ListAudits(), "AuthFailure.SignatureFailure");
  const r = await cloudaudit(server, credential).LookUpEvents({
    ...window(),
    LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "ops-bob" }],
  });
  assert.equal(r.Events!.length, 1);
  const e = r.Events![0];
  assert.equal(e.RequestID, forged.requestId);
  assert.equal(e.ErrorCode, 4100);
  assert.equal(e.SecretId, ops.secretId);
  assert.equal(JSON.parse(e.CloudAuditEvent!).apiErrorCode, "AuthFailure.SignatureFailure");
});

test("messages follow X-TC-Language", async () => {
  const zh = sdk("cloudaudit", server, { language: "zh-CN" });
  const e = await expectCode(zh.LookUpEvents({ ...window(), MaxResults: 80 }), "InvalidParameterValue.MaxResult");
  assert.match(e.message, /单次检索支持的最大返回条数是50/);
  const en = await expectCode(cloudaudit(server).LookUpEvents({ ...window(), MaxResults: 80 }), "InvalidParameterValue.MaxResult");
  assert.match(en.message, /MaxResults must be an integer from 1 to 50 \(got 80\)/);
});
