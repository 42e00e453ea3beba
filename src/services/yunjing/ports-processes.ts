import type { OpenPort, Process } from "tencentcloud-sdk-nodejs/tencentcloud/services/yunjing/v20180228/yunjing_models";
import type { YunjingActions } from "../../generated/models/yunjing";
import type { Handlers } from "../../platform/definition";
import { agentState, requireMachine, requireOnline } from "./machine-model";
import { only, rec } from "./records";
import { docs, type Ctx } from "./store";
import { inValues, page, parseFilters, uuidFormat } from "./validate";

/*
 * Real-time collection (an asset-management feature of the Pro edition): CreateProcessTask /
 * CreateOpenPortTask ask the agent for a fresh list; the task is COLLECTING for a few seconds, then COMPLETE
 * (AGENT_OFFLINE if the agent drops before). The lists themselves come from what agents reported (the
 * control API seeds it).
 */

/** Seconds an agent takes to collect processes or ports. */
export const COLLECT_SECONDS = 10;

interface AgentTask {
  type: "process" | "port";
  uuid: string;
  createdAt: number;
}

const tasks = (ctx: Ctx) => docs<AgentTask>(ctx, "agent-task");

async function createTask(ctx: Ctx, type: AgentTask["type"], uuid: string): Promise<void> {
  const m = await requireMachine(ctx, uuidFormat(ctx, uuid, "Uuid"));
  requireOnline(ctx, m);
  if (!m.pro) {
    ctx.fail(type === "process" ? "FailedOperation.CreateProcessTask" : "FailedOperation.CreateOpenPortTask", {
      en: `Real-time ${type === "process" ? "process" : "port"} collection is a Pro edition feature; ${m.name} (${m.uuid}) is on the Basic edition.`,
      zh: `实时获取${type === "process" ? "进程" : "端口"}为专业版功能，主机 ${m.name}（${m.uuid}）为基础版。`,
    });
  }
  await tasks(ctx).put(`${type}:${m.uuid}`, { type, uuid: m.uuid, createdAt: ctx.now() });
  ctx.touch(m.uuid);
}

async function taskStatus(ctx: Ctx, type: AgentTask["type"], uuid: string): Promise<string> {
  const m = await requireMachine(ctx, uuidFormat(ctx, uuid, "Uuid"));
  const t = await tasks(ctx).get(`${type}:${m.uuid}`);
  if (!t) {
    ctx.fail(type === "process" ? "FailedOperation.ProcessTaskNotFound" : "FailedOperation.OpenPortTaskNotFound", {
      en: `There is no real-time ${type === "process" ? "process" : "port"} task for ${m.uuid}: call ${type === "process" ? "CreateProcessTask" : "CreateOpenPortTask"} first.`,
      zh: `客户端 ${m.uuid} 的实时拉取${type === "process" ? "进程" : "端口"}任务不存在。`,
    });
  }
  if (ctx.now() >= t.createdAt + COLLECT_SECONDS * 1000) return "COMPLETE";
  return agentState(m) === "ONLINE" ? "COLLECTING" : "AGENT_OFFLINE";
}

/** Counts distinct hosts per key, most common first. */
export function statistics<T>(items: readonly T[], keyOf: (t: T) => string, hostOf: (t: T) => string): { key: string; hosts: number; first: T }[] {
  const groups = new Map<string, { hosts: Set<string>; first: T }>();
  for (const t of items) {
    const k = keyOf(t);
    const g = groups.get(k) ?? { hosts: new Set<string>(), first: t };
    g.hosts.add(hostOf(t));
    groups.set(k, g);
  }
  return [...groups.entries()].map(([key, g]) => ({ key, hosts: g.hosts.size, first: g.first })).sort((a, b) => b.hosts - a.hosts || a.key.localeCompare(b.key));
}

