/** A Tencent Cloud region: id and its names as DescribeRegions-style actions answer them. */
export interface RegionInfo {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
}

/**
 * Every public region id tclocal recognizes. A region outside this list is not a region at all
 * (InvalidParameterValue); a region in it that a product does not serve is UnsupportedRegion.
 */
export const REGIONS: readonly RegionInfo[] = [
  { id: "ap-guangzhou", zh: "华南地区(广州)", en: "South China(Guangzhou)" },
  { id: "ap-shenzhen-fsi", zh: "华南地区(深圳金融)", en: "South China(Shenzhen Finance)" },
  { id: "ap-shanghai", zh: "华东地区(上海)", en: "East China(Shanghai)" },
  { id: "ap-shanghai-fsi", zh: "华东地区(上海金融)", en: "East China(Shanghai Finance)" },
  { id: "ap-nanjing", zh: "华东地区(南京)", en: "East China(Nanjing)" },
  { id: "ap-beijing", zh: "华北地区(北京)", en: "North China(Beijing)" },
  { id: "ap-beijing-fsi", zh: "华北地区(北京金融)", en: "North China(Beijing Finance)" },
  { id: "ap-chengdu", zh: "西南地区(成都)", en: "Southwest China(Chengdu)" },
  { id: "ap-chongqing", zh: "西南地区(重庆)", en: "Southwest China(Chongqing)" },
  { id: "ap-hongkong", zh: "港澳台地区(中国香港)", en: "Hong Kong, Macau and Taiwan (China)(Hong Kong, China)" },
  { id: "ap-taipei", zh: "港澳台地区(中国台北)", en: "Hong Kong, Macau and Taiwan (China)(Taipei, China)" },
  { id: "ap-singapore", zh: "亚太东南(新加坡)", en: "Southeast Asia(Singapore)" },
  { id: "ap-jakarta", zh: "亚太东南(雅加达)", en: "Southeast Asia(Jakarta)" },
  { id: "ap-bangkok", zh: "亚太东南(曼谷)", en: "Southeast Asia(Bangkok)" },
  { id: "ap-seoul", zh: "亚太东北(首尔)", en: "Northeast Asia(Seoul)" },
  { id: "ap-tokyo", zh: "亚太东北(东京)", en: "Northeast Asia(Tokyo)" },
  { id: "ap-mumbai", zh: "亚太南部(孟买)", en: "South Asia(Mumbai)" },
  { id: "na-siliconvalley", zh: "美国西部(硅谷)", en: "West US(Silicon Valley)" },
  { id: "na-ashburn", zh: "美国东部(弗吉尼亚)", en: "East US(Virginia)" },
  { id: "na-toronto", zh: "北美地区(多伦多)", en: "North America(Toronto)" },
  { id: "eu-frankfurt", zh: "欧洲地区(法兰克福)", en: "Europe(Frankfurt)" },
  { id: "eu-moscow", zh: "欧洲地区(莫斯科)", en: "Europe(Moscow)" },
  { id: "sa-saopaulo", zh: "南美地区(圣保罗)", en: "South America(São Paulo)" },
];

const byId = new Map(REGIONS.map((r) => [r.id, r]));

export function regionInfo(id: string): RegionInfo | undefined {
  return byId.get(id);
}

export function isKnownRegion(id: string): boolean {
  return byId.has(id);
}
