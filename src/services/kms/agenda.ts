import { nowSeconds, type Ctx } from "./formats";

/**
 * When the next scheduled work (a deletion date, an automatic rotation, material expiry) falls due in this
 * account and region: one document, so the per-call reconcile costs a single read until something is due.
 */
const agenda = (ctx: Ctx) => ctx.docs<{ due: number }>("agenda");

/** Notes that work falls due at `at` (epoch seconds); Infinity means none. */
export async function expectWork(ctx: Ctx, at: number): Promise<void> {
  if (!Number.isFinite(at)) return;
  const current = await agenda(ctx).get("next");
  if (!current || at < current.due) await agenda(ctx).put("next", { due: at });
}

export async function workIsDue(ctx: Ctx): Promise<boolean> {
  const current = await agenda(ctx).get("next");
  return current !== undefined && current.due <= nowSeconds(ctx);
}

/** After a sweep: the earliest work still ahead. */
export async function resetAgenda(ctx: Ctx, due: number): Promise<void> {
  if (Number.isFinite(due)) await agenda(ctx).put("next", { due });
  else await agenda(ctx).delete("next");
}
