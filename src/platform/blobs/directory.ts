import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { checkBlobKey, type BlobStore } from "./blob-store";

/** Blobs as files under a directory; a write goes to a temporary file renamed into place when complete. */
export class DirectoryBlobStore implements BlobStore {
  readonly kind = "directory" as const;

  constructor(readonly location: string) {}

  private path(key: string): string {
    checkBlobKey(key);
    return join(this.location, ...key.split("/"));
  }

  async write(key: string, source: AsyncIterable<Buffer | Uint8Array> | Buffer): Promise<{ size: number }> {
    const target = this.path(key);
    const temporary = join(this.location, ".incoming", randomUUID());
    await mkdir(dirname(temporary), { recursive: true });
    let size = 0;
    const counted = (async function* () {
      for await (const chunk of Buffer.isBuffer(source) ? [source] : source) {
        size += chunk.length;
        yield chunk;
      }
    })();
    try {
      await pipeline(Readable.from(counted), createWriteStream(temporary));
      await mkdir(dirname(target), { recursive: true });
      await rename(temporary, target);
    } catch (e) {
      await rm(temporary, { force: true });
      throw e;
    }
    return { size };
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable | undefined> {
    const file = this.path(key);
    if ((await this.size(key)) === undefined) return undefined;
    return createReadStream(file, range);
  }

  async size(key: string): Promise<number | undefined> {
    try {
      const s = await stat(this.path(key));
      return s.isFile() ? s.size : undefined;
    } catch {
      return undefined;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async *keys(prefix = ""): AsyncIterable<string> {
    const walk = async function* (dir: string, root: string): AsyncIterable<string> {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (e.name === ".incoming") continue;
        const full = join(dir, e.name);
        if (e.isDirectory()) yield* walk(full, root);
        else yield relative(root, full).split(sep).join("/");
      }
    };
    for await (const key of walk(this.location, this.location)) if (key.startsWith(prefix)) yield key;
  }

  async wipe(prefix = ""): Promise<void> {
    if (!prefix) {
      await rm(this.location, { recursive: true, force: true });
      return;
    }
    for await (const key of this.keys(prefix)) await this.delete(key);
  }

  async close(): Promise<void> {}
}
