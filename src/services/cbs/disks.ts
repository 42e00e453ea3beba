import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_models";
import type { Req, Res } from "../../platform/definition";
import { bindKeyToResource, checkKeyForProduct } from "../kms/for-products";
import { zoneInfo } from "../cvm/for-products";
import { attachedDataDisks, instanceRefusesDisks } from "./instance-disks";
import { addMonths, bt, checkFilters, checkIds, fail, order, paging, RENEW_FLAGS, tagMatches, type Ctx, type Filter } from "./common";
import { checkUsable, countRefund, loadDisks, loadInstance, MAX_ATTACHED_DATA_DISKS, presentDisk, refundability } from "./disk-access";
import { ATTACH_MS, diskState, DiskStore, newDisk, RECYCLE_KEEP_MS, type DiskDoc } from "./disk-model";
import { DISK_TYPES, EXTRA_PERFORMANCE_MIN_SIZE, isDiskType, PREPAID_PERIODS, type DiskType } from "./disk-types";
import { destroyDisk, noteDue } from "./lifecycle";
import { diskLines, prepaidCost } from "./pricing";
import { lookupSnapshot, snapshotState } from "./snapshot-model";
import { clusters, usedGiB, type ClusterDoc } from "./dedicated";

/** Pay-as-you-go data disks per account and region (the quota CreateDisks checks; tclocal's number, see docs). */
export const POSTPAID_DISK_QUOTA = 500;
/** Disks one CreateDisks call may create. */
export const MAX_DISK_COUNT = 50;
/** Tags one disk may carry. */
export const MAX_TAGS = 50;

export function checkPrepaid(ctx: Ctx, p: m.DiskChargePrepaid | undefined, member: string): { period: number; renewFlag: string } {
  if (!p) fail(ctx, "MissingParameter", `The request is missing a required parameter ${bt(member)}.`);
  const period = Number(p.Period);
  if (!PREPAID_PERIODS.includes(period)) fail(ctx, "InvalidParameterValue", `The value ${bt(period)} specified in the parameter ${bt(member + ".Period")} is not valid.`);
  const renewFlag = p.RenewFlag ?? "NOTIFY_AND_MANUAL_RENEW";
  if (!RENEW_FLAGS.includes(renewFlag)) fail(ctx, "InvalidParameterValue", `The value ${bt(renewFlag)} specified in the parameter ${bt(member + ".RenewFlag")} is not valid.`);
  return { period, renewFlag };
}

export function checkDiskType(ctx: Ctx, type: string, standalone: boolean): DiskType {
  if (!isDiskType(type)) fail(ctx, "InvalidDisk.TypeError", `DiskType: ${type} is not a cloud disk type.`, `DiskType: ${type} 不是云硬盘类型。`);
  if (!DISK_TYPES[type].sold) fail(ctx, "InvalidParameter.DiskConfigNotSupported", `DiskType: ${type} is no longer sold in ${ctx.region}.`);
  if (standalone && !DISK_TYPES[type].standalone) fail(ctx, "InvalidDisk.TypeError", `DiskType: ${type} can only be bought together with an instance.`);
  return type;
}

export function checkSize(ctx: Ctx, type: DiskType, size: number, member = "DiskSize", usage: "data" | "system" = "data"): void {
  const [min, max] = DISK_TYPES[type][usage];
  if (!Number.isInteger(size) || size < min || size > max) {
    fail(ctx, "InvalidParameterValue", `The value ${bt(size)} specified in the parameter ${bt(member)} is not valid: ${type} disks are ${min} to ${max} GiB.`);
  }
}

