import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { decodeDoc, encodeDoc } from "./codec";
import { MIGRATIONS, newerSchemaMessage, SCHEMA_VERSION } from "./schema";
import { TxEffects } from "./effects";
import { SerialQueue } from "./serial-queue";
import {
  DuplicateDocumentError,
  type AuditQuery,
  type AuditRecord,
  type AuditRow,
  type DumpedDoc,
  type ListOptions,
  type Scope,
  type Store,
  type StoredDoc,
  type Tx,
} from "./store";

export interface SqliteOptions {
  /** A directory for tclocal.db, or null for an in-memory database. */
  readonly dataDir: string | null;
  /** Other processes (workers) use the same file: views cached in memory are refreshed per call. */
  readonly shared?: boolean;
}

type Row = { seq: number; id: string; parent: string | null; data: string };

/**
 * The embedded store: better-sqlite3 in WAL mode. Its calls are synchronous and fast, so the promises the
 * contract asks for are settled at once; the transactions of this connection are queued one behind the other
 * (BEGIN IMMEDIATE, so workers sharing the file queue on SQLite's write lock with a busy timeout).
 */
/** How long a connection waits for another process's write lock (SQLite's busy timeout). */
const BUSY_TIMEOUT_MS = 10_000;

export class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  readonly location: string;
  readonly shared: boolean;
  readonly schemaVersion = SCHEMA_VERSION;
  private readonly db: Database.Database;
  private readonly queue = new SerialQueue();
  private readonly ops: SqliteOps;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;

  constructor(options: SqliteOptions) {
    if (options.dataDir) {
      mkdirSync(options.dataDir, { recursive: true });
      this.location = join(options.dataDir, "tclocal.db");
    } else {
      this.location = ":memory:";
    }
    this.shared = options.shared ?? false;
    this.db = new Database(this.location);
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.enableWal();
    // NORMAL in WAL mode: a committed transaction survives a crash of the process (kill -9); only a power
    // loss can take the last ones back.
    this.db.pragma("synchronous = NORMAL");
    this.migrate();
    this.ops = new SqliteOps(this.db);
    this.begin = this.db.prepare("BEGIN IMMEDIATE");
    this.commit = this.db.prepare("COMMIT");
    this.rollback = this.db.prepare("ROLLBACK");
  }

  /**
   * Switches a new file to WAL. Changing the journal mode does not wait on the busy handler: `--workers` opening
   * one new file at once may see SQLITE_BUSY, so the switch is retried (start-up only) within the busy timeout.
   */
  private enableWal(): void {
    const until = Date.now() + BUSY_TIMEOUT_MS;
    for (;;) {
      try {
        this.db.pragma("journal_mode = WAL");
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > until) throw e;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      }
    }
  }

  private migrate(): void {
    const current = this.db.pragma("user_version", { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      this.db.close();
      throw new Error(newerSchemaMessage(current, this.location));
    }
    if (current === SCHEMA_VERSION) return;
    // Workers opening one file at once: the write lock makes them migrate one after the other.
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const now = this.db.pragma("user_version", { simple: true }) as number;
      for (const m of MIGRATIONS) if (m.version > now) this.db.exec(m.sql("sqlite"));
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
      this.db.exec("COMMIT");
    } catch (e) {
      this.db.exec("ROLLBACK");
      throw e;
    }
  }

  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const wait = this.queue.acquire();
    if (wait) await wait;
    const tx = new SqliteTx(this.ops);
    let result: T;
    try {
      this.begin.run();
      result = await fn(tx);
      this.commit.run();
    } catch (e) {
      try {
        if (this.db.inTransaction) this.rollback.run();
      } finally {
        tx.end();
        this.queue.release();
      }
      tx.effects.settle(false);
      throw e;
    }
    tx.end();
    this.queue.release();
    tx.effects.settle(true);
    return result;
  }

  async readMeta(keys: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const k of keys) {
      const v = this.ops.getMeta(k);
      if (v !== undefined) out.set(k, v);
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** The statements of one connection, prepared once. */
class SqliteOps {
  private readonly s;
  private readonly listStatements = new Map<string, Database.Statement<unknown[], Row>>();

  constructor(private readonly db: Database.Database) {
    const key = "service = ? AND kind = ? AND account = ? AND region = ?";
    this.s = {
      get: db.prepare<unknown[], Row>(`SELECT seq, id, parent, data FROM docs WHERE ${key} AND id = ?`),
      insert: db.prepare(`INSERT INTO docs (service, kind, account, region, id, parent, data) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      update: db.prepare(`UPDATE docs SET data = ?, parent = ? WHERE ${key} AND id = ?`),
      delete: db.prepare(`DELETE FROM docs WHERE ${key} AND id = ?`),
      listAccount: db.prepare<unknown[], Row & { region: string }>(
        `SELECT seq, id, parent, data, region FROM docs WHERE service = ? AND kind = ? AND account = ? ORDER BY seq ASC`,
      ),
      countParent: db.prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM docs WHERE ${key} AND parent = ?`),
      count: db.prepare<unknown[], { n: number }>(`SELECT n FROM doc_counts WHERE ${key}`),
      bump: db.prepare(
        `INSERT INTO doc_counts (service, kind, account, region, n) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (service, kind, account, region) DO UPDATE SET n = n + excluded.n`,
      ),
      getMeta: db.prepare<unknown[], { value: string }>(`SELECT value FROM meta WHERE key = ?`),
      setMeta: db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
      appendAudit: db.prepare(
        `INSERT INTO audit_events (request_id, time_ms, account, region, service, action, error_code, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      pruneByTime: db.prepare(`DELETE FROM audit_events WHERE seq IN (SELECT seq FROM audit_events WHERE time_ms < ? ORDER BY time_ms LIMIT ?)`),
      dump: db.prepare<unknown[], Row & { service: string; kind: string; account: string; region: string }>(
        `SELECT seq, service, kind, account, region, id, parent, data FROM docs WHERE seq > ? ORDER BY seq ASC LIMIT ?`,
      ),
      auditSeqRange: db.prepare<unknown[], { low: number | null; high: number | null }>(`SELECT MIN(seq) AS low, MAX(seq) AS high FROM audit_events`),
      pruneBySeq: db.prepare(`DELETE FROM audit_events WHERE seq <= ?`),
    };
  }

  // A bound LIMIT makes SQLite (built with STAT4) re-plan the statement on every run (~10 µs): page sizes are
  // written into the SQL instead, one cached statement per (order, parent filter, page size).
  private listStatement(desc: boolean, byParent: boolean, limit: number | undefined) {
    const cacheKey = `${desc ? "d" : "a"}${byParent ? "p" : ""}${limit ?? ""}`;
    let st = this.listStatements.get(cacheKey);
    if (!st) {
      const page = limit === undefined ? "" : ` LIMIT ${Math.max(0, Math.floor(limit))} OFFSET ?`;
      st = this.db.prepare<unknown[], Row>(
        `SELECT seq, id, parent, data FROM docs WHERE service = ? AND kind = ? AND account = ? AND region = ?${byParent ? " AND parent = ?" : ""} ORDER BY seq ${desc ? "DESC" : "ASC"}${page}`,
      );
      if (this.listStatements.size < 256) this.listStatements.set(cacheKey, st);
    }
    return st;
  }

  get<T>(scope: Scope, kind: string, id: string): StoredDoc<T> | undefined {
    const r = this.s.get.get(scope.service, kind, scope.account, scope.region, id);
    return r ? doc<T>(r) : undefined;
  }

  insert(scope: Scope, kind: string, id: string, data: unknown, parent: string | null): void {
    try {
      this.s.insert.run(scope.service, kind, scope.account, scope.region, id, parent, encodeDoc(data));
    } catch (e) {
      if ((e as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") throw new DuplicateDocumentError(kind, id);
      throw e;
    }
    this.s.bump.run(scope.service, kind, scope.account, scope.region, 1);
  }

  update(scope: Scope, kind: string, id: string, data: unknown, parent: string | null): boolean {
    return this.s.update.run(encodeDoc(data), parent, scope.service, kind, scope.account, scope.region, id).changes > 0;
  }

  delete(scope: Scope, kind: string, id: string): boolean {
    const gone = this.s.delete.run(scope.service, kind, scope.account, scope.region, id).changes > 0;
    if (gone) this.s.bump.run(scope.service, kind, scope.account, scope.region, -1);
    return gone;
  }

  list<T>(scope: Scope, kind: string, o: ListOptions): StoredDoc<T>[] {
    const limit = o.limit ?? (o.offset ? Number.MAX_SAFE_INTEGER : undefined);
    const params: unknown[] = [scope.service, kind, scope.account, scope.region];
    if (o.parent !== undefined) params.push(o.parent);
    if (limit !== undefined) params.push(o.offset ?? 0);
    return this.listStatement(o.order === "desc", o.parent !== undefined, limit)
      .all(...params)
      .map((r) => doc<T>(r));
  }

  listAccount<T>(service: string, kind: string, account: string): (StoredDoc<T> & { region: string })[] {
    return this.s.listAccount.all(service, kind, account).map((r) => ({ ...doc<T>(r), region: r.region }));
  }

  count(scope: Scope, kind: string, parent: string | undefined): number {
    return parent === undefined
      ? this.s.count.get(scope.service, kind, scope.account, scope.region)?.n ?? 0
      : this.s.countParent.get(scope.service, kind, scope.account, scope.region, parent)?.n ?? 0;
  }

  dump(afterSeq: number, limit: number): DumpedDoc[] {
    return this.s.dump.all(afterSeq, limit).map((r) => ({ ...doc(r), service: r.service, kind: r.kind, account: r.account, region: r.region }));
  }

  wipe(service: string | null, keep?: (service: string, kind: string) => boolean): void {
    const db = this.db;
    const groups = db
      .prepare<unknown[], { service: string; kind: string }>(
        service === null ? `SELECT DISTINCT service, kind FROM docs` : `SELECT DISTINCT service, kind FROM docs WHERE service = ?`,
      )
      .all(...(service === null ? [] : [service]));
    for (const g of groups) {
      if (keep?.(g.service, g.kind)) continue;
      db.prepare(`DELETE FROM docs WHERE service = ? AND kind = ?`).run(g.service, g.kind);
      db.prepare(`DELETE FROM doc_counts WHERE service = ? AND kind = ?`).run(g.service, g.kind);
    }
    if (service === null) db.prepare(`DELETE FROM audit_events`).run();
    else db.prepare(`DELETE FROM audit_events WHERE service = ?`).run(service);
  }

  getMeta(key: string): string | undefined {
    return this.s.getMeta.get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.s.setMeta.run(key, value);
  }

  appendAudit(records: readonly AuditRecord[]): void {
    for (const r of records) {
      this.s.appendAudit.run(r.requestId, r.time, r.account, r.region, r.service, r.action, r.errorCode, encodeDoc(r));
    }
  }

  queryAudit(q: AuditQuery): AuditRow[] {
    const { where, params } = auditWhere(q, () => "?");
    const sql = `SELECT seq, record FROM audit_events ${where} ORDER BY seq ${q.afterSeq !== undefined ? "ASC" : "DESC"} LIMIT ?`;
    return this.db
      .prepare<unknown[], { seq: number; record: string }>(sql)
      .all(...params, q.limit)
      .map((r) => ({ ...decodeDoc<AuditRecord>(r.record), seq: r.seq }));
  }

  pruneAudit(beforeMs: number, keep: number, limit: number): number {
    let removed = this.s.pruneByTime.run(beforeMs, limit).changes;
    if (removed >= limit) return removed;
    const { low, high } = this.s.auditSeqRange.get()!;
    if (low === null || high === null || high - low < keep) return removed;
    const edge = Math.min(high - keep, low + (limit - removed) - 1);
    return removed + this.s.pruneBySeq.run(edge).changes;
  }
}

/** The WHERE clause of an audit query, with the dialect's placeholders. */
export function auditWhere(q: AuditQuery, placeholder: (n: number) => string): { where: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, op: string, v: unknown) => {
    params.push(v);
    where.push(`${column} ${op} ${placeholder(params.length)}`);
  };
  if (q.account !== undefined) add("account", "=", q.account);
  if (q.region !== undefined) add("region", "=", q.region);
  if (q.service !== undefined) add("service", "=", q.service);
  if (q.action !== undefined) add("action", "=", q.action);
  if (q.code === "ok") where.push("error_code IS NULL");
  else if (q.code !== undefined) add("error_code", "=", q.code);
  if (q.since !== undefined) add("time_ms", ">=", q.since);
  if (q.until !== undefined) add("time_ms", "<=", q.until);
  if (q.beforeSeq !== undefined) add("seq", "<", q.beforeSeq);
  if (q.afterSeq !== undefined) add("seq", ">", q.afterSeq);
  return { where: where.length ? "WHERE " + where.join(" AND ") : "", params };
}

const doc = <T>(r: Row): StoredDoc<T> => ({ id: r.id, parent: r.parent, seq: r.seq, data: decodeDoc<T>(r.data) });

/**
 * One transaction's view of the connection. Calls after the transaction ended are refused: they can only
 * come from a store call that was not awaited.
 */
class SqliteTx implements Tx {
  private open = true;
  readonly effects = new TxEffects();

  constructor(private readonly ops: SqliteOps) {}

  end(): void {
    this.open = false;
  }

  private live(): SqliteOps {
    if (!this.open) throw new Error("store call after its transaction ended (a store call that was not awaited?)");
    return this.ops;
  }

  async get<T>(scope: Scope, kind: string, id: string) {
    return this.live().get<T>(scope, kind, id);
  }
  async insert(scope: Scope, kind: string, id: string, data: unknown, parent: string | null = null) {
    this.live().insert(scope, kind, id, data, parent);
  }
  async update(scope: Scope, kind: string, id: string, data: unknown, parent: string | null = null) {
    return this.live().update(scope, kind, id, data, parent);
  }
  async delete(scope: Scope, kind: string, id: string) {
    return this.live().delete(scope, kind, id);
  }
  async list<T>(scope: Scope, kind: string, options: ListOptions = {}) {
    return this.live().list<T>(scope, kind, options);
  }
  async listAccount<T>(service: string, kind: string, account: string) {
    return this.live().listAccount<T>(service, kind, account);
  }
  async count(scope: Scope, kind: string, parent?: string) {
    return this.live().count(scope, kind, parent);
  }
  async dump(afterSeq: number, limit: number) {
    return this.live().dump(afterSeq, limit);
  }
  async wipe(service: string | null, keep?: (service: string, kind: string) => boolean) {
    this.live().wipe(service, keep);
  }
  async getMeta(key: string) {
    return this.live().getMeta(key);
  }
  async setMeta(key: string, value: string) {
    this.live().setMeta(key, value);
  }
  async appendAudit(records: readonly AuditRecord[]) {
    this.live().appendAudit(records);
  }
  async queryAudit(q: AuditQuery) {
    return this.live().queryAudit(q);
  }
  async pruneAudit(beforeMs: number, keep: number, limit: number) {
    return this.live().pruneAudit(beforeMs, keep, limit);
  }
  afterCommit(effect: () => void): void {
    this.live();
    this.effects.onCommit(effect);
  }
  afterRollback(effect: () => void): void {
    this.live();
    this.effects.onRollback(effect);
  }
}
