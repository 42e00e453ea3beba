import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_models";
import { formatIso } from "../../platform/clock";
import type { Req, Res } from "../../platform/definition";
import { shortId } from "../../platform/ids";
import { uniqueId } from "../../platform/service";
import { zoneInfo } from "../cvm/for-products";
import { addMonths, bt, checkFilters, checkIds, fail, nil, RENEW_FLAGS, type Ctx } from "./common";
import { loadInstance, placement, REFUND_DAYS } from "./disk-access";
import { periodDiscount, round2 } from "./disk-types";
import { checkPrepaid } from "./disks";

/**
 * Elastic single-replica SSD disks ("remote disks"): bought for one instance and attached to it at once,
 * 2000–7000 GiB, pay-as-you-go or prepaid. Most of their actions answer only a RequestId (the SDK models
 * carry nothing else), so their effects show in DescribeRemoteDisks.
 */
interface RemoteDiskDoc {
  RemoteDiskId: string;
  RemoteDiskName: string;
  DiskSize: number;
  DiskChargeType: string;
  Zone: string;
  ProjectId: number;
  InstanceId: string | null;
  createdAt: number;
  deadline: number | null;
  RenewFlag: string;
  paid: number;
  recycled: boolean;
}

/** CNY per GiB: per month (prepaid), per hour. */
const PRICE = { monthly: 0.8, hourly: 0.0013 };
const SIZE = [2000, 7000] as const;

const remoteDisks = (ctx: Ctx) => ctx.docs<RemoteDiskDoc>("remote-disk");

async function load(ctx: Ctx, ids: readonly string[], member: string): Promise<RemoteDiskDoc[]> {
  if (!ids.length) fail(ctx, "MissingParameter", `The request is missing a required parameter ${bt(member)}.`);
  checkIds(ctx, ids, member, "rdisk", 100);
  const disks: RemoteDiskDoc[] = [];
  for (const id of new Set(ids)) {
    const d = await remoteDisks(ctx).get(id);
    if (!d) fail(ctx, "InvalidDiskId.NotFound", `RemoteDiskId: ${id} does not exist.`);
    ctx.touch(id);
    disks.push(d);
  }
  return disks;
}

function checkZone(ctx: Ctx, p: m.Placement) {
  const zone = zoneInfo(p.Zone);
  if (!zone || zone.region !== ctx.region) fail(ctx, "InvalidParameterValue", `Zone: ${p.Zone} is not a zone of ${ctx.region}.`);
  if (!zone.available) fail(ctx, "InvalidParameter.DiskConfigNotSupported", `Zone: ${p.Zone} sells no remote SSD disks.`);
  return zone;
}

function checkOrder(ctx: Ctx, charge: string, size: number, count: number | undefined, prepaid: m.RemoteDiskChargePrepaid | undefined) {
  if (charge !== "PREPAID" && charge !== "POSTPAID_BY_HOUR") fail(ctx, "InvalidParameterValue", `The value ${bt(charge)} specified in the parameter ${bt("DiskChargeType")} is not valid.`);
  if (!Number.isInteger(size) || size < SIZE[0] || size > SIZE[1]) fail(ctx, "InvalidParameterValue", `DiskSize: ${size} is not in ${SIZE[0]} to ${SIZE[1]} GiB.`);
  const n = count ?? 1;
  if (!Number.isInteger(n) || n < 1 || n > 20) fail(ctx, "InvalidParameterValue.LimitExceeded", `DiskCount: ${n} is not in 1 to 20.`);
  const p = charge === "PREPAID" ? checkPrepaid(ctx, prepaid, "DiskChargePrepaid") : null;
  const cost = p ? round2(PRICE.monthly * size * p.period * periodDiscount(p.period) * n) : 0;
  return { n, p, cost };
}

export async function createRemoteDisks(ctx: Ctx, req: Req<m.CreateRemoteDisksRequest>): Promise<Res<m.CreateRemoteDisksResponse>> {
  const zone = checkZone(ctx, req.Placement);
  const { n, p, cost } = checkOrder(ctx, req.DiskChargeType, req.DiskSize, req.DiskCount, req.DiskChargePrepaid);
  const inst = await loadInstance(ctx, req.InstanceId);
  if (inst.Zone !== zone.Zone) fail(ctx, "ZoneNotMatch", `InstanceId: ${inst.InstanceId}, zone does not match`, `InstanceId: ${inst.InstanceId}, 可用区不匹配`);
  if (cost > 0 && !(await ctx.charge(cost))) fail(ctx, "InvalidAccount.InsufficientBalance", `The account balance is short of the ${cost} CNY this purchase costs.`);
  const now = ctx.now();
  const col = remoteDisks(ctx);
  for (let i = 0; i < n; i++) {
    const id = await uniqueId(col, () => shortId("rdisk"));
    await col.insert(id, {
      RemoteDiskId: id,
      RemoteDiskName: req.DiskName ?? "Unnamed",
      DiskSize: req.DiskSize,
      DiskChargeType: req.DiskChargeType,
      Zone: zone.Zone,
      ProjectId: req.Placement.ProjectId ?? 0,
      InstanceId: inst.InstanceId,
      createdAt: now,
      deadline: p ? addMonths(now, p.period) : null,
      RenewFlag: p?.renewFlag ?? "NOTIFY_AND_MANUAL_RENEW",
      paid: round2(cost / n),
      recycled: false,
    });
    ctx.touch(id);
  }
  return {};
}

