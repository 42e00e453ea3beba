import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_models";
import { nil } from "./common";
import { BACKUP_POINT_PRICE, DISK_TYPES, EXTRA_PERFORMANCE_PRICE, periodDiscount, round2, type DiskType } from "./disk-types";

/** One billed item of a disk: what it costs per month (prepaid) and per hour (pay-as-you-go). */
export interface PriceLine {
  name: "DiskSpace" | "DiskExtraPerformance" | "DiskBackupQuota";
  title: string;
  monthly: number;
  hourly: number;
}

export function diskLines(type: DiskType, size: number, throughput = 0, backupQuota = 0): PriceLine[] {
  const spec = DISK_TYPES[type];
  return [
    { name: "DiskSpace", title: "CBS space", monthly: spec.monthly * size, hourly: spec.hourly * size },
    { name: "DiskBackupQuota", title: "Cloud disk backup point quota", monthly: BACKUP_POINT_PRICE.monthly * size * backupQuota, hourly: BACKUP_POINT_PRICE.hourly * size * backupQuota },
    {
      name: "DiskExtraPerformance",
      title: "CBS performance package",
      monthly: EXTRA_PERFORMANCE_PRICE.monthly * throughput,
      hourly: EXTRA_PERFORMANCE_PRICE.hourly * throughput,
    },
  ];
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** Prepaid cost of `lines` for `months` months, `count` disks: original and discounted. */
export function prepaidCost(lines: readonly PriceLine[], months: number, count = 1): { original: number; discount: number } {
  const original = round2(lines.reduce((s, l) => s + l.monthly, 0) * months * count);
  return { original, discount: round2(original * periodDiscount(months)) };
}

export function hourlyCost(lines: readonly PriceLine[], count = 1): number {
  return round6(lines.reduce((s, l) => s + l.hourly, 0) * count);
}

const empty = {
  ChargeUnit: nil,
  DiscountPrice: nil,
  DiscountPriceHigh: nil,
  OriginalPrice: nil,
  OriginalPriceHigh: nil,
  UnitPrice: nil,
  UnitPriceDiscount: nil,
  UnitPriceDiscountHigh: nil,
  UnitPriceHigh: nil,
};

export function prepaidPrice(original: number, discount: number): m.Price {
  return { ...empty, OriginalPrice: original, OriginalPriceHigh: String(original), DiscountPrice: discount, DiscountPriceHigh: String(discount) };
}

export function hourlyPrice(unit: number): m.Price {
  return { ...empty, ChargeUnit: "HOUR", UnitPrice: unit, UnitPriceHigh: String(unit), UnitPriceDiscount: unit, UnitPriceDiscountHigh: String(unit) };
}

/** A PrepayPrice with one DetailPrice per billed item. */
export function prepayPrice(lines: readonly PriceLine[], months: number, count = 1): m.PrepayPrice {
  const total = prepaidCost(lines, months, count);
  return {
    ...prepaidPrice(total.original, total.discount),
    DetailPrices: lines.map((l) => {
      const c = prepaidCost([l], months, count);
      return { ...prepaidPrice(c.original, c.discount), PriceName: l.name, PriceTitle: l.title };
    }),
  };
}

export function hourlyPrepayPrice(lines: readonly PriceLine[], count = 1): m.PrepayPrice {
  return {
    ...hourlyPrice(hourlyCost(lines, count)),
    DetailPrices: lines.map((l) => ({ ...hourlyPrice(hourlyCost([l], count)), PriceName: l.name, PriceTitle: l.title })),
  };
}
