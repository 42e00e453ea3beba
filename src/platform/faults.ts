import { randomUUID } from "node:crypto";
import { PLATFORM } from "./accounts";
import type { Store, Tx } from "./store/store";

/** A rule that makes matching calls fail with a documented code (or slow down). */
export interface FaultRule {
  id: string;
  service: string;
  /** An action name, or "*" for every action of the service. */
  action: string;
  region: string | null;
  code: string;
  message: string | null;
  probability: number;
  /** How many more times the rule may fire; null for unlimited. */
  remaining: number | null;
  delayMs: number;
  fired: number;
}

export type FaultInput = Omit<FaultRule, "id" | "fired" | "remaining"> & { count: number | null };

/** Meta key that changes whenever the set of rules changes: processes sharing the store reload their copy. */
export const FAULTS_VERSION_KEY = "faults.version";
const KIND = "fault";

/**
 * Fault rules are test set-up kept in the store, so every process sharing it applies the same rules and a
 * rule with a count fires exactly that many times in total. Each process keeps a copy of the rules (a call
 * with no rule to match costs no store access) and reloads it when FAULTS_VERSION_KEY changes; a matching
 * rule is counted in a transaction, which is what decides whether it still fires.
 */
export class Faults {
  private cached: FaultRule[] | null = null;
  private version: string | undefined;

  constructor(
    private readonly store: Store,
    private readonly random: () => number = Math.random,
  ) {}

  async add(input: FaultInput): Promise<FaultRule> {
    const { count, ...rest } = input;
    const rule: FaultRule = { ...rest, id: randomUUID(), remaining: count, fired: 0 };
    await this.change(async (tx) => tx.insert(PLATFORM, KIND, rule.id, rule));
    return rule;
  }

  async list(): Promise<FaultRule[]> {
    return this.store.transaction(async (tx) => (await tx.list<FaultRule>(PLATFORM, KIND)).map((d) => d.data));
  }

  remove(id: string): Promise<boolean> {
    return this.change((tx) => tx.delete(PLATFORM, KIND, id));
  }

  /** Removes every rule, or one product's. */
  async clear(service?: string): Promise<void> {
    await this.change(async (tx) => {
      for (const d of await tx.list<FaultRule>(PLATFORM, KIND)) if (!service || d.data.service === service) await tx.delete(PLATFORM, KIND, d.id);
    });
  }

  /** The version another process stored (per-call refresh of a shared store). */
  refresh(version: string | undefined): void {
    if (version !== this.version) {
      this.version = version;
      this.cached = null;
    }
  }

  /** The first rule that fires for this call, counted; undefined when none does. */
  async fire(service: string, action: string, region: string): Promise<FaultRule | undefined> {
    const rules = this.cached ?? (this.cached = await this.list());
    for (const candidate of rules) {
      if (candidate.service !== service || (candidate.action !== "*" && candidate.action !== action)) continue;
      if (candidate.region && candidate.region !== region) continue;
      if (candidate.remaining === 0) continue;
      if (candidate.probability < 1 && this.random() >= candidate.probability) continue;
      const fired = await this.store.transaction(
        async (tx) => {
          const rule = (await tx.get<FaultRule>(PLATFORM, KIND, candidate.id))?.data;
          if (!rule || rule.remaining === 0) return undefined;
          const next = { ...rule, remaining: rule.remaining === null ? null : rule.remaining - 1, fired: rule.fired + 1 };
          await tx.update(PLATFORM, KIND, rule.id, next);
          return next;
        },
        { lockKey: `fault:${candidate.id}` },
      );
      if (fired) {
        Object.assign(candidate, { remaining: fired.remaining, fired: fired.fired });
        return { ...fired };
      }
      candidate.remaining = 0;
    }
    return undefined;
  }

  private async change<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const version = randomUUID();
    const result = await this.store.transaction(async (tx) => {
      const r = await fn(tx);
      await tx.setMeta(FAULTS_VERSION_KEY, version);
      return r;
    });
    this.version = version;
    this.cached = null;
    return result;
  }
}
