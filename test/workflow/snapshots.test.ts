import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { startPostgres, type TestPostgres } from "../helpers/postgres";
import { spawnTclocal, CLI } from "../helpers/process";
import { expectCode, sdk, type Credential } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { bucketName, cosClient, REGION } from "../cos/helpers";

/** State snapshots: one format from any store to any store, all or nothing. */
let pgServer: TestPostgres;
let dir: string;
before(async () => {
  pgServer = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), "tclocal-snapshots-"));
});
after(() => {
  pgServer.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function download(server: TestServer, query = ""): Promise<string> {
  const res = await fetch(`${server.endpoint}/_tclocal/state${query}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/x-ndjson");
  return res.text();
}

async function upload(server: TestServer, body: string | Buffer, merge = false): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.endpoint}/_tclocal/state${merge ? "?merge=true" : ""}`, {
    method: "PUT",
    headers: { "content-type": "application/x-ndjson" },
    body,
  });
  return { status: res.status, body: await res.json() };
}

/** Resources of several products, a sub-user, a temporary credential and a moved clock. */
async function populate(server: TestServer) {
  const acct = (await server.control("POST", "/accounts", { balance: 5000 })) as Credential & { uin: string };
  const kms = sdk("kms", server, { credential: acct });
  const { KeyId } = await kms.CreateKey({ Alias: "snap-key", Description: "in a snapshot" });
  const { CiphertextBlob } = await kms.Encrypt({ KeyId: KeyId!, Plaintext: Buffer.from("secret").toString("base64") });
  const { DiskIdSet } = await sdk("cbs", server, { credential: acct }).CreateDisks({
    Placement: { Zone: "ap-guangzhou-3" },
    DiskChargeType: "POSTPAID_BY_HOUR",
    DiskType: "CLOUD_PREMIUM",
    DiskSize: 50,
    DiskName: "snap-disk",
  });
  const user = await server.control("POST", `/accounts/${acct.uin}/users`, { name: "reader", policy: { version: "2.0", statement: [{ effect: "allow", action: "kms:*", resource: "*" }] } });
  await server.control("POST", "/clock", { advanceSeconds: 3600 });
  return { acct, KeyId: KeyId!, CiphertextBlob: CiphertextBlob!, diskId: DiskIdSet![0], user };
}

async function assertPopulated(server: TestServer, p: Awaited<ReturnType<typeof populate>>) {
  const kms = sdk("kms", server, { credential: p.acct });
  assert.equal((await kms.DescribeKey({ KeyId: p.KeyId })).KeyMetadata!.Alias, "snap-key");
  // The key material came along: a blob encrypted before the snapshot decrypts after it.
  assert.equal(Buffer.from((await kms.Decrypt({ CiphertextBlob: p.CiphertextBlob })).Plaintext!, "base64").toString(), "secret");
  const disks = await sdk("cbs", server, { credential: p.acct }).DescribeDisks({ DiskIds: [p.diskId] });
  assert.equal(disks.DiskSet![0].DiskName, "snap-disk");
  await sdk("kms", server, { credential: { secretId: p.user.secretId, secretKey: p.user.secretKey } }).ListKeys({});
  assert.equal((await server.control("GET", "/clock")).offsetSeconds, 3600);
}

test("a snapshot taken on SQLite imports into PostgreSQL, and back into a new SQLite tclocal", async () => {
  const source = await startTclocal();
  const onPostgres = await startTclocal({ databaseUrl: await pgServer.createDatabase() });
  const back = await startTclocal({ dataDir: join(dir, "back") });
  try {
    const p = await populate(source);
    const snapshot = await download(source);
    const header = JSON.parse(snapshot.split("\n")[0]);
    assert.deepEqual([header.format, header.version, header.clockOffsetMs >= 3_600_000], ["tclocal-state", 1, true]);
    const imported = await upload(onPostgres, snapshot);
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    await assertPopulated(onPostgres, p);
    assert.equal((await upload(back, await download(onPostgres))).status, 200);
    await assertPopulated(back, p);
  } finally {
    await Promise.all([source.stop(), onPostgres.stop(), back.stop()]);
  }
});

test("--with-audit carries the audit trail; without it the trail stays out", async () => {
  const source = await startTclocal();
  const target = await startTclocal();
  try {
    const { RequestId } = await sdk("kms", source).ListKeys({});
    const plain = await download(source);
    assert.ok(!plain.includes(RequestId!));
    const withAudit = await download(source, "?withAudit=true");
    assert.ok(withAudit.includes(RequestId!));
    assert.equal((await upload(target, withAudit)).status, 200);
    const { requests } = await target.control("GET", "/requests?limit=1000");
    assert.ok(requests.some((r: { requestId: string }) => r.requestId === RequestId));
  } finally {
    await Promise.all([source.stop(), target.stop()]);
  }
});

test("a truncated, corrupted, foreign or newer-format file is refused naming what is wrong, and nothing changes", async () => {
  const source = await startTclocal();
  const target = await startTclocal();
  try {
    await populate(source);
    const good = await download(source);
    const { KeyId } = await sdk("kms", target).CreateKey({ Alias: "must-survive" });
    const lines = good.trimEnd().split("\n");
    const cases: [string, string | Buffer, RegExp][] = [
      ["truncated", lines.slice(0, -2).join("\n") + "\n", /truncated: the file ends without its end line/],
      ["cut in a line", good.slice(0, Math.floor(good.length / 2)), /truncated|corrupted/],
      ["corrupted", good.replace("snap-key", "snap-kez"), /corrupted: the checksum in the end line does not match/],
      ["foreign", '{"Response":{"RequestId":"x"}}\n', /not a tclocal state snapshot/],
      ["not JSON", "PK\u0003\u0004 a zip file", /not a tclocal state snapshot: the first line is not its header/],
      ["newer", good.replace('"version":1', '"version":7'), /written by a newer tclocal \(snapshot format 7/],
      ["empty", "", /not a tclocal state snapshot: the file is empty/],
    ];
    for (const [name, body, message] of cases) {
      const r = await upload(target, body);
      assert.equal(r.status, 400, name);
      assert.match(r.body.error, message, name);
    }
    assert.equal((await sdk("kms", target).DescribeKey({ KeyId: KeyId! })).KeyMetadata!.Alias, "must-survive");
    assert.equal((await sdk("kms", target).ListKeys({})).TotalCount, 1);
  } finally {
    await Promise.all([source.stop(), target.stop()]);
  }
});

test("merge adds a disjoint state; the same id on both sides is refused naming it, and nothing changes", async () => {
  const a = await startTclocal();
  const b = await startTclocal();
  try {
    const { KeyId: keyA } = await sdk("kms", a).CreateKey({ Alias: "from-a" });
    const { KeyId: keyB } = await sdk("kms", b).CreateKey({ Alias: "from-b" });
    // The default account and its development credential are on both sides: not a conflict.
    const merged = await upload(b, await download(a), true);
    assert.equal(merged.status, 200, JSON.stringify(merged.body));
    assert.equal(merged.body.imported.merged, true);
    const kms = sdk("kms", b);
    assert.equal((await kms.DescribeKey({ KeyId: keyA! })).KeyMetadata!.Alias, "from-a");
    assert.equal((await kms.DescribeKey({ KeyId: keyB! })).KeyMetadata!.Alias, "from-b");
    // Merging again: every key of A is now on both sides.
    const { KeyId: later } = await kms.CreateKey({ Alias: "after-merge" });
    const conflict = await upload(b, await download(a), true);
    assert.equal(conflict.status, 409);
    assert.match(conflict.body.error, new RegExp(`merge conflict: kms cmk ${keyA} \\(account ${DEFAULT_ACCOUNT.uin}, region ap-guangzhou\\) exists on both sides`));
    assert.equal((await kms.DescribeKey({ KeyId: later! })).KeyMetadata!.Alias, "after-merge");
    assert.equal((await kms.ListKeys({})).TotalCount, 3);
    // Two tclocals that each created account 100000000002: the account is the conflict.
    await a.control("POST", "/accounts", {});
    await b.control("POST", "/accounts", {});
    const accounts = await upload(b, await download(a), true);
    assert.equal(accounts.status, 409);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test("the CLI exports a file readable only by its owner (it holds secret keys); start --load serves it", async () => {
  const source = await spawnTclocal(["--in-memory"]);
  try {
    const kms = sdk("kms", source);
    const { KeyId } = await kms.CreateKey({ Alias: "loaded" });
    const file = join(dir, "cli-state.jsonl.gz");
    execFileSync(process.execPath, [CLI, "state", "export", file, "--endpoint", source.endpoint]);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const loaded = await spawnTclocal(["--in-memory", "--load", file]);
    try {
      assert.equal((await sdk("kms", loaded).DescribeKey({ KeyId: KeyId! })).KeyMetadata!.Alias, "loaded");
    } finally {
      await loaded.stop();
    }
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, readFileSync(file).subarray(0, 20));
    await assert.rejects(spawnTclocal(["--in-memory", "--load", bad]), /--load .*bad\.jsonl: (corrupted|truncated)/);
  } finally {
    await source.stop();
  }
});

test("after an import, keys of the snapshot authenticate and keys it does not hold are refused", async () => {
  const source = await startTclocal();
  const target = await startTclocal();
  try {
    const fromSource = (await source.control("POST", "/accounts", {})) as Credential;
    const onlyTarget = (await target.control("POST", "/accounts", {})) as Credential;
    await sdk("kms", target, { credential: onlyTarget }).ListKeys({});
    assert.equal((await upload(target, await download(source))).status, 200);
    await sdk("kms", target, { credential: fromSource }).ListKeys({});
    await expectCode(sdk("kms", target, { credential: onlyTarget }).ListKeys({}), "AuthFailure.SecretIdNotFound");
  } finally {
    await Promise.all([source.stop(), target.stop()]);
  }
});

/** Rewrites a snapshot's end line after its lines were edited (counts and checksum), as a hand-edited file would. */
function reseal(lines: string[]): string {
  const body = lines.filter((l) => !l.startsWith('{"end":'));
  const count = (prefix: string) => body.filter((l) => l.startsWith(prefix)).length;
  const text = body.join("\n") + "\n";
  const end = { documents: count('{"doc":'), blobs: count('{"blob":'), audit: count('{"audit":'), sha256: createHash("sha256").update(text).digest("hex") };
  return text + JSON.stringify({ end }) + "\n";
}

async function objectText(server: TestServer, Bucket: string, Key: string): Promise<string> {
  return String((await cosClient(server).getObject({ Bucket, Region: REGION, Key })).Body);
}

test("a snapshot holding one document twice is refused as corrupted naming it, and live COS objects keep their bytes", async () => {
  const server = await startTclocal();
  try {
    const cos = cosClient(server);
    const Bucket = bucketName("snapdup");
    await cos.putBucket({ Bucket, Region: REGION });
    await cos.putObject({ Bucket, Region: REGION, Key: "live.txt", Body: "the live bytes" });
    const lines = (await download(server)).trimEnd().split("\n");
    const object = lines.findIndex((l) => l.startsWith('{"doc":') && l.includes('"live.txt"'));
    assert.ok(object > 0, "the object's document is in the snapshot");
    const doc = JSON.parse(lines[object]).doc;
    lines.splice(object + 1, 0, lines[object]);
    const r = await upload(server, reseal(lines));
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.match(r.body.error, new RegExp(`^corrupted: line ${object + 2} repeats ${doc.service} ${doc.kind} `));
    assert.ok(r.body.error.includes(doc.id), r.body.error);
    assert.doesNotMatch(r.body.error, /merge/);
    assert.equal(await objectText(server, Bucket, "live.txt"), "the live bytes");
    // The untouched snapshot still imports, over the same live blobs.
    assert.equal((await upload(server, reseal(lines.filter((_, i) => i !== object + 1)))).status, 200);
    assert.equal(await objectText(server, Bucket, "live.txt"), "the live bytes");
  } finally {
    await server.stop();
  }
});

test("when the document transaction fails, a replace import leaves every live blob as it was and removes what it wrote", async () => {
  const server = await startTclocal();
  try {
    const cos = cosClient(server);
    const Bucket = bucketName("snaprollback");
    await cos.putBucket({ Bucket, Region: REGION });
    await cos.putObject({ Bucket, Region: REGION, Key: "same.txt", Body: "same bytes" });
    await cos.putObject({ Bucket, Region: REGION, Key: "other.txt", Body: "live bytes" });
    const lines = (await download(server)).trimEnd().split("\n");
    const liveKeys = new Set<string>();
    for await (const key of server.app.blobs.keys()) liveKeys.add(key);
    // The snapshot's blob of other.txt gets other bytes of the same size under the same key.
    const blobOf = (body: string) => lines.findIndex((l, i) => l.startsWith('{"data":') && Buffer.from(JSON.parse(l).data, "base64").toString() === body && lines[i - 1].startsWith('{"blob":'));
    const other = blobOf("live bytes");
    const otherKey = JSON.parse(lines[other - 1]).blob.key as string;
    lines[other] = JSON.stringify({ data: Buffer.from("snap bytes").toString("base64") });
    // And one blob the live state does not hold.
    const end = lines.length - 1;
    lines.splice(end, 0, JSON.stringify({ blob: { key: "cos/only-in-the-snapshot", size: 3 } }), JSON.stringify({ data: Buffer.from("new").toString("base64") }));
    const edited = reseal(lines);

    // The database fails during the import's transaction (a PostgreSQL gone away, a full disk).
    const transaction = server.app.store.transaction.bind(server.app.store);
    server.app.store.transaction = (async () => {
      throw new Error("simulated database failure");
    }) as typeof transaction;
    let refused;
    try {
      refused = await upload(server, edited);
    } finally {
      server.app.store.transaction = transaction;
    }
    assert.notEqual(refused.status, 200);
    assert.equal(await objectText(server, Bucket, "same.txt"), "same bytes");
    assert.equal(await objectText(server, Bucket, "other.txt"), "live bytes");
    const after = new Set<string>();
    for await (const key of server.app.blobs.keys()) after.add(key);
    assert.deepEqual([...after].sort(), [...liveKeys].sort(), "no staged or new blob is left, none is missing");

    // The same import, committed: the staged bytes are moved under their key.
    assert.equal((await upload(server, edited)).status, 200);
    const read = async (key: string) => {
      const chunks: Buffer[] = [];
      for await (const c of (await server.app.blobs.read(key))!) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString();
    };
    assert.equal(await read(otherKey), "snap bytes");
    assert.equal(await read("cos/only-in-the-snapshot"), "new");
    assert.equal(await objectText(server, Bucket, "same.txt"), "same bytes");
    const final: string[] = [];
    for await (const key of server.app.blobs.keys()) final.push(key);
    assert.ok(!final.some((k) => k.startsWith("_tclocal-import/")), final.join(", "));
  } finally {
    await server.stop();
  }
});
