import type { SpecItem, SpecificationInfo } from "tencentcloud-sdk-nodejs/tencentcloud/services/mongodb/v20180408/mongodb_models";

/**
 * What TencentDB for MongoDB sells where: regions and their zones, engine versions, machine types and the
 * per-shard specification tiers. DescribeSpecInfo serves this table and the create/upgrade actions validate
 * against it, so a spec the catalogue does not list can never be bought. Sources: docs/services/mongodb.md.
 */

/** Zones per region; `closed` zones are sold out (InvalidParameter.ZoneClosed on purchase). */
export const ZONES: Readonly<Record<string, readonly { zone: string; closed?: boolean }[]>> = {
  "ap-guangzhou": zones("ap-guangzhou", [3, 4, 6, 7], [1, 2]),
  "ap-shenzhen-fsi": zones("ap-shenzhen-fsi", [1, 2, 3]),
  "ap-shanghai": zones("ap-shanghai", [2, 3, 4, 5, 8], [1]),
  "ap-shanghai-fsi": zones("ap-shanghai-fsi", [1, 2, 3]),
  "ap-nanjing": zones("ap-nanjing", [1, 2, 3]),
  "ap-beijing": zones("ap-beijing", [3, 4, 5, 6, 7], [1, 2]),
  "ap-beijing-fsi": zones("ap-beijing-fsi", [1]),
  "ap-chengdu": zones("ap-chengdu", [1, 2]),
  "ap-chongqing": zones("ap-chongqing", [1]),
  "ap-hongkong": zones("ap-hongkong", [2, 3], [1]),
  "ap-singapore": zones("ap-singapore", [1, 2, 3, 4]),
  "ap-jakarta": zones("ap-jakarta", [1, 2]),
  "ap-bangkok": zones("ap-bangkok", [1, 2]),
  "ap-seoul": zones("ap-seoul", [1, 2]),
  "ap-tokyo": zones("ap-tokyo", [1, 2]),
  "ap-mumbai": zones("ap-mumbai", [1, 2]),
  "na-siliconvalley": zones("na-siliconvalley", [1, 2]),
  "na-ashburn": zones("na-ashburn", [1, 2]),
  "na-toronto": zones("na-toronto", [1]),
  "eu-frankfurt": zones("eu-frankfurt", [1, 2]),
  "sa-saopaulo": zones("sa-saopaulo", [1]),
};

function zones(region: string, open: number[], closed: number[] = []): { zone: string; closed?: boolean }[] {
  return [...closed.map((n) => ({ zone: `${region}-${n}`, closed: true })), ...open.map((n) => ({ zone: `${region}-${n}` }))].sort(
    (a, b) => Number(a.zone.slice(region.length + 1)) - Number(b.zone.slice(region.length + 1)),
  );
}

/** The regions MongoDB serves (others answer UnsupportedRegion). */
export const REGIONS = Object.keys(ZONES);

export interface EngineVersion {
  readonly code: string;
  readonly value: number;
  readonly short: string;
  readonly engine: "WiredTiger" | "RocksDB";
  /** Still sold. */
  readonly onSale: boolean;
}

export const VERSIONS: readonly EngineVersion[] = [
  { code: "MONGO_3_WT", value: 2, short: "3.2", engine: "WiredTiger", onSale: true },
  { code: "MONGO_3_ROCKS", value: 3, short: "3.2", engine: "RocksDB", onSale: false },
  { code: "MONGO_36_WT", value: 4, short: "3.6", engine: "WiredTiger", onSale: true },
  { code: "MONGO_40_WT", value: 5, short: "4.0", engine: "WiredTiger", onSale: true },
  { code: "MONGO_42_WT", value: 9, short: "4.2", engine: "WiredTiger", onSale: true },
  { code: "MONGO_44_WT", value: 10, short: "4.4", engine: "WiredTiger", onSale: true },
  { code: "MONGO_50_WT", value: 11, short: "5.0", engine: "WiredTiger", onSale: true },
  { code: "MONGO_60_WT", value: 12, short: "6.0", engine: "WiredTiger", onSale: true },
  { code: "MONGO_70_WT", value: 13, short: "7.0", engine: "WiredTiger", onSale: true },
  { code: "MONGO_80_WT", value: 14, short: "8.0", engine: "WiredTiger", onSale: true },
];

/** 2019-07-25 sells 4.0 and later (its CreateDBInstance documentation lists MONGO_40_WT to MONGO_80_WT). */
export function soldBy2019(v: EngineVersion): boolean {
  return v.onSale && v.value >= 5;
}

