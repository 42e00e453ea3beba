import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import type { SignedRequest } from "./harness";

/** One measured load: throughput, latency and what the server spent. */
export interface Measure {
  rps: number;
  p50: number;
  p99: number;
  /** Calls answered during the measured window. */
  calls: number;
  errors: number;
  /** Server CPU (user + system) per answered call, microseconds. */
  cpuUsPerCall: number;
  /** Resident memory of the server (all its processes) at the end, MB. */
  rssMb: number;
}

/** wrk from Debian's package when installed (it costs less CPU than the server it loads); else autocannon. */
export const loadGenerator: "wrk" | "autocannon" = spawnSync("wrk", ["--version"]).error ? "autocannon" : "wrk";

/** CPU ticks (user + system) of a process and all its descendants (workers), from /proc. */
export function cpuTicks(pid: number): number {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
      total += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/** Resident set size of a process tree, MB. */
export function rssMb(pid: number): number {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      if (m) kb += Number(m[1]);
    } catch {
      // exited meanwhile
    }
  }
  return Math.round(kb / 1024);
}

function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${out[i]}/task`)) {
        const children = readFileSync(`/proc/${out[i]}/task/${task}/children`, "utf8").trim();
        if (children) out.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // gone
    }
  }
  return out;
}

const TICK_US = 1e6 / 100; // CLK_TCK is 100 on Linux

/** Loads `endpoints` (one load generator each, at once) with `request` for `seconds`, after a warm-up; measures `pid`'s tree. */
export async function measure(
  endpoints: string[],
  request: SignedRequest,
  seconds: number,
  pid: number,
  o: { connections?: number; warmupSeconds?: number } = {},
): Promise<Measure> {
  const connections = o.connections ?? 50;
  const warmup = o.warmupSeconds ?? 1;
  if (warmup > 0) await Promise.all(endpoints.map((e) => run(e, request, warmup, connections)));
  const before = cpuTicks(pid);
  const runs = await Promise.all(endpoints.map((e) => run(e, request, seconds, connections)));
  const ticks = cpuTicks(pid) - before;
  const calls = runs.reduce((a, r) => a + r.calls, 0);
  return {
    rps: runs.reduce((a, r) => a + r.rps, 0),
    p50: Math.max(...runs.map((r) => r.p50)),
    p99: Math.max(...runs.map((r) => r.p99)),
    calls,
    errors: runs.reduce((a, r) => a + r.errors, 0),
    cpuUsPerCall: calls ? (ticks * TICK_US) / calls : NaN,
    rssMb: rssMb(pid),
  };
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  calls: number;
  errors: number;
}

function run(endpoint: string, request: SignedRequest, seconds: number, connections: number): Promise<Run> {
  return loadGenerator === "wrk" ? wrk(endpoint, request, seconds, connections) : cannon(endpoint, request, seconds, connections);
}

async function wrk(endpoint: string, request: SignedRequest, seconds: number, connections: number): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "tclocal-wrk-"));
  try {
    const script = join(dir, "request.lua");
    const lua = [
      `wrk.method = "${request.method}"`,
      `wrk.body = ${luaString(request.body)}`,
      ...Object.entries(request.headers).map(([k, v]) => `wrk.headers[${luaString(k)}] = ${luaString(v)}`),
    ].join("\n");
    writeFileSync(script, lua);
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn("wrk", ["-t", "2", "-c", String(connections), "-d", `${seconds}s`, "--latency", "-s", script, endpoint + request.path]);
      let text = "";
      child.stdout.on("data", (d) => (text += d));
      child.stderr.on("data", (d) => (text += d));
      child.on("error", reject);
      child.on("exit", () => resolve(text));
    });
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
    const calls = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
    const errors = [...out.matchAll(/(?:connect|read|write|timeout) (\d+)/g)].reduce((a, m) => a + Number(m[1]), 0) + Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
    return { rps, calls, errors, p50: latency(out, "50%"), p99: latency(out, "99%") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function latency(out: string, which: string): number {
  const m = new RegExp(`${which}\\s+([\\d.]+)(us|ms|s)`).exec(out);
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === "us" ? v / 1000 : m[2] === "s" ? v * 1000 : v;
}

function luaString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

async function cannon(endpoint: string, request: SignedRequest, seconds: number, connections: number): Promise<Run> {
  const r = await autocannon({ url: endpoint, connections, duration: seconds, workers: 1, requests: [request] });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, calls: r.requests.total, errors: r.errors + r.timeouts + r.non2xx };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The median of each figure over several rounds. */
export function medianOf(ms: Measure[]): Measure {
  const m = (f: (x: Measure) => number) => median(ms.map(f));
  return {
    rps: m((x) => x.rps),
    p50: m((x) => x.p50),
    p99: m((x) => x.p99),
    calls: m((x) => x.calls),
    errors: ms.reduce((a, x) => a + x.errors, 0),
    cpuUsPerCall: m((x) => x.cpuUsPerCall),
    rssMb: Math.max(...ms.map((x) => x.rssMb)),
  };
}
