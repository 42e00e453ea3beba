import type { Command } from "commander";

/** `usage: tclocal faults add [options] <service> <action> <code>`: the line printed with a usage error (exit 2). */
export function usageLine(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return `usage: ${names.join(" ")} ${cmd.usage()}`;
}

/** Every command prints its own usage line after an error commander finds (a missing argument, an unknown option). */
export function showUsageAfterErrors(cmd: Command): void {
  cmd.showHelpAfterError(cmd.parent ? usageLine(cmd) : `${usageLine(cmd)} (run tclocal --help for the commands)`);
  for (const sub of cmd.commands) showUsageAfterErrors(sub);
}
