import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { cloudauditCodes } from "../../src/errors/codes/cloudaudit";
import { expectCode, type Credential } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { cloudaudit, createAuditRequest, legacy, newAccount, nowSeconds, unique } from "./helpers";

/**
 * Each of the 38 product codes of CloudAudit's error-code page (the seed), produced through the official SDK:
 * 27 by a realistic call, the 11 internal failures (InternalError.*Error but CmqError) by fault injection.
 */
let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

interface Case {
  code: string;
  /** Runs the realistic call that must fail with `code`, in a fresh account. */
  run: (c: { credential: Credential; uin: string }) => Promise<unknown>;
}

const createAudit = (credential: Credential, overrides: Record<string, unknown> = {}) =>
  legacy(server, credential).request("CreateAudit", createAuditRequest(overrides));

const lookUp = (credential: Credential, req: Record<string, unknown>) =>
  cloudaudit(server, credential).LookUpEvents({ StartTime: nowSeconds() - 3600, EndTime: nowSeconds(), ...req } as never);

const cmq = (name: string, region = "gz") => ({ IsEnableCmqNotify: 1, IsCreateNewQueue: 1, CmqQueueName: name, CmqRegion: region });

const natural: Case[] = [
  { code: "MissingParameter.MissAuditName", run: ({ credential }) => createAudit(credential, { AuditName: "" }) },
  { code: "InvalidParameterValue.AuditNameError", run: ({ credential }) => createAudit(credential, { AuditName: "my audit!" }) },
  { code: "MissingParameter.MissCosRegion", run: ({ credential }) => createAudit(credential, { CosRegion: "" }) },
  { code: "InvalidParameterValue.CosRegionError", run: ({ credential }) => createAudit(credential, { CosRegion: "ap-shenzhen-fsi" }) },
  { code: "MissingParameter.MissCosBucketName", run: ({ credential }) => createAudit(credential, { CosBucketName: "" }) },
  { code: "InvalidParameterValue.CosNameError", run: ({ credential }) => createAudit(credential, { CosBucketName: "Audit_Logs" }) },
  { code: "InvalidParameterValue.IsCreateNewBucketError", run: ({ credential }) => createAudit(credential, { IsCreateNewBucket: 2 }) },
  { code: "InvalidParameterValue.ReadWriteAttributeError", run: ({ credential }) => createAudit(credential, { ReadWriteAttribute: 4 }) },
  { code: "InvalidParameterValue.LogFilePrefixError", run: ({ credential }) => createAudit(credential, { LogFilePrefix: "log-prefix" }) },
  { code: "InvalidParameterValue.IsEnableCmqNotifyError", run: ({ credential }) => createAudit(credential, { IsEnableCmqNotify: 2 }) },
  { code: "InvalidParameterValue.IsCreateNewQueueError", run: ({ credential }) => createAudit(credential, { ...cmq("auditq"), IsCreateNewQueue: 3 }) },
  {
    code: "MissingParameter.cmq",
    run: ({ credential }) => createAudit(credential, { IsEnableCmqNotify: 1, IsCreateNewQueue: 1, CmqQueueName: "auditq" }),
  },
  { code: "InvalidParameterValue.QueueNameError", run: ({ credential }) => createAudit(credential, cmq("1-audit-queue")) },
  // A COS region id where CMQ wants its region code (gz, sh, ...).
  { code: "InvalidParameterValue.CmqRegionError", run: ({ credential }) => createAudit(credential, cmq("auditq", "ap-guangzhou")) },
  {
    code: "LimitExceeded.OverAmount",
    run: async ({ credential }) => {
      for (let i = 0; i < 5; i++) await createAudit(credential);
      await expectCode(createAudit(credential), "LimitExceeded.OverAmount");
      const { AuditSummarys } = await cloudaudit(server, credential).ListAudits();
      assert.equal(AuditSummarys?.length, 5, "the refused sixth tracking set was not created");
      return createAudit(credential);
    },
  },
  {
    code: "ResourceInUse.AlreadyExistsSameAudit",
    run: async ({ credential }) => {
      await createAudit(credential, { AuditName: "prod_trail" });
      return createAudit(credential, { AuditName: "prod_trail" });
    },
  },
  {
    code: "ResourceInUse.AlreadyExistsSameAuditCosConfig",
    run: async ({ credential }) => {
      await createAudit(credential, { CosBucketName: "shared-logs", LogFilePrefix: "prod" });
      return createAudit(credential, { CosBucketName: "shared-logs", LogFilePrefix: "prod", IsCreateNewBucket: 0 });
    },
  },
  {
    code: "ResourceInUse.AlreadyExistsSameAuditCmqConfig",
    run: async ({ credential }) => {
      await createAudit(credential, cmq("audit-events"));
      return createAudit(credential, { ...cmq("audit-events"), IsCreateNewQueue: 0 });
    },
  },
  {
    code: "ResourceInUse.CosBucketExists",
    run: async ({ credential, uin }) => {
      await server.control("POST", "/cloudaudit/buckets", { uin, region: "ap-guangzhou", name: "existing-logs" });
      return createAudit(credential, { CosBucketName: "existing-logs", IsCreateNewBucket: 1 });
    },
  },
  {
    code: "FailedOperation.CreateBucketFail",
    run: async ({ credential, uin }) => {
      const names = Array.from({ length: 200 }, (_, i) => `bucket-${i}`);
      await server.control("POST", "/cloudaudit/buckets", { uin, region: "ap-shanghai", names });
      return createAudit(credential, { CosBucketName: "one-too-many", IsCreateNewBucket: 1 });
    },
  },
  {
    code: "InternalError.CmqError",
    run: async ({ credential, uin }) => {
      await server.control("POST", "/cloudaudit/queues", { uin, region: "gz", name: "taken-queue" });
      return createAudit(credential, cmq("taken-queue"));
    },
  },
  { code: "ResourceNotFound.AuditNotExist", run: ({ credential }) => cloudaudit(server, credential).DescribeAudit({ AuditName: "never_created" }) },
  { code: "InvalidParameter.Time", run: ({ credential }) => lookUp(credential, { StartTime: Date.now() - 3_600_000, EndTime: Date.now() }) },
  { code: "InvalidParameterValue.Time", run: ({ credential }) => lookUp(credential, { StartTime: nowSeconds(), EndTime: nowSeconds() - 60 }) },
  { code: "LimitExceeded.OverTime", run: ({ credential }) => lookUp(credential, { StartTime: nowSeconds() - 8 * 86400 }) },
  { code: "InvalidParameterValue.MaxResult", run: ({ credential }) => lookUp(credential, { MaxResults: 51 }) },
  {
    code: "InvalidParameterValue.attributeKey",
    run: ({ credential }) => lookUp(credential, { LookupAttributes: [{ AttributeKey: "UserAgent", AttributeValue: "SDK" }] }),
  },
];

