import { round2 } from "../../platform/money";

/**
 * CBS disk media types: size ranges (GiB) for data and system disks, whether CreateDisks may buy them alone,
 * the extra-throughput range, and tclocal's deterministic price list (CNY). Ranges follow the CBS product
 * classification page (云硬盘类型); prices are tclocal's fixed table, documented in docs/services/cbs.md.
 */
export type DiskType = "CLOUD_BASIC" | "CLOUD_PREMIUM" | "CLOUD_BSSD" | "CLOUD_SSD" | "CLOUD_HSSD" | "CLOUD_TSSD";

export interface DiskTypeSpec {
  readonly data: readonly [number, number];
  readonly system: readonly [number, number];
  /** CreateDisks may buy it on its own (TSSD only comes with instances). */
  readonly standalone: boolean;
  /** Still sold in tclocal's zones (CLOUD_BASIC is retired: DiskConfigNotSupported). */
  readonly sold: boolean;
  /** Extra throughput MiB/s that can be bought, or null. */
  readonly extra: readonly [number, number] | null;
  /** CNY per GiB per month (prepaid). */
  readonly monthly: number;
  /** CNY per GiB per hour (pay-as-you-go). */
  readonly hourly: number;
}

export const DISK_TYPES: Readonly<Record<DiskType, DiskTypeSpec>> = {
  CLOUD_BASIC: { data: [10, 32000], system: [20, 500], standalone: true, sold: false, extra: null, monthly: 0.3, hourly: 0.0005 },
  CLOUD_PREMIUM: { data: [10, 32000], system: [20, 1024], standalone: true, sold: true, extra: null, monthly: 0.35, hourly: 0.0006 },
  CLOUD_BSSD: { data: [20, 32000], system: [20, 1024], standalone: true, sold: true, extra: null, monthly: 0.5, hourly: 0.0008 },
  CLOUD_SSD: { data: [20, 32000], system: [20, 1024], standalone: true, sold: true, extra: null, monthly: 1.0, hourly: 0.0017 },
  CLOUD_HSSD: { data: [20, 32000], system: [20, 1024], standalone: true, sold: true, extra: [0, 650], monthly: 1.2, hourly: 0.002 },
  CLOUD_TSSD: { data: [10, 32000], system: [20, 1024], standalone: false, sold: true, extra: [0, 750], monthly: 1.6, hourly: 0.0027 },
};

export function isDiskType(value: string): value is DiskType {
  return Object.prototype.hasOwnProperty.call(DISK_TYPES, value);
}

/** Extra throughput can be bought on HSSD/TSSD disks of at least this size (GiB). */
export const EXTRA_PERFORMANCE_MIN_SIZE = 460;

/** CNY per MiB/s of extra throughput: per month, per hour. */
export const EXTRA_PERFORMANCE_PRICE = { monthly: 0.25, hourly: 0.00035 } as const;

/** CNY per backup point per GiB of the disk: per month, per hour. */
export const BACKUP_POINT_PRICE = { monthly: 0.03, hourly: 0.00005 } as const;

/** Prepaid periods CBS sells (months). */
export const PREPAID_PERIODS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 36];

/** The discount applied to a prepaid purchase of `period` months. */
export function periodDiscount(period: number): number {
  if (period >= 36) return 0.5;
  if (period >= 24) return 0.7;
  if (period >= 12) return 0.83;
  return 1;
}

export { round2 } from "../../platform/money";
