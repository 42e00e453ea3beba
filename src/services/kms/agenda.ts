import { nowSeconds, type Ctx } from "./formats";

/**
 * When the next scheduled work (a deletion date, an automatic rotation, material expiry) falls due in this
 * account and region: one document, so the per-call reconcile costs a single read until something is due.
 */
const agenda = (ctx: Ctx) => ctx.docs<{ due: number }>("agenda");

/** Notes that work falls due at `at` (epoch seconds); Infinity means none. */
export function expectWork(ctx: Ctx, at: number): void {
  if (!Number.isFinite(at)) return;
  const current = agenda(ctx).get("next");
  if (!current || at < current.due) agenda(ctx).put("next", { due: at });
}

export function workIsDue(ctx: Ctx): boolean {
  const current = agenda(ctx).get("next");
  return current !== undefined && current.due <= nowSeconds(ctx);
}

/** After a sweep: the earliest work still ahead. */
export function resetAgenda(ctx: Ctx, due: number): void {
  if (Number.isFinite(due)) agenda(ctx).put("next", { due });
  else agenda(ctx).delete("next");
}
