/** `90`, `90s`, `15m`, `3h`, `7d` (negative allowed) → seconds; NaN when it is none of those. */
export function parseDuration(text: string): number {
  const m = /^(-?\d+(?:\.\d+)?)([smhd]?)$/.exec(text.trim());
  if (!m) return NaN;
  return Number(m[1]) * { "": 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as "" | "s" | "m" | "h" | "d"];
}
