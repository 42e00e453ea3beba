import { randomBytes } from "node:crypto";
import pino, { type Logger } from "pino";
import type { Config } from "./config";
import { ControlRouter } from "./control/router";
import { resourceRoutes } from "./control/resources";
import { controlRoutes } from "./control/routes";
import { stateRoutes } from "./control/state";
import type { ProductName } from "./errors/catalog";
import { accounts, identityChange, IDENTITY_EPOCH_KEY } from "./platform/accounts";
import { AuditTrail } from "./platform/audit-trail";
import type { BlobStore } from "./platform/blobs/blob-store";
import { openBlobs } from "./platform/blobs/open";
import { Clock, CLOCK_KEY } from "./platform/clock";
import type { ServiceDefinition } from "./platform/definition";
import { Faults, FAULTS_VERSION_KEY } from "./platform/faults";
import { RateLimiter, SharedRateLimiter, type RateWindows } from "./platform/rate-limit";
import { openStore } from "./platform/store/open";
import type { Store } from "./platform/store/store";
import { services } from "./services";

const DAY_MS = 86_400_000;
const SHARED_KEYS = [IDENTITY_EPOCH_KEY, CLOCK_KEY, FAULTS_VERSION_KEY] as const;

/** One running emulator: its configuration, state and the shared platform pieces every product uses. */
export class App {
  readonly clock: Clock;
  readonly audit: AuditTrail;
  readonly faults: Faults;
  readonly limiter: RateWindows;
  /** Bytes too large for documents (COS object data), shared by every replica. */
  readonly blobs: BlobStore;
  readonly services: ReadonlyMap<ProductName, ServiceDefinition>;
  readonly control: ControlRouter;
  readonly startedAt = Date.now();
  /** Unique per process: which replica answered (health). */
  readonly replicaId = randomBytes(6).toString("hex");
  /** Init hooks (--init-dir): ready once they ran; failures named in health. */
  initStatus: { ready: boolean; initErrors: string[] };
  /** The identity epoch other processes stored, as of this call (cached identities are valid while it holds). */
  sharedIdentityEpoch: string | undefined;
  private pruneTimer: NodeJS.Timeout | null = null;

  get dataDir(): string | null {
    return this.config.databaseUrl ? null : this.config.dataDir;
  }

  /** Opens the store (waiting for a database if need be), then the platform and every product. */
  static async open(config: Config, logger?: Logger): Promise<App> {
    // Lines are buffered (4 KB, or a quarter second) instead of written one by one: one call, one line, but not one write.
    const log = logger ?? pino({ level: config.logLevel, base: undefined }, pino.destination({ sync: false, minLength: 4096, periodicFlush: 250 }));
    const store = await openStore(config, log);
    try {
      const meta = await store.readMeta(SHARED_KEYS);
      const app = new App(config, store, log, Number(meta.get(CLOCK_KEY) ?? 0));
      app.sharedIdentityEpoch = meta.get(IDENTITY_EPOCH_KEY);
      app.faults.refresh(meta.get(FAULTS_VERSION_KEY));
      await store.transaction((tx) => accounts.ensureDefault(tx, app.clock.now()), { lockKey: "platform" });
      for (const s of services) await (s as ServiceDefinition).onStart?.(app);
      app.startPruning();
      return app;
    } catch (e) {
      await store.close();
      throw e;
    }
  }

  private constructor(
    readonly config: Config,
    readonly store: Store,
    readonly logger: Logger,
    clockOffsetMs: number,
  ) {
    // With ready hooks, not ready until told so (by start, or in a worker by the primary once the hooks ran).
    this.initStatus = { ready: !config.initHooks, initErrors: [] };
    this.clock = new Clock(clockOffsetMs, store);
    this.audit = new AuditTrail(store, (e) => this.logger.error({ err: e }, "audit trail write failed"));
    this.faults = new Faults(store);
    this.limiter = store.shared ? new SharedRateLimiter(store) : new RateLimiter();
    this.blobs = openBlobs(config, store);
    this.services = new Map(services.map((s) => [s.name, s as ServiceDefinition]));
    this.control = new ControlRouter([...controlRoutes, ...stateRoutes, ...resourceRoutes, ...services.flatMap((s) => s.controlRoutes ?? [])]);
  }

  /**
   * When other processes share the store: takes the clock offset, identity epoch and fault-rule version they
   * may have changed (one read per call). Nothing to do when this process owns the store.
   */
  async refreshShared(): Promise<void> {
    if (!this.store.shared) return;
    const meta = await this.store.readMeta(SHARED_KEYS);
    this.clock.refresh(Number(meta.get(CLOCK_KEY) ?? 0));
    this.sharedIdentityEpoch = meta.get(IDENTITY_EPOCH_KEY);
    this.faults.refresh(meta.get(FAULTS_VERSION_KEY));
  }

  setInitStatus(status: { ready: boolean; initErrors: string[] }): void {
    this.initStatus = status;
  }

  /** Wipes all state, or one product's, keeping the default account and its key. */
  async reset(service?: ProductName): Promise<void> {
    await this.audit.flush();
    await this.store.transaction(async (tx) => {
      if (service) {
        await tx.wipe(service);
      } else {
        await tx.wipe(null);
        await accounts.ensureDefault(tx, this.clock.now());
      }
      await identityChange(tx);
    });
    await this.blobs.wipe(service ? `${service}/` : undefined);
    if (!service) {
      this.audit.discard();
      await this.clock.reset();
    }
    await this.faults.clear(service);
  }

  /** Applies the audit retention now and then every minute, off the request path. */
  private startPruning(): void {
    const run = () => {
      const retention = (this.config.auditRetentionDays ?? 90) * DAY_MS;
      this.audit.prune(this.clock.now(), retention, this.config.auditMaxRecords ?? 1_000_000).catch((e) => this.logger.warn({ err: e }, "audit pruning failed"));
    };
    run();
    this.pruneTimer = setInterval(run, 60_000);
    this.pruneTimer.unref();
  }

  async close(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.audit.flush();
    for (const s of services) await (s as ServiceDefinition).onStop?.(this);
    await this.blobs.close();
    await this.store.close();
    this.logger.flush?.();
  }
}
