import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { CMK_LIMIT } from "../../src/services/kms/cmk";
import { startPostgres, type TestPostgres } from "../helpers/postgres";
import { spawnTclocal, type TclocalProcess } from "../helpers/process";
import { common, expectCode, sdk, type Credential } from "../helpers/sdk";

/** Three tclocal processes on one PostgreSQL database behave as one emulator. */
let pgServer: TestPostgres;
let replicas: TclocalProcess[];
let url: string;

before(async () => {
  pgServer = await startPostgres();
  url = await pgServer.createDatabase();
  // Started at the same moment on an empty database: the schema is created once (advisory lock).
  replicas = await Promise.all([1, 2, 3].map(() => spawnTclocal(["--database-url", url])));
});
after(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  pgServer.destroy();
});

async function newAccount(on: TclocalProcess): Promise<Credential & { uin: string }> {
  return on.control("POST", "/accounts", {});
}

test("every replica reports the shared store, its own replicaId and one worker", async () => {
  const healths = await Promise.all(replicas.map((r) => r.control("GET", "/health")));
  for (const h of healths) {
    assert.deepEqual(h.store, { kind: "postgres", schemaVersion: h.store.schemaVersion });
    assert.ok(h.store.schemaVersion >= 1);
    assert.equal(h.workers, 1);
    assert.doesNotMatch(JSON.stringify(h), /password/i);
  }
  assert.equal(new Set(healths.map((h) => h.replicaId)).size, 3);
});

test("50 concurrent CreateKey spread over three replicas stop exactly at the CMK quota", async () => {
  const acct = await newAccount(replicas[0]);
  const clients = replicas.map((r) => sdk("kms", r, { credential: acct }));
  const first = CMK_LIMIT - 10;
  for (let i = 0; i < first; i += 30) {
    await Promise.all(Array.from({ length: Math.min(30, first - i) }, (_, j) => clients[(i + j) % 3].CreateKey({ Alias: `pre-${i + j}` })));
  }
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) => clients[i % 3].CreateKey({ Alias: `race-${i}` }).then(() => "OK", (e: { code: string }) => e.code)),
  );
  assert.equal(results.filter((r) => r === "OK").length, 10, JSON.stringify(results));
  assert.equal(results.filter((r) => r === "LimitExceeded.CmkLimitExceeded").length, 40);
  for (const c of clients) assert.equal((await c.ListKeys({ Limit: 1 })).TotalCount, CMK_LIMIT);
});

test("a key disabled through replica A is refused by B and C on their next call", async () => {
  const acct = await newAccount(replicas[0]);
  // B and C have resolved (and cached) the key before it is disabled.
  for (const r of replicas) await sdk("kms", r, { credential: acct }).ListKeys({});
  await replicas[0].control("PATCH", `/keys/${acct.secretId}`, { enabled: false });
  for (const r of replicas.slice(1)) await expectCode(sdk("kms", r, { credential: acct }).ListKeys({}), "AuthFailure.SecretIdNotFound");
  await replicas[2].control("PATCH", `/keys/${acct.secretId}`, { enabled: true });
  await sdk("kms", replicas[1], { credential: acct }).ListKeys({});
});

test("a fault rule with count 5 fires 5 times in total across the replicas", async () => {
  const acct = await newAccount(replicas[0]);
  const rule = await replicas[0].control("POST", "/faults", { service: "kms", action: "GetRegions", code: "InternalError", count: 5 });
  const codes = await Promise.all(
    Array.from({ length: 15 }, (_, i) =>
      sdk("kms", replicas[i % 3], { credential: acct })
        .GetRegions()
        .then(() => "OK", (e: { code: string }) => e.code),
    ),
  );
  assert.equal(codes.filter((c) => c === "InternalError").length, 5, JSON.stringify(codes));
  assert.equal(codes.filter((c) => c === "OK").length, 10);
  const { faults } = await replicas[2].control("GET", "/faults");
  const seen = faults.find((f: { id: string }) => f.id === rule.id);
  assert.equal(seen.fired, 5);
  assert.equal(seen.remaining, 0);
  await replicas[1].control("DELETE", `/faults/${rule.id}`);
  assert.deepEqual((await replicas[0].control("GET", "/faults")).faults, []);
});

