import type { ResourceRef } from "../../platform/definition";
import type { ActionContext } from "../../platform/service";
import { instances, type MongoInstance } from "./instance";

const pairs = (tags: MongoInstance["tags"]) => (tags ?? []).map((t) => `${t.TagKey}&${t.TagValue}`);

/**
 * CAM's `qcs:resource_tag` for the instances a call names (InstanceId, InstanceIds, MasterId, Father,
 * TargetInstanceId), in both API versions: the Tags 2019-07-25's CreateDBInstance / CreateDBInstanceHour stored
 * (2018-04-08 creates untagged instances). Read as stored, without settling: an unknown id has none.
 */
export async function mongodbResourceTags(ctx: ActionContext<"mongodb">, resources: readonly ResourceRef[]): Promise<string[][]> {
  const out: string[][] = [];
  for (const { type, id } of resources) out.push(type === "instance" ? pairs((await instances(ctx).get(id))?.tags) : []);
  return out;
}
