import type { ResourceRef } from "../../platform/definition";
import { instanceTags } from "../cvm/for-products";
import { byQuuid, machines, type MachineDoc } from "./machine-model";
import type { Ctx } from "./store";

/**
 * CAM's `qcs:resource_tag` for the hosts a call names (an agent's Uuid, a host's Quuid): a CVM host carries its
 * instance's CVM Tags, read in the instance's region; a host registered by the control API, an unknown id, or a
 * CVM instance the product has not seen yet (hosts are synced from CVM after this check) has none.
 */
export async function yunjingResourceTags(ctx: Ctx, resources: readonly ResourceRef[]): Promise<string[][]> {
  const out: string[][] = [];
  for (const { type, id } of resources) {
    const m: MachineDoc | undefined = type === "agent" ? await machines(ctx).get(id) : type === "machine" ? await byQuuid(ctx, id) : undefined;
    out.push(m && m.source === "cvm" && !m.gone ? await instanceTags(ctx.inRegion(m.region), m.instanceId) : []);
  }
  return out;
}
