import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import { addMonths } from "../../platform/clock";
import type { Req, Res } from "../../platform/definition";
import { round2 } from "../../platform/money";
import { periodDiscount } from "../cbs/for-products";
import { bt, eq, filterBy, newId, utc, type Ctx } from "./common";
import { allTypes, soldIn, typePrice } from "./instance-types";
import { liveInstances } from "./instance-model";
import { checkType } from "./run-plan";
import { zoneInfo } from "./zones";

/**
 * Resource pool packs: capacity of one instance type in one zone, reserved and paid for a period (PREPAID, at
 * the type's monthly price). They are ACTIVE until their end, then RETIRED.
 */
interface PackDoc {
  DedicatedResourcePackId: string;
  DedicatedResourcePackName: string;
  Zone: string;
  InstanceType: string;
  count: number;
  ResourcePoolPackType: "EXCLUSIVE" | "SHARED";
  AutoPlacement: boolean;
  RenewFlag: string;
  start: number;
  end: number;
  terminated: boolean;
}

const packs = (ctx: Ctx) => ctx.docs<PackDoc>("resource-pool-pack");
const PACK_ID = /^drp-[a-z0-9]{8}$/;
const PERIODS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 36];

function status(p: PackDoc, now: number): string {
  return p.terminated || now >= p.end ? "RETIRED" : "ACTIVE";
}

function plan(ctx: Ctx, req: { Zone: string; InstanceType: string; InstanceCount: number; Period: number }) {
  const zone = zoneInfo(req.Zone);
  if (!zone || zone.region !== ctx.region) ctx.fail("InvalidZone.MismatchRegion", `The zone ${bt(req.Zone)} does not exist in ${bt(ctx.region)}.`);
  const spec = checkType(ctx, req.InstanceType, zone.Zone);
  if (req.InstanceCount < 1 || req.InstanceCount > 100) ctx.fail("InvalidParameterValue.Range", "`InstanceCount` is 1 to 100.");
  if (!PERIODS.includes(req.Period)) ctx.fail("InvalidPeriod", `The period ${req.Period} is not valid: 1-12, 24 or 36 months.`);
  const original = round2(typePrice(spec).monthly * req.InstanceCount * req.Period);
  return { zone: zone.Zone, spec, original, discounted: round2(original * periodDiscount(req.Period)) };
}

export function inquirePricePurchaseResourcePoolPacks(ctx: Ctx, req: Req<m.InquirePricePurchaseResourcePoolPacksRequest>): Res<m.InquirePricePurchaseResourcePoolPacksResponse> {
  const p = plan(ctx, req);
  return {
    Price: {
      UnitPrice: 0, ChargeUnit: "MONTH", OriginalPrice: p.original, DiscountPrice: p.discounted, Discount: Math.round(periodDiscount(req.Period) * 100), UnitPriceDiscount: 0,
      UnitPriceSecondStep: 0, UnitPriceDiscountSecondStep: 0, UnitPriceThirdStep: 0, UnitPriceDiscountThirdStep: 0, OriginalPriceThreeYear: null as never, DiscountPriceThreeYear: null as never,
      DiscountThreeYear: null as never, OriginalPriceFiveYear: null as never, DiscountPriceFiveYear: null as never, DiscountFiveYear: null as never,
      OriginalPriceOneYear: null as never, DiscountPriceOneYear: null as never, DiscountOneYear: null as never,
    },
  };
}

