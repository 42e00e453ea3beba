/**
 * The persistence interface every part of tclocal uses. It is deliberately small: documents keyed by
 * (service, kind, account, region, id) in insertion order, a counter per collection, the audit trail, and a
 * key/value meta table. The embedded SQLite store implements it; a PostgreSQL store can follow with the same
 * portable SQL (see ARCHITECTURE.md). Transactions are synchronous so a request's reads and writes can never
 * interleave with another request's.
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
  /** Request members with secrets and plaintexts redacted. */
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
  readonly limit: number;
}

export interface AuditRow extends AuditRecord {
  readonly seq: number;
}

export class DuplicateDocumentError extends Error {
  constructor(kind: string, id: string) {
    super(`${kind} ${id} already exists`);
  }
}

export interface Tx {
  get<T>(scope: Scope, kind: string, id: string): StoredDoc<T> | undefined;
  /** Throws DuplicateDocumentError when the id is taken in that scope. */
  insert(scope: Scope, kind: string, id: string, data: unknown, parent?: string | null): void;
  /** Replaces an existing document; returns false when there is none. */
  update(scope: Scope, kind: string, id: string, data: unknown, parent?: string | null): boolean;
  delete(scope: Scope, kind: string, id: string): boolean;
  list<T>(scope: Scope, kind: string, options?: ListOptions): StoredDoc<T>[];
  /** Documents of a kind in every region of an account (region-less views such as DescribeRegions counts). */
  listAccount<T>(service: string, kind: string, account: string): (StoredDoc<T> & { region: string })[];
  count(scope: Scope, kind: string, parent?: string): number;
  /** Wipes documents (and audit records) of one service or of all, except those `keep` accepts. */
  wipe(service: string | null, keep?: (service: string, kind: string) => boolean): void;
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  appendAudit(records: readonly AuditRecord[]): void;
  queryAudit(query: AuditQuery): AuditRow[];
}

export interface Store {
  readonly location: string;
  transaction<T>(fn: (tx: Tx) => T): T;
  close(): void;
}
