import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import type { App } from "../../app";
import { accounts } from "../../platform/accounts";
import { formatDateTime } from "../../platform/clock";
import { randomChars } from "../../platform/ids";
import type { AuditRecord, Tx } from "../../platform/store/store";
import { trackSubscriptions, tracksOf } from "./audit-track";
import { bucketsOf, queueKey, queuesOf } from "./buckets";
import { cloudAuditEvent, identified } from "./events";
import type { Sink, Subscription } from "./sink";
import { trackingSetSubscriptions, trackingSets } from "./tracking-set";

/**
 * Real delivery: every call the audit trail records is offered to the logging tracking sets and enabled audit
 * tracks of its account. Matching events are batched and written on a short timer (never one file per event
 * on the request path), and before any change of a delivery configuration so that each event goes where the
 * configuration said when it happened. Layout under the delivery root (the data directory's `cloudaudit/`, or
 * a temporary directory when running in memory):
 *
 *   cos/<bucket>-<appid>/<prefix>/<YYYYMMDDHH>/CloudAudit_<uin>_<YYYYMMDDHHmmss>_<random>.json.gz   {"Records":[...]}
 *   cmq/<uin>/<cmq region>/<queue>.jsonl, cls/<uin>/<region>/<topic>.jsonl, ckafka/<uin>/<region>/<instance>/<topic>.jsonl
 */
export const FLUSH_MS = 200;

export interface DeliveredFile {
  /** Relative to the delivery root, with '/' separators. */
  readonly path: string;
  readonly type: "cos" | "cmq" | "cls" | "ckafka";
  readonly size: number;
}

export class Delivery {
  readonly root: string;
  private pending: AuditRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Events that matched a subscription whose bucket or queue does not exist, by target. */
  readonly undeliverable = new Map<string, number>();

  constructor(private readonly app: App) {
    if (app.dataDir) {
      this.root = join(app.dataDir, "cloudaudit");
    } else {
      this.root = mkdtempSync(join(tmpdir(), "tclocal-cloudaudit-"));
      temporaryRoots.add(this.root);
    }
    mkdirSync(this.root, { recursive: true });
  }

  /** The audit trail's subscriber: O(1) on the request path. */
  readonly take = (r: AuditRecord): void => {
    if (!r.account) return;
    this.pending.push(r);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flushSafely(), FLUSH_MS);
      this.timer.unref();
    }
  };

  private flushSafely(): void {
    try {
      this.flush();
    } catch (e) {
      this.app.logger.error({ err: e }, "cloudaudit delivery failed");
    }
  }

  /** Delivers what is pending, in the given transaction (a handler's) or a new one. */
  flush(tx?: Tx): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    const run = (t: Tx) => this.deliver(t, batch);
    if (tx) run(tx);
    else this.app.store.transaction(run);
  }

  private deliver(tx: Tx, batch: AuditRecord[]): void {
    const byAccount = new Map<string, AuditRecord[]>();
    for (const r of batch) {
      const list = byAccount.get(r.account);
      if (list) list.push(r);
      else byAccount.set(r.account, [r]);
    }
    const now = this.app.clock.now();
    for (const [account, records] of byAccount) {
      const subs = [
        ...trackingSets(tx, account).all().flatMap((s) => trackingSetSubscriptions(s, account)),
        ...tracksOf(tx, account).all().flatMap((t) => trackSubscriptions(t, account)),
      ];
      if (!subs.length) continue;
      const appId = accounts.get(tx, account)?.appId ?? 0;
      const known = records.map((r) => identified(tx, r));
      for (const sub of subs) {
        const events = known.filter((r) => r.time >= sub.since && sub.accepts(r));
        if (!events.length) continue;
        const target = this.target(tx, sub.sink);
        if (!target) {
          const key = `${sub.source} → ${describeSink(sub.sink)}`;
          this.undeliverable.set(key, (this.undeliverable.get(key) ?? 0) + events.length);
          continue;
        }
        if (sub.sink.kind === "cos") this.writeCos(target, sub.sink, account, appId, events, now);
        else this.appendLines(target, events, appId);
      }
    }
  }

  /** The directory (COS) or file (queues, topics) a sink writes to, or null when its bucket or queue does not exist. */
  private target(tx: Tx, sink: Sink): string | null {
    if (sink.kind === "cos") {
      if (!bucketsOf(tx, sink.owner).has(sink.bucket)) return null;
      const ownerAppId = accounts.get(tx, sink.owner)?.appId ?? 0;
      return join(this.root, "cos", `${sink.bucket}-${ownerAppId}`, ...sink.prefix.split("/").filter(Boolean));
    }
    if (sink.kind === "cmq" && !queuesOf(tx, sink.owner).has(queueKey(sink.region, sink.name))) return null;
    return join(this.root, sink.kind, sink.owner, sink.region, ...sink.name.split("/")) + ".jsonl";
  }

  private writeCos(dir: string, sink: Extract<Sink, { kind: "cos" }>, account: string, appId: number, events: AuditRecord[], now: number): void {
    const byHour = new Map<string, AuditRecord[]>();
    for (const r of events) {
      const hour = compact(formatDateTime(r.time)).slice(0, 10);
      const list = byHour.get(hour);
      if (list) list.push(r);
      else byHour.set(hour, [r]);
    }
    const stamp = compact(formatDateTime(now));
    for (const [hour, group] of byHour) {
      const folder = join(dir, hour);
      mkdirSync(folder, { recursive: true });
      const body = Buffer.from(JSON.stringify({ Records: group.map((r) => cloudAuditEvent(r, appId)) }));
      const name = `CloudAudit_${account}_${stamp}_${randomChars(8)}.json${sink.gzip ? ".gz" : ""}`;
      writeFileSync(join(folder, name), sink.gzip ? gzipSync(body) : body);
    }
  }

  private appendLines(file: string, events: AuditRecord[], appId: number): void {
    mkdirSync(resolve(file, ".."), { recursive: true });
    appendFileSync(file, events.map((r) => JSON.stringify(cloudAuditEvent(r, appId)) + "\n").join(""));
  }

  /** Every delivered file, after delivering what is pending. */
  files(): DeliveredFile[] {
    this.flush();
    const out: DeliveredFile[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else {
          const path = relative(this.root, full).split(sep).join("/");
          out.push({ path, type: path.split("/")[0] as DeliveredFile["type"], size: statSync(full).size });
        }
      }
    };
    walk(this.root);
    return out.sort((a, b) => a.path.localeCompare(b.path));
  }

  /** The absolute path of a delivered file, or null when the path leaves the delivery root. */
  resolveFile(path: string): string | null {
    const full = resolve(this.root, path);
    return full.startsWith(this.root + sep) ? full : null;
  }
}

function compact(dateTime: string): string {
  return dateTime.replace(/[- :]/g, "");
}

function describeSink(sink: Sink): string {
  return sink.kind === "cos" ? `cos bucket ${sink.bucket} (${sink.region})` : `${sink.kind} ${sink.region}/${sink.name}`;
}

const temporaryRoots = new Set<string>();
process.once("exit", () => {
  for (const root of temporaryRoots) rmSync(root, { recursive: true, force: true });
});

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