export function checkExtraPerformance(ctx: Ctx, type: DiskType, size: number, throughput: number, member = "ThroughputPerformance"): void {
  if (!throughput) return;
  const range = DISK_TYPES[type].extra;
  if (!range || size < EXTRA_PERFORMANCE_MIN_SIZE) {
    fail(ctx, "InvalidParameterValue", `${bt(member)} is only for CLOUD_HSSD and CLOUD_TSSD disks of at least ${EXTRA_PERFORMANCE_MIN_SIZE} GiB.`);
  }
  if (throughput < range[0] || throughput > range[1]) {
    fail(ctx, "InvalidParameterValue", `The value ${bt(throughput)} specified in the parameter ${bt(member)} is not valid: ${range[0]} to ${range[1]} MiB/s.`);
  }
}

function checkTags(ctx: Ctx, tags: readonly m.Tag[]): void {
  if (tags.length > MAX_TAGS) fail(ctx, "InvalidParameterValue.LimitExceeded", `A disk carries at most ${MAX_TAGS} tags.`);
  const keys = new Set<string>();
  for (const t of tags) {
    if (keys.has(t.Key)) fail(ctx, "InvalidParameterValue", `The tag key ${bt(t.Key)} is repeated.`);
    keys.add(t.Key);
  }
}

async function checkKms(ctx: Ctx, keyId: string): Promise<void> {
  const usable = await checkKeyForProduct(ctx, keyId);
  if (usable === "not-found") fail(ctx, "InvalidParameterValue", `KmsKeyId: ${keyId} does not exist in ${ctx.region}.`);
  if (usable === "disabled") fail(ctx, "InvalidParameterValue", `KmsKeyId: ${keyId} is not enabled.`);
  if (usable !== "ok") fail(ctx, "InvalidParameterValue", `KmsKeyId: ${keyId} cannot encrypt disks: it must be an enabled symmetric ENCRYPT_DECRYPT key.`);
}

function tokens(ctx: Ctx) {
  return ctx.docs<{ ids: string[] }>("client-token");
}

