import { DEFAULT_CONFIG, type Config } from "../../src/config";
import { startServer, type Running } from "../../src/server";
import { createDatabase } from "./postgres";
import pino from "pino";

export interface TestServer extends Running {
  /** Calls the control API; throws unless the status is 2xx (see `controlRaw` for error statuses). */
  control<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  controlRaw(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
}

/**
 * Set by `npm test`'s second pass (scripts/test-on-postgres.mjs): the admin URL of a throwaway PostgreSQL
 * server. Every test server that asks for no particular store then gets a fresh database of its own there, so
 * the whole suite runs on PostgreSQL too.
 */
const testPostgres = process.env.TCLOCAL_TEST_PG_ADMIN_URL;

/** Which store the suite runs on ("sqlite" or "postgres"), for the few tests that are about one store. */
export const suiteStore: "sqlite" | "postgres" = testPostgres ? "postgres" : "sqlite";

/** A real tclocal on an ephemeral port, in memory unless a data dir is given (or on PostgreSQL, see above), silent. */
export async function startTclocal(overrides: Partial<Config> = {}): Promise<TestServer> {
  const config: Config = { ...DEFAULT_CONFIG, port: 0, dataDir: null, logLevel: "silent", ...overrides };
  const onPostgres = testPostgres && !config.dataDir && !config.databaseUrl;
  const running = await startServer(
    onPostgres ? { ...config, databaseUrl: await createDatabase(testPostgres) } : config,
    pino({ level: "silent" }),
  );
  const controlRaw = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${running.endpoint}/_tclocal${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    ...running,
    controlRaw,
    async control(method, path, body) {
      const r = await controlRaw(method, path, body);
      if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
  };
}
