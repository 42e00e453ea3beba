import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import type { Logger } from "pino";
import type { BlobStore } from "../blobs/blob-store";
import { PostgresBlobStore } from "../blobs/postgres";
import { decodeDoc, encodeDoc } from "./codec";
import { TxEffects } from "./effects";
import { guarded } from "./pg-client";
import { MIGRATIONS, newerSchemaMessage, SCHEMA_VERSION } from "./schema";
import { auditWhere } from "./sqlite";
import {
  DuplicateDocumentError,
  StoreUnavailableError,
  type AuditQuery,
  type AuditRecord,
  type AuditRow,
  type DumpedDoc,
  type ListOptions,
  type Scope,
  type Store,
  type StoredDoc,
  type TransactionOptions,
  type Tx,
} from "./store";

export interface PostgresOptions {
  readonly url: string;
  /** Keep trying to reach the database this long at start-up (compose files start both at once). */
  readonly waitSeconds: number;
  readonly logger: Logger;
  readonly poolSize?: number;
}

/** Advisory-lock namespace of tclocal (first key of the two-key form). */
const LOCK_NAMESPACE = 0x7c10ca1;
/** Serialization failure and deadlock: the whole call is run again, for up to RETRY_BUDGET_MS. */
const RETRYABLE = new Set(["40001", "40P01"]);
const RETRY_BUDGET_MS = 8000;
/** Every statement and connection attempt gives up well within the 10 seconds a call may take when the database is gone. */
const STATEMENT_TIMEOUT_MS = 8000;
const CONNECT_TIMEOUT_MS = 4000;

type Row = { seq: string; id: string; parent: string | null; data: string };

/** `postgres://user@host:port/db` — never the password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : "";
    return `${u.protocol}//${user}${u.hostname}:${u.port || 5432}${u.pathname || "/"}`;
  } catch {
    return "(an unparsable database URL)";
  }
}

function target(url: string): string {
  try {
    const u = new URL(url);
    return `host ${u.hostname}, port ${u.port || 5432}, database ${u.pathname.replace(/^\//, "") || "(default)"}`;
  } catch {
    return "an unparsable database URL";
  }
}

/**
 * The shared store: PostgreSQL through node-postgres with a pool. Every transaction runs at SERIALIZABLE, so
 * calls on any number of tclocal processes behave as if they ran one after another; a serialization failure
 * runs the whole call again (handlers are functions of their transaction, outside effects wait for commit).
 * A transaction that names a lock key first takes a transaction-scoped advisory lock on it, which queues
 * calls of one account behind each other instead of letting them fail and retry.
 */
export class PostgresStore implements Store {
  readonly kind = "postgres" as const;
  readonly shared = true;
  readonly schemaVersion = SCHEMA_VERSION;
  readonly location: string;

  private constructor(
    private readonly pool: pg.Pool,
    url: string,
    private readonly logger: Logger,
  ) {
    this.location = describeDatabaseUrl(url);
  }

  static async open(o: PostgresOptions): Promise<PostgresStore> {
    // int8 (seq, counts, times) as numbers: tclocal's values stay far below 2^53.
    pg.types.setTypeParser(20, (v) => Number(v));
    const pool = new pg.Pool({
      connectionString: o.url,
      max: o.poolSize ?? 16,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      query_timeout: STATEMENT_TIMEOUT_MS + 500,
      idle_in_transaction_session_timeout: 30_000,
      application_name: "tclocal",
    });
    // An idle connection the server closes (restart, failover) must not crash the process: the pool replaces it.
    pool.on("error", (e) => o.logger.warn({ err: { message: e.message, code: (e as { code?: string }).code } }, "database connection lost"));
    const store = new PostgresStore(pool, o.url, o.logger);
    const deadline = Date.now() + o.waitSeconds * 1000;
    for (let attempt = 1; ; attempt++) {
      try {
        await pool.query("SELECT 1");
        break;
      } catch (e) {
        if (Date.now() >= deadline) {
          await pool.end().catch(() => {});
          throw new Error(`cannot reach PostgreSQL (${target(o.url)}) after ${o.waitSeconds} s: ${reason(e)}`);
        }
        if (attempt === 1) o.logger.info({ database: store.location }, "waiting for the database");
        await sleep(Math.min(500, Math.max(0, deadline - Date.now())));
      }
    }
    try {
      await store.migrate();
    } catch (e) {
      await pool.end().catch(() => {});
      throw e;
    }
    return store;
  }

