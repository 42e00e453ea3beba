import type { AuditQuery, AuditRecord, AuditRow, Store } from "./store/store";

/**
 * The record of every call. Records are buffered and written in one transaction every `flushMs` (a write per
 * request would halve throughput); a query flushes first, so a call is findable the moment it was answered.
 * Subscribers (CloudAudit delivery) see each record as it is taken.
 */
export class AuditTrail {
  private buffer: AuditRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly subscribers: ((r: AuditRecord) => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly flushMs = 100,
  ) {}

  record(r: AuditRecord): void {
    this.buffer.push(r);
    for (const s of this.subscribers) s(r);
    if (this.buffer.length >= 500) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  subscribe(fn: (r: AuditRecord) => void): void {
    this.subscribers.push(fn);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.buffer.length) return;
    const batch = this.buffer;
    this.buffer = [];
    this.store.transaction((tx) => tx.appendAudit(batch));
  }

  query(q: AuditQuery): AuditRow[] {
    this.flush();
    return this.store.transaction((tx) => tx.queryAudit(q));
  }

  /** Drops buffered records (reset). */
  discard(): void {
    this.buffer = [];
  }
}

/** Request members whose values never reach the audit trail, logs or the control API. */
const SECRET_MEMBER = /(password|passwd|plaintext|secret(?!id)|token|keymaterial|privatekey|sessionkey)|^datakey$/i;

/** A copy of the request members with secrets and plaintexts replaced by "******". */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return "…";
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (typeof value === "bigint") return value.toString();
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_MEMBER.test(k) ? "******" : redact(v, depth + 1);
  return out;
}
