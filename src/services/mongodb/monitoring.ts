import { formatDateTime, parseDateTime } from "../../platform/clock";
import type { ActionContext } from "../../platform/service";
import { findInstance } from "./instance";

/**
 * What an instance's monitoring actions serve. The data plane is not emulated, so there are no real client
 * connections or slow queries: tests seed them through the control API and the actions filter and page them
 * exactly as the real ones do.
 */

export interface SlowLogEntry {
  /** Epoch ms of the slow operation. */
  time: number;
  durationMs: number;
  /** The mongod log line the API returns. */
  line: string;
  /** Namespace (db.collection), command name and node, when seeded (2019-07-25's patterns and details use them). */
  ns?: string;
  op?: string;
  node?: string;
}

export interface Connections {
  clients: { IP: string; Count: number; InternalService?: boolean }[];
}

/** A running operation (DescribeCurrentOp), seeded through the control API; KillOps removes it. */
export interface CurrentOpEntry {
  OpId: number;
  Ns: string;
  Query: string;
  Op: string;
  ReplicaSetName: string;
  NodeName: string;
  Operation: string;
  State: string;
  MicrosecsRunning: number;
  ExecNode: string;
}

export function currentOps(ctx: ActionContext<"mongodb">) {
  return ctx.docs<CurrentOpEntry>("current-op");
}

/** A mongod run-log entry (DescribeMongodbLogs), seeded through the control API. */
export interface MongodLogEntry {
  time: number;
  node: string;
  component: string;
  level: string;
  id: string;
  connection: string;
  detail: string;
}

export function mongodLogs(ctx: ActionContext<"mongodb">) {
  return ctx.docs<MongodLogEntry>("mongod-log");
}

export function slowLogs(ctx: ActionContext<"mongodb">) {
  return ctx.docs<SlowLogEntry>("slowlog");
}

export function connections(ctx: ActionContext<"mongodb">) {
  return ctx.docs<Connections>("connections");
}

export async function requireInstance(ctx: ActionContext<"mongodb">, id: string) {
  const found = await findInstance(ctx, id);
  if (!found || found.phase === "isolated" || found.phase === "deleted") {
    ctx.fail("InvalidParameterValue.NotFoundInstance", { en: `The instance ${id} does not exist.`, zh: `未找到实例 ${id}。` });
  }
  return found;
}

export const SEVEN_DAYS = 7 * 86400_000;
export const ONE_DAY = 86400_000;

/** `yyyy-mm-dd hh:mm:ss` (UTC+8), strictly; NaN otherwise. */
export function parseApiTime(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) return NaN;
  const ms = parseDateTime(text);
  return formatDateTime(ms) === text ? ms : NaN;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `Tue Jun  4 17:52:39.247`, the timestamp mongod 3.x writes (UTC+8). */
export function mongodTimestamp(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const day = String(d.getUTCDate()).padStart(2, " ");
  const time = d.toISOString().slice(11, 23);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${time}`;
}

/** A slow-log line as mongod writes it for a slow command. */
export function slowLogLine(o: { time: number; durationMs: number; ns: string; command: string; conn: number }): string {
  return `${mongodTimestamp(o.time)} I COMMAND  [conn${o.conn}] command ${o.ns} command: ${o.command} numYields:0 reslen:204 protocol:op_msg ${o.durationMs}ms`;
}
