#!/usr/bin/env node
// npm test's second pass: the whole suite again, each test server on a fresh database of a throwaway
// PostgreSQL server (Debian's postgresql package; see README, Contributing). Skipped with a notice when
// PostgreSQL is not installed, unless CI=true (CI installs it: .ci/run).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { startPostgres, postgresBinDir } = require("../dist/test/helpers/postgres.js");

if (!postgresBinDir()) {
  const message = "PostgreSQL is not installed (apt-get install postgresql): the PostgreSQL pass of the suite did not run";
  if (process.env.CI === "true") {
    console.error(message);
    process.exit(1);
  }
  console.warn(`warning: ${message}`);
  process.exit(0);
}
const server = await startPostgres();
let status = 1;
try {
  // The store and shared-state tests start their own PostgreSQL and ran in the first pass already.
  const folders = readdirSync("dist/test", { withFileTypes: true })
    .filter((d) => d.isDirectory() && !["helpers", "store", "shared", "fixtures"].includes(d.name))
    .map((d) => `dist/test/${d.name}/`);
  const args = ["--test", `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`, "--test-timeout=180000", ...(process.argv.slice(2).length ? process.argv.slice(2) : folders)];
  const r = spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, TCLOCAL_TEST_PG_ADMIN_URL: server.adminUrl } });
  status = r.status ?? 1;
} finally {
  server.destroy();
}
process.exit(status);