/** Internal failures cannot be produced by a correct request: injected with a fault rule on the action they belong to. */
const injected: { code: string; action: string; run: (credential: Credential) => Promise<unknown> }[] = [
  { code: "InternalError.CreateAuditError", action: "CreateAudit", run: (c) => createAudit(c) },
  { code: "InternalError.DeleteAuditError", action: "DeleteAudit", run: (c) => legacy(server, c).request("DeleteAudit", { AuditName: "any_audit" }) },
  { code: "InternalError.DescribeAuditError", action: "DescribeAudit", run: (c) => cloudaudit(server, c).DescribeAudit({ AuditName: "any_audit" }) },
  { code: "InternalError.InquireAuditCreditError", action: "InquireAuditCredit", run: (c) => cloudaudit(server, c).InquireAuditCredit() },
  { code: "InternalError.ListAuditsError", action: "ListAudits", run: (c) => cloudaudit(server, c).ListAudits() },
  { code: "InternalError.ListCmqEnableRegionError", action: "ListCmqEnableRegion", run: (c) => cloudaudit(server, c).ListCmqEnableRegion({}) },
  { code: "InternalError.ListCosEnableRegionError", action: "ListCosEnableRegion", run: (c) => cloudaudit(server, c).ListCosEnableRegion({}) },
  { code: "InternalError.SearchError", action: "LookUpEvents", run: (c) => lookUp(c, {}) },
  { code: "InternalError.StartLoggingError", action: "StartLogging", run: (c) => cloudaudit(server, c).StartLogging({ AuditName: "any_audit" }) },
  { code: "InternalError.StopLoggingError", action: "StopLogging", run: (c) => cloudaudit(server, c).StopLogging({ AuditName: "any_audit" }) },
  { code: "InternalError.UpdateAuditError", action: "UpdateAudit", run: (c) => cloudaudit(server, c).UpdateAudit({ AuditName: "any_audit" }) },
];

test("the table covers exactly the 38 product codes of the seed page", () => {
  const seed = Object.entries(cloudauditCodes)
    .filter(([, v]) => v.origin === "seed")
    .map(([k]) => k)
    .sort();
  assert.equal(seed.length, 38);
  assert.deepEqual([...natural.map((c) => c.code), ...injected.map((c) => c.code)].sort(), seed);
});

for (const c of natural) {
  test(`${c.code} from a realistic call`, async () => {
    const account = await newAccount(server);
    const err = await expectCode(c.run(account) as Promise<unknown>, c.code);
    assert.ok(err.message.length > 0);
  });
}

for (const c of injected) {
  test(`${c.code} through fault injection on ${c.action}`, async () => {
    const account = await newAccount(server);
    await server.control("POST", "/faults", { service: "cloudaudit", action: c.action, code: c.code, count: 1 });
    await expectCode(c.run(account.credential), c.code);
  });
}

test("a refused CreateAudit creates neither the tracking set nor the bucket", async () => {
  const { credential, uin } = await newAccount(server);
  const name = `audit_${unique()}`;
  await server.control("POST", "/cloudaudit/queues", { uin, region: "sh", name: "busy-queue" });
  await expectCode(
    createAudit(credential, { AuditName: name, CosBucketName: "fresh-bucket", ...cmq("busy-queue", "sh") }),
    "InternalError.CmqError",
  );
  await expectCode(cloudaudit(server, credential).DescribeAudit({ AuditName: name }), "ResourceNotFound.AuditNotExist");
  const { buckets } = await server.control("GET", `/cloudaudit/buckets?uin=${uin}`);
  assert.deepEqual(buckets, []);
});
