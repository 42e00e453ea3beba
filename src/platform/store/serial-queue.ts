/**
 * Lets one holder at a time through, in arrival order: the transactions of one SQLite connection. The first
 * caller passes without waiting for a tick. Under load most transactions wait a few microtasks, so a wait
 * costs one promise and nothing more: a single watchdog (only while someone waits) refuses a caller that has
 * waited longer than `maxWaitMs` — on one connection that only happens when a transaction opens another one
 * inside itself (a bug), never from load.
 */
export class SerialQueue {
  private held = false;
  private readonly waiting: { grant: () => void; refuse: (e: Error) => void; since: number }[] = [];
  private watchdog: NodeJS.Timeout | null = null;

  constructor(private readonly maxWaitMs = 30_000) {}

  acquire(): Promise<void> | undefined {
    if (!this.held) {
      this.held = true;
      return undefined;
    }
    return new Promise<void>((grant, refuse) => {
      this.waiting.push({ grant, refuse, since: Date.now() });
      this.watchdog ??= setInterval(() => this.refuseStale(), Math.min(1000, this.maxWaitMs)).unref();
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next.grant();
    else {
      this.held = false;
      if (this.watchdog) clearInterval(this.watchdog);
      this.watchdog = null;
    }
  }

  private refuseStale(): void {
    const now = Date.now();
    while (this.waiting.length && now - this.waiting[0].since > this.maxWaitMs) {
      this.waiting.shift()!.refuse(new Error(`a store transaction waited ${this.maxWaitMs} ms for the connection: is a transaction opened inside another?`));
    }
  }
}
