import { formatDateTime } from "../../../platform/clock";
import { nextId } from "../billing";
import { mongodLogs, parseApiTime, SEVEN_DAYS, slowLogs } from "../monitoring";
import { active, bad, existing, type Ctx, type H } from "./common";

/**
 * Log download tasks: run (error) logs with CreateLogDownloadTask (TaskType 1), slow-log statistics with
 * CreateSlowLogPatternDownloadTask (TaskType 0). A task prepares its file for LOG_TASK_SECONDS on the clock
 * (Status 0 → 1 → 2); the file is served by the control API at the task's Url.
 */

const LOG_TASK_SECONDS = 60;

export interface LogTask {
  taskId: string;
  instanceId: string;
  type: 0 | 1;
  createdAt: number;
  endsAt: number;
  /** The lines of the file. */
  lines: string[];
}

export function logTasks(ctx: Ctx) {
  return ctx.docs<LogTask>("log-task");
}

function window(ctx: Ctx, startText: string, endText: string): { start: number; end: number } {
  const start = parseApiTime(startText);
  const end = parseApiTime(endText);
  if (Number.isNaN(start)) bad(ctx, "StartTime", startText, "Times read yyyy-mm-dd hh:mm:ss.");
  if (Number.isNaN(end)) bad(ctx, "EndTime", endText, "Times read yyyy-mm-dd hh:mm:ss.");
  if (start > end) bad(ctx, "StartTime", startText, "StartTime is before EndTime.");
  if (start < ctx.now() - SEVEN_DAYS) bad(ctx, "StartTime", startText, "Logs of the last 7 days only.");
  return { start, end };
}

async function newTask(ctx: Ctx, instanceId: string, type: 0 | 1, lines: string[]): Promise<void> {
  const taskId = `${instanceId}-log-${await nextId(ctx, "task")}`;
  await logTasks(ctx).insert(taskId, { taskId, instanceId, type, createdAt: ctx.now(), endsAt: ctx.now() + LOG_TASK_SECONDS * 1000, lines }, instanceId);
}

export const createLogDownloadTask: H<"CreateLogDownloadTask"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  const { start, end } = window(ctx, req.StartTime, req.EndTime);
  const lines = (await mongodLogs(ctx).all(inst.InstanceId))
    .filter(
      (l) =>
        l.time >= start &&
        l.time <= end &&
        (!req.NodeNames?.length || req.NodeNames.includes(l.node)) &&
        (!req.LogComponents?.length || req.LogComponents.includes(l.component)) &&
        (!req.LogLevels?.length || req.LogLevels.includes(l.level)) &&
        (!req.LogIds?.length || req.LogIds.includes(l.id)) &&
        (!req.LogConnections?.length || req.LogConnections.includes(l.connection)) &&
        (!req.LogDetailParams?.length || req.LogDetailParams.some((p) => l.detail.includes(p))),
    )
    .sort((a, b) => a.time - b.time)
    .map((l) => `${formatDateTime(l.time)} ${l.level} ${l.component} [${l.connection}] ${l.id} ${l.detail}`);
  await newTask(ctx, inst.InstanceId, 1, lines);
  return { Status: 0 };
};

export const createSlowLogPatternDownloadTask: H<"CreateSlowLogPatternDownloadTask"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  const { start, end } = window(ctx, req.StartTime, req.EndTime);
  const threshold = Number(req.ThresholdMs ?? 100);
  if (!Number.isInteger(threshold) || threshold < 0) bad(ctx, "ThresholdMs", req.ThresholdMs, "ThresholdMs is a non-negative integer.");
  const groups = new Map<string, number[]>();
  for (const e of await slowLogs(ctx).all(inst.InstanceId)) {
    if (e.time < start || e.time > end || e.durationMs < threshold) continue;
    if (req.Commands?.length && !req.Commands.includes(e.op ?? "command")) continue;
    const pattern = `${e.ns ?? "unknown.unknown"}.${e.op ?? "command"}`;
    groups.set(pattern, [...(groups.get(pattern) ?? []), e.durationMs]);
  }
  const lines = ["pattern,total,maxTimeMs,averageTimeMs", ...[...groups].map(([p, t]) => `${p},${t.length},${Math.max(...t)},${Math.round(t.reduce((s, x) => s + x, 0) / t.length)}`)];
  await newTask(ctx, inst.InstanceId, 0, lines);
  return { Status: [0] };
};

function taskStatus(t: LogTask, now: number): { status: number; percent: number } {
  if (now >= t.endsAt) return { status: 2, percent: 100 };
  const p = Math.floor(((now - t.createdAt) / (t.endsAt - t.createdAt)) * 100);
  return { status: p > 0 ? 1 : 0, percent: p };
}

export const describeLogDownloadTasks: H<"DescribeLogDownloadTasks"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  const start = req.StartTime ? parseApiTime(req.StartTime) : -Infinity;
  const end = req.EndTime ? parseApiTime(req.EndTime) : Infinity;
  if (Number.isNaN(start)) bad(ctx, "StartTime", req.StartTime, "Times read yyyy-mm-dd hh:mm:ss.");
  if (Number.isNaN(end)) bad(ctx, "EndTime", req.EndTime, "Times read yyyy-mm-dd hh:mm:ss.");
  const limit = Number(req.Limit ?? 20);
  const offset = Number(req.Offset ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) bad(ctx, "Limit", req.Limit, "Limit ranges from 1 to 100.");
  if (!Number.isInteger(offset) || offset < 0) bad(ctx, "Offset", req.Offset, "Offset is a non-negative integer.");
  const now = ctx.now();
  const rows = (await logTasks(ctx).all(inst.InstanceId)).filter((t) => t.createdAt >= start && t.createdAt <= end).sort((a, b) => b.createdAt - a.createdAt);
  return {
    TotalCount: rows.length,
    Tasks: rows.slice(offset, offset + limit).map((t) => {
      const { status, percent } = taskStatus(t, now);
      return {
        TaskType: t.type,
        TaskId: t.taskId,
        CreateTime: formatDateTime(t.createdAt),
        UpdateTime: formatDateTime(Math.min(now, t.endsAt)),
        FileSize: status === 2 ? Buffer.byteLength(t.lines.join("\n")) : 0,
        Status: status,
        Percent: percent,
        Url: status === 2 ? `${ctx.origin}/_tclocal/mongodb/${t.instanceId}/log-files/${t.taskId}?region=${ctx.region}` : "",
      };
    }),
  };
};

export const deleteLogDownloadTask: H<"DeleteLogDownloadTask"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  const t = await logTasks(ctx).get(req.TaskId);
  if (!t || t.instanceId !== inst.InstanceId) bad(ctx, "TaskId", req.TaskId, `No download task ${req.TaskId} of ${inst.InstanceId}.`);
  await logTasks(ctx).delete(req.TaskId);
  return { Status: 0 };
};
