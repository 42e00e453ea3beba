import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createDecipheriv } from "node:crypto";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { b64, bytes } from "../helpers/encoding";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("hosted data keys: generate, import, describe, list, disable, delete on schedule", async () => {
  const kms = sdk("kms", server);
  const { KeyId } = await kms.CreateKey({ Alias: "dk-root" });
  const hosted = await kms.GenerateDataKey({ KeyId: KeyId!, NumberOfBytes: 24, IsHostedByKms: 1, DataKeyName: "orders-dek", Description: "orders", EncryptionContext: '{"t":"orders"}' });
  assert.match(hosted.DataKeyId!, /^[0-9a-f-]{36}$/);
  await expectCode(kms.GenerateDataKey({ KeyId: KeyId!, KeySpec: "AES_128", IsHostedByKms: 1 }), "InvalidParameterValue.InvalidDataKeyName");
  await expectCode(kms.GenerateDataKey({ KeyId: KeyId!, KeySpec: "AES_128", IsHostedByKms: 1, DataKeyName: "orders-dek" }), "InvalidParameterValue.DataKeyNameAlreadyExists");

  const plain = await kms.GetDataKeyPlaintext({ DataKeyId: hosted.DataKeyId! });
  assert.deepEqual(bytes(plain.Plaintext), bytes(hosted.Plaintext));
  assert.equal((await kms.GetDataKeyCiphertextBlob({ DataKeyId: hosted.DataKeyId! })).CiphertextBlob, hosted.CiphertextBlob);

  const imported = await kms.ImportDataKey({ DataKeyName: "imported-plain", ImportKeyMaterial: b64("0123456789abcdef"), ImportType: 2, KeyId: KeyId! });
  const fromBlob = await kms.GenerateDataKey({ KeyId: KeyId!, KeySpec: "AES_256" });
  const importedBlob = await kms.ImportDataKey({ DataKeyName: "imported-blob", ImportKeyMaterial: fromBlob.CiphertextBlob!, ImportType: 1 });
  assert.equal(importedBlob.KeyId, KeyId);
  assert.deepEqual(bytes((await kms.GetDataKeyPlaintext({ DataKeyId: importedBlob.DataKeyId! })).Plaintext), bytes(fromBlob.Plaintext));
  await expectCode(kms.ImportDataKey({ DataKeyName: "bad", ImportKeyMaterial: "garbage", ImportType: 1 }), "InvalidParameterValue.InvalidImportKeyMaterial");
  await expectCode(kms.ImportDataKey({ DataKeyName: "bad", ImportKeyMaterial: b64("x"), ImportType: 3, KeyId: KeyId! }), "InvalidParameterValue.InvalidType");

  const meta = (await kms.DescribeDataKey({ DataKeyId: imported.DataKeyId! })).DataKeyMetadata!;
  assert.equal(meta.Origin, "EXTERNAL");
  assert.equal(meta.NumberOfBytes, 16);
  assert.equal(meta.KeyName, "dk-root");
  assert.equal(meta.KeyState, "Enabled");
  const many = await kms.DescribeDataKeys({ DataKeyIds: [hosted.DataKeyId!, imported.DataKeyId!] });
  assert.deepEqual(many.DataKeyMetadatas!.map((m) => m.DataKeyName), ["orders-dek", "imported-plain"]);
  await expectCode(kms.DescribeDataKeys({ DataKeyIds: [hosted.DataKeyId!, hosted.DataKeyId!] }), "InvalidParameterValue.DuplicatedDataKeyId");
  await expectCode(kms.DescribeDataKey({ DataKeyId: "nope" }), "InvalidParameterValue.InvalidDataKeyId");
  await expectCode(kms.DescribeDataKey({ DataKeyId: "2a87094f-4c0e-11f0-8c25-52540073b995" }), "ResourceUnavailable.DataKeyNotFound");

  assert.equal((await kms.ListDataKeys({})).TotalCount, 3);
  const detail = await kms.ListDataKeyDetail({ SearchKeyAlias: "imported", OrderType: 1 });
  assert.deepEqual(detail.DataKeyMetadatas!.map((m) => m.DataKeyName), ["imported-plain", "imported-blob"]);

  await kms.UpdateDataKeyName({ DataKeyId: imported.DataKeyId!, DataKeyName: "renamed" });
  await kms.UpdateDataKeyDescription({ DataKeyId: imported.DataKeyId!, Description: "new description" });
  const renamed = (await kms.DescribeDataKey({ DataKeyId: imported.DataKeyId! })).DataKeyMetadata!;
  assert.equal(renamed.DataKeyName, "renamed");
  assert.equal(renamed.Description, "new description");

  await kms.DisableDataKeys({ DataKeyIds: [hosted.DataKeyId!, imported.DataKeyId!] });
  await expectCode(kms.GetDataKeyPlaintext({ DataKeyId: hosted.DataKeyId! }), "ResourceUnavailable.DataKeyDisabled");
  await kms.EnableDataKey({ DataKeyId: hosted.DataKeyId! });
  // The data key's plaintext needs its CMK.
  await kms.DisableKey({ KeyId: KeyId! });
  await expectCode(kms.GetDataKeyPlaintext({ DataKeyId: hosted.DataKeyId! }), "ResourceUnavailable.CmkDisabled");
  await expectCode(kms.EnableDataKey({ DataKeyId: imported.DataKeyId! }), "ResourceUnavailable.CmkStateNotSupport");
  await kms.EnableKey({ KeyId: KeyId! });
  await kms.EnableDataKeys({ DataKeyIds: [imported.DataKeyId!] });

  const scheduled = await kms.ScheduleDataKeyDeletion({ DataKeyId: hosted.DataKeyId!, PendingWindowInDays: 7 });
  assert.equal(scheduled.DataKeyId, hosted.DataKeyId);
  await expectCode(kms.GetDataKeyPlaintext({ DataKeyId: hosted.DataKeyId! }), "ResourceUnavailable.DataKeyPendingDelete");
  await expectCode(kms.ScheduleDataKeyDeletion({ DataKeyId: hosted.DataKeyId!, PendingWindowInDays: 7 }), "ResourceUnavailable.DataKeyStateNotSupport");
  assert.equal((await kms.CancelDataKeyDeletion({ DataKeyId: hosted.DataKeyId! })).DataKeyId, hosted.DataKeyId);
  await expectCode(kms.CancelDataKeyDeletion({ DataKeyId: hosted.DataKeyId! }), "ResourceUnavailable.DataKeyNotPendingDelete");
  await kms.ScheduleDataKeyDeletion({ DataKeyId: hosted.DataKeyId!, PendingWindowInDays: 7 });
  assert.equal((await kms.ListDataKeyDetail({ KeyState: 3 })).TotalCount, 1);
  await server.control("POST", "/clock", { advanceSeconds: 7 * 86400 + 1 });
  await expectCode(kms.DescribeDataKey({ DataKeyId: hosted.DataKeyId! }), "ResourceUnavailable.DataKeyNotFound");
  assert.equal((await kms.ListDataKeys({})).TotalCount, 2);
});

