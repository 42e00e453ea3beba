// Module `tclocal/testing`: a tclocal for a test suite, in-process (default) or as a child process, on a free
// port and in memory unless told otherwise, so parallel test files never collide.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import pino from "pino";
import { parseDuration } from "./cli/durations";
import { DEFAULT_CONFIG, type Config } from "./config";
import { serviceCatalog } from "./generated/catalog";
import { packageRoot } from "./package-root";
import { DEFAULT_ACCOUNT } from "./platform/accounts";
import { startServer } from "./server";

export interface Credential {
  readonly secretId: string;
  readonly secretKey: string;
  readonly token?: string;
}

export interface StartOptions {
  /** Run `tclocal start` as a child process instead of in this one. */
  readonly process?: boolean;
  /**
   * Start nothing: use the tclocal already running at this endpoint (one a global set-up started), whose
   * `stop()` then leaves it running. How a test file of a Vitest or Jest run gets its own `freshAccount()`.
   */
  readonly endpoint?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** Keep state in this directory (SQLite) instead of memory. */
  readonly dataDir?: string;
  /** Keep state in PostgreSQL. */
  readonly databaseUrl?: string;
  /** Region of the clients `client()` makes (default ap-guangzhou). */
  readonly region?: string;
  readonly logLevel?: Config["logLevel"];
  /** Anything else `tclocal start` takes (in-process only). */
  readonly config?: Partial<Config>;
}

export interface FaultRuleInput {
  readonly service: string;
  readonly action: string;
  readonly code: string;
  readonly region?: string;
  readonly message?: string;
  readonly probability?: number;
  readonly count?: number;
  readonly delayMs?: number;
}

export interface ClientOptions {
  readonly region?: string;
  readonly credential?: Credential;
  /** An API version other than the one tclocal serves by default (e.g. MongoDB's). */
  readonly version?: string;
}

export interface Account {
  readonly uin: string;
  readonly appId: number;
  readonly credential: Credential;
  /** An official SDK client of a product signed with this account's credential. */
  client<T = any>(service: string, options?: Omit<ClientOptions, "credential">): T;
}

