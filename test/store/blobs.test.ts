import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import pino from "pino";
import type { BlobStore } from "../../src/platform/blobs/blob-store";
import { DirectoryBlobStore } from "../../src/platform/blobs/directory";
import { PART_BYTES } from "../../src/platform/blobs/postgres";
import { PostgresStore } from "../../src/platform/store/postgres";
import { startPostgres, type TestPostgres } from "../helpers/postgres";

let pgServer: TestPostgres;
const dirs: string[] = [];
before(async () => {
  pgServer = await startPostgres();
});
after(() => {
  pgServer.destroy();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function bytesOf(r: Readable | undefined): Promise<Buffer> {
  assert.ok(r, "no blob");
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function* chunked(data: Buffer, size: number, failAfter?: number): AsyncIterable<Buffer> {
  for (let i = 0; i < data.length; i += size) {
    if (failAfter !== undefined && i >= failAfter) throw new Error("the client went away");
    yield data.subarray(i, i + size);
  }
}

const kinds: [string, () => Promise<{ blobs: BlobStore; close: () => Promise<void> }>][] = [
  [
    "directory",
    async () => {
      const d = mkdtempSync(join(tmpdir(), "tclocal-blobs-test-"));
      dirs.push(d);
      return { blobs: new DirectoryBlobStore(d), close: async () => {} };
    },
  ],
  [
    "database",
    async () => {
      const store = await PostgresStore.open({ url: await pgServer.createDatabase(), waitSeconds: 5, logger: pino({ level: "silent" }) });
      return { blobs: store.blobStore(), close: () => store.close() };
    },
  ],
];

for (const [name, open] of kinds) {
  describe(`blob store in a ${name}`, () => {
    test("streams in and out, ranges across parts, sizes, keys, delete and wipe", async () => {
      const { blobs, close } = await open();
      try {
        const data = Buffer.alloc(PART_BYTES * 2 + 12345);
        for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
        assert.deepEqual(await blobs.write("cos/a", chunked(data, 64 * 1024)), { size: data.length });
        assert.equal(await blobs.size("cos/a"), data.length);
        assert.ok((await bytesOf(await blobs.read("cos/a"))).equals(data));
        const range = { start: PART_BYTES - 10, end: PART_BYTES * 2 + 5 };
        assert.ok((await bytesOf(await blobs.read("cos/a", range))).equals(data.subarray(range.start, range.end + 1)));
        await blobs.write("cos/empty", Buffer.alloc(0));
        assert.equal(await blobs.size("cos/empty"), 0);
        assert.equal((await bytesOf(await blobs.read("cos/empty"))).length, 0);
        await blobs.write("other/x", Buffer.from("x"));
        const keys: string[] = [];
        for await (const k of blobs.keys()) keys.push(k);
        assert.deepEqual(keys.sort(), ["cos/a", "cos/empty", "other/x"]);
        await blobs.delete("cos/a");
        assert.equal(await blobs.read("cos/a"), undefined);
        await blobs.wipe("cos/");
        assert.equal(await blobs.size("cos/empty"), undefined);
        assert.equal(await blobs.size("other/x"), 1);
        await blobs.wipe();
        assert.equal(await blobs.size("other/x"), undefined);
      } finally {
        await close();
      }
    });

    test("a write that fails midway leaves nothing, and does not replace the blob it was replacing", async () => {
      const { blobs, close } = await open();
      try {
        await blobs.write("cos/k", Buffer.from("old"));
        await assert.rejects(blobs.write("cos/k", chunked(Buffer.alloc(PART_BYTES * 2), 256 * 1024, PART_BYTES + 1)), /went away/);
        assert.equal((await bytesOf(await blobs.read("cos/k"))).toString(), "old");
        const keys: string[] = [];
        for await (const k of blobs.keys()) keys.push(k);
        assert.deepEqual(keys, ["cos/k"]);
        await assert.rejects(blobs.read("../etc/passwd"), /invalid blob key/);
      } finally {
        await close();
      }
    });
  });
}