export async function purchaseResourcePoolPacks(ctx: Ctx, req: Req<m.PurchaseResourcePoolPacksRequest>): Promise<Res<m.PurchaseResourcePoolPacksResponse>> {
  const p = plan(ctx, req);
  const type = req.ResourcePoolPackType ?? "EXCLUSIVE";
  if (type !== "EXCLUSIVE" && type !== "SHARED") ctx.fail("InvalidParameterValue.ResourcePoolPackTypeNotSupported", `The pack type ${bt(type)} is not EXCLUSIVE or SHARED.`);
  if (req.DedicatedResourcePoolPackName !== undefined && req.DedicatedResourcePoolPackName.length > 60) ctx.fail("InvalidParameterValue.DedicatedResourcePackName", "The pack name is at most 60 characters.");
  const renew = req.RenewFlag ?? "NOTIFY_AND_MANUAL_RENEW";
  if (!["NOTIFY_AND_AUTO_RENEW", "NOTIFY_AND_MANUAL_RENEW", "DISABLE_NOTIFY_AND_MANUAL_RENEW"].includes(renew)) ctx.fail("InvalidParameterValue", `The renew flag ${bt(renew)} is not valid.`);
  if (req.DryRun) ctx.fail("DryRunOperation", "DryRun Operation. The request would have succeeded, but the DryRun parameter was used.");
  if (!(await ctx.charge(p.discounted))) ctx.fail("InvalidAccount.InsufficientBalance", `The balance is short of the ${p.discounted} CNY this purchase costs.`);
  const now = ctx.now();
  const id = await newId(packs(ctx), "drp");
  await packs(ctx).insert(id, {
    DedicatedResourcePackId: id, DedicatedResourcePackName: req.DedicatedResourcePoolPackName ?? "", Zone: p.zone, InstanceType: p.spec.InstanceType, count: req.InstanceCount,
    ResourcePoolPackType: type as PackDoc["ResourcePoolPackType"], AutoPlacement: req.AutoPlacement ?? false, RenewFlag: renew, start: now, end: addMonths(now, req.Period), terminated: false,
  });
  ctx.touch(id);
  return { DedicatedResourcePackIdSet: [id] };
}

async function load(ctx: Ctx, ids: readonly string[]): Promise<PackDoc[]> {
  const out: PackDoc[] = [];
  for (const id of new Set(ids)) {
    if (!PACK_ID.test(id)) ctx.fail("InvalidParameterValue.ResourcePoolPackIdMalformed", `The pack id ${bt(id)} is malformed.`);
    const p = await packs(ctx).get(id);
    if (!p) ctx.fail("ResourceNotFound.ResourcePoolPackIdNotFound", `The pack ${bt(id)} does not exist.`);
    out.push(p);
  }
  return out;
}

export async function terminateResourcePoolPacks(ctx: Ctx, req: Req<m.TerminateResourcePoolPacksRequest>): Promise<Res<m.TerminateResourcePoolPacksResponse>> {
  const list = await load(ctx, req.DedicatedResourcePackIds);
  for (const p of list) if (status(p, ctx.now()) !== "ACTIVE") ctx.fail("InvalidParameterValue.ResourcePoolPackStatus", `The pack ${bt(p.DedicatedResourcePackId)} is RETIRED.`);
  for (const p of list) await packs(ctx).update(p.DedicatedResourcePackId, { ...p, terminated: true, end: ctx.now() });
  return {};
}

/** Instances a pack holds: the account's live instances of its type in its zone, up to its capacity, oldest first. */
async function holders(ctx: Ctx, p: PackDoc): Promise<string[]> {
  if (status(p, ctx.now()) !== "ACTIVE") return [];
  return (await liveInstances(ctx)).filter((i) => i.Zone === p.Zone && i.InstanceType === p.InstanceType).slice(0, p.count).map((i) => i.InstanceId);
}