export interface Tclocal {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  /** `127.0.0.1:PORT`: what an SDK's httpProfile.endpoint takes. */
  readonly hostPort: string;
  /** The default account's development credential. */
  readonly credential: Credential;
  /** An official SDK client (`tencentcloud-sdk-nodejs`, a peer dependency) pointed at this tclocal. */
  client<T = any>(service: string, options?: ClientOptions): T;
  /** A new isolated root account and its credential: one per test file keeps parallel tests apart. */
  freshAccount(options?: { balance?: number }): Promise<Account>;
  readonly clock: {
    now(): Promise<number>;
    /** Seconds, or a duration such as "90s", "15m", "3h", "7d". */
    advance(by: number | string): Promise<void>;
    set(time: Date | number): Promise<void>;
  };
  readonly faults: {
    add(rule: FaultRuleInput): Promise<{ id: string }>;
    list(): Promise<unknown[]>;
    remove(id: string): Promise<void>;
  };
  /** Wipes all state (or one product's), keeping the default account. */
  reset(service?: string): Promise<void>;
  /** Any control route: `control("GET", "/requests?limit=5")`. */
  control<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** Starts a tclocal for tests. */
export async function startTclocal(options: StartOptions = {}): Promise<Tclocal> {
  const started = options.endpoint
    ? { endpoint: options.endpoint.replace(/\/+$/, ""), hostPort: options.endpoint.replace(/^https?:\/\//, "").replace(/\/+$/, ""), stop: async () => {} }
    : options.process
      ? await startChild(options)
      : await startInProcess(options);
  const { endpoint, hostPort, stop } = started;
  const region = options.region ?? "ap-guangzhou";
  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${endpoint}/_tclocal${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`tclocal control ${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const client = <T>(service: string, o: ClientOptions = {}): T => sdkClient<T>(hostPort, service, o.version, o.credential ?? DEFAULT_ACCOUNT, o.region ?? region);
  return {
    endpoint,
    hostPort,
    credential: { secretId: DEFAULT_ACCOUNT.secretId, secretKey: DEFAULT_ACCOUNT.secretKey },
    client,
    async freshAccount(o = {}) {
      const a = await control<{ uin: string; appId: number; secretId: string; secretKey: string }>("POST", "/accounts", { balance: o.balance ?? 1_000_000 });
      const credential = { secretId: a.secretId, secretKey: a.secretKey };
      return { uin: a.uin, appId: a.appId, credential, client: <T>(service: string, co: Omit<ClientOptions, "credential"> = {}) => client<T>(service, { ...co, credential }) };
    },
    clock: {
      now: async () => (await control<{ now: number }>("GET", "/clock")).now,
      advance: async (by) => void (await control("POST", "/clock", { advanceSeconds: typeof by === "number" ? by : durationSeconds(by) })),
      set: async (time) => void (await control("POST", "/clock", { set: Math.floor((typeof time === "number" ? time * 1000 : time.getTime()) / 1000) })),
    },
    faults: {
      add: (rule) => control("POST", "/faults", rule),
      list: async () => (await control<{ faults: unknown[] }>("GET", "/faults")).faults,
      remove: async (id) => void (await control("DELETE", `/faults/${encodeURIComponent(id)}`)),
    },
    reset: async (service) => void (await control("POST", "/reset", service ? { service } : {})),
    control,
    stop,
  };
}

function durationSeconds(text: string): number {
  const seconds = parseDuration(text);
  if (!Number.isFinite(seconds)) throw new Error(`not a duration: ${text} (use 90s, 15m, 3h, 7d)`);
  return seconds;
}

/** `new (require("tencentcloud-sdk-nodejs")[service][vYYYYMMDD].Client)(…)` pointed at tclocal. */
function sdkClient<T>(hostPort: string, service: string, version: string | undefined, credential: Credential, region: string): T {
  let sdk: Record<string, Record<string, { Client: new (config: unknown) => T }>>;
  try {
    sdk = require("tencentcloud-sdk-nodejs") as typeof sdk;
  } catch {
    throw new Error("tclocal/testing: client() needs the tencentcloud-sdk-nodejs package (npm install --save-dev tencentcloud-sdk-nodejs)");
  }
  const served = (serviceCatalog as Record<string, { version: string } | undefined>)[service]?.version;
  const v = `v${(version ?? served ?? "").replace(/-/g, "")}`;
  const Client = sdk[service]?.[v]?.Client;
  if (!Client) throw new Error(`tclocal/testing: the SDK has no client for ${service} ${v}`);
  return new Client({ credential, region, profile: { httpProfile: { endpoint: hostPort, protocol: "http://" } } });
}

async function startInProcess(o: StartOptions): Promise<{ endpoint: string; hostPort: string; stop: () => Promise<void> }> {
  const running = await startServer(
    {
      ...DEFAULT_CONFIG,
      port: o.port ?? 0,
      dataDir: o.dataDir ?? null,
      databaseUrl: o.databaseUrl ?? null,
      logLevel: o.logLevel ?? "silent",
      ...o.config,
    },
    pino({ level: o.logLevel ?? "silent" }),
  );
  return { endpoint: running.endpoint, hostPort: running.hostPort, stop: running.stop };
}

async function startChild(o: StartOptions): Promise<{ endpoint: string; hostPort: string; stop: () => Promise<void> }> {
  const args = [join(packageRoot(), "dist", "tclocal.js"), "start", "--port", String(o.port ?? 0), "--log-level", o.logLevel ?? "warn"];
  if (o.databaseUrl) args.push("--database-url", o.databaseUrl);
  else if (o.dataDir) args.push("--data-dir", o.dataDir);
  else args.push("--in-memory");
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /listening on (https?:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`tclocal exited (${code}) before listening: ${err}`)));
  });
  return {
    endpoint,
    hostPort: endpoint.replace(/^https?:\/\//, ""),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
