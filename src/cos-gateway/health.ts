import type { App } from "../app";

/** Where each running emulator listens (the port may have been 0 = any), for the health entry. */
const listening = new WeakMap<App, { scheme: "http" | "https"; port: number }>();

export function setListening(app: App, scheme: "http" | "https", port: number): void {
  listening.set(app, { scheme, port });
}

/**
 * The `cos` entry of GET /_tclocal/health: COS shares tclocal's port and is told apart by Host, so its
 * endpoint is the server's own and bucket hosts follow `{Bucket}.cos.{Region}.<domain>:PORT`.
 */
export function cosHealth(app: App) {
  const domain = app.config.cosDomain ?? "localhost";
  const at = listening.get(app) ?? { scheme: app.config.tls ? "https" : "http", port: app.config.port };
  return {
    endpoint: `${at.scheme}://127.0.0.1:${at.port}`,
    hostTemplate: `{Bucket}.cos.{Region}.${domain}:${at.port}`,
    serviceHost: `service.cos.${domain}:${at.port}`,
    sharedPort: true,
  };
}
