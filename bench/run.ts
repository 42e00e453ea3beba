// npm run bench: tclocal side by side with a bare node:http server, in one run, on this machine. Machines here are
// shared and noisy: every figure is the median of alternating rounds, and the server's own CPU per call (read
// from /proc, so the load generator's share of the cores does not blur it) is the figure to compare.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { buildBaseline, SYNC_STORE_COMMIT } from "./baseline";
import { CLI, signedRequest, spawnServer, stop, timeUntil, type SignedRequest, type Target } from "./harness";
import { loadGenerator, measure, median, medianOf, rssMb, type Measure } from "./load";
import { cosBench } from "./cos";
import { hostileLoad } from "./hostile";
import { startPostgres } from "../test/helpers/postgres";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ONLY = process.env.BENCH_ONLY?.split(",");
const root = join(__dirname, "..", "..");
const lines: string[] = [];
const out = (line = "") => {
  lines.push(line);
  console.log(line);
};

const wanted = (part: string) => !ONLY || ONLY.includes(part);

type Requests = (t: Target) => SignedRequest;

interface Side {
  label: string;
  target: Target;
  /** More endpoints of the same emulator (replicas), loaded at once. */
  also?: Target[];
}

/** Alternating rounds of each side under the same load; medians. */
async function compare(sides: Side[], request: Requests): Promise<Measure[]> {
  const rounds: Measure[][] = sides.map(() => []);
  for (let i = 0; i < ROUNDS; i++) {
    for (const [j, side] of sides.entries()) {
      const targets = [side.target, ...(side.also ?? [])];
      // Re-signed each round: a TC3 signature is valid for five minutes.
      const req = request(side.target);
      rounds[j].push(await measure(targets.map((t) => t.endpoint), req, SECONDS, side.target.child.pid!));
    }
  }
  return rounds.map(medianOf);
}

const num = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "–");

