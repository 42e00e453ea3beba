import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import type { Req, Res } from "../../platform/definition";
import { bt, eq, filterBy, loadInstance, utc, type Ctx } from "./common";
import { images, IMAGE_QUOTA } from "./image-model";
import { allTypes, FAMILIES, networkPerformance, soldIn, typePrice, type InstanceTypeSpec } from "./instance-types";
import { liveInstances } from "./instance-model";
import { GROUP_CAPACITY, GROUP_QUOTA, placementGroups } from "./placement-model";
import { INSTANCE_QUOTA } from "./run-plan";
import { zonesOf } from "./zones";

interface Offer {
  zone: string;
  spec: InstanceTypeSpec;
}

function offers(ctx: Ctx): Offer[] {
  const zones = zonesOf(ctx.region).filter((z) => z.available);
  return zones.flatMap((z) => allTypes().filter((t) => soldIn(t, z.Zone)).map((spec) => ({ zone: z.Zone, spec })));
}

function checkZones(ctx: Ctx, filters: readonly m.Filter[] | undefined): void {
  for (const f of filters ?? []) if (f.Name === "zone") for (const z of f.Values) if (!z.startsWith(`${ctx.region}-`)) ctx.fail("InvalidZone.MismatchRegion", `The zone ${bt(z)} is not in ${bt(ctx.region)}.`);
}

export function describeInstanceTypeConfigs(ctx: Ctx, req: Req<m.DescribeInstanceTypeConfigsRequest>): Res<m.DescribeInstanceTypeConfigsResponse> {
  checkZones(ctx, req.Filters);
  const filter = filterBy<Offer>(ctx, req.Filters, {
    zone: (o, v) => eq(o.zone, v),
    "instance-family": (o, v) => eq(o.spec.family, v),
    "instance-type": (o, v) => eq(o.spec.InstanceType, v),
  }, undefined, 10);
  return {
    InstanceTypeConfigSet: offers(ctx).filter(filter).map((o) => ({
      Zone: o.zone, InstanceType: o.spec.InstanceType, InstanceFamily: o.spec.family, GPU: 0, CPU: o.spec.CPU, Memory: o.spec.Memory, FPGA: 0, GpuCount: 0, GpuType: "", GpuMemory: 0,
    })),
  };
}

function itemPrice(spec: InstanceTypeSpec, chargeType: string): m.ItemPrice {
  const p = typePrice(spec);
  const year = Math.round(p.monthly * 12 * 100) / 100;
  const base = {
    UnitPriceSecondStep: 0, UnitPriceDiscountSecondStep: 0, UnitPriceThirdStep: 0, UnitPriceDiscountThirdStep: 0,
    OriginalPriceThreeYear: Math.round(p.monthly * 36 * 100) / 100, DiscountPriceThreeYear: Math.round(p.monthly * 36 * 0.5 * 100) / 100, DiscountThreeYear: 50,
    OriginalPriceFiveYear: Math.round(p.monthly * 60 * 100) / 100, DiscountPriceFiveYear: Math.round(p.monthly * 60 * 0.5 * 100) / 100, DiscountFiveYear: 50,
    OriginalPriceOneYear: year, DiscountPriceOneYear: Math.round(year * 0.83 * 100) / 100, DiscountOneYear: 83,
  };
  if (chargeType === "PREPAID") return { ...base, UnitPrice: 0, ChargeUnit: "MONTH", OriginalPrice: p.monthly, DiscountPrice: p.monthly, Discount: 100, UnitPriceDiscount: 0 };
  return { ...base, UnitPrice: p.hourly, ChargeUnit: "HOUR", OriginalPrice: 0, DiscountPrice: 0, Discount: 100, UnitPriceDiscount: p.hourly };
}

export function describeZoneInstanceConfigInfos(ctx: Ctx, req: Req<m.DescribeZoneInstanceConfigInfosRequest>): Res<m.DescribeZoneInstanceConfigInfosResponse> {
  checkZones(ctx, req.Filters);
  const chargeTypes = req.Filters?.find((f) => f.Name === "instance-charge-type")?.Values ?? ["POSTPAID_BY_HOUR", "PREPAID"];
  for (const c of chargeTypes) if (!["POSTPAID_BY_HOUR", "PREPAID", "SPOTPAID", "CDHPAID"].includes(c)) ctx.fail("InvalidParameterValue", `The charge type ${bt(c)} is not valid.`);
  const filter = filterBy<Offer>(ctx, req.Filters, {
    zone: (o, v) => eq(o.zone, v),
    "instance-family": (o, v) => eq(o.spec.family, v),
    "instance-type": (o, v) => eq(o.spec.InstanceType, v),
    "instance-charge-type": () => true,
    "sort-keys": () => true,
    "cpu-architecture": (_o, v) => v.includes("x86_64"),
  }, undefined, 10);
  const zh = ctx.language === "zh-CN";
  const out: m.InstanceTypeQuotaItem[] = [];
  for (const o of offers(ctx).filter(filter)) {
    for (const c of chargeTypes.filter((x) => x === "POSTPAID_BY_HOUR" || x === "PREPAID")) {
      const fam = FAMILIES[o.spec.family];
      const net = networkPerformance(o.spec);
      out.push({
        Zone: o.zone, InstanceType: o.spec.InstanceType, InstanceChargeType: c, NetworkCard: 0, Externals: { ReleaseAddress: false, UnsupportNetworks: [], StorageBlockAttr: { Type: "", MinSize: 0, MaxSize: 0 } }, Cpu: o.spec.CPU, Memory: o.spec.Memory,
        InstanceFamily: o.spec.family, TypeName: zh ? fam.zh : fam.en,
        LocalDiskTypeList: fam.localDisk ? [{ Type: "LOCAL_NVME", PartitionType: "DATA", MinSize: 3720, MaxSize: 3720, Required: "REQUIRED" }] : [],
        Status: "SELL", Price: itemPrice(o.spec, c), SoldOutReason: "", InstanceBandwidth: net.bandwidth, InstancePps: net.pps, StorageBlockAmount: 0,
        CpuType: fam.cpuType, Gpu: 0, Fpga: 0, Remark: "", GpuCount: 0, Frequency: fam.frequency, StatusCategory: "EnoughStock",
      });
    }
  }
  return { InstanceTypeQuotaSet: out };
}

