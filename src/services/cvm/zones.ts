import { regionInfo } from "../../platform/regions";

/**
 * Availability zones per region, as the CVM API reference lists them (ZoneInfo.Zone: "the names of
 * availability zones across the network"), with the real numbering of ZoneId (region code × 10000 + zone
 * number, e.g. ap-guangzhou-3 → 100003). Zones the reference marks "sold out" answer ZoneState UNAVAILABLE.
 * CVM and CBS serve exactly the regions below.
 */
const ZONES: Record<string, { code: number; zones: number[]; soldOut?: number[]; en: string; zh: string }> = {
  "ap-guangzhou": { code: 10, zones: [1, 3, 4, 6, 7], soldOut: [1], en: "Guangzhou", zh: "广州" },
  "ap-shenzhen-fsi": { code: 11, zones: [1, 2, 3], soldOut: [3], en: "Shenzhen Finance", zh: "深圳金融" },
  "ap-shanghai": { code: 20, zones: [2, 3, 4, 5, 8], en: "Shanghai", zh: "上海" },
  "ap-shanghai-fsi": { code: 70, zones: [1, 2, 3], en: "Shanghai Finance", zh: "上海金融" },
  "ap-nanjing": { code: 33, zones: [1, 2, 3], en: "Nanjing", zh: "南京" },
  "ap-beijing": { code: 80, zones: [1, 3, 4, 5, 6, 7], soldOut: [1], en: "Beijing", zh: "北京" },
  "ap-chengdu": { code: 16, zones: [1, 2], en: "Chengdu", zh: "成都" },
  "ap-chongqing": { code: 19, zones: [1], en: "Chongqing", zh: "重庆" },
  "ap-hongkong": { code: 30, zones: [1, 2, 3], soldOut: [1], en: "Hong Kong", zh: "中国香港" },
  "ap-singapore": { code: 90, zones: [1, 2, 3, 4], en: "Singapore", zh: "新加坡" },
  "ap-jakarta": { code: 72, zones: [1, 2], en: "Jakarta", zh: "雅加达" },
  "ap-bangkok": { code: 23, zones: [1, 2], en: "Bangkok", zh: "曼谷" },
  "ap-seoul": { code: 18, zones: [1, 2], en: "Seoul", zh: "首尔" },
  "ap-tokyo": { code: 25, zones: [1, 2], en: "Tokyo", zh: "东京" },
  "ap-mumbai": { code: 21, zones: [1, 2], en: "Mumbai", zh: "孟买" },
  "na-siliconvalley": { code: 15, zones: [1, 2], en: "Silicon Valley", zh: "硅谷" },
  "na-ashburn": { code: 22, zones: [1, 2], en: "Virginia", zh: "弗吉尼亚" },
  "eu-frankfurt": { code: 17, zones: [1, 2], en: "Frankfurt", zh: "法兰克福" },
  "sa-saopaulo": { code: 74, zones: [1], en: "Sao Paulo", zh: "圣保罗" },
};

const ZH_NUMBERS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

export interface ZoneView {
  Zone: string;
  ZoneId: string;
  ZoneName: { en: string; zh: string };
  available: boolean;
  region: string;
}

/** The regions CVM and CBS serve. */
export const COMPUTE_REGIONS: readonly string[] = Object.keys(ZONES);

export function zonesOf(region: string): ZoneView[] {
  const r = ZONES[region];
  if (!r) return [];
  return r.zones.map((n) => ({
    Zone: `${region}-${n}`,
    ZoneId: String(r.code * 10000 + n),
    ZoneName: { en: `${r.en} Zone ${n}`, zh: `${r.zh}${ZH_NUMBERS[n] ?? n}区` },
    available: !(r.soldOut ?? []).includes(n),
    region,
  }));
}

/** The zone (in any served region), or undefined. */
export function zoneInfo(zone: string): ZoneView | undefined {
  const m = /^(.*)-(\d+)$/.exec(zone);
  if (!m) return undefined;
  return zonesOf(m[1]).find((z) => z.Zone === zone);
}

/** The region a zone belongs to ("ap-guangzhou-3" → "ap-guangzhou"), or undefined for an unknown zone. */
export function regionOfZone(zone: string): string | undefined {
  return zoneInfo(zone)?.region;
}

export function regionName(region: string): { en: string; zh: string } {
  const info = regionInfo(region);
  return { en: info?.en ?? region, zh: info?.zh ?? region };
}
