/**
 * What tclocal knows of CVM's sales catalog: instance families and how a type name encodes its size
 * (S5.MEDIUM4 = 2 cores, 4 GiB; nXLARGE = 4n cores), the public images, and a fixed price list.
 */
const FAMILIES = new Set([
  "S1", "S2", "S3", "S4", "S5", "S6", "S8", "SA1", "SA2", "SA3", "SA4", "SA5", "SA9", "SR1", "SW3",
  "M1", "M2", "M3", "M4", "M5", "M6", "MA2", "MA3", "C2", "C3", "C4", "C5", "C6", "CN3", "IT3", "IT5",
  "D2", "D3", "I2", "I3", "BF1", "BMA5",
]);

export interface InstanceTypeSpec {
  InstanceType: string;
  family: string;
  CPU: number;
  Memory: number;
}

/** "malformed" when the name is not FAMILY.SIZEmem, "unknown" when the family is not sold. */
export function parseInstanceType(name: string): InstanceTypeSpec | "malformed" | "unknown" {
  const m = /^([A-Z]+[0-9]+[a-z]?)\.(SMALL|MEDIUM|LARGE|(\d*)XLARGE)(\d+)$/.exec(name);
  if (!m) return "malformed";
  const [, family, size, xl, mem] = m;
  if (!FAMILIES.has(family)) return "unknown";
  const cpu = size === "SMALL" ? 1 : size === "MEDIUM" ? 2 : size === "LARGE" ? 4 : 4 * Number(xl || 1);
  return { InstanceType: name, family, CPU: cpu, Memory: Number(mem) };
}

/** Public images tclocal names; any other well-formed `img-` id is taken as a custom image. */
const IMAGES: Record<string, { OsName: string; windows?: boolean }> = {
  "img-9qabwvbn": { OsName: "CentOS 7.6 64bit" },
  "img-8toqc6s3": { OsName: "CentOS 7.4 64bit" },
  "img-pmqg1cw7": { OsName: "TencentOS Server 3.1 (TK4)" },
  "img-487zeit5": { OsName: "Ubuntu Server 22.04 LTS 64bit" },
  "img-6pb6lrmy": { OsName: "Debian 11.7 64bit" },
  "img-o3ycss2p": { OsName: "Windows Server 2019 DataCenter 64bit Chinese", windows: true },
};

export function imageInfo(imageId: string): { OsName: string; windows: boolean } {
  const known = IMAGES[imageId];
  return { OsName: known?.OsName ?? "TencentOS Server 3.1 (TK4)", windows: known?.windows ?? false };
}

export const IMAGE_ID = /^img-[a-z0-9]{8}$/;
export const INSTANCE_ID = /^ins-[a-z0-9]{8}$/;

/** Prepaid instance price: CNY per month (tclocal's fixed list: 35 per core + 15 per GiB). */
export function instanceMonthlyPrice(spec: InstanceTypeSpec): number {
  return spec.CPU * 35 + spec.Memory * 15;
}

export const INSTANCE_PERIODS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 36, 48, 60];
