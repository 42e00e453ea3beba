import { createHash } from "node:crypto";
import { formatDateTime } from "../../../platform/clock";
import { versionOf } from "../catalogue";
import { namespacesOf } from "../backups";
import { connections, currentOps, mongodLogs, ONE_DAY, parseApiTime, SEVEN_DAYS, slowLogs, type SlowLogEntry } from "../monitoring";
import { active, bad, type Ctx, type H } from "./common";
import { nodeProperties } from "./nodes";

/**
 * What 2019-07-25 says about an instance's data plane: connections, slow logs and their patterns, running
 * operations, run logs and namespaces. tclocal runs no mongod: all of it is seeded through the control API
 * (docs/services/mongodb.md) and these actions filter, group and page it as the real ones do.
 */

export const describeClientConnections: H<"DescribeClientConnections"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  const limit = Number(req.Limit ?? 1000);
  const offset = Number(req.Offset ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) ctx.fail("InvalidParameterValue.LimitParaOutOfRange", { en: `Limit ${req.Limit} is out of range [1,1000].`, zh: `limit取值范围[1,1000]，当前为 ${req.Limit}。` });
  if (!Number.isInteger(offset) || offset < 0) ctx.fail("InvalidParameterValue.OffsetParaOutOfRange", { en: `Offset ${req.Offset} is negative.`, zh: `offset取值错误：${req.Offset}。` });
  const clients = [...((await connections(ctx).get(inst.InstanceId))?.clients ?? [])].sort((a, b) => b.Count - a.Count);
  return {
    Clients: clients.slice(offset, offset + limit).map((c) => ({ IP: c.IP, Count: c.Count, InternalService: c.InternalService ?? false })),
    TotalCount: clients.length,
  };
};

interface Window {
  start: number;
  end: number;
}

/** The slow-log window checks, in the order and with the codes the slow-log actions document. */
function slowWindow(ctx: Ctx, startText: string, endText: string, recentOnly = true): Window {
  const start = parseApiTime(startText);
  const end = parseApiTime(endText);
  for (const [member, value, ms] of [["StartTime", startText, start], ["EndTime", endText, end]] as const) {
    if (Number.isNaN(ms)) ctx.fail("InvalidParameterValue.TimeFormatErr", { en: `${member} \`${value}\` is not a time of the form yyyy-mm-dd hh:mm:ss.`, zh: `${member} \`${value}\` 时间格式非法。` });
  }
  if (start > end) ctx.fail("InvalidParameterValue.StartTimeNotBeforeThanEndTime", { en: `StartTime ${startText} is later than EndTime ${endText}.`, zh: `起始时间 ${startText} 晚于结束时间 ${endText}。` });
  if (recentOnly && start < ctx.now() - SEVEN_DAYS) ctx.fail("InvalidParameterValue.QueryTimeOutOfRange", { en: "Only the last 7 days can be queried.", zh: "只能查询7天内的慢日志。" });
  if (end - start > ONE_DAY) ctx.fail("InvalidParameterValue.QueryTimeRangeBeyondLimit", { en: "The query range cannot exceed 24 hours.", zh: "查询起止时间间隔不能超过24小时。" });
  return { start, end };
}

function slowMs(ctx: Ctx, value: number | bigint | undefined): number {
  const v = Number(value ?? 100);
  if (!Number.isInteger(v) || v < 100 || v > 65536) ctx.fail("InvalidParameterValue.SlowMSBelowLimit", { en: `SlowMS ${value} is out of range [100,65536].`, zh: `slowMS参数取值范围[100,65536]，当前为 ${value}。` });
  return v;
}

function paging(ctx: Ctx, offset: number | bigint | undefined, limit: number | bigint | undefined, defaultLimit = 20): { offset: number; limit: number } {
  const o = Number(offset ?? 0);
  const l = Number(limit ?? defaultLimit);
  if (!Number.isInteger(o) || o < 0 || o > 10000) ctx.fail("InvalidParameterValue.OffsetParaOutOfRange", { en: `Offset ${offset} is out of range [0,10000].`, zh: `offset取值范围[0, 10000]，当前为 ${offset}。` });
  if (!Number.isInteger(l) || l < 1 || l > 100) ctx.fail("InvalidParameterValue.LimitParaOutOfRange", { en: `Limit ${limit} is out of range [1,100].`, zh: `limit取值范围[1,100]，当前为 ${limit}。` });
  return { offset: o, limit: l };
}

async function slowEntries(ctx: Ctx, instanceId: string, w: Window, threshold: number): Promise<SlowLogEntry[]> {
  return (await slowLogs(ctx).all(instanceId)).filter((e) => e.time >= w.start && e.time <= w.end && e.durationMs >= threshold).sort((a, b) => a.time - b.time);
}

