import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startPostgres, type TestPostgres } from "../helpers/postgres";
import { spawnTclocal, type TclocalProcess } from "../helpers/process";
import { bucketName, cosClient, cosCode, REGION } from "./helpers";

/**
 * Object bytes are reachable from every replica: two tclocal processes on one PostgreSQL database, with the
 * bytes in the database itself, then in a --shared-dir both mount.
 */
let pg: TestPostgres;
let dir: string;
const started: TclocalProcess[] = [];

before(async () => {
  pg = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), "tclocal-cos-shared-"));
});
after(async () => {
  await Promise.all(started.map((r) => r.stop()));
  pg.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function pair(args: string[]): Promise<TclocalProcess[]> {
  const url = await pg.createDatabase();
  const replicas = await Promise.all([0, 1].map(() => spawnTclocal(["--database-url", url, ...args])));
  started.push(...replicas);
  return replicas;
}

for (const [label, args] of [
  ["bytes in the database", []],
  ["bytes in a shared directory", () => ["--shared-dir", dir]],
] as const) {
  test(`an object written through one replica is read, listed and deleted through the other (${label})`, async () => {
    const [a, b] = await pair(typeof args === "function" ? args() : [...args]);
    const health = await a.control("GET", "/health");
    assert.equal(health.blobs.kind, label.includes("database") ? "database" : "directory");
    const viaA = cosClient(a);
    const viaB = cosClient(b);
    const Bucket = bucketName("replicated");
    await viaA.putBucket({ Bucket, Region: REGION });
    const data = randomBytes(3 * 1024 * 1024 + 17);
    await viaA.putObject({ Bucket, Region: REGION, Key: "shared.bin", Body: data });
    const got = await viaB.getObject({ Bucket, Region: REGION, Key: "shared.bin" });
    assert.ok(got.Body.equals(data));
    const part = await viaB.getObject({ Bucket, Region: REGION, Key: "shared.bin", Range: "bytes=1048570-1048590" });
    assert.ok(part.Body.equals(data.subarray(1048570, 1048591)));
    assert.deepEqual((await viaB.getBucket({ Bucket, Region: REGION })).Contents.map((c) => c.Key), ["shared.bin"]);
    await viaB.deleteObject({ Bucket, Region: REGION, Key: "shared.bin" });
    assert.equal((await cosCode(viaA.headObject({ Bucket, Region: REGION, Key: "shared.bin" }))).statusCode, 404);
  });
}
