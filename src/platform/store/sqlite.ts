import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { decodeDoc, encodeDoc } from "./codec";
import {
  DuplicateDocumentError,
  type AuditQuery,
  type AuditRecord,
  type AuditRow,
  type ListOptions,
  type Scope,
  type Store,
  type StoredDoc,
  type Tx,
} from "./store";

// Portable SQL: plain tables, composite keys, no JSON functions, no SQLite-only types. A PostgreSQL store
// changes only `INTEGER PRIMARY KEY AUTOINCREMENT` (BIGSERIAL), `?` placeholders and the ON CONFLICT upsert.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS docs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  service TEXT NOT NULL, kind TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL,
  parent TEXT, data TEXT NOT NULL,
  UNIQUE (service, kind, account, region, id)
);
CREATE INDEX IF NOT EXISTS docs_in_order ON docs (service, kind, account, region, seq);
CREATE INDEX IF NOT EXISTS docs_by_parent ON docs (service, kind, account, region, parent, seq);
CREATE TABLE IF NOT EXISTS doc_counts (
  service TEXT NOT NULL, kind TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (service, kind, account, region)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL, time_ms INTEGER NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL,
  service TEXT NOT NULL, action TEXT NOT NULL, error_code TEXT, record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_account_time ON audit_events (account, time_ms);
`;

export interface SqliteOptions {
  /** A directory for tclocal.db, or null for an in-memory database. */
  readonly dataDir: string | null;
}

type Row = { seq: number; id: string; parent: string | null; data: string };

export class SqliteStore implements Store {
  readonly location: string;
  private readonly db: Database.Database;
  private readonly tx: Tx;
  private readonly run: <T>(fn: () => T) => T;

  constructor(options: SqliteOptions) {
    if (options.dataDir) {
      mkdirSync(options.dataDir, { recursive: true });
      this.location = join(options.dataDir, "tclocal.db");
    } else {
      this.location = ":memory:";
    }
    this.db = new Database(this.location);
    this.db.pragma("journal_mode = WAL");
    // NORMAL in WAL mode: a committed transaction survives a crash of the process (kill -9); only a power
    // loss can take the last ones back.
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(SCHEMA);
    this.tx = this.makeTx();
    const wrapped = this.db.transaction((fn: () => unknown) => fn());
    this.run = <T>(fn: () => T) => wrapped(fn) as T;
  }

  transaction<T>(fn: (tx: Tx) => T): T {
    if (this.db.inTransaction) return fn(this.tx);
    return this.run(() => fn(this.tx));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private makeTx(): Tx {
    const db = this.db;
    const key = "service = ? AND kind = ? AND account = ? AND region = ?";
    const s = {
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
    };
    const doc = <T>(r: Row): StoredDoc<T> => ({ id: r.id, parent: r.parent, seq: r.seq, data: decodeDoc<T>(r.data) });
    // A bound LIMIT makes SQLite (built with STAT4) re-plan the statement on every run (~10 µs): page sizes are
    // written into the SQL instead, one cached statement per (order, parent filter, page size).
    const listStatements = new Map<string, Database.Statement<unknown[], Row>>();
    const listStatement = (desc: boolean, byParent: boolean, limit: number | undefined) => {
      const cacheKey = `${desc ? "d" : "a"}${byParent ? "p" : ""}${limit ?? ""}`;
      let st = listStatements.get(cacheKey);
      if (!st) {
        const page = limit === undefined ? "" : ` LIMIT ${Math.max(0, Math.floor(limit))} OFFSET ?`;
        st = db.prepare<unknown[], Row>(
          `SELECT seq, id, parent, data FROM docs WHERE ${key}${byParent ? " AND parent = ?" : ""} ORDER BY seq ${desc ? "DESC" : "ASC"}${page}`,
        );
        if (listStatements.size < 256) listStatements.set(cacheKey, st);
      }
      return st;
    };
    const args = (scope: Scope, kind: string) => [scope.service, kind, scope.account, scope.region];
    const LIMIT_ALL = Number.MAX_SAFE_INTEGER;

    return {
      get: <T>(scope: Scope, kind: string, id: string) => {
        const r = s.get.get(...args(scope, kind), id);
        return r ? doc<T>(r) : undefined;
      },
      insert: (scope, kind, id, data, parent = null) => {
        try {
          s.insert.run(...args(scope, kind), id, parent, encodeDoc(data));
        } catch (e) {
          if ((e as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") throw new DuplicateDocumentError(kind, id);
          throw e;
        }
        s.bump.run(...args(scope, kind), 1);
      },
      update: (scope, kind, id, data, parent = null) =>
        s.update.run(encodeDoc(data), parent, ...args(scope, kind), id).changes > 0,
      delete: (scope, kind, id) => {
        const gone = s.delete.run(...args(scope, kind), id).changes > 0;
        if (gone) s.bump.run(...args(scope, kind), -1);
        return gone;
      },
      list: <T>(scope: Scope, kind: string, o: ListOptions = {}) => {
        const limit = o.limit ?? (o.offset ? LIMIT_ALL : undefined);
        const params: unknown[] = args(scope, kind);
        if (o.parent !== undefined) params.push(o.parent);
        if (limit !== undefined) params.push(o.offset ?? 0);
        return listStatement(o.order === "desc", o.parent !== undefined, limit)
          .all(...params)
          .map((r) => doc<T>(r));
      },
      listAccount: <T>(service: string, kind: string, account: string) =>
        s.listAccount.all(service, kind, account).map((r) => ({ ...doc<T>(r), region: r.region })),
      count: (scope, kind, parent) =>
        parent === undefined
          ? s.count.get(...args(scope, kind))?.n ?? 0
          : s.countParent.get(...args(scope, kind), parent)?.n ?? 0,
      wipe: (service, keep) => {
        const groups = db
          .prepare<unknown[], { service: string; kind: string }>(
            service === null
              ? `SELECT DISTINCT service, kind FROM docs`
              : `SELECT DISTINCT service, kind FROM docs WHERE service = ?`,
          )
          .all(...(service === null ? [] : [service]));
        for (const g of groups) {
          if (keep?.(g.service, g.kind)) continue;
          db.prepare(`DELETE FROM docs WHERE service = ? AND kind = ?`).run(g.service, g.kind);
          db.prepare(`DELETE FROM doc_counts WHERE service = ? AND kind = ?`).run(g.service, g.kind);
        }
        if (service === null) db.prepare(`DELETE FROM audit_events`).run();
        else db.prepare(`DELETE FROM audit_events WHERE service = ?`).run(service);
      },
      getMeta: (k) => s.getMeta.get(k)?.value,
      setMeta: (k, v) => void s.setMeta.run(k, v),
      appendAudit: (records: readonly AuditRecord[]) => {
        for (const r of records) {
          s.appendAudit.run(r.requestId, r.time, r.account, r.region, r.service, r.action, r.errorCode, encodeDoc(r));
        }
      },
      queryAudit: (q: AuditQuery): AuditRow[] => {
        const where: string[] = [];
        const params: unknown[] = [];
        const add = (sql: string, v: unknown) => {
          where.push(sql);
          params.push(v);
        };
        if (q.account !== undefined) add("account = ?", q.account);
        if (q.region !== undefined) add("region = ?", q.region);
        if (q.service !== undefined) add("service = ?", q.service);
        if (q.action !== undefined) add("action = ?", q.action);
        if (q.code === "ok") where.push("error_code IS NULL");
        else if (q.code !== undefined) add("error_code = ?", q.code);
        if (q.since !== undefined) add("time_ms >= ?", q.since);
        if (q.until !== undefined) add("time_ms <= ?", q.until);
        if (q.beforeSeq !== undefined) add("seq < ?", q.beforeSeq);
        const sql = `SELECT seq, record FROM audit_events ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY seq DESC LIMIT ?`;
        return db
          .prepare<unknown[], { seq: number; record: string }>(sql)
          .all(...params, q.limit)
          .map((r) => ({ ...decodeDoc<AuditRecord>(r.record), seq: r.seq }));
      },
    };
  }
}
