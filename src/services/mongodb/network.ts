import type { Message } from "../../errors/api-error";
import type { ActionContext } from "../../platform/service";
import { findVpcSubnet, isRefusal } from "../vpc/for-products";
import { checkZone } from "./catalogue";

/**
 * Every VpcId / SubnetId / zone check of MongoDB, both API versions, goes through `checkNetwork`: formats, then
 * VPC's for-products says whether the VPC and subnet exist in the caller's account and region, the subnet is in
 * that VPC, and (when the call names a zone) in that zone. A list filter only checks formats.
 */
export interface NetworkQuery {
  vpcId?: string;
  subnetId?: string;
  /** The zone the instance (or node) is placed in, when the call names one. */
  zone?: string;
  /** A list filter (DescribeDBInstances): a VpcId alone is fine, a SubnetId needs its VpcId. */
  filter?: boolean;
}

export type NetworkProblem =
  /** Only one of VpcId and SubnetId. */
  | "pair"
  | "vpc"
  | "subnet"
  /** The zone is in another region. */
  | "zone-region"
  /** No such zone. */
  | "zone"
  /** The subnet exists, in another zone than the instance's. */
  | "subnet-zone";

export const VPC_ID = /^vpc-[a-z0-9]{8}$/;
export const SUBNET_ID = /^subnet-[a-z0-9]{8}$/;

/** Undefined when the network is usable (or absent: the basic network), else what is wrong. */
export async function checkNetwork(ctx: ActionContext<"mongodb">, q: NetworkQuery): Promise<NetworkProblem | undefined> {
  if (q.zone !== undefined) {
    const zone = checkZone(ctx.region, q.zone);
    if (!zone.ok) return zone.reason === "region" ? "zone-region" : "zone";
  }
  if (!q.vpcId && !q.subnetId) return undefined;
  if (!q.vpcId || (!q.subnetId && !q.filter)) return "pair";
  if (!VPC_ID.test(q.vpcId)) return "vpc";
  if (q.subnetId !== undefined && q.subnetId !== "" && !SUBNET_ID.test(q.subnetId)) return "subnet";
  if (q.filter || !q.subnetId) return undefined;
  const found = await findVpcSubnet(ctx, { vpcId: q.vpcId, subnetId: q.subnetId, zone: q.zone });
  if (!isRefusal(found)) return undefined;
  if (found.reason === "zone-mismatch") return "subnet-zone";
  return found.reason.startsWith("vpc") ? "vpc" : "subnet";
}

/** The message of a problem, in the service's words. */
export function networkMessage(problem: NetworkProblem, q: NetworkQuery, region: string): Message {
  switch (problem) {
    case "pair":
      return q.filter
        ? { en: "SubnetId must be given together with the VpcId it belongs to.", zh: "指定 SubnetId 时必须同时指定其所属的 VpcId。" }
        : {
            en: "VpcId and SubnetId must be specified together: the subnet of a VPC, or neither for the basic network.",
            zh: "VpcId 与 SubnetId 必须同时指定（私有网络及其子网），或都不指定（基础网络）。",
          };
    case "vpc":
      return { en: `The VPC ${q.vpcId} does not exist.`, zh: `私有网络 ${q.vpcId} 不存在。` };
    case "subnet":
      return { en: `The subnet ${q.subnetId} does not exist in VPC ${q.vpcId}.`, zh: `子网 ${q.subnetId} 在私有网络 ${q.vpcId} 中不存在。` };
    case "zone-region":
      return { en: `The zone ${q.zone} is not in region ${region}.`, zh: `可用区 ${q.zone} 不属于地域 ${region}。` };
    case "zone":
      return { en: `The zone ${q.zone} does not exist.`, zh: `可用区 ${q.zone} 不存在。` };
    case "subnet-zone":
      return { en: `The subnet ${q.subnetId} is not in the zone ${q.zone}.`, zh: `子网 ${q.subnetId} 不在可用区 ${q.zone}。` };
  }
}

/** Fails the call with the documented code of a network problem (VpcIdOrSubnetIdNotFound, RegionError, ZoneError). */
export async function requireNetwork(ctx: ActionContext<"mongodb">, q: NetworkQuery): Promise<void> {
  const problem = await checkNetwork(ctx, q);
  if (!problem) return;
  const message = networkMessage(problem, q, ctx.region);
  if (problem === "zone-region") ctx.fail("InvalidParameterValue.RegionError", message);
  if (problem === "zone") ctx.fail("InvalidParameterValue.ZoneError", message);
  ctx.fail("InvalidParameterValue.VpcIdOrSubnetIdNotFound", message);
}
