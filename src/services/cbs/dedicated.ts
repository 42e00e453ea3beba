import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_models";
import { formatDateTime } from "../../platform/clock";
import type { Req, Res } from "../../platform/definition";
import { checkFilters, fail, paging, type Ctx } from "./common";
import { DiskStore } from "./disk-model";
import type { DiskType } from "./disk-types";

/**
 * Dedicated CBS clusters (CDC storage pools). They are bought outside the CBS API, so tclocal declares them
 * through the control API (POST /_tclocal/cbs/dedicated-clusters); disks are then created in one with
 * Placement.CdcId, and the pool's capacity is what those disks leave free.
 */
export interface ClusterDoc {
  CdcId: string;
  CdcName: string;
  CageId: string;
  DedicatedClusterId: string;
  Zone: string;
  DiskType: DiskType;
  totalGiB: number;
  createdAt: number;
  expiresAt: number;
}

export const clusters = (ctx: Ctx) => ctx.docs<ClusterDoc>("cdc");

/** GiB used by disks in a cluster. */
export async function usedGiB(ctx: Ctx, cdcId: string): Promise<{ size: number; count: number }> {
  const disks = (await new DiskStore(ctx).all()).filter((d) => d.CdcId === cdcId);
  return { size: disks.reduce((s, d) => s + d.DiskSize, 0), count: disks.length };
}

async function present(ctx: Ctx, c: ClusterDoc): Promise<m.Cdc> {
  const used = await usedGiB(ctx, c.CdcId);
  return {
    CageId: c.CageId,
    CdcState: ctx.now() >= c.expiresAt ? "ISOLATED" : "NORMAL",
    Zone: c.Zone,
    CdcName: c.CdcName,
    CdcResource: { DiskTotal: c.totalGiB, DiskAvailable: c.totalGiB - used.size },
    CdcId: c.CdcId,
    DiskType: c.DiskType,
    ExpiredTime: formatDateTime(c.expiresAt),
    CreatedTime: formatDateTime(c.createdAt),
    DiskNumber: used.count,
  };
}

export async function describeDiskStoragePool(ctx: Ctx, req: Req<m.DescribeDiskStoragePoolRequest>): Promise<Res<m.DescribeDiskStoragePoolResponse>> {
  const ids = req.CdcIds ?? [];
  const filters = req.Filters ?? [];
  checkFilters(ctx, filters, ["cdc-id", "zone", "cage-id", "disk-type"], ids.length > 0, "CdcIds");
  const page = paging(ctx, req.Offset, req.Limit);
  const all = (await clusters(ctx).all())
    .filter((c) => !ids.length || ids.includes(c.CdcId))
    .filter((c) =>
      filters.every((f) => f.Values.includes({ "cdc-id": c.CdcId, zone: c.Zone, "cage-id": c.CageId, "disk-type": c.DiskType }[f.Name] ?? "")),
    );
  const set: m.Cdc[] = [];
  for (const c of all.slice(page.offset, page.offset + page.limit)) set.push(await present(ctx, c));
  return { TotalCount: all.length, CdcSet: set, DiskStoragePoolSet: set };
}

export async function describeDedicatedClusterDiskStatistics(
  ctx: Ctx,
  req: Req<m.DescribeDedicatedClusterDiskStatisticsRequest>,
): Promise<Res<m.DescribeDedicatedClusterDiskStatisticsResponse>> {
  const list = (await clusters(ctx).all()).filter((c) => c.DedicatedClusterId === req.DedicatedClusterId);
  if (!list.length) fail(ctx, "InvalidParameterValue", `DedicatedClusterId: ${req.DedicatedClusterId} does not exist.`);
  const types = [...new Set(list.map((c) => c.DiskType))];
  const stats: m.DedicatedClusterDiskStatistic[] = [];
  for (const t of types) {
    const pools = list.filter((c) => c.DiskType === t);
    const total = pools.reduce((s, c) => s + c.totalGiB, 0);
    let used = 0;
    for (const c of pools) used += (await usedGiB(ctx, c.CdcId)).size;
    stats.push({ DiskType: t, TotalDiskSize: total, UsedDiskSize: used, AvailableDiskSize: total - used });
  }
  return { DedicatedClusterDiskStatisticSet: stats };
}

