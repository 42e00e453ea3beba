/** Everything tclocal start can be told, from flags or TCLOCAL_* environment variables. */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** Directory of the SQLite database, or null to keep state in memory only. */
  readonly dataDir: string | null;
  /** Enforce per-account, per-action request rates (RequestLimitExceeded). */
  readonly rateLimit: boolean;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Bearer token for the control API; required when binding to a non-loopback address. */
  readonly adminToken: string | null;
  /** PEM certificate and key: serve HTTPS instead of HTTP (tccli and other clients that only speak HTTPS). */
  readonly tls?: { readonly cert: string; readonly key: string } | null;
}

export const DEFAULT_CONFIG: Config = {
  host: "127.0.0.1",
  port: 4577,
  dataDir: "./.tclocal",
  rateLimit: false,
  logLevel: "info",
  adminToken: null,
};

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}
