import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { warnIfCommittable } from "../../src/data-dir";

test("a data dir about to be created inside a git work tree is named unless .gitignore covers it", () => {
  const repo = mkdtempSync(join(tmpdir(), "tclocal-git-"));
  try {
    assert.equal(spawnSync("git", ["init", "-q", repo]).status, 0);
    mkdirSync(join(repo, "app"));
    const lines: string[] = [];
    warnIfCommittable(join(repo, "app", ".tclocal"), (l) => lines.push(l));
    assert.equal(lines.length, 1);
    assert.match(lines[0], /secret keys in plain text and is not ignored/);

    writeFileSync(join(repo, ".gitignore"), ".tclocal/\n");
    const afterIgnore: string[] = [];
    warnIfCommittable(join(repo, "app", ".tclocal"), (l) => afterIgnore.push(l));
    assert.deepEqual(afterIgnore, [], "ignored: no warning");

    // Outside any work tree, or an existing directory: nothing to say.
    const outside = mkdtempSync(join(tmpdir(), "tclocal-nogit-"));
    const quiet: string[] = [];
    warnIfCommittable(join(outside, ".tclocal"), (l) => quiet.push(l));
    warnIfCommittable(repo, (l) => quiet.push(l));
    assert.deepEqual(quiet, []);
    rmSync(outside, { recursive: true, force: true });
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});
