import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { expectCode } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { cloudaudit, createAuditRequest, legacy, newAccount } from "./helpers";

/** The tracking sets of the CreateAudit family: lifecycle, update rules, quota, and the region lists. */
let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("create, describe, list, update, stop/start and delete a tracking set", async () => {
  const { credential, uin } = await newAccount(server);
  const ca = cloudaudit(server, credential);
  const old = legacy(server, credential);
  assert.equal((await ca.InquireAuditCredit()).AuditAmount, 5);
  const created = (await old.request(
    "CreateAudit",
    createAuditRequest({ AuditName: "ops_trail", CosBucketName: "ops-logs", CosRegion: "ap-shanghai", ReadWriteAttribute: 2 }),
  )) as { IsSuccess: number };
  assert.equal(created.IsSuccess, 1);
  assert.equal((await ca.InquireAuditCredit()).AuditAmount, 4);

  const d = await ca.DescribeAudit({ AuditName: "ops_trail" });
  assert.equal(d.AuditStatus, 1);
  assert.equal(d.CosBucketName, "ops-logs");
  assert.equal(d.CosRegion, "ap-shanghai");
  assert.equal(d.LogFilePrefix, uin, "the account ID is the default log file prefix");
  assert.equal(d.ReadWriteAttribute, 2);
  assert.equal(d.IsEnableCmqNotify, 0);
  assert.equal(d.CmqQueueName, "");
  assert.equal(d.IsEnableKmsEncry, 0);
  const { buckets } = await server.control("GET", `/cloudaudit/buckets?uin=${uin}`);
  assert.deepEqual(
    buckets.map((b: { name: string; region: string; createdBy: string }) => [b.name, b.region, b.createdBy]),
    [["ops-logs", "ap-shanghai", "cloudaudit"]],
  );

  assert.deepEqual((await ca.StopLogging({ AuditName: "ops_trail" })).IsSuccess, 1);
  assert.deepEqual((await ca.ListAudits()).AuditSummarys, [{ AuditName: "ops_trail", AuditStatus: 0, CosBucketName: "ops-logs", LogFilePrefix: uin }]);
  await ca.StartLogging({ AuditName: "ops_trail" });
  assert.equal((await ca.DescribeAudit({ AuditName: "ops_trail" })).AuditStatus, 1);

  const updated = await ca.UpdateAudit({
    AuditName: "ops_trail",
    CosBucketName: "ops-logs-v2",
    CosRegion: "ap-beijing",
    IsCreateNewBucket: 1,
    LogFilePrefix: "opsv2",
    ReadWriteAttribute: 3,
    IsEnableCmqNotify: 1,
    IsCreateNewQueue: 1,
    CmqQueueName: "ops-events",
    CmqRegion: "bj",
  });
  assert.equal(updated.IsSuccess, 1);
  const u = await ca.DescribeAudit({ AuditName: "ops_trail" });
  assert.deepEqual(
    [u.CosBucketName, u.CosRegion, u.LogFilePrefix, u.ReadWriteAttribute, u.IsEnableCmqNotify, u.CmqQueueName, u.CmqRegion],
    ["ops-logs-v2", "ap-beijing", "opsv2", 3, 1, "ops-events", "bj"],
  );
  const { queues } = await server.control("GET", `/cloudaudit/queues?uin=${uin}`);
  assert.equal(queues.length, 1);

  // Changing only the queue keeps notifications on; turning them off clears the queue.
  await ca.UpdateAudit({ AuditName: "ops_trail", CmqQueueName: "ops-events-2" });
  assert.equal((await ca.DescribeAudit({ AuditName: "ops_trail" })).CmqQueueName, "ops-events-2");
  await ca.UpdateAudit({ AuditName: "ops_trail", IsEnableCmqNotify: 0 });
  const off = await ca.DescribeAudit({ AuditName: "ops_trail" });
  assert.deepEqual([off.IsEnableCmqNotify, off.CmqQueueName, off.CmqRegion], [0, "", ""]);

  const deleted = (await old.request("DeleteAudit", { AuditName: "ops_trail" })) as { IsSuccess: number };
  assert.equal(deleted.IsSuccess, 1);
  await expectCode(ca.DescribeAudit({ AuditName: "ops_trail" }), "ResourceNotFound.AuditNotExist");
  await expectCode(old.request("DeleteAudit", { AuditName: "ops_trail" }), "ResourceNotFound.AuditNotExist");
  assert.equal((await ca.InquireAuditCredit()).AuditAmount, 5);
});

