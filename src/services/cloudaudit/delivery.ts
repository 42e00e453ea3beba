import { join, posix } from "node:path";
import { gzipSync } from "node:zlib";
import type { App } from "../../app";
import { accounts } from "../../platform/accounts";
import { formatDateTime } from "../../platform/clock";
import { randomChars } from "../../platform/ids";
import { StoreUnavailableError, type AuditRecord, type Tx } from "../../platform/store/store";
import { trackSubscriptions, tracksOf } from "./audit-track";
import { findCosBucket, queueKey, queuesOf } from "./buckets";
import { appendLines, countUndeliverable, insideRoot, listDelivered, readDelivered, writeCosFile, type DeliveredFile } from "./delivered-files";
import { cloudAuditEvent, identified } from "./events";
import type { Sink, Subscription } from "./sink";
import { trackingSetSubscriptions, trackingSets } from "./tracking-set";

/**
 * Real delivery: every call the audit trail records is offered to the logging tracking sets and enabled audit
 * tracks of its account. Matching events are batched and written on a short timer (never one file per event
 * on the request path), and before any change of a delivery configuration so that each event goes where the
 * configuration said when it happened. COS log files are objects in the real COS bucket (any COS client lists
 * and downloads them), queue and topic lines documents in the store (see delivered-files.ts), all written in the
 * delivering transaction, so every process sharing the store serves them.
 */
export const FLUSH_MS = 200;

/** A call's transaction delivering before it changes a configuration (an ActionContext). */
interface CallTx {
  readonly tx: Tx;
}

export class Delivery {
  /** What delivered paths are relative to: the data directory's `cloudaudit/`, else `cloudaudit` (the files are in the store). */
  readonly root: string;
  private pending: AuditRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** This process's own delivery transactions, one after the other. */
  private delivering: Promise<void> = Promise.resolve();

  constructor(private readonly app: App) {
    this.root = app.dataDir ? join(app.dataDir, "cloudaudit") : "cloudaudit";
  }

  /** The audit trail's subscriber: O(1) on the request path. */
  readonly take = (r: AuditRecord): void => {
    if (!r.account) return;
    this.pending.push(r);
    this.arm();
  };