test("white-box keys: create, encrypt (CBC), fingerprints, enable/disable, delete only when disabled", async () => {
  const kms = sdk("kms", server);
  const created = await kms.CreateWhiteBoxKey({ Alias: "wb-aes", Algorithm: "AES_256", Description: "app" });
  assert.match(created.EncryptKey!, /^AACAAAAA/);
  const key = bytes(created.DecryptKey).subarray(8);
  const iv = Buffer.alloc(16, 3);
  const enc = await kms.EncryptByWhiteBox({ KeyId: created.KeyId!, PlainText: b64("test\n"), InitializationVector: iv.toString("base64") });
  assert.equal(enc.InitializationVector, iv.toString("base64"));
  assert.equal(bytes(enc.CipherText).length, 16);
  const d = createDecipheriv("aes-256-cbc", key, iv);
  assert.equal(Buffer.concat([d.update(bytes(enc.CipherText)), d.final()]).toString(), "test\n");

  const sm4 = await kms.CreateWhiteBoxKey({ Alias: "wb-sm4", Algorithm: "SM4" });
  const sm4Enc = await kms.EncryptByWhiteBox({ KeyId: sm4.KeyId!, PlainText: b64("hello sm4") });
  const ds = createDecipheriv("sm4-cbc", bytes(sm4.DecryptKey).subarray(8), bytes(sm4Enc.InitializationVector));
  assert.equal(Buffer.concat([ds.update(bytes(sm4Enc.CipherText)), ds.final()]).toString(), "hello sm4");
  await expectCode(kms.CreateWhiteBoxKey({ Alias: "wb-aes", Algorithm: "AES_256" }), "InvalidParameterValue.AliasAlreadyExists");
  await expectCode(kms.CreateWhiteBoxKey({ Alias: "wb-des", Algorithm: "DES" }), "InvalidParameterValue");

  const fingerprint = "0177ebba-5ad6930a52d808-0c03ddfd218bab-45f0c275b7f7d2-c8c68a0b1c2d3e4f";
  await kms.OverwriteWhiteBoxDeviceFingerprints({ KeyId: created.KeyId!, DeviceFingerprints: [{ Identity: fingerprint, Description: "phone" }] });
  assert.deepEqual((await kms.DescribeWhiteBoxDeviceFingerprints({ KeyId: created.KeyId! })).DeviceFingerprints, [{ Identity: fingerprint, Description: "phone" }]);
  assert.equal((await kms.DescribeWhiteBoxKey({ KeyId: created.KeyId! })).KeyInfo!.DeviceFingerprintBind, true);
  await expectCode(kms.OverwriteWhiteBoxDeviceFingerprints({ KeyId: created.KeyId!, DeviceFingerprints: [{ Identity: "bad" }] }), "InvalidParameterValue");
  const tooMany = Array.from({ length: 201 }, () => ({ Identity: fingerprint }));
  await expectCode(kms.OverwriteWhiteBoxDeviceFingerprints({ KeyId: created.KeyId!, DeviceFingerprints: tooMany }), "LimitExceeded.FingerprintsLimitExceeded");

  await expectCode(kms.DeleteWhiteBoxKey({ KeyId: created.KeyId! }), "FailedOperation");
  await kms.DisableWhiteBoxKeys({ KeyIds: [created.KeyId!, sm4.KeyId!] });
  await expectCode(kms.EncryptByWhiteBox({ KeyId: created.KeyId!, PlainText: b64("x") }), "ResourceUnavailable.KeyDisabled");
  assert.equal((await kms.DescribeWhiteBoxKeyDetails({ KeyStatus: 0 })).TotalCount, 2);
  await kms.EnableWhiteBoxKey({ KeyId: sm4.KeyId! });
  assert.equal((await kms.DescribeWhiteBoxKeyDetails({ KeyStatus: 1 })).KeyInfos![0].KeyId, sm4.KeyId);
  await kms.DeleteWhiteBoxKey({ KeyId: created.KeyId! });
  await expectCode(kms.DescribeWhiteBoxKey({ KeyId: created.KeyId! }), "ResourceNotFound");

  await server.control("PUT", "/kms/whitebox-service", { enabled: false });
  assert.equal((await kms.DescribeWhiteBoxServiceStatus()).ServiceEnabled, false);
  await expectCode(kms.CreateWhiteBoxKey({ Alias: "wb-2", Algorithm: "SM4" }), "ResourceUnavailable.NotPurchased");
  await server.control("PUT", "/kms/whitebox-service", { enabled: true });
});

