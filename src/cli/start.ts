import { Command, Option } from "commander";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { superviseWorkers } from "../cluster";
import { DEFAULT_CONFIG, isLoopback, type Config } from "../config";
import { warnIfCommittable } from "../data-dir";
import { describeDatabaseUrl } from "../platform/store/postgres";
import { startServer } from "../server";
import pino from "pino";
import { rootCredential } from "../init/credentials";
import { InitHooks } from "../init/hooks";
import { openStore } from "../platform/store/open";
import { CliError } from "./control-client";
import { usageLine } from "./usage";

const flag = (v: unknown) => v === true || (typeof v === "string" && !/^(0|false|no|off|)$/i.test(v));

/** `tclocal start`: every option has a TCLOCAL_* environment variable (the container image is configured by them). */
export function registerStart(program: Command): void {
  program
    .command("start")
    .description("Start the emulator and print its endpoint")
    .addOption(new Option("--host <host>", "address to bind").env("TCLOCAL_HOST").default(DEFAULT_CONFIG.host))
    .addOption(new Option("--port <port>", "port to listen on (0 for any free port)").env("TCLOCAL_PORT").default(String(DEFAULT_CONFIG.port)))
    .addOption(new Option("--data-dir <dir>", "where state is kept (SQLite)").env("TCLOCAL_DATA_DIR").default(DEFAULT_CONFIG.dataDir))
    .addOption(new Option("--in-memory", "keep no state on disk").env("TCLOCAL_IN_MEMORY"))
    .addOption(new Option("--rate-limit", "enforce documented request rates (RequestLimitExceeded)").env("TCLOCAL_RATE_LIMIT"))
    .addOption(
      new Option("--log-level <level>", "log level")
        .choices(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
        .env("TCLOCAL_LOG_LEVEL")
        .default(DEFAULT_CONFIG.logLevel),
    )
    .addOption(new Option("--admin-token <token>", "bearer token for the control API (required off loopback)").env("TCLOCAL_ADMIN_TOKEN"))
    .addOption(
      new Option("--insecure-open-control-api", "allow a non-loopback bind without --admin-token: anyone who reaches the port controls tclocal").env(
        "TCLOCAL_INSECURE_OPEN_CONTROL_API",
      ),
    )
    .addOption(new Option("--tls-cert <file>", "PEM certificate: serve HTTPS (with --tls-key)").env("TCLOCAL_TLS_CERT"))
    .addOption(new Option("--tls-key <file>", "PEM private key for --tls-cert").env("TCLOCAL_TLS_KEY"))
    .addOption(new Option("--database-url <url>", "keep state in PostgreSQL (postgres://…), shared by every tclocal pointed at it").env("TCLOCAL_DATABASE_URL"))
    .addOption(
      new Option("--database-wait <seconds>", "how long to wait for the database at start-up").env("TCLOCAL_DATABASE_WAIT").default(String(DEFAULT_CONFIG.databaseWaitSeconds)),
    )
    .addOption(new Option("--workers <n>", 'processes serving the port ("auto": one per core)').env("TCLOCAL_WORKERS").default("1"))
    .addOption(
      new Option("--audit-retention-days <days>", "prune audit records older than this (emulator clock)")
        .env("TCLOCAL_AUDIT_RETENTION_DAYS")
        .default(String(DEFAULT_CONFIG.auditRetentionDays)),
    )
    .addOption(
      new Option("--audit-max-records <n>", "keep at most this many audit records").env("TCLOCAL_AUDIT_MAX_RECORDS").default(String(DEFAULT_CONFIG.auditMaxRecords)),
    )
    .addOption(
      new Option("--cos-domain <domain>", "COS hosts are <bucket>-<appid>.cos.<region>.<domain> on this port").env("TCLOCAL_COS_DOMAIN").default("localhost"),
    )
    .addOption(new Option("--shared-dir <dir>", "a directory every replica mounts, for blobs (COS objects) instead of the database").env("TCLOCAL_SHARED_DIR"))
    .addOption(
      new Option("--allowed-hosts <names>", "comma-separated Host names besides loopback the control API answers to (without --admin-token)").env(
        "TCLOCAL_ALLOWED_HOSTS",
      ),
    )
    .addOption(new Option("--load <file>", "load a state snapshot before serving (replaces the state)").env("TCLOCAL_LOAD"))
    .addOption(new Option("--init-dir <dir>", "run DIR/ready.d/* once listening and DIR/shutdown.d/* on SIGTERM").env("TCLOCAL_INIT_DIR"))
    .addOption(new Option("--init-strict", "stop (exit 1) when a ready hook fails").env("TCLOCAL_INIT_STRICT"))
    .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      try {
        await start(configOf(opts, command), opts);
      } catch (e) {
        const err = e as Error & { exitCode?: number };
        process.stderr.write(`tclocal: ${err.message}\n${err.exitCode === 2 ? usageLine(command) + "\n" : ""}`);
        process.exit(err.exitCode ?? 1);
      }
    });
}

