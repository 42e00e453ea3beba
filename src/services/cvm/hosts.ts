import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import { addMonths } from "../../platform/clock";
import type { Req, Res } from "../../platform/definition";
import { round2 } from "../../platform/money";
import { periodDiscount } from "../cbs/for-products";
import { bt, eq, filterBy, newId, paging, tagsFor, utc, type Ctx } from "./common";
import { INSTANCE_PERIODS } from "./instance-types";
import { liveInstances, type InstanceDoc } from "./instance-model";
import { hosts, HOST_TYPES, type HostDoc } from "./placement-model";
import { zoneInfo } from "./zones";

const HOST_ID = /^host-[a-z0-9]{8}$/;

export function hostUsage(h: HostDoc, all: readonly InstanceDoc[]): { cpu: number; mem: number; ids: string[] } {
  const on = all.filter((i) => i.HostId === h.HostId);
  return { cpu: on.reduce((s, i) => s + i.CPU, 0), mem: on.reduce((s, i) => s + i.Memory, 0), ids: on.map((i) => i.InstanceId) };
}

function checkPeriod(ctx: Ctx, p: m.ChargePrepaid | undefined): { period: number; renew: string } {
  if (!p) ctx.fail("InvalidPeriod", "`HostChargePrepaid` is required.");
  if (!INSTANCE_PERIODS.includes(p.Period) || p.Period > 36) ctx.fail("InvalidPeriod", `The period ${p.Period} is not valid: 1-12, 24 or 36 months.`);
  const renew = p.RenewFlag ?? "NOTIFY_AND_MANUAL_RENEW";
  if (!["NOTIFY_AND_AUTO_RENEW", "NOTIFY_AND_MANUAL_RENEW", "DISABLE_NOTIFY_AND_MANUAL_RENEW"].includes(renew)) ctx.fail("InvalidParameterValue.Range", `The renew flag ${bt(renew)} is not valid.`);
  return { period: p.Period, renew };
}

export async function allocateHosts(ctx: Ctx, req: Req<m.AllocateHostsRequest>): Promise<Res<m.AllocateHostsResponse>> {
  const zone = zoneInfo(req.Placement.Zone);
  if (!zone || zone.region !== ctx.region) ctx.fail("InvalidZone.MismatchRegion", `The zone ${bt(req.Placement.Zone)} does not exist in ${bt(ctx.region)}.`);
  if (!zone.available) ctx.fail("ResourceInsufficient.ZoneSoldOutForSpecifiedInstance", `The zone ${bt(zone.Zone)} is sold out.`);
  if ((req.Placement.ProjectId ?? 0) < 0) ctx.fail("InvalidProjectId.NotFound", `The project ${req.Placement.ProjectId} does not exist.`);
  const chargeType = req.HostChargeType ?? "PREPAID";
  if (chargeType !== "PREPAID") ctx.fail("InvalidParameterValue.Range", "CDH hosts are PREPAID.");
  const type = req.HostType ?? "HS20";
  if (!HOST_TYPES[type]) ctx.fail("InvalidParameterValue.Range", `The host type ${bt(type)} is not sold: ${Object.keys(HOST_TYPES).join(", ")}.`);
  const count = req.HostCount ?? 1;
  if (count < 1 || count > 100) ctx.fail("InvalidParameterValue.Range", "`HostCount` is 1 to 100.");
  const { period, renew } = checkPeriod(ctx, req.HostChargePrepaid);
  const tokens = ctx.docs<{ ids: string[] }>("host-token");
  if (req.ClientToken) {
    const seen = await tokens.get(req.ClientToken);
    if (seen) return { HostIdSet: seen.ids };
  }
  const price = round2(HOST_TYPES[type].monthly * period * periodDiscount(period));
  if (!(await ctx.charge(round2(price * count)))) ctx.fail("InvalidAccount.InsufficientBalance", `The balance is short of the ${round2(price * count)} CNY this purchase costs.`);
  const now = ctx.now();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = await newId(hosts(ctx), "host");
    ids.push(id);
    await hosts(ctx).insert(id, {
      HostId: id, HostName: "", HostType: type, Zone: zone.Zone, ProjectId: req.Placement.ProjectId ?? 0, HostChargeType: "PREPAID", RenewFlag: renew,
      createdAt: now, deadline: addMonths(now, period), paid: price, HostIp: `10.${Math.floor(Math.random() * 200) + 20}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 2}`,
      Tags: tagsFor(ctx, req.TagSpecification, "host"),
    });
    ctx.touch(id);
  }
  if (req.ClientToken) await tokens.insert(req.ClientToken, { ids });
  return { HostIdSet: ids };
}

async function loadHosts(ctx: Ctx, ids: readonly string[]): Promise<HostDoc[]> {
  if (ids.length > 100) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 100 hosts can be given.");
  const out: HostDoc[] = [];
  for (const id of new Set(ids)) {
    if (!HOST_ID.test(id)) ctx.fail("InvalidHostId.Malformed", `The CDH host id ${bt(id)} is malformed.`);
    const h = await hosts(ctx).get(id);
    if (!h) ctx.fail("InvalidHostId.NotFound", `The CDH host ${bt(id)} does not exist.`);
    out.push(h);
    ctx.touch(id);
  }
  return out;
}

