/**
 * The persistence interface every part of tclocal uses. It is deliberately small and asynchronous: documents
 * keyed by (service, kind, account, region, id) in insertion order, a counter per collection, the audit trail,
 * and a key/value meta table. Embedded SQLite (`sqlite.ts`) is the default; PostgreSQL (`postgres.ts`) is the
 * shared one that several tclocal processes use at once. A network database must never block the event loop,
 * so every operation returns a promise; on SQLite the promise is already settled when it is returned.
 */

/** Where a document lives. Every query names its account and region: isolation by construction. */
export interface Scope {
  readonly service: string;
  readonly account: string;
  readonly region: string;
}

export interface StoredDoc<T = unknown> {
  readonly id: string;
  readonly parent: string | null;
  /** Store-wide insertion order. */
  readonly seq: number;
  readonly data: T;
}

export interface ListOptions {
  /** Only documents whose parent is this value. */
  readonly parent?: string;
  readonly offset?: number;
  readonly limit?: number;
  readonly order?: "asc" | "desc";
}

/** One call made to tclocal, as the audit trail keeps it (CloudAudit serves these as events). */
export interface AuditRecord {
  readonly requestId: string;
  /** Emulator time of the call, epoch milliseconds. */
  readonly time: number;
  readonly account: string;
  readonly region: string;
  readonly service: string;
  readonly version: string;
  readonly action: string;
  /** "root" or the sub-user's name. */
  readonly username: string;
  readonly subUin: string | null;
  readonly secretId: string | null;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly readOnly: boolean;
  readonly resources: readonly string[];
  /** Request members with secrets and plaintexts redacted, and large values summarized. */
  readonly params: Record<string, unknown>;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly latencyMs: number;
  /** How the caller authenticated (CloudAudit's userIdentity.type); null when authentication failed. Absent in older records. */
  readonly callerKind?: "root" | "sub-user" | "temporary" | null;
  /** GET or POST (CloudAudit's httpMethod). Absent in older records. */
  readonly httpMethod?: string;
}

export interface AuditQuery {
  readonly account?: string;
  readonly region?: string;
  readonly service?: string;
  readonly action?: string;
  /** "ok" for successful calls, or an exact error code. */
  readonly code?: string;
  readonly since?: number;
  readonly until?: number;
  /** Only records older than this sequence number (paging, newest first). */
  readonly beforeSeq?: number;
  /** Only records newer than this sequence number, oldest first (snapshots). */
  readonly afterSeq?: number;
  readonly limit: number;
}

/** A document with everything that places it: what a snapshot carries. */
export interface DumpedDoc extends StoredDoc, Scope {
  readonly kind: string;
}

export interface AuditRow extends AuditRecord {
  readonly seq: number;
}

export class DuplicateDocumentError extends Error {
  constructor(kind: string, id: string) {
    super(`${kind} ${id} already exists`);
  }
}

/** The store cannot be reached or failed (database down): answered as InternalError, never a crash. */
export class StoreUnavailableError extends Error {}

export interface Tx {
  get<T>(scope: Scope, kind: string, id: string): Promise<StoredDoc<T> | undefined>;
  /** Throws DuplicateDocumentError when the id is taken in that scope. */
  insert(scope: Scope, kind: string, id: string, data: unknown, parent?: string | null): Promise<void>;
  /** Replaces an existing document; resolves false when there is none. */
  update(scope: Scope, kind: string, id: string, data: unknown, parent?: string | null): Promise<boolean>;
  delete(scope: Scope, kind: string, id: string): Promise<boolean>;
  list<T>(scope: Scope, kind: string, options?: ListOptions): Promise<StoredDoc<T>[]>;
  /** Documents of a kind in every region of an account (region-less views such as DescribeRegions counts). */
  listAccount<T>(service: string, kind: string, account: string): Promise<(StoredDoc<T> & { region: string })[]>;
  count(scope: Scope, kind: string, parent?: string): Promise<number>;
  /** Every document of every service, account and region in insertion order, a page after `afterSeq` (snapshots). */
  dump(afterSeq: number, limit: number): Promise<DumpedDoc[]>;
  /** Wipes documents (and audit records) of one service or of all, except those `keep` accepts. */
  wipe(service: string | null, keep?: (service: string, kind: string) => boolean): Promise<void>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  appendAudit(records: readonly AuditRecord[]): Promise<void>;
  queryAudit(query: AuditQuery): Promise<AuditRow[]>;
  /**
   * Deletes at most `limit` audit records, oldest first: those older than `beforeMs` (emulator time), then those
   * more than `keep` sequence numbers behind the newest (so at most `keep` remain). Resolves the count removed:
   * fewer than `limit` means nothing is left to prune. Each batch is cheap (index ranges, no counting scan).
   */
  pruneAudit(beforeMs: number, keep: number, limit: number): Promise<number>;
  /**
   * Work outside the store (files, caches, notifications) that must happen only if this transaction commits:
   * it runs once, after commit, and is dropped when the transaction rolls back or is retried.
   */
  afterCommit(effect: () => void): void;
  /**
   * Work to undo or hand back when this transaction rolls back (each attempt's, when the store runs the call
   * again): it runs once, after the rollback, and is dropped when the transaction commits.
   */
  afterRollback(effect: () => void): void;
}

export interface TransactionOptions {
  /**
   * What the transaction mostly touches (an account's uin): calls with the same key are queued behind each
   * other instead of conflicting, which spares retries. Correctness never depends on it.
   */
  readonly lockKey?: string;
}

export interface StoreInfo {
  readonly kind: "sqlite" | "postgres";
  readonly schemaVersion: number;
  /** Other processes may change the state (PostgreSQL, or SQLite shared by several workers): cached views must be refreshed per call. */
  readonly shared: boolean;
}

export interface Store extends StoreInfo {
  /** A printable location (file, `:memory:`, or the database URL without its password). */
  readonly location: string;
  /**
   * Runs `fn` in one transaction: its reads and writes never interleave with another transaction's effects,
   * all or nothing. A store may run `fn` more than once (a serialization conflict with another process):
   * `fn` must be a function of the transaction and put any outside effect in `tx.afterCommit`.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Reads meta values outside any transaction (the per-call refresh of shared state). */
  readMeta(keys: readonly string[]): Promise<Map<string, string>>;
  close(): Promise<void>;
}
