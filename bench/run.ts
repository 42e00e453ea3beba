// npm run bench: side-by-side throughput and latency of tclocal against a bare node:http server, in one run.
// Machines here are shared and noisy: every figure is the median of several alternating rounds.
import { join } from "node:path";
import { CLI, load, median, signedRequest, spawnServer, stop, timeUntil, type Measure, type SignedRequest, type Target } from "./harness";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

interface Scale {
  small: Measure;
  large: Measure;
}

interface Row {
  name: string;
  bare: Measure;
  tclocal: Measure;
}

function fmt(m: Measure): string {
  return `${Math.round(m.rps).toString().padStart(7)} req/s  p99 ${String(m.p99).padStart(3)} ms${m.errors ? `  (${m.errors} errors)` : ""}`;
}

async function sideBySide(name: string, bare: Target, tclocal: Target, requests: (t: Target) => SignedRequest[]): Promise<Row> {
  const b: Measure[] = [];
  const t: Measure[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    b.push(await load(bare.endpoint, requests(bare), SECONDS));
    t.push(await load(tclocal.endpoint, requests(tclocal), SECONDS));
  }
  const pick = (ms: Measure[]): Measure => ({ rps: median(ms.map((m) => m.rps)), p99: median(ms.map((m) => m.p99)), errors: ms.reduce((a, m) => a + m.errors, 0) });
  return { name, bare: pick(b), tclocal: pick(t) };
}

async function answerOf(t: Target, r: SignedRequest): Promise<string> {
  const res = await fetch(t.endpoint + r.path, { method: r.method, headers: r.headers, body: r.body });
  const json = (await res.json()) as { Response: { Error?: { Code: string } } };
  return json.Response.Error?.Code ?? "OK";
}

/** DescribeDisks pages in an account of 100 disks and one of 100,000: indexed queries keep them alike. */
async function describeDisksAtScale(t: Target): Promise<Scale> {
  const control = async (path: string, body: object) => {
    const r = await fetch(`${t.endpoint}/_tclocal${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as Record<string, unknown>;
  };
  const small = (await control("/accounts", {})) as { uin: string; secretId: string; secretKey: string };
  const large = (await control("/accounts", {})) as { uin: string; secretId: string; secretKey: string };
  await control("/cbs/disks/seed", { uin: small.uin, count: 100 });
  for (let i = 0; i < 10; i++) await control("/cbs/disks/seed", { uin: large.uin, count: 10_000 });
  const page = (who: { secretId: string; secretKey: string }) => [
    signedRequest(t.hostPort, "cbs", "2017-03-12", "DescribeDisks", { Limit: 20, Offset: 0 }, "ap-guangzhou", who),
  ];
  console.log(`cbs DescribeDisks (100 disks) → ${await answerOf(t, page(small)[0])}, (100,000 disks) → ${await answerOf(t, page(large)[0])}`);
  const s: Measure[] = [];
  const l: Measure[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    s.push(await load(t.endpoint, page(small), SECONDS));
    l.push(await load(t.endpoint, page(large), SECONDS));
  }
  const pick = (ms: Measure[]): Measure => ({ rps: median(ms.map((m) => m.rps)), p99: median(ms.map((m) => m.p99)), errors: ms.reduce((a, m) => a + m.errors, 0) });
  return { small: pick(s), large: pick(l) };
}

async function call(t: Target, action: string, params: object): Promise<Record<string, unknown>> {
  const r = signedRequest(t.hostPort, "kms", "2019-01-18", action, params);
  const res = await fetch(t.endpoint + r.path, { method: r.method, headers: r.headers, body: r.body });
  const json = (await res.json()) as { Response: Record<string, unknown> & { Error?: { Code: string; Message: string } } };
  if (json.Response.Error) throw new Error(`${action}: ${json.Response.Error.Code} ${json.Response.Error.Message}`);
  return json.Response;
}

async function startupMs(): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = Date.now();
    const t = await spawnServer([CLI, "start", "--port", "0", "--in-memory", "--log-level", "warn"]);
    const req = signedRequest(t.hostPort, "kms", "2019-01-18", "ListKeys", {});
    samples.push(await timeUntil(started, async () => (await answerOf(t, req)).length > 0));
    await stop(t);
  }
  return median(samples);
}

async function main(): Promise<void> {
  console.log(`tclocal benchmark: ${ROUNDS} alternating rounds of ${SECONDS} s per target, 32 keep-alive connections, medians`);
  const bare = await spawnServer([join(__dirname, "bare-server.js")]);
  const tclocal = await spawnServer([CLI, "start", "--port", "0", "--in-memory"]);
  const rows: Row[] = [];
  let scale: Scale | null = null;
  try {
    const listKeys = (t: Target) => [signedRequest(t.hostPort, "kms", "2019-01-18", "ListKeys", { Limit: 10 })];
    console.log(`gateway request: kms ListKeys, signed TC3-HMAC-SHA256 → ${await answerOf(tclocal, listKeys(tclocal)[0])}`);
    rows.push(await sideBySide("signed read (kms ListKeys)", bare, tclocal, listKeys));

    // Real cryptography: AES-256-GCM under a CMK created for the run.
    const keyId = await call(tclocal, "CreateKey", { Alias: `bench-${Date.now()}` }).then((r) => r.KeyId as string);
    const plaintext = Buffer.alloc(256, 7).toString("base64");
    const encrypt = (t: Target) => [signedRequest(t.hostPort, "kms", "2019-01-18", "Encrypt", { KeyId: keyId, Plaintext: plaintext })];
    const blob = (await call(tclocal, "Encrypt", { KeyId: keyId, Plaintext: plaintext })).CiphertextBlob as string;
    const decrypt = (t: Target) => [signedRequest(t.hostPort, "kms", "2019-01-18", "Decrypt", { CiphertextBlob: blob })];
    console.log(`kms Encrypt → ${await answerOf(tclocal, encrypt(tclocal)[0])}, Decrypt → ${await answerOf(tclocal, decrypt(tclocal)[0])}`);
    rows.push(await sideBySide("kms Encrypt, 256 bytes", bare, tclocal, encrypt));
    rows.push(await sideBySide("kms Decrypt, 256 bytes", bare, tclocal, decrypt));
    scale = await describeDisksAtScale(tclocal);
  } finally {
    await stop(bare);
    await stop(tclocal);
  }
  console.log("");
  console.log("| scenario | bare node:http | tclocal | ratio |");
  console.log("| --- | --- | --- | ---: |");
  for (const r of rows) {
    console.log(`| ${r.name} | ${fmt(r.bare)} | ${fmt(r.tclocal)} | ${((100 * r.tclocal.rps) / r.bare.rps).toFixed(0)}% |`);
  }
  if (scale) {
    console.log("");
    console.log("| CBS DescribeDisks, first page of 20 | 100 disks in the account | 100,000 disks in the account | ratio |");
    console.log("| --- | --- | --- | ---: |");
    console.log(`| unfiltered, indexed paging | ${fmt(scale.small)} | ${fmt(scale.large)} | ${((100 * scale.large.rps) / scale.small.rps).toFixed(0)}% |`);
  }
  const startup = await startupMs();
  console.log("");
  console.log(`start-up: process start → first answered API call: ${startup} ms (median of 5; goal < 300 ms)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