export async function createDisks(ctx: Ctx, req: Req<m.CreateDisksRequest>): Promise<Res<m.CreateDisksResponse>> {
  if (req.ClientToken !== undefined) {
    if (req.ClientToken.length > 64) fail(ctx, "InvalidParameter.InvalidClientToken", "ClientToken must be at most 64 ASCII characters.");
    const seen = await tokens(ctx).get(req.ClientToken);
    if (seen) return { DiskIdSet: seen.ids };
  }
  const zone = zoneInfo(req.Placement.Zone);
  if (!zone || zone.region !== ctx.region) fail(ctx, "InvalidParameterValue", `Zone: ${req.Placement.Zone} is not a zone of ${ctx.region}.`);
  if ((req.Placement.ProjectId ?? 0) !== 0) fail(ctx, "InvalidParameter.ProjectIdNotExist", `ProjectId: ${req.Placement.ProjectId} does not exist.`);
  let cluster: ClusterDoc | undefined;
  if (req.Placement.CdcId) {
    cluster = await clusters(ctx).get(req.Placement.CdcId);
    if (!cluster) fail(ctx, "InvalidParameterValue", `CdcId: ${req.Placement.CdcId} does not exist.`);
    if (cluster.Zone !== zone.Zone) fail(ctx, "InvalidParameterValue", `CdcId: ${cluster.CdcId} is in ${cluster.Zone}, not ${zone.Zone}.`);
  }
  const charge = req.DiskChargeType;
  if (charge === "CDCPAID" && !cluster) fail(ctx, "InvalidParameterValue", "CDCPAID disks are created in a dedicated cluster: give `Placement.CdcId`.");
  if (charge !== "PREPAID" && charge !== "POSTPAID_BY_HOUR" && charge !== "CDCPAID") {
    fail(ctx, "InvalidParameterValue", `The value ${bt(charge)} specified in the parameter ${bt("DiskChargeType")} is not valid.`);
  }
  const type = checkDiskType(ctx, req.DiskType, true);
  if (cluster && cluster.DiskType !== type) fail(ctx, "InvalidParameter.DiskConfigNotSupported", `CdcId: ${cluster.CdcId} holds ${cluster.DiskType} disks, not ${type}.`);
  if (!zone.available) fail(ctx, "ResourceInsufficient", `Zone: ${zone.Zone} is sold out: no ${type} capacity is left.`);
  const count = req.DiskCount ?? 1;
  if (!Number.isInteger(count) || count < 1) fail(ctx, "InvalidParameterValue", `The value ${bt(count)} specified in the parameter ${bt("DiskCount")} is not valid.`);
  if (count > MAX_DISK_COUNT) fail(ctx, "InvalidParameterValue.LimitExceeded", `DiskCount: at most ${MAX_DISK_COUNT} disks can be created in one request.`);
  if (req.DiskName !== undefined && Buffer.byteLength(req.DiskName) > 60) fail(ctx, "InvalidParameterValue", "DiskName must be at most 60 bytes.");
  checkTags(ctx, req.Tags ?? []);

  let size = req.DiskSize;
  let fromSnapshot: Awaited<ReturnType<typeof lookupSnapshot>>;
  if (req.SnapshotId) {
    fromSnapshot = await lookupSnapshot(ctx, req.SnapshotId);
    if (!fromSnapshot) fail(ctx, "InvalidSnapshotId.NotFound", `SnapshotId: ${req.SnapshotId} does not exist.`);
    const snap = fromSnapshot.snap;
    if (snapshotState(snap, ctx.now()) === "CREATING" || snapshotState(snap, ctx.now()) === "COPYING_FROM_REMOTE") {
      fail(ctx, "ResourceUnavailable.SnapshotCreating", `SnapshotId: ${snap.SnapshotId} is still being created.`);
    }
    if (snap.DiskUsage !== "DATA_DISK") fail(ctx, "InvalidSnapshot.NotSupported", `SnapshotId: ${snap.SnapshotId} is a system disk snapshot: only data disk snapshots create disks.`);
    if (size === undefined) size = snap.DiskSize;
    if (size < snap.DiskSize) {
      fail(ctx, "InvalidParameter.DiskSizeNotMatch", `DiskSize: ${size} GiB is smaller than the ${snap.DiskSize} GiB of snapshot ${snap.SnapshotId}.`);
    }
  }
  if (size === undefined) fail(ctx, "MissingParameter", "The request is missing a required parameter `DiskSize`.");
  checkSize(ctx, type, size);

  if (req.Encrypt !== undefined && req.Encrypt !== "ENCRYPT") fail(ctx, "InvalidParameterValue", `The value ${bt(req.Encrypt)} specified in the parameter ${bt("Encrypt")} is not valid: ENCRYPT.`);
  if (req.KmsKeyId && !req.Encrypt) fail(ctx, "MissingParameter", "The request is missing a required parameter `Encrypt` (KmsKeyId needs Encrypt=ENCRYPT).");
  const snapEncrypted = fromSnapshot?.snap.Encrypt ?? false;
  const encrypt = req.Encrypt === "ENCRYPT" || snapEncrypted;
  if (req.Shareable && encrypt) fail(ctx, "InvalidParameterValue", "Shareable disks cannot be encrypted: `Shareable` and `Encrypt` cannot both be given.");
  if (req.EncryptType !== undefined && !["ENCRYPT_V1", "ENCRYPT_V2"].includes(req.EncryptType)) {
    fail(ctx, "InvalidParameterValue", `The value ${bt(req.EncryptType)} specified in the parameter ${bt("EncryptType")} is not valid.`);
  }
  const kmsKeyId = req.KmsKeyId ?? (snapEncrypted ? fromSnapshot!.snap.KmsKeyId : "");
  if (kmsKeyId) await checkKms(ctx, kmsKeyId);

  const throughput = Number(req.ThroughputPerformance ?? 0);
  checkExtraPerformance(ctx, type, size, throughput);
  if (req.BurstPerformance && (!DISK_TYPES[type].extra || size < EXTRA_PERFORMANCE_MIN_SIZE)) {
    fail(ctx, "InvalidParameterValue", `BurstPerformance is only for CLOUD_HSSD and CLOUD_TSSD disks of at least ${EXTRA_PERFORMANCE_MIN_SIZE} GiB.`);
  }
  const backupQuota = req.DiskBackupQuota ?? 0;
  if (!Number.isInteger(backupQuota) || backupQuota < 0 || backupQuota > 1024) {
    fail(ctx, "InvalidParameterValue", `The value ${bt(backupQuota)} specified in the parameter ${bt("DiskBackupQuota")} is not valid: 0 to 1024.`);
  }
  if (req.DeleteSnapshot !== undefined && req.DeleteSnapshot !== 0 && req.DeleteSnapshot !== 1) {
    fail(ctx, "InvalidParameterValue", `The value ${bt(req.DeleteSnapshot)} specified in the parameter ${bt("DeleteSnapshot")} is not valid: 0 or 1.`);
  }

  let mountTo: string | null = null;
  if (req.AutoMountConfiguration) {
    if (encrypt) fail(ctx, "UnsupportedOperation.DiskEncrypt", "Encrypted disks cannot be mounted and initialized automatically: drop `AutoMountConfiguration` or `Encrypt`.");
    const ids = req.AutoMountConfiguration.InstanceId;
    if (ids.length !== 1) fail(ctx, "InvalidParameterValue", "AutoMountConfiguration.InstanceId takes exactly one instance.");
    const inst = await loadInstance(ctx, ids[0], "AutoMountConfiguration.InstanceId");
    if (inst.Zone !== zone.Zone) fail(ctx, "ZoneNotMatch", `InstanceId: ${inst.InstanceId}, zone does not match (${inst.Zone} ≠ ${zone.Zone})`);
    const attached = await attachedDataDisks(ctx, inst.InstanceId);
    if (attached + count > MAX_ATTACHED_DATA_DISKS) {
      fail(ctx, "LimitExceeded.InstanceAttachedDisk", `InstanceId: ${inst.InstanceId} has ${attached} data disks; at most ${MAX_ATTACHED_DATA_DISKS} can be attached.`);
    }
    if (instanceRefusesDisks(inst)) {
      fail(ctx, "InvalidInstance.NotSupported", `InstanceId: ${inst.InstanceId} cannot take disks in its current state.`);
    }
    mountTo = inst.InstanceId;
  }

  if (cluster) {
    const used = (await usedGiB(ctx, cluster.CdcId)).size;
    if (used + size * count > cluster.totalGiB) {
      fail(ctx, "ResourceInsufficient", `CdcId: ${cluster.CdcId} has ${cluster.totalGiB - used} GiB free; ${size * count} GiB were asked for.`);
    }
  }
  const store = new DiskStore(ctx);
  if (charge === "POSTPAID_BY_HOUR") {
    const existing = await store.postpaidDataDisks();
    if (existing + count > POSTPAID_DISK_QUOTA) fail(ctx, "ResourceInsufficient.OverQuota", `The region allows ${POSTPAID_DISK_QUOTA} pay-as-you-go disks; ${existing} exist.`);
  }
  const now = ctx.now();
  let deadline: number | null = null;
  let renewFlag = "NOTIFY_AND_MANUAL_RENEW";
  let paidEach = 0;
  if (charge === "PREPAID") {
    const p = checkPrepaid(ctx, req.DiskChargePrepaid, "DiskChargePrepaid");
    renewFlag = p.renewFlag;
    const cost = prepaidCost(diskLines(type, size, throughput, backupQuota), p.period, count);
    if (!(await ctx.charge(cost.discount))) {
      fail(ctx, "InvalidAccount.InsufficientBalance", `The account balance is short of the ${cost.discount} CNY this purchase costs.`, `账户余额不足以支付本次购买的 ${cost.discount} 元。`);
    }
    paidEach = Math.round((cost.discount / count) * 100) / 100;
    deadline = addMonths(now, p.period);
  }

  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = await store.newId();
    ids.push(id);
    const disk: DiskDoc = newDisk({
      DiskId: id,
      DiskType: type,
      DiskUsage: "DATA_DISK",
      DiskSize: size,
      DiskChargeType: charge,
      Zone: zone.Zone,
      CdcId: cluster?.CdcId ?? null,
      createdAt: now,
      DiskName: req.DiskName ?? "Unnamed",
      Shareable: req.Shareable ?? false,
      Encrypt: encrypt,
      KmsKeyId: kmsKeyId,
      EncryptType: encrypt ? req.EncryptType ?? "ENCRYPT_V2" : "",
      ThroughputPerformance: throughput,
      BurstPerformance: req.BurstPerformance ?? false,
      DeleteSnapshot: req.DeleteSnapshot ?? 0,
      Tags: (req.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })),
      SourceSnapshotId: fromSnapshot?.snap.SnapshotId ?? null,
      DiskBackupQuota: backupQuota,
      deadline,
      RenewFlag: renewFlag,
      paid: paidEach,
      InstanceId: mountTo,
      LastAttachInsId: mountTo,
      op: mountTo ? { kind: "ATTACHING", startedAt: now, until: now + ATTACH_MS } : null,
    });
    await store.insert(disk);
    if (kmsKeyId) await bindKeyToResource(ctx, kmsKeyId, "cbs", id);
    ctx.touch(id);
  }
  await noteDue(ctx, deadline);
  if (req.ClientToken) await tokens(ctx).insert(req.ClientToken, { ids });
  return { DiskIdSet: ids };
}

