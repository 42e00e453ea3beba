import type { Collection } from "./collection";

/**
 * When a product's next clock-driven work (a timer, a deadline, a billed hour, a recycle-bin purge) falls due in
 * one account and region: one document, so the per-call reconcile costs a single read until something is due.
 * The stored time may be early (a sweep then finds nothing and sets the next one), never late.
 */
export interface Due {
  at: number;
}

const NONE = Number.MAX_SAFE_INTEGER;

export class Agenda {
  constructor(
    private readonly col: Collection<Due>,
    private readonly key = "next",
  ) {}

  /** Notes that work falls due at `at` (null: none). */
  async expect(at: number | null): Promise<void> {
    if (at === null || !Number.isFinite(at)) return;
    const cur = await this.col.get(this.key);
    if (!cur || at < cur.at) await this.col.put(this.key, { at });
  }

  async isDue(now: number): Promise<boolean> {
    const cur = await this.col.get(this.key);
    return cur !== undefined && cur.at <= now;
  }

  /** After a sweep: the earliest work still ahead (Infinity: none). */
  async reset(next: number): Promise<void> {
    await this.col.put(this.key, { at: Number.isFinite(next) ? Math.min(next, NONE) : NONE });
  }
}
