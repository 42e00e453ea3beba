import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";
import type { InstanceView } from "../cvm/for-products";
import { bindKeyToResource, checkKeyForProduct } from "../kms/for-products";
import { DiskStore, newDisk, type DiskDoc } from "./disk-model";
import { DISK_TYPES, isDiskType, periodDiscount, round2, type DiskType } from "./disk-types";
import { destroyDisk, noteDue, releaseFromInstance } from "./lifecycle";
import { snapshots } from "./snapshot-model";

/**
 * The disks of an instance, in one place for CBS and CVM: what a system or data disk bought with an instance may
 * be, making them, showing them, letting them go with the instance, and the rules for attaching a disk to an
 * instance. CBS's handlers use this module directly; CVM reaches it through cbs/for-products.ts.
 */
type AnyCtx = ActionContext<ProductName>;
const bt = (s: string | number) => "`" + s + "`";

/** The per-instance limit of data disks (DescribeInstancesDiskNum's MaxAttachCount, RunInstances' DataDisks). */
export const MAX_ATTACHED_DATA_DISKS = 20;

export interface InstanceDiskPlan {
  type: DiskType;
  size: number;
  snapshotId: string | null;
  kmsKeyId: string;
  encrypt: boolean;
  deleteWithInstance: boolean;
  throughput: number;
  burst: boolean;
  name: string;
}

export interface DiskRefusal {
  reason: "local-disk" | "unknown-type" | "sold-out" | "size" | "snapshot-not-found" | "snapshot-too-large" | "kms-key";
  message: string;
}

export const isDiskRefusal = (x: unknown): x is DiskRefusal => typeof x === "object" && x !== null && "reason" in x;

/** A disk bought with an instance (RunInstances SystemDisk/DataDisks, ResetInstance…), checked as CBS sells them. */
export async function planInstanceDisk(
  ctx: AnyCtx,
  path: string,
  d: { DiskType?: string; DiskSize?: number; SnapshotId?: string; KmsKeyId?: string; Encrypt?: boolean; DeleteWithInstance?: boolean; ThroughputPerformance?: number; BurstPerformance?: boolean; DiskName?: string },
  usage: "system" | "data",
): Promise<InstanceDiskPlan | DiskRefusal> {
  const type = d.DiskType ?? (usage === "system" ? "CLOUD_BSSD" : "CLOUD_PREMIUM");
  if (/^LOCAL_/.test(type)) return { reason: "local-disk", message: `Local disks (${bt(type)}) are not emulated by tclocal; use a cloud disk type.` };
  if (!isDiskType(type)) return { reason: "unknown-type", message: `The value ${bt(type)} specified in the parameter ${bt(path + ".DiskType")} is not valid.` };
  if (!DISK_TYPES[type].sold) return { reason: "sold-out", message: `The disk type ${bt(type)} is sold out.` };
  const size = d.DiskSize ?? 50;
  const [min, max] = DISK_TYPES[type][usage];
  if (!Number.isInteger(size) || size < min || size > max) {
    return { reason: "size", message: `The value ${bt(size)} specified in the parameter ${bt(path + ".DiskSize")} is not valid.` };
  }
  let snapshotId: string | null = null;
  if (d.SnapshotId) {
    const snap = await snapshots(ctx).get(d.SnapshotId);
    if (!snap) return { reason: "snapshot-not-found", message: `The snapshot ${bt(d.SnapshotId)} does not exist.` };
    if (snap.DiskSize > size) return { reason: "snapshot-too-large", message: `The snapshot ${bt(snap.SnapshotId)} is larger than ${size} GiB.` };
    snapshotId = snap.SnapshotId;
  }
  const kmsKeyId = d.KmsKeyId ?? "";
  if (kmsKeyId) {
    const usable = await checkKeyForProduct(ctx.as("cbs"), kmsKeyId);
    if (usable !== "ok") return { reason: "kms-key", message: `The KMS key ${bt(kmsKeyId)} cannot encrypt disks (${usable}).` };
  }
  return {
    type,
    size,
    snapshotId,
    kmsKeyId,
    encrypt: Boolean(d.Encrypt) || Boolean(kmsKeyId),
    deleteWithInstance: d.DeleteWithInstance ?? true,
    throughput: Number(d.ThroughputPerformance ?? 0),
    burst: Boolean(d.BurstPerformance),
    name: d.DiskName ?? "",
  };
}

/** CNY per month of a disk at CBS prices. */
export function diskMonthlyPrice(type: DiskType, size: number): number {
  return DISK_TYPES[type].monthly * size;
}

export { periodDiscount, round2 };

/** Makes a disk bought with an instance, attached to it from the start; the KMS key (if any) is bound to it. */
export async function createInstanceDisk(
  ctx: AnyCtx,
  d: InstanceDiskPlan,
  usage: "SYSTEM_DISK" | "DATA_DISK",
  o: { zone: string; instanceId: string; chargeType: string; deadline: number | null; renewFlag: string; projectId?: number },
): Promise<string> {
  const disks = new DiskStore(ctx);
  const id = await disks.newId();
  await disks.insert(
    newDisk({
      DiskId: id,
      DiskType: d.type,
      DiskUsage: usage,
      DiskSize: d.size,
      DiskChargeType: o.chargeType === "PREPAID" ? "PREPAID" : "POSTPAID_BY_HOUR",
      Zone: o.zone,
      ProjectId: o.projectId ?? 0,
      createdAt: ctx.now(),
      DiskName: d.name || (usage === "SYSTEM_DISK" ? "System Disk" : "Data Disk"),
      Portable: usage === "DATA_DISK",
      Encrypt: d.encrypt,
      KmsKeyId: d.kmsKeyId,
      EncryptType: d.encrypt ? "ENCRYPT_V2" : "",
      ThroughputPerformance: d.throughput,
      BurstPerformance: d.burst,
      DeleteWithInstance: usage === "SYSTEM_DISK" || d.deleteWithInstance,
      SourceSnapshotId: d.snapshotId,
      deadline: o.deadline,
      RenewFlag: o.renewFlag,
      InstanceId: o.instanceId,
      LastAttachInsId: o.instanceId,
    }),
  );
  if (d.kmsKeyId) await bindKeyToResource(ctx.as("cbs"), d.kmsKeyId, "cbs", id);
  // An elastic prepaid disk keeps its own term (CBS's sweep renews or recycles it); a non-elastic one follows the instance.
  if (usage === "DATA_DISK") await noteDue(ctx, o.deadline);
  ctx.touch(id);
  return id;
}

