import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { b64 } from "../helpers/encoding";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const text = (b: string | undefined) => Buffer.from(b ?? "", "base64").toString();

test("create → encrypt → rotate → decrypt old → disable → decrypt fails → enable → schedule deletion → 7 days later the key is gone", async () => {
  const kms = sdk("kms", server);
  const created = await kms.CreateKey({ Alias: "scenario-key", Description: "envelope encryption" });
  const keyId = created.KeyId!;
  assert.match(keyId, /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(created.KeyState, "Enabled");

  const old = await kms.Encrypt({ KeyId: keyId, Plaintext: b64("secret v1"), EncryptionContext: '{"app":"billing"}' });
  assert.equal(old.KeyId, keyId);
  assert.equal(old.CiphertextBlob!.split("-k-").length, 3);

  await kms.EnableKeyRotation({ KeyId: keyId });
  const rotated = await kms.RotateKey({ KeyId: keyId });
  assert.match(rotated.TaskId!, /^[0-9a-f-]{36}$/);
  const meta = (await kms.DescribeKey({ KeyId: keyId })).KeyMetadata!;
  assert.equal(meta.KeyRotationEnabled, true);
  assert.ok(meta.LastRotateTime! > 0);

  // The old ciphertext still decrypts; a new one uses the new version and differs in its header.
  const decryptedOld = await kms.Decrypt({ CiphertextBlob: old.CiphertextBlob!, EncryptionContext: '{"app": "billing"}' });
  assert.equal(text(decryptedOld.Plaintext), "secret v1");
  const fresh = await kms.Encrypt({ KeyId: keyId, Plaintext: b64("secret v2") });
  assert.notEqual(fresh.CiphertextBlob!.split("-k-")[0], old.CiphertextBlob!.split("-k-")[0]);
  assert.equal(text((await kms.Decrypt({ CiphertextBlob: fresh.CiphertextBlob! })).Plaintext), "secret v2");

  // ReEncrypt moves the old ciphertext to the new version.
  const re = await kms.ReEncrypt({ CiphertextBlob: old.CiphertextBlob!, SourceEncryptionContext: '{"app":"billing"}' });
  assert.equal(re.ReEncrypted, true);
  assert.equal(re.SourceKeyId, keyId);
  assert.equal(text((await kms.Decrypt({ CiphertextBlob: re.CiphertextBlob! })).Plaintext), "secret v1");

  await kms.DisableKey({ KeyId: keyId });
  await expectCode(kms.Decrypt({ CiphertextBlob: fresh.CiphertextBlob! }), "ResourceUnavailable.CmkDisabled");
  await expectCode(kms.Encrypt({ KeyId: keyId, Plaintext: b64("x") }), "ResourceUnavailable.CmkDisabled");

  await kms.EnableKey({ KeyId: keyId });
  assert.equal(text((await kms.Decrypt({ CiphertextBlob: fresh.CiphertextBlob! })).Plaintext), "secret v2");

  await expectCode(kms.ScheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 }), "ResourceUnavailable.CmkShouldBeDisabled");
  await kms.DisableKey({ KeyId: keyId });
  const scheduled = await kms.ScheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
  const now = (await server.control("GET", "/clock")).now as number;
  assert.ok(Math.abs(scheduled.DeletionDate! - (now + 7 * 86400)) <= 2);
  assert.equal((await kms.DescribeKey({ KeyId: keyId })).KeyMetadata!.KeyState, "PendingDelete");

  await server.control("POST", "/clock", { advanceSeconds: 7 * 86400 });
  await expectCode(kms.DescribeKey({ KeyId: keyId }), "ResourceUnavailable.CmkNotFound");
  await expectCode(kms.Decrypt({ CiphertextBlob: fresh.CiphertextBlob! }), "ResourceUnavailable.CmkNotFound");
  const listed = await kms.ListKeys({});
  assert.ok(!listed.Keys!.some((k) => k.KeyId === keyId));
  // The alias is free again.
  const again = await kms.CreateKey({ Alias: "scenario-key" });
  assert.notEqual(again.KeyId, keyId);
});

