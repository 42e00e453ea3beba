import type { BackupDownloadTask } from "tencentcloud-sdk-nodejs/tencentcloud/services/mongodb/v20190725/mongodb_models";
import { formatDateTime } from "../../../platform/clock";
import { backupCovering, backups, EMPTY_BACKUP_KB, liveBackups, namespaceDocs, namespacesOf, ruleOf, saveRule, takeBackup, type Backup } from "../backups";
import { nextId } from "../billing";
import { CLOUD_DISK_MACHINES } from "../catalogue";
import { TASK_SECONDS } from "../instance";
import { parseApiTime } from "../monitoring";
import { recordAsyncRequest } from "../orders";
import { active, bad, existing, flowTask, lockable, page, type Ctx, type H } from "./common";

/**
 * Backups (manual and automatic), their expiry, download tasks, backup rules, and restores: collections of
 * a backup brought back under new names (RestoreDBInstance), by key (FlashBackDBInstance, a public beta the
 * control API opens per instance), or a whole clone (CreateDBInstance with Clone 5, see create.ts).
 */

const DOWNLOAD_SECONDS = 120;

export const createBackupDBInstance: H<"CreateBackupDBInstance"> = async (ctx, req) => {
  const found = await existing(ctx, req.InstanceId);
  if (found.phase === "isolated" || found.phase === "expired") ctx.fail("InvalidParameterValue.IllegalInstanceStatus", { en: `The instance ${req.InstanceId} is isolated.`, zh: `实例 ${req.InstanceId} 已隔离，非法的实例状态。` });
  if (found.phase !== "running") ctx.fail("InvalidParameterValue.StatusAbnormal", { en: `The instance ${req.InstanceId} is ${found.phase}; back it up once it runs.`, zh: `实例 ${req.InstanceId} 当前状态不允许备份。` });
  const { inst } = found;
  const method = Number(req.BackupMethod);
  if (![0, 1, 3].includes(method)) bad(ctx, "BackupMethod", req.BackupMethod, "BackupMethod is 0 (logical), 1 (physical) or 3 (snapshot).");
  const cloud = CLOUD_DISK_MACHINES.has(inst.machineType);
  if (cloud && method === 0) bad(ctx, "BackupMethod", method, "Cloud-disk instances take physical or snapshot backups, not logical ones.");
  if (!cloud && method === 3) bad(ctx, "BackupMethod", method, "Local-disk instances take logical or physical backups; snapshots are for cloud disks.");
  if (inst.tde && method === 1) {
    ctx.fail("FailedOperation.TransparentDataEncryptionAlreadyOpen", { en: `The instance ${inst.InstanceId} has transparent data encryption: no physical backups.`, zh: "实例已开启透明加密，不允许物理备份。" });
  }
  const retention = Number(req.BackupRetentionDays ?? 0);
  if (!Number.isInteger(retention) || retention < -2 || retention > 7300) bad(ctx, "BackupRetentionDays", req.BackupRetentionDays, "BackupRetentionDays is -2, -1, 0 or 1 to 7300.");
  const rule = await ruleOf(ctx, inst);
  const days = retention === 0 ? rule.retentionDays : retention === -1 ? rule.longTermExpiredDays : retention;
  const b = await takeBackup(ctx, inst, { type: 1, method: method as 0 | 1 | 3, desc: req.BackupRemark ?? "", at: ctx.now(), retentionDays: days });
  const id = String(await nextId(ctx, "async"));
  await recordAsyncRequest(ctx, { id, kind: "backup", instanceId: inst.InstanceId, startedAt: b.startedAt, endsAt: b.endsAt });
  return { AsyncRequestId: id };
};

function backupView(b: Backup, now: number, region: string) {
  return {
    InstanceId: b.instanceId,
    BackupType: b.type,
    BackupName: b.name,
    BackupDesc: b.desc,
    BackupSize: now >= b.endsAt ? EMPTY_BACKUP_KB : 0,
    StartTime: formatDateTime(b.startedAt),
    EndTime: now >= b.endsAt ? formatDateTime(b.endsAt) : "",
    Status: now >= b.endsAt ? 2 : 1,
    BackupMethod: b.method,
    BackId: b.backId,
    DeleteTime: formatDateTime(b.deleteAt),
    BackupRegion: region,
    RestoreTime: now >= b.endsAt ? formatDateTime(b.endsAt) : "",
  };
}

