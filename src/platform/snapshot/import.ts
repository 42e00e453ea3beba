import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import type { App } from "../../app";
import { tclocalVersion } from "../../package-root";
import { accounts, DEFAULT_ACCOUNT, identityChange } from "../accounts";
import { CLOCK_KEY } from "../clock";
import { decodeDoc } from "../store/codec";
import { DuplicateDocumentError, type AuditRecord } from "../store/store";
import { NOT_IN_SNAPSHOTS, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, SnapshotError, type SnapshotDoc, type SnapshotEnd, type SnapshotHeader } from "./format";

/** A line longer than this is refused (documents are far smaller; data lines hold 1 MiB of base64). */
const MAX_LINE = 32 * 1024 * 1024;

export interface ImportSummary {
  readonly documents: number;
  readonly blobs: number;
  readonly audit: number;
  readonly merged: boolean;
}

type Line = { header: SnapshotHeader } | { doc: SnapshotDoc } | { blob: { key: string; size: number } } | { data: string } | { audit: AuditRecord };

/**
 * Loads a snapshot, all or nothing. The whole file is read and checked first (header, every line, the end
 * line's counts and checksum) into a private temporary copy; only then is state changed: blobs written, then
 * every document in one transaction (replacing the state, or with `merge` adding to it and refusing any id
 * present on both sides, naming it). The default account and its development credential exist everywhere and
 * are never a conflict.
 */
export async function importState(app: App, input: AsyncIterable<Buffer | string>, o: { merge: boolean }): Promise<ImportSummary> {
  const dir = await mkdtemp(join(tmpdir(), "tclocal-import-"));
  const copy = join(dir, "snapshot.jsonl");
  try {
    const counts = await checkedCopy(input, copy);
    return await apply(app, copy, counts, o.merge);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function* lines(file: string): AsyncIterable<{ n: number; text: string }> {
  const rl = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let n = 0;
  for await (const text of rl) yield { n: ++n, text };
}

/** Pass 1: copies the input (gunzipped when it is gzip) and checks it line by line; nothing else changes. */
async function checkedCopy(input: AsyncIterable<Buffer | string>, file: string): Promise<SnapshotEnd> {
  let first = true;
  const source = Readable.from(input);
  const peeked = (async function* () {
    for await (const chunk of source) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      if (first && buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
        first = false;
        const gunzip = createGunzip();
        const rest = (async function* () {
          yield buf;
          for await (const c of source) yield c as Buffer;
        })();
        try {
          for await (const out of Readable.from(rest).pipe(gunzip)) yield out as Buffer;
        } catch {
          throw new SnapshotError("corrupted: the gzip stream is damaged or truncated");
        }
        return;
      }
      first = false;
      yield buf;
    }
  })();
  await pipeline(Readable.from(peeked), createWriteStream(file, { mode: 0o600 }));

  const hash = createHash("sha256");
  let header: SnapshotHeader | undefined;
  let end: SnapshotEnd | undefined;
  let documents = 0;
  let blobs = 0;
  let audit = 0;
  let blob: { key: string; size: number; seen: number } | undefined;
  const closeBlob = (n: number) => {
    if (blob && blob.seen !== blob.size) throw new SnapshotError(`corrupted: blob ${blob.key} has ${blob.seen} bytes, its line says ${blob.size} (before line ${n})`);
    blob = undefined;
  };
  for await (const { n, text } of lines(file)) {
    if (end) throw new SnapshotError(`corrupted: line ${n} follows the end line`);
    if (text.length > MAX_LINE) throw new SnapshotError(`line ${n} is longer than ${MAX_LINE} characters`);
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new SnapshotError(n === 1 ? "not a tclocal state snapshot: the first line is not its header" : `corrupted: line ${n} is not JSON`);
    }
    if (n === 1) {
      header = checkHeader(value);
      hash.update(text + "\n");
      continue;
    }
    if (value && typeof value === "object" && "end" in value) {
      closeBlob(n);
      end = value.end as SnapshotEnd;
      continue;
    }
    hash.update(text + "\n");
    if ("doc" in value) {
      closeBlob(n);
      checkDoc(value.doc, n);
      documents++;
    } else if ("blob" in value) {
      closeBlob(n);
      const b = value.blob as { key?: unknown; size?: unknown };
      if (typeof b?.key !== "string" || !Number.isSafeInteger(b.size) || (b.size as number) < 0) throw new SnapshotError(`corrupted: line ${n} is not a valid blob line`);
      blob = { key: b.key, size: b.size as number, seen: 0 };
      blobs++;
    } else if ("data" in value) {
      if (!blob || typeof value.data !== "string") throw new SnapshotError(`corrupted: line ${n} holds data outside a blob`);
      blob.seen += Buffer.byteLength(value.data, "base64");
    } else if ("audit" in value) {
      closeBlob(n);
      audit++;
    } else {
      throw new SnapshotError(`corrupted: line ${n} is not a snapshot record`);
    }
  }
  if (!header) throw new SnapshotError("not a tclocal state snapshot: the file is empty");
  if (!end) throw new SnapshotError("truncated: the file ends without its end line");
  if (end.sha256 !== hash.digest("hex")) throw new SnapshotError("corrupted: the checksum in the end line does not match the content");
  for (const [what, count] of [["documents", documents], ["blobs", blobs], ["audit", audit]] as const) {
    if (end[what] !== count) throw new SnapshotError(`corrupted: the end line counts ${end[what]} ${what}, the file holds ${count}`);
  }
  return end;
}