const FILTERS = ["remote-disk-id", "remote-disk-name", "remote-disk-state", "remote-disk-type", "instance-id", "zone", "disk-charge-type"];

const stateOf = (d: RemoteDiskDoc) => (d.recycled ? "TORECYCLE" : d.InstanceId ? "ATTACHED" : "UNATTACHED");

export async function describeRemoteDisks(ctx: Ctx, req: Req<m.DescribeRemoteDisksRequest>): Promise<Res<m.DescribeRemoteDisksResponse>> {
  const filters = req.Filters ?? [];
  checkFilters(ctx, filters, FILTERS, false, "");
  const all = (await remoteDisks(ctx).all())
    .filter((d) =>
      filters.every((f) => {
        const value = {
          "remote-disk-id": d.RemoteDiskId,
          "remote-disk-name": d.RemoteDiskName,
          "remote-disk-state": stateOf(d),
          "remote-disk-type": "ELASTIC_REMOTE_SSD",
          "instance-id": d.InstanceId ?? "",
          zone: d.Zone,
          "disk-charge-type": d.DiskChargeType,
        }[f.Name];
        return value !== undefined && f.Values.includes(value);
      }),
    );
  return {
    TotalCount: all.length,
    RemoteDiskSet: all.map((d) => ({
      CreateTime: formatIso(d.createdAt),
      DeadlineTime: d.deadline !== null ? formatIso(d.deadline) : nil,
      DiskChargeType: d.DiskChargeType,
      DiskSize: d.DiskSize,
      InstanceId: d.InstanceId ?? "",
      Placement: placement(d.Zone, d.ProjectId),
      RemoteDiskId: d.RemoteDiskId,
      RemoteDiskName: d.RemoteDiskName,
      RemoteDiskState: stateOf(d),
      RemoteDiskType: "ELASTIC_REMOTE_SSD",
      RenewFlag: d.DiskChargeType === "PREPAID" ? d.RenewFlag : nil,
    })),
  };
}

export async function attachRemoteDisks(ctx: Ctx, req: Req<m.AttachRemoteDisksRequest>): Promise<Res<m.AttachRemoteDisksResponse>> {
  const disks = await load(ctx, req.RemoteDiskIds, "RemoteDiskIds");
  const inst = await loadInstance(ctx, req.InstanceId);
  for (const d of disks) {
    if (d.recycled) fail(ctx, "InvalidDisk.Expire", `RemoteDiskId: ${d.RemoteDiskId} is in the recycle bin.`);
    if (d.InstanceId) fail(ctx, "ResourceUnavailable.Attached", `RemoteDiskId: ${d.RemoteDiskId} is attached to ${d.InstanceId}.`);
    if (d.Zone !== inst.Zone) fail(ctx, "ZoneNotMatch", `RemoteDiskId: ${d.RemoteDiskId}, zone does not match`);
  }
  for (const d of disks) await remoteDisks(ctx).update(d.RemoteDiskId, { ...d, InstanceId: inst.InstanceId });
  return {};
}

export async function detachRemoteDisks(ctx: Ctx, req: Req<m.DetachRemoteDisksRequest>): Promise<Res<m.DetachRemoteDisksResponse>> {
  const disks = await load(ctx, req.RemoteDiskIds, "RemoteDiskIds");
  const inst = await loadInstance(ctx, req.InstanceId);
  for (const d of disks) {
    if (d.InstanceId !== inst.InstanceId) fail(ctx, "ResourceUnavailable.NotSupported", `RemoteDiskId: ${d.RemoteDiskId} is not attached to ${inst.InstanceId}.`);
  }
  for (const d of disks) await remoteDisks(ctx).update(d.RemoteDiskId, { ...d, InstanceId: null });
  return {};
}

export async function terminateRemoteDisks(ctx: Ctx, req: Req<m.TerminateRemoteDisksRequest>): Promise<Res<m.TerminateRemoteDisksResponse>> {
  const disks = await load(ctx, req.RemoteDiskIds, "RemoteDiskIds");
  const now = ctx.now();
  for (const d of disks) {
    if (d.recycled) fail(ctx, "ResourceUnavailable.RepeatRefund", `RemoteDiskId: ${d.RemoteDiskId} has already been returned.`);
    if (d.InstanceId) fail(ctx, "ResourceUnavailable.NotSupported", `RemoteDiskId: ${d.RemoteDiskId} is attached to ${d.InstanceId}: detach it first.`);
    if (d.DiskChargeType === "PREPAID" && now - d.createdAt > REFUND_DAYS * 86_400_000) {
      fail(ctx, "ResourceUnavailable.NotSupportRefund", `RemoteDiskId: ${d.RemoteDiskId}, prepaid disks can only be returned within ${REFUND_DAYS} days of purchase.`);
    }
  }
  for (const d of disks) {
    if (d.DiskChargeType === "PREPAID") {
      await ctx.refund(d.paid);
      await remoteDisks(ctx).update(d.RemoteDiskId, { ...d, recycled: true, paid: 0 });
    } else await remoteDisks(ctx).delete(d.RemoteDiskId);
  }
  return {};
}

