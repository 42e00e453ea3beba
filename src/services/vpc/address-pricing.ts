import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import { round2 } from "../../platform/money";

/**
 * tclocal's fixed EIP price list (CNY), with the real price structure: monthly bandwidth in two tiers (up to
 * 5 Mbps, then each Mbps above), hourly bandwidth likewise, traffic per GB, and an hourly fee for an idle IP.
 * Prepaid periods of 12, 24 and 36 months get the same discounts as disks.
 */
export const EIP_PRICES = {
  monthlyPerMbps: { low: 23, high: 80 },
  hourlyPerMbps: { low: 0.063, high: 0.25 },
  trafficPerGb: 0.8,
  idleIpPerHour: 0.2,
} as const;

export const CHARGE_TYPES = ["BANDWIDTH_PACKAGE", "BANDWIDTH_POSTPAID_BY_HOUR", "BANDWIDTH_PREPAID_BY_MONTH", "TRAFFIC_POSTPAID_BY_HOUR"];

/** Bandwidth each charge type allows (Mbps), as AllocateAddresses documents. */
export const BANDWIDTH_RANGE: Record<string, [number, number]> = {
  BANDWIDTH_PACKAGE: [1, 2000],
  BANDWIDTH_POSTPAID_BY_HOUR: [1, 100],
  BANDWIDTH_PREPAID_BY_MONTH: [1, 200],
  TRAFFIC_POSTPAID_BY_HOUR: [1, 100],
};

export const EIP_PERIODS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 36];

export function discount(period: number): number {
  return period >= 36 ? 0.5 : period >= 24 ? 0.7 : period >= 12 ? 0.83 : 1;
}

const tiered = (mbps: number, t: { low: number; high: number }) => Math.min(mbps, 5) * t.low + Math.max(0, mbps - 5) * t.high;

export function monthlyBandwidthCost(mbps: number, period: number): { original: number; discounted: number } {
  const original = round2(tiered(mbps, EIP_PRICES.monthlyPerMbps) * period);
  return { original, discounted: round2(original * discount(period)) };
}

/** The answer of the three EIP price inquiries. */
export function internetPrice(chargeType: string, mbps: number, period: number): m.InternetPrice {
  if (chargeType === "BANDWIDTH_PREPAID_BY_MONTH") {
    const c = monthlyBandwidthCost(mbps, period);
    return {
      AddressPrice: { UnitPrice: 0, DiscountPrice: c.discounted, ChargeUnit: "MONTH", OriginalPrice: c.original },
      IPPrice: { UnitPrice: 0, DiscountPrice: 0, ChargeUnit: "MONTH", OriginalPrice: 0 },
      OriginalPrice: c.original,
      DiscountPrice: c.discounted,
    };
  }
  const unit = chargeType === "TRAFFIC_POSTPAID_BY_HOUR" ? EIP_PRICES.trafficPerGb : chargeType === "BANDWIDTH_PACKAGE" ? 0 : round2(tiered(mbps, EIP_PRICES.hourlyPerMbps) * 1000) / 1000;
  return {
    AddressPrice: { UnitPrice: unit, DiscountPrice: unit, ChargeUnit: "HOUR", OriginalPrice: 0 },
    IPPrice: { UnitPrice: EIP_PRICES.idleIpPerHour, DiscountPrice: EIP_PRICES.idleIpPerHour, ChargeUnit: "HOUR", OriginalPrice: 0 },
    OriginalPrice: 0,
    DiscountPrice: 0,
  };
}
