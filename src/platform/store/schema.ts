/**
 * The store's schema as numbered migrations, one list for both databases. Each database records the version
 * it is at (SQLite: `PRAGMA user_version`; PostgreSQL: the `schema_migrations` table); a tclocal older than the
 * database refuses to start. Add a migration at the end; never edit one that has shipped.
 */
export type Dialect = "sqlite" | "postgres";

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: (d: Dialect) => string;
}

const serial = (d: Dialect) => (d === "sqlite" ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY");
const bigint = (d: Dialect) => (d === "sqlite" ? "INTEGER" : "BIGINT");

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "documents, collection counters, meta, audit trail",
    // IF NOT EXISTS: data directories of tclocal 0.1.0 already hold these tables at user_version 0.
    sql: (d) => `
CREATE TABLE IF NOT EXISTS docs (
  seq ${serial(d)},
  service TEXT NOT NULL, kind TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL,
  parent TEXT, data TEXT NOT NULL,
  UNIQUE (service, kind, account, region, id)
);
CREATE INDEX IF NOT EXISTS docs_in_order ON docs (service, kind, account, region, seq);
CREATE INDEX IF NOT EXISTS docs_by_parent ON docs (service, kind, account, region, parent, seq);
CREATE TABLE IF NOT EXISTS doc_counts (
  service TEXT NOT NULL, kind TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL, n ${bigint(d)} NOT NULL,
  PRIMARY KEY (service, kind, account, region)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_events (
  seq ${serial(d)},
  request_id TEXT NOT NULL, time_ms ${bigint(d)} NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL,
  service TEXT NOT NULL, action TEXT NOT NULL, error_code TEXT, record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_account_time ON audit_events (account, time_ms);`,
  },
  {
    version: 2,
    description: "audit retention by time",
    sql: () => `CREATE INDEX IF NOT EXISTS audit_by_time ON audit_events (time_ms);`,
  },
  {
    version: 3,
    description: "blobs kept in the database (PostgreSQL without a shared directory)",
    sql: (d) => `CREATE TABLE IF NOT EXISTS blobs (key TEXT NOT NULL, part INTEGER NOT NULL, data ${d === "sqlite" ? "BLOB" : "BYTEA"} NOT NULL, PRIMARY KEY (key, part));`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** A database written by a newer tclocal: this one must not touch it. */
export function newerSchemaMessage(found: number, where: string): string {
  return `the database at ${where} is at schema version ${found}, but this tclocal knows versions up to ${SCHEMA_VERSION}: upgrade tclocal`;
}
