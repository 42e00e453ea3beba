import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/**
 * A throwaway PostgreSQL server for tests, from Debian's `postgresql` package: `initdb` into a temporary
 * directory, `pg_ctl start` on a free port of 127.0.0.1 with its socket in that directory, stopped and removed
 * at the end (also when the test process exits on a failure). initdb refuses to run as root, so as root the
 * server runs as the `postgres` user (runuser).
 */
export interface TestPostgres {
  readonly port: number;
  /** The URL of the `postgres` database (superuser `tclocal`, trust authentication on loopback). */
  readonly adminUrl: string;
  /** A new empty database; its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server (fast shutdown): connections drop, the data stays. */
  stop(): void;
  /** Starts it again on the same port. */
  start(): void;
  /** Stops it and removes its directory. */
  destroy(): void;
}

export function postgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(root, versions[0], "bin");
  }
  const found = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" });
  return found.status === 0 ? join(found.stdout.trim(), "..") : null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A new empty database on the server of `adminUrl`; its URL. */
export async function createDatabase(adminUrl: string): Promise<string> {
  const name = `t_${Math.random().toString(36).slice(2, 12)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const live = new Set<TestPostgres>();
process.once("exit", () => {
  for (const p of live) p.destroy();
});

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL is not installed: apt-get install postgresql (see README, Contributing)");
  const dir = mkdtempSync(join(tmpdir(), "tclocal-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, cmd), ...args]] : [join(bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: "utf8", cwd: dir });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  run("initdb", ["-D", data, "-U", "tclocal", "--auth=trust", "--encoding=UTF8", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400`;
  let stopped = true;
  const adminUrl = `postgres://tclocal@127.0.0.1:${port}/postgres`;
  const self: TestPostgres = {
    port,
    adminUrl,
    createDatabase: () => createDatabase(adminUrl),
    start() {
      run("pg_ctl", ["start", "-D", data, "-w", "-t", "60", "-l", join(dir, "log"), "-o", options]);
      stopped = false;
    },
    stop() {
      if (stopped) return;
      run("pg_ctl", ["stop", "-D", data, "-m", "fast", "-w"]);
      stopped = true;
    },
    destroy() {
      live.delete(self);
      try {
        if (!stopped) run("pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w"]);
      } catch {
        // already gone
      }
      stopped = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  live.add(self);
  self.start();
  return self;
}
