import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";

/**
 * The last tclocal whose store was synchronous (0.1.0), built beside this one so both run in one benchmark
 * (issue 11: the asynchronous store may cost at most 10% of SQLite's throughput). Extracted with `git archive`
 * into .bench/, built with this checkout's node_modules. Null when the commit is not in this clone.
 */
export const SYNC_STORE_COMMIT = "35fb546";

export function buildBaseline(root: string): string | null {
  const dir = join(root, ".bench", `baseline-${SYNC_STORE_COMMIT}`);
  const bin = join(dir, "dist", "tclocal.js");
  if (existsSync(bin)) return bin;
  try {
    execFileSync("git", ["cat-file", "-e", `${SYNC_STORE_COMMIT}^{commit}`], { cwd: root, stdio: "ignore" });
  } catch {
    return null;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync("sh", ["-c", `git archive ${SYNC_STORE_COMMIT} | tar -x -C "${dir}"`], { cwd: root });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], { cwd: dir, stdio: "inherit" });
  execFileSync(process.execPath, ["scripts/bundle.mjs"], { cwd: dir, stdio: "inherit" });
  return bin;
}
