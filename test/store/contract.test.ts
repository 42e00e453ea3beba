import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import pino from "pino";
import { PostgresStore } from "../../src/platform/store/postgres";
import { SqliteStore } from "../../src/platform/store/sqlite";
import { DuplicateDocumentError, type AuditRecord, type Scope, type Store } from "../../src/platform/store/store";
import { SCHEMA_VERSION } from "../../src/platform/store/schema";
import { startPostgres, type TestPostgres } from "../helpers/postgres";

/** The same contract, asserted on both stores. */
const A: Scope = { service: "kms", account: "100000000001", region: "ap-guangzhou" };
const B: Scope = { service: "kms", account: "100000000002", region: "ap-guangzhou" };
const A_SH: Scope = { ...A, region: "ap-shanghai" };

function audit(i: number, over: Partial<AuditRecord> = {}): AuditRecord {
  return {
    requestId: `r-${i}`,
    time: 1_700_000_000_000 + i * 1000,
    account: "100000000001",
    region: "ap-guangzhou",
    service: "kms",
    version: "2019-01-18",
    action: i % 2 ? "ListKeys" : "CreateKey",
    username: "root",
    subUin: null,
    secretId: "AKID...",
    sourceIp: "127.0.0.1",
    userAgent: "test",
    readOnly: i % 2 === 1,
    resources: [],
    params: { i },
    errorCode: i % 3 === 0 ? "InvalidParameter" : null,
    errorMessage: null,
    latencyMs: 1,
    ...over,
  };
}

let pgServer: TestPostgres;
before(async () => {
  pgServer = await startPostgres();
});
after(() => pgServer.destroy());

const stores: [string, () => Promise<Store>][] = [
  ["sqlite", async () => new SqliteStore({ dataDir: null })],
  ["postgres", async () => PostgresStore.open({ url: await pgServer.createDatabase(), waitSeconds: 5, logger: pino({ level: "silent" }) })],
];

