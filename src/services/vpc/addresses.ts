import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import { addMonths } from "../../platform/clock";
import type { Req, Res } from "../../platform/definition";
import { round2 } from "../../platform/money";
import { getInstance } from "../cvm/for-products";
import { addresses, addressStatus, addWanIp, isElastic, nextPublicIp, presentAddress, EIP_QUOTA, DAILY_EIP_APPLY, type AddressDoc } from "./address-model";
import { BANDWIDTH_RANGE, CHARGE_TYPES, EIP_PERIODS, internetPrice, monthlyBandwidthCost } from "./address-pricing";
import { bt, checkTags, eq, filterBy, newEipTask, newId, paging, type Ctx } from "./common";
import { enis, type EniDoc } from "./eni-model";

const ADDRESS_ID = /^eip-[a-z0-9]{8}$/;
const RENEW_FLAGS = ["NOTIFY_AND_MANUAL_RENEW", "NOTIFY_AND_AUTO_RENEW", "DISABLE_NOTIFY_AND_MANUAL_RENEW"];
const AUTO_RENEW = ["NOTIFY_AND_MANUAL_RENEW", "NOTIFY_AND_AUTO_RENEW", "DISABLE_NOTIFY_AND_MANUAL_RENEW"];

export async function loadAddress(ctx: Ctx, id: string): Promise<AddressDoc> {
  if (!ADDRESS_ID.test(id)) ctx.fail("InvalidParameterValue.AddressIdMalformed", `The EIP id ${bt(id)} is malformed.`);
  const a = await addresses(ctx).get(id);
  if (!a) ctx.fail("InvalidAddressId.NotFound", `The EIP ${bt(id)} does not exist.`);
  ctx.touch(id);
  return a;
}

const save = (ctx: Ctx, a: AddressDoc) => addresses(ctx).update(a.AddressId, a, a.NetworkInterfaceId);