export function describeInstanceFamilyConfigs(ctx: Ctx): Res<m.DescribeInstanceFamilyConfigsResponse> {
  const zh = ctx.language === "zh-CN";
  return { InstanceFamilyConfigSet: Object.entries(FAMILIES).map(([k, f]) => ({ InstanceFamily: k, InstanceFamilyName: zh ? f.zh : f.en })) };
}

const INTERNET_CHARGE_TYPES = [
  { InternetChargeType: "BANDWIDTH_PREPAID", Description: "预付费按带宽结算" },
  { InternetChargeType: "TRAFFIC_POSTPAID_BY_HOUR", Description: "流量按小时后付费" },
  { InternetChargeType: "BANDWIDTH_POSTPAID_BY_HOUR", Description: "带宽按小时后付费" },
  { InternetChargeType: "BANDWIDTH_PACKAGE", Description: "带宽包用户" },
];

export function describeInternetChargeTypeConfigs(): Res<m.DescribeInternetChargeTypeConfigsResponse> {
  return { InternetChargeTypeConfigSet: INTERNET_CHARGE_TYPES.map((x) => ({ ...x })) };
}

/** The instance's bandwidth history: one period from its creation (tclocal keeps the current setting only). */
export async function describeInstanceInternetBandwidthConfigs(ctx: Ctx, req: Req<m.DescribeInstanceInternetBandwidthConfigsRequest>): Promise<Res<m.DescribeInstanceInternetBandwidthConfigsResponse>> {
  const inst = await loadInstance(ctx, req.InstanceId, ["PENDING", "RUNNING", "STOPPED", "STARTING", "STOPPING", "REBOOTING", "SHUTDOWN", "RESCUE_MODE", "ENTER_RESCUE_MODE", "EXIT_RESCUE_MODE"], "DescribeInstanceInternetBandwidthConfigs");
  return {
    InternetBandwidthConfigSet: [{
      StartTime: utc(inst.createdAt),
      EndTime: inst.deadline !== null ? utc(inst.deadline) : "",
      InternetAccessible: { ...inst.InternetAccessible, BandwidthPackageId: "", InternetServiceProvider: "BGP", IPv4AddressType: "WanIP", IPv6AddressType: "", AntiDDoSPackageId: "" },
    }],
  };
}

export async function describeAccountQuota(ctx: Ctx, req: Req<m.DescribeAccountQuotaRequest>): Promise<Res<m.DescribeAccountQuotaResponse>> {
  const filter = filterBy<{ zone: string; type: string }>(ctx, req.Filters, {
    zone: (x, v) => eq(x.zone, v),
    "quota-type": (x, v) => eq(x.type, v),
  }, undefined, 10);
  const all = await liveInstances(ctx);
  const zones = zonesOf(ctx.region).map((z) => z.Zone);
  const used = (zone: string, charge: string) => all.filter((i) => i.Zone === zone && i.InstanceChargeType === charge).length;
  const want = (zone: string, type: string) => filter({ zone, type });
  const groups = await placementGroups(ctx).count();
  return {
    AppId: ctx.caller.appId,
    AccountQuotaOverview: {
      Region: ctx.region,
      AccountQuota: {
        PostPaidQuotaSet: zones.filter((z) => want(z, "PostPaidQuotaSet")).map((z) => ({ Zone: z, UsedQuota: used(z, "POSTPAID_BY_HOUR"), RemainingQuota: INSTANCE_QUOTA - all.length, TotalQuota: INSTANCE_QUOTA })),
        PrePaidQuotaSet: zones.filter((z) => want(z, "PrePaidQuotaSet")).map((z) => ({ Zone: z, UsedQuota: used(z, "PREPAID"), OnceQuota: 500, RemainingQuota: INSTANCE_QUOTA - all.length, TotalQuota: INSTANCE_QUOTA })),
        SpotPaidQuotaSet: zones.filter((z) => want(z, "SpotPaidQuotaSet")).map((z) => ({ Zone: z, UsedQuota: used(z, "SPOTPAID"), RemainingQuota: INSTANCE_QUOTA - all.length, TotalQuota: INSTANCE_QUOTA })),
        ImageQuotaSet: want("", "ImageQuotaSet") || !req.Filters?.some((f) => f.Name === "quota-type") ? [{ UsedQuota: await images(ctx).count(), TotalQuota: IMAGE_QUOTA }] : [],
        DisasterRecoverGroupQuotaSet: [{ GroupQuota: GROUP_QUOTA, CurrentNum: groups, CvmInHostGroupQuota: GROUP_CAPACITY.HOST, CvmInSwitchGroupQuota: GROUP_CAPACITY.SW, CvmInRackGroupQuota: GROUP_CAPACITY.RACK }],
      },
    },
  };
}

