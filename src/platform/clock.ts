/**
 * The emulator clock: real time plus an offset that tests move with the control API. Every time-dependent
 * behaviour of resources reads it; request signatures do not (clients sign with their real clocks).
 */
export class Clock {
  private offsetMs: number;

  constructor(
    offsetMs = 0,
    private readonly onChange: (offsetMs: number) => void = () => {},
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

  advance(seconds: number): void {
    this.offsetMs += Math.round(seconds * 1000);
    this.onChange(this.offsetMs);
  }

  /** Sets emulator time to `epochSeconds` from now on. */
  set(epochSeconds: number): void {
    this.offsetMs = Math.round(epochSeconds * 1000) - Date.now();
    this.onChange(this.offsetMs);
  }

  reset(): void {
    this.offsetMs = 0;
    this.onChange(0);
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
