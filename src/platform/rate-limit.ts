/**
 * Per-account, per-action request counting in one-second windows, at the limits products document
 * (20 requests per second unless the product says otherwise). Off unless tclocal starts with --rate-limit.
 */
export class RateLimiter {
  private windows = new Map<string, { second: number; count: number }>();

  /** Counts the call; returns the count in this second when it is over `limit`, else 0. */
  take(key: string, limit: number, nowMs: number = Date.now()): number {
    const second = Math.floor(nowMs / 1000);
    let w = this.windows.get(key);
    if (!w || w.second !== second) {
      if (this.windows.size > 50_000) this.windows.clear();
      w = { second, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count > limit ? w.count : 0;
  }
}
