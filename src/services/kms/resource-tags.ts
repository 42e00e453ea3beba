import type { ResourceRef } from "../../platform/definition";
import { cmks } from "./cmk";
import { UUID, type Ctx, type Tag } from "./formats";
import { whiteBoxKeys } from "./whitebox";

const pairs = (tags: readonly Tag[]) => tags.map((t) => `${t.TagKey}&${t.TagValue}`);

/**
 * CAM's `qcs:resource_tag` for the keys a call names: the Tags a CMK or white-box key was created with
 * (CreateKey, CreateWhiteBoxKey). A malformed or unknown KeyId has none; the handler answers its own code once
 * the call is allowed.
 */
export async function kmsResourceTags(ctx: Ctx, resources: readonly ResourceRef[]): Promise<string[][]> {
  const out: string[][] = [];
  for (const { type, id } of resources) {
    if (type !== "key" || !UUID.test(id)) {
      out.push([]);
      continue;
    }
    const keyId = id.toLowerCase();
    const key = (await cmks(ctx).get(keyId)) ?? (await whiteBoxKeys(ctx).get(keyId));
    out.push(key ? pairs(key.tags) : []);
  }
  return out;
}