  /** Applies pending migrations under a session advisory lock, so replicas starting together do not race. */
  private async migrate(): Promise<void> {
    const client = guarded(await this.pool.connect());
    try {
      await client.query(`SELECT pg_advisory_lock(${LOCK_NAMESPACE}, 0)`);
      try {
        await client.query(
          `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
        );
        const { rows } = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM schema_migrations`);
        const current = rows[0]?.v ?? 0;
        if (current > SCHEMA_VERSION) throw new Error(newerSchemaMessage(current, this.location));
        for (const m of MIGRATIONS) {
          if (m.version <= current) continue;
          await client.query("BEGIN");
          try {
            await client.query(m.sql("postgres"));
            await client.query(`INSERT INTO schema_migrations (version, description) VALUES ($1, $2)`, [m.version, m.description]);
            await client.query("COMMIT");
          } catch (e) {
            await client.query("ROLLBACK");
            throw e;
          }
          this.logger.info({ version: m.version, description: m.description }, "database migrated");
        }
      } finally {
        await client.query(`SELECT pg_advisory_unlock(${LOCK_NAMESPACE}, 0)`);
      }
    } finally {
      client.release();
    }
  }

  async transaction<T>(fn: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    // The lock key's advisory lock is taken BEFORE the transaction, on the session: a SERIALIZABLE snapshot is
    // taken by the transaction's first statement, so a call that queued for the lock inside its transaction would
    // wake up on a stale snapshot and fail with 40001. Locked first, it starts from what the previous holder committed.
    const lock = options.lockKey ? `${LOCK_NAMESPACE}, ${hash32(options.lockKey)}` : null;
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const client = await this.connect();
      const tx = new PgTx(client);
      let locked = false;
      let result: T;
      try {
        if (lock) {
          await client.query(`SELECT pg_advisory_lock(${lock})`);
          locked = true;
        }
        await client.query("BEGIN ISOLATION LEVEL SERIALIZABLE");
        result = await fn(tx);
        await client.query("COMMIT");
      } catch (e) {
        tx.end();
        let broken: Error | undefined;
        await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
        if (locked && !broken) await client.query(`SELECT pg_advisory_unlock(${lock})`).catch((unlockError: Error) => (broken = unlockError));
        // A broken client is destroyed, not pooled: its session (and any lock it held) ends with it.
        client.release(broken);
        tx.effects.settle(false);
        const code = (e as { code?: string }).code;
        if (code && RETRYABLE.has(code) && Date.now() - started < RETRY_BUDGET_MS) {
          await sleep(Math.random() * Math.min(100, 2 ** attempt));
          continue;
        }
        throw unavailable(e);
      }
      tx.end();
      let broken: Error | undefined;
      if (locked) await client.query(`SELECT pg_advisory_unlock(${lock})`).catch((unlockError: Error) => (broken = unlockError));
      client.release(broken);
      tx.effects.settle(true);
      return result;
    }
  }

  async readMeta(keys: readonly string[]): Promise<Map<string, string>> {
    try {
      const { rows } = await this.pool.query<{ key: string; value: string }>({
        name: "meta-many",
        text: "SELECT key, value FROM meta WHERE key = ANY($1)",
        values: [keys.map((k) => key(k))],
      });
      return new Map(rows.map((r) => [unkey(r.key), r.value]));
    } catch (e) {
      throw unavailable(e);
    }
  }

  /** Blobs kept in this database (when no shared directory is configured). */
  blobStore(): BlobStore {
    return new PostgresBlobStore(this.pool, this.location);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return guarded(await this.pool.connect());
    } catch (e) {
      throw new StoreUnavailableError(`the database is unreachable: ${reason(e)}`);
    }
  }
}

/** Connection-level failures become StoreUnavailableError; anything else (a bug, a constraint) stays as it is. */
function unavailable(e: unknown): unknown {
  const code = (e as { code?: string }).code ?? "";
  const message = (e as Error)?.message ?? "";
  if (/^(08|57P|53)/.test(code) || /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT)$/.test(code) || /Connection terminated|timeout/i.test(message)) {
    return new StoreUnavailableError(`the database is unavailable: ${reason(e)}`);
  }
  return e;
}

function reason(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return [err.code, err.message].filter(Boolean).join(" ") || String(e);
}

/** FNV-1a, as a signed 32-bit integer (the advisory lock's second key). */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