export async function describeHosts(ctx: Ctx, req: Req<m.DescribeHostsRequest>): Promise<Res<m.DescribeHostsResponse>> {
  const page = paging(ctx, req.Offset, req.Limit);
  for (const f of req.Filters ?? []) if (f.Name === "zone") for (const z of f.Values) if (!z.startsWith(`${ctx.region}-`)) ctx.fail("InvalidZone.MismatchRegion", `The zone ${bt(z)} is not in ${bt(ctx.region)}.`);
  const filter = filterBy<HostDoc>(ctx, req.Filters, {
    zone: (h, v) => eq(h.Zone, v),
    "project-id": (h, v) => eq(h.ProjectId, v),
    "host-id": (h, v) => eq(h.HostId, v),
    "host-name": (h, v) => v.some((x) => h.HostName.includes(x)),
    "host-state": (h, v) => eq(hostState(h, ctx.now()), v),
  }, (h) => h.Tags);
  const all = (await hosts(ctx).all()).filter(filter);
  const insts = await liveInstances(ctx);
  return {
    TotalCount: all.length,
    HostSet: all.slice(page.offset, page.offset + page.limit).map((h) => {
      const t = HOST_TYPES[h.HostType];
      const used = hostUsage(h, insts);
      return {
        Placement: { Zone: h.Zone, ProjectId: h.ProjectId, HostIds: [h.HostId], HostId: h.HostId, DedicatedResourcePackTenancy: "", DedicatedResourcePackIds: [], RackId: "" },
        HostId: h.HostId, HostType: h.HostType, HostName: h.HostName, HostChargeType: h.HostChargeType, RenewFlag: h.RenewFlag, CreatedTime: utc(h.createdAt),
        ExpiredTime: h.deadline !== null ? utc(h.deadline) : "", InstanceIds: used.ids, HostState: hostState(h, ctx.now()), HostIp: h.HostIp,
        HostResource: { CpuTotal: t.cpu, CpuAvailable: t.cpu - used.cpu, MemTotal: t.mem, MemAvailable: t.mem - used.mem, DiskTotal: t.disk, DiskAvailable: t.disk, DiskType: t.diskType, GpuTotal: 0, GpuAvailable: 0, ExclusiveOwner: null as never },
        CageId: "", Tags: h.Tags.map((x) => ({ Key: x.Key, Value: x.Value })),
      };
    }),
  };
}

/** RUNNING, or EXPIRED once its prepaid term has passed (it then takes no new instances). */
export function hostState(h: HostDoc, now: number): string {
  return h.deadline !== null && now >= h.deadline ? "EXPIRED" : "RUNNING";
}

export async function modifyHostsAttribute(ctx: Ctx, req: Req<m.ModifyHostsAttributeRequest>): Promise<Res<m.ModifyHostsAttributeResponse>> {
  const list = await loadHosts(ctx, req.HostIds);
  if (req.HostName !== undefined && req.HostName.length > 60) ctx.fail("InvalidHost.NotSupported", "`HostName` is at most 60 characters.");
  if (req.RenewFlag !== undefined && !["NOTIFY_AND_AUTO_RENEW", "NOTIFY_AND_MANUAL_RENEW", "DISABLE_NOTIFY_AND_MANUAL_RENEW"].includes(req.RenewFlag)) ctx.fail("InvalidHost.NotSupported", `The renew flag ${bt(req.RenewFlag)} is not valid.`);
  for (const h of list) await hosts(ctx).update(h.HostId, { ...h, HostName: req.HostName ?? h.HostName, RenewFlag: req.RenewFlag ?? h.RenewFlag, ProjectId: req.ProjectId ?? h.ProjectId });
  return {};
}

function renewalPrice(list: readonly HostDoc[], period: number): { original: number; discounted: number } {
  const original = list.reduce((s, h) => s + HOST_TYPES[h.HostType].monthly * period, 0);
  return { original: round2(original), discounted: round2(original * periodDiscount(period)) };
}

export async function renewHosts(ctx: Ctx, req: Req<m.RenewHostsRequest>): Promise<Res<m.RenewHostsResponse>> {
  const list = await loadHosts(ctx, req.HostIds);
  const { period } = checkPeriod(ctx, req.HostChargePrepaid);
  const cost = renewalPrice(list, period).discounted;
  if (!(await ctx.charge(cost))) ctx.fail("InvalidAccount.InsufficientBalance", `The balance is short of the ${cost} CNY this renewal costs.`);
  for (const h of list) await hosts(ctx).update(h.HostId, { ...h, deadline: addMonths(Math.max(h.deadline ?? ctx.now(), ctx.now()), period) });
  return {};
}

export async function inquiryPriceRenewHosts(ctx: Ctx, req: Req<m.InquiryPriceRenewHostsRequest>): Promise<Res<m.InquiryPriceRenewHostsResponse>> {
  const list = await loadHosts(ctx, req.HostIds);
  const { period } = checkPeriod(ctx, req.HostChargePrepaid);
  const p = renewalPrice(list, period);
  return {
    Price: {
      HostPrice: {
        UnitPrice: 0, ChargeUnit: "MONTH", OriginalPrice: p.original, DiscountPrice: p.discounted, Discount: Math.round(periodDiscount(period) * 100), UnitPriceDiscount: 0,
        UnitPriceSecondStep: 0, UnitPriceDiscountSecondStep: 0, UnitPriceThirdStep: 0, UnitPriceDiscountThirdStep: 0, OriginalPriceThreeYear: null as never,
        DiscountPriceThreeYear: null as never, DiscountThreeYear: null as never, OriginalPriceFiveYear: null as never, DiscountPriceFiveYear: null as never,
        DiscountFiveYear: null as never, OriginalPriceOneYear: null as never, DiscountPriceOneYear: null as never, DiscountOneYear: null as never,
      },
    },
  };
}
