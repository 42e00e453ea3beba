import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";

/** The bundled `tclocal` bin (npm run build). */
export const CLI = join(__dirname, "..", "..", "tclocal.js");

export interface TclocalProcess {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  /** `127.0.0.1:PORT`, what an SDK's endpoint takes. */
  readonly hostPort: string;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash). */
  kill(): Promise<void>;
  control<T = any>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Starts `tclocal start …args` as a child process and resolves once it printed its endpoint. */
export async function spawnTclocal(args: string[], env: Record<string, string> = {}): Promise<TclocalProcess> {
  const child = spawn(process.execPath, [CLI, "start", "--port", "0", "--log-level", "silent", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const exited = once(child, "exit");
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once("exit", (code) => reject(new Error(`tclocal exited (${code}) before printing its endpoint: ${err}`)));
  });
  const endpoint = /listening on (http:\/\/\S+)/.exec(line)?.[1];
  if (!endpoint) throw new Error(`unexpected first line: ${line}`);
  return {
    child,
    endpoint,
    hostPort: endpoint.replace(/^http:\/\//, ""),
    stderr: () => err,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const [code] = (await exited) as [number | null];
      return code;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    async control(method, path, body) {
      const res = await fetch(`${endpoint}/_tclocal${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
  };
}