const PROCESS_KEYS: (keyof Process)[] = ["Id", "Uuid", "MachineIp", "MachineName", "Pid", "Ppid", "ProcessName", "Username", "Platform", "FullPath", "CreateTime"];
const PORT_KEYS: (keyof OpenPort)[] = ["Id", "Uuid", "Port", "MachineIp", "MachineName", "ProcessName", "Pid", "CreateTime", "ModifyTime"];

export const portProcessHandlers: Handlers<"yunjing", YunjingActions> = {
  async CreateProcessTask(ctx, req) {
    await createTask(ctx, "process", req.Uuid);
    return {};
  },

  async DescribeProcessTaskStatus(ctx, req) {
    return { Status: await taskStatus(ctx, "process", req.Uuid) };
  },

  async DescribeProcesses(ctx, req) {
    if (!req.Uuid && !req.ProcessName) return ctx.fail("InvalidParameter.MissingParameter", "Give Uuid or ProcessName.");
    if (req.Uuid) uuidFormat(ctx, req.Uuid, "Uuid");
    const f = parseFilters(ctx, req.Filters, { ProcessName: "string", MachineIp: "string" });
    const list = (await rec.processes(ctx).all()).filter(
      (p) =>
        (!req.Uuid || p.Uuid === req.Uuid) &&
        (!req.ProcessName || p.ProcessName === req.ProcessName) &&
        inValues(f.values("ProcessName"), p.ProcessName) &&
        inValues(f.values("MachineIp"), p.MachineIp),
    );
    return { TotalCount: list.length, Processes: page(ctx, list, req).map((p) => only<Process>(p, PROCESS_KEYS)) };
  },

  async DescribeProcessStatistics(ctx, req) {
    const f = parseFilters(ctx, req.Filters, { ProcessName: "string" });
    const stats = statistics(
      (await rec.processes(ctx).all()).filter((p) => inValues(f.values("ProcessName"), p.ProcessName)),
      (p) => p.ProcessName,
      (p) => p.Uuid,
    );
    return { TotalCount: stats.length, ProcessStatistics: page(ctx, stats, req).map((s) => ({ ProcessName: s.key, MachineNum: s.hosts })) };
  },

  async CreateOpenPortTask(ctx, req) {
    await createTask(ctx, "port", req.Uuid);
    return {};
  },

  async DescribeOpenPortTaskStatus(ctx, req) {
    return { Status: await taskStatus(ctx, "port", req.Uuid) };
  },

  async DescribeOpenPorts(ctx, req) {
    if (!req.Uuid && req.Port === undefined) return ctx.fail("InvalidParameter.MissingParameter", "Give Uuid or Port.");
    if (req.Uuid) uuidFormat(ctx, req.Uuid, "Uuid");
    const f = parseFilters(ctx, req.Filters, { Port: "uint", ProcessName: "string", MachineIp: "string" });
    const ports = f.uint("Port");
    const list = (await rec.openPorts(ctx).all()).filter(
      (p) =>
        (!req.Uuid || p.Uuid === req.Uuid) &&
        (req.Port === undefined || p.Port === req.Port) &&
        (!ports || ports.includes(p.Port)) &&
        inValues(f.values("ProcessName"), p.ProcessName) &&
        inValues(f.values("MachineIp"), p.MachineIp),
    );
    return { TotalCount: list.length, OpenPorts: page(ctx, list, req).map((p) => only<OpenPort>(p, PORT_KEYS)) };
  },

  async DescribeOpenPortStatistics(ctx, req) {
    const f = parseFilters(ctx, req.Filters, { Port: "uint" });
    const ports = f.uint("Port");
    const stats = statistics(
      (await rec.openPorts(ctx).all()).filter((p) => !ports || ports.includes(p.Port)),
      (p) => String(p.Port),
      (p) => p.Uuid,
    );
    return { TotalCount: stats.length, OpenPortStatistics: page(ctx, stats, req).map((s) => ({ Port: Number(s.key), MachineNum: s.hosts })) };
  },
};
