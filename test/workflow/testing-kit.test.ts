import assert from "node:assert/strict";
import { test } from "node:test";
import type { Client as KmsClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/kms/v20190118/kms_client";
import { startTclocal } from "../../src/testing";
import { expectCode } from "../helpers/sdk";

/** The `tclocal/testing` kit, used the way the README's recipes use it. */
for (const mode of ["in-process", "child process"] as const) {
  test(`testing kit (${mode}): clients, fresh accounts, clock, faults, reset, stop`, async () => {
    const tc = await startTclocal({ process: mode === "child process" });
    try {
      assert.match(tc.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(tc.endpoint, `http://${tc.hostPort}`);
      const kms = tc.client<KmsClient>("kms");
      const { KeyId } = await kms.CreateKey({ Alias: "kit" });

      // A fresh account sees nothing of the default account's.
      const other = await tc.freshAccount();
      assert.notEqual(other.uin, "100000000001");
      const theirs = other.client<KmsClient>("kms");
      assert.equal((await theirs.ListKeys({})).TotalCount, 0);
      await expectCode(theirs.DescribeKey({ KeyId: KeyId! }), "ResourceUnavailable.CmkNotFound");

      // The clock: a key scheduled for deletion in 7 days is gone after 8.
      await kms.DisableKey({ KeyId: KeyId! });
      await kms.ScheduleKeyDeletion({ KeyId: KeyId!, PendingWindowInDays: 7 });
      const before = await tc.clock.now();
      await tc.clock.advance("8d");
      assert.equal((await tc.clock.now()) - before >= 8 * 86_400, true);
      await expectCode(kms.DescribeKey({ KeyId: KeyId! }), "ResourceUnavailable.CmkNotFound");

      const rule = await tc.faults.add({ service: "kms", action: "ListKeys", code: "InternalError", count: 1 });
      await expectCode(kms.ListKeys({}), "InternalError");
      assert.equal(((await tc.faults.list()) as { id: string; fired: number }[]).find((f) => f.id === rule.id)!.fired, 1);
      await tc.faults.remove(rule.id);

      await theirs.CreateKey({ Alias: "theirs" });
      await tc.reset();
      await expectCode(theirs.ListKeys({}), "AuthFailure.SecretIdNotFound");
      assert.equal((await tc.clock.now()) - Math.floor(Date.now() / 1000) < 60, true);
    } finally {
      await tc.stop();
    }
    await assert.rejects(fetch(`${tc.endpoint}/_tclocal/health`));
  });
}

test("testing kit: two tclocals side by side on free ports never collide", async () => {
  const [a, b] = await Promise.all([startTclocal(), startTclocal()]);
  try {
    assert.notEqual(a.hostPort, b.hostPort);
    await a.client<KmsClient>("kms").CreateKey({ Alias: "only-in-a" });
    assert.equal((await b.client<KmsClient>("kms").ListKeys({})).TotalCount, 0);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test("startTclocal({ endpoint }) attaches to a running tclocal: its own fresh accounts, and stop() leaves it running", async () => {
  const tc = await startTclocal();
  try {
    const attached = await startTclocal({ endpoint: tc.endpoint + "/" });
    assert.deepEqual([attached.endpoint, attached.hostPort, attached.credential], [tc.endpoint, tc.hostPort, tc.credential]);
    const account = await attached.freshAccount();
    await account.client("kms").CreateKey({ Alias: "attached" });
    assert.equal((await account.client("kms").ListKeys({})).TotalCount, 1);
    assert.equal((await tc.client("kms").ListKeys({})).TotalCount, 0, "the default account does not see it");
    assert.equal((await attached.control("GET", "/health")).ready, true);
    await attached.reset("kms");
    assert.equal((await account.client("kms").ListKeys({})).TotalCount, 0);
    await attached.stop();
    assert.equal((await fetch(`${tc.endpoint}/_tclocal/health`)).status, 200, "still running");
  } finally {
    await tc.stop();
  }
});