const DISK_FILTERS = [
  "disk-usage", "disk-charge-type", "portable", "project-id", "disk-id", "disk-name", "disk-type", "disk-state",
  "zone", "instance-id", "encrypt", "tag-key", "tag-value", "tag:",
];

function diskMatches(ctx: Ctx, d: DiskDoc, f: Filter): boolean {
  const tag = tagMatches(d.Tags, f);
  if (tag !== undefined) return tag;
  const v = f.Values;
  switch (f.Name) {
    case "disk-usage": return v.includes(d.DiskUsage);
    case "disk-charge-type": return v.includes(d.DiskChargeType);
    case "portable": return v.map((x) => x.toUpperCase()).includes(d.Portable ? "TRUE" : "FALSE");
    case "project-id": return v.map(String).includes(String(d.ProjectId));
    case "disk-id": return v.includes(d.DiskId);
    case "disk-name": return v.some((x) => d.DiskName.includes(x));
    case "disk-type": return v.includes(d.DiskType);
    case "disk-state": return v.includes(diskState(d, ctx.now()));
    case "zone": return v.includes(d.Zone);
    case "instance-id": return (d.InstanceId !== null && v.includes(d.InstanceId)) || d.InstanceIds.some((i) => v.includes(i));
    case "encrypt": return v.map((x) => x.toUpperCase()).includes(d.Encrypt ? "TRUE" : "FALSE");
    default: return false;
  }
}

