import type { AuditQuery, AuditRecord, AuditRow, Store } from "./store/store";

/**
 * The record of every call. Records are buffered and written in one transaction every `flushMs` (a write per
 * request would halve throughput); a query flushes first, so a call is findable the moment it was answered.
 * Subscribers (CloudAudit delivery) see each record as it is taken. Records older than the retention (on the
 * emulator clock) or beyond the maximum count are pruned in the background.
 */
/** Audit records deleted per pruning transaction (a few milliseconds on SQLite). */
export const PRUNE_BATCH = 2_000;

export class AuditTrail {
  private buffer: AuditRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly subscribers: ((r: AuditRecord) => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly onError: (e: unknown) => void,
    private readonly flushMs = 100,
  ) {}

  record(r: AuditRecord): void {
    this.buffer.push(r);
    for (const s of this.subscribers) s(r);
    if (this.buffer.length >= 500) void this.flush().catch(this.onError);
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(this.onError), this.flushMs);
      this.timer.unref();
    }
  }

  subscribe(fn: (r: AuditRecord) => void): void {
    this.subscribers.push(fn);
  }

  /** Writes what is buffered; resolves once every record taken so far is in the store. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.buffer.length) {
      const batch = this.buffer;
      this.buffer = [];
      // Batches are written in the order they were taken; a failed batch (store down) is logged, not retried.
      this.writing = this.writing.then(() => this.store.transaction((tx) => tx.appendAudit(batch))).catch(this.onError);
    }
    return this.writing;
  }

  async query(q: AuditQuery): Promise<AuditRow[]> {
    await this.flush();
    return this.store.transaction((tx) => tx.queryAudit(q));
  }

  /**
   * Deletes records older than `retentionMs` before `nowMs` and beyond the newest `maxRecords`, in short
   * transactions of PRUNE_BATCH records with the event loop free between them: calls keep being answered while
   * a million records go.
   */
  async prune(nowMs: number, retentionMs: number, maxRecords: number): Promise<number> {
    await this.flush();
    let total = 0;
    for (;;) {
      const removed = await this.store.transaction((tx) => tx.pruneAudit(nowMs - retentionMs, maxRecords, PRUNE_BATCH));
      total += removed;
      if (removed < PRUNE_BATCH) return total;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Drops buffered records (reset). */
  discard(): void {
    this.buffer = [];
  }
}

/** Request members whose values never reach the audit trail, logs or the control API. */
const SECRET_MEMBER = /(password|passwd|plaintext|secret(?!id)|token|keymaterial|privatekey|sessionkey|assertion)|^datakey$/i;

/** What one audit record keeps of a request's members: long strings, long lists and big objects are summarized. */
export const AUDIT_LIMITS = { string: 256, name: 128, items: 50, depth: 8, bytes: 8 * 1024 } as const;

/**
 * A copy of the request members for the audit trail, logs and the control API: secrets and plaintexts become
 * "******", strings longer than AUDIT_LIMITS.string keep their start and note their length, lists and objects
 * keep their first AUDIT_LIMITS.items entries, and a record never holds more than AUDIT_LIMITS.bytes of
 * members (past that, only their names and sizes). A refused call with a 1 MiB member costs a few hundred bytes.
 */
export function redact(value: unknown): unknown {
  const copy = redactValue(value, 0);
  const size = JSON.stringify(copy)?.length ?? 0;
  if (size <= AUDIT_LIMITS.bytes || !copy || typeof copy !== "object" || Array.isArray(copy)) return copy;
  const summary: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(copy)) summary[k] = `… (${JSON.stringify(v)?.length ?? 0} bytes)`;
  return summary;
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") {
    return value.length > AUDIT_LIMITS.string ? `${value.slice(0, AUDIT_LIMITS.string)}… (${value.length} characters)` : value;
  }
  if (typeof value === "bigint") return value.toString();
  if (!value || typeof value !== "object") return value;
  if (depth >= AUDIT_LIMITS.depth) return "…";
  if (Array.isArray(value)) {
    const out = value.slice(0, AUDIT_LIMITS.items).map((v) => redactValue(v, depth + 1));
    if (value.length > AUDIT_LIMITS.items) out.push(`… (${value.length} items)`);
    return out;
  }
  const out: Record<string, unknown> = {};
  const entries = Object.entries(value);
  for (const [key, v] of entries.slice(0, AUDIT_LIMITS.items)) {
    const k = key.length > AUDIT_LIMITS.name ? `${key.slice(0, AUDIT_LIMITS.name)}… (${key.length} characters)` : key;
    Object.defineProperty(out, k, { value: SECRET_MEMBER.test(key) ? "******" : redactValue(v, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  if (entries.length > AUDIT_LIMITS.items) out["…"] = `${entries.length} members`;
  return out;
}
