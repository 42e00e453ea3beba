import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * The data directory holds every secret key in plain text. When tclocal is about to create it inside a git work
 * tree that does not ignore it, say so once (the next `git add .` would commit the keys).
 */
export function warnIfCommittable(dataDir: string, write: (line: string) => void = (l) => process.stderr.write(l)): void {
  const dir = resolve(dataDir);
  if (existsSync(dir)) return;
  let top = dirname(dir);
  while (!existsSync(resolve(top, ".git"))) {
    const up = dirname(top);
    if (up === top) return;
    top = up;
  }
  // With a trailing slash: the directory does not exist yet, and a "name/" pattern only matches directories.
  const ignored = spawnSync("git", ["check-ignore", "-q", `${dir}/`], { cwd: top, stdio: "ignore" });
  if (ignored.error || ignored.status === 0) return; // no git, or the directory is ignored
  write(
    `tclocal: creating ${dataDir} inside the git work tree ${top}. It holds secret keys in plain text and is not ignored: ` +
      `add "${dataDir.replace(/^\.\//, "")}/" to .gitignore.\n`,
  );
}
