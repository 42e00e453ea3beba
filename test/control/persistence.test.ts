import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { startTclocal } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";

const CLI = join(__dirname, "..", "..", "tclocal.js"); // the bundled `tclocal` bin (npm run build)
const KEY = { KeyId: "1b9a7e2c-0000-4000-8000-000000000000" };

test("state survives a restart on the same data directory", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tclocal-"));
  try {
    const first = await startTclocal({ dataDir: dir });
    const acct = await first.control("POST", "/accounts", { balance: 42 });
    await first.control("POST", "/clock", { advanceSeconds: 7200 });
    await first.stop();

    const second = await startTclocal({ dataDir: dir });
    try {
      const { accounts } = await second.control("GET", "/accounts");
      assert.equal(accounts.find((a: any) => a.uin === acct.uin)?.balance, 42);
      await expectCode(sdk("kms", second, { credential: acct }).Encrypt(KEY as never), "MissingParameter");
      assert.equal((await second.control("GET", "/clock")).offsetSeconds, 7200);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("kill -9 in the middle of a write load: every answered write is there after restart, nothing half-written", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tclocal-crash-"));
  try {
    const child = spawn(process.execPath, [CLI, "start", "--port", "0", "--data-dir", dir, "--log-level", "silent"], { stdio: ["ignore", "pipe", "inherit"] });
    const exited = once(child, "exit");
    const [line] = (await once(child.stdout!, "data")) as [Buffer];
    const endpoint = /listening on (\S+)/.exec(line.toString())![1];
    const answered: string[] = [];
    let stop = false;
    const worker = async () => {
      while (!stop) {
        try {
          const r = await fetch(`${endpoint}/_tclocal/accounts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ balance: 1 }) });
          if (r.status === 201) answered.push(((await r.json()) as { uin: string }).uin);
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    await new Promise((r) => setTimeout(r, 1500));
    child.kill("SIGKILL");
    stop = true;
    await Promise.all(workers);
    await exited;
    assert.ok(answered.length > 20, `the load wrote something (${answered.length})`);

    const db = new Database(join(dir, "tclocal.db"));
    assert.equal(db.pragma("integrity_check", { simple: true }), "ok");
    db.close();
    const again = await startTclocal({ dataDir: dir });
    try {
      const uins = new Set((await again.control("GET", "/accounts")).accounts.map((a: any) => a.uin));
      const lost = answered.filter((u) => !uins.has(u));
      assert.deepEqual(lost, [], "every account answered with 201 survived");
    } finally {
      await again.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
