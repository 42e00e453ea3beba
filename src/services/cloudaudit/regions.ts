/**
 * Where CloudAudit runs and where it can deliver. Sources: the API reference ("This API only supports:
 * ap-guangzhou, ap-hongkong, ap-seoul, ap-singapore, ap-tokyo, eu-frankfurt" on DescribeEvents, "ap-guangzhou,
 * ap-taipei" on LookUpEvents) plus the domestic regions the console serves; the tracking-set guide ("buckets in
 * Beijing, Shanghai and Hong Kong (China)", later Guangzhou, Chengdu, Chongqing and the overseas COS regions)
 * and the ListCosEnableRegion / ListCmqEnableRegion examples (CMQ regions are short codes: sh, hk, ...).
 */
export const CLOUDAUDIT_REGIONS = [
  "ap-guangzhou",
  "ap-shanghai",
  "ap-beijing",
  "ap-hongkong",
  "ap-taipei",
  "ap-singapore",
  "ap-seoul",
  "ap-tokyo",
  "eu-frankfurt",
] as const;

interface NamedRegion {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
}

/** COS regions a tracking set may deliver to. */
export const COS_ENABLE_REGIONS: readonly NamedRegion[] = [
  { id: "ap-beijing", zh: "北京(华北)", en: "Beijing (North China)" },
  { id: "ap-shanghai", zh: "上海(华东)", en: "Shanghai (East China)" },
  { id: "ap-guangzhou", zh: "广州(华南)", en: "Guangzhou (South China)" },
  { id: "ap-chengdu", zh: "成都(西南)", en: "Chengdu (Southwest China)" },
  { id: "ap-chongqing", zh: "重庆(西南)", en: "Chongqing (Southwest China)" },
  { id: "ap-hongkong", zh: "香港", en: "Hong Kong (China)" },
  { id: "ap-singapore", zh: "新加坡", en: "Singapore" },
  { id: "ap-seoul", zh: "首尔", en: "Seoul" },
  { id: "ap-tokyo", zh: "东京", en: "Tokyo" },
  { id: "ap-mumbai", zh: "孟买", en: "Mumbai" },
  { id: "na-siliconvalley", zh: "硅谷", en: "Silicon Valley" },
  { id: "na-ashburn", zh: "弗吉尼亚", en: "Virginia" },
  { id: "eu-frankfurt", zh: "法兰克福", en: "Frankfurt" },
];

/** CMQ regions (short codes, as CMQ names them) a tracking set may notify. */
export const CMQ_ENABLE_REGIONS: readonly NamedRegion[] = [
  { id: "gz", zh: "广州", en: "Guangzhou" },
  { id: "sh", zh: "上海", en: "Shanghai" },
  { id: "bj", zh: "北京", en: "Beijing" },
  { id: "cd", zh: "成都", en: "Chengdu" },
  { id: "cq", zh: "重庆", en: "Chongqing" },
  { id: "hk", zh: "香港", en: "Hong Kong (China)" },
  { id: "sg", zh: "新加坡", en: "Singapore" },
  { id: "kr", zh: "首尔", en: "Seoul" },
  { id: "jp", zh: "东京", en: "Tokyo" },
  { id: "in", zh: "孟买", en: "Mumbai" },
  { id: "usw", zh: "硅谷", en: "Silicon Valley" },
  { id: "use", zh: "弗吉尼亚", en: "Virginia" },
  { id: "de", zh: "法兰克福", en: "Frankfurt" },
];

export function isCosEnableRegion(region: string): boolean {
  return COS_ENABLE_REGIONS.some((r) => r.id === region);
}

export function isCmqEnableRegion(region: string): boolean {
  return CMQ_ENABLE_REGIONS.some((r) => r.id === region);
}

/** The WebsiteType member of the List*EnableRegion and GetAttributeKey actions: "zh" (default) or "en". */
export type WebsiteType = "zh" | "en";
