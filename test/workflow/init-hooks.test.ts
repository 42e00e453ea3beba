import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { spawn } from "node:child_process";
import { get } from "node:http";
import { freePort } from "../helpers/postgres";
import { CLI, spawnTclocal } from "../helpers/process";
import { sdk } from "../helpers/sdk";

/** --init-dir: ready.d hooks and seed files once listening, shutdown.d on SIGTERM, readiness in health. */
let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), "tclocal-init-"));
});
after(() => rmSync(root, { recursive: true, force: true }));

function initDir(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

async function waitReady(endpoint: string): Promise<any> {
  for (let i = 0; i < 200; i++) {
    const h = (await (await fetch(`${endpoint}/_tclocal/health`)).json()) as { ready: boolean };
    if (h.ready) return h;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("never ready");
}

test("seed files run through the real pipeline in name order, with references to earlier answers; scripts get the endpoint and credential", async () => {
  const out = join(root, "env.txt");
  const dir = initDir("ok", {
    "ready.d/10-keys.json": JSON.stringify([
      { service: "kms", action: "CreateKey", params: { Alias: "seeded", Description: "from a seed file" } },
      { service: "kms", action: "UpdateKeyDescription", params: { KeyId: "${0.KeyId}", Description: "key ${0.KeyId}" } },
      { service: "cbs", action: "CreateDisks", region: "ap-shanghai", params: { Placement: { Zone: "ap-shanghai-2" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_SSD", DiskSize: 100 } },
      { service: "cbs", action: "ModifyDiskAttributes", region: "ap-shanghai", params: { DiskIds: ["${2.DiskIdSet.0}"], DiskName: "seeded-disk" } },
    ]),
    "ready.d/20-env.sh": `echo "$TCLOCAL_ENDPOINT $TCLOCAL_HOST_PORT $TENCENTCLOUD_SECRET_ID $TENCENTCLOUD_REGION" > ${out}\n`,
    "ready.d/30-check.mjs": `const r = await fetch(process.env.TCLOCAL_ENDPOINT + "/_tclocal/health"); if (!r.ok) process.exit(3);\n`,
  });
  const server = await spawnTclocal(["--in-memory", "--init-dir", dir], { TENCENTCLOUD_SECRET_ID: "", TENCENTCLOUD_SECRET_KEY: "", TENCENTCLOUD_REGION: "" });
  try {
    const health = await waitReady(server.endpoint);
    assert.equal(health.initErrors, undefined);
    const [endpoint, hostPort, secretId, region] = readFileSync(out, "utf8").trim().split(" ");
    assert.deepEqual([endpoint, hostPort, secretId, region], [server.endpoint, server.hostPort, "AKIDtclocal0000000000000000000000000", "ap-guangzhou"]);
    const keys = await sdk("kms", server).ListKeyDetail({});
    assert.equal(keys.KeyMetadatas![0].Description, `key ${keys.KeyMetadatas![0].KeyId}`);
    const disks = await sdk("cbs", server, { region: "ap-shanghai" }).DescribeDisks({});
    assert.equal(disks.DiskSet![0].DiskName, "seeded-disk");
    // Seeded calls are calls: they are in the audit trail like any other.
    const { requests } = await server.control("GET", "/requests?service=kms&action=CreateKey");
    assert.equal(requests.length, 1);
  } finally {
    await server.stop();
  }
});

test("a failing hook is named in health with its output; the rest still run; shutdown.d runs on SIGTERM", async () => {
  const marker = join(root, "shutdown.txt");
  const dir = initDir("failing", {
    "ready.d/10-bad.sh": "echo 'something is wrong' >&2\nexit 4\n",
    "ready.d/20-bad-seed.json": JSON.stringify([{ service: "kms", action: "DescribeKey", params: { KeyId: "missing" } }]),
    "ready.d/30-fine.sh": "exit 0\n",
    "shutdown.d/10-bye.sh": `echo bye > ${marker}\n`,
  });
  const server = await spawnTclocal(["--in-memory", "--init-dir", dir]);
  const health = await waitReady(server.endpoint);
  assert.equal(health.initErrors.length, 2);
  assert.match(health.initErrors[0], /ready\.d\/10-bad\.sh: exited with 4; output:\nsomething is wrong/);
  assert.match(health.initErrors[1], /ready\.d\/20-bad-seed\.json: 20-bad-seed\.json: call 0 \(kms\.DescribeKey\) failed: InvalidParameterValue\.InvalidKeyId/);
  assert.match(server.stderr(), /init: ready\.d\/30-fine\.sh: ok/);
  assert.equal(await server.stop(), 0);
  assert.equal(readFileSync(marker, "utf8"), "bye\n");
});

test("--init-strict stops the server with a non-zero exit when a ready hook fails", async () => {
  const dir = initDir("strict", { "ready.d/10-bad.sh": "exit 1\n", "ready.d/20-never.sh": `touch ${join(root, "never")}\n` });
  const server = await spawnTclocal(["--in-memory", "--init-dir", dir, "--init-strict"]);
  const code = await new Promise<number | null>((resolve) => server.child.once("exit", (c) => resolve(c)));
  assert.equal(code, 1);
  assert.match(server.stderr(), /ready hook\(s\) failed \(--init-strict\)/);
  assert.equal(existsSync(join(root, "never")), false);
});

test("health says ready: false while ready hooks run", async () => {
  const gate = join(root, "gate");
  const dir = initDir("slow", { "ready.d/10-wait.sh": `while [ ! -e ${gate} ]; do sleep 0.05; done\n` });
  chmodSync(join(dir, "ready.d/10-wait.sh"), 0o755);
  const server = await spawnTclocal(["--in-memory", "--init-dir", dir]);
  try {
    assert.equal((await server.control("GET", "/health")).ready, false);
    writeFileSync(gate, "");
    assert.equal((await waitReady(server.endpoint)).ready, true);
  } finally {
    await server.stop();
  }
});

/** One health answer over a connection of its own (so node:cluster may hand it to any worker), or null when refused. */
function healthOnce(port: number): Promise<{ ready: boolean; replicaId: string } | null> {
  return new Promise((resolve) => {
    const req = get({ host: "127.0.0.1", port, path: "/_tclocal/health", agent: false }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve(JSON.parse(body)));
    });
    req.on("error", () => resolve(null));
  });
}

test("with --workers 2, no worker says ready: true before the ready hooks finished", async () => {
  const done = join(root, "workers-hook-done");
  const dir = initDir("workers", { "ready.d/10-slow.sh": `sleep 1.5\ntouch ${done}\n` });
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, "start", "--port", String(port), "--in-memory", "--workers", "2", "--log-level", "silent", "--init-dir", dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    const notReady = new Set<string>();
    let answers = 0;
    for (let i = 0; i < 2000; i++) {
      const h = await healthOnce(port);
      if (h) {
        answers++;
        // The hook touches its file as its last step: any ready: true must come after it.
        if (h.ready) {
          assert.ok(existsSync(done), "health said ready: true before the ready hook finished");
          break;
        }
        notReady.add(h.replicaId);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.ok(existsSync(done), "the hook ran");
    assert.ok(answers > 10, `health answered ${answers} times before ready`);
    assert.equal(notReady.size, 2, "both workers answered ready: false while the hook ran");
    // Once ready, every worker says so (each learns it from the primary a moment apart).
    await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < 10; i++) assert.equal((await healthOnce(port))?.ready, true);
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
});

test("hooks keep the credential and region set in tclocal's environment, and reach a wildcard bind on loopback", async () => {
  const out = join(root, "env-own.txt");
  const dir = initDir("own-env", {
    "ready.d/10-env.sh": `echo "$TCLOCAL_ENDPOINT $TCLOCAL_HOST_PORT $TENCENTCLOUD_SECRET_ID $TENCENTCLOUD_SECRET_KEY $TENCENTCLOUD_REGION" > ${out}\n`,
    "ready.d/20-reach.mjs": `const r = await fetch(process.env.TCLOCAL_ENDPOINT + "/_tclocal/health"); if (r.status !== 200) process.exit(3);\n`,
  });
  const env = { TENCENTCLOUD_SECRET_ID: "AKIDmyOwnKey", TENCENTCLOUD_SECRET_KEY: "myOwnSecret", TENCENTCLOUD_REGION: "ap-shanghai" };
  const server = await spawnTclocal(["--in-memory", "--host", "0.0.0.0", "--insecure-open-control-api", "--init-dir", dir], env);
  try {
    assert.match(server.endpoint, /^http:\/\/0\.0\.0\.0:\d+$/);
    const port = server.endpoint.split(":").pop();
    const health = await waitReady(`http://127.0.0.1:${port}`);
    const [endpoint, hostPort, secretId, secretKey, region] = readFileSync(out, "utf8").trim().split(" ");
    assert.deepEqual([endpoint, hostPort, secretId, secretKey, region], [`http://127.0.0.1:${port}`, `127.0.0.1:${port}`, "AKIDmyOwnKey", "myOwnSecret", "ap-shanghai"]);
    assert.equal(health.initErrors, undefined, JSON.stringify(health.initErrors));
  } finally {
    await server.stop();
  }
});

test("with --admin-token given as a flag, hooks get TCLOCAL_ADMIN_TOKEN and the tclocal client commands work in them", async () => {
  const dir = initDir("admin-token", {
    "ready.d/10-clock.sh": `"${process.execPath}" "${CLI}" clock advance 2h\n`,
  });
  const server = await spawnTclocal(["--in-memory", "--admin-token", "s3cret-flag", "--init-dir", dir], { TCLOCAL_ADMIN_TOKEN: "" });
  try {
    const health = await waitReady(server.endpoint);
    assert.equal(health.initErrors, undefined, JSON.stringify(health.initErrors));
    const clock = await (await fetch(`${server.endpoint}/_tclocal/clock`, { headers: { authorization: "Bearer s3cret-flag" } })).json();
    assert.equal((clock as { offsetSeconds: number }).offsetSeconds, 7200);
  } finally {
    await server.stop();
  }
});
