import type { Logger } from "pino";
import type { Config } from "../../config";
import { PostgresStore } from "./postgres";
import { SqliteStore } from "./sqlite";
import type { Store } from "./store";

/** The store the configuration names: PostgreSQL with a database URL, else SQLite (a data dir or memory). */
export async function openStore(config: Config, logger: Logger): Promise<Store> {
  if (config.databaseUrl) {
    return PostgresStore.open({ url: config.databaseUrl, waitSeconds: config.databaseWaitSeconds ?? 30, logger });
  }
  return new SqliteStore({ dataDir: config.dataDir, shared: (config.workers ?? 1) > 1 });
}
