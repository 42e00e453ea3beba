// COS in `npm run bench`: PUT and GET of 1 MB objects through tclocal against a bare node:http server streaming
// the same bytes to and from a file (alternating rounds, medians, the server's own CPU per call from /proc),
// then the server's peak resident memory while a 1 GB object goes up and comes back.
import { Agent, request } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import COS from "cos-nodejs-sdk-v5";
import { DEFAULT_ACCOUNT } from "../src/platform/accounts";
import { largeTransfer, type TransferMeasure } from "../test/cos/large-transfer";
import { CLI, spawnServer, stop, type Target } from "./harness";
import { cpuTicks, median, rssMb } from "./load";

const MB = 1024 * 1024;
const TICK_US = 1e6 / 100;
const BUCKET_HOST = `bench-${DEFAULT_ACCOUNT.appId}.cos.ap-guangzhou.localhost`;

export interface CosBenchOptions {
  /** Seconds of load per round and direction (default 5). */
  seconds?: number;
  /** Alternating rounds per side (default 2). */
  rounds?: number;
  /** Requests in flight (default 8). */
  concurrency?: number;
  /** Size of the large upload, bytes (default 1 GB). */
  largeBytes?: number;
  /** Where lines go (default console.log). */
  out?: (line: string) => void;
}

interface Load {
  opsPerSecond: number;
  mbPerSecond: number;
  p50: number;
  p99: number;
  cpuUsPerOp: number;
  errors: number;
}

function call(t: Target, agent: Agent, method: "PUT" | "GET", key: string, body: Buffer | null): Promise<number> {
  const port = t.hostPort.split(":").pop();
  const headers: Record<string, string> = { host: `${BUCKET_HOST}:${port}` };
  if (body) headers["content-length"] = String(body.length);
  // Both sides get a signed request: the client's cost is the same, only tclocal checks it.
  headers.authorization = COS.getAuthorization({ SecretId: DEFAULT_ACCOUNT.secretId, SecretKey: DEFAULT_ACCOUNT.secretKey, Method: method, Pathname: `/${key}`, Headers: headers });
  const url = new URL(t.endpoint);
  return new Promise((resolve) => {
    const req = request({ agent, hostname: url.hostname, port: url.port, method, path: `/${key}`, headers }, (res) => {
      res.on("data", () => {});
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", () => resolve(0));
    });
    req.on("error", () => resolve(0));
    req.end(body ?? undefined);
  });
}

async function load(t: Target, method: "PUT" | "GET", seconds: number, concurrency: number, body: Buffer): Promise<Load> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  const pid = t.child.pid!;
  const before = cpuTicks(pid);
  const started = Date.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; Date.now() < until; i++) {
        const t0 = process.hrtime.bigint();
        const status = await call(t, agent, method, `obj-${worker}-${i % 4}`, method === "PUT" ? body : null);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (status !== 200) errors++;
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  const ticks = cpuTicks(pid) - before;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const ops = latencies.length;
  return {
    opsPerSecond: ops / elapsed,
    mbPerSecond: (ops * body.length) / MB / elapsed,
    p50: latencies[Math.floor(ops * 0.5)] ?? NaN,
    p99: latencies[Math.floor(ops * 0.99)] ?? NaN,
    cpuUsPerOp: ops ? (ticks * TICK_US) / ops : NaN,
    errors,
  };
}

const medianLoad = (ls: Load[]): Load => {
  const m = (f: (l: Load) => number) => median(ls.map(f));
  return { opsPerSecond: m((l) => l.opsPerSecond), mbPerSecond: m((l) => l.mbPerSecond), p50: m((l) => l.p50), p99: m((l) => l.p99), cpuUsPerOp: m((l) => l.cpuUsPerOp), errors: m((l) => l.errors) };
};

const num = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "–");

/**
 * Runs the COS benchmark and prints its two tables. Call it from bench/run.ts:
 *   import { cosBench } from "./cos";
 *   if (wanted("cos")) await cosBench({ seconds: SECONDS, rounds: ROUNDS, out });
 */
