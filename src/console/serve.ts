import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join } from "node:path";
import type { App } from "../app";
import { allowedHost, hostname } from "../control/guard";

/** Where the console is served: its page and its static files (the data comes from the control API). */
export const CONSOLE_PATH = "/_tclocal/ui";

/**
 * Every answer of the console carries these. The page runs only its own script and style files (no inline script,
 * no eval, nothing from another origin), talks only to its own origin, and cannot be framed.
 */
export const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
    "manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".map": "application/json",
};

interface Asset {
  readonly data: Buffer;
  readonly type: string;
  readonly etag: string;
}

/** `/_tclocal/ui`, `/_tclocal/ui/…` and `/_tclocal/ui?…`, nothing else. */
export function isConsolePath(url: string): boolean {
  if (!url.startsWith(CONSOLE_PATH)) return false;
  const next = url.charAt(CONSOLE_PATH.length);
  return next === "" || next === "/" || next === "?";
}

/** The built console: dist/ui beside dist/src (compiled modules) or beside dist/tclocal.js (the bundle). */
function assetDirectory(): string | null {
  for (const dir of [join(__dirname, "..", "..", "ui"), join(__dirname, "ui")]) {
    if (existsSync(join(dir, "index.html"))) return dir;
  }
  return null;
}

let assets: ReadonlyMap<string, Asset> | null = null;

/** The files of the built console, read once: a fixed set of names, so no request path reaches the file system. */
function loadAssets(): ReadonlyMap<string, Asset> {
  if (assets) return assets;
  const dir = assetDirectory();
  const map = new Map<string, Asset>();
  if (dir) {
    for (const name of readdirSync(dir)) {
      const type = TYPES[extname(name)];
      if (!type) continue;
      const data = readFileSync(join(dir, name));
      map.set(name, { data, type, etag: `"${createHash("sha256").update(data).digest("base64url").slice(0, 22)}"` });
    }
  }
  return (assets = map);
}

function reply(res: ServerResponse, status: number, headers: Record<string, string | number>, body?: Buffer | string, head = false): void {
  const data = body === undefined ? undefined : typeof body === "string" ? Buffer.from(body) : body;
  res.writeHead(status, { ...CONSOLE_HEADERS, ...headers, ...(data ? { "Content-Length": data.length } : {}) });
  res.end(head ? undefined : data);
}

const plain = (message: string) => ({ type: "text/plain; charset=utf-8", message });

/**
 * Serves the console's static files. They load without the admin token (the page then asks for it: every data
 * request goes to the control API, which requires it); the Host must still be one the control API accepts, so a
 * rebound DNS name cannot even read the page.
 */
export function handleConsole(app: App, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const head = req.method === "HEAD";
  const host = req.headers.host;
  if (!host || (!app.config.adminToken && !allowedHost(app.config, hostname(host)))) {
    const p = plain(`the Host ${host ?? "(none)"} is not a loopback name or address; start tclocal with --allowed-hosts to name it`);
    reply(res, 403, { "Content-Type": p.type }, p.message, head);
    return Promise.resolve();
  }
  if (req.method !== "GET" && !head) {
    reply(res, 405, { "Content-Type": "text/plain; charset=utf-8", Allow: "GET, HEAD" }, "the console's files are read with GET", head);
    return Promise.resolve();
  }
  const path = new URL(req.url ?? "/", "http://tclocal").pathname;
  if (path === CONSOLE_PATH) {
    // Relative asset URLs resolve against the folder.
    reply(res, 308, { Location: `${CONSOLE_PATH}/` }, undefined, head);
    return Promise.resolve();
  }
  const files = loadAssets();
  if (!files.size) {
    reply(res, 503, { "Content-Type": "text/plain; charset=utf-8" }, "the console is not built: run npm run build", head);
    return Promise.resolve();
  }
  const name = path === `${CONSOLE_PATH}/` ? "index.html" : path.slice(CONSOLE_PATH.length + 1);
  const asset = files.get(name);
  if (!asset) {
    reply(res, 404, { "Content-Type": "text/plain; charset=utf-8" }, `no console file ${name}`, head);
    return Promise.resolve();
  }
  // Names are not content-hashed: the browser revalidates every time, and an unchanged file costs a 304.
  const cache = { ETag: asset.etag, "Cache-Control": "no-cache" };
  if (req.headers["if-none-match"] === asset.etag) reply(res, 304, cache, undefined, true);
  else reply(res, 200, { ...cache, "Content-Type": asset.type }, asset.data, head);
  return Promise.resolve();
}
