import type { ActionContext } from "../../platform/service";
import { addMonths, instances, RETENTION_MS, settle } from "./instance";

/**
 * Auto-renewal of prepaid instances (AutoRenewFlag 1): when the paid period ends, a month is charged to the
 * balance and the deadline moves on, as many times as the clock has passed deadlines. With a short balance
 * the instance stays expired (Status -2); a later call renews it if the balance was topped up within the
 * recycle-bin retention. Runs before every call of the product (reconcile).
 */
export async function renewDueInstances(ctx: ActionContext<"mongodb">): Promise<void> {
  const now = ctx.now();
  const docs = instances(ctx);
  for (const stored of await docs.all()) {
    if (stored.payMode !== 1 || stored.autoRenewFlag !== 1 || now < stored.deadline) continue;
    if (now >= stored.deadline + RETENTION_MS.prepaid) continue;
    let inst = settle(stored, now);
    let renewed = false;
    while (now >= inst.deadline && (await ctx.charge(inst.monthlyPrice))) {
      inst = { ...inst, deadline: addMonths(inst.deadline, 1) };
      renewed = true;
    }
    if (renewed) await docs.update(inst.InstanceId, inst);
  }
}