test("UpdateAudit rules and codes", async () => {
  const { credential, uin } = await newAccount(server);
  const ca = cloudaudit(server, credential);
  await legacy(server, credential).request("CreateAudit", createAuditRequest({ AuditName: "upd_trail", CosBucketName: "upd-logs" }));
  await expectCode(ca.UpdateAudit({ AuditName: "nope_trail", ReadWriteAttribute: 1 }), "ResourceNotFound.AuditNotExist");
  await expectCode(ca.UpdateAudit({ AuditName: "upd_trail", ReadWriteAttribute: 0 }), "InvalidParameterValue.ReadWriteAttributeError");
  await expectCode(ca.UpdateAudit({ AuditName: "upd_trail", CosBucketName: "-bad" }), "InvalidParameterValue.CosNameError");
  await expectCode(ca.UpdateAudit({ AuditName: "upd_trail", CosRegion: "mars-1" }), "InvalidParameterValue.CosRegionError");
  await expectCode(ca.UpdateAudit({ AuditName: "upd_trail", LogFilePrefix: "ab" }), "InvalidParameterValue.LogFilePrefixError");
  await expectCode(ca.UpdateAudit({ AuditName: "upd_trail", IsEnableCmqNotify: 1, CmqQueueName: "q1" }), "MissingParameter.cmq");
  await expectCode(
    ca.UpdateAudit({ AuditName: "upd_trail", IsEnableCmqNotify: 1, IsCreateNewQueue: 1, CmqQueueName: "q_1", CmqRegion: "gz" }),
    "InvalidParameterValue.QueueNameError",
  );
  await expectCode(
    ca.UpdateAudit({ AuditName: "upd_trail", IsEnableCmqNotify: 1, IsCreateNewQueue: 1, CmqQueueName: "q1", CmqRegion: "xx" }),
    "InvalidParameterValue.CmqRegionError",
  );
  await expectCode(ca.UpdateAudit({ AuditName: "upd_trail", IsCreateNewBucket: 1, CosBucketName: "upd-logs" }), "MissingParameter.MissCosRegion");
  await expectCode(
    ca.UpdateAudit({ AuditName: "upd_trail", IsCreateNewBucket: 1, CosBucketName: "upd-logs", CosRegion: "ap-guangzhou" }),
    "ResourceInUse.CosBucketExists",
  );
  await server.control("POST", "/cloudaudit/queues", { uin, region: "gz", name: "taken" });
  await expectCode(
    ca.UpdateAudit({ AuditName: "upd_trail", IsEnableCmqNotify: 1, IsCreateNewQueue: 1, CmqQueueName: "taken", CmqRegion: "gz" }),
    "InternalError.CmqError",
  );
  // The existing queue can be used without creating it.
  await ca.UpdateAudit({ AuditName: "upd_trail", IsEnableCmqNotify: 1, IsCreateNewQueue: 0, CmqQueueName: "taken", CmqRegion: "gz" });
  assert.equal((await ca.DescribeAudit({ AuditName: "upd_trail" })).CmqQueueName, "taken");
  const untouched = await ca.DescribeAudit({ AuditName: "upd_trail" });
  assert.equal(untouched.CosBucketName, "upd-logs");
  assert.equal(untouched.ReadWriteAttribute, 3);
});