/**
 * A prepaid instance's term moved on (RenewInstances, automatic renewal): its non-elastic prepaid disks follow it,
 * and its elastic prepaid disks too when asked (RenewPortableDataDisk), aligned to the instance's new deadline.
 */
export async function extendInstanceDisks(ctx: AnyCtx, instanceId: string, deadline: number, elastic: boolean): Promise<void> {
  const store = new DiskStore(ctx);
  for (const d of await store.onInstance(instanceId)) {
    if (d.DiskChargeType !== "PREPAID" || (d.Portable && !elastic) || (d.deadline !== null && d.deadline >= deadline)) continue;
    await store.save({ ...d, deadline });
  }
}

/** A disk of an instance as CVM shows it (Instance.SystemDisk / DataDisks). */
export interface InstanceDiskView {
  DiskId: string;
  DiskType: string;
  DiskSize: number;
  DiskName: string;
  DiskChargeType: string;
  Encrypt: boolean;
  KmsKeyId: string;
  DeleteWithInstance: boolean;
  SnapshotId: string;
  ThroughputPerformance: number;
  BurstPerformance: boolean;
  Portable: boolean;
}

function diskView(d: DiskDoc): InstanceDiskView {
  return {
    DiskId: d.DiskId, DiskType: d.DiskType, DiskSize: d.DiskSize, DiskName: d.DiskName, DiskChargeType: d.DiskChargeType, Encrypt: d.Encrypt,
    KmsKeyId: d.KmsKeyId, DeleteWithInstance: d.DeleteWithInstance, SnapshotId: d.SourceSnapshotId ?? "", ThroughputPerformance: d.ThroughputPerformance,
    BurstPerformance: d.BurstPerformance, Portable: d.Portable,
  };
}

/** The system disk and the data disks attached (or attaching) to an instance. */
export async function instanceDisks(ctx: AnyCtx, instanceId: string, systemDiskId: string): Promise<{ system: InstanceDiskView | undefined; data: InstanceDiskView[] }> {
  const disks = new DiskStore(ctx);
  const system = await disks.get(systemDiskId);
  const data = (await disks.onInstance(instanceId)).filter((d) => d.DiskUsage === "DATA_DISK");
  return { system: system ? diskView(system) : undefined, data: data.map(diskView) };
}

/**
 * The instance is destroyed: its system disk and pay-as-you-go data disks with DeleteWithInstance go (KMS
 * bindings released), prepaid data disks only when asked; the others are detached and stay.
 */
export async function releaseInstanceDisks(ctx: AnyCtx, instanceId: string, releasePrepaid: boolean): Promise<void> {
  for (const disk of await new DiskStore(ctx).onInstance(instanceId)) {
    const release =
      disk.DiskUsage === "SYSTEM_DISK" ||
      (disk.DiskChargeType !== "PREPAID" && disk.DeleteWithInstance) ||
      (disk.DiskChargeType === "PREPAID" && releasePrepaid);
    if (release) await destroyDisk(ctx, disk, false);
    else await releaseFromInstance(ctx, disk);
  }
}

/** Why an instance cannot take disks now (the attach rules), or null: it must be RUNNING or STOPPED. */
export function instanceRefusesDisks(inst: Pick<InstanceView, "InstanceId" | "InstanceState">): string | null {
  return inst.InstanceState === "RUNNING" || inst.InstanceState === "STOPPED"
    ? null
    : `InstanceId: ${inst.InstanceId} is ${inst.InstanceState}: disks can be attached to RUNNING or STOPPED instances.`;
}

/** Data disks attached (or attaching) to an instance, against MAX_ATTACHED_DATA_DISKS. */
export async function attachedDataDisks(ctx: AnyCtx, instanceId: string): Promise<number> {
  return (await new DiskStore(ctx).onInstance(instanceId)).filter((d) => d.DiskUsage === "DATA_DISK").length;
}

/** Changes a disk of an instance in place (CVM ResizeInstanceDisks, ModifyInstanceDiskType, ResetInstance). */
export async function updateInstanceDisk(ctx: AnyCtx, diskId: string, change: { DiskSize?: number; DiskType?: DiskType; SourceSnapshotId?: string | null }): Promise<void> {
  const store = new DiskStore(ctx);
  const d = await store.get(diskId);
  if (d) await store.save({ ...d, ...change });
}

/** A disk of the caller's (CVM checks the disks ResizeInstanceDisks names). */
export async function findDisk(ctx: AnyCtx, diskId: string): Promise<(InstanceDiskView & { InstanceId: string | null; DiskUsage: string }) | undefined> {
  const d = await new DiskStore(ctx).get(diskId);
  return d ? { ...diskView(d), InstanceId: d.InstanceId, DiskUsage: d.DiskUsage } : undefined;
}
