import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_models";
import type { Req, Res } from "../../platform/definition";
import { zonesOf } from "../cvm/for-products";
import { bt, fail, nil, type Ctx } from "./common";
import { DISK_TYPES, isDiskType, type DiskType } from "./disk-types";
import { diskLines, hourlyCost, hourlyPrice, prepaidCost, prepaidPrice } from "./pricing";

const FAMILIES = ["S5", "SA2", "M5", "C5", "IT5"];

/**
 * DescribeDiskConfigQuota: every (zone, type, usage, billing) combination the region sells, with the size
 * range and the price of one GiB. INQUIRY_CVM_CONFIG answers the same per instance family.
 */
export function describeDiskConfigQuota(ctx: Ctx, req: Req<m.DescribeDiskConfigQuotaRequest>): Res<m.DescribeDiskConfigQuotaResponse> {
  if (req.InquiryType !== "INQUIRY_CBS_CONFIG" && req.InquiryType !== "INQUIRY_CVM_CONFIG") {
    fail(ctx, "InvalidParameterValue", `The value ${bt(req.InquiryType)} specified in the parameter ${bt("InquiryType")} is not valid.`);
  }
  const regionZones = zonesOf(ctx.region);
  const zones = req.Zones?.length ? req.Zones : regionZones.map((z) => z.Zone);
  for (const z of zones) if (!regionZones.some((x) => x.Zone === z)) fail(ctx, "InvalidParameterValue", `Zones: ${z} is not a zone of ${ctx.region}.`);
  const types = req.DiskTypes?.length ? req.DiskTypes : (Object.keys(DISK_TYPES) as DiskType[]).filter((t) => DISK_TYPES[t].sold);
  for (const t of types) if (!isDiskType(t)) fail(ctx, "InvalidParameterValue", `DiskTypes: ${t} is not a disk type.`);
  const charges = req.DiskChargeType ? [req.DiskChargeType] : ["PREPAID", "POSTPAID_BY_HOUR"];
  for (const c of charges) if (c !== "PREPAID" && c !== "POSTPAID_BY_HOUR") fail(ctx, "InvalidParameterValue", `DiskChargeType: ${c} is not valid.`);
  const usages = req.DiskUsage ? [req.DiskUsage] : ["SYSTEM_DISK", "DATA_DISK"];
  for (const u of usages) if (u !== "SYSTEM_DISK" && u !== "DATA_DISK") fail(ctx, "InvalidParameterValue", `DiskUsage: ${u} is not valid.`);
  const cvm = req.InquiryType === "INQUIRY_CVM_CONFIG";
  const families = cvm ? (req.InstanceFamilies?.length ? req.InstanceFamilies : FAMILIES) : [null];

  const out: m.DiskConfig[] = [];
  for (const zone of zones) {
    const available = regionZones.find((z) => z.Zone === zone)!.available;
    for (const family of families) {
      for (const t of types as DiskType[]) {
        const spec = DISK_TYPES[t];
        for (const usage of usages) {
          const [min, max] = usage === "SYSTEM_DISK" ? spec.system : spec.data;
          for (const charge of charges) {
            const lines = diskLines(t, 1);
            const cost = prepaidCost(lines, 1);
            out.push({
              Available: available && spec.sold && (cvm || usage === "DATA_DISK" ? spec.standalone || cvm : true),
              DiskChargeType: charge,
              Zone: zone,
              InstanceFamily: family ?? nil,
              DiskType: t,
              StepSize: 1,
              ExtraPerformanceRange: spec.extra ? [...spec.extra] : nil,
              DeviceClass: nil,
              DiskUsage: usage,
              MinDiskSize: min,
              MaxDiskSize: max,
              Price: charge === "PREPAID" ? prepaidPrice(cost.original, cost.discount) : hourlyPrice(hourlyCost(lines)),
            });
          }
        }
      }
    }
  }
  return { DiskConfigSet: out };
}