export async function modifyRemoteDiskAttributes(ctx: Ctx, req: Req<m.ModifyRemoteDiskAttributesRequest>): Promise<Res<m.ModifyRemoteDiskAttributesResponse>> {
  const disks = await load(ctx, req.RemoteDiskIds, "RemoteDiskIds");
  if (req.DiskName !== undefined && Buffer.byteLength(req.DiskName) > 60) fail(ctx, "InvalidParameterValue", "DiskName must be at most 60 bytes.");
  if (req.ProjectId !== undefined && req.ProjectId !== 0) fail(ctx, "InvalidParameterValue", `ProjectId: ${req.ProjectId} does not exist.`);
  if (req.AutoRenewFlag !== undefined && !RENEW_FLAGS.includes(req.AutoRenewFlag)) fail(ctx, "InvalidParameterValue", `AutoRenewFlag: ${req.AutoRenewFlag} is not valid.`);
  for (const d of disks) {
    await remoteDisks(ctx).update(d.RemoteDiskId, {
      ...d,
      RemoteDiskName: req.DiskName ?? d.RemoteDiskName,
      ProjectId: req.ProjectId ?? d.ProjectId,
      RenewFlag: req.AutoRenewFlag ?? d.RenewFlag,
    });
  }
  return {};
}

function renewal(ctx: Ctx, d: RemoteDiskDoc, p: m.RemoteDiskChargePrepaid) {
  if (d.DiskChargeType !== "PREPAID") fail(ctx, "InvalidDisk.NotSupported", `RemoteDiskId: ${d.RemoteDiskId} is not prepaid.`);
  const { period } = checkPrepaid(ctx, p, "DiskChargePrepaid");
  return { deadline: addMonths(Math.max(d.deadline ?? ctx.now(), ctx.now()), period), cost: round2(PRICE.monthly * d.DiskSize * period * periodDiscount(period)) };
}

export async function renewRemoteDisk(ctx: Ctx, req: Req<m.RenewRemoteDiskRequest>): Promise<Res<m.RenewRemoteDiskResponse>> {
  const [d] = await load(ctx, [req.RemoteDiskId], "RemoteDiskId");
  const r = renewal(ctx, d, req.DiskChargePrepaid);
  if (!(await ctx.charge(r.cost))) fail(ctx, "InvalidAccount.InsufficientBalance", `The account balance is short of the ${r.cost} CNY this renewal costs.`);
  await remoteDisks(ctx).update(d.RemoteDiskId, { ...d, deadline: r.deadline, recycled: false });
  return {};
}

export function inquirePriceCreateRemoteDisks(ctx: Ctx, req: Req<m.InquirePriceCreateRemoteDisksRequest>): Res<m.InquirePriceCreateRemoteDisksResponse> {
  checkOrder(ctx, req.DiskChargeType, req.DiskSize, req.DiskCount, req.DiskChargePrepaid);
  return {};
}

export async function inquirePriceRenewRemoteDisks(ctx: Ctx, req: Req<m.InquirePriceRenewRemoteDisksRequest>): Promise<Res<m.InquirePriceRenewRemoteDisksResponse>> {
  const disks = await load(ctx, req.RemoteDiskIds, "RemoteDiskIds");
  if (req.DiskChargePrepaidSet.length !== disks.length) fail(ctx, "InvalidParameterValue", "`DiskChargePrepaidSet` takes one entry per disk of `RemoteDiskIds`.");
  disks.forEach((d, i) => renewal(ctx, d, req.DiskChargePrepaidSet[i]));
  return {};
}

export function describeRemoteDiskConfigQuota(ctx: Ctx, req: Req<m.DescribeRemoteDiskConfigQuotaRequest>): Res<m.DescribeRemoteDiskConfigQuotaResponse> {
  checkFilters(ctx, req.Filters ?? [], ["instance-family", "instance-type", "zone", "instance-charge-type"], false, "");
  return {};
}

export async function describeRemoteDisksDeniedActions(
  ctx: Ctx,
  req: Req<m.DescribeRemoteDisksDeniedActionsRequest>,
): Promise<Res<m.DescribeRemoteDisksDeniedActionsResponse>> {
  await load(ctx, req.RemoteDiskIds, "RemoteDiskIds");
  return {};
}

export function switchParameterCreateRemoteDisks(ctx: Ctx, req: Req<m.SwitchParameterCreateRemoteDisksRequest>): Res<m.SwitchParameterCreateRemoteDisksResponse> {
  checkZone(ctx, req.Placement);
  return {};
}

export function switchParameterRenewRemoteDisks(_ctx: Ctx, _req: Req<m.SwitchParameterRenewRemoteDisksRequest>): Res<m.SwitchParameterRenewRemoteDisksResponse> {
  return {};
}
