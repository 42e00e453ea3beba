import type { Store } from "./store/store";

/** Meta key of the clock offset (milliseconds), shared by every process using the store. */
export const CLOCK_KEY = "clock.offsetMs";

/**
 * The emulator clock: real time plus an offset that tests move with the control API. Every time-dependent
 * behaviour of resources reads it; request signatures do not (clients sign with their real clocks). The offset
 * lives in the store: a move made by one process is seen by every other once it refreshes (each call, when the
 * store is shared).
 */
export class Clock {
  private offsetMs: number;

  constructor(
    offsetMs = 0,
    private readonly store: Store | null = null,
  ) {
    this.offsetMs = offsetMs;
  }

  /** Emulator time, epoch milliseconds. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** The emulator time of a real instant (epoch ms). */
  at(realMs: number): number {
    return realMs + this.offsetMs;
  }

  get offsetSeconds(): number {
    return Math.round(this.offsetMs / 1000);
  }

  /** Takes the offset another process stored. */
  refresh(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }

  advance(seconds: number): Promise<void> {
    return this.move((current) => current + Math.round(seconds * 1000));
  }

  /** Sets emulator time to `epochSeconds` from now on. */
  set(epochSeconds: number): Promise<void> {
    return this.move(() => Math.round(epochSeconds * 1000) - Date.now());
  }

  reset(): Promise<void> {
    return this.move(() => 0);
  }

  /** Read-modify-write of the stored offset in one transaction, so two processes advancing at once both count. */
  private async move(next: (currentMs: number) => number): Promise<void> {
    if (!this.store) {
      this.offsetMs = next(this.offsetMs);
      return;
    }
    this.offsetMs = await this.store.transaction(
      async (tx) => {
        const value = next(Number((await tx.getMeta(CLOCK_KEY)) ?? 0));
        await tx.setMeta(CLOCK_KEY, String(value));
        return value;
      },
      { lockKey: "clock" },
    );
  }
}

/** `2006-01-02 15:04:05` in UTC+8, the form most Tencent Cloud APIs use for times. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  return d.toISOString().slice(0, 19).replace("T", " ");
}

/** `2006-01-02` in UTC+8. */
export function formatDate(ms: number): string {
  return formatDateTime(ms).slice(0, 10);
}

/** ISO 8601 with the +08:00 offset (`2006-01-02T15:04:05+08:00`), as CBS and CVM answer. */
export function formatIso(ms: number): string {
  return formatDateTime(ms).replace(" ", "T") + "+08:00";
}

/** Parses `2006-01-02 15:04:05` (UTC+8) or ISO 8601; NaN when it is neither. */
export function parseDateTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/.exec(text);
  if (m) {
    const [, y, mo, d, h = "0", mi = "0", s = "0"] = m;
    return Date.UTC(+y, +mo - 1, +d, +h - 8, +mi, +s);
  }
  return /T/.test(text) ? Date.parse(text) : NaN;
}

/** The same wall-clock time (UTC+8, as Tencent bills) `months` later; the 31st becomes the month's last day. */
export function addMonths(ms: number, months: number): number {
  const tz = 8 * 3_600_000;
  const d = new Date(ms + tz);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime() - tz;
}