for (const [name, open] of stores) {
  describe(`store contract on ${name}`, () => {
    test("documents: insert, get, update, delete, duplicates, scoping by account and region", async () => {
      const store = await open();
      try {
        assert.equal(store.kind, name);
        assert.equal(store.schemaVersion, SCHEMA_VERSION);
        await store.transaction(async (tx) => {
          await tx.insert(A, "key", "k1", { n: 1, big: 18446744073709551615n });
          await tx.insert(B, "key", "k1", { n: 2 });
          await tx.insert(A_SH, "key", "k1", { n: 3 });
        });
        await store.transaction(async (tx) => {
          assert.deepEqual((await tx.get(A, "key", "k1"))?.data, { n: 1, big: 18446744073709551615n });
          assert.deepEqual((await tx.get(B, "key", "k1"))?.data, { n: 2 });
          assert.deepEqual((await tx.get(A_SH, "key", "k1"))?.data, { n: 3 });
          assert.equal(await tx.get(A, "key", "missing"), undefined);
          await assert.rejects(tx.insert(A, "key", "k1", {}), DuplicateDocumentError);
          // A refused duplicate does not spoil the transaction: it goes on.
          assert.equal(await tx.update(A, "key", "k1", { n: 10 }), true);
          assert.equal(await tx.update(A, "key", "nope", { n: 10 }), false);
          assert.equal(await tx.delete(B, "key", "k1"), true);
          assert.equal(await tx.delete(B, "key", "k1"), false);
        });
        await store.transaction(async (tx) => {
          assert.deepEqual((await tx.get(A, "key", "k1"))?.data, { n: 10 });
          assert.equal(await tx.get(B, "key", "k1"), undefined);
          assert.equal(await tx.count(A, "key"), 1);
          assert.equal(await tx.count(B, "key"), 0);
        });
      } finally {
        await store.close();
      }
    });

    test("lists: insertion order, paging both ways, by parent; counts; every region of an account", async () => {
      const store = await open();
      try {
        await store.transaction(async (tx) => {
          for (let i = 0; i < 30; i++) await tx.insert(A, "disk", `d${i}`, { i }, i % 3 === 0 ? "inst-1" : null);
          await tx.insert(A_SH, "disk", "sh", { i: 99 });
        });
        await store.transaction(async (tx) => {
          const all = await tx.list<{ i: number }>(A, "disk");
          assert.deepEqual(all.map((d) => d.data.i), Array.from({ length: 30 }, (_, i) => i));
          assert.ok(all.every((d, i) => i === 0 || d.seq > all[i - 1].seq));
          assert.deepEqual((await tx.list<{ i: number }>(A, "disk", { offset: 5, limit: 3 })).map((d) => d.data.i), [5, 6, 7]);
          assert.deepEqual((await tx.list<{ i: number }>(A, "disk", { offset: 28 })).map((d) => d.data.i), [28, 29]);
          assert.deepEqual((await tx.list<{ i: number }>(A, "disk", { order: "desc", limit: 2 })).map((d) => d.data.i), [29, 28]);
          assert.deepEqual((await tx.list<{ i: number }>(A, "disk", { parent: "inst-1", limit: 2, offset: 1 })).map((d) => d.data.i), [3, 6]);
          assert.equal(await tx.count(A, "disk"), 30);
          assert.equal(await tx.count(A, "disk", "inst-1"), 10);
          const regions = (await tx.listAccount("kms", "disk", A.account)).map((d) => d.region);
          assert.equal(regions.length, 31);
          assert.equal(regions.filter((r) => r === "ap-shanghai").length, 1);
        });
      } finally {
        await store.close();
      }
    });

    test("a transaction that throws changes nothing and runs its after-rollback effects only; a committed one its after-commit ones, each once", async () => {
      const store = await open();
      try {
        const effects: string[] = [];
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.insert(A, "key", "gone", {});
            await tx.setMeta("m", "1");
            tx.afterCommit(() => effects.push("commit effect of a rolled-back transaction"));
            tx.afterRollback(() => effects.push("rolled back"));
            throw new Error("handler failed");
          }),
          /handler failed/,
        );
        await store.transaction(async (tx) => {
          assert.equal(await tx.get(A, "key", "gone"), undefined);
          assert.equal(await tx.getMeta("m"), undefined);
          assert.equal(await tx.count(A, "key"), 0);
          tx.afterCommit(() => effects.push("committed"));
          tx.afterRollback(() => effects.push("rollback effect of a committed transaction"));
        });
        assert.deepEqual(effects, ["rolled back", "committed"]);
      } finally {
        await store.close();
      }
    });

    test("a store call after its transaction ended is refused", async () => {
      const store = await open();
      try {
        let leaked: Parameters<Parameters<Store["transaction"]>[0]>[0] | undefined;
        await store.transaction(async (tx) => {
          leaked = tx;
        });
        await assert.rejects(leaked!.get(A, "key", "x"), /after its transaction ended/);
      } finally {
        await store.close();
      }
    });

    test("meta values, also read outside a transaction", async () => {
      const store = await open();
      try {
        await store.transaction(async (tx) => {
          await tx.setMeta("clock.offsetMs", "5");
          await tx.setMeta("clock.offsetMs", "7");
          await tx.setMeta("other", "x");
        });
        const meta = await store.readMeta(["clock.offsetMs", "other", "absent"]);
        assert.equal(meta.get("clock.offsetMs"), "7");
        assert.equal(meta.get("other"), "x");
        assert.equal(meta.has("absent"), false);
      } finally {
        await store.close();
      }
    });

    test("audit trail: append, query by filters newest first with paging, prune by age and by count", async () => {
      const store = await open();
      try {
        await store.transaction((tx) => tx.appendAudit(Array.from({ length: 12 }, (_, i) => audit(i))));
        await store.transaction(async (tx) => {
          const newest = await tx.queryAudit({ limit: 3 });
          assert.deepEqual(newest.map((r) => r.requestId), ["r-11", "r-10", "r-9"]);
          const older = await tx.queryAudit({ limit: 2, beforeSeq: newest[2].seq });
          assert.deepEqual(older.map((r) => r.requestId), ["r-8", "r-7"]);
          assert.equal((await tx.queryAudit({ limit: 100, action: "CreateKey" })).length, 6);
          assert.equal((await tx.queryAudit({ limit: 100, code: "ok" })).length, 8);
          assert.equal((await tx.queryAudit({ limit: 100, code: "InvalidParameter" })).length, 4);
          const window = await tx.queryAudit({ limit: 100, since: audit(3).time, until: audit(5).time });
          assert.deepEqual(window.map((r) => r.requestId), ["r-5", "r-4", "r-3"]);
          assert.deepEqual(window[0].params, { i: 5 });
        });
        // Older than r-4 goes by age, then only the newest 5 are kept.
        // In batches: at most `limit` per call, fewer once nothing is left.
        assert.equal(await store.transaction((tx) => tx.pruneAudit(audit(4).time, 5, 3)), 3);
        assert.equal(await store.transaction((tx) => tx.pruneAudit(audit(4).time, 5, 3)), 3);
        assert.equal(await store.transaction((tx) => tx.pruneAudit(audit(4).time, 5, 3)), 1);
        assert.equal(await store.transaction((tx) => tx.pruneAudit(audit(4).time, 5, 3)), 0);
        const left = await store.transaction((tx) => tx.queryAudit({ limit: 100 }));
        assert.deepEqual(left.map((r) => r.requestId), ["r-11", "r-10", "r-9", "r-8", "r-7"]);
      } finally {
        await store.close();
      }
    });

    test("wipe: one service's documents and audit records, or everything except what is kept", async () => {
      const store = await open();
      try {
        await store.transaction(async (tx) => {
          await tx.insert(A, "key", "k", {});
          await tx.insert({ ...A, service: "cbs" }, "disk", "d", {});
          await tx.insert({ service: "_tclocal", account: "*", region: "*" }, "account", "1", {});
          await tx.appendAudit([audit(1), audit(2, { service: "cbs" })]);
        });
        await store.transaction((tx) => tx.wipe("kms"));
        await store.transaction(async (tx) => {
          assert.equal(await tx.get(A, "key", "k"), undefined);
          assert.equal(await tx.count(A, "key"), 0);
          assert.ok(await tx.get({ ...A, service: "cbs" }, "disk", "d"));
          assert.deepEqual((await tx.queryAudit({ limit: 10 })).map((r) => r.service), ["cbs"]);
        });
        await store.transaction((tx) => tx.wipe(null, (service) => service === "_tclocal"));
        await store.transaction(async (tx) => {
          assert.equal(await tx.get({ ...A, service: "cbs" }, "disk", "d"), undefined);
          assert.ok(await tx.get({ service: "_tclocal", account: "*", region: "*" }, "account", "1"));
          assert.equal((await tx.queryAudit({ limit: 10 })).length, 0);
        });
      } finally {
        await store.close();
      }
    });

    test("concurrent read-modify-write transactions lose no update", async () => {
      const store = await open();
      try {
        await store.transaction((tx) => tx.insert(A, "counter", "c", { n: 0 }));
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            store.transaction(
              async (tx) => {
                const c = (await tx.get<{ n: number }>(A, "counter", "c"))!.data;
                await tx.update(A, "counter", "c", { n: c.n + 1 });
              },
              // Half the calls name no lock key: only isolation (SERIALIZABLE and retry on PostgreSQL) protects them.
              i % 2 ? { lockKey: A.account } : {},
            ),
          ),
        );
        const final = await store.transaction(async (tx) => (await tx.get<{ n: number }>(A, "counter", "c"))!.data.n);
        assert.equal(final, 40);
      } finally {
        await store.close();
      }
    });
  });
}