/** Allocations of the day (UTC+8), for DAILY_EIP_APPLY / DAILY_PUBLIC_IP_ASSIGN / DailyChangeAddressQuota. */
async function daily(ctx: Ctx, key: string, add = 0): Promise<number> {
  const col = ctx.docs<{ day: string; n: number }>("daily-quota");
  const day = new Date(ctx.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const cur = await col.get(key);
  const n = cur?.day === day ? cur.n : 0;
  if (add) await col.put(key, { day, n: n + add });
  return n;
}

function checkBandwidth(ctx: Ctx, chargeType: string, mbps: number): void {
  const [lo, hi] = BANDWIDTH_RANGE[chargeType];
  if (mbps < lo || mbps > hi) ctx.fail("InvalidParameterValue.BandwidthOutOfRange", `The bandwidth ${mbps} Mbps is out of range for ${chargeType}: ${lo} to ${hi} Mbps.`);
}

function checkPeriod(ctx: Ctx, p: m.AddressChargePrepaid | undefined): { period: number; renew: string } {
  if (!p) ctx.fail("InvalidParameterValue.Combination", "`AddressChargePrepaid` is required for BANDWIDTH_PREPAID_BY_MONTH.");
  if (!EIP_PERIODS.includes(p.Period)) ctx.fail("InvalidParameterValue.Range", `The period ${p.Period} is not valid: 1-12, 24 or 36 months.`);
  const flag = p.AutoRenewFlag ?? 0;
  if (![0, 1, 2].includes(flag)) ctx.fail("InvalidParameterValue.Range", "`AutoRenewFlag` is 0, 1 or 2.");
  return { period: p.Period, renew: AUTO_RENEW[flag] };
}

async function chargeOrFail(ctx: Ctx, amount: number): Promise<void> {
  if (amount > 0 && !(await ctx.charge(amount))) ctx.fail("FailedOperation.BalanceInsufficient", `The balance is short of the ${amount} CNY this costs.`);
}

export const elasticCount = async (ctx: Ctx) => (await addresses(ctx).all()).filter(isElastic).length;

export async function allocateAddresses(ctx: Ctx, req: Req<m.AllocateAddressesRequest>): Promise<Res<m.AllocateAddressesResponse>> {
  const tokens = ctx.docs<{ ids: string[]; task: string }>("eip-token");
  if (req.ClientToken) {
    if (req.ClientToken.length > 64) ctx.fail("InvalidParameterValue.Range", "`ClientToken` is at most 64 characters.");
    const seen = await tokens.get(req.ClientToken);
    if (seen) return { AddressSet: seen.ids, TaskId: seen.task };
  }
  const count = req.AddressCount ?? 1;
  if (count < 1 || count > 20) ctx.fail("InvalidParameterValue.Range", "`AddressCount` is 1 to 20.");
  const type = req.AddressType ?? "EIP";
  if (type === "AnycastEIP") ctx.fail("UnauthorizedOperation.AnycastEip", "The account may not apply for Anycast EIPs.");
  if (type === "HighQualityEIP" && !["ap-singapore", "ap-hongkong"].includes(ctx.region)) ctx.fail("UnsupportedOperation.UnsupportedRegion", "HighQualityEIP is sold only in Singapore and Hong Kong.");
  if (type !== "EIP" && type !== "HighQualityEIP") ctx.fail("InvalidParameterValue.Combination", `The address type ${bt(type)} is not emulated: EIP or HighQualityEIP.`);
  const isp = req.InternetServiceProvider ?? "BGP";
  if (!["BGP", "CMCC", "CTCC", "CUCC"].includes(isp)) ctx.fail("InvalidParameterValue.Combination", `The provider ${bt(isp)} is not BGP, CMCC, CTCC or CUCC.`);
  const chargeType = req.InternetChargeType ?? "TRAFFIC_POSTPAID_BY_HOUR";
  if (!CHARGE_TYPES.includes(chargeType)) ctx.fail("InvalidParameterValue.Combination", `The value ${bt(chargeType)} of \`InternetChargeType\` is not valid.`);
  if (chargeType === "BANDWIDTH_PACKAGE") ctx.fail("InvalidParameterValue.BandwidthPackageNotFound", `The bandwidth package ${bt(req.BandwidthPackageId ?? "")} does not exist.`);
  if (req.DedicatedClusterId) ctx.fail("InvalidParameterValue.InvalidDedicatedClusterId", `The dedicated cluster ${bt(req.DedicatedClusterId)} does not exist.`);
  if (req.VipCluster?.length) ctx.fail("InvalidParameterValue.AddressIpNotAvailable", `The address ${bt(req.VipCluster[0])} is not available.`);
  const mbps = req.InternetMaxBandwidthOut ?? 1;
  checkBandwidth(ctx, chargeType, mbps);
  const prepaid = chargeType === "BANDWIDTH_PREPAID_BY_MONTH" ? checkPeriod(ctx, req.AddressChargePrepaid) : null;
  if ((req.AddressName ?? "").length > 128) ctx.fail("InvalidParameterValue.Range", "`AddressName` is at most 128 characters.");
  const tags = checkTags(ctx, req.Tags);
  if ((await elasticCount(ctx)) + count > EIP_QUOTA) ctx.fail("AddressQuotaLimitExceeded", `The region allows ${EIP_QUOTA} EIPs per account (TOTAL_EIP_QUOTA).`);
  if ((await daily(ctx, "eip-apply")) + count > DAILY_EIP_APPLY) ctx.fail("AddressQuotaLimitExceeded.DailyAllocate", `An account may apply for ${DAILY_EIP_APPLY} EIPs a day (DAILY_EIP_APPLY).`);
  const cost = prepaid ? monthlyBandwidthCost(mbps, prepaid.period).discounted * count : 0;
  await chargeOrFail(ctx, round2(cost));
  await daily(ctx, "eip-apply", count);
  const now = ctx.now();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = await newId(addresses(ctx), "eip");
    ids.push(id);
    await addresses(ctx).insert(id, {
      AddressId: id, AddressName: req.AddressName ?? "", AddressIp: await nextPublicIp(ctx), AddressType: type, InstanceId: null, NetworkInterfaceId: null,
      PrivateAddressIp: null, InternetChargeType: chargeType, Bandwidth: mbps, InternetServiceProvider: isp, CascadeRelease: false,
      deadline: prepaid ? addMonths(now, prepaid.period) : null, RenewFlag: prepaid?.renew ?? "NOTIFY_AND_MANUAL_RENEW", paid: round2(cost / count),
      Egress: req.Egress ?? "center_egress1", AntiDDoSPackageId: "", createdAt: now, Tags: tags,
    });
    ctx.touch(id);
  }
  const task = await newEipTask(ctx, ids);
  if (req.ClientToken) await tokens.insert(req.ClientToken, { ids, task });
  return { AddressSet: ids, TaskId: task };
}

