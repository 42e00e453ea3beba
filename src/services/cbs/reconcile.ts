import { instanceStateAt } from "../cvm/for-products";
import { renewWhileDue } from "../../platform/money";
import { type Ctx } from "./common";
import { DiskStore, RECYCLE_KEEP_MS, type DiskDoc } from "./disk-model";
import { deleteSnapshot, destroyDisk, schedule } from "./lifecycle";
import { nextTrigger, policies, triggersBetween } from "./policy-model";
import { diskLines, prepaidCost } from "./pricing";
import { snapshots, SNAPSHOTS_PER_DISK } from "./snapshot-model";
import { takeSnapshot } from "./snapshots";

const DAY = 86_400_000;

/**
 * What the clock makes happen in CBS, materialized at the first call after it is due (one document read
 * when nothing is): scheduled snapshot policies take their snapshots at each trigger time that has passed,
 * snapshots past their deadline are deleted, prepaid disks renew themselves or go to the recycle bin at
 * expiry, and the recycle bin is emptied after 7 days.
 */
export async function reconcile(ctx: Ctx): Promise<void> {
  const agenda = schedule(ctx);
  const now = ctx.now();
  if (!(await agenda.isDue(now))) return;
  let next = Number.MAX_SAFE_INTEGER;
  const later = (t: number | null) => {
    if (t !== null && t > now && t < next) next = t;
  };
  const store = new DiskStore(ctx);

  for (const p of await policies(ctx).all()) {
    if (!p.IsActivated) continue;
    for (const t of triggersBetween(p.Policy, p.firedUntil, now, p.createdAt)) {
      for (const id of p.DiskIdSet) {
        const d = await store.get(id);
        if (!d || !(await inUseAt(ctx, d, t)) || (await snapshots(ctx).count(d.DiskId)) >= SNAPSHOTS_PER_DISK) continue;
        await takeSnapshot(ctx, d, {
          name: `auto_${d.DiskId}`,
          at: t,
          deadline: p.IsPermanent ? null : t + p.RetentionDays * DAY,
          policyId: p.AutoSnapshotPolicyId,
        });
      }
    }
    await policies(ctx).update(p.AutoSnapshotPolicyId, { ...p, firedUntil: now });
    later(nextTrigger(p.Policy, now, p.createdAt));
  }

  for (const d of await store.all()) {
    if (d.recycledAt !== null) {
      const purge = d.recycledAt + RECYCLE_KEEP_MS;
      if (purge <= now) await destroyDisk(ctx, d, d.DeleteSnapshot === 1);
      else later(purge);
      continue;
    }
    if (d.DiskChargeType !== "PREPAID" || d.deadline === null || !d.Portable) continue;
    let cur: DiskDoc = d;
    if (cur.deadline! <= now && cur.RenewFlag === "NOTIFY_AND_AUTO_RENEW") {
      const cost = prepaidCost(diskLines(cur.DiskType, cur.DiskSize, cur.ThroughputPerformance, cur.DiskBackupQuota), cur.autoRenewPeriod).discount;
      const renewed = await renewWhileDue(ctx, cur.deadline!, now, cur.autoRenewPeriod, cost);
      if (renewed.deadline !== cur.deadline) cur = { ...cur, deadline: renewed.deadline, paid: 0 };
    }
    if (cur.deadline! <= now) {
      cur = { ...cur, recycledAt: cur.deadline, recycleReason: "expired", InstanceId: null, InstanceIds: [], LastAttachInsId: cur.InstanceId ?? cur.LastAttachInsId, op: null };
      later(cur.recycledAt! + RECYCLE_KEEP_MS);
    } else later(cur.deadline);
    if (cur !== d) await store.save(cur);
  }

  for (const s of await snapshots(ctx).all()) {
    if (s.deadline === null) continue;
    if (s.deadline <= now && !s.images.length && !s.shares.length) await deleteSnapshot(ctx, s);
    else later(s.deadline);
  }
  await agenda.reset(next);
}

/** A bound disk gets its scheduled snapshot only when in use: an elastic disk attached, a system disk's instance not stopped. */
async function inUseAt(ctx: Ctx, d: DiskDoc, t: number): Promise<boolean> {
  if (d.createdAt > t || d.recycledAt !== null || !d.InstanceId) return false;
  if (d.op?.kind === "ATTACHING" && d.op.until > t) return false;
  if (d.Portable) return true;
  const state = await instanceStateAt(ctx, d.InstanceId, t);
  return state !== undefined && state !== "STOPPED";
}