test("cloud resource bindings: a bound CMK cannot be disabled, archived or scheduled for deletion", async () => {
  const kms = sdk("kms", server);
  const { KeyId } = await kms.CreateKey({ Alias: "bound" });
  await kms.BindCloudResource({ KeyId: KeyId!, ProductId: "cbs", ResourceId: "disk-abcd1234" });
  await kms.BindCloudResource({ KeyId: KeyId!, ProductId: "cbs", ResourceId: "disk-abcd1234" }); // idempotent
  await expectCode(kms.DisableKey({ KeyId: KeyId! }), "FailedOperation.CmkUsedByCloudProduct");
  await expectCode(kms.DisableKeys({ KeyIds: [KeyId!] }), "FailedOperation.CmkUsedByCloudProduct");
  await expectCode(kms.ArchiveKey({ KeyId: KeyId! }), "FailedOperation.CmkUsedByCloudProduct");
  await expectCode(kms.ScheduleKeyDeletion({ KeyId: KeyId!, PendingWindowInDays: 7 }), "FailedOperation.CmkUsedByCloudProduct");
  const keys = (await server.control("GET", "/kms/keys")).keys as { KeyId: string; BoundResources: unknown[] }[];
  assert.deepEqual(keys.find((k) => k.KeyId === KeyId)!.BoundResources, [{ ProductId: "cbs", ResourceId: "disk-abcd1234" }]);
  await kms.UnbindCloudResource({ KeyId: KeyId!, ProductId: "cbs", ResourceId: "disk-abcd1234" });
  await expectCode(kms.UnbindCloudResource({ KeyId: KeyId!, ProductId: "cbs", ResourceId: "disk-abcd1234" }), "ResourceUnavailable.CloudResourceBindingNotFound");
  await kms.DisableKey({ KeyId: KeyId! });
});
