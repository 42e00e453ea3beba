import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import type { Req, Res } from "../../platform/definition";
import type { ActionContext } from "../../platform/service";
import { COMPUTE_REGIONS, regionName, zonesOf } from "./zones";

type Ctx = ActionContext<"cvm">;

export function describeZones(ctx: Ctx, _req: Req<m.DescribeZonesRequest>): Res<m.DescribeZonesResponse> {
  const zh = ctx.language === "zh-CN";
  const zones = zonesOf(ctx.region).map((z) => ({
    Zone: z.Zone,
    ZoneName: zh ? z.ZoneName.zh : z.ZoneName.en,
    ZoneId: z.ZoneId,
    ZoneState: z.available ? "AVAILABLE" : "UNAVAILABLE",
  }));
  return { TotalCount: zones.length, ZoneSet: zones };
}

export function describeRegions(ctx: Ctx, _req: Req<m.DescribeRegionsRequest>): Res<m.DescribeRegionsResponse> {
  const zh = ctx.language === "zh-CN";
  const regions = COMPUTE_REGIONS.map((r) => ({
    Region: r,
    RegionName: zh ? regionName(r).zh : regionName(r).en,
    RegionState: "AVAILABLE",
  }));
  return { TotalCount: regions.length, RegionSet: regions };
}
