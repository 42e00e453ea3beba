import { tagPairs, type ResourceRef } from "../../platform/definition";
import type { Ctx } from "./common";
import { images } from "./image-model";
import { instances } from "./instance-model";
import { keyPairs } from "./key-pairs";

/**
 * CAM's `qcs:resource_tag` for the instances, images and key pairs a call names: their Tags as stored (a public
 * image, an unknown id: none). Read without settling anything: the handler does that once the call is allowed.
 */
export async function cvmResourceTags(ctx: Ctx, resources: readonly ResourceRef[]): Promise<string[][]> {
  const out: string[][] = [];
  for (const { type, id } of resources) {
    const doc =
      type === "instance" ? await instances(ctx).get(id) : type === "image" ? await images(ctx).get(id) : type === "keypair" ? await keyPairs(ctx).get(id) : undefined;
    out.push(tagPairs(doc?.Tags));
  }
  return out;
}
