#!/usr/bin/env node
import { Command, Option } from "commander";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { isWorker, runWorker, superviseWorkers } from "./cluster";
import { DEFAULT_CONFIG, type Config } from "./config";
import { describeDatabaseUrl } from "./platform/store/postgres";
import { startServer } from "./server";
import { warnIfCommittable } from "./data-dir";

const program = new Command("tclocal").description("Local emulator of Tencent Cloud API 3.0");

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
  .addOption(new Option("--tls-cert <file>", "PEM certificate: serve HTTPS (with --tls-key)").env("TCLOCAL_TLS_CERT"))
  .addOption(new Option("--tls-key <file>", "PEM private key for --tls-cert").env("TCLOCAL_TLS_KEY"))
  .addOption(new Option("--database-url <url>", "keep state in PostgreSQL (postgres://…), shared by every tclocal pointed at it").env("TCLOCAL_DATABASE_URL"))
  .addOption(
    new Option("--database-wait <seconds>", "how long to wait for the database at start-up")
      .env("TCLOCAL_DATABASE_WAIT")
      .default(String(DEFAULT_CONFIG.databaseWaitSeconds)),
  )
  .addOption(new Option("--workers <n>", 'processes serving the port ("auto": one per core)').env("TCLOCAL_WORKERS").default("1"))
  .addOption(
    new Option("--audit-retention-days <days>", "prune audit records older than this (emulator clock)")
      .env("TCLOCAL_AUDIT_RETENTION_DAYS")
      .default(String(DEFAULT_CONFIG.auditRetentionDays)),
  )
  .addOption(
    new Option("--audit-max-records <n>", "keep at most this many audit records")
      .env("TCLOCAL_AUDIT_MAX_RECORDS")
      .default(String(DEFAULT_CONFIG.auditMaxRecords)),
  )
  .addOption(new Option("--cos-domain <domain>", "COS hosts are <bucket>-<appid>.cos.<region>.<domain> on this port").env("TCLOCAL_COS_DOMAIN").default("localhost"))
  .addOption(new Option("--shared-dir <dir>", "a directory every replica mounts, for blobs (COS objects) instead of the database").env("TCLOCAL_SHARED_DIR"))
  .addOption(
    new Option("--allowed-hosts <names>", "comma-separated Host names besides loopback the control API answers to (without --admin-token)").env(
      "TCLOCAL_ALLOWED_HOSTS",
    ),
  )
  .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
    const port = Number(opts.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) program.error(`invalid port: ${opts.port}`);
    const flag = (v: unknown) => v === true || (typeof v === "string" && !/^(0|false|no|off|)$/i.test(v));
    const databaseUrl = (opts.databaseUrl as string | undefined) || null;
    if (databaseUrl) {
      // A data dir given on the command line or by environment (not the default) contradicts a database.
      const dataDirGiven = command.getOptionValueSource("dataDir") !== "default";
      if (flag(opts.inMemory) || dataDirGiven) program.error("tclocal: --database-url cannot be combined with --data-dir or --in-memory", { exitCode: 2 });
      if (!/^postgres(ql)?:\/\//.test(databaseUrl)) program.error(`tclocal: --database-url must be a postgres:// URL, not ${describeDatabaseUrl(databaseUrl)}`, { exitCode: 2 });
    }
    const positive = (name: string, v: unknown, min: number) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) program.error(`tclocal: ${name} must be an integer ≥ ${min}, not ${String(v)}`, { exitCode: 2 });
      return n;
    };
    const workers = opts.workers === "auto" ? availableParallelism() : positive("--workers", opts.workers, 1);
    const config: Config = {
      host: String(opts.host),
      port,
      dataDir: databaseUrl || flag(opts.inMemory) ? null : String(opts.dataDir),
      rateLimit: flag(opts.rateLimit),
      logLevel: opts.logLevel as Config["logLevel"],
      adminToken: (opts.adminToken as string | undefined) || null,
      tls: null,
      databaseUrl,
      databaseWaitSeconds: positive("--database-wait", opts.databaseWait, 0),
      workers,
      auditRetentionDays: positive("--audit-retention-days", opts.auditRetentionDays, 1),
      auditMaxRecords: positive("--audit-max-records", opts.auditMaxRecords, 1),
      sharedDir: (opts.sharedDir as string | undefined) || null,
      cosDomain: (opts.cosDomain as string | undefined) || "localhost",
      allowedHosts: String(opts.allowedHosts ?? "")
        .split(",")
        .map((h) => h.trim())
        .filter(Boolean),
    };
    if (config.dataDir) warnIfCommittable(config.dataDir);
    if (opts.tlsCert || opts.tlsKey) {
      if (!opts.tlsCert || !opts.tlsKey) program.error("tclocal: --tls-cert and --tls-key go together");
      try {
        Object.assign(config, { tls: { cert: readFileSync(String(opts.tlsCert), "utf8"), key: readFileSync(String(opts.tlsKey), "utf8") } });
      } catch (e) {
        program.error(`tclocal: cannot read the TLS files: ${(e as Error).message}`);
      }
    }
    if (workers > 1) {
      const supervisor = await superviseWorkers(config, {
        info: (m) => process.stderr.write(`tclocal: ${m}\n`),
        error: (m) => process.stderr.write(`tclocal: ${m}\n`),
      }).catch((e: Error) => program.error(`tclocal: ${e.message}`));
      process.stdout.write(`tclocal listening on ${supervisor.endpoint} (${workers} workers)\n`);
      const stopAll = () => void supervisor.stop().then(() => process.exit(0));
      process.once("SIGINT", stopAll);
      process.once("SIGTERM", stopAll);
      return;
    }
    const running = await startServer(config).catch((e: Error) => program.error(`tclocal: ${e.message}`));
    process.stdout.write(`tclocal listening on ${running.endpoint}\n`);
    const stop = () => {
      void running.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });

if (isWorker()) {
  runWorker().catch((e: Error) => {
    process.stderr.write(`tclocal worker: ${e.message}\n`);
    process.exit(1);
  });
} else {
  void program.parseAsync(process.argv);
}
