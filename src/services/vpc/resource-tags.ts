import type { ProductName } from "../../errors/catalog";
import type { Collection } from "../../platform/collection";
import { tagPairs, type ResourceRef } from "../../platform/definition";
import type { ActionContext } from "../../platform/service";
import { networkAcls } from "./acl-model";
import { addresses } from "./address-model";
import type { Tag } from "./common";
import { enis } from "./eni-model";
import { subnets, vpcs } from "./network-model";
import { routeTables } from "./route-model";
import { securityGroups } from "./sg-model";

/** The collection of each CAM resource type VPC's resourceMembers name. */
const BY_TYPE: Readonly<Record<string, (ctx: ActionContext<ProductName>) => Collection<{ Tags: Tag[] }>>> = {
  vpc: vpcs,
  subnet: subnets,
  securitygroup: securityGroups,
  eip: addresses,
  eni: enis,
  rtb: routeTables,
  acl: networkAcls,
};

/**
 * CAM's `qcs:resource_tag` for the VPCs, subnets, security groups, EIPs, network interfaces, route tables and
 * network ACLs a call names: their Tags as stored. An unknown id has none.
 */
export async function vpcResourceTags(ctx: ActionContext<"vpc">, resources: readonly ResourceRef[]): Promise<string[][]> {
  const out: string[][] = [];
  for (const { type, id } of resources) {
    const col = BY_TYPE[type];
    out.push(col ? tagPairs((await col(ctx).get(id))?.Tags) : []);
  }
  return out;
}
