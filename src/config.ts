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
  /** Bind a non-loopback address without a token, any Host accepted: the explicit, loud opt-in of --insecure-open-control-api. */
  readonly openControlApi?: boolean;
  /** PEM certificate and key: serve HTTPS instead of HTTP (tccli and other clients that only speak HTTPS). */
  readonly tls?: { readonly cert: string; readonly key: string } | null;
  /** `postgres://…`: keep state in PostgreSQL, shared by every tclocal process pointed at it (excludes dataDir). */
  readonly databaseUrl?: string | null;
  /** How long to wait for the database at start-up, in seconds. */
  readonly databaseWaitSeconds?: number;
  /** Processes serving this port (--workers): more than one makes a SQLite store shared. */
  readonly workers?: number;
  /** Audit records older than this many days (emulator clock) are pruned; CloudAudit keeps 90 days. */
  readonly auditRetentionDays?: number;
  /** At most this many audit records are kept (the oldest go first). */
  readonly auditMaxRecords?: number;
  /** A directory every replica mounts, for blobs (COS object data) instead of the database. */
  readonly sharedDir?: string | null;
  /** A state snapshot loaded (replacing the state) before the server listens: --load. */
  readonly loadFile?: string | null;
  /** COS hosts are `<bucket>-<appid>.cos.<region>.<cosDomain>` on tclocal's port (default `localhost`). */
  readonly cosDomain?: string;
  /** Host names besides loopback under which the control API answers without an admin token (compose service names). */
  readonly allowedHosts?: readonly string[];
  /** Ready hooks (--init-dir) run once listening: health says `"ready": false` from the first request until they finished. */
  readonly initHooks?: boolean;
}

export const DEFAULT_CONFIG: Config = {
  host: "127.0.0.1",
  port: 4577,
  dataDir: "./.tclocal",
  rateLimit: false,
  logLevel: "info",
  adminToken: null,
  databaseUrl: null,
  databaseWaitSeconds: 30,
  workers: 1,
  auditRetentionDays: 90,
  auditMaxRecords: 1_000_000,
};

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}
