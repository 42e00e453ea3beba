import pino, { type Logger } from "pino";
import type { Config } from "./config";
import { ControlRouter } from "./control/router";
import { controlRoutes } from "./control/routes";
import type { ProductName } from "./errors/catalog";
import { accounts, identitiesChanged } from "./platform/accounts";
import { AuditTrail } from "./platform/audit-trail";
import { Clock } from "./platform/clock";
import type { ServiceDefinition } from "./platform/definition";
import { Faults } from "./platform/faults";
import { RateLimiter } from "./platform/rate-limit";
import { SqliteStore } from "./platform/store/sqlite";
import type { Store } from "./platform/store/store";
import { services } from "./services";

const CLOCK_KEY = "clock.offsetMs";

/** One running emulator: its configuration, state and the shared platform pieces every product uses. */
export class App {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditTrail;
  readonly faults = new Faults();
  readonly limiter = new RateLimiter();
  readonly logger: Logger;
  readonly services: ReadonlyMap<ProductName, ServiceDefinition>;
  readonly control: ControlRouter;
  readonly startedAt = Date.now();

  get dataDir(): string | null {
    return this.config.dataDir;
  }

  constructor(
    readonly config: Config,
    logger?: Logger,
  ) {
    this.logger = logger ?? pino({ level: config.logLevel, base: undefined }, pino.destination({ sync: false }));
    this.store = new SqliteStore({ dataDir: config.dataDir });
    const offset = Number(this.store.transaction((tx) => tx.getMeta(CLOCK_KEY)) ?? 0);
    this.clock = new Clock(offset, (ms) => this.store.transaction((tx) => tx.setMeta(CLOCK_KEY, String(ms))));
    this.audit = new AuditTrail(this.store);
    this.services = new Map(services.map((s) => [s.name, s as ServiceDefinition]));
    this.control = new ControlRouter([...controlRoutes, ...services.flatMap((s) => s.controlRoutes ?? [])]);
    this.store.transaction((tx) => accounts.ensureDefault(tx, this.clock.now()));
    for (const s of services) (s as ServiceDefinition).onStart?.(this);
  }

  /** Wipes all state, or one product's, keeping the default account and its key. */
  reset(service?: ProductName): void {
    this.audit.flush();
    identitiesChanged();
    this.store.transaction((tx) => {
      if (service) {
        tx.wipe(service);
      } else {
        tx.wipe(null);
        accounts.ensureDefault(tx, this.clock.now());
      }
    });
    if (!service) {
      this.audit.discard();
      this.clock.reset();
    }
    this.faults.clear(service);
  }

  close(): void {
    this.audit.flush();
    this.store.close();
    this.logger.flush?.();
  }
}
