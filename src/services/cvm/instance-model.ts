import type { ProductName } from "../../errors/catalog";
import type { Collection } from "../../platform/collection";
import type { ActionContext } from "../../platform/service";

/** Stored states; a transitional one settles by itself once its duration has passed (see `instanceState`). */
export type StoredState =
  | "PENDING" | "RUNNING" | "STARTING" | "STOPPING" | "STOPPED" | "REBOOTING" | "SHUTDOWN" | "TERMINATING"
  | "ENTER_RESCUE_MODE" | "RESCUE_MODE" | "EXIT_RESCUE_MODE";
/** What the API answers; TERMINATED means the instance is gone. */
export type InstanceState = StoredState | "TERMINATED";

export interface Tag {
  Key: string;
  Value: string;
}

export interface InstanceDoc {
  InstanceId: string;
  Uuid: string;
  InstanceName: string;
  InstanceType: string;
  CPU: number;
  Memory: number;
  Zone: string;
  ProjectId: number;
  ImageId: string;
  OsName: string;
  windows: boolean;
  InstanceChargeType: string;
  RenewFlag: string;
  /** Prepaid: expiry (emulator ms) and the amount paid. */
  deadline: number | null;
  paid: number;
  SystemDiskId: string;
  /** The network as it was when the instance let it go (TerminateInstances): VPC holds it while the instance lives. */
  released: ReleasedNetwork | null;
  KeyIds: string[];
  InternetAccessible: { InternetChargeType: string; InternetMaxBandwidthOut: number; PublicIpAssigned: boolean };
  HostName: string;
  UserData: string;
  CamRoleName: string;
  DisableApiTermination: boolean;
  Tags: Tag[];
  createdAt: number;
  state: StoredState;
  stateAt: number;
  StopChargingMode: string;
  latestOperation: { name: string; requestId: string } | null;
  /** In the recycle bin (SHUTDOWN): returned (MANMADE, the default), expired (EXPIRE) or in arrears (ARREAR), since isolatedAt. */
  isolated: boolean;
  isolatedSource?: IsolatedSource;
  isolatedAt?: number;
  /** Pay-as-you-go: hours are paid up to here (emulator ms; createdAt until the first hour is). */
  billedUntil?: number;
  /** Pay-as-you-go in arrears: when the balance first could not pay an hour, and what the unpaid hours cost. */
  arrearsAt?: number | null;
  owed?: number;
  DisasterRecoverGroupId: string;
  HpcClusterId: string;
  /** The CDH host the instance runs on, or "". */
  HostId: string;
  LicenseType: string;
  Metadata: { Key: string; Value: string }[];
}

export type IsolatedSource = "MANMADE" | "EXPIRE" | "ARREAR";

export interface ReleasedNetwork {
  VpcId: string;
  SubnetId: string;
  PrivateIpAddresses: string[];
  PublicIpAddresses: string[];
  SecurityGroupIds: string[];
}

/** How long each transitional state lasts, and what it settles to. */
const SETTLES: Partial<Record<StoredState, { to: InstanceState; ms: number }>> = {
  PENDING: { to: "RUNNING", ms: 15_000 },
  STARTING: { to: "RUNNING", ms: 10_000 },
  STOPPING: { to: "STOPPED", ms: 10_000 },
  REBOOTING: { to: "RUNNING", ms: 10_000 },
  TERMINATING: { to: "TERMINATED", ms: 10_000 },
  ENTER_RESCUE_MODE: { to: "RESCUE_MODE", ms: 10_000 },
  EXIT_RESCUE_MODE: { to: "RUNNING", ms: 10_000 },
};

export function instanceState(i: InstanceDoc, now: number): InstanceState {
  const s = SETTLES[i.state];
  return s && now >= i.stateAt + s.ms ? s.to : i.state;
}

export function isTransitional(state: InstanceState): boolean {
  return state in SETTLES;
}

export function instances(ctx: ActionContext<ProductName>, region?: string): Collection<InstanceDoc> {
  return ctx.as("cvm").docs<InstanceDoc>("instance", region ? { region } : {});
}

/** The instance unless it is gone (terminated); a gone instance's document is removed on the way. */
export async function liveInstance(ctx: ActionContext<ProductName>, id: string, region?: string): Promise<InstanceDoc | undefined> {
  const col = instances(ctx, region);
  const doc = await col.get(id);
  if (!doc) return undefined;
  if (instanceState(doc, ctx.now()) === "TERMINATED") {
    await col.delete(id);
    return undefined;
  }
  return doc;
}

/** Every live instance of the region, oldest first; gone ones are removed on the way. */
export async function liveInstances(ctx: ActionContext<ProductName>, region?: string): Promise<InstanceDoc[]> {
  const col = instances(ctx, region);
  const now = ctx.now();
  const out: InstanceDoc[] = [];
  for (const doc of await col.all()) {
    if (instanceState(doc, now) === "TERMINATED") await col.delete(doc.InstanceId);
    else out.push(doc);
  }
  return out;
}
