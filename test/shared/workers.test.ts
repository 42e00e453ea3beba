import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { CMK_LIMIT } from "../../src/services/kms/cmk";
import { spawnTclocal, type TclocalProcess } from "../helpers/process";
import { expectCode, sdk } from "../helpers/sdk";

/** `tclocal start --workers 2` over one SQLite data directory: two processes, one emulator. */
let dir: string;
let server: TclocalProcess;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "tclocal-workers-"));
  server = await spawnTclocal(["--workers", "2", "--data-dir", dir]);
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Health over a new connection each time, so the cluster hands it to either worker. */
function health(): Promise<{ replicaId: string; pid: number; workers: number; store: { kind: string } }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.endpoint}/_tclocal/health`, { agent: false, timeout: 2000, headers: { connection: "close" } }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve(JSON.parse(body)));
    });
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error("health timed out")));
    req.end();
  });
}

async function replicaIds(n = 30): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const h = await health();
    seen.set(h.replicaId, h.pid);
  }
  return seen;
}

test("both workers answer on the one port, each a replica of the shared SQLite store", async () => {
  const h = await health();
  assert.equal(h.workers, 2);
  assert.equal(h.store.kind, "sqlite");
  assert.equal((await replicaIds()).size, 2);
});

test("concurrent CreateKey through both workers stop exactly at the CMK quota", async () => {
  const acct = await server.control("POST", "/accounts", {});
  // A client per call: new connections spread over both workers.
  const kms = () => sdk("kms", server, { credential: acct });
  for (let i = 0; i < CMK_LIMIT - 10; i += 30) {
    await Promise.all(Array.from({ length: Math.min(30, CMK_LIMIT - 10 - i) }, (_, j) => kms().CreateKey({ Alias: `pre-${i + j}` })));
  }
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) => kms().CreateKey({ Alias: `race-${i}` }).then(() => "OK", (e: { code: string }) => e.code)),
  );
  assert.equal(results.filter((r) => r === "OK").length, 10, JSON.stringify(results));
  assert.equal(results.filter((r) => r === "LimitExceeded.CmkLimitExceeded").length, 40);
  assert.equal((await kms().ListKeys({ Limit: 1 })).TotalCount, CMK_LIMIT);
});

test("a key disabled through one worker is refused by every worker", async () => {
  const acct = await server.control("POST", "/accounts", {});
  for (let i = 0; i < 10; i++) await sdk("kms", server, { credential: acct }).ListKeys({});
  await server.control("PATCH", `/keys/${acct.secretId}`, { enabled: false });
  for (let i = 0; i < 10; i++) await expectCode(sdk("kms", server, { credential: acct }).ListKeys({}), "AuthFailure.SecretIdNotFound");
});

test("a worker that dies is replaced, and the port keeps serving", async () => {
  const before = await replicaIds();
  const [victimId, victimPid] = [...before][0];
  process.kill(victimPid, "SIGKILL");
  const deadline = Date.now() + 15_000;
  let after = new Map<string, number>();
  while (Date.now() < deadline) {
    after = await replicaIds(10).catch(() => new Map());
    if (after.size === 2 && !after.has(victimId)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(after.size, 2);
  assert.equal(after.has(victimId), false);
  assert.match(server.stderr(), new RegExp(`worker ${victimPid} died`));
});

test("SIGTERM to the process the user started stops every worker (exit 0)", async () => {
  const other = await spawnTclocal(["--workers", "2", "--in-memory"]);
  const pids = new Set<number>();
  for (let i = 0; i < 20; i++) pids.add(((await (await fetch(`${other.endpoint}/_tclocal/health`, { headers: { connection: "close" } })).json()) as { pid: number }).pid);
  assert.equal(await other.stop(), 0);
  for (const pid of pids) assert.throws(() => process.kill(pid, 0), /ESRCH/);
});