/** The backups of the last 7 days (the documented window), newest first. */
export const describeDBBackups: H<"DescribeDBBackups"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  const method = req.BackupMethod === undefined ? undefined : Number(req.BackupMethod);
  if (method !== undefined && ![0, 1, 3].includes(method)) ctx.fail("InvalidParameter", { en: "BackupMethod is 0, 1 or 3.", zh: "BackupMethod 取值为 0、1 或 3。" });
  const now = ctx.now();
  const rows = (await liveBackups(ctx, inst.InstanceId)).filter((b) => b.startedAt >= now - 7 * 86400_000 && (method === undefined || b.method === method)).reverse();
  const limit = req.Limit === undefined ? rows.length || 1 : Number(req.Limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    if (req.Limit !== undefined) ctx.fail("InvalidParameter", { en: "Limit ranges from 1 to 100.", zh: "Limit 取值范围为[1,100]。" });
  }
  const offset = Number(req.Offset ?? 0);
  return { BackupList: rows.slice(offset, req.Limit === undefined ? undefined : offset + limit).map((b) => backupView(b, now, inst.region)), TotalCount: rows.length };
};

async function backupById(ctx: Ctx, instanceId: string, id: number | bigint): Promise<Backup | undefined> {
  const b = await backups(ctx).get(String(id));
  return b && b.instanceId === instanceId && b.deleteAt > ctx.now() ? b : undefined;
}

export const deleteDBBackups: H<"DeleteDBBackups"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  if (!req.BackupIds.length) bad(ctx, "BackupIds", [], "Name at least one backup.");
  const found: Backup[] = [];
  for (const id of req.BackupIds) {
    const b = await backupById(ctx, inst.InstanceId, id);
    if (!b) bad(ctx, "BackupIds", String(id), `No backup ${id} of ${inst.InstanceId}.`);
    if (b.type === 0) bad(ctx, "BackupIds", String(id), "Automatic backups expire with the backup rule; only manual backups can be deleted.");
    if (b.endsAt > ctx.now()) bad(ctx, "BackupIds", String(id), "The backup is still running.");
    found.push(b);
  }
  for (const b of found) await backups(ctx).delete(String(b.backId));
  return {};
};

export const modifyBackupExpireTime: H<"ModifyBackupExpireTime"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  const at = parseApiTime(req.ExpireTime);
  if (Number.isNaN(at) || at <= ctx.now()) bad(ctx, "ExpireTime", req.ExpireTime, "ExpireTime is a future time, YYYY-MM-DD hh:mm:ss.");
  const FailedBackups: number[] = [];
  for (const id of req.BackupIds) {
    const b = await backupById(ctx, inst.InstanceId, id);
    if (!b) FailedBackups.push(Number(id));
    else await backups(ctx).update(String(b.backId), { ...b, deleteAt: at }, b.instanceId);
  }
  return { FailedBackups };
};

interface DownloadTask {
  instanceId: string;
  backupName: string;
  replicaSetId: string;
  createdAt: number;
  endsAt: number;
  method: number;
  desc: string;
}

function downloads(ctx: Ctx) {
  return ctx.docs<DownloadTask>("backup-download");
}

function downloadStatus(t: DownloadTask, now: number): { status: number; percent: number } {
  if (now >= t.endsAt) return { status: 2, percent: 100 };
  const done = Math.floor(((now - t.createdAt) / (t.endsAt - t.createdAt)) * 100);
  return { status: done > 0 ? 1 : 0, percent: Math.max(0, done) };
}

export const createBackupDownloadTask: H<"CreateBackupDownloadTask"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  const b = (await liveBackups(ctx, inst.InstanceId)).find((x) => x.name === req.BackupName && x.endsAt <= ctx.now());
  if (!b) return ctx.fail("InvalidParameterValue.BackupFileNotFound", { en: `No finished backup ${req.BackupName} of ${inst.InstanceId}.`, zh: `备份文件 ${req.BackupName} 未找到。` });
  if (!req.BackupSets.length) bad(ctx, "BackupSets", [], "Name the shards (replica sets) to download.");
  const sets = Array.from({ length: inst.replicaSetNum }, (_, i) => `${inst.InstanceId}_${i}`);
  for (const s of req.BackupSets) if (!sets.includes(s.ReplicaSetId)) bad(ctx, "BackupSets.ReplicaSetId", s.ReplicaSetId, `The shards of ${inst.InstanceId} are ${sets.join(", ")}.`);
  const now = ctx.now();
  const Tasks = [];
  for (const s of req.BackupSets) {
    const id = `${inst.InstanceId}/${b.name}/${s.ReplicaSetId}/${await nextId(ctx, "task")}`;
    await downloads(ctx).insert(id, { instanceId: inst.InstanceId, backupName: b.name, replicaSetId: s.ReplicaSetId, createdAt: now, endsAt: now + DOWNLOAD_SECONDS * 1000, method: b.method, desc: b.desc }, inst.InstanceId);
    Tasks.push({ ReplicaSetId: s.ReplicaSetId, Status: 0 });
  }
  return { Tasks };
};

