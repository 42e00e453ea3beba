import { zonesOf } from "./zones";

/**
 * The instance types tclocal sells: a subset of the real catalogue (standard S1/S5/S6/SA2/SA3, memory M5/M6,
 * compute C5/C6, high-IO IT5), each family with its real sizes (S5.MEDIUM4 = 2 cores 4 GiB; nXLARGE = 4n
 * cores), CPU model and frequency. Prices are tclocal's fixed list: per core and per GiB, by family.
 */
export interface FamilyInfo {
  zh: string;
  en: string;
  /** Memory per core of each size the family sells (GiB); the sizes are SMALL, MEDIUM, LARGE, 2XLARGE, … */
  sizes: readonly string[];
  cpuType: string;
  frequency: string;
  /** Price weight against the standard family. */
  weight: number;
  /** Zones' numbers where the family does not sell (the rest of the region does). */
  soldOutZones?: readonly string[];
  localDisk?: boolean;
}

export const FAMILIES: Readonly<Record<string, FamilyInfo>> = {
  S1: { zh: "标准型S1", en: "Standard S1", sizes: ["SMALL1", "SMALL2", "SMALL4", "MEDIUM2", "MEDIUM4", "MEDIUM8", "LARGE8", "LARGE16", "2XLARGE16", "2XLARGE32"], cpuType: "Intel Xeon E5-26xx v3", frequency: "2.4GHz", weight: 0.9 },
  S5: { zh: "标准型S5", en: "Standard S5", sizes: ["SMALL1", "SMALL2", "SMALL4", "MEDIUM4", "MEDIUM8", "LARGE8", "LARGE16", "2XLARGE16", "2XLARGE32", "4XLARGE32", "4XLARGE64", "8XLARGE64", "8XLARGE128", "12XLARGE96", "16XLARGE128"], cpuType: "Intel Xeon Cascade Lake 8255C", frequency: "2.5GHz/3.1GHz", weight: 1 },
  S6: { zh: "标准型S6", en: "Standard S6", sizes: ["SMALL1", "SMALL2", "SMALL4", "MEDIUM4", "MEDIUM8", "LARGE8", "LARGE16", "2XLARGE16", "2XLARGE32", "4XLARGE32", "4XLARGE64", "8XLARGE64", "8XLARGE128"], cpuType: "Intel Xeon Ice Lake", frequency: "2.7GHz/3.3GHz", weight: 1.05 },
  SA2: { zh: "标准型SA2", en: "Standard SA2", sizes: ["SMALL1", "SMALL2", "SMALL4", "MEDIUM2", "MEDIUM4", "MEDIUM8", "LARGE8", "LARGE16", "2XLARGE16", "2XLARGE32", "4XLARGE32", "4XLARGE64", "8XLARGE64"], cpuType: "AMD EPYC ROME", frequency: "2.6GHz/3.3GHz", weight: 0.85 },
  SA3: { zh: "标准型SA3", en: "Standard SA3", sizes: ["MEDIUM4", "MEDIUM8", "LARGE8", "LARGE16", "2XLARGE16", "2XLARGE32", "4XLARGE32", "4XLARGE64", "8XLARGE64"], cpuType: "AMD EPYC Milan", frequency: "2.55GHz/3.5GHz", weight: 0.9 },
  M5: { zh: "内存型M5", en: "Memory Optimized M5", sizes: ["SMALL8", "MEDIUM16", "LARGE32", "2XLARGE64", "4XLARGE128", "8XLARGE256"], cpuType: "Intel Xeon Cascade Lake 8255C", frequency: "2.5GHz/3.1GHz", weight: 1.2 },
  M6: { zh: "内存型M6", en: "Memory Optimized M6", sizes: ["MEDIUM16", "LARGE32", "2XLARGE64", "4XLARGE128", "8XLARGE256"], cpuType: "Intel Xeon Ice Lake", frequency: "2.7GHz/3.3GHz", weight: 1.25 },
  C5: { zh: "计算型C5", en: "Compute C5", sizes: ["LARGE8", "2XLARGE16", "4XLARGE32", "8XLARGE64", "16XLARGE128"], cpuType: "Intel Xeon Cascade Lake 6231C", frequency: "3.4GHz/3.9GHz", weight: 1.15 },
  C6: { zh: "计算型C6", en: "Compute C6", sizes: ["LARGE8", "2XLARGE16", "4XLARGE32", "8XLARGE64"], cpuType: "Intel Xeon Ice Lake", frequency: "3.2GHz/3.5GHz", weight: 1.2 },
  IT5: { zh: "高IO型IT5", en: "High IO IT5", sizes: ["4XLARGE64", "8XLARGE128", "16XLARGE256"], cpuType: "Intel Xeon Cascade Lake 8255C", frequency: "2.5GHz/3.1GHz", weight: 1.6, localDisk: true, soldOutZones: ["1", "2"] },
};

export interface InstanceTypeSpec {
  InstanceType: string;
  family: string;
  CPU: number;
  Memory: number;
}

/** "malformed" when the name is not FAMILY.SIZEmem, "unknown" when the family does not sell that size. */
export function parseInstanceType(name: string): InstanceTypeSpec | "malformed" | "unknown" {
  const m = /^([A-Z]+[0-9]+[a-z]?)\.(SMALL|MEDIUM|LARGE|(\d*)XLARGE)(\d+)$/.exec(name);
  if (!m) return "malformed";
  const [, family, size, xl, mem] = m;
  const info = FAMILIES[family];
  if (!info || !info.sizes.includes(name.slice(family.length + 1))) return "unknown";
  const cpu = size === "SMALL" ? 1 : size === "MEDIUM" ? 2 : size === "LARGE" ? 4 : 4 * Number(xl || 1);
  return { InstanceType: name, family, CPU: cpu, Memory: Number(mem) };
}

/** Every type of the catalogue. */
export function allTypes(): InstanceTypeSpec[] {
  return Object.entries(FAMILIES).flatMap(([family, info]) => info.sizes.map((s) => parseInstanceType(`${family}.${s}`) as InstanceTypeSpec));
}

/** Whether the type sells in the zone (a sold-out zone sells nothing; some families skip some zones). */
export function soldIn(spec: InstanceTypeSpec, zone: string): boolean {
  const z = zonesOf(zone.replace(/-\d+$/, "")).find((x) => x.Zone === zone);
  if (!z || !z.available) return false;
  return !(FAMILIES[spec.family].soldOutZones ?? []).includes(zone.split("-").pop()!);
}

/** CNY: per month (prepaid) and per hour (pay-as-you-go). */
export function typePrice(spec: InstanceTypeSpec): { monthly: number; hourly: number } {
  const w = FAMILIES[spec.family].weight;
  const monthly = Math.round((spec.CPU * 35 + spec.Memory * 15) * w * 100) / 100;
  const hourly = Math.round((spec.CPU * 0.08 + spec.Memory * 0.035) * w * 10000) / 10000;
  return { monthly, hourly };
}

/** Network performance of a type (DescribeZoneInstanceConfigInfos InstanceBandwidth Gbps, InstancePps 10k). */
export function networkPerformance(spec: InstanceTypeSpec): { bandwidth: number; pps: number } {
  return { bandwidth: Math.min(25, Math.max(1.5, spec.CPU * 1.5)), pps: Math.min(600, Math.max(20, spec.CPU * 25)) };
}

export const INSTANCE_PERIODS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 36, 48, 60];