function table(title: string, sides: string[], ms: Measure[], baseIndex = 0): void {
  out("");
  out(`### ${title}`);
  out("");
  out("| target | req/s | p50 ms | p99 ms | server CPU µs/call | CPU × base | req/s × base | RSS MB | errors |");
  out("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  const base = ms[baseIndex];
  for (const [i, m] of ms.entries()) {
    out(
      `| ${sides[i]} | ${num(m.rps)} | ${num(m.p50, 2)} | ${num(m.p99, 2)} | ${num(m.cpuUsPerCall, 1)} | ${num(m.cpuUsPerCall / base.cpuUsPerCall, 2)} | ${num(m.rps / base.rps, 2)} | ${m.rssMb} | ${m.errors} |`,
    );
  }
}

async function control(t: Target, method: string, path: string, body?: object): Promise<any> {
  const r = await fetch(`${t.endpoint}/_tclocal${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

async function answer(t: Target, r: SignedRequest): Promise<Record<string, any>> {
  const res = await fetch(t.endpoint + r.path, { method: r.method, headers: r.headers, body: r.body });
  return ((await res.json()) as { Response: Record<string, any> }).Response;
}

/** Fails the run when a scenario's request does not succeed: a benchmark of error answers measures nothing. */
async function expectOk(t: Target, r: SignedRequest, what: string): Promise<Record<string, any>> {
  const a = await answer(t, r);
  if (a.Error) throw new Error(`${what}: ${a.Error.Code} ${a.Error.Message}`);
  return a;
}

/** A fresh account with a CMK; the three requests the issue names, signed for it. */
async function scenarioOf(t: Target, disks: number) {
  const acct = (await control(t, "POST", "/accounts", {})) as { uin: string; secretId: string; secretKey: string };
  const kms = (action: string, params: object) => signedRequest(t.hostPort, "kms", "2019-01-18", action, params, "ap-guangzhou", acct);
  const { KeyId } = await expectOk(t, kms("CreateKey", { Alias: `bench-${Date.now()}` }), "CreateKey");
  if (disks) await control(t, "POST", "/cbs/disks/seed", { uin: acct.uin, count: disks });
  const plaintext = Buffer.alloc(256, 7).toString("base64");
  return {
    encrypt: (x: Target) => signedRequest(x.hostPort, "kms", "2019-01-18", "Encrypt", { KeyId, Plaintext: plaintext }, "ap-guangzhou", acct),
    listKeys: (x: Target) => signedRequest(x.hostPort, "kms", "2019-01-18", "ListKeys", { Limit: 10 }, "ap-guangzhou", acct),
    describeDisks: (x: Target) => signedRequest(x.hostPort, "cbs", "2017-03-12", "DescribeDisks", { Limit: 20, Offset: 0 }, "ap-guangzhou", acct),
  };
}

async function againstBare(bare: Target, label: string, args: string[]): Promise<void> {
  const t = await spawnServer([CLI, "start", "--port", "0", ...args]);
  try {
    const s = await scenarioOf(t, 1000);
    for (const [name, req] of [
      ["signed KMS Encrypt (256 bytes, AES-GCM)", s.encrypt],
      ["signed KMS ListKeys (read)", s.listKeys],
      ["signed CBS DescribeDisks, first page of 20 of 1,000 disks", s.describeDisks],
    ] as const) {
      await expectOk(t, req(t), name);
      const ms = await compare(
        [
          { label: "bare node:http", target: bare },
          { label: `tclocal ${label}`, target: t },
        ],
        (x) => (x === bare ? req(t) : req(x)),
      );
      table(`${name} — tclocal ${label}`, ["bare node:http (fixed envelope)", `tclocal ${label}`], ms);
    }
  } finally {
    await stop(t);
  }
}

async function syncVersusAsync(): Promise<void> {
  const baseline = buildBaseline(root);
  if (!baseline) {
    out("");
    out(`(commit ${SYNC_STORE_COMMIT}, the synchronous store, is not in this clone: sync-vs-async skipped)`);
    return;
  }
  const dirs = [mkdtempSync(join(tmpdir(), "tclocal-bench-sync-")), mkdtempSync(join(tmpdir(), "tclocal-bench-async-"))];
  const sync = await spawnServer([baseline, "start", "--port", "0", "--data-dir", dirs[0], "--log-level", "info"]);
  const async = await spawnServer([CLI, "start", "--port", "0", "--data-dir", dirs[1], "--log-level", "info"]);
  try {
    const ss = await scenarioOf(sync, 0);
    const as = await scenarioOf(async, 0);
    const ms = await compare(
      [
        { label: "sync", target: sync },
        { label: "async", target: async },
      ],
      (x) => (x === sync ? ss.encrypt(x) : as.encrypt(x)),
    );
    table("SQLite data dir, synchronous store (0.1.0) vs asynchronous store (this build): signed KMS Encrypt", [`synchronous store (${SYNC_STORE_COMMIT})`, "asynchronous store"], ms);
  } finally {
    await stop(sync);
    await stop(async);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

async function postgresReplicas(): Promise<void> {
  const pg = await startPostgres();
  try {
    const url = await pg.createDatabase();
    const a = await spawnServer([CLI, "start", "--port", "0", "--database-url", url]);
    const b = await spawnServer([CLI, "start", "--port", "0", "--database-url", url]);
    try {
      const s = await scenarioOf(a, 0);
      const one = await compare([{ label: "1 replica", target: a }], s.encrypt);
      // Two replicas: each loaded by its own generator at once; CPU is summed over both processes.
      const two: Measure[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const [ma, mb] = await Promise.all([measure([a.endpoint], s.encrypt(a), SECONDS, a.child.pid!), measure([b.endpoint], s.encrypt(b), SECONDS, b.child.pid!)]);
        two.push({
          rps: ma.rps + mb.rps,
          p50: Math.max(ma.p50, mb.p50),
          p99: Math.max(ma.p99, mb.p99),
          calls: ma.calls + mb.calls,
          errors: ma.errors + mb.errors,
          cpuUsPerCall: (ma.cpuUsPerCall * ma.calls + mb.cpuUsPerCall * mb.calls) / (ma.calls + mb.calls),
          rssMb: ma.rssMb + mb.rssMb,
        });
      }
      table("PostgreSQL store: signed KMS Encrypt, one replica vs two replicas on one database", ["1 replica", "2 replicas"], [one[0], medianOf(two)]);
    } finally {
      await stop(a);
      await stop(b);
    }
  } finally {
    pg.destroy();
  }
}

async function workers(): Promise<void> {
  const ms: Measure[] = [];
  for (const n of [1, 2]) {
    const dir = mkdtempSync(join(tmpdir(), `tclocal-bench-workers${n}-`));
    const t = await spawnServer([CLI, "start", "--port", "0", "--data-dir", dir, "--workers", String(n)]);
    try {
      const s = await scenarioOf(t, 0);
      ms.push((await compare([{ label: `${n}`, target: t }], s.encrypt))[0]);
    } finally {
      await stop(t);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  table("SQLite data dir, signed KMS Encrypt: --workers 1 vs --workers 2", ["--workers 1", "--workers 2"], ms);
}

async function memory(): Promise<void> {
  const n = Number(process.env.BENCH_HOSTILE ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), "tclocal-bench-hostile-"));
  // On the default SQLite data dir the audit trail is on disk; with --in-memory it is memory (about 0.8 KB a call).
  for (const [label, args] of [
    ["default SQLite data dir", ["--data-dir", dir]],
    ["--in-memory", ["--in-memory"]],
  ] as const) {
    const t = await spawnServer([CLI, "start", "--port", "0", ...args, "--log-level", "warn"]);
    try {
      const before = rssMb(t.child.pid!);
      const { codes, seconds } = await hostileLoad(t, n);
      const after = rssMb(t.child.pid!);
      out("");
      out(`### Memory under ${n.toLocaleString("en")} hostile requests, ${label} (${seconds.toFixed(0)} s)`);
      out("");
      out(`RSS ${before} MB before, ${after} MB after. Answers: ${Object.entries(codes).map(([c, k]) => `${c} ${k}`).join(", ")}.`);
    } finally {
      await stop(t);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const t = await spawnServer([CLI, "start", "--port", "0", "--in-memory", "--log-level", "warn"]);
  try {
    const acct = (await control(t, "POST", "/accounts", {})) as { uin: string; secretId: string; secretKey: string };
    for (let i = 0; i < 10; i++) await control(t, "POST", "/cbs/disks/seed", { uin: acct.uin, count: 10_000 });
    const page = signedRequest(t.hostPort, "cbs", "2017-03-12", "DescribeDisks", { Limit: 20 }, "ap-guangzhou", acct);
    const a = await expectOk(t, page, "DescribeDisks");
    const m = await measure([t.endpoint], page, SECONDS, t.child.pid!);
    out("");
    out(`With 100,000 disks in one account, --in-memory (TotalCount ${a.TotalCount}): RSS ${rssMb(t.child.pid!)} MB; DescribeDisks first page ${num(m.rps)} req/s, p99 ${num(m.p99, 2)} ms.`);
  } finally {
    await stop(t);
  }
}

/**
 * RSS over a million signed Encrypt calls, sampled every 10 s of load (BENCH_LONG=1; about four minutes). On the
 * default SQLite data dir: with --in-memory the audit trail itself (about 0.8 KB per call, up to
 * --audit-max-records) is memory, so RSS grows with it by design.
 */
async function longRun(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "tclocal-bench-long-"));
  const t = await spawnServer([CLI, "start", "--port", "0", "--data-dir", dir]);
  try {
    const s = await scenarioOf(t, 0);
    const samples: number[] = [];
    let calls = 0;
    while (calls < 1_000_000) {
      const m = await measure([t.endpoint], s.encrypt(t), 10, t.child.pid!, { warmupSeconds: 0 });
      calls += m.calls;
      samples.push(rssMb(t.child.pid!));
    }
    out("");
    out(`### RSS over ${calls.toLocaleString("en")} signed Encrypt calls, SQLite data dir (one sample per 10 s of load)`);
    out("");
    out(`${samples.join(" → ")} MB (min ${Math.min(...samples)}, max ${Math.max(...samples)})`);
  } finally {
    await stop(t);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function startupMs(): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = Date.now();
    const t = await spawnServer([CLI, "start", "--port", "0", "--in-memory", "--log-level", "warn"]);
    const req = signedRequest(t.hostPort, "kms", "2019-01-18", "ListKeys", {});
    samples.push(await timeUntil(started, async () => !!(await answer(t, req)).RequestId));
    await stop(t);
  }
  return median(samples);
}

