/** CNY amounts: prices and balances keep two decimals. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