/** The primary interface of an instance, with the instance's state (AssociateAddress, TransformAddress…). */
async function instanceEni(ctx: Ctx, instanceId: string): Promise<{ eni: EniDoc; state: string }> {
  if (!/^ins-[a-z0-9]{8}$/.test(instanceId)) ctx.fail("InvalidParameterValue.InstanceIdMalformed", `The instance id ${bt(instanceId)} is malformed.`);
  const inst = await getInstance(ctx, instanceId);
  const eni = inst ? (await enis(ctx).all(instanceId)).find((e) => e.Primary) : undefined;
  if (!inst || !eni) ctx.fail("InvalidInstanceId.NotFound", `The instance ${bt(instanceId)} does not exist.`);
  ctx.touch(instanceId);
  return { eni, state: inst.InstanceState };
}

export async function associateAddress(ctx: Ctx, req: Req<m.AssociateAddressRequest>): Promise<Res<m.AssociateAddressResponse>> {
  const a = await loadAddress(ctx, req.AddressId);
  if (!isElastic(a)) ctx.fail("UnsupportedOperation.IncorrectAddressResourceType", `The address ${bt(a.AddressId)} is a normal public IP, not an EIP.`);
  if (req.InstanceId && req.NetworkInterfaceId) ctx.fail("InvalidParameterConflict", "An EIP binds to an instance or to an address of a network interface, not both.");
  if (!req.InstanceId && !req.NetworkInterfaceId) ctx.fail("InvalidParameterValue.MissingAssociateEntity", "Give `InstanceId` or `NetworkInterfaceId` and `PrivateIpAddress`.");
  const notUnbound = (): never => ctx.fail("UnsupportedOperation.AddressStatusNotPermit", `The EIP ${bt(a.AddressId)} is ${addressStatus(a)}: only an UNBIND EIP can be bound.`);
  let eni: EniDoc;
  let ip: string;
  if (req.InstanceId) {
    if (addressStatus(a) !== "UNBIND") notUnbound();
    const found = await instanceEni(ctx, req.InstanceId);
    if (found.state !== "RUNNING" && found.state !== "STOPPED") ctx.fail("InvalidParameterValue.InvalidInstanceState", `The instance ${bt(req.InstanceId)} is ${found.state}.`);
    eni = found.eni;
    ip = eni.ips.find((x) => x.primary)!.ip;
    const bound = (await addresses(ctx).all(eni.NetworkInterfaceId)).find((x) => x.PrivateAddressIp === ip);
    if (bound && isElastic(bound)) ctx.fail("InvalidInstanceId.AlreadyBindEip", `The instance ${bt(req.InstanceId)} already has the EIP ${bt(bound.AddressId)}.`);
    if (bound) ctx.fail("InvalidParameterValue.InstanceHasWanIP", `The instance ${bt(req.InstanceId)} has the normal public IP ${bt(bound.AddressIp)}: return it first (ReturnNormalAddresses).`);
  } else {
    if (!req.PrivateIpAddress) ctx.fail("MissingParameter", "`PrivateIpAddress` is required with `NetworkInterfaceId`.");
    const e = /^eni-[a-z0-9]{8}$/.test(req.NetworkInterfaceId!) ? await enis(ctx).get(req.NetworkInterfaceId!) : undefined;
    // Both codes document "no such interface, or the address is not on it": the id's own code for the interface,
    // the parameter-value one for an address the interface does not hold.
    if (!e) ctx.fail("InvalidNetworkInterfaceId.NotFound", `The network interface ${bt(req.NetworkInterfaceId!)} does not exist.`);
    if (!e.ips.some((x) => x.ip === req.PrivateIpAddress)) ctx.fail("InvalidParameterValue.NetworkInterfaceNotFound", `The network interface ${bt(e.NetworkInterfaceId)} does not hold ${bt(req.PrivateIpAddress)}.`);
    eni = e;
    ip = req.PrivateIpAddress;
    // An EIP already bound elsewhere: the documented "bound to another interface / another private address" codes.
    if (a.NetworkInterfaceId && a.NetworkInterfaceId !== eni.NetworkInterfaceId) {
      ctx.fail("InvalidParameterValue.NetworkInterfaceIdNotMatch", `The EIP ${bt(a.AddressId)} is bound to ${bt(a.NetworkInterfaceId)}, not ${bt(eni.NetworkInterfaceId)}: unbind it first.`);
    }
    if (a.NetworkInterfaceId && a.PrivateAddressIp !== ip) {
      ctx.fail("InvalidParameterValue.PrivateIpAddressNotMatch", `The EIP ${bt(a.AddressId)} is bound to ${bt(a.PrivateAddressIp ?? "")}, not ${bt(ip)}: unbind it first.`);
    }
    if (addressStatus(a) !== "UNBIND") notUnbound();
    if ((await addresses(ctx).all(eni.NetworkInterfaceId)).some((x) => x.PrivateAddressIp === ip)) {
      ctx.fail("InvalidPrivateIpAddress.AlreadyBindEip", `The address ${bt(ip)} of ${bt(eni.NetworkInterfaceId)} already has a public IP.`);
    }
  }
  await save(ctx, { ...a, NetworkInterfaceId: eni.NetworkInterfaceId, PrivateAddressIp: ip, InstanceId: eni.attachment?.InstanceId ?? null });
  return { TaskId: await newEipTask(ctx, [a.AddressId]) };
}

