/** The next start of an instance's maintenance window (times in UTC+8; days 1 Monday … 7 Sunday), epoch ms. */
export function nextWindow(now: number, w: { start: string; days: string }): number {
  const days = new Set(w.days.split(",").map(Number));
  const [h, m] = w.start.split(":").map(Number);
  const local = now + 8 * 3600_000;
  const dayStart = local - (local % 86400_000);
  for (let d = 0; d <= 7; d++) {
    const at = dayStart + d * 86400_000 + (h * 60 + m) * 60_000;
    const weekday = ((new Date(at).getUTCDay() + 6) % 7) + 1;
    if (at > local && days.has(weekday)) return at - 8 * 3600_000;
  }
  return now;
}
