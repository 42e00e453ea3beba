import type { IncomingMessage } from "node:http";
import type { Config } from "../config";

/**
 * What keeps a web page the developer happens to visit from driving the control API (minting root keys,
 * moving the clock) through the browser:
 * - DNS rebinding: the Host must be a loopback name or address, or a name given with --allowed-hosts, unless
 *   an admin token protects the API (a page cannot know the token);
 * - cross-origin requests: an Origin other than the API's own, or Sec-Fetch-Site other than same-origin/none;
 * - "simple" cross-site writes: POST must send application/json (a browser cannot send that cross-origin
 *   without a preflight, which tclocal never grants; PUT, PATCH and DELETE always need one).
 * curl, scripts and the SDKs send none of these browser headers and pass; so does the console, served from the
 * same origin. Returns why a request is refused, or null.
 */
export function foreignRequest(config: Config, req: IncomingMessage): string | null {
  const host = req.headers.host;
  if (!host) return "the Host header is missing";
  if (!config.adminToken && !config.openControlApi && !allowedHost(config, hostname(host))) {
    return `the Host ${host} is not a loopback name or address; start tclocal with --allowed-hosts to name it`;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`) return `cross-origin requests (Origin ${origin}) are refused`;
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") return `cross-site requests (Sec-Fetch-Site: ${site}) are refused`;
  if (req.method === "POST" && mediaType(req.headers["content-type"]) !== "application/json") {
    return "POST requests must send Content-Type: application/json";
  }
  return null;
}

function mediaType(v: string | undefined): string {
  return (v ?? "").split(";")[0].trim().toLowerCase();
}

/** `host[:port]` or `[v6]:port` → the name alone, lowercased. */
export function hostname(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  const colon = h.lastIndexOf(":");
  return colon >= 0 ? h.slice(0, colon) : h;
}

export function allowedHost(config: Config, name: string): boolean {
  if (name === "localhost" || name.endsWith(".localhost") || name === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(name)) return true;
  return (config.allowedHosts ?? []).some((allowed) => allowed.toLowerCase() === name);
}