export async function disassociateAddress(ctx: Ctx, req: Req<m.DisassociateAddressRequest>): Promise<Res<m.DisassociateAddressResponse>> {
  const a = await loadAddress(ctx, req.AddressId);
  if (!isElastic(a)) ctx.fail("InvalidParameterValue.ResourceNotSupport", `The address ${bt(a.AddressId)} is a normal public IP.`);
  if (addressStatus(a) === "UNBIND") ctx.fail("InvalidAddressIdStatus.NotPermit", `The EIP ${bt(a.AddressId)} is not bound.`);
  const eni = (await enis(ctx).get(a.NetworkInterfaceId!))!;
  const onPrimary = eni.Primary && eni.ips.find((x) => x.primary)?.ip === a.PrivateAddressIp;
  if (req.ReallocateNormalPublicIp && !onPrimary) ctx.fail("InvalidParameterValue.OnlySupportedForMasterNetworkCard", "A normal public IP comes back only on the primary address of a primary interface.");
  if (req.ReallocateNormalPublicIp && (await daily(ctx, "public-ip-assign")) >= 10) ctx.fail("AddressQuotaLimitExceeded.DailyAllocate", "An account may reallocate 10 normal public IPs a day (DAILY_PUBLIC_IP_ASSIGN).");
  if (a.CascadeRelease) await addresses(ctx).delete(a.AddressId);
  else await save(ctx, { ...a, NetworkInterfaceId: null, PrivateAddressIp: null, InstanceId: null });
  if (req.ReallocateNormalPublicIp) {
    await daily(ctx, "public-ip-assign", 1);
    await addWanIp(ctx, eni, a.Bandwidth, "TRAFFIC_POSTPAID_BY_HOUR");
  }
  return { TaskId: await newEipTask(ctx, [a.AddressId]) };
}

export async function releaseAddresses(ctx: Ctx, req: Req<m.ReleaseAddressesRequest>): Promise<Res<m.ReleaseAddressesResponse>> {
  if (!req.AddressIds.length) ctx.fail("InvalidParameterValue.AddressNotFound", "`AddressIds` is empty.");
  const list: AddressDoc[] = [];
  for (const id of new Set(req.AddressIds)) {
    const a = await loadAddress(ctx, id);
    if (!isElastic(a)) ctx.fail("InvalidParameterValue.AddressTypeConflict", `The address ${bt(id)} is a normal public IP: use ReturnNormalAddresses.`);
    if (addressStatus(a) !== "UNBIND") ctx.fail("InvalidAddressState", `The EIP ${bt(id)} is ${addressStatus(a)}: unbind it before releasing it.`);
    list.push(a);
  }
  const now = ctx.now();
  for (const a of list) {
    if (a.deadline !== null && a.deadline > now && a.paid > 0) {
      const total = a.deadline - a.createdAt;
      await ctx.refund(round2((a.paid * (a.deadline - now)) / total));
    }
    await addresses(ctx).delete(a.AddressId);
  }
  return { TaskId: await newEipTask(ctx, list.map((a) => a.AddressId)) };
}