export function versionOf(code: string): EngineVersion | undefined {
  return VERSIONS.find((v) => v.code === code);
}

/**
 * Machine codes the API accepts; the legacy names map to today's. HIO (GIO) is no longer sold. The GE.* general
 * types are what 2019-07-25 recommends (bought with CpuCore); HIO10G and HCD stay sellable as the 2018
 * catalogue sold them (the API reference calls them whitelist types; tclocal's accounts are whitelisted).
 */
const MACHINE_ALIASES: Readonly<Record<string, string>> = {
  HIO10G: "HIO10G",
  TGIO: "HIO10G",
  HCD: "HCD",
  HIO: "HIO",
  GIO: "HIO",
  "GE.LD.T1": "GE.LD.T1",
  "GE.CD.T1": "GE.CD.T1",
  "GE.LD.T2": "GE.LD.T2",
  "GE.CD.T2": "GE.CD.T2",
  "EX.LD.T2": "EX.LD.T2",
};
const MACHINES_ON_SALE = new Set(["HIO10G", "HCD", "GE.LD.T1", "GE.CD.T1", "GE.LD.T2", "GE.CD.T2", "EX.LD.T2"]);
/** Machine types sold with an explicit CPU size (CpuCore / Cpu members). */
export const GENERAL_MACHINES: ReadonlySet<string> = new Set(["GE.LD.T1", "GE.CD.T1", "GE.LD.T2", "GE.CD.T2", "EX.LD.T2"]);
/** Cloud-disk machine types (HCD, GE.CD.*): 4.0 and later only, snapshot backups. */
export const CLOUD_DISK_MACHINES: ReadonlySet<string> = new Set(["HCD", "GE.CD.T1", "GE.CD.T2"]);

/**
 * CPU sizes of the general (GE.*) types per memory size: each memory tier is sold with 1:2 or 1:4 CPU to
 * memory (our reading of the product's spec page, which the search tool could not reach; docs/services/mongodb.md).
 */
export const GENERAL_CPUS: Readonly<Record<number, readonly number[]>> = {
  4: [1, 2],
  8: [2, 4],
  16: [4, 8],
  32: [8, 16],
  64: [16, 32],
  128: [32],
  240: [60],
  512: [128],
};

/** The canonical machine type of a code, whether it is sold, or undefined when the code is unknown. */
export function machineOf(code: string): { type: string; onSale: boolean } | undefined {
  const type = MACHINE_ALIASES[code];
  return type ? { type, onSale: MACHINES_ON_SALE.has(type) } : undefined;
}

/** One memory tier of a mongod node (per shard for sharded clusters); storage in GB. */
export interface Tier {
  readonly memoryGb: number;
  readonly cpu: number;
  readonly conns: number;
  readonly qps: number;
  readonly minStorageGb: number;
  readonly maxStorageGb: number;
  readonly defaultStorageGb: number;
}

export const TIERS: readonly Tier[] = [
  { memoryGb: 4, cpu: 2, conns: 1500, qps: 5000, minStorageGb: 10, maxStorageGb: 500, defaultStorageGb: 25 },
  { memoryGb: 8, cpu: 4, conns: 3000, qps: 9000, minStorageGb: 10, maxStorageGb: 1000, defaultStorageGb: 50 },
  { memoryGb: 16, cpu: 4, conns: 4000, qps: 11000, minStorageGb: 10, maxStorageGb: 1500, defaultStorageGb: 100 },
  { memoryGb: 32, cpu: 8, conns: 6000, qps: 18000, minStorageGb: 10, maxStorageGb: 2000, defaultStorageGb: 200 },
  { memoryGb: 64, cpu: 12, conns: 8000, qps: 26000, minStorageGb: 10, maxStorageGb: 3000, defaultStorageGb: 400 },
  { memoryGb: 128, cpu: 24, conns: 10000, qps: 32000, minStorageGb: 10, maxStorageGb: 4000, defaultStorageGb: 800 },
  { memoryGb: 240, cpu: 32, conns: 12000, qps: 36000, minStorageGb: 100, maxStorageGb: 4500, defaultStorageGb: 1500 },
  { memoryGb: 512, cpu: 48, conns: 15000, qps: 42000, minStorageGb: 1500, maxStorageGb: 6000, defaultStorageGb: 4000 },
];

/** Node and shard counts (nodes include the primary). */
export const TOPOLOGY = {
  minNodeNum: 3,
  maxNodeNum: 7,
  minReplicateSetNum: 2,
  maxReplicateSetNum: 20,
  minReplicateSetNodeNum: 3,
  maxReplicateSetNodeNum: 5,
} as const;

