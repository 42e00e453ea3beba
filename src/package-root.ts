import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The directory of tclocal's package.json (the compiled modules and the bundled bin both live below it). */
export function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("tclocal: package.json not found above " + __dirname);
    dir = up;
  }
  return dir;
}

let version: string | undefined;
/** tclocal's own version, from its package.json. */
export function tclocalVersion(): string {
  return (version ??= (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version);
}