export async function describeAddresses(ctx: Ctx, req: Req<m.DescribeAddressesRequest>): Promise<Res<m.DescribeAddressesResponse>> {
  for (const id of req.AddressIds ?? []) if (!ADDRESS_ID.test(id)) ctx.fail("InvalidParameterValue.AddressIdMalformed", `The EIP id ${bt(id)} is malformed.`);
  if ((req.AddressIds?.length ?? 0) > 100) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 100 `AddressIds` can be given.");
  const page = paging(ctx, req.Offset, req.Limit);
  const typeGiven = (req.Filters ?? []).some((f) => f.Name === "address-type");
  // The id filters are documented with their forms (eni-11112222; ins-11112222 or another bound resource's id).
  for (const f of req.Filters ?? []) for (const x of f.Values) {
    if (f.Name === "network-interface-id" && !/^eni-[a-z0-9]{8}$/.test(x)) ctx.fail("InvalidParameterValue.NetworkInterfaceIdMalformed", `The network interface id ${bt(x)} is malformed.`);
    if (f.Name === "instance-id" && !/^[a-z]+-[a-z0-9]{8}$/.test(x)) ctx.fail("InvalidParameterValue.ResourceIdMalformed", `The resource id ${bt(x)} is malformed.`);
  }
  const filter = filterBy<AddressDoc>(
    ctx,
    req.Filters,
    {
      "address-id": (a, v) => eq(a.AddressId, v),
      "address-name": (a, v) => a.AddressName === v[0],
      "address-ip": (a, v) => eq(a.AddressIp, v),
      "address-status": (a, v) => eq(addressStatus(a), v),
      "instance-id": (a, v) => eq(a.InstanceId, v),
      "private-ip-address": (a, v) => a.PrivateAddressIp === v[0],
      "network-interface-id": (a, v) => eq(a.NetworkInterfaceId, v),
      "is-arrears": (_a, v) => v.some((x) => x.toUpperCase() === "FALSE"),
      "instance-type": (a, v) => eq(a.InstanceId ? "CVM" : a.NetworkInterfaceId ? "ENI" : null, v),
      "address-type": (a, v) => eq(a.AddressType, v),
      "address-isp": (a, v) => eq(a.InternetServiceProvider, v),
      "dedicated-cluster-id": () => false,
    },
    (a) => a.Tags,
    { invalidKey: "InvalidParameter.InvalidFilter", tooMany: "LimitExceeded.NumberOfFilters" },
  );
  const ids = req.AddressIds ?? [];
  const all = (await addresses(ctx).all())
    .filter((a) => (ids.length ? ids.includes(a.AddressId) : true) && (typeGiven || isElastic(a)) && filter(a))
    .reverse();
  return { TotalCount: all.length, AddressSet: all.slice(page.offset, page.offset + page.limit).map(presentAddress) };
}

export async function modifyAddressAttribute(ctx: Ctx, req: Req<m.ModifyAddressAttributeRequest>): Promise<Res<m.ModifyAddressAttributeResponse>> {
  const a = await loadAddress(ctx, req.AddressId);
  if ((req.AddressName ?? "").length > 128) ctx.fail("InvalidParameterValue.TooLong", "`AddressName` is at most 128 characters.");
  if (req.EipDirectConnection !== undefined) {
    if (!["TRUE", "FALSE"].includes(req.EipDirectConnection)) ctx.fail("InvalidParameterValue", "`EipDirectConnection` is TRUE or FALSE.");
    if (!a.InstanceId) ctx.fail("UnsupportedOperation.AddressStatusNotPermit", "Direct connection needs the EIP bound to an instance.");
  }
  await save(ctx, { ...a, AddressName: req.AddressName ?? a.AddressName });
  return {};
}

async function loadElastic(ctx: Ctx, ids: readonly string[]): Promise<AddressDoc[]> {
  if (ids.length > 100) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 100 `AddressIds` can be given.");
  const out: AddressDoc[] = [];
  for (const id of new Set(ids)) {
    if (!ADDRESS_ID.test(id)) ctx.fail("InvalidParameterValue.AddressIdMalformed", `The EIP id ${bt(id)} is malformed.`);
    const a = await addresses(ctx).get(id);
    if (!a) ctx.fail("InvalidParameterValue.AddressNotFound", `The EIP ${bt(id)} does not exist.`);
    out.push(a);
  }
  return out;
}

/** Months left on a prepaid EIP (fractional), for charging bandwidth upgrades. */
const monthsLeft = (a: AddressDoc, now: number) => (a.deadline === null ? 0 : Math.max(0, (a.deadline - now) / (30 * 86_400_000)));

