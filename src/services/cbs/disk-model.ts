import type { ProductName } from "../../errors/catalog";
import { shortId } from "../../platform/ids";
import { uniqueId, type ActionContext } from "../../platform/service";
import type { DiskType } from "./disk-types";

export type DiskUsage = "SYSTEM_DISK" | "DATA_DISK";
export type DiskChargeType = "PREPAID" | "POSTPAID_BY_HOUR" | "CDCPAID";
export type DiskState = "UNATTACHED" | "ATTACHING" | "ATTACHED" | "DETACHING" | "EXPANDING" | "ROLLBACKING" | "TORECYCLE";

/** A change in progress: its state name, when it started and when it is done (emulator ms). */
export interface DiskOperation {
  kind: "ATTACHING" | "DETACHING" | "EXPANDING" | "ROLLBACKING";
  startedAt: number;
  until: number;
  /** DETACHING: the instance the disk leaves. */
  instanceId?: string;
}

export interface Tag {
  Key: string;
  Value: string;
}

/** A CBS disk as stored. A disk attached (or attaching) to an instance is stored with that instance as parent. */
export interface DiskDoc {
  DiskId: string;
  DiskName: string;
  DiskType: DiskType;
  DiskUsage: DiskUsage;
  DiskSize: number;
  DiskChargeType: DiskChargeType;
  Zone: string;
  ProjectId: number;
  Portable: boolean;
  Shareable: boolean;
  Encrypt: boolean;
  KmsKeyId: string;
  EncryptType: string;
  ThroughputPerformance: number;
  BurstPerformance: boolean;
  DeleteWithInstance: boolean;
  DeleteSnapshot: number;
  Tags: Tag[];
  /** The snapshot the disk was created from (InitializeDisks rolls back to it). */
  SourceSnapshotId: string | null;
  DiskBackupQuota: number;
  createdAt: number;
  /** Prepaid: the deadline (emulator ms) and renewal settings; what was paid (for the 5-day refund). */
  deadline: number | null;
  RenewFlag: string;
  autoRenewPeriod: number;
  paid: number;
  /** The instance the disk is attached to (or attaching to); null when not attached. */
  InstanceId: string | null;
  /** Shareable disks: every instance they are attached to. */
  InstanceIds: string[];
  LastAttachInsId: string | null;
  AttachMode: string;
  op: DiskOperation | null;
  /** When the disk went to the recycle bin (returned prepaid disk, or expired). */
  recycledAt: number | null;
  /** Why: "returned" (TerminateDisks) or "expired". */
  recycleReason: "returned" | "expired" | null;
  AutoSnapshotPolicyIds: string[];
  /** The dedicated cluster (CDC storage pool) the disk lives in, if any. */
  CdcId: string | null;
}

/** Time a disk change takes (ms). Rollback and snapshot durations depend on size (see snapshot-model). */
export const ATTACH_MS = 5_000;
export const DETACH_MS = 5_000;
export const EXPAND_MS = 10_000;
/** A returned or expired prepaid disk stays in the recycle bin this long, then it is destroyed. */
export const RECYCLE_KEEP_MS = 7 * 86_400_000;

/** The state of a disk as of `now`, derived from its stored operation and attachment. */
export function diskState(disk: DiskDoc, now: number): DiskState {
  if (disk.recycledAt !== null) return "TORECYCLE";
  if (disk.op && now < disk.op.until) return disk.op.kind;
  return disk.InstanceId || disk.InstanceIds.length ? "ATTACHED" : "UNATTACHED";
}

/** Busy: a change is still running. */
export function isBusy(disk: DiskDoc, now: number): boolean {
  return disk.recycledAt === null && disk.op !== null && now < disk.op.until;
}

export function isExpired(disk: DiskDoc, now: number): boolean {
  return disk.deadline !== null && disk.DiskChargeType === "PREPAID" && now >= disk.deadline;
}

/** The disks collection of a call's account and region, keeping the attached-instance parent index right. */
export class DiskStore {
  constructor(private readonly ctx: ActionContext<ProductName>) {}

  private get col() {
    return this.ctx.as("cbs").docs<DiskDoc>("disk");
  }

  get(id: string): Promise<DiskDoc | undefined> {
    return this.col.get(id);
  }

  newId(): Promise<string> {
    return uniqueId(this.col, () => shortId("disk"));
  }

  async insert(disk: DiskDoc): Promise<DiskDoc> {
    await this.bump(counts(disk));
    return this.col.insert(disk.DiskId, disk, disk.InstanceId);
  }

  async save(disk: DiskDoc): Promise<DiskDoc> {
    const before = await this.col.get(disk.DiskId);
    if (before) await this.bump(counts(disk) - counts(before));
    return this.col.update(disk.DiskId, disk, disk.InstanceId);
  }

  async delete(id: string): Promise<boolean> {
    const before = await this.col.get(id);
    if (before) await this.bump(-counts(before));
    return this.col.delete(id);
  }

  /** Pay-as-you-go data disks in the region (the disk quota), kept as a counter so checking it is O(1). */
  async postpaidDataDisks(): Promise<number> {
    return (await this.ctx.as("cbs").docs<{ n: number }>("usage").get("postpaid-data-disks"))?.n ?? 0;
  }

  private async bump(delta: number): Promise<void> {
    if (!delta) return;
    const usage = this.ctx.as("cbs").docs<{ n: number }>("usage");
    await usage.put("postpaid-data-disks", { n: ((await usage.get("postpaid-data-disks"))?.n ?? 0) + delta });
  }

  /** Disks attached (or attaching) to an instance: indexed by parent. */
  onInstance(instanceId: string): Promise<DiskDoc[]> {
    return this.col.all(instanceId);
  }

  countOnInstance(instanceId: string): Promise<number> {
    return this.col.count(instanceId);
  }

  page(offset: number, limit: number, order: "asc" | "desc"): Promise<DiskDoc[]> {
    return this.col.list({ offset, limit, order });
  }

  count(): Promise<number> {
    return this.col.count();
  }

  all(): Promise<DiskDoc[]> {
    return this.col.all();
  }
}

function counts(d: DiskDoc): number {
  return d.DiskUsage === "DATA_DISK" && d.DiskChargeType === "POSTPAID_BY_HOUR" ? 1 : 0;
}

/** A new disk document with the defaults every creation path shares. */
export function newDisk(fields: Pick<DiskDoc, "DiskId" | "DiskType" | "DiskUsage" | "DiskSize" | "DiskChargeType" | "Zone" | "createdAt"> & Partial<DiskDoc>): DiskDoc {
  return {
    DiskName: "Unnamed",
    ProjectId: 0,
    Portable: fields.DiskUsage === "DATA_DISK",
    Shareable: false,
    Encrypt: false,
    KmsKeyId: "",
    EncryptType: "",
    ThroughputPerformance: 0,
    BurstPerformance: false,
    DeleteWithInstance: false,
    DeleteSnapshot: 0,
    Tags: [],
    SourceSnapshotId: null,
    DiskBackupQuota: 0,
    deadline: null,
    RenewFlag: "NOTIFY_AND_MANUAL_RENEW",
    autoRenewPeriod: 1,
    paid: 0,
    InstanceId: null,
    InstanceIds: [],
    LastAttachInsId: null,
    AttachMode: "PF",
    op: null,
    recycledAt: null,
    recycleReason: null,
    AutoSnapshotPolicyIds: [],
    CdcId: null,
    ...fields,
  };
}
