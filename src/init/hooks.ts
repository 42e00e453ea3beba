import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_ACCOUNT } from "../platform/accounts";
import { parseSeedFile, runSeedCalls, type Credentials } from "./seed";

/**
 * --init-dir DIR: `DIR/ready.d/*` run in name order once the server listens, `DIR/shutdown.d/*` on SIGTERM before
 * it stops. `*.sh` and executables run with bash (or directly), `*.mjs`/`*.js`/`*.cjs` with node, `*.json` are
 * seed files (seed.ts). Scripts get the endpoint (on loopback when tclocal binds every interface) and a
 * credential in their environment, so an SDK script runs unchanged: TENCENTCLOUD_SECRET_ID/SECRET_KEY/REGION
 * as tclocal's own environment sets them, else the development credential and ap-guangzhou; with --admin-token,
 * TCLOCAL_ADMIN_TOKEN too (the `tclocal` client commands read it). A failing hook is
 * logged with its output and named in health (`initErrors`).
 */
export class InitHooks {
  constructor(
    readonly dir: string,
    private readonly o: {
      strict: boolean;
      /** The control API's token (--admin-token), handed to scripts as TCLOCAL_ADMIN_TOKEN for the `tclocal` client commands. */
      adminToken?: string | null;
      log?: (line: string) => void;
      credentialsOf?: (account: string | undefined) => Promise<Credentials>;
    },
  ) {}

  private log(line: string): void {
    (this.o.log ?? ((l: string) => process.stderr.write(l + "\n")))(`tclocal: init: ${line}`);
  }

  /** Runs ready.d; resolves the failures (empty when every hook succeeded). With strict, stops at the first. */
  async runReady(endpoint: string): Promise<string[]> {
    return this.runAll("ready.d", endpoint);
  }

  async runShutdown(endpoint: string): Promise<string[]> {
    return this.runAll("shutdown.d", endpoint);
  }

  setCredentials(fn: (account: string | undefined) => Promise<Credentials>): void {
    this.o.credentialsOf = fn;
  }

  private async runAll(phase: string, listening: string): Promise<string[]> {
    const endpoint = reachable(listening);
    const folder = join(this.dir, phase);
    let names: string[];
    try {
      names = (await readdir(folder, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith(".")).map((e) => e.name);
    } catch {
      return [];
    }
    names.sort();
    const errors: string[] = [];
    for (const name of names) {
      const file = join(folder, name);
      const started = Date.now();
      try {
        const what = await this.runOne(file, name, endpoint);
        this.log(`${phase}/${name}: ${what} (${Date.now() - started} ms)`);
      } catch (e) {
        const message = `${phase}/${name}: ${(e as Error).message}`;
        this.log(`FAILED ${message}`);
        errors.push(message);
        if (this.o.strict) break;
      }
    }
    return errors;
  }

  private async runOne(file: string, name: string, endpoint: string): Promise<string> {
    if (name.endsWith(".json")) {
      const calls = parseSeedFile(await readFile(file, "utf8"), name);
      const credentialsOf = this.o.credentialsOf ?? (async () => DEFAULT_ACCOUNT);
      const n = await runSeedCalls(endpoint, calls, name, credentialsOf, process.env.TENCENTCLOUD_REGION || "ap-guangzhou");
      return `${n} calls`;
    }
    const env = {
      ...process.env,
      TCLOCAL_ENDPOINT: endpoint,
      TCLOCAL_HOST_PORT: endpoint.replace(/^https?:\/\//, ""),
      TENCENTCLOUD_SECRET_ID: process.env.TENCENTCLOUD_SECRET_ID || DEFAULT_ACCOUNT.secretId,
      TENCENTCLOUD_SECRET_KEY: process.env.TENCENTCLOUD_SECRET_KEY || DEFAULT_ACCOUNT.secretKey,
      TENCENTCLOUD_REGION: process.env.TENCENTCLOUD_REGION || "ap-guangzhou",
      ...(this.o.adminToken ? { TCLOCAL_ADMIN_TOKEN: this.o.adminToken } : {}),
    };
    let command: string;
    let args: string[];
    if (/\.(mjs|cjs|js)$/.test(name)) [command, args] = [process.execPath, [file]];
    else if (name.endsWith(".sh")) [command, args] = ["bash", [file]];
    else if (await executable(file)) [command, args] = [file, []];
    else return "skipped (not executable, not .sh, .js, .mjs or .json)";
    const { code, output } = await run(command, args, env);
    if (code !== 0) throw new Error(`exited with ${code}${output ? `; output:\n${output.trimEnd()}` : ""}`);
    return "ok";
  }
}

/** The endpoint as a hook on this machine reaches it: a wildcard bind (0.0.0.0, ::) is reached on loopback. */
export function reachable(endpoint: string): string {
  return endpoint.replace(/^(https?:\/\/)0\.0\.0\.0(?=:)/, "$1127.0.0.1").replace(/^(https?:\/\/)\[::\](?=:)/, "$1[::1]");
}

async function executable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | string; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (d: Buffer) => {
      output = (output + d.toString("utf8")).slice(-16 * 1024);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", (e) => resolve({ code: e.message, output }));
    child.on("close", (code, signal) => resolve({ code: code ?? signal ?? "?", output }));
  });
}
