import { formatDateTime } from "../../platform/clock";
import type { ActionContext } from "../../platform/service";
import { nextId } from "./billing";
import { CLOUD_DISK_MACHINES } from "./catalogue";
import { instances, phaseOf, settle, SHARD_CREATE_SECONDS, TASK_SECONDS, type MongoInstance } from "./instance";

/**
 * Backups and backup rules. A backup runs BACKUP_SECONDS on the emulator clock (Status 1, then 2) and is kept
 * until its DeleteTime (the rule's retention, 7 days by default). Automatic backups are materialized by the
 * product's reconcile at the rule's hour (UTC+8) on its weekdays, like the real daily "系统后台每日定时自动备份".
 * The data plane is not emulated: a backup holds the instance's namespaces (seeded through the control API),
 * which RestoreDBInstance and clones bring back, and a fixed size of an empty dataset.
 */

export const BACKUP_SECONDS = 60;
/** An empty dataset's backup, in KB. */
export const EMPTY_BACKUP_KB = 64;
const DAY_MS = 86400_000;

export interface Backup {
  backId: number;
  instanceId: string;
  name: string;
  /** 0 automatic, 1 manual. */
  type: 0 | 1;
  /** 0 logical, 1 physical, 3 snapshot. */
  method: 0 | 1 | 3;
  desc: string;
  startedAt: number;
  endsAt: number;
  deleteAt: number;
  /** The namespaces the backup holds (db → collections). */
  namespaces: Record<string, string[]>;
}

export interface BackupRule {
  method: 0 | 1 | 3;
  hour: number;
  frequency: 12 | 24;
  retentionDays: number;
  weekdays: string;
  notify: boolean;
  longTermInterval: string;
  longTermActiveDays: string;
  longTermExpiredDays: number;
  oplogExpiredDays: number;
  backupVersion: number;
  alertThreshold: number;
  /** Automatic backups are materialized up to this time. */
  doneUntil: number;
}

export function backups(ctx: ActionContext<"mongodb">) {
  return ctx.docs<Backup>("backup");
}

function rules(ctx: ActionContext<"mongodb">) {
  return ctx.docs<BackupRule>("backup-rule");
}

export function defaultRule(inst: MongoInstance): BackupRule {
  return {
    method: CLOUD_DISK_MACHINES.has(inst.machineType) ? 3 : 0,
    hour: 2,
    frequency: 24,
    retentionDays: 7,
    weekdays: "0,1,2,3,4,5,6",
    notify: false,
    longTermInterval: "",
    longTermActiveDays: "",
    longTermExpiredDays: 180,
    oplogExpiredDays: 7,
    backupVersion: 0,
    alertThreshold: 100,
    doneUntil: inst.createdAt,
  };
}

export async function ruleOf(ctx: ActionContext<"mongodb">, inst: MongoInstance): Promise<BackupRule> {
  return (await rules(ctx).get(inst.InstanceId)) ?? defaultRule(inst);
}

export async function saveRule(ctx: ActionContext<"mongodb">, instanceId: string, rule: BackupRule): Promise<void> {
  await rules(ctx).put(instanceId, rule, instanceId);
}

export interface Namespaces {
  databases: Record<string, string[]>;
  /** What a restore running now leaves once it ends. */
  pending?: { at: number; databases: Record<string, string[]> };
}

export function namespaceDocs(ctx: ActionContext<"mongodb">) {
  return ctx.docs<Namespaces>("namespace");
}

export async function namespacesOf(ctx: ActionContext<"mongodb">, instanceId: string): Promise<Record<string, string[]>> {
  const doc = await namespaceDocs(ctx).get(instanceId);
  if (doc?.pending && ctx.now() >= doc.pending.at) return doc.pending.databases;
  return doc?.databases ?? {};
}

/** Records a backup of the instance's current namespaces, starting at `at`. */
export async function takeBackup(
  ctx: ActionContext<"mongodb">,
  inst: MongoInstance,
  o: { type: 0 | 1; method: 0 | 1 | 3; desc: string; at: number; retentionDays: number },
): Promise<Backup> {
  const backId = await nextId(ctx, "backup");
  const b: Backup = {
    backId,
    instanceId: inst.InstanceId,
    name: `${inst.InstanceId}_${formatDateTime(o.at).slice(0, 16)}`,
    type: o.type,
    method: o.method,
    desc: o.desc,
    startedAt: o.at,
    endsAt: o.at + BACKUP_SECONDS * 1000,
    deleteAt: o.retentionDays < 0 ? o.at + 20 * 365 * DAY_MS : o.at + o.retentionDays * DAY_MS,
    namespaces: await namespacesOf(ctx, inst.InstanceId),
  };
  await backups(ctx).insert(String(backId), b, inst.InstanceId);
  return b;
}

/** The instance's backups that have not expired, oldest first. */
export async function liveBackups(ctx: ActionContext<"mongodb">, instanceId: string): Promise<Backup[]> {
  const now = ctx.now();
  return (await backups(ctx).all(instanceId)).filter((b) => b.deleteAt > now).sort((a, b) => a.startedAt - b.startedAt);
}

/**
 * A backup that lets the instance be restored (or cloned) to `at`: a finished backup taken at or before it within
 * the retention (oplog replay covers the rest, as the real point-in-time restore does).
 */
export async function backupCovering(ctx: ActionContext<"mongodb">, instanceId: string, at: number): Promise<Backup | undefined> {
  // Restore times have second precision: a backup ending within the named second covers it.
  return (await liveBackups(ctx, instanceId)).filter((b) => Math.floor(b.endsAt / 1000) * 1000 <= at && b.endsAt <= ctx.now()).at(-1);
}

/** Reconcile: the automatic backups the clock has made due, for running instances (a week at most). */
export async function takeDueBackups(ctx: ActionContext<"mongodb">): Promise<void> {
  const now = ctx.now();
  for (const stored of await instances(ctx).all()) {
    const inst = settle(stored, now);
    const phase = phaseOf(inst, now);
    if (phase === "creating" || phase === "isolated" || phase === "deleted" || phase === "expired") continue;
    const rule = await ruleOf(ctx, inst);
    const delivered = inst.createdAt + (inst.clusterType === 1 ? SHARD_CREATE_SECONDS : TASK_SECONDS.create) * 1000;
    const from = Math.max(rule.doneUntil, delivered, now - 7 * DAY_MS);
    const due = dueTimes(rule, from, now);
    if (!due.length && rule.doneUntil >= from) continue;
    for (const at of due) {
      await takeBackup(ctx, inst, { type: 0, method: rule.method, desc: "系统后台每日定时自动备份", at, retentionDays: rule.retentionDays });
    }
    await saveRule(ctx, inst.InstanceId, { ...rule, doneUntil: now });
  }
}

/** The rule's backup times in (from, to]: its hour (UTC+8), every 12 or 24 hours, on its weekdays (0 Sunday). */
export function dueTimes(rule: BackupRule, from: number, to: number): number[] {
  const days = new Set(rule.weekdays.split(",").map(Number));
  const out: number[] = [];
  const local = from + 8 * 3600_000;
  let day = local - (local % DAY_MS) - 8 * 3600_000;
  for (; day <= to; day += DAY_MS) {
    for (const offset of rule.frequency === 12 ? [0, 12] : [0]) {
      const at = day + (rule.hour + offset) * 3600_000;
      const weekday = new Date(at + 8 * 3600_000).getUTCDay();
      if (at > from && at <= to && days.has(weekday)) out.push(at);
    }
  }
  return out;
}
