/**
 * What a transaction runs once it has ended, outside the store: the effects registered for a commit, or those
 * registered for a rollback (each attempt's, when the store runs a call again). Each runs at most once.
 */
export class TxEffects {
  private committed: (() => void)[] | null = null;
  private rolledBack: (() => void)[] | null = null;

  onCommit(effect: () => void): void {
    (this.committed ??= []).push(effect);
  }

  onRollback(effect: () => void): void {
    (this.rolledBack ??= []).push(effect);
  }

  /** Runs the effects of how the transaction ended and forgets all of them. */
  settle(committed: boolean): void {
    const run = committed ? this.committed : this.rolledBack;
    this.committed = this.rolledBack = null;
    if (run) for (const effect of run) effect();
  }
}