export async function describeDisks(ctx: Ctx, req: Req<m.DescribeDisksRequest>): Promise<Res<m.DescribeDisksResponse>> {
  const ids = req.DiskIds ?? [];
  const filters = req.Filters ?? [];
  checkFilters(ctx, filters, DISK_FILTERS, ids.length > 0, "DiskIds");
  checkIds(ctx, ids, "DiskIds", "disk", 100);
  const page = paging(ctx, req.Offset, req.Limit);
  const dir = order(ctx, req.Order, "DESC");
  const field = req.OrderField ?? "CREATE_TIME";
  if (field !== "CREATE_TIME" && field !== "DEADLINE") fail(ctx, "InvalidParameterValue", `The value ${bt(field)} specified in the parameter ${bt("OrderField")} is not valid.`);
  const store = new DiskStore(ctx);
  const presentAll = async (list: DiskDoc[]) => {
    const out: m.Disk[] = [];
    for (const d of list) out.push(await presentDisk(ctx, d, req.ReturnBindAutoSnapshotPolicy === true));
    return out;
  };

  // Unfiltered, in creation order: one indexed page and the collection's counter, whatever the number of disks.
  if (!ids.length && !filters.length && field === "CREATE_TIME") {
    return { TotalCount: await store.count(), DiskSet: await presentAll(await store.page(page.offset, page.limit, dir)) };
  }
  let all: DiskDoc[] = [];
  if (ids.length) {
    for (const id of ids) {
      const d = await store.get(id);
      if (d !== undefined) all.push(d);
    }
  } else all = await store.all();
  all = all.filter((d) => filters.every((f) => diskMatches(ctx, d, f)));
  const key = (d: DiskDoc) => (field === "DEADLINE" ? d.deadline ?? Number.MAX_SAFE_INTEGER : d.createdAt);
  all.sort((a, b) => (dir === "asc" ? key(a) - key(b) : key(b) - key(a)));
  return { TotalCount: all.length, DiskSet: await presentAll(all.slice(page.offset, page.offset + page.limit)) };
}