test("PostgreSQL, two stores on one database: 150 racing calls of one account queue on its lock and never retry; effects run once each", async () => {
  const url = await pgServer.createDatabase();
  const open = () => PostgresStore.open({ url, waitSeconds: 5, logger: pino({ level: "silent" }) });
  const [one, two] = [await open(), await open()];
  try {
    await one.transaction((tx) => tx.insert(A, "counter", "c", { n: 0 }));
    let attempts = 0;
    let effects = 0;
    await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        (i % 2 ? one : two).transaction(
          async (tx) => {
            attempts++;
            const c = (await tx.get<{ n: number }>(A, "counter", "c"))!.data;
            await tx.update(A, "counter", "c", { n: c.n + 1 });
            tx.afterCommit(() => effects++);
          },
          { lockKey: A.account },
        ),
      ),
    );
    assert.equal(await two.transaction(async (tx) => (await tx.get<{ n: number }>(A, "counter", "c"))!.data.n), 150);
    // The lock is taken before the snapshot: a call that waited starts from what the previous one committed.
    assert.equal(attempts, 150, "no serialization retry");
    assert.equal(effects, 150);

    // Without a lock key, SERIALIZABLE retries the losers: every update still lands and each effect runs once.
    attempts = 0;
    effects = 0;
    let rollbacks = 0;
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? one : two).transaction(async (tx) => {
          attempts++;
          tx.afterRollback(() => rollbacks++);
          const c = (await tx.get<{ n: number }>(A, "counter", "c"))!.data;
          await tx.update(A, "counter", "c", { n: c.n + 1 });
          tx.afterCommit(() => effects++);
        }),
      ),
    );
    assert.equal(rollbacks, attempts - 30, "each retried attempt ran its after-rollback effects once");
    assert.equal(await one.transaction(async (tx) => (await tx.get<{ n: number }>(A, "counter", "c"))!.data.n), 180);
    assert.ok(attempts > 30, `conflicts were retried (${attempts} attempts)`);
    assert.equal(effects, 30);
  } finally {
    await one.close();
    await two.close();
  }
});