const KEY = "service = $1 AND kind = $2 AND account = $3 AND region = $4";
const SQL = {
  get: `SELECT seq, id, parent, data FROM docs WHERE ${KEY} AND id = $5`,
  insert: `INSERT INTO docs (service, kind, account, region, id, parent, data) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING seq`,
  update: `UPDATE docs SET data = $5, parent = $6 WHERE ${KEY} AND id = $7`,
  delete: `DELETE FROM docs WHERE ${KEY} AND id = $5`,
  listAccount: `SELECT seq, id, parent, data, region FROM docs WHERE service = $1 AND kind = $2 AND account = $3 ORDER BY seq ASC`,
  countParent: `SELECT COUNT(*)::int AS n FROM docs WHERE ${KEY} AND parent = $5`,
  count: `SELECT n FROM doc_counts WHERE ${KEY}`,
  bump: `INSERT INTO doc_counts (service, kind, account, region, n) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (service, kind, account, region) DO UPDATE SET n = doc_counts.n + excluded.n`,
  getMeta: `SELECT value FROM meta WHERE key = $1`,
  setMeta: `INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
};

/**
 * PostgreSQL text cannot hold NUL, which clients may put in names (an alias, a v1 Action of `%00`). Key columns
 * escape it reversibly: `\` becomes `\\` and NUL becomes `\0`; strings without either (nearly all) pass as
 * they are. Document bodies need nothing: JSON already writes NUL as `\u0000`.
 */
function key(s: string): string;
function key(s: string | null): string | null;
function key(s: string | null): string | null {
  if (s === null || (s.indexOf("\0") < 0 && s.indexOf("\\") < 0)) return s;
  return s.replace(/\\/g, "\\\\").replace(/\0/g, "\\0");
}

function unkey(s: string): string;
function unkey(s: string | null): string | null;
function unkey(s: string | null): string | null {
  if (s === null || s.indexOf("\\") < 0) return s;
  return s.replace(/\\(\\|0)/g, (_m, c: string) => (c === "0" ? "\0" : "\\"));
}

const doc = <T>(r: Row): StoredDoc<T> => ({ id: unkey(r.id), parent: unkey(r.parent), seq: Number(r.seq), data: decodeDoc<T>(r.data) });
const scoped = (scope: Scope, kind: string) => [key(scope.service), key(kind), key(scope.account), key(scope.region)];

/** One transaction on one pooled connection; named statements are prepared once per connection. */
class PgTx implements Tx {
  private open = true;
  readonly effects = new TxEffects();

  constructor(private readonly client: pg.PoolClient) {}

  end(): void {
    this.open = false;
  }

  private q<R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    if (!this.open) return Promise.reject(new Error("store call after its transaction ended (a store call that was not awaited?)"));
    return this.client.query<R>({ name, text, values });
  }

  private raw<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    if (!this.open) return Promise.reject(new Error("store call after its transaction ended (a store call that was not awaited?)"));
    return this.client.query<R>(text, values);
  }

  async get<T>(scope: Scope, kind: string, id: string): Promise<StoredDoc<T> | undefined> {
    const { rows } = await this.q<Row>("get", SQL.get, [...scoped(scope, kind), key(id)]);
    return rows[0] ? doc<T>(rows[0]) : undefined;
  }

  async insert(scope: Scope, kind: string, id: string, data: unknown, parent: string | null = null): Promise<void> {
    const { rowCount } = await this.q("insert", SQL.insert, [...scoped(scope, kind), key(id), key(parent), encodeDoc(data)]);
    if (!rowCount) throw new DuplicateDocumentError(kind, id);
    await this.q("bump", SQL.bump, [...scoped(scope, kind), 1]);
  }

  async update(scope: Scope, kind: string, id: string, data: unknown, parent: string | null = null): Promise<boolean> {
    const { rowCount } = await this.q("update", SQL.update, [...scoped(scope, kind), encodeDoc(data), key(parent), key(id)]);
    return (rowCount ?? 0) > 0;
  }

  async delete(scope: Scope, kind: string, id: string): Promise<boolean> {
    const { rowCount } = await this.q("delete", SQL.delete, [...scoped(scope, kind), key(id)]);
    if (!rowCount) return false;
    await this.q("bump", SQL.bump, [...scoped(scope, kind), -1]);
    return true;
  }

  async list<T>(scope: Scope, kind: string, o: ListOptions = {}): Promise<StoredDoc<T>[]> {
    const desc = o.order === "desc";
    const byParent = o.parent !== undefined;
    const paged = o.limit !== undefined || !!o.offset;
    const values: unknown[] = scoped(scope, kind);
    if (byParent) values.push(key(o.parent!));
    let page = "";
    if (paged) {
      values.push(o.limit ?? null, o.offset ?? 0);
      page = ` LIMIT $${values.length - 1} OFFSET $${values.length}`;
    }
    const text = `SELECT seq, id, parent, data FROM docs WHERE ${KEY}${byParent ? " AND parent = $5" : ""} ORDER BY seq ${desc ? "DESC" : "ASC"}${page}`;
    const { rows } = await this.q<Row>(`list-${desc ? "d" : "a"}${byParent ? "p" : ""}${paged ? "l" : ""}`, text, values);
    return rows.map((r) => doc<T>(r));
  }

  async listAccount<T>(service: string, kind: string, account: string): Promise<(StoredDoc<T> & { region: string })[]> {
    const { rows } = await this.q<Row & { region: string }>("list-account", SQL.listAccount, [key(service), key(kind), key(account)]);
    return rows.map((r) => ({ ...doc<T>(r), region: unkey(r.region) }));
  }

  async count(scope: Scope, kind: string, parent?: string): Promise<number> {
    const base = scoped(scope, kind);
    const { rows } =
      parent === undefined
        ? await this.q<{ n: number }>("count", SQL.count, base)
        : await this.q<{ n: number }>("count-parent", SQL.countParent, [...base, key(parent)]);
    return Number(rows[0]?.n ?? 0);
  }

  async dump(afterSeq: number, limit: number): Promise<DumpedDoc[]> {
    const { rows } = await this.q<Row & { service: string; kind: string; account: string; region: string }>(
      "dump",
      "SELECT seq, service, kind, account, region, id, parent, data FROM docs WHERE seq > $1 ORDER BY seq ASC LIMIT $2",
      [afterSeq, limit],
    );
    return rows.map((r) => ({ ...doc(r), service: unkey(r.service), kind: unkey(r.kind), account: unkey(r.account), region: unkey(r.region) }));
  }

  async wipe(service: string | null, keep?: (service: string, kind: string) => boolean): Promise<void> {
    const { rows: groups } =
      service === null
        ? await this.raw<{ service: string; kind: string }>(`SELECT DISTINCT service, kind FROM docs`)
        : await this.raw<{ service: string; kind: string }>(`SELECT DISTINCT service, kind FROM docs WHERE service = $1`, [key(service)]);
    for (const g of groups) {
      if (keep?.(unkey(g.service), unkey(g.kind))) continue;
      await this.raw(`DELETE FROM docs WHERE service = $1 AND kind = $2`, [g.service, g.kind]);
      await this.raw(`DELETE FROM doc_counts WHERE service = $1 AND kind = $2`, [g.service, g.kind]);
    }
    if (service === null) await this.raw(`DELETE FROM audit_events`);
    else await this.raw(`DELETE FROM audit_events WHERE service = $1`, [key(service)]);
  }

  async getMeta(name: string): Promise<string | undefined> {
    const { rows } = await this.q<{ value: string }>("get-meta", SQL.getMeta, [key(name)]);
    return rows[0]?.value;
  }

  async setMeta(name: string, value: string): Promise<void> {
    await this.q("set-meta", SQL.setMeta, [key(name), value]);
  }

  async appendAudit(records: readonly AuditRecord[]): Promise<void> {
    if (!records.length) return;
    const values: unknown[] = [];
    const tuples = records.map((r) => {
      const n = values.length;
      values.push(key(r.requestId), r.time, key(r.account), key(r.region), key(r.service), key(r.action), key(r.errorCode), encodeDoc(r));
      return `(${Array.from({ length: 8 }, (_, i) => `$${n + i + 1}`).join(", ")})`;
    });
    await this.raw(
      `INSERT INTO audit_events (request_id, time_ms, account, region, service, action, error_code, record) VALUES ${tuples.join(", ")}`,
      values,
    );
  }

  async queryAudit(q: AuditQuery): Promise<AuditRow[]> {
    const { where, params } = auditWhere(q, (n) => `$${n}`);
    const { rows } = await this.raw<{ seq: number; record: string }>(
      `SELECT seq, record FROM audit_events ${where} ORDER BY seq ${q.afterSeq !== undefined ? "ASC" : "DESC"} LIMIT $${params.length + 1}`,
      [...params.map((v) => (typeof v === "string" ? key(v) : v)), q.limit],
    );
    return rows.map((r) => ({ ...decodeDoc<AuditRecord>(r.record), seq: Number(r.seq) }));
  }

  async pruneAudit(beforeMs: number, keep: number, limit: number): Promise<number> {
    const old = `DELETE FROM audit_events WHERE seq IN (SELECT seq FROM audit_events WHERE time_ms < $1 ORDER BY time_ms LIMIT $2)`;
    let removed = (await this.raw(old, [beforeMs, limit])).rowCount ?? 0;
    if (removed >= limit) return removed;
    const { rows } = await this.raw<{ low: string | null; high: string | null }>(`SELECT MIN(seq) AS low, MAX(seq) AS high FROM audit_events`, []);
    if (rows[0]?.low == null || rows[0].high == null) return removed;
    const [low, high] = [Number(rows[0].low), Number(rows[0].high)];
    if (high - low < keep) return removed;
    const edge = Math.min(high - keep, low + (limit - removed) - 1);
    return removed + ((await this.raw(`DELETE FROM audit_events WHERE seq <= $1`, [edge])).rowCount ?? 0);
  }

  afterCommit(effect: () => void): void {
    if (!this.open) throw new Error("store call after its transaction ended (a store call that was not awaited?)");
    this.effects.onCommit(effect);
  }

  afterRollback(effect: () => void): void {
    if (!this.open) throw new Error("store call after its transaction ended (a store call that was not awaited?)");
    this.effects.onRollback(effect);
  }
}