/** `json` (4.4 and later) writes the entry as mongod's structured log line. */
function formatted(ctx: Ctx, e: SlowLogEntry, format: string | undefined, version: string): string {
  if (!format) return e.line;
  if (format !== "json") bad(ctx, "Format", format, "Format is json, or leave it out for mongod's text lines.");
  if ((versionOf(version)?.value ?? 0) < 10) ctx.fail("InvalidParameter", { en: "The json format needs MongoDB 4.4 or later.", zh: "json 格式仅支持 4.4 及以上版本。" });
  return JSON.stringify({ t: { $date: new Date(e.time).toISOString() }, s: "I", c: "COMMAND", msg: "Slow query", attr: { ns: e.ns ?? "", command: e.op ?? "", durationMillis: e.durationMs } });
}

export const describeSlowLogs: H<"DescribeSlowLogs"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  const w = slowWindow(ctx, req.StartTime, req.EndTime);
  const threshold = slowMs(ctx, req.SlowMS);
  const { offset, limit } = paging(ctx, req.Offset, req.Limit);
  const rows = await slowEntries(ctx, inst.InstanceId, w, threshold);
  return { Count: rows.length, SlowLogs: rows.slice(offset, offset + limit).map((e) => formatted(ctx, e, req.Format, inst.version)) };
};

const queryHash = (pattern: string) => createHash("md5").update(pattern).digest("hex").slice(0, 8).toUpperCase();
const patternOf = (e: SlowLogEntry) => `${e.ns ?? "unknown.unknown"}.${e.op ?? "command"}`;

export const describeSlowLogPatterns: H<"DescribeSlowLogPatterns"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  const w = slowWindow(ctx, req.StartTime, req.EndTime);
  const threshold = slowMs(ctx, req.SlowMS);
  const { offset, limit } = paging(ctx, req.Offset, req.Limit);
  if (req.Format !== undefined && req.Format !== "json") bad(ctx, "Format", req.Format, "Format is json, or leave it out.");
  const groups = new Map<string, number[]>();
  for (const e of await slowEntries(ctx, inst.InstanceId, w, threshold)) groups.set(patternOf(e), [...(groups.get(patternOf(e)) ?? []), e.durationMs]);
  const patterns = [...groups]
    .map(([pattern, times]) => ({
      Pattern: pattern,
      QueryHash: queryHash(pattern),
      MaxTime: Math.max(...times),
      AverageTime: Math.round(times.reduce((s, t) => s + t, 0) / times.length),
      Total: times.length,
    }))
    .sort((a, b) => b.Total - a.Total || a.Pattern.localeCompare(b.Pattern));
  return { Count: patterns.length, SlowLogPatterns: patterns.slice(offset, offset + limit) };
};

export const describeDetailedSlowLogs: H<"DescribeDetailedSlowLogs"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  const w = slowWindow(ctx, req.StartTime, req.EndTime, false);
  const threshold = slowMs(ctx, req.ExecTime);
  const { offset, limit } = paging(ctx, req.Offset, req.Limit);
  const orderBy = req.OrderBy ?? "StartTime";
  if (orderBy !== "StartTime" && orderBy !== "ExecTime") bad(ctx, "OrderBy", orderBy, "OrderBy is StartTime or ExecTime.");
  const orderType = (req.OrderByType ?? "desc").toLowerCase();
  if (orderType !== "asc" && orderType !== "desc") bad(ctx, "OrderByType", req.OrderByType, "OrderByType is desc or asc.");
  const primary = `${inst.InstanceId}_0-node-primary`;
  const rows = (await slowEntries(ctx, inst.InstanceId, w, threshold))
    .filter(
      (e) =>
        (!req.Commands?.length || req.Commands.includes(e.op ?? "command")) &&
        (!req.Texts?.length || req.Texts.some((t) => e.line.includes(t))) &&
        (!req.NodeNames?.length || req.NodeNames.includes(e.node ?? primary)) &&
        (!req.QueryHash?.length || req.QueryHash.includes(queryHash(patternOf(e)))),
    )
    .sort((a, b) => (orderBy === "ExecTime" ? a.durationMs - b.durationMs : a.time - b.time) * (orderType === "asc" ? 1 : -1));
  return {
    TotalCount: rows.length,
    DetailedSlowLogs: rows.slice(offset, offset + limit).map((e) => ({ Log: e.line, NodeName: e.node ?? primary, QueryHash: queryHash(patternOf(e)) })),
  };
};

const OPS = ["none", "update", "insert", "query", "command", "getmore", "remove", "killcursors"];