export async function modifyAddressesBandwidth(ctx: Ctx, req: Req<m.ModifyAddressesBandwidthRequest>): Promise<Res<m.ModifyAddressesBandwidthResponse>> {
  const list = await loadElastic(ctx, req.AddressIds);
  const mbps = req.InternetMaxBandwidthOut;
  let cost = 0;
  for (const a of list) {
    if (!isElastic(a)) ctx.fail("InvalidParameterValue.AddressTypeConflict", `The address ${bt(a.AddressId)} is a normal public IP: change the instance's bandwidth in CVM.`);
    checkBandwidth(ctx, a.InternetChargeType, mbps);
    if (a.InternetChargeType === "BANDWIDTH_PREPAID_BY_MONTH" && mbps > a.Bandwidth) {
      cost += (monthlyBandwidthCost(mbps, 1).original - monthlyBandwidthCost(a.Bandwidth, 1).original) * monthsLeft(a, ctx.now());
    }
  }
  await chargeOrFail(ctx, round2(cost));
  for (const a of list) await save(ctx, { ...a, Bandwidth: mbps });
  return { TaskId: await newEipTask(ctx, list.map((a) => a.AddressId)) };
}

export async function modifyAddressInternetChargeType(ctx: Ctx, req: Req<m.ModifyAddressInternetChargeTypeRequest>): Promise<Res<m.ModifyAddressInternetChargeTypeResponse>> {
  const a = await loadAddress(ctx, req.AddressId);
  const to = req.InternetChargeType;
  if (!["BANDWIDTH_PREPAID_BY_MONTH", "TRAFFIC_POSTPAID_BY_HOUR", "BANDWIDTH_POSTPAID_BY_HOUR"].includes(to)) ctx.fail("InvalidParameterValue", `The value ${bt(to)} of \`InternetChargeType\` is not valid.`);
  if (!isElastic(a)) ctx.fail("UnsupportedOperation.InvalidAddressInternetChargeType", "A normal public IP follows its instance's charge type.");
  if (to === a.InternetChargeType) ctx.fail("InvalidParameterValue.InternetChargeTypeNotChanged", `The EIP is already ${to}.`);
  const changes = ctx.docs<{ n: number }>("charge-type-changes");
  const used = (await changes.get(a.AddressId))?.n ?? 0;
  if (used >= 2) ctx.fail("LimitExceeded.ModifyAddressInternetChargeTypeQuota", "An EIP's charge type can be changed twice.");
  checkBandwidth(ctx, to, req.InternetMaxBandwidthOut);
  let next: AddressDoc = { ...a, InternetChargeType: to, Bandwidth: req.InternetMaxBandwidthOut, deadline: null, paid: 0 };
  if (to === "BANDWIDTH_PREPAID_BY_MONTH") {
    const p = checkPeriod(ctx, req.AddressChargePrepaid);
    const cost = monthlyBandwidthCost(req.InternetMaxBandwidthOut, p.period).discounted;
    await chargeOrFail(ctx, cost);
    next = { ...next, deadline: addMonths(ctx.now(), p.period), RenewFlag: p.renew, paid: cost };
  }
  await changes.put(a.AddressId, { n: used + 1 });
  await save(ctx, next);
  return {};
}

export async function modifyAddressesRenewFlag(ctx: Ctx, req: Req<m.ModifyAddressesRenewFlagRequest>): Promise<Res<m.ModifyAddressesRenewFlagResponse>> {
  if (!RENEW_FLAGS.includes(req.RenewFlag)) ctx.fail("InvalidParameterValue", `The value ${bt(req.RenewFlag)} of \`RenewFlag\` is not valid.`);
  const list = await loadElastic(ctx, req.AddressIds);
  for (const a of list) if (a.deadline === null) ctx.fail("InvalidParameterValue.ResourceNotSupport", `The EIP ${bt(a.AddressId)} is not prepaid.`);
  for (const a of list) await save(ctx, { ...a, RenewFlag: req.RenewFlag });
  return {};
}

