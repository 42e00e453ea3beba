#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { isWorker, runWorker } from "./cluster";
import { registerClientCommands } from "./cli/commands";
import { CliError } from "./cli/control-client";
import { registerStart } from "./cli/start";
import { showUsageAfterErrors, usageLine } from "./cli/usage";
import { tclocalVersion } from "./package-root";

/**
 * The `tclocal` command. `start` runs the emulator; the other commands are thin clients of a running tclocal's
 * control API (--endpoint, --admin-token). A wrong argument prints the error and the command's usage line and exits 2; an unreachable
 * endpoint or a refused request prints one sentence and exits 1.
 */
function main(): void {
  const program = new Command("tclocal")
    .description("Local emulator of Tencent Cloud API 3.0")
    .version(tclocalVersion(), "-v, --version")
    .exitOverride();
  registerStart(program);
  registerClientCommands(program);
  showUsageAfterErrors(program);
  let running: Command = program;
  program.hook("preAction", (_program, action) => void (running = action));
  program.parseAsync(process.argv).catch((e: unknown) => {
    if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
    const err = e as Error & { exitCode?: number };
    const usage = e instanceof CliError && e.exitCode === 2;
    process.stderr.write(`tclocal: ${err.message}\n${usage ? usageLine(running) + "\n" : ""}`);
    process.exit(e instanceof CliError ? e.exitCode : 1);
  });
}

if (isWorker()) {
  runWorker().catch((e: Error) => {
    process.stderr.write(`tclocal worker: ${e.message}\n`);
    process.exit(1);
  });
} else {
  main();
}