export const describeCurrentOp: H<"DescribeCurrentOp"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  const running = Number(req.MillisecondRunning ?? 0);
  if (!Number.isInteger(running) || running < 0 || running > 3600000) bad(ctx, "MillisecondRunning", req.MillisecondRunning, "MillisecondRunning ranges from 0 to 3600000.");
  if (req.Op !== undefined && !OPS.includes(req.Op)) bad(ctx, "Op", req.Op, `Op is one of ${OPS.join(", ")}.`);
  if (req.State !== undefined && req.State !== "primary" && req.State !== "secondary") bad(ctx, "State", req.State, "State is primary or secondary.");
  const sets = Array.from({ length: inst.replicaSetNum }, (_, i) => `${inst.InstanceId}_${i}`);
  if (req.ReplicaSetName !== undefined && !sets.includes(req.ReplicaSetName)) ctx.fail("InvalidParameterValue.ReplicaNotFound", { en: `The shard ${req.ReplicaSetName} is not one of ${inst.InstanceId}.`, zh: `未找到副本集/分片 ${req.ReplicaSetName}。` });
  const limit = Number(req.Limit ?? 100);
  const offset = Number(req.Offset ?? 0);
  if (!Number.isInteger(limit) || limit < 0 || limit > 100 || !Number.isInteger(offset) || offset < 0 || offset > 10000) {
    ctx.fail("InvalidParameterValue.QueryOutOfRange", { en: "Limit ranges from 0 to 100 and Offset from 0 to 10000.", zh: "查询offset超出范围。" });
  }
  if (req.OrderBy !== undefined && req.OrderBy !== "MicrosecsRunning") bad(ctx, "OrderBy", req.OrderBy, "OrderBy is MicrosecsRunning.");
  const orderType = (req.OrderByType ?? "ASC").toUpperCase();
  if (orderType !== "ASC" && orderType !== "DESC") bad(ctx, "OrderByType", req.OrderByType, "OrderByType is ASC or DESC.");
  const rows = (await currentOps(ctx).all(inst.InstanceId))
    .filter((o) => o.MicrosecsRunning >= running && (!req.Ns || o.Ns === req.Ns) && (!req.Op || o.Op === req.Op) && (!req.ReplicaSetName || o.ReplicaSetName === req.ReplicaSetName) && (!req.State || o.State === req.State))
    .sort((a, b) => (a.MicrosecsRunning - b.MicrosecsRunning) * (orderType === "ASC" ? 1 : -1));
  return { TotalCount: rows.length, CurrentOps: rows.slice(offset, offset + limit) };
};

export const killOps: H<"KillOps"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  const { shards } = nodeProperties(inst);
  const ops = currentOps(ctx);
  const doomed: string[] = [];
  for (const o of req.Operations) {
    const shard = shards.find((nodes) => nodes[0]?.ReplicateSetId === o.ReplicaSetName);
    if (!shard || !shard.some((n) => n.NodeName === o.NodeName)) {
      ctx.fail("InvalidParameterValue.NodeNotFoundInReplica", { en: `The node ${o.NodeName} is not in ${o.ReplicaSetName}.`, zh: `当前副本集/分片未找到节点 ${o.NodeName}。` });
    }
    const id = `${inst.InstanceId}/${o.ReplicaSetName}/${o.NodeName}/${o.OpId}`;
    if (!(await ops.get(id))) ctx.fail("FailedOperation", { en: `No operation ${o.OpId} runs on ${o.NodeName}.`, zh: `节点 ${o.NodeName} 上不存在操作 ${o.OpId}。` });
    doomed.push(id);
  }
  for (const id of doomed) await ops.delete(id);
  return {};
};

export const describeDBInstanceNamespace: H<"DescribeDBInstanceNamespace"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  const ns = await namespacesOf(ctx, inst.InstanceId);
  if (req.DbName) {
    if (!ns[req.DbName]) ctx.fail("InvalidParameter", { en: `The instance has no database ${req.DbName}.`, zh: `实例不存在数据库 ${req.DbName}。` });
    return { Databases: [req.DbName], Collections: [...ns[req.DbName]].sort() };
  }
  return { Databases: Object.keys(ns).sort(), Collections: [] };
};

export const describeMongodbLogs: H<"DescribeMongodbLogs"> = async (ctx, req) => {
  const { inst } = await active(ctx, req.InstanceId);
  const w = slowWindow(ctx, req.StartTime, req.EndTime, false);
  if (w.start < ctx.now() - SEVEN_DAYS) ctx.fail("InvalidParameterValue.TimeFormatErr", { en: "Run logs of the last 7 days only.", zh: "仅支持查询最近 7 天内的日志数据。" });
  const { offset, limit } = paging(ctx, req.Offset, req.Limit);
  const rows = (await mongodLogs(ctx).all(inst.InstanceId))
    .filter(
      (l) =>
        l.time >= w.start &&
        l.time <= w.end &&
        (!req.NodeNames?.length || req.NodeNames.includes(l.node)) &&
        (!req.LogComponents?.length || req.LogComponents.includes(l.component)) &&
        (!req.LogLevels?.length || req.LogLevels.includes(l.level)) &&
        (!req.LogIds?.length || req.LogIds.includes(l.id)) &&
        (!req.LogConnections?.length || req.LogConnections.includes(l.connection)) &&
        (!req.LogDetailParams?.length || req.LogDetailParams.some((p) => l.detail.includes(p))),
    )
    .sort((a, b) => b.time - a.time);
  return {
    TotalCount: rows.length,
    LogList: rows.slice(offset, offset + limit).map((l) => ({ LogComponent: l.component, LogLevel: l.level, LogTime: formatDateTime(l.time), LogDetail: l.detail, LogConnection: l.connection, LogId: l.id })),
  };
};
