import { createHash, randomUUID } from "node:crypto";
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
import { checkBlobKey } from "../blobs/blob-store";
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
 * line's counts and checksum, no document or blob twice) into a private temporary copy; only then is state
 * changed: blobs written, then every document in one transaction (replacing the state, or with `merge` adding to
 * it and refusing any id present on both sides, naming it). The default account and its development credential
 * exist everywhere and are never a conflict. A blob already present is never overwritten before the commit: the
 * same bytes are kept as they are, other bytes are staged under a temporary key and moved in once committed.
 */
export async function importState(app: App, input: AsyncIterable<Buffer | string>, o: { merge: boolean }): Promise<ImportSummary> {
  const dir = await mkdtemp(join(tmpdir(), "tclocal-import-"));
  const copy = join(dir, "snapshot.jsonl");
  try {
    const checked = await checkedCopy(input, copy);
    return await apply(app, copy, checked, o.merge);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function* lines(file: string): AsyncIterable<{ n: number; text: string }> {
  const rl = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let n = 0;
  for await (const text of rl) yield { n: ++n, text };
}

/** What pass 1 learnt: the end line, and each blob's size and SHA-256 (to keep identical live blobs as they are). */
interface Checked {
  readonly end: SnapshotEnd;
  readonly blobs: ReadonlyMap<string, { size: number; sha256: string }>;
}

/** Pass 1: copies the input (gunzipped when it is gzip) and checks it line by line; nothing else changes. */
async function checkedCopy(input: AsyncIterable<Buffer | string>, file: string): Promise<Checked> {
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
  let blob: { key: string; size: number; seen: number; hash: ReturnType<typeof createHash> } | undefined;
  const blobDigests = new Map<string, { size: number; sha256: string }>();
  // A document id seen twice would make the import fail half-way (or, in replace mode, look like a merge conflict).
  const docLines = new Map<string, number>();
  const closeBlob = (n: number) => {
    if (!blob) return;
    if (blob.seen !== blob.size) throw new SnapshotError(`corrupted: blob ${blob.key} has ${blob.seen} bytes, its line says ${blob.size} (before line ${n})`);
    blobDigests.set(blob.key, { size: blob.size, sha256: blob.hash.digest("hex") });
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
      const d = value.doc;
      const id = JSON.stringify([d.service, d.kind, d.account, d.region, d.id]);
      const first = docLines.get(id);
      if (first !== undefined) throw new SnapshotError(`corrupted: line ${n} repeats ${describeDoc(d)} (first on line ${first})`);
      docLines.set(id, n);
      documents++;
    } else if ("blob" in value) {
      closeBlob(n);
      const b = value.blob as { key?: unknown; size?: unknown };
      if (typeof b?.key !== "string" || !Number.isSafeInteger(b.size) || (b.size as number) < 0) throw new SnapshotError(`corrupted: line ${n} is not a valid blob line`);
      if (blobDigests.has(b.key)) throw new SnapshotError(`corrupted: line ${n} repeats blob ${b.key}`);
      try {
        checkBlobKey(b.key);
      } catch {
        throw new SnapshotError(`corrupted: line ${n} names an invalid blob key ${JSON.stringify(b.key)}`);
      }
      blob = { key: b.key, size: b.size as number, seen: 0, hash: createHash("sha256") };
      blobs++;
    } else if ("data" in value) {
      if (!blob || typeof value.data !== "string") throw new SnapshotError(`corrupted: line ${n} holds data outside a blob`);
      const bytes = Buffer.from(value.data, "base64");
      blob.seen += bytes.length;
      blob.hash.update(bytes);
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
  return { end, blobs: blobDigests };
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

/** Where a blob whose key is live with other bytes waits until the documents are committed. */
const STAGING = "_tclocal-import";

/** Pass 2: the checked copy becomes the state. */
async function apply(app: App, file: string, checked: Checked, merge: boolean): Promise<ImportSummary> {
  const { end } = checked;
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
    for (const key of checked.blobs.keys()) {
      if ((await app.blobs.size(key)) !== undefined) throw new SnapshotError(`merge conflict: blob ${key} exists on both sides`, 409);
    }
  }
  // Each blob of the file goes to its own key when that key is free, nowhere when the live blob already has its
  // bytes, and to a staging key otherwise: a refused import must leave every live blob as it was.
  const targets = new Map<string, string | null>();
  const staged = new Map<string, string>();
  for (const [key, want] of checked.blobs) {
    const size = await app.blobs.size(key);
    if (size === undefined) targets.set(key, key);
    else if (size === want.size && (await blobSha256(app, key)) === want.sha256) targets.set(key, null);
    else {
      const staging = `${STAGING}/${randomUUID()}/${key}`;
      targets.set(key, staging);
      staged.set(key, staging);
    }
  }
  const written: string[] = [];
  try {
    await writeBlobs(app, file, targets, written);
    await app.store.transaction(
      async (tx) => {
        if (!merge) await tx.wipe(null, (service, kind) => NOT_IN_SNAPSHOTS.has(`${service}/${kind}`));
        for await (const d of docs()) {
          if (NOT_IN_SNAPSHOTS.has(`${d.service}/${d.kind}`)) continue;
          if (merge && everywhere(d)) continue;
          try {
            await tx.insert(d, d.kind, d.id, d.data, d.parent);
          } catch (e) {
            // Pass 1 refused a document twice in the file, so in replace mode (everything wiped) this cannot happen.
            if (e instanceof DuplicateDocumentError) {
              throw merge
                ? new SnapshotError(`merge conflict: ${describeDoc(d)} exists on both sides`, 409)
                : new SnapshotError(`corrupted: the snapshot holds ${describeDoc(d)} twice`);
            }
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
    // Only keys this import created (free before it, or staging keys): live blobs were never touched.
    for (const key of written) await app.blobs.delete(key);
    throw e;
  }
  // Committed: the staged blobs replace the live ones (a blob write replaces its key only once complete).
  for (const [key, staging] of staged) {
    const bytes = await app.blobs.read(staging);
    if (bytes) await app.blobs.write(key, bytes);
    await app.blobs.delete(staging);
  }
  if (!merge) {
    for await (const key of app.blobs.keys()) if (!checked.blobs.has(key)) await app.blobs.delete(key);
    app.audit.discard();
    app.clock.refresh(header!.clockOffsetMs);
  }
  return { documents: end.documents, blobs: end.blobs, audit: end.audit, merged: merge };
}

async function blobSha256(app: App, key: string): Promise<string | undefined> {
  const bytes = await app.blobs.read(key);
  if (!bytes) return undefined;
  const hash = createHash("sha256");
  for await (const chunk of bytes) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Streams each blob of the file to its target key (none: the live blob already holds its bytes), in one pass. */
async function writeBlobs(app: App, file: string, targets: ReadonlyMap<string, string | null>, written: string[]): Promise<void> {
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
      const target = targets.get(key);
      if (!target) continue;
      const c = (channel = new Channel());
      writing = app.blobs.write(target, c).catch((e: unknown) => {
        failure = e;
        c.abandon();
      });
      written.push(target);
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
