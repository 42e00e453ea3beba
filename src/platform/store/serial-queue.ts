/**
 * Lets one holder at a time through, in arrival order: the transactions of one SQLite connection. The first
 * caller passes without waiting for a tick. A caller that waits longer than `maxWaitMs` is refused: on one
 * connection that only happens when a transaction opens another one inside itself (a bug), never from load.
 */
export class SerialQueue {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly maxWaitMs = 30_000) {}

  acquire(): Promise<void> | undefined {
    if (!this.held) {
      this.held = true;
      return undefined;
    }
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new Error(`a store transaction waited ${this.maxWaitMs} ms for the connection: is a transaction opened inside another?`));
      }, this.maxWaitMs);
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiting.push(grant);
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}