test("a SQLite data directory written by a newer tclocal is refused, naming both schema versions", async () => {
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const Database = (await import("better-sqlite3")).default;
  const dir = mkdtempSync(join(tmpdir(), "tclocal-newer-"));
  try {
    await new SqliteStore({ dataDir: dir }).close();
    const db = new Database(join(dir, "tclocal.db"));
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    assert.throws(() => new SqliteStore({ dataDir: dir }), new RegExp(`schema version ${SCHEMA_VERSION + 5}.*up to ${SCHEMA_VERSION}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a PostgreSQL database migrated by a newer tclocal is refused, naming both schema versions", async () => {
  const url = await pgServer.createDatabase();
  const logger = pino({ level: "silent" });
  // Three replicas starting at the same moment on an empty database: the migrations run once.
  const stores = await Promise.all([1, 2, 3].map(() => PostgresStore.open({ url, waitSeconds: 5, logger })));
  for (const s of stores) await s.close();
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM schema_migrations");
  assert.equal(Number(rows[0].n), SCHEMA_VERSION);
  await client.query("INSERT INTO schema_migrations (version, description) VALUES ($1, 'from the future')", [SCHEMA_VERSION + 1]);
  await client.end();
  await assert.rejects(PostgresStore.open({ url, waitSeconds: 5, logger }), new RegExp(`schema version ${SCHEMA_VERSION + 1}.*up to ${SCHEMA_VERSION}`));
});

test("an unreachable database: tclocal waits --database-wait seconds, then names host, port and database, never the password", async () => {
  const port = pgServer.port + 1;
  const started = Date.now();
  await assert.rejects(
    PostgresStore.open({ url: `postgres://u:hunter2@127.0.0.1:${port}/shop`, waitSeconds: 1, logger: pino({ level: "silent" }) }),
    (e: Error) => {
      assert.match(e.message, new RegExp(`host 127\\.0\\.0\\.1, port ${port}, database shop`));
      assert.doesNotMatch(e.message, /hunter2/);
      return true;
    },
  );
  assert.ok(Date.now() - started >= 1000);
});

test("names holding NUL and backslashes are kept exactly on both stores (PostgreSQL text cannot hold NUL)", async () => {
  for (const [, open] of stores) {
    const store = await open();
    try {
      const odd: Scope = { service: "kms", account: "a\u0000b", region: "r\\0" };
      await store.transaction(async (tx) => {
        await tx.insert(odd, "k\u0000ind", "id\u0000\\", { v: "\u0000" }, "p\u0000");
        await tx.setMeta("m\u0000", "v");
      });
      await store.transaction(async (tx) => {
        const d = await tx.get<{ v: string }>(odd, "k\u0000ind", "id\u0000\\");
        assert.deepEqual(d && { id: d.id, parent: d.parent, data: d.data }, { id: "id\u0000\\", parent: "p\u0000", data: { v: "\u0000" } });
        assert.equal(await tx.get(odd, "k\u0000ind", "id\\0\\\\"), undefined);
        assert.equal((await tx.list(odd, "k\u0000ind", { parent: "p\u0000" })).length, 1);
        assert.equal(await tx.getMeta("m\u0000"), "v");
      });
    } finally {
      await store.close();
    }
  }
});