export async function renewAddresses(ctx: Ctx, req: Req<m.RenewAddressesRequest>): Promise<Res<m.RenewAddressesResponse>> {
  const list = await loadElastic(ctx, req.AddressIds);
  const p = checkPeriod(ctx, req.AddressChargePrepaid);
  let cost = 0;
  for (const a of list) {
    if (a.InternetChargeType !== "BANDWIDTH_PREPAID_BY_MONTH") ctx.fail("UnsupportedOperation.InvalidAddressInternetChargeType", `The EIP ${bt(a.AddressId)} is not prepaid monthly.`);
    cost += monthlyBandwidthCost(a.Bandwidth, p.period).discounted;
  }
  await chargeOrFail(ctx, round2(cost));
  for (const a of list) await save(ctx, { ...a, deadline: addMonths(Math.max(a.deadline ?? ctx.now(), ctx.now()), p.period), paid: a.paid + monthlyBandwidthCost(a.Bandwidth, p.period).discounted });
  return {};
}

export async function describeAddressBandwidthRange(ctx: Ctx, req: Req<m.DescribeAddressBandwidthRangeRequest>): Promise<Res<m.DescribeAddressBandwidthRangeResponse>> {
  const list = await loadElastic(ctx, req.AddressIds ?? []);
  return {
    BandwidthRangeSet: list.map((a) => {
      const [lo, hi] = BANDWIDTH_RANGE[a.InternetChargeType] ?? [1, 100];
      return { ResourceId: a.AddressId, BandwidthLowerLimit: lo, BandwidthUpperLimit: hi };
    }),
  };
}

export async function describeAddressQuota(ctx: Ctx): Promise<Res<m.DescribeAddressQuotaResponse>> {
  const g = ctx.region;
  return {
    QuotaSet: [
      { QuotaId: "MONTHLY_RECOVER_QUOTA", QuotaCurrent: 0, QuotaLimit: 3, QuotaGroup: g },
      { QuotaId: "TOTAL_EIP_QUOTA", QuotaCurrent: await elasticCount(ctx), QuotaLimit: EIP_QUOTA, QuotaGroup: g },
      { QuotaId: "DAILY_EIP_APPLY", QuotaCurrent: await daily(ctx, "eip-apply"), QuotaLimit: DAILY_EIP_APPLY, QuotaGroup: g },
      { QuotaId: "DAILY_PUBLIC_IP_ASSIGN", QuotaCurrent: await daily(ctx, "public-ip-assign"), QuotaLimit: 10, QuotaGroup: g },
    ],
  };
}

export async function transformAddress(ctx: Ctx, req: Req<m.TransformAddressRequest>): Promise<Res<m.TransformAddressResponse>> {
  const { eni, state } = await instanceEni(ctx, req.InstanceId);
  if (state !== "RUNNING" && state !== "STOPPED") ctx.fail("InvalidParameterValue.InvalidInstanceState", `The instance ${bt(req.InstanceId)} is ${state}.`);
  const bound = (await addresses(ctx).all(eni.NetworkInterfaceId)).find((x) => x.PrivateAddressIp === eni.ips.find((i) => i.primary)!.ip);
  if (!bound) ctx.fail("InvalidParameterValue.InstanceHasNoWanIP", `The instance ${bt(req.InstanceId)} has no public IP.`);
  if (isElastic(bound)) ctx.fail("InvalidInstanceId.AlreadyBindEip", `The instance ${bt(req.InstanceId)} already has the EIP ${bt(bound.AddressId)}.`);
  if ((await elasticCount(ctx)) + 1 > EIP_QUOTA) ctx.fail("AddressQuotaLimitExceeded", `The region allows ${EIP_QUOTA} EIPs per account.`);
  await save(ctx, { ...bound, AddressType: "EIP", CascadeRelease: false });
  return { TaskId: Number(await newEipTask(ctx, [bound.AddressId])), AddressId: bound.AddressId };
}

export async function adjustPublicAddress(ctx: Ctx, req: Req<m.AdjustPublicAddressRequest>): Promise<Res<m.AdjustPublicAddressResponse>> {
  if (!req.InstanceId && !req.AddressId) ctx.fail("InvalidParameterValue.Combination", "Give `InstanceId` or `AddressId`.");
  let target: AddressDoc;
  if (req.AddressId) {
    target = await loadAddress(ctx, req.AddressId);
    if (isElastic(target) && target.InternetChargeType !== "BANDWIDTH_PREPAID_BY_MONTH") ctx.fail("UnsupportedOperation.InvalidAddressInternetChargeType", "Only monthly-bandwidth EIPs change their address.");
    if (req.InstanceId && target.InstanceId !== req.InstanceId) ctx.fail("InvalidParameterValue.Combination", `The address ${bt(target.AddressId)} is not on ${bt(req.InstanceId)}.`);
  } else {
    const { eni } = await instanceEni(ctx, req.InstanceId!);
    const bound = (await addresses(ctx).all(eni.NetworkInterfaceId)).find((x) => !isElastic(x));
    if (!bound) ctx.fail("InvalidParameterValue.InstanceHasNoWanIP", `The instance ${bt(req.InstanceId!)} has no normal public IP.`);
    target = bound;
  }
  if ((await daily(ctx, "change-address")) >= 10) ctx.fail("LimitExceeded.DailyChangeAddressQuota", "An account may change 10 public addresses a day.");
  await daily(ctx, "change-address", 1);
  await save(ctx, { ...target, AddressIp: await nextPublicIp(ctx) });
  return { TaskId: Number(await newEipTask(ctx, [target.AddressId])) };
}

