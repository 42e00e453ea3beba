import { PLATFORM } from "./accounts";
import type { Store } from "./store/store";

/**
 * Per-account, per-action request counting in one-second windows, at the limits products document
 * (20 requests per second unless the product says otherwise). Off unless tclocal starts with --rate-limit.
 */
export interface RateWindows {
  /** Counts the call; resolves the count in this second when it is over `limit`, else 0. */
  take(key: string, limit: number, nowMs?: number): number | Promise<number>;
}

/** Windows kept in this process: the store is not shared. */
export class RateLimiter implements RateWindows {
  private windows = new Map<string, { second: number; count: number }>();

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

/**
 * Windows in the store, counted in a transaction: the documented limit holds across every process sharing it.
 * One document per key holds the counts of the last few seconds, so calls answered out of order near a
 * second's edge still count in their own second.
 */
export class SharedRateLimiter implements RateWindows {
  constructor(private readonly store: Store) {}

  take(key: string, limit: number, nowMs: number = Date.now()): Promise<number> {
    const second = Math.floor(nowMs / 1000);
    return this.store.transaction(
      async (tx) => {
        const doc = (await tx.get<{ seconds: Record<string, number> }>(PLATFORM, "rate-window", key))?.data;
        const seconds: Record<string, number> = {};
        for (const [s, n] of Object.entries(doc?.seconds ?? {})) if (Number(s) >= second - 2) seconds[s] = n;
        const count = (seconds[second] ?? 0) + 1;
        seconds[second] = count;
        if (doc) await tx.update(PLATFORM, "rate-window", key, { seconds });
        else await tx.insert(PLATFORM, "rate-window", key, { seconds });
        return count > limit ? count : 0;
      },
      { lockKey: `rate:${key}` },
    );
  }
}
