#!/usr/bin/env node
import { Command, Option } from "commander";
import { readFileSync } from "node:fs";
import { DEFAULT_CONFIG, type Config } from "./config";
import { startServer } from "./server";

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
  .action(async (opts: Record<string, string | boolean | undefined>) => {
    const port = Number(opts.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) program.error(`invalid port: ${opts.port}`);
    const flag = (v: unknown) => v === true || (typeof v === "string" && !/^(0|false|no|off|)$/i.test(v));
    const config: Config = {
      host: String(opts.host),
      port,
      dataDir: flag(opts.inMemory) ? null : String(opts.dataDir),
      rateLimit: flag(opts.rateLimit),
      logLevel: opts.logLevel as Config["logLevel"],
      adminToken: (opts.adminToken as string | undefined) || null,
      tls: null,
    };
    if (opts.tlsCert || opts.tlsKey) {
      if (!opts.tlsCert || !opts.tlsKey) program.error("tclocal: --tls-cert and --tls-key go together");
      try {
        Object.assign(config, { tls: { cert: readFileSync(String(opts.tlsCert), "utf8"), key: readFileSync(String(opts.tlsKey), "utf8") } });
      } catch (e) {
        program.error(`tclocal: cannot read the TLS files: ${(e as Error).message}`);
      }
    }
    const running = await startServer(config).catch((e: Error) => program.error(`tclocal: ${e.message}`));
    process.stdout.write(`tclocal listening on ${running.endpoint}\n`);
    const stop = () => {
      running.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });

program.parseAsync(process.argv);