export const describeBackupDownloadTask: H<"DescribeBackupDownloadTask"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  const start = req.StartTime ? parseApiTime(req.StartTime) : -Infinity;
  const end = req.EndTime ? parseApiTime(req.EndTime) : Infinity;
  if (Number.isNaN(start) || Number.isNaN(end)) bad(ctx, req.StartTime && Number.isNaN(start) ? "StartTime" : "EndTime", req.StartTime ?? req.EndTime, "Times read yyyy-mm-dd hh:mm:ss.");
  const orderBy = req.OrderBy ?? "createTime";
  if (orderBy !== "createTime" && orderBy !== "finishTime") bad(ctx, "OrderBy", orderBy, "OrderBy is createTime or finishTime.");
  const orderType = req.OrderByType ?? "desc";
  if (orderType !== "asc" && orderType !== "desc") bad(ctx, "OrderByType", orderType, "OrderByType is asc or desc.");
  const statuses = req.Status?.length ? new Set(req.Status.map(Number)) : null;
  const now = ctx.now();
  const rows = (await downloads(ctx).all(inst.InstanceId))
    .filter((t) => (!req.BackupName || t.backupName === req.BackupName) && t.createdAt >= start && t.createdAt <= end && (!statuses || statuses.has(downloadStatus(t, now).status)))
    .sort((a, b) => ((orderBy === "createTime" ? a.createdAt - b.createdAt : a.endsAt - b.endsAt) || a.replicaSetId.localeCompare(b.replicaSetId)) * (orderType === "asc" ? 1 : -1));
  const Tasks: BackupDownloadTask[] = page(ctx, rows, req.Offset, req.Limit, { defaultLimit: 20, maxLimit: 100 }).map((t) => {
    const { status, percent } = downloadStatus(t, now);
    return {
      CreateTime: formatDateTime(t.createdAt),
      BackupName: t.backupName,
      ReplicaSetId: t.replicaSetId,
      BackupSize: EMPTY_BACKUP_KB * 1024,
      Status: status,
      Percent: percent,
      TimeSpend: Math.round((Math.min(now, t.endsAt) - t.createdAt) / 1000),
      Url: status === 2 ? `${ctx.origin}/_tclocal/mongodb/${t.instanceId}/backup-files/${encodeURIComponent(t.backupName)}/${t.replicaSetId}?region=${ctx.region}` : "",
      BackupMethod: t.method,
      BackupDesc: t.desc,
      Region: ctx.region,
      Bucket: `mongodb-backup-${ctx.region}-${ctx.caller.appId}`,
    };
  });
  return { TotalCount: rows.length, Tasks };
};

export const describeBackupRules: H<"DescribeBackupRules"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  const r = await ruleOf(ctx, inst);
  const kept = await liveBackups(ctx, inst.InstanceId);
  return {
    BackupSaveTime: r.retentionDays,
    BackupFrequency: r.frequency,
    BackupTime: r.hour,
    BackupMethod: r.method,
    ActiveWeekdays: r.weekdays,
    LongTermInterval: r.longTermInterval,
    LongTermActiveDays: r.longTermActiveDays,
    LongTermExpiredDays: r.longTermExpiredDays,
    OplogExpiredDays: r.oplogExpiredDays,
    BackupVersion: r.backupVersion,
    BackupTotalSize: { SnapshotSize: kept.length * EMPTY_BACKUP_KB * 1024, OplogSize: 0, FreeQuota: inst.volumeGb * inst.replicaSetNum * 1024 ** 3 },
    AlertThreshold: r.alertThreshold,
  };
};

function range(ctx: Ctx, member: string, value: number | bigint | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(value);
  if (!Number.isInteger(v) || v < min || v > max) ctx.fail("InvalidParameter", { en: `${member} ranges from ${min} to ${max}.`, zh: `${member} 取值范围为[${min},${max}]。` });
  return v;
}

