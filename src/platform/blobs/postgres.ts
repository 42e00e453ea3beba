import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type pg from "pg";
import { guarded } from "../store/pg-client";
import { checkBlobKey, type BlobStore } from "./blob-store";

/** Each blob is stored as rows of this many bytes (the last one shorter). */
export const PART_BYTES = 1024 * 1024;
const INCOMING = ".incoming/";

/**
 * Blobs in the database (PostgreSQL without --shared-dir): every replica reaches them. A write streams parts
 * under a temporary key, then one transaction replaces the blob; a failed write deletes its parts.
 */
export class PostgresBlobStore implements BlobStore {
  readonly kind = "database" as const;

  constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
  ) {}

  async write(key: string, source: AsyncIterable<Buffer | Uint8Array> | Buffer): Promise<{ size: number }> {
    checkBlobKey(key);
    const temporary = INCOMING + randomUUID();
    let size = 0;
    let part = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const store = async (data: Buffer) => {
      await this.pool.query("INSERT INTO blobs (key, part, data) VALUES ($1, $2, $3)", [temporary, part++, data]);
    };
    try {
      for await (const chunk of Buffer.isBuffer(source) ? [source] : source) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        size += buf.length;
        pending.push(buf);
        pendingBytes += buf.length;
        while (pendingBytes >= PART_BYTES) {
          const all = Buffer.concat(pending);
          await store(all.subarray(0, PART_BYTES));
          pending = [all.subarray(PART_BYTES)];
          pendingBytes = pending[0].length;
        }
      }
      if (pendingBytes > 0 || part === 0) await store(Buffer.concat(pending));
      const client = guarded(await this.pool.connect());
      try {
        await client.query("BEGIN");
        await client.query("DELETE FROM blobs WHERE key = $1", [key]);
        await client.query("UPDATE blobs SET key = $1 WHERE key = $2", [key, temporary]);
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    } catch (e) {
      await this.pool.query("DELETE FROM blobs WHERE key = $1", [temporary]).catch(() => {});
      throw e;
    }
    return { size };
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable | undefined> {
    checkBlobKey(key);
    const size = await this.size(key);
    if (size === undefined) return undefined;
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? size - 1, size - 1);
    const pool = this.pool;
    async function* parts(): AsyncIterable<Buffer> {
      for (let p = Math.floor(start / PART_BYTES); p * PART_BYTES <= end; p++) {
        const { rows } = await pool.query<{ data: Buffer }>("SELECT data FROM blobs WHERE key = $1 AND part = $2", [key, p]);
        if (!rows[0]) return;
        const offset = p * PART_BYTES;
        yield rows[0].data.subarray(Math.max(0, start - offset), Math.min(rows[0].data.length, end - offset + 1));
      }
    }
    return Readable.from(parts());
  }

  async size(key: string): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ n: string; bytes: string | null }>(
      "SELECT count(*) AS n, sum(octet_length(data)) AS bytes FROM blobs WHERE key = $1",
      [key],
    );
    return Number(rows[0].n) ? Number(rows[0].bytes ?? 0) : undefined;
  }

  async delete(key: string): Promise<void> {
    await this.pool.query("DELETE FROM blobs WHERE key = $1", [key]);
  }

  async *keys(prefix = ""): AsyncIterable<string> {
    const { rows } = await this.pool.query<{ key: string }>(
      "SELECT DISTINCT key FROM blobs WHERE starts_with(key, $1) AND NOT starts_with(key, $2) ORDER BY key",
      [prefix, INCOMING],
    );
    for (const r of rows) yield r.key;
  }

  async wipe(prefix = ""): Promise<void> {
    await this.pool.query("DELETE FROM blobs WHERE starts_with(key, $1)", [prefix]);
  }

  async close(): Promise<void> {}
}
