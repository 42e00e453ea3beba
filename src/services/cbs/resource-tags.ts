import { tagPairs, type ResourceRef } from "../../platform/definition";
import { instanceTags } from "../cvm/for-products";
import type { Ctx } from "./common";
import { DiskStore } from "./disk-model";
import { snapshots } from "./snapshot-model";

/**
 * CAM's `qcs:resource_tag` for the disks, snapshots and instances a call names: their Tags as stored (an
 * instance's from CVM); an unknown id has none.
 */
export async function cbsResourceTags(ctx: Ctx, resources: readonly ResourceRef[]): Promise<string[][]> {
  const disks = new DiskStore(ctx);
  const out: string[][] = [];
  for (const { type, id } of resources) {
    if (type === "volume") out.push(tagPairs((await disks.get(id))?.Tags));
    else if (type === "snap") out.push(tagPairs((await snapshots(ctx).get(id))?.Tags));
    else if (type === "instance") out.push(await instanceTags(ctx, id));
    else out.push([]);
  }
  return out;
}