export async function describeResourcePoolPacks(ctx: Ctx, req: Req<m.DescribeResourcePoolPacksRequest>): Promise<Res<m.DescribeResourcePoolPacksResponse>> {
  const max = req.MaxResults ?? 20;
  if (max < 1 || max > 100) ctx.fail("InvalidParameterValue.LimitExceeded", "`MaxResults` is 1 to 100.");
  const start = req.NextToken ? Number(Buffer.from(req.NextToken, "base64url").toString()) : 0;
  if (!Number.isInteger(start) || start < 0) ctx.fail("InvalidParameterValue", `The NextToken ${bt(req.NextToken ?? "")} is not valid.`);
  const now = ctx.now();
  const filter = filterBy<PackDoc>(ctx, req.Filters, {
    "dedicated-resource-pack-id": (p, v) => eq(p.DedicatedResourcePackId, v),
    "dedicated-resource-pack-name": (p, v) => v.some((x) => p.DedicatedResourcePackName.includes(x)),
    zone: (p, v) => eq(p.Zone, v),
    status: (p, v) => eq(status(p, now), v),
    "instance-type": (p, v) => eq(p.InstanceType, v),
  });
  const all = (await packs(ctx).all()).filter(filter);
  const page = all.slice(start, start + max);
  const set: m.ResourcePoolPack[] = [];
  for (const p of page) {
    const spec = allTypes().find((t) => t.InstanceType === p.InstanceType)!;
    const used = (await holders(ctx, p)).length;
    set.push({
      DedicatedResourcePackId: p.DedicatedResourcePackId, DedicatedResourcePackName: p.DedicatedResourcePackName, Zone: p.Zone, InstanceType: p.InstanceType, InstanceFamily: spec.family,
      ResourcePoolPackType: p.ResourcePoolPackType, Status: status(p, now),
      TotalCapacity: { Cpu: spec.CPU * p.count, Memory: spec.Memory * p.count, Gpu: 0, Disk: 0 },
      AvailableCapacity: { Cpu: spec.CPU * (p.count - used), Memory: spec.Memory * (p.count - used), Gpu: 0, Disk: 0 },
      HostIp: "", RackId: "", SwitchId: "", AutoPlacement: p.AutoPlacement, RenewFlag: p.RenewFlag, StartTime: utc(p.start), EndTime: utc(p.end),
    });
  }
  return { DedicatedResourcePackSet: set, NextToken: start + page.length < all.length ? Buffer.from(String(start + page.length)).toString("base64url") : (null as never) };
}

export async function describeResourcePoolPackInstances(ctx: Ctx, req: Req<m.DescribeResourcePoolPackInstancesRequest>): Promise<Res<m.DescribeResourcePoolPackInstancesResponse>> {
  const list = await load(ctx, req.DedicatedResourcePackIds);
  const out: m.ResourcePoolPackInstance[] = [];
  for (const p of list) out.push({ DedicatedResourcePackId: p.DedicatedResourcePackId, InstanceIdSet: await holders(ctx, p), InstanceFamily: p.InstanceType.split(".")[0], InstanceType: p.InstanceType, Zone: p.Zone });
  return { DedicatedResourcePackInstanceSet: out };
}

export function describeResourcePoolPackTypeConfigs(ctx: Ctx, req: Req<m.DescribeResourcePoolPackTypeConfigsRequest>): Res<m.DescribeResourcePoolPackTypeConfigsResponse> {
  const filter = filterBy<{ zone: string; type: string; family: string }>(ctx, req.Filters, {
    zone: (x, v) => eq(x.zone, v),
    "instance-family": (x, v) => eq(x.family, v),
    "instance-type": (x, v) => eq(x.type, v),
  }, undefined, 10);
  const zones = (req.Filters.find((f) => f.Name === "zone")?.Values ?? []).filter((z) => zoneInfo(z)?.region === ctx.region);
  if (!zones.length) ctx.fail("MissingParameter", `The request needs a \`zone\` filter naming a zone of ${bt(ctx.region)}.`);
  return {
    InstanceTypeConfigSet: zones.flatMap((zone) =>
      allTypes().filter((t) => soldIn(t, zone) && filter({ zone, type: t.InstanceType, family: t.family })).map((t) => ({
        Zone: zone, InstanceType: t.InstanceType, InstanceFamily: t.family, GPU: 0, CPU: t.CPU, Memory: t.Memory, FPGA: 0, GpuCount: 0, GpuType: "", GpuMemory: 0,
      })),
    ),
  };
}