test("CancelKeyDeletion returns the key to Disabled; the deletion window is 7 to 30 days", async () => {
  const kms = sdk("kms", server);
  const { KeyId } = await kms.CreateKey({ Alias: "cancel-me" });
  await kms.DisableKey({ KeyId: KeyId! });
  await expectCode(kms.ScheduleKeyDeletion({ KeyId: KeyId!, PendingWindowInDays: 6 }), "InvalidParameter.InvalidPendingWindowInDays");
  await expectCode(kms.ScheduleKeyDeletion({ KeyId: KeyId!, PendingWindowInDays: 31 }), "InvalidParameter.InvalidPendingWindowInDays");
  await kms.ScheduleKeyDeletion({ KeyId: KeyId!, PendingWindowInDays: 30 });
  await expectCode(kms.UpdateAlias({ KeyId: KeyId!, Alias: "renamed" }), "ResourceUnavailable.CmkStateNotSupport");
  await expectCode(kms.EnableKey({ KeyId: KeyId! }), "ResourceUnavailable.CmkStateNotSupport");
  await server.control("POST", "/clock", { advanceSeconds: 29 * 86400 });
  assert.equal((await kms.CancelKeyDeletion({ KeyId: KeyId! })).KeyId, KeyId);
  const meta = (await kms.DescribeKey({ KeyId: KeyId! })).KeyMetadata!;
  assert.equal(meta.KeyState, "Disabled");
  assert.equal(meta.DeletionDate, 0);
  await expectCode(kms.CancelKeyDeletion({ KeyId: KeyId! }), "ResourceUnavailable.CmkNotPendingDelete");
  await server.control("POST", "/clock", { advanceSeconds: 2 * 86400 });
  assert.equal((await kms.DescribeKey({ KeyId: KeyId! })).KeyMetadata!.KeyState, "Disabled");
});

test("archived keys decrypt but do not encrypt; CancelKeyArchive enables them again", async () => {
  const kms = sdk("kms", server);
  const { KeyId } = await kms.CreateKey({ Alias: "archive-me" });
  const blob = (await kms.Encrypt({ KeyId: KeyId!, Plaintext: b64("kept") })).CiphertextBlob!;
  await kms.ArchiveKey({ KeyId: KeyId! });
  assert.equal((await kms.DescribeKey({ KeyId: KeyId! })).KeyMetadata!.KeyState, "Archived");
  await expectCode(kms.Encrypt({ KeyId: KeyId!, Plaintext: b64("x") }), "ResourceUnavailable.CmkArchived");
  assert.equal(text((await kms.Decrypt({ CiphertextBlob: blob })).Plaintext), "kept");
  await expectCode(kms.DisableKey({ KeyId: KeyId! }), "ResourceUnavailable.CmkStateNotSupport");
  await kms.CancelKeyArchive({ KeyId: KeyId! });
  await expectCode(kms.CancelKeyArchive({ KeyId: KeyId! }), "ResourceUnavailable.CmkStateNotSupport");
  assert.ok((await kms.Encrypt({ KeyId: KeyId!, Plaintext: b64("x") })).CiphertextBlob);
});

test("automatic rotation follows the emulator clock; RotateKey needs rotation enabled and waits 24 hours", async () => {
  const kms = sdk("kms", server);
  const { KeyId } = await kms.CreateKey({ Alias: "auto-rotate" });
  await expectCode(kms.RotateKey({ KeyId: KeyId! }), "UnsupportedOperation.RotateNotSupported");
  await expectCode(kms.EnableKeyRotation({ KeyId: KeyId!, RotateDays: 6 }), "InvalidParameterValue");
  await kms.EnableKeyRotation({ KeyId: KeyId!, RotateDays: 7 });
  assert.equal((await kms.GetKeyRotationStatus({ KeyId: KeyId! })).KeyRotationEnabled, true);
  const before = (await kms.DescribeKey({ KeyId: KeyId! })).KeyMetadata!;
  assert.equal(before.RotateDays, 7);
  assert.equal(before.LastRotateTime, 0);
  const v1 = (await kms.Encrypt({ KeyId: KeyId!, Plaintext: b64("one") })).CiphertextBlob!;

  await server.control("POST", "/clock", { advanceSeconds: 8 * 86400 });
  const after = (await kms.DescribeKey({ KeyId: KeyId! })).KeyMetadata!;
  assert.equal(after.LastRotateTime, before.NextRotateTime);
  assert.equal(after.NextRotateTime, before.NextRotateTime! + 7 * 86400);
  const v2 = (await kms.Encrypt({ KeyId: KeyId!, Plaintext: b64("two") })).CiphertextBlob!;
  assert.notEqual(v2.split("-k-")[0], v1.split("-k-")[0]);
  assert.equal(text((await kms.Decrypt({ CiphertextBlob: v1 })).Plaintext), "one");
  const re = await kms.ReEncrypt({ CiphertextBlob: v2 });
  assert.equal(re.ReEncrypted, false, "same key, no rotation since: the ciphertext is returned unchanged");
  assert.equal(re.CiphertextBlob, v2);

  await kms.RotateKey({ KeyId: KeyId! });
  await expectCode(kms.RotateKey({ KeyId: KeyId! }), "RequestLimitExceeded.RotateRateLimited");
  await kms.DisableKeyRotation({ KeyId: KeyId! });
  assert.equal((await kms.GetKeyRotationStatus({ KeyId: KeyId! })).KeyRotationEnabled, false);
  for (const blob of [v1, v2]) assert.ok((await kms.Decrypt({ CiphertextBlob: blob })).Plaintext);
});