export const setBackupRules: H<"SetBackupRules"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  const r = await ruleOf(ctx, inst);
  const method = req.BackupMethod === undefined ? r.method : Number(req.BackupMethod);
  if (![0, 1, 3].includes(method)) ctx.fail("InvalidParameter", { en: "BackupMethod is 0, 1 or 3.", zh: "BackupMethod 取值为 0、1 或 3。" });
  const cloud = CLOUD_DISK_MACHINES.has(inst.machineType);
  if ((cloud && method === 0) || (!cloud && method === 3) || (inst.tde && method === 1)) {
    ctx.fail("InvalidParameter", { en: `BackupMethod ${method} does not suit ${inst.machineType}${inst.tde ? " with transparent data encryption" : ""}.`, zh: `备份方式 ${method} 不适用于该实例。` });
  }
  const frequency = req.BackupFrequency === undefined ? r.frequency : Number(req.BackupFrequency);
  if (frequency !== 12 && frequency !== 24) ctx.fail("InvalidParameter", { en: "BackupFrequency is 12 or 24.", zh: "BackupFrequency 取值为 12 或 24。" });
  const weekdays = req.ActiveWeekdays ?? r.weekdays;
  if (!/^[0-6](,[0-6])*$/.test(weekdays)) ctx.fail("InvalidParameter", { en: "ActiveWeekdays lists days 0 (Sunday) to 6, comma-separated.", zh: "ActiveWeekdays 须为 0-6 之间以逗号分隔的数字。" });
  const interval = req.LongTermInterval ?? req.LongTermUnit ?? r.longTermInterval;
  if (!["", "weekly", "monthly"].includes(interval)) ctx.fail("InvalidParameter", { en: "LongTermInterval is weekly, monthly or empty.", zh: "LongTermInterval 取值为 weekly、monthly 或空。" });
  const activeDays = req.LongTermActiveDays ?? r.longTermActiveDays;
  if (interval && !(interval === "weekly" ? /^[0-6](,[0-6])*$/ : /^([1-9]|[12]\d|3[01])(,([1-9]|[12]\d|3[01]))*$/).test(activeDays)) {
    ctx.fail("InvalidParameter", { en: `LongTermActiveDays \`${activeDays}\` does not suit ${interval}.`, zh: "LongTermActiveDays 取值错误。" });
  }
  const version = range(ctx, "BackupVersion", req.BackupVersion, 0, 1);
  await saveRule(ctx, inst.InstanceId, {
    ...r,
    method: method as 0 | 1 | 3,
    hour: range(ctx, "BackupTime", req.BackupTime, 0, 23) ?? r.hour,
    frequency: frequency as 12 | 24,
    notify: req.Notify ?? r.notify,
    retentionDays: range(ctx, "BackupRetentionPeriod", req.BackupRetentionPeriod, 7, 365) ?? r.retentionDays,
    weekdays,
    longTermInterval: interval,
    longTermActiveDays: activeDays,
    longTermExpiredDays: range(ctx, "LongTermExpiredDays", req.LongTermExpiredDays, 30, 1075) ?? r.longTermExpiredDays,
    oplogExpiredDays: range(ctx, "OplogExpiredDays", req.OplogExpiredDays, 7, 365) ?? r.oplogExpiredDays,
    backupVersion: version ?? r.backupVersion,
    alertThreshold: range(ctx, "AlertThreshold", req.AlertThreshold ?? req.AlarmWaterLevel, 50, 300) ?? r.alertThreshold,
    doneUntil: Math.max(r.doneUntil, ctx.now()),
  });
  return {};
};

/** Applies restored collections to the instance's namespaces when the task ends (the task's target carries them). */
async function restoreInto(ctx: Ctx, instanceId: string, add: Record<string, string[]>): Promise<Record<string, string[]>> {
  const current = await namespacesOf(ctx, instanceId);
  const next: Record<string, string[]> = { ...current };
  for (const [db, colls] of Object.entries(add)) next[db] = [...new Set([...(next[db] ?? []), ...colls])].sort();
  return next;
}

/** The restored collections appear when the restore task ends (RESTORE task time on the clock). */
async function schedule(ctx: Ctx, instanceId: string, add: Record<string, string[]>): Promise<void> {
  const databases = await namespacesOf(ctx, instanceId);
  await namespaceDocs(ctx).put(instanceId, { databases, pending: { at: ctx.now() + TASK_SECONDS.restore * 1000, databases: await restoreInto(ctx, instanceId, add) } }, instanceId);
}

