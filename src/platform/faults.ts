import { randomUUID } from "node:crypto";

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

/** Fault rules live in memory: they are test set-up, not emulated cloud state. */
export class Faults {
  private rules: FaultRule[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(input: FaultInput): FaultRule {
    const { count, ...rest } = input;
    const rule: FaultRule = { ...rest, id: randomUUID(), remaining: count, fired: 0 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(service?: string): void {
    this.rules = service ? this.rules.filter((r) => r.service !== service) : [];
  }

  /** The first rule that fires for this call, counting it; undefined when none does. */
  fire(service: string, action: string, region: string): FaultRule | undefined {
    if (!this.rules.length) return undefined;
    for (const rule of this.rules) {
      if (rule.service !== service || (rule.action !== "*" && rule.action !== action)) continue;
      if (rule.region && rule.region !== region) continue;
      if (rule.remaining === 0) continue;
      if (rule.probability < 1 && this.random() >= rule.probability) continue;
      if (rule.remaining !== null) rule.remaining--;
      rule.fired++;
      return { ...rule };
    }
    return undefined;
  }
}
