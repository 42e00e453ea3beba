import type { Readable } from "node:stream";

/**
 * Bytes too large for documents (COS object data, uploaded parts), kept by key beside the store: in a
 * directory (the data dir's `blobs/`, or the --shared-dir every replica mounts) or, on PostgreSQL without a
 * shared directory, in the database itself. A product keeps the key in one of its documents; bytes are
 * streamed in and out, never held whole in memory.
 */
export interface BlobStore {
  readonly kind: "directory" | "database";
  /** Where the bytes are (a directory, or the database), for health and logs. */
  readonly location: string;
  /**
   * Writes a blob from a stream, all or nothing: a failed or aborted write leaves no blob and no partial
   * bytes under `key` (an existing blob under `key` is replaced only once the new one is complete).
   */
  write(key: string, source: AsyncIterable<Buffer | Uint8Array> | Buffer): Promise<{ size: number }>;
  /** The bytes of a blob, or of the inclusive byte range [start, end]; undefined when there is none. */
  read(key: string, range?: { start: number; end: number }): Promise<Readable | undefined>;
  size(key: string): Promise<number | undefined>;
  delete(key: string): Promise<void>;
  /** Every key (snapshots), optionally under a prefix. */
  keys(prefix?: string): AsyncIterable<string>;
  /** Removes every blob, or those whose key starts with `prefix` (a product's reset). */
  wipe(prefix?: string): Promise<void>;
  close(): Promise<void>;
}

/** Keys are paths of safe segments (`cos/<uuid>`): nothing a client chose, nothing that escapes the root. */
export function checkBlobKey(key: string): void {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/.test(key) || key.split("/").some((s) => s === "." || s === "..")) {
    throw new Error(`invalid blob key ${JSON.stringify(key)}`);
  }
}