function checkHeader(value: Record<string, unknown>): SnapshotHeader {
  const h = value as Partial<SnapshotHeader>;
  if (!value || typeof value !== "object" || !("format" in value)) throw new SnapshotError("not a tclocal state snapshot: the first line is not its header");
  if (h.format !== SNAPSHOT_FORMAT) throw new SnapshotError(`not a tclocal state snapshot (format ${JSON.stringify(h.format)})`);
  if (typeof h.version !== "number" || h.version > SNAPSHOT_VERSION) {
    throw new SnapshotError(
      `written by a newer tclocal (snapshot format ${String(h.version)}, tclocal ${String(h.tclocal)}); this tclocal ${tclocalVersion()} reads format ${SNAPSHOT_VERSION} and earlier`,
    );
  }
  if (typeof h.clockOffsetMs !== "number" || !Number.isFinite(h.clockOffsetMs)) throw new SnapshotError("corrupted: the header has no clock offset");
  return h as SnapshotHeader;
}

function checkDoc(d: unknown, n: number): asserts d is SnapshotDoc {
  const doc = d as Partial<SnapshotDoc>;
  const strings = [doc?.service, doc?.kind, doc?.account, doc?.region, doc?.id];
  if (!doc || strings.some((x) => typeof x !== "string") || (doc.parent !== null && typeof doc.parent !== "string") || !("data" in doc)) {
    throw new SnapshotError(`corrupted: line ${n} is not a valid document line`);
  }
}

/** The default account and its development credential are the same everywhere: never a conflict. */
function everywhere(d: SnapshotDoc): boolean {
  return d.service === "_tclocal" && ((d.kind === "account" && d.id === DEFAULT_ACCOUNT.uin) || (d.kind === "apikey" && d.id === DEFAULT_ACCOUNT.secretId));
}

function describeDoc(d: SnapshotDoc): string {
  if (d.service === "_tclocal") return `${d.kind} ${d.id}`;
  return `${d.service} ${d.kind} ${d.id} (account ${d.account}, region ${d.region})`;
}

