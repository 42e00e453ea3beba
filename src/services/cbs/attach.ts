import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_models";
import type { Req, Res } from "../../platform/definition";
import { getInstance } from "../cvm/for-products";
import { attachedDataDisks, instanceRefusesDisks } from "./instance-disks";
import { fail, type Ctx } from "./common";
import { loadDisks, loadInstance, MAX_ATTACHED_DATA_DISKS } from "./disk-access";
import { ATTACH_MS, DETACH_MS, diskState, DiskStore, isBusy, isExpired } from "./disk-model";

/** AttachDisks: all disks or none; each must be elastic, free, idle and in the instance's zone. */
export async function attachDisks(ctx: Ctx, req: Req<m.AttachDisksRequest>): Promise<Res<m.AttachDisksResponse>> {
  const disks = await loadDisks(ctx, req.DiskIds, "DiskIds", 10);
  const inst = await loadInstance(ctx, req.InstanceId);
  const now = ctx.now();
  const refused = instanceRefusesDisks(inst);
  if (refused) fail(ctx, "InvalidInstance.NotSupported", refused);
  if (req.AttachMode !== undefined && req.AttachMode !== "PF" && req.AttachMode !== "VF") {
    fail(ctx, "InvalidParameterValue", `AttachMode: ${req.AttachMode} is not valid: PF or VF.`);
  }
  for (const d of disks) {
    if (!d.Portable) fail(ctx, "InvalidDisk.NotPortable", `DiskId: ${d.DiskId}, non-elastic disks cannot be attached.`, `DiskId: ${d.DiskId}, 不支持非弹性云盘。`);
    if (d.recycledAt !== null || isExpired(d, now)) fail(ctx, "InvalidDisk.Expire", `DiskId: ${d.DiskId}, the disk is in the recycle bin.`);
    if (isBusy(d, now)) fail(ctx, "ResourceBusy", `DiskId: ${d.DiskId}, Disk(${d.DiskId}) is ${diskState(d, now).toLowerCase()}, please retry later`);
    const on = d.Shareable ? d.InstanceIds.includes(inst.InstanceId) : d.InstanceId !== null;
    if (on) fail(ctx, "ResourceUnavailable.Attached", `DiskId: ${d.DiskId}, the disk is already attached to ${d.InstanceId ?? inst.InstanceId}.`);
    if (d.Zone !== inst.Zone) fail(ctx, "ZoneNotMatch", `DiskId: ${d.DiskId}, zone does not match`, `DiskId: ${d.DiskId}, 可用区不匹配`);
  }
  const store = new DiskStore(ctx);
  const attached = await attachedDataDisks(ctx, inst.InstanceId);
  if (attached + disks.length > MAX_ATTACHED_DATA_DISKS) {
    fail(
      ctx,
      "LimitExceeded.InstanceAttachedDisk",
      `InstanceId: ${inst.InstanceId} has ${attached} data disks; at most ${MAX_ATTACHED_DATA_DISKS} can be attached.`,
      `InstanceId: ${inst.InstanceId} 已挂载 ${attached} 块数据盘，最多可挂载 ${MAX_ATTACHED_DATA_DISKS} 块。`,
    );
  }
  for (const d of disks) {
    await store.save({
      ...d,
      InstanceId: d.InstanceId ?? inst.InstanceId,
      InstanceIds: d.Shareable ? [...d.InstanceIds, inst.InstanceId] : [],
      LastAttachInsId: inst.InstanceId,
      AttachMode: req.AttachMode ?? d.AttachMode,
      DeleteWithInstance: req.DeleteWithInstance !== undefined && d.DiskChargeType === "POSTPAID_BY_HOUR" ? req.DeleteWithInstance : d.DeleteWithInstance,
      op: { kind: "ATTACHING", startedAt: now, until: now + ATTACH_MS },
    });
  }
  return {};
}

export async function detachDisks(ctx: Ctx, req: Req<m.DetachDisksRequest>): Promise<Res<m.DetachDisksResponse>> {
  const disks = await loadDisks(ctx, req.DiskIds, "DiskIds", 10);
  if (req.InstanceId !== undefined) await loadInstance(ctx, req.InstanceId);
  const now = ctx.now();
  for (const d of disks) {
    if (!d.Portable) fail(ctx, "InvalidDisk.NotPortable", `DiskId: ${d.DiskId}, non-elastic disks cannot be detached.`, `DiskId: ${d.DiskId}, 不支持非弹性云盘。`);
    if (isBusy(d, now)) {
      fail(ctx, "ResourceUnavailable.NotSupported", `DiskId: ${d.DiskId}, Disk(${d.DiskId}) is ${diskState(d, now).toLowerCase()}, please retry later`);
    }
    const on = d.Shareable ? d.InstanceIds : d.InstanceId ? [d.InstanceId] : [];
    if (!on.length) fail(ctx, "ResourceUnavailable.NotSupported", `DiskId: ${d.DiskId}, Disk(${d.DiskId}) is not attached`);
    if (req.InstanceId !== undefined && !on.includes(req.InstanceId)) {
      fail(ctx, "InvalidParameterValue", `DiskId: ${d.DiskId}, the disk is not attached to ${req.InstanceId}.`);
    }
    if (d.Shareable && on.length > 1 && req.InstanceId === undefined) {
      fail(ctx, "MissingParameter", `DiskId: ${d.DiskId} is attached to several instances: give \`InstanceId\`.`);
    }
  }
  const store = new DiskStore(ctx);
  for (const d of disks) {
    const from = req.InstanceId ?? d.InstanceId ?? d.InstanceIds[0];
    const rest = d.InstanceIds.filter((i) => i !== from);
    await store.save({
      ...d,
      InstanceId: d.Shareable && rest.length ? rest[0] : null,
      InstanceIds: rest,
      LastAttachInsId: from,
      op: { kind: "DETACHING", startedAt: now, until: now + DETACH_MS, instanceId: from },
    });
  }
  return {};
}

export async function describeInstancesDiskNum(ctx: Ctx, req: Req<m.DescribeInstancesDiskNumRequest>): Promise<Res<m.DescribeInstancesDiskNumResponse>> {
  if (!req.InstanceIds.length) fail(ctx, "MissingParameter", "The request is missing a required parameter `InstanceIds`.");
  if (req.InstanceIds.length > 100) fail(ctx, "InvalidParameterValue.LimitExceeded", "At most 100 values can be given in `InstanceIds`.");
  const store = new DiskStore(ctx);
  const detail: m.AttachDetail[] = [];
  for (const id of req.InstanceIds) {
    if (!(await getInstance(ctx, id))) fail(ctx, "InvalidParameterValue", `InstanceId: ${id} does not exist.`);
    detail.push({
      InstanceId: id,
      AttachedDiskCount: await attachedDataDisks(ctx, id),
      MaxAttachCount: MAX_ATTACHED_DATA_DISKS,
    });
  }
  return { AttachDetail: detail };
}