export const restoreDBInstance: H<"RestoreDBInstance"> = async (ctx, req) => {
  const { inst } = await lockable(ctx, req.InstanceId);
  const at = parseApiTime(req.RestoreTime);
  if (Number.isNaN(at) || at > ctx.now()) ctx.fail("InvalidParameter.InvalidParameter", { en: `RestoreTime \`${req.RestoreTime}\` is not a past time of the form YYYY-MM-DD hh:mm:ss.`, zh: `回档时间 \`${req.RestoreTime}\` 无效。` });
  const backup = await backupCovering(ctx, inst.InstanceId, at);
  if (!backup) return ctx.fail("InvalidParameter.InvalidParameter", { en: `No backup of ${inst.InstanceId} covers ${req.RestoreTime}: the time must lie within the backup retention, after a finished backup.`, zh: `回档时间 ${req.RestoreTime} 不在备份保留期内。` });
  if (!req.Databases.length) ctx.fail("InvalidParameter.InvalidParameter", { en: "Name the databases and collections to restore.", zh: "请指定回档的库表信息。" });
  const add: Record<string, string[]> = {};
  for (const d of req.Databases) {
    const had = backup.namespaces[d.Db];
    if (!had) ctx.fail("InvalidParameter.InvalidParameter", { en: `The backup of ${req.RestoreTime} has no database ${d.Db}.`, zh: `备份中不存在数据库 ${d.Db}。` });
    for (const c of d.Collections) {
      if (!had.includes(c.OldCollection)) ctx.fail("InvalidParameter.InvalidParameter", { en: `The backup has no collection ${d.Db}.${c.OldCollection}.`, zh: `备份中不存在集合 ${d.Db}.${c.OldCollection}。` });
      if (!/^[^$\0]{1,120}$/.test(c.NewCollection)) ctx.fail("InvalidParameter.InvalidParameter", { en: `\`${c.NewCollection}\` is not a collection name.`, zh: `集合名 \`${c.NewCollection}\` 不合法。` });
      (add[d.Db] ??= []).push(c.NewCollection);
    }
  }
  const FlowId = await flowTask(ctx, inst, "restore");
  await schedule(ctx, inst.InstanceId, add);
  return { FlowId };
};

/** Flashback by key is a public beta: open for an instance through POST /_tclocal/mongodb/{id}/flashback. */
export const flashBackDBInstance: H<"FlashBackDBInstance"> = async (ctx, req) => {
  const { inst } = await lockable(ctx, req.InstanceId);
  if (!(await ctx.docs<{ open: boolean }>("flashback").get(inst.InstanceId))?.open) {
    ctx.fail("FailedOperation.FlashbackByKeyNotOpen", { en: `Flashback by key is not open on ${inst.InstanceId}.`, zh: "按key回档未开启" });
  }
  const at = parseApiTime(req.TargetFlashbackTime);
  if (Number.isNaN(at) || at > ctx.now() || at < ctx.now() - 7 * 86400_000) ctx.fail("InvalidParameter", { en: "TargetFlashbackTime is a time of the last 7 days, YYYY-MM-DD hh:mm:ss.", zh: "TargetFlashbackTime 须为最近7天内的时间。" });
  if (!req.TargetDatabases.length) ctx.fail("InvalidParameter.ParametersNil", { en: "TargetDatabases is empty.", zh: "接口参数为空。" });
  const target = req.TargetInstanceId ?? inst.InstanceId;
  if (target !== inst.InstanceId) await active(ctx, target);
  const current = await namespacesOf(ctx, inst.InstanceId);
  const add: Record<string, string[]> = {};
  for (const d of req.TargetDatabases) {
    if (!current[d.DBName]) ctx.fail("InvalidParameter", { en: `The instance has no database ${d.DBName}.`, zh: `实例不存在数据库 ${d.DBName}。` });
    for (const c of d.Collections) {
      if (!current[d.DBName].includes(c.CollectionName)) ctx.fail("InvalidParameter", { en: `The instance has no collection ${d.DBName}.${c.CollectionName}.`, zh: `实例不存在集合 ${d.DBName}.${c.CollectionName}。` });
      if ((c.KeyValues?.length ?? 0) > 50000) ctx.fail("InvalidParameter", { en: "At most 50000 key values.", zh: "KeyValues 最多 50000 个。" });
      (add[d.DBName] ??= []).push(c.TargetResultCollectionName);
    }
  }
  const FlowId = await flowTask(ctx, inst, "restore");
  await schedule(ctx, target, add);
  return { FlowId };
};

