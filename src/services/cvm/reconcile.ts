import { fireDueTimers } from "./action-timers";
import { schedule, type Ctx } from "./common";
import { settleTerms } from "./instance-terms";

/**
 * What the clock makes happen in CVM, materialized at the first call after it is due (one document read when
 * nothing is): action timers fire, then prepaid terms renew or expire, pay-as-you-go hours are paid, and the
 * recycle bin releases what the clock put there (instance-terms.ts).
 */
export async function reconcile(ctx: Ctx): Promise<void> {
  const agenda = schedule(ctx);
  if (!(await agenda.isDue(ctx.now()))) return;
  const next = Math.min(await fireDueTimers(ctx), await settleTerms(ctx));
  await agenda.reset(next);
}