export async function terminateDisks(ctx: Ctx, req: Req<m.TerminateDisksRequest>): Promise<Res<m.TerminateDisksResponse>> {
  const disks = await loadDisks(ctx, req.DiskIds, "DiskIds", 100);
  if (req.DeleteSnapshot !== undefined && req.DeleteSnapshot !== 0 && req.DeleteSnapshot !== 1) {
    fail(ctx, "InvalidParameterValue", `The value ${bt(req.DeleteSnapshot)} specified in the parameter ${bt("DeleteSnapshot")} is not valid: 0 or 1.`);
  }
  const now = ctx.now();
  for (const d of disks) {
    if (d.recycleReason === "returned") fail(ctx, "InvalidDisk.RepeatRefund", `DiskId: ${d.DiskId}, the disk has already been returned.`, `DiskId: ${d.DiskId}, 云盘已退还。`);
    if (d.InstanceId || d.InstanceIds.length) fail(ctx, "InvalidDisk.Attached", `DiskId: ${d.DiskId}, the disk is attached to ${d.InstanceId ?? d.InstanceIds[0]}: detach it first.`);
    if (!d.Portable || d.DiskUsage === "SYSTEM_DISK") fail(ctx, "InvalidDisk.NotPortable", `DiskId: ${d.DiskId}, a non-elastic disk is returned with its instance.`);
    checkUsable(ctx, d, "ResourceBusy");
    if (d.DiskChargeType === "PREPAID") {
      const r = await refundability(ctx, d);
      if (r.code === 3) fail(ctx, "InvalidDisk.NotSupportRefund", `DiskId: ${d.DiskId}, prepaid disks can only be returned within 5 days of purchase.`);
      if (r.code === 8 || !r.returnable) fail(ctx, "InsufficientRefundQuota", `DiskId: ${d.DiskId}, the yearly quota of returned disks is used up.`);
    }
  }
  // Quota of returns counted as a whole: the last disks of a batch may exceed it.
  for (const d of disks) {
    if (d.DiskChargeType !== "PREPAID") continue;
    if ((await refundability(ctx, d)).code === 8) fail(ctx, "InsufficientRefundQuota", `DiskId: ${d.DiskId}, the yearly quota of returned disks is used up.`);
    await countRefund(ctx);
  }
  const store = new DiskStore(ctx);
  for (const d of disks) {
    if (d.DiskChargeType === "PREPAID") {
      await ctx.refund(d.paid);
      await store.save({ ...d, recycledAt: now, recycleReason: "returned", paid: 0 });
      await noteDue(ctx, now + RECYCLE_KEEP_MS);
    } else {
      await destroyDisk(ctx, d, (req.DeleteSnapshot ?? d.DeleteSnapshot) === 1);
    }
  }
  return {};
}
