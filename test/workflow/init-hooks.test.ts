import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { spawnTclocal } from "../helpers/process";
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
  const server = await spawnTclocal(["--in-memory", "--init-dir", dir]);
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
