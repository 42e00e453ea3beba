import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { cloudaudit, createAuditRequest, deliveries, legacy, newAccount, nowSeconds, readDelivered } from "./helpers";

/**
 * The scenario: a sub-user encrypts with KMS and creates a CBS disk. LookUpEvents by Username finds
 * both with the right ReadOnly flags and resources; a tracking set with COS delivery writes a log file that
 * contains them; StopLogging stops further files. ListKeyAliasByRegion reads KMS's own state.
 */
let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("a sub-user's KMS and CBS calls: found by Username, delivered to COS, and no more files after StopLogging", async () => {
  const { credential: root, uin, appId } = await newAccount(server);
  const user = await server.control("POST", `/accounts/${uin}/users`, {
    name: "dev-alice",
    policy: { version: "2.0", statement: [{ effect: "allow", action: ["kms:*", "cbs:*"], resource: ["*"] }] },
  });
  const alice = { secretId: user.secretId, secretKey: user.secretKey };
  await legacy(server, root).request("CreateAudit", createAuditRequest({ AuditName: "security_trail", CosBucketName: "security-logs", LogFilePrefix: "sec" }));

  const kms = sdk("kms", server, { credential: alice });
  const cbs = sdk("cbs", server, { credential: alice });
  const key = await kms.CreateKey({ Alias: "scenario-key", Description: "CloudAudit scenario" });
  const keyId = key.KeyId!;
  const encrypted = await kms.Encrypt({ KeyId: keyId, Plaintext: Buffer.from("card 4111 1111 1111 1111").toString("base64") });
  const described = await kms.DescribeKey({ KeyId: keyId });
  const disk = await cbs.CreateDisks({
    Placement: { Zone: "ap-guangzhou-3" },
    DiskChargeType: "POSTPAID_BY_HOUR",
    DiskType: "CLOUD_PREMIUM",
    DiskSize: 20,
    DiskName: "audit-scenario",
  });
  const diskId = disk.DiskIdSet![0];

  const ca = cloudaudit(server, root);
  const found = await ca.LookUpEvents({
    StartTime: nowSeconds() - 600,
    EndTime: nowSeconds() + 5,
    MaxResults: 50,
    LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "dev-alice" }],
  });
  const byName = new Map(found.Events!.map((e) => [e.EventName, e]));
  assert.deepEqual(found.Events!.map((e) => e.EventName), ["CreateDisks", "DescribeKey", "Encrypt", "CreateKey"]);
  const enc = byName.get("Encrypt")!;
  assert.equal(enc.RequestID, encrypted.RequestId);
  assert.equal(enc.Username, "dev-alice");
  assert.equal(enc.SecretId, alice.secretId);
  assert.equal(enc.EventSource, "kms.tencentcloudapi.com");
  assert.equal(enc.Resources!.ResourceType, "kms");
  assert.ok(enc.Resources!.ResourceName!.split(",").includes(keyId), "Encrypt names the key it used");
  assert.equal(JSON.parse(enc.CloudAuditEvent!).actionType, "Write");
  assert.equal(JSON.parse(enc.CloudAuditEvent!).apiErrorCode, 0);
  assert.equal(JSON.parse(byName.get("DescribeKey")!.CloudAuditEvent!).actionType, "Read");
  assert.ok(byName.get("CreateKey")!.Resources!.ResourceName!.split(",").includes(keyId), "CreateKey names the key it created");
  const create = byName.get("CreateDisks")!;
  assert.equal(create.RequestID, disk.RequestId);
  assert.equal(create.ResourceTypeCn, "云硬盘");
  assert.ok(create.Resources!.ResourceName!.split(",").includes(diskId), "CreateDisks names the disk it created");
  assert.equal(JSON.parse(create.CloudAuditEvent!).actionType, "Write");
  const readOnly = await ca.LookUpEvents({
    StartTime: nowSeconds() - 600,
    EndTime: nowSeconds() + 5,
    LookupAttributes: [
      { AttributeKey: "Username", AttributeValue: "dev-alice" },
      { AttributeKey: "ReadOnly", AttributeValue: "true" },
    ],
  });
  assert.deepEqual(readOnly.Events!.map((e) => e.RequestID), [described.RequestId]);

  const aliases = await ca.ListKeyAliasByRegion({ KmsRegion: "ap-guangzhou" });
  assert.deepEqual(aliases.KeyMetadatas!.find((k) => k.KeyId === keyId), { KeyId: keyId, Alias: "scenario-key" });

  const { files } = await deliveries(server);
  const logFiles = files.filter((f) => f.path.startsWith(`cos/security-logs-${appId}/sec/`));
  assert.ok(logFiles.length >= 1);
  const shipped = [];
  for (const f of logFiles) shipped.push(...(await readDelivered(server, f)));
  for (const id of [key.RequestId, encrypted.RequestId, described.RequestId, disk.RequestId]) {
    assert.ok(shipped.some((e) => e.requestID === id), `the log files contain ${id}`);
  }
  assert.equal(shipped.find((e) => e.requestID === encrypted.RequestId)!.userIdentity.userName, "dev-alice");

  await ca.StopLogging({ AuditName: "security_trail" });
  const stopped = new Set((await deliveries(server)).files.map((f) => f.path));
  await kms.Encrypt({ KeyId: keyId, Plaintext: Buffer.from("after the stop").toString("base64") });
  await cbs.DescribeDisks({ DiskIds: [diskId] });
  const later = (await deliveries(server)).files.filter((f) => f.path.startsWith(`cos/security-logs-${appId}/`) && !stopped.has(f.path));
  assert.deepEqual(later, [], "no log file after StopLogging");
});