export async function cosBench(o: CosBenchOptions = {}): Promise<{ put: Load[]; get: Load[]; large: TransferMeasure }> {
  const out = o.out ?? ((line: string) => console.log(line));
  const seconds = o.seconds ?? 5;
  const rounds = o.rounds ?? 2;
  const concurrency = o.concurrency ?? 8;
  const body = Buffer.alloc(MB, 0x5a);
  const dirs = [mkdtempSync(join(tmpdir(), "tclocal-cos-bench-")), mkdtempSync(join(tmpdir(), "tclocal-cos-bench-"))];
  const tclocal = await spawnServer([CLI, "start", "--port", "0", "--data-dir", dirs[0], "--log-level", "silent"]);
  const bare = await spawnServer([join(__dirname, "cos-bare-server.js")]);
  const sides: [string, Target][] = [
    ["bare node:http (file)", bare],
    ["tclocal COS", tclocal],
  ];
  try {
    const agent = new Agent({ keepAlive: true });
    if ((await call(tclocal, agent, "PUT", "", null)) !== 200) throw new Error("PUT Bucket failed");
    agent.destroy();
    const results: Record<"PUT" | "GET", Load[][]> = { PUT: [[], []], GET: [[], []] };
    for (let r = 0; r < rounds; r++) {
      for (const [i, [, t]] of sides.entries()) {
        results.PUT[i].push(await load(t, "PUT", seconds, concurrency, body));
        results.GET[i].push(await load(t, "GET", seconds, concurrency, body));
      }
    }
    out("");
    out(`### COS: 1 MB objects, ${concurrency} in flight, keep-alive (median of ${rounds} rounds of ${seconds} s)`);
    out("");
    out("| operation | target | ops/s | MB/s | p50 ms | p99 ms | server CPU µs/op | ops/s × bare | errors |");
    out("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    const medians = { PUT: results.PUT.map(medianLoad), GET: results.GET.map(medianLoad) };
    for (const op of ["PUT", "GET"] as const) {
      const base = medians[op][0];
      for (const [i, [label]] of sides.entries()) {
        const m = medians[op][i];
        out(`| ${op} | ${label} | ${num(m.opsPerSecond)} | ${num(m.mbPerSecond)} | ${num(m.p50, 2)} | ${num(m.p99, 2)} | ${num(m.cpuUsPerOp)} | ${num(m.opsPerSecond / base.opsPerSecond, 2)} | ${m.errors} |`);
      }
    }
    out(`| RSS after the load | tclocal | ${rssMb(tclocal.child.pid!)} MB | | | | | | |`);
    const large = await largeTransfer({ endpoint: tclocal.endpoint, hostPort: tclocal.hostPort, pid: tclocal.child.pid! }, o.largeBytes ?? 1024 ** 3);
    out("");
    out(`### COS: one ${num(large.bytes / MB)} MB object up and down (tclocal's peak resident memory)`);
    out("");
    out("| | RSS before MB | peak RSS MB | seconds | MB/s |");
    out("| --- | ---: | ---: | ---: | ---: |");
    out(`| upload | ${num(large.baselineRssMb)} | ${num(large.uploadPeakRssMb)} | ${num(large.uploadSeconds, 1)} | ${num(large.bytes / MB / large.uploadSeconds)} |`);
    out(`| download | ${num(large.baselineRssMb)} | ${num(large.downloadPeakRssMb)} | ${num(large.downloadSeconds, 1)} | ${num(large.bytes / MB / large.downloadSeconds)} |`);
    if (!large.intact) out("(the downloaded bytes differ from the uploaded ones)");
    return { put: medians.PUT, get: medians.GET, large };
  } finally {
    await stop(tclocal);
    await stop(bare);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

// `node dist/bench/cos.js` runs it alone.
if (require.main === module) {
  cosBench({ seconds: Number(process.env.BENCH_SECONDS ?? 5), rounds: Number(process.env.BENCH_ROUNDS ?? 2) }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
