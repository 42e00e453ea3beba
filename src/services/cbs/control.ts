import { withControlContext } from "../../control/context";
import { bodyScope, check, ControlError, type ControlRequest, type ControlRoute, objectBody, ok } from "../../control/router";
import { shortId } from "../../platform/ids";
import { uniqueId } from "../../platform/service";
import { zoneInfo, zonesOf } from "../cvm/for-products";
import { addMonths } from "./common";
import { clusters } from "./dedicated";
import { DiskStore, newDisk } from "./disk-model";
import { DISK_TYPES, isDiskType } from "./disk-types";
import { saveSnapshot, snapshots } from "./snapshot-model";

/**
 * CBS control routes: set-up that the CBS API itself cannot do — bulk disks for benchmarks, the custom
 * image CVM's CreateImage would make from a snapshot, and dedicated clusters bought outside CBS.
 */
export const cbsControlRoutes: ControlRoute[] = [
  {
    method: "POST",
    path: "/cbs/disks/seed",
    description: 'Bulk-create pay-as-you-go data disks for benchmarks, bypassing quotas: {"count","region"?,"zone"?,"uin"?}.',
    handle: async (app, req) => {
      const b = objectBody(req);
      const count = b.count;
      check(Number.isInteger(count) && (count as number) > 0 && (count as number) <= 1_000_000, "count must be an integer from 1 to 1000000");
      const s = bodyScope(b);
      const zone = (b.zone as string | undefined) ?? zonesOf(s.region).find((z) => z.available)?.Zone ?? "";
      check(zoneInfo(zone)?.region === s.region, `zone ${zone} is not a zone of ${s.region}`);
      const total = await withControlContext(app, "cbs", s, async (ctx) => {
        const store = new DiskStore(ctx);
        const now = ctx.now();
        for (let i = 0; i < (count as number); i++) {
          await store.insert(newDisk({ DiskId: await store.newId(), DiskType: "CLOUD_PREMIUM", DiskUsage: "DATA_DISK", DiskSize: 10, DiskChargeType: "POSTPAID_BY_HOUR", Zone: zone, createdAt: now, DiskName: `seed-${i}` }));
        }
        return store.count();
      });
      return ok({ created: count, total }, 201);
    },
  },
  {
    method: "POST",
    path: "/cbs/images",
    description: 'Record a custom image made from a snapshot, as CVM CreateImage would (the snapshot then cannot be deleted): {"snapshotId","region"?,"uin"?,"imageName"?}.',
    handle: async (app, req) => {
      const b = objectBody(req);
      check(typeof b.snapshotId === "string", "snapshotId is required");
      check(b.imageName === undefined || typeof b.imageName === "string", "imageName must be a string");
      const image = await withControlContext(app, "cbs", bodyScope(b), async (ctx) => {
        const col = snapshots(ctx);
        const snap = await col.get(b.snapshotId as string);
        if (!snap) throw new ControlError(404, `snapshot ${b.snapshotId} does not exist`);
        const img = { ImageId: shortId("img"), ImageName: (b.imageName as string | undefined) ?? `image-of-${snap.SnapshotId}` };
        await saveSnapshot(col, { ...snap, images: [...snap.images, img] });
        return img;
      });
      return ok({ imageId: image.ImageId, imageName: image.ImageName }, 201);
    },
  },
  {
    method: "POST",
    path: "/cbs/dedicated-clusters",
    description: 'Declare a dedicated CBS cluster (CDC storage pool) bought outside CBS: {"zone","diskType","totalGiB","region"?,"uin"?,"name"?,"months"?}.',
    handle: async (app, req) => {
      const b = objectBody(req);
      const s = bodyScope(b);
      check(typeof b.zone === "string" && zoneInfo(b.zone)?.region === s.region, `zone must be a zone of ${s.region}`);
      check(typeof b.diskType === "string" && isDiskType(b.diskType) && DISK_TYPES[b.diskType].sold, "diskType must be a CBS disk type on sale");
      check(Number.isInteger(b.totalGiB) && (b.totalGiB as number) > 0, "totalGiB must be a positive integer");
      check(b.months === undefined || (Number.isInteger(b.months) && (b.months as number) > 0), "months must be a positive integer");
      const doc = await withControlContext(app, "cbs", s, async (ctx) => {
        const col = clusters(ctx);
        const id = await uniqueId(col, () => shortId("cdc"));
        const now = ctx.now();
        return col.insert(id, {
          CdcId: id,
          CdcName: (b.name as string | undefined) ?? "Untitled Cdc",
          CageId: shortId("cage"),
          DedicatedClusterId: shortId("cluster"),
          Zone: b.zone as string,
          DiskType: b.diskType as never,
          totalGiB: b.totalGiB as number,
          createdAt: now,
          expiresAt: addMonths(now, (b.months as number | undefined) ?? 12),
        });
      });
      return ok({ cdcId: doc.CdcId, dedicatedClusterId: doc.DedicatedClusterId, cageId: doc.CageId }, 201);
    },
  },
];
