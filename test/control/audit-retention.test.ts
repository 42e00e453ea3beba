import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";
import { sendTc3 } from "../helpers/raw";
import { startTclocal, type TestServer } from "../helpers/tclocal";

const listKeys = (s: TestServer) => sendTc3(s.hostPort, { action: "ListKeys", version: "2019-01-18", region: "ap-guangzhou", body: "{}" });
const requestIds = async (s: TestServer): Promise<string[]> =>
  (await s.control<{ requests: { requestId: string }[] }>("GET", "/requests?limit=100")).requests.map((r) => r.requestId);

test("--audit-retention-days and --audit-max-records prune the trail when tclocal starts (and every minute)", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tclocal-retention-"));
  try {
    const first = await startTclocal({ dataDir });
    const old: string[] = [];
    const recent: string[] = [];
    try {
      for (let i = 0; i < 8; i++) old.push((await listKeys(first)).json.Response.RequestId);
      await first.control("POST", "/clock", { advanceSeconds: 2 * 86_400 });
      for (let i = 0; i < 3; i++) recent.push((await listKeys(first)).json.Response.RequestId);
      assert.equal((await requestIds(first)).length, 11);
    } finally {
      await first.stop();
    }

    // One day of retention drops the 8 calls made two emulator days ago; a cap of 2 keeps the newest two.
    const second = await startTclocal({ dataDir, auditRetentionDays: 1, auditMaxRecords: 2 });
    try {
      let ids = await requestIds(second);
      for (let i = 0; i < 50 && ids.length !== 2; i++) {
        await sleep(20);
        ids = await requestIds(second);
      }
      assert.deepEqual(ids, [recent[2], recent[1]]);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
