import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { test } from "node:test";

const CLI = join(__dirname, "..", "..", "tclocal.js"); // the bundled `tclocal` bin (npm run build)

/** Starts `tclocal start ...` and resolves with its first stdout line. */
function start(args: string[], env: Record<string, string> = {}): { child: ChildProcess; line: Promise<string> } {
  const child = spawn(process.execPath, [CLI, "start", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const line = new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once("exit", (code) => reject(new Error(`exited ${code} before printing its endpoint`)));
  });
  return { child, line };
}

test("tclocal start prints one line with the endpoint, serves health, and stops cleanly on SIGTERM and SIGINT", async () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    const { child, line } = start(["--port", "0", "--in-memory", "--log-level", "silent"]);
    const first = await line;
    const m = /^tclocal listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first);
    assert.ok(m, first);
    const health = await fetch(`${m[1]}/_tclocal/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, "ok");
    child.kill(signal);
    const [code] = await once(child, "exit");
    assert.equal(code, 0);
  }
});

test("TCLOCAL_PORT and TCLOCAL_HOST configure the listener; flags win over the environment", async () => {
  const { child, line } = start(["--log-level", "silent", "--in-memory"], { TCLOCAL_PORT: "0", TCLOCAL_HOST: "127.0.0.1" });
  assert.match(await line, /^tclocal listening on http:\/\/127\.0\.0\.1:\d+$/);
  child.kill("SIGTERM");
  await once(child, "exit");
});

test("binding a non-loopback address without --admin-token is refused", async () => {
  const child = spawn(process.execPath, [CLI, "start", "--host", "0.0.0.0", "--port", "0", "--in-memory"], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const [code] = await once(child, "exit");
  assert.notEqual(code, 0);
  assert.match(err, /admin-token/);
});

test("with --admin-token, control routes need the bearer token; health stays open", async () => {
  const { child, line } = start(["--host", "0.0.0.0", "--port", "0", "--in-memory", "--log-level", "silent", "--admin-token", "s3cret"]);
  const port = /:(\d+)$/.exec(await line)![1];
  const base = `http://127.0.0.1:${port}/_tclocal`;
  assert.equal((await fetch(`${base}/health`)).status, 200);
  assert.equal((await fetch(`${base}/clock`)).status, 401);
  assert.equal((await fetch(`${base}/clock`, { headers: { authorization: "Bearer wrong" } })).status, 401);
  assert.equal((await fetch(`${base}/clock`, { headers: { authorization: "Bearer s3cret" } })).status, 200);
  child.kill("SIGTERM");
  await once(child, "exit");
});

test("with --tls-cert/--tls-key it serves HTTPS, for clients that only speak HTTPS (tccli)", async () => {
  const fixtures = join(__dirname, "..", "..", "..", "test", "fixtures");
  const { child, line } = start([
    "--port", "0", "--in-memory", "--log-level", "silent",
    "--tls-cert", join(fixtures, "tls-cert.pem"), "--tls-key", join(fixtures, "tls-key.pem"),
  ]);
  const m = /^tclocal listening on https:\/\/(127\.0\.0\.1:\d+)$/.exec(await line);
  assert.ok(m);
  const { Agent } = await import("node:https");
  const { readFileSync } = await import("node:fs");
  const agent = new Agent({ ca: readFileSync(join(fixtures, "tls-cert.pem")), servername: "localhost" });
  const { Client } = await import("tencentcloud-sdk-nodejs/tencentcloud/services/kms/v20190118/kms_client");
  const kms = new Client({
    credential: { secretId: "AKIDtclocal0000000000000000000000000", secretKey: "tclocalDefaultSecretKey000000000" },
    region: "ap-guangzhou",
    profile: { httpProfile: { endpoint: m[1], protocol: "https://", agent } },
  });
  await assert.rejects(kms.Encrypt({ KeyId: "k" } as never), (e: { code?: string }) => e.code === "MissingParameter");
  child.kill("SIGTERM");
  await once(child, "exit");
});

test("a --database-url that is not a usable postgres:// URL is a usage error (exit 2) at once, never echoing the password", async () => {
  const { spawnSync } = await import("node:child_process");
  for (const [url, message] of [
    ["postgres://u:hunter2@db:99999/tclocal", /not a valid URL/],
    ["mysql://u:hunter2@db:3306/tclocal", /must be a postgres:\/\/ URL/],
  ] as const) {
    const r = spawnSync(process.execPath, [CLI, "start", "--port", "0", "--database-url", url], { encoding: "utf8", timeout: 20_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr + r.stdout, /hunter2/);
  }
});