export async function returnNormalAddresses(ctx: Ctx, req: Req<m.ReturnNormalAddressesRequest>): Promise<Res<m.ReturnNormalAddressesResponse>> {
  if (req.AddressIps.length > 20) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 20 `AddressIps` can be given.");
  const all = await addresses(ctx).all();
  const list: AddressDoc[] = [];
  for (const ip of req.AddressIps) {
    const a = all.find((x) => x.AddressIp === ip && !isElastic(x));
    if (!a) ctx.fail("InvalidParameterValue.AddressIpsNotFound", `The normal public IP ${bt(ip)} does not exist.`);
    list.push(a);
  }
  for (const a of list) await addresses(ctx).delete(a.AddressId);
  return {};
}

export function inquiryPriceAllocateAddresses(ctx: Ctx, req: Req<m.InquiryPriceAllocateAddressesRequest>): Res<m.InquiryPriceAllocateAddressesResponse> {
  if (!CHARGE_TYPES.includes(req.InternetChargeType)) ctx.fail("InvalidParameterValue.Combination", `The value ${bt(req.InternetChargeType)} of \`InternetChargeType\` is not valid.`);
  const mbps = req.InternetMaxBandwidthOut ?? 1;
  checkBandwidth(ctx, req.InternetChargeType, mbps);
  const period = req.InternetChargeType === "BANDWIDTH_PREPAID_BY_MONTH" ? checkPeriod(ctx, req.AddressChargePrepaid).period : 1;
  return { Price: internetPrice(req.InternetChargeType, mbps, period) };
}

export async function inquiryPriceModifyAddressesBandwidth(ctx: Ctx, req: Req<m.InquiryPriceModifyAddressesBandwidthRequest>): Promise<Res<m.InquiryPriceModifyAddressesBandwidthResponse>> {
  const list = await loadElastic(ctx, req.AddressIds);
  if (!list.length) ctx.fail("InvalidParameterValue.AddressNotFound", "`AddressIds` is empty.");
  for (const a of list) checkBandwidth(ctx, a.InternetChargeType, req.InternetMaxBandwidthOut);
  return { Price: internetPrice(list[0].InternetChargeType, req.InternetMaxBandwidthOut, 1) };
}

export async function inquiryPriceRenewAddresses(ctx: Ctx, req: Req<m.InquiryPriceRenewAddressesRequest>): Promise<Res<m.InquiryPriceRenewAddressesResponse>> {
  const list = await loadElastic(ctx, req.AddressIds);
  if (!list.length) ctx.fail("InvalidParameterValue.AddressNotFound", "`AddressIds` is empty.");
  const p = checkPeriod(ctx, req.AddressChargePrepaid);
  for (const a of list) if (a.InternetChargeType !== "BANDWIDTH_PREPAID_BY_MONTH") ctx.fail("UnsupportedOperation.InvalidAddressInternetChargeType", `The EIP ${bt(a.AddressId)} is not prepaid monthly.`);
  const sum = list.reduce((s, a) => ({ o: s.o + monthlyBandwidthCost(a.Bandwidth, p.period).original, d: s.d + monthlyBandwidthCost(a.Bandwidth, p.period).discounted }), { o: 0, d: 0 });
  const price = internetPrice("BANDWIDTH_PREPAID_BY_MONTH", list[0].Bandwidth, p.period);
  return { Price: { ...price, OriginalPrice: round2(sum.o), DiscountPrice: round2(sum.d), AddressPrice: { ...price.AddressPrice!, OriginalPrice: round2(sum.o), DiscountPrice: round2(sum.d) } } };
}