/** Pass 2: the checked copy becomes the state. */
async function apply(app: App, file: string, end: SnapshotEnd, merge: boolean): Promise<ImportSummary> {
  let header: SnapshotHeader | undefined;
  const docs = async function* (): AsyncIterable<SnapshotDoc> {
    for await (const { n, text } of lines(file)) {
      if (n === 1) header = JSON.parse(text) as SnapshotHeader;
      else if (text.startsWith('{"doc":')) yield (decodeDoc<{ doc: SnapshotDoc }>(text)).doc;
    }
  };
  if (merge) {
    // Refuse a conflict before anything is written (the transaction below checks again).
    await app.store.transaction(async (tx) => {
      for await (const d of docs()) {
        if (everywhere(d) || NOT_IN_SNAPSHOTS.has(`${d.service}/${d.kind}`)) continue;
        if (await tx.get(d, d.kind, d.id)) throw new SnapshotError(`merge conflict: ${describeDoc(d)} exists on both sides`, 409);
      }
    });
    for await (const { text } of lines(file)) {
      if (!text.startsWith('{"blob":')) continue;
      const { key } = (JSON.parse(text) as { blob: { key: string } }).blob;
      if ((await app.blobs.size(key)) !== undefined) throw new SnapshotError(`merge conflict: blob ${key} exists on both sides`, 409);
    }
  }
  const written: string[] = [];
  try {
    await writeBlobs(app, file, written);
    await app.store.transaction(
      async (tx) => {
        if (!merge) await tx.wipe(null, (service, kind) => NOT_IN_SNAPSHOTS.has(`${service}/${kind}`));
        for await (const d of docs()) {
          if (NOT_IN_SNAPSHOTS.has(`${d.service}/${d.kind}`)) continue;
          if (merge && everywhere(d)) continue;
          try {
            await tx.insert(d, d.kind, d.id, d.data, d.parent);
          } catch (e) {
            if (e instanceof DuplicateDocumentError) throw new SnapshotError(`merge conflict: ${describeDoc(d)} exists on both sides`, 409);
            throw e;
          }
        }
        await accounts.ensureDefault(tx, app.clock.now());
        if (!merge) await tx.setMeta(CLOCK_KEY, String(header!.clockOffsetMs));
        const batch: AuditRecord[] = [];
        for await (const { text } of lines(file)) {
          if (!text.startsWith('{"audit":')) continue;
          batch.push((JSON.parse(text) as { audit: AuditRecord }).audit);
          if (batch.length >= 500) await tx.appendAudit(batch.splice(0));
        }
        await tx.appendAudit(batch);
        await identityChange(tx);
      },
      { lockKey: "platform" },
    );
  } catch (e) {
    for (const key of written) await app.blobs.delete(key);
    throw e;
  }
  if (!merge) {
    const kept = new Set(written);
    for await (const key of app.blobs.keys()) if (!kept.has(key)) await app.blobs.delete(key);
    app.audit.discard();
    app.clock.refresh(header!.clockOffsetMs);
  }
  return { documents: end.documents, blobs: end.blobs, audit: end.audit, merged: merge };
}

/** Streams each blob of the file into the blob store, in one pass over the file. */
async function writeBlobs(app: App, file: string, written: string[]): Promise<void> {
  let channel: Channel | undefined;
  let writing: Promise<unknown> | undefined;
  let failure: unknown;
  const finish = async () => {
    if (!channel) return;
    channel.close();
    await writing;
    channel = undefined;
    if (failure) throw failure;
  };
  for await (const { text } of lines(file)) {
    if (text.startsWith('{"blob":')) {
      await finish();
      const { key } = (JSON.parse(text) as { blob: { key: string } }).blob;
      const c = (channel = new Channel());
      writing = app.blobs.write(key, c).catch((e: unknown) => {
        failure = e;
        c.abandon();
      });
      written.push(key);
    } else if (text.startsWith('{"data":') && channel) {
      await channel.push(Buffer.from((JSON.parse(text) as { data: string }).data, "base64"));
      if (failure) await finish();
    } else {
      await finish();
    }
  }
  await finish();
}

/** Chunks handed from the file reader to a blob write one at a time (the reader waits for the writer). */
class Channel implements AsyncIterable<Buffer> {
  private item: Buffer | null = null;
  private closed = false;
  private wakeReader: (() => void) | null = null;
  private wakeWriter: (() => void) | null = null;

  push(chunk: Buffer): Promise<void> {
    this.item = chunk;
    this.wakeReader?.();
    return new Promise((resolve) => (this.wakeWriter = resolve));
  }

  close(): void {
    this.closed = true;
    this.wakeReader?.();
  }

  /** The writer failed: nobody will take the pending chunk. */
  abandon(): void {
    this.closed = true;
    this.wakeWriter?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    for (;;) {
      if (this.item) {
        const chunk = this.item;
        this.item = null;
        yield chunk;
        this.wakeWriter?.();
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
      this.wakeReader = null;
    }
  }
}
