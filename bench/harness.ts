import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import Sign from "tencentcloud-sdk-nodejs/tencentcloud/common/sign";
import { DEFAULT_ACCOUNT } from "../src/platform/accounts";

export const CLI = join(__dirname, "..", "tclocal.js"); // the bundled `tclocal` bin

export interface Target {
  child: ChildProcess;
  endpoint: string;
  hostPort: string;
}

/** Spawns a server script and waits for its "listening on <url>" line. */
export function spawnServer(args: string[]): Promise<Target> {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/(\S+))/.exec(out);
      if (m) {
        child.stdout!.removeAllListeners("data");
        child.stdout!.resume();
        resolve({ child, endpoint: m[1], hostPort: m[2] });
      }
    });
    child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
}

export async function stop(t: Target): Promise<void> {
  const exited = new Promise((r) => t.child.once("exit", r));
  t.child.kill("SIGTERM");
  await exited;
}

export interface SignedRequest {
  method: "POST";
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A TC3-HMAC-SHA256 request signed like the official Node SDK signs it (valid for 300 s). */
export function signedRequest(
  hostPort: string,
  service: string,
  version: string,
  action: string,
  params: object,
  region = "ap-guangzhou",
  credential: { secretId: string; secretKey: string } = DEFAULT_ACCOUNT,
  /** Exact bytes to send instead of `params` (hostile bodies). */
  rawBody?: string,
): SignedRequest {
  const timestamp = Math.floor(Date.now() / 1000);
  const body = rawBody ?? JSON.stringify(params);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    Host: hostPort,
    "X-TC-Action": action,
    "X-TC-Version": version,
    "X-TC-Timestamp": String(timestamp),
    "X-TC-Region": region,
  };
  headers.Authorization = Sign.sign3({
    method: "POST",
    url: `http://${hostPort}/`,
    payload: Buffer.from(body),
    timestamp,
    service,
    secretId: credential.secretId,
    secretKey: credential.secretKey,
    multipart: false,
    headers,
  } as never);
  return { method: "POST", path: "/", headers, body };
}

/** Calls `fn` until it resolves, every `everyMs`; returns the elapsed ms. */
export async function timeUntil(started: number, fn: () => Promise<boolean>, everyMs = 2): Promise<number> {
  for (;;) {
    try {
      if (await fn()) return Date.now() - started;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