async function main(): Promise<void> {
  out(`# tclocal benchmark, ${new Date().toISOString().slice(0, 10)}`);
  out("");
  out(
    `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}; load generator: ${loadGenerator} (2 threads, 50 keep-alive connections, on the same machine); ` +
      `${ROUNDS} alternating rounds of ${SECONDS} s after a 1 s warm-up, medians; server CPU from /proc (user + system) / calls answered.`,
  );
  const bare = await spawnServer([join(__dirname, "bare-server.js")]);
  const dataDir = mkdtempSync(join(tmpdir(), "tclocal-bench-data-"));
  try {
    if (wanted("memory-store")) await againstBare(bare, "--in-memory", ["--in-memory"]);
    if (wanted("sqlite")) await againstBare(bare, "default SQLite data dir", ["--data-dir", dataDir]);
    if (wanted("sync")) await syncVersusAsync();
    if (wanted("postgres")) await postgresReplicas();
    if (wanted("workers")) await workers();
    if (wanted("memory")) await memory();
    if (wanted("cos")) await cosBench({ seconds: SECONDS, rounds: ROUNDS, out });
    if (process.env.BENCH_LONG) await longRun();
  } finally {
    await stop(bare);
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (wanted("startup")) {
    out("");
    out(`start-up: process start → first answered API call: ${await startupMs()} ms (median of 5)`);
  }
  mkdirSync(join(root, ".bench"), { recursive: true });
  const file = join(root, ".bench", `results-${new Date().toISOString().replace(/[:.]/g, "-")}.md`);
  writeFileSync(file, lines.join("\n") + "\n");
  console.log(`\n(written to ${file})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
