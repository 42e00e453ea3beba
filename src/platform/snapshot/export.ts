import { createHash } from "node:crypto";
import type { App } from "../../app";
import { tclocalVersion } from "../../package-root";
import { encodeDoc } from "../store/codec";
import { DATA_LINE_BYTES, NOT_IN_SNAPSHOTS, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type SnapshotHeader } from "./format";

const PAGE = 1000;

/**
 * The state as snapshot lines (format.ts), streamed: documents a page at a time, blobs a MiB at a time, so a
 * large state never sits whole in memory. Documents are read page by page in insertion order; take a snapshot
 * while no calls change state if it must be one instant.
 */
export async function* exportState(app: App, o: { withAudit?: boolean } = {}): AsyncIterable<string> {
  const hash = createHash("sha256");
  const line = (value: unknown): string => {
    const text = encodeDoc(value) + "\n";
    hash.update(text);
    return text;
  };
  await app.audit.flush();
  const header: SnapshotHeader = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    tclocal: tclocalVersion(),
    created: new Date().toISOString(),
    clockOffsetMs: app.clock.at(0),
    withAudit: !!o.withAudit,
  };
  yield line(header);
  let documents = 0;
  for (let after = 0; ; ) {
    const page = await app.store.transaction((tx) => tx.dump(after, PAGE));
    for (const d of page) {
      after = d.seq;
      if (NOT_IN_SNAPSHOTS.has(`${d.service}/${d.kind}`)) continue;
      documents++;
      yield line({ doc: { service: d.service, kind: d.kind, account: d.account, region: d.region, id: d.id, parent: d.parent, data: d.data } });
    }
    if (page.length < PAGE) break;
  }
  let blobs = 0;
  for await (const key of app.blobs.keys()) {
    const size = await app.blobs.size(key);
    const stream = size === undefined ? undefined : await app.blobs.read(key);
    if (!stream) continue; // deleted meanwhile
    blobs++;
    yield line({ blob: { key, size } });
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for await (const chunk of stream) {
      pending.push(chunk as Buffer);
      pendingBytes += (chunk as Buffer).length;
      while (pendingBytes >= DATA_LINE_BYTES) {
        const all = Buffer.concat(pending);
        yield line({ data: all.subarray(0, DATA_LINE_BYTES).toString("base64") });
        pending = [all.subarray(DATA_LINE_BYTES)];
        pendingBytes = pending[0].length;
      }
    }
    if (pendingBytes) yield line({ data: Buffer.concat(pending).toString("base64") });
  }
  let audit = 0;
  if (o.withAudit) {
    for (let after = 0; ; ) {
      const page = await app.store.transaction((tx) => tx.queryAudit({ afterSeq: after, limit: PAGE }));
      for (const { seq, ...record } of page) {
        after = seq;
        audit++;
        yield line({ audit: record });
      }
      if (page.length < PAGE) break;
    }
  }
  yield encodeDoc({ end: { documents, blobs, audit, sha256: hash.digest("hex") } }) + "\n";
}