  private arm(): void {
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Records a delivery that did not commit takes back: they are delivered by the next flush, exactly once. */
  private giveBack(batch: readonly AuditRecord[]): void {
    this.pending.unshift(...batch);
    this.arm();
  }

  /** Delivers what is pending in a transaction of its own; resolves once everything taken so far is delivered. */
  flush(): Promise<void> {
    this.stopTimer();
    if (this.pending.length) {
      // The batch is fixed before the transaction: an attempt the store runs again delivers the same records.
      const batch = this.pending;
      this.pending = [];
      this.delivering = this.delivering
        .then(() => this.app.store.transaction((tx) => this.deliver(tx, batch)))
        .catch((e: unknown) => {
          // The database is away: the batch waits for the next flush. Anything else is a bug, logged once.
          if (e instanceof StoreUnavailableError) this.giveBack(batch);
          this.app.logger.error({ err: e }, "cloudaudit delivery failed");
        });
    }
    return this.delivering;
  }

  /**
   * Delivers what is pending in a call's own transaction (before the call changes where events go). When that
   * transaction rolls back (a retry, or a call that fails), the records go back to be delivered by whichever
   * flush commits next.
   */
  async flushIn(call: CallTx): Promise<void> {
    this.stopTimer();
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    call.tx.afterRollback(() => this.giveBack(batch));
    await this.deliver(call.tx, batch);
  }

  private async deliver(tx: Tx, batch: readonly AuditRecord[]): Promise<void> {
    const byAccount = new Map<string, AuditRecord[]>();
    for (const r of batch) {
      const list = byAccount.get(r.account);
      if (list) list.push(r);
      else byAccount.set(r.account, [r]);
    }
    const now = this.app.clock.now();
    for (const [account, records] of byAccount) {
      const subs: Subscription[] = [];
      for (const s of await trackingSets(tx, account).all()) subs.push(...trackingSetSubscriptions(s, account));
      for (const t of await tracksOf(tx, account).all()) subs.push(...trackSubscriptions(t, account));
      if (!subs.length) continue;
      const appId = (await accounts.get(tx, account))?.appId ?? 0;
      const known: AuditRecord[] = [];
      for (const r of records) known.push(await identified(tx, r));
      for (const sub of subs) {
        const events = known.filter((r) => r.time >= sub.since && sub.accepts(r));
        if (!events.length) continue;
        const target = await this.target(tx, sub.sink);
        if (!target) {
          await countUndeliverable(tx, account, `${sub.source} → ${describeSink(sub.sink)}`, events.length);
          continue;
        }
        if (sub.sink.kind === "cos") await this.writeCos(tx, target, sub.sink, account, appId, events, now);
        else {
          const lines = events.map((r) => JSON.stringify(cloudAuditEvent(r, appId)) + "\n").join("");
          await appendLines(tx, sub.sink.owner, target, sub.sink.kind, lines);
        }
      }
    }
  }

  /** The folder (COS) or file (queues, topics) a sink writes to, or null when its bucket or queue does not exist. */
  private async target(tx: Tx, sink: Sink): Promise<string | null> {
    if (sink.kind === "cos") {
      const bucket = await findCosBucket(tx, sink.owner, sink.bucket);
      if (!bucket || bucket.region !== sink.region) return null;
      const ownerAppId = (await accounts.get(tx, sink.owner))?.appId ?? 0;
      return posix.join("cos", `${sink.bucket}-${ownerAppId}`, ...sink.prefix.split("/").filter(Boolean));
    }
    if (sink.kind === "cmq" && !(await queuesOf(tx, sink.owner).has(queueKey(sink.region, sink.name)))) return null;
    return posix.join(sink.kind, sink.owner, sink.region, ...sink.name.split("/")) + ".jsonl";
  }

  private async writeCos(
    tx: Tx,
    folder: string,
    sink: Extract<Sink, { kind: "cos" }>,
    account: string,
    appId: number,
    events: AuditRecord[],
    now: number,
  ): Promise<void> {
    const byHour = new Map<string, AuditRecord[]>();
    for (const r of events) {
      const hour = compact(formatDateTime(r.time)).slice(0, 10);
      const list = byHour.get(hour);
      if (list) list.push(r);
      else byHour.set(hour, [r]);
    }
    const stamp = compact(formatDateTime(now));
    for (const [hour, group] of byHour) {
      const body = Buffer.from(JSON.stringify({ Records: group.map((r) => cloudAuditEvent(r, appId)) }));
      const name = () => `CloudAudit_${account}_${stamp}_${randomChars(8)}.json${sink.gzip ? ".gz" : ""}`;
      await writeCosFile(this.app.blobs, tx, sink.owner, `${folder}/${hour}`, name, sink.gzip ? gzipSync(body) : body, now);
    }
  }

  /** Every delivered file and the undeliverable event counts, after delivering what is pending. */
  async report(): Promise<{ files: DeliveredFile[]; undeliverable: Record<string, number> }> {
    await this.flush();
    return this.app.store.transaction((tx) => listDelivered(tx));
  }

  /** `path` relative to the delivery root, or null when it leaves the root. */
  relativePath(path: string): string | null {
    return insideRoot(this.root, path);
  }

  /** The bytes of a delivered file (after delivering what is pending), or undefined when there is none. */
  async read(relativePath: string): Promise<Buffer | undefined> {
    await this.flush();
    return this.app.store.transaction((tx) => readDelivered(this.app.blobs, tx, relativePath));
  }
}

function compact(dateTime: string): string {
  return dateTime.replace(/[- :]/g, "");
}

function describeSink(sink: Sink): string {
  return sink.kind === "cos" ? `cos bucket ${sink.bucket} (${sink.region})` : `${sink.kind} ${sink.region}/${sink.name}`;
}

/** One Delivery per running emulator, found from a handler through the platform's audit trail. */
const deliveries = new WeakMap<object, Delivery>();

export function startDelivery(app: App): Delivery {
  const delivery = new Delivery(app);
  deliveries.set(app.audit, delivery);
  app.audit.subscribe(delivery.take);
  return delivery;
}

export function deliveryOf(platform: { readonly audit: object }): Delivery | undefined {
  return deliveries.get(platform.audit);
}
