import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { expectCode, sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const advance = (seconds: number) => server.control("POST", "/clock", { advanceSeconds: seconds });

test("the issue's scenario: instance, encrypted disk, attach, snapshot, disk from it in another zone, ZoneNotMatch, detach, terminate, key unbound", async () => {
  const cvm = sdk("cvm", server);
  const cbs = sdk("cbs", server);
  const kms = sdk("kms", server);

  // Run an instance in ap-guangzhou-3.
  const ins = (await cvm.RunInstances({ Placement: { Zone: "ap-guangzhou-3" }, ImageId: "img-9qabwvbn", InstanceType: "S5.MEDIUM4" })).InstanceIdSet![0];
  await advance(15);
  assert.equal((await cvm.DescribeInstancesStatus({ InstanceIds: [ins] })).InstanceStatusSet![0].InstanceState, "RUNNING");

  // Create an encrypted disk with a customer key.
  const keyId = (await kms.CreateKey({ Alias: "disks" })).KeyId!;
  const [disk] = (
    await cbs.CreateDisks({
      Placement: { Zone: "ap-guangzhou-3" },
      DiskChargeType: "POSTPAID_BY_HOUR",
      DiskType: "CLOUD_SSD",
      DiskSize: 100,
      Encrypt: "ENCRYPT",
      KmsKeyId: keyId,
    })
  ).DiskIdSet!;
  let d = (await cbs.DescribeDisks({ DiskIds: [disk] })).DiskSet![0];
  assert.equal(d.Encrypt, true);
  assert.equal(d.KmsKeyId, keyId);
  // The key is bound to the disk: it cannot be disabled while the disk uses it.
  await expectCode(kms.DisableKey({ KeyId: keyId }), "FailedOperation.CmkUsedByCloudProduct");

  // Attach it.
  await cbs.AttachDisks({ InstanceId: ins, DiskIds: [disk] });
  await advance(5);
  assert.equal((await cbs.DescribeDisks({ DiskIds: [disk] })).DiskSet![0].DiskState, "ATTACHED");

  // Snapshot it and advance the clock until the snapshot is NORMAL.
  const snap = (await cbs.CreateSnapshot({ DiskId: disk, SnapshotName: "before-upgrade" })).SnapshotId!;
  let state = "";
  for (let i = 0; i < 20 && state !== "NORMAL"; i++) {
    await advance(30);
    state = (await cbs.DescribeSnapshots({ SnapshotIds: [snap] })).SnapshotSet![0].SnapshotState!;
  }
  assert.equal(state, "NORMAL");
  const s = (await cbs.DescribeSnapshots({ SnapshotIds: [snap] })).SnapshotSet![0];
  assert.equal(s.Encrypt, true);
  assert.equal(s.Percent, 100);

  // Create a disk from it in another zone: it inherits the encryption.
  const [copy] = (await cbs.CreateDisks({ Placement: { Zone: "ap-guangzhou-4" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_SSD", SnapshotId: snap })).DiskIdSet!;
  const c = (await cbs.DescribeDisks({ DiskIds: [copy] })).DiskSet![0];
  assert.equal(c.DiskSize, 100);
  assert.equal(c.Encrypt, true);
  assert.equal(c.KmsKeyId, keyId);

  // Attaching it to the instance in ap-guangzhou-3 fails with ZoneNotMatch.
  const err = await expectCode(cbs.AttachDisks({ InstanceId: ins, DiskIds: [copy] }), "ZoneNotMatch");
  assert.match(err.message, new RegExp(`DiskId: ${copy}, zone does not match`));

  // Detach, then terminate both disks.
  await cbs.DetachDisks({ DiskIds: [disk], InstanceId: ins });
  await advance(5);
  assert.equal((await cbs.DescribeDisks({ DiskIds: [disk] })).DiskSet![0].DiskState, "UNATTACHED");
  await cbs.TerminateDisks({ DiskIds: [disk, copy] });
  assert.equal((await cbs.DescribeDisks({ DiskIds: [disk, copy] })).TotalCount, 0);

  // The key is unbound at the end: no binding is left, and it can be disabled.
  await expectCode(kms.UnbindCloudResource({ KeyId: keyId, ProductId: "cbs", ResourceId: disk }), "ResourceUnavailable.CloudResourceBindingNotFound");
  await expectCode(kms.UnbindCloudResource({ KeyId: keyId, ProductId: "cbs", ResourceId: copy }), "ResourceUnavailable.CloudResourceBindingNotFound");
  await kms.DisableKey({ KeyId: keyId });
  assert.equal((await kms.DescribeKey({ KeyId: keyId })).KeyMetadata!.KeyState, "Disabled");

  // A disabled key, or one that does not exist, cannot encrypt a new disk.
  const encrypted = { Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_SSD", DiskSize: 20, Encrypt: "ENCRYPT" };
  await expectCode(cbs.CreateDisks({ ...encrypted, KmsKeyId: keyId }), "InvalidParameterValue");
  await expectCode(cbs.CreateDisks({ ...encrypted, KmsKeyId: "00000000-0000-0000-0000-000000000000" }), "InvalidParameterValue");
  await cvm.TerminateInstances({ InstanceIds: [ins] });
});