test("KMS encryption of a tracking set: region and key required, region must be the COS region", async () => {
  const { credential } = await newAccount(server);
  const ca = cloudaudit(server, credential);
  const old = legacy(server, credential);
  const keyId = "7c2d5b7e-1234-11ee-9e8e-525400f9f0a1";
  await expectCode(
    old.request("CreateAudit", createAuditRequest({ IsEnableKmsEncry: 1, KmsRegion: "ap-shanghai", KeyId: keyId })),
    "InvalidParameterValue.KmsRegionError",
  );
  await expectCode(old.request("CreateAudit", createAuditRequest({ IsEnableKmsEncry: 1, KmsRegion: "ap-guangzhou" })), "MissingParameter");
  await old.request("CreateAudit", createAuditRequest({ AuditName: "enc_trail", IsEnableKmsEncry: 1, KmsRegion: "ap-guangzhou", KeyId: keyId }));
  const d = await ca.DescribeAudit({ AuditName: "enc_trail" });
  assert.deepEqual([d.IsEnableKmsEncry, d.KmsRegion, d.KeyId, d.KmsAlias], [1, "ap-guangzhou", keyId, ""]);
});

test("CMQ companions: IsEnableCmqNotify 0 takes none of them", async () => {
  const { credential } = await newAccount(server);
  const old = legacy(server, credential);
  await expectCode(old.request("CreateAudit", createAuditRequest({ IsEnableCmqNotify: 0, CmqQueueName: "q1", CmqRegion: "gz" })), "InvalidParameter");
  await old.request("CreateAudit", createAuditRequest({ AuditName: "cmq_trail", IsEnableCmqNotify: 1, IsCreateNewQueue: 1, CmqQueueName: "q1", CmqRegion: "gz" }));
  const d = await cloudaudit(server, credential).DescribeAudit({ AuditName: "cmq_trail" });
  assert.deepEqual([d.IsEnableCmqNotify, d.CmqQueueName, d.CmqRegion], [1, "q1", "gz"]);
});

test("COS and CMQ regions CloudAudit can deliver to, in Chinese or English", async () => {
  const ca = cloudaudit(server);
  const cos = await ca.ListCosEnableRegion({});
  assert.ok(cos.EnableRegions!.some((r) => r.CosRegion === "ap-shanghai" && r.CosRegionName === "上海(华东)"));
  assert.ok(cos.EnableRegions!.some((r) => r.CosRegion === "ap-hongkong"));
  assert.ok(!cos.EnableRegions!.some((r) => r.CosRegion === "ap-shenzhen-fsi"));
  const cosEn = await ca.ListCosEnableRegion({ WebsiteType: "en" });
  assert.equal(cosEn.EnableRegions!.find((r) => r.CosRegion === "ap-shanghai")!.CosRegionName, "Shanghai (East China)");
  const cmq = await ca.ListCmqEnableRegion({ WebsiteType: "zh" });
  assert.ok(cmq.EnableRegions!.some((r) => r.CmqRegion === "sh" && r.CmqRegionName === "上海"));
  assert.ok(cmq.EnableRegions!.some((r) => r.CmqRegion === "hk"));
  await expectCode(ca.ListCmqEnableRegion({ WebsiteType: "cn" }), "InvalidParameterValue");
});

test("ListKeyAliasByRegion: only KMS regions, paged", async () => {
  const ca = cloudaudit(server);
  await expectCode(ca.ListKeyAliasByRegion({ KmsRegion: "ap-nowhere" }), "InvalidParameterValue.KmsRegionError");
  await expectCode(ca.ListKeyAliasByRegion({ KmsRegion: "ap-guangzhou", Limit: 201 }), "InvalidParameterValue");
  const r = await ca.ListKeyAliasByRegion({ KmsRegion: "ap-guangzhou", Limit: 10, Offset: 0 });
  assert.equal(r.TotalCount, r.KeyMetadatas!.length);
});

test("CloudAudit serves its own regions only", async () => {
  await expectCode(cloudaudit(server, undefined, "ap-mumbai").ListAudits(), "UnsupportedRegion");
  await cloudaudit(server, undefined, "eu-frankfurt").ListAudits();
});
