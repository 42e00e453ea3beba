import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { sdk } from "../helpers/sdk";

/**
 * What the container image runs, without a container engine (none runs on the project's machines): the
 * production install of the Dockerfile's runtime stage (`npm ci --omit=dev`, better-sqlite3 compiled, the
 * bundle and the specs) in a clean copy, started with the Dockerfile's own ENV, ENTRYPOINT and CMD.
 */
const repo = join(__dirname, "..", "..", "..");
let root: string;
let app: string;
const gate = () => join(root, "gate");

interface Image {
  env: Record<string, string>;
  command: string[];
  healthcheck: string[];
}

/** The Dockerfile's runtime ENV, ENTRYPOINT + CMD and HEALTHCHECK, with its paths moved under `root`. */
function image(): Image {
  const text = readFileSync(join(repo, "Dockerfile"), "utf8").replace(/\\\n\s*/g, " ");
  const runtime = text.slice(text.lastIndexOf("\nFROM "));
  const move = (s: string) => s.replace("/opt/tclocal", app).replace("/var/lib/tclocal", join(root, "data")).replace("/etc/tclocal/init", join(root, "init"));
  const env: Record<string, string> = {};
  for (const m of runtime.matchAll(/^ENV (.+)$/gm)) for (const [, k, v] of m[1].matchAll(/(\w+)=(\S+)/g)) env[k] = move(v);
  const json = (directive: string) => JSON.parse(new RegExp(`^${directive} .*?(\\[.*\\])$`, "m").exec(runtime)![1]) as string[];
  return { env, command: [...json("ENTRYPOINT"), ...json("CMD")].map(move), healthcheck: json("HEALTHCHECK")[0] === "CMD" ? json("HEALTHCHECK").slice(1) : json("HEALTHCHECK") };
}

before(() => {
  root = mkdtempSync(join(tmpdir(), "tclocal-production-"));
  app = join(root, "opt");
  mkdirSync(app);
  for (const f of ["package.json", "package-lock.json", ".npmrc", ".prebuild-installrc"]) cpSync(join(repo, f), join(app, f));
  // The runtime stage's install: production dependencies only, nothing downloaded but npm packages.
  execFileSync("npm", ["ci", "--omit=dev", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: app, stdio: "pipe" });
  execFileSync("npm", ["rebuild", "better-sqlite3"], { cwd: app, stdio: "pipe" });
  mkdirSync(join(app, "dist"));
  cpSync(join(repo, "dist", "tclocal.js"), join(app, "dist", "tclocal.js"));
  cpSync(join(repo, "dist", "ui"), join(app, "dist", "ui"), { recursive: true });
  cpSync(join(repo, "src", "generated", "specs"), join(app, "src", "generated", "specs"), { recursive: true });
  mkdirSync(join(root, "data"));
  mkdirSync(join(root, "init", "ready.d"), { recursive: true });
  writeFileSync(join(root, "init", "ready.d", "10-key.json"), JSON.stringify([{ service: "kms", action: "CreateKey", params: { Alias: "from-the-image" } }]));
  // A ready hook that waits for the test to open its gate (30 s at most): the HEALTHCHECK must fail until it finished.
  writeFileSync(join(root, "init", "ready.d", "20-gate.sh"), `for i in $(seq 600); do [ -e ${gate()} ] && exit 0; sleep 0.05; done\n`);
});
after(() => rmSync(root, { recursive: true, force: true }));

function run(env: Record<string, string>): Promise<{ endpoint?: string; stderr: () => string; stop: () => Promise<number | null>; exited: Promise<number | null> }> {
  const { command } = image();
  const child = spawn(command[0] === "node" ? process.execPath : command[0], command.slice(1), { env: { PATH: process.env.PATH!, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ endpoint: m[1], stderr: () => err, exited, stop: () => (child.kill("SIGTERM"), exited) });
    });
    void exited.then(() => resolve({ stderr: () => err, exited, stop: () => exited }));
  });
}

test("the image's production install starts from its ENV, answers the SDK, runs its init dir, and passes its HEALTHCHECK once ready", async () => {
  const { env, healthcheck } = image();
  assert.equal(env.TCLOCAL_HOST, "0.0.0.0");
  const server = await run({ ...env, TCLOCAL_PORT: "0", TCLOCAL_ADMIN_TOKEN: "t0ken" });
  assert.ok(server.endpoint, server.stderr());
  const port = new URL(server.endpoint).port;
  const runHealthcheck = () => spawnSync(process.execPath, healthcheck.slice(1), { env: { ...process.env, TCLOCAL_PORT: port } });
  try {
    // Listening, answering health, but its ready hooks still running: unhealthy.
    const early = (await (await fetch(`http://127.0.0.1:${port}/_tclocal/health`)).json()) as { ready: boolean };
    assert.equal(early.ready, false);
    assert.equal(runHealthcheck().status, 1, "the HEALTHCHECK fails while the ready hooks run");
    writeFileSync(gate(), "");
    const local = { hostPort: `127.0.0.1:${port}` };
    let ready = false;
    for (let i = 0; i < 100 && !ready; i++) {
      ready = ((await (await fetch(`http://${local.hostPort}/_tclocal/health`)).json()) as { ready: boolean }).ready;
      if (!ready) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal((await sdk("kms", local).ListKeys({})).TotalCount, 1, "the init dir's seed file ran");
    assert.equal((await fetch(`http://${local.hostPort}/_tclocal/clock`)).status, 401);
    assert.equal((await fetch(`http://${local.hostPort}/_tclocal/clock`, { headers: { authorization: "Bearer t0ken" } })).status, 200);
    const console = await fetch(`http://${local.hostPort}/_tclocal/ui/`);
    assert.equal(console.status, 200, "the web console is in the image");
    assert.match(await console.text(), /<script/);
    assert.ok(ready);
    const check = runHealthcheck();
    assert.equal(check.status, 0, String(check.stderr));
  } finally {
    writeFileSync(gate(), "");
    assert.equal(await server.stop(), 0);
  }
});

test("inside the image, no admin token means no start, unless the open control API is asked for, loudly", async () => {
  const { env } = image();
  const refused = await run({ ...env, TCLOCAL_PORT: "0" });
  assert.equal(refused.endpoint, undefined);
  assert.notEqual(await refused.exited, 0);
  assert.match(refused.stderr(), /refusing to bind 0\.0\.0\.0 without --admin-token/);
  const open = await run({ ...env, TCLOCAL_PORT: "0", TCLOCAL_INSECURE_OPEN_CONTROL_API: "1" });
  try {
    assert.ok(open.endpoint);
    assert.match(open.stderr(), /WARNING: the control API is open to the network/);
    const port = new URL(open.endpoint).port;
    // Any Host is accepted: another container reaches it by its service name.
    const r = await fetch(`http://127.0.0.1:${port}/_tclocal/clock`, { headers: { host: `tclocal:${port}` } });
    assert.equal(r.status, 200);
  } finally {
    await open.stop();
  }
});
