import { addMonths } from "./clock";

/** CNY amounts: prices and balances keep two decimals. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** What the clock's charges need of a call's context (every product's ActionContext has both). */
export interface Payer {
  charge(amount: number): Promise<boolean>;
  account(): Promise<{ balance: number }>;
}

/**
 * Pay-as-you-go: pays up to `hours` whole hours at `rate` CNY an hour from the balance, in one charge, and
 * answers how many it paid (fewer when the balance runs short; a free rate pays them all).
 */
export async function payHours(payer: Payer, rate: number, hours: number): Promise<number> {
  if (hours <= 0 || rate <= 0) return Math.max(0, hours);
  if (await payer.charge(round2(rate * hours))) return hours;
  const balance = (await payer.account()).balance;
  let n = Math.min(hours - 1, Math.floor((balance + 1e-9) / rate));
  while (n > 0 && round2(rate * n) > balance + 1e-9) n--;
  if (n > 0 && !(await payer.charge(round2(rate * n)))) return 0;
  return Math.max(0, n);
}

/**
 * Automatic renewal of a prepaid term: while the deadline has passed and the balance pays `cost`, the term
 * moves on by `months`. Answers the new deadline (still past when the balance ran short) and the amount charged.
 */
export async function renewWhileDue(payer: Payer, deadline: number, now: number, months: number, cost: number): Promise<{ deadline: number; charged: number }> {
  let charged = 0;
  while (deadline <= now && (cost <= 0 || (await payer.charge(round2(cost))))) {
    deadline = addMonths(deadline, months);
    charged = round2(charged + Math.max(0, cost));
  }
  return { deadline, charged };
}
