/**
 * The state snapshot format: JSON lines, the same whichever store wrote it, so a snapshot taken on SQLite imports
 * into PostgreSQL and back, and into a newer tclocal. Documented in docs/snapshots.md.
 *
 *   {"format":"tclocal-state","version":1,"tclocal":"0.2.0","created":"…","clockOffsetMs":0,"withAudit":false}
 *   {"doc":{"service","kind","account","region","id","parent","data"}}        every document, insertion order
 *   {"blob":{"key","size"}} then {"data":"<base64>"} lines (≤ 1 MiB of bytes each) until `size` bytes came
 *   {"audit":{…record}}                                                        with --with-audit, oldest first
 *   {"end":{"documents":N,"blobs":N,"audit":N,"sha256":"<hex of every byte before this line>"}}
 *
 * 64-bit integers inside documents are written as {"$bigint":"…"} (the store's own encoding). A file without
 * its end line is truncated; one whose checksum differs is corrupted; either is refused before anything changes.
 */
export const SNAPSHOT_FORMAT = "tclocal-state";
export const SNAPSHOT_VERSION = 1;
export const DATA_LINE_BYTES = 1024 * 1024;

export interface SnapshotHeader {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: number;
  readonly tclocal: string;
  readonly created: string;
  readonly clockOffsetMs: number;
  readonly withAudit: boolean;
}

export interface SnapshotDoc {
  readonly service: string;
  readonly kind: string;
  readonly account: string;
  readonly region: string;
  readonly id: string;
  readonly parent: string | null;
  readonly data: unknown;
}

export interface SnapshotEnd {
  readonly documents: number;
  readonly blobs: number;
  readonly audit: number;
  readonly sha256: string;
}

/** What a snapshot import refuses: a clear sentence naming what is wrong, and nothing changed. */
export class SnapshotError extends Error {
  constructor(
    message: string,
    /** 400 for a bad file, 409 for a merge conflict. */
    readonly status: 400 | 409 = 400,
  ) {
    super(message);
  }
}

/** Platform documents that are test set-up or transient, never carried by a snapshot. */
export const NOT_IN_SNAPSHOTS = new Set(["_tclocal/fault", "_tclocal/rate-window"]);