test("a clock advance made on A is seen by C, in the control API and in what the API answers", async () => {
  const before = await replicas[2].control("GET", "/clock");
  await replicas[0].control("POST", "/clock", { advanceSeconds: 86_400 });
  const seen = await replicas[2].control("GET", "/clock");
  assert.equal(seen.offsetSeconds, before.offsetSeconds + 86_400);
  // A temporary credential issued on B for one hour is expired for C once A advances the clock two hours.
  const acct = await newAccount(replicas[0]);
  const cred = await replicas[1].control("POST", `/accounts/${acct.uin}/credentials`, { durationSeconds: 3600 });
  const tmp = { secretId: cred.tmpSecretId, secretKey: cred.tmpSecretKey, token: cred.token };
  await sdk("kms", replicas[2], { credential: tmp }).ListKeys({});
  await replicas[0].control("POST", "/clock", { advanceSeconds: 7200 });
  await expectCode(sdk("kms", replicas[2], { credential: tmp }).ListKeys({}), "AuthFailure.TokenFailure");
});

test("CloudAudit LookUpEvents on C lists a CreateKey made on A within 5 seconds", async () => {
  const acct = await newAccount(replicas[0]);
  const { KeyId } = await sdk("kms", replicas[0], { credential: acct }).CreateKey({ Alias: "seen-from-c" });
  const clock = await replicas[2].control("GET", "/clock");
  const ca = sdk("cloudaudit", replicas[2], { credential: acct });
  const deadline = Date.now() + 5000;
  let names: string[] = [];
  while (Date.now() < deadline) {
    const r = await ca.LookUpEvents({ StartTime: clock.now - 600, EndTime: clock.now + 600, MaxResults: 50 });
    names = r.Events!.map((e) => `${e.EventName} ${JSON.stringify(e.Resources ?? "")}`);
    if (names.some((n) => n.startsWith("CreateKey"))) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(names.some((n) => n.startsWith("CreateKey")), `CreateKey of ${KeyId} not listed on C: ${names.join(", ")}`);
});

test("a Host Security export created on A downloads from B", async () => {
  const acct = await newAccount(replicas[0]);
  const out = await sdk("yunjing", replicas[0], { credential: acct }).ExportMalwares();
  const path = new URL(out.DownloadUrl!).pathname;
  const res = await fetch(`${replicas[1].endpoint}${path}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
  assert.equal((await res.arrayBuffer()).byteLength > 3, true);
});

test("kill -9 of one replica under write load: no acknowledged write is lost and the others keep serving", async () => {
  const victim = await spawnTclocal(["--database-url", url]);
  const targets = [replicas[0], victim, replicas[2]];
  const answered: string[] = [];
  let stop = false;
  const writer = (target: TclocalProcess) => async () => {
    while (!stop) {
      try {
        const r = await fetch(`${target.endpoint}/_tclocal/accounts`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
        if (r.status === 201) answered.push(((await r.json()) as { uin: string }).uin);
      } catch {
        return; // this replica is gone
      }
    }
  };
  const writers = targets.flatMap((t) => [writer(t)(), writer(t)()]);
  await new Promise((r) => setTimeout(r, 1500));
  await victim.kill();
  await new Promise((r) => setTimeout(r, 500));
  stop = true;
  await Promise.all(writers);
  assert.ok(answered.length > 10, `only ${answered.length} writes answered`);
  const { accounts } = await replicas[2].control("GET", "/accounts");
  const stored = new Set(accounts.map((a: { uin: string }) => a.uin));
  const lost = answered.filter((u) => !stored.has(u));
  assert.deepEqual(lost, []);
  await common(replicas[0], "kms", "2019-01-18").request("GetRegions", {});
});