function configOf(opts: Record<string, string | boolean | undefined>, command: Command): Config {
  const usage = (message: string) => new CliError(message, 2);
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usage(`invalid port: ${String(opts.port)}`);
  const databaseUrl = (opts.databaseUrl as string | undefined) || null;
  if (databaseUrl) {
    // A data dir given on the command line or by environment (not the default) contradicts a database.
    const dataDirGiven = command.getOptionValueSource("dataDir") !== "default";
    if (flag(opts.inMemory) || dataDirGiven) throw usage("--database-url cannot be combined with --data-dir or --in-memory");
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw usage(`--database-url must be a postgres:// URL, not ${describeDatabaseUrl(databaseUrl)}`);
    if (!URL.canParse(databaseUrl)) throw usage("--database-url is not a valid URL (postgres://user:password@host:port/database)");
  }
  const integer = (name: string, v: unknown, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw usage(`${name} must be an integer ≥ ${min}, not ${String(v)}`);
    return n;
  };
  const config: Config = {
    host: String(opts.host),
    port,
    dataDir: databaseUrl || flag(opts.inMemory) ? null : String(opts.dataDir),
    rateLimit: flag(opts.rateLimit),
    logLevel: opts.logLevel as Config["logLevel"],
    adminToken: (opts.adminToken as string | undefined) || null,
    openControlApi: flag(opts.insecureOpenControlApi),
    tls: null,
    databaseUrl,
    databaseWaitSeconds: integer("--database-wait", opts.databaseWait, 0),
    workers: opts.workers === "auto" ? availableParallelism() : integer("--workers", opts.workers, 1),
    auditRetentionDays: integer("--audit-retention-days", opts.auditRetentionDays, 1),
    auditMaxRecords: integer("--audit-max-records", opts.auditMaxRecords, 1),
    sharedDir: (opts.sharedDir as string | undefined) || null,
    cosDomain: String(opts.cosDomain ?? "localhost"),
    loadFile: (opts.load as string | undefined) || null,
    initHooks: Boolean(opts.initDir),
    allowedHosts: String(opts.allowedHosts ?? "")
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean),
  };
  if (opts.tlsCert || opts.tlsKey) {
    if (!opts.tlsCert || !opts.tlsKey) throw usage("--tls-cert and --tls-key go together");
    try {
      return { ...config, tls: { cert: readFileSync(String(opts.tlsCert), "utf8"), key: readFileSync(String(opts.tlsKey), "utf8") } };
    } catch (e) {
      throw new CliError(`cannot read the TLS files: ${(e as Error).message}`);
    }
  }
  return config;
}

async function start(config: Config, opts: Record<string, string | boolean | undefined>): Promise<void> {
  if (config.openControlApi && !config.adminToken && !isLoopback(config.host)) {
    process.stderr.write(
      `tclocal: WARNING: the control API is open to the network on ${config.host} (--insecure-open-control-api): anyone who reaches ` +
        `this port can mint root keys, move the clock and wipe the state. Set --admin-token instead unless this network is yours alone.\n`,
    );
  }
  if (config.dataDir) warnIfCommittable(config.dataDir);
  const hooks = opts.initDir ? new InitHooks(String(opts.initDir), { strict: flag(opts.initStrict), adminToken: config.adminToken }) : null;

  let endpoint: string;
  let stopServing: () => Promise<void>;
  let report: (status: { ready: boolean; initErrors: string[] }) => void;
  if ((config.workers ?? 1) > 1) {
    const supervisor = await superviseWorkers(config, {
      info: (m) => process.stderr.write(`tclocal: ${m}\n`),
      error: (m) => process.stderr.write(`tclocal: ${m}\n`),
    });
    endpoint = supervisor.endpoint;
    stopServing = supervisor.stop;
    report = supervisor.setInitStatus;
    if (hooks) {
      // The primary serves nothing: it reads the seed calls' credentials from the store the workers share.
      const store = await openStore(supervisor.storeConfig, pino({ level: "silent" }));
      hooks.setCredentials((account) => rootCredential(store, account));
      const close = stopServing;
      stopServing = async () => {
        await store.close();
        await close();
      };
    }
    process.stdout.write(`tclocal listening on ${endpoint} (${config.workers} workers)\n`);
  } else {
    const running = await startServer(config);
    endpoint = running.endpoint;
    stopServing = running.stop;
    report = (status) => running.app.setInitStatus(status);
    hooks?.setCredentials((account) => rootCredential(running.app.store, account));
    process.stdout.write(`tclocal listening on ${endpoint}\n`);
  }

  let stopping = false;
  const stop = (code = 0) => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      try {
        if (hooks) await hooks.runShutdown(endpoint);
        await stopServing();
        process.exit(code);
      } catch {
        process.exit(1);
      }
    })();
  };
  process.once("SIGINT", () => stop());
  process.once("SIGTERM", () => stop());
  watchLauncher(() => stop());

  if (hooks) {
    const errors = await hooks.runReady(endpoint);
    report({ ready: true, initErrors: errors });
    if (errors.length && flag(opts.initStrict)) {
      process.stderr.write(`tclocal: stopping: ${errors.length} ready hook(s) failed (--init-strict)\n`);
      stop(1);
    }
  }
}

/**
 * `npx tclocal start` runs tclocal under npm (npm → sh → node), which does not always pass a signal on: when the
 * process the user started goes away, tclocal would keep the port. Under npm (npm_command set), tclocal watches
 * its launchers (the ancestors up to npm) and stops when one of them is gone. A tclocal started directly (a
 * service manager, a shell's `&`) is not watched: its parent may legitimately exit.
 */
function watchLauncher(stop: () => void): void {
  if (!process.env.npm_command) return;
  const launchers: number[] = [];
  for (let pid = process.ppid; pid > 1 && launchers.length < 4; pid = parentOf(pid)) {
    launchers.push(pid);
    if (/(^|\/)(npm|npx)(-cli\.js)?\b|npm-cli|npx-cli/.test(commandOf(pid))) break;
  }
  const timer = setInterval(() => {
    for (const pid of launchers) {
      try {
        process.kill(pid, 0);
      } catch {
        stop();
        return;
      }
    }
  }, 500);
  timer.unref();
}

function parentOf(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1]);
  } catch {
    return 0;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}
