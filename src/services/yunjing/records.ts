import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/yunjing/v20180228/yunjing_models";
import { docs, key, type Ctx } from "./store";

/*
 * What agents detect on machines, as the control API seeds it. Each record keeps the API's own members
 * (PascalCase, the host's IP and name as they were at detection) plus `at`, the detection time in epoch ms,
 * and the state the response actions change.
 */

interface Detected {
  /** Detection time, epoch ms (trends, dynamics and weekly reports count by it). */
  at: number;
}

export type MalwareDoc = m.Malware &
  Detected & {
    Quuid: string;
    Md5: string;
    /** SEPARATING / RECOVERING until `busyUntil`, then Status. */
    busyAs: "SEPARATING" | "RECOVERING" | null;
    busyUntil: number;
  };
export type BruteAttackDoc = m.BruteAttack & Detected;
export type NonlocalLoginDoc = m.NonLocalLoginPlace & Detected & { Quuid: string };
export type VulDoc = Omit<m.DescribeVulInfoResponse, "RequestId"> & {
  VulId: number;
  VulName: string;
  VulLevel: string;
  VulType: string;
  Description: string;
  RepairPlan: string;
  CveId: string;
  Reference: string;
};
export type ImpactedHostDoc = Detected & {
  Id: number;
  VulId: number;
  Uuid: string;
  Quuid: string;
  MachineIp: string;
  MachineName: string;
  /** As detected: UN_OPERATED or FIXED. */
  VulStatus: "UN_OPERATED" | "FIXED";
  lastScanAt: number;
  /** A rescan started at this time (RescanImpactedHost). */
  rescanAt: number | null;
  /** The user fixed the host at this time (control API); the next rescan finds it FIXED. */
  patchedAt: number | null;
};
export type OpenPortDoc = m.OpenPort & Detected;
export type ProcessDoc = m.Process & Detected;
export type AccountDoc = m.Account & Detected;
export type HistoryAccountDoc = m.HistoryAccount & Detected;
export type ComponentDoc = m.Component & Detected & { ComponentId: number };
export type ComponentInfoDoc = { Id: number; ComponentName: string; ComponentType: string; Homepage: string; Description: string };
export type MaliciousRequestDoc = m.MaliciousRequest & Detected;
export type BashEventDoc = m.BashEvent & Detected;
export type PrivilegeEventDoc = m.PrivilegeEscalationProcess & Detected;
export type ReverseShellDoc = m.ReverseShell & Detected;
export type AttackLogDoc = m.DefendAttackLog &
  Detected & { Quuid: string; HttpHost: string; HttpHead: string; HttpUserAgent: string; HttpReferer: string };

/** Record kinds and their collections. */
export const K = {
  malware: "malware",
  bruteAttack: "brute-attack",
  nonlocalLogin: "nonlocal-login",
  vul: "vul",
  impactedHost: "impacted-host",
  openPort: "open-port",
  process: "process",
  account: "account",
  historyAccount: "history-account",
  component: "component",
  componentInfo: "component-info",
  maliciousRequest: "malicious-request",
  bashEvent: "bash-event",
  privilegeEvent: "privilege-event",
  reverseShell: "reverse-shell",
  attackLog: "attack-log",
} as const;

export const rec = {
  malwares: (ctx: Ctx) => docs<MalwareDoc>(ctx, K.malware),
  bruteAttacks: (ctx: Ctx) => docs<BruteAttackDoc>(ctx, K.bruteAttack),
  nonlocalLogins: (ctx: Ctx) => docs<NonlocalLoginDoc>(ctx, K.nonlocalLogin),
  vuls: (ctx: Ctx) => docs<VulDoc>(ctx, K.vul),
  impactedHosts: (ctx: Ctx) => docs<ImpactedHostDoc>(ctx, K.impactedHost),
  openPorts: (ctx: Ctx) => docs<OpenPortDoc>(ctx, K.openPort),
  processes: (ctx: Ctx) => docs<ProcessDoc>(ctx, K.process),
  accounts: (ctx: Ctx) => docs<AccountDoc>(ctx, K.account),
  historyAccounts: (ctx: Ctx) => docs<HistoryAccountDoc>(ctx, K.historyAccount),
  components: (ctx: Ctx) => docs<ComponentDoc>(ctx, K.component),
  componentInfos: (ctx: Ctx) => docs<ComponentInfoDoc>(ctx, K.componentInfo),
  maliciousRequests: (ctx: Ctx) => docs<MaliciousRequestDoc>(ctx, K.maliciousRequest),
  bashEvents: (ctx: Ctx) => docs<BashEventDoc>(ctx, K.bashEvent),
  privilegeEvents: (ctx: Ctx) => docs<PrivilegeEventDoc>(ctx, K.privilegeEvent),
  reverseShells: (ctx: Ctx) => docs<ReverseShellDoc>(ctx, K.reverseShell),
  attackLogs: (ctx: Ctx) => docs<AttackLogDoc>(ctx, K.attackLog),
};

/** Newest first, as the console lists events. */
export function newestFirst<T extends { at: number; Id: number }>(items: T[]): T[] {
  return items.sort((a, b) => b.at - a.at || b.Id - a.Id);
}

/** Copies exactly the members of an API model out of a stored record (responses carry no extra members). */
export function only<T>(doc: object, keys: readonly (keyof T)[]): T {
  const src = doc as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k as string] = src[k as string];
  return out as T;
}

export function getById<T>(col: { get(id: string): Promise<T | undefined> }, id: number): Promise<T | undefined> {
  return col.get(key(id));
}

// --- malware state ---------------------------------------------------------------------------------------

/** Seconds the agent takes to isolate or restore a file. */
export const MALWARE_ACTION_SECONDS = 5;

export function malwareStatus(d: MalwareDoc, now: number): string {
  return d.busyAs && now < d.busyUntil ? d.busyAs : d.Status;
}

// --- vulnerability rescans ------------------------------------------------------------------------------------

/** Seconds a vulnerability rescan takes on the host. */
export const RESCAN_SECONDS = 60;

export function impactedStatus(d: ImpactedHostDoc, now: number): "UN_OPERATED" | "SCANING" | "FIXED" {
  if (d.rescanAt === null) return d.VulStatus;
  if (now < d.rescanAt + RESCAN_SECONDS * 1000) return "SCANING";
  return d.patchedAt !== null && d.patchedAt <= d.rescanAt ? "FIXED" : "UN_OPERATED";
}

export function impactedLastScan(d: ImpactedHostDoc, now: number): number {
  if (d.rescanAt !== null && now >= d.rescanAt + RESCAN_SECONDS * 1000) return d.rescanAt + RESCAN_SECONDS * 1000;
  return d.lastScanAt;
}
