/** The control API's answers the console reads (see README, "The control API"). */

export interface Column {
  field: string;
  format?: "epoch-s";
}

export interface KindSummary {
  kind: string;
  title: string;
  describedBy: string;
  columns: Column[];
  count: number;
}

export interface ResourceCatalog {
  uin: string;
  region: string;
  products: { service: string; version: string; kinds: KindSummary[] }[];
}

export interface ResourcePage {
  totalCount: number;
  offset: number;
  limit: number;
  describedBy: string;
  items: { id: string; resource: Record<string, unknown> }[];
}

export interface ResourceDetail {
  id: string;
  describedBy: string;
  resource: Record<string, unknown>;
}

export interface Products {
  tclocal: string;
  regions: { id: string; name: string }[];
  products: { service: string; version: string; regions: string[]; actions: string[]; implemented: string[]; codes: string[] }[];
}

export interface Health {
  status: string;
  sdk: string;
  persistence: Record<string, unknown>;
  store: { kind: string; schemaVersion: number };
  blobs: { kind: string };
  replicaId: string;
  pid: number;
  workers: number;
  uptimeSeconds: number;
}

export interface Clock {
  now: number;
  offsetSeconds: number;
}

export interface AuditRow {
  seq: number;
  requestId: string;
  time: number;
  account: string;
  region: string;
  service: string;
  version: string;
  action: string;
  username: string;
  subUin: string | null;
  secretId: string | null;
  sourceIp: string;
  userAgent: string;
  params: Record<string, unknown>;
  errorCode: string | null;
  errorMessage: string | null;
  latencyMs: number;
  callerKind?: string | null;
}

export interface FaultRule {
  id: string;
  service: string;
  action: string;
  region: string | null;
  code: string;
  message: string | null;
  probability: number;
  remaining: number | null;
  delayMs: number;
  fired: number;
}

export interface Account {
  uin: string;
  appId: number;
  balance: number;
  createdAt: number;
}

export interface Access {
  uin: string;
  keys: { secretId: string; subUin: string | null; enabled: boolean; createdAt: number }[];
  users: { subUin: string; name: string; policy: unknown; mfaProtectedActions: string[]; createdAt: number }[];
  credentials: { tmpSecretId: string; subUin: string | null; mfa: boolean; policy: unknown; expiredTime: number; expired: boolean }[];
}