export const CLUSTER_REPLSET = 0;
export const CLUSTER_SHARD = 1;

export type ZoneCheck = { ok: true; closed: boolean } | { ok: false; reason: "region" | "zone" };

/** Whether a zone exists in the call's region (a zone of another region is a region error). */
export function checkZone(region: string, zone: string): ZoneCheck {
  const own = ZONES[region]?.find((z) => z.zone === zone);
  if (own) return { ok: true, closed: !!own.closed };
  const other = Object.entries(ZONES).some(([r, list]) => r !== region && list.some((z) => z.zone === zone));
  return { ok: false, reason: other ? "region" : "zone" };
}

/** What a purchase or upgrade asks for, checked against the catalogue. */
export interface SpecQuery {
  readonly version: EngineVersion;
  readonly machineType: string;
  readonly clusterType: number;
  readonly memoryGb: number;
}

/** The tier a purchase may use, or undefined when no such spec is on sale (a general type also needs its CPU). */
export function saleableTier(q: SpecQuery & { cpu?: number }, zoneClosed: boolean): Tier | undefined {
  if (zoneClosed || !q.version.onSale || !MACHINES_ON_SALE.has(q.machineType)) return undefined;
  if (CLOUD_DISK_MACHINES.has(q.machineType) && q.version.value < 5) return undefined;
  const tier = TIERS.find((t) => t.memoryGb === q.memoryGb);
  if (tier && GENERAL_MACHINES.has(q.machineType)) {
    const cpu = q.cpu ?? GENERAL_CPUS[tier.memoryGb]?.at(-1);
    if (cpu === undefined || !GENERAL_CPUS[tier.memoryGb]?.includes(cpu)) return undefined;
    return { ...tier, cpu };
  }
  return tier;
}

/** The tier of an existing instance (its spec), whether or not it is still sold. */
export function tierOf(memoryGb: number): Tier | undefined {
  return TIERS.find((t) => t.memoryGb === memoryGb);
}

/** DescribeSpecInfo's list for one zone: every (machine, version, cluster type, tier), with its sale status. */
export function specInfo(region: string, zone: string, closed: boolean, api: "2018" | "2019" = "2018"): SpecificationInfo {
  const items: SpecItem[] = [];
  const machines = api === "2018" ? ["HIO10G", "HCD"] : ["GE.LD.T1", "GE.CD.T1", "HIO10G", "HCD"];
  for (const machineType of machines) {
    for (const version of VERSIONS) {
      if (CLOUD_DISK_MACHINES.has(machineType) && version.value < 5) continue;
      if (api === "2019" && version.value < 5 && GENERAL_MACHINES.has(machineType)) continue;
      for (const clusterType of [CLUSTER_REPLSET, CLUSTER_SHARD]) {
        for (const base of TIERS) {
          for (const cpu of GENERAL_MACHINES.has(machineType) ? GENERAL_CPUS[base.memoryGb] : [base.cpu]) {
          const tier = { ...base, cpu };
          const onSale = !closed && (api === "2018" ? version.onSale : soldBy2019(version));
          items.push({
            SpecCode: `mongo.${machineType}.${tier.memoryGb}g`,
            Status: onSale ? 1 : 0,
            MachineType: machineType,
            Cpu: tier.cpu,
            Memory: tier.memoryGb * 1024,
            DefaultStorage: tier.defaultStorageGb * 1024,
            MaxStorage: tier.maxStorageGb * 1024,
            MinStorage: tier.minStorageGb * 1024,
            Qps: tier.qps,
            Conns: tier.conns,
            MongoVersionCode: version.code,
            MongoVersionValue: version.value,
            Version: version.short,
            EngineName: version.engine,
            ClusterType: clusterType,
            MinNodeNum: TOPOLOGY.minNodeNum,
            MaxNodeNum: TOPOLOGY.maxNodeNum,
            MinReplicateSetNum: clusterType === CLUSTER_SHARD ? TOPOLOGY.minReplicateSetNum : 1,
            MaxReplicateSetNum: clusterType === CLUSTER_SHARD ? TOPOLOGY.maxReplicateSetNum : 1,
            MinReplicateSetNodeNum: TOPOLOGY.minReplicateSetNodeNum,
            MaxReplicateSetNodeNum: TOPOLOGY.maxReplicateSetNodeNum,
          });
          }
        }
      }
    }
  }
  return { Region: region, Zone: zone, SpecItems: items };
}
