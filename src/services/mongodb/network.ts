import type { Message } from "../../errors/api-error";
import type { ActionContext } from "../../platform/service";
import { checkZone } from "./catalogue";

/**
 * Every VpcId / SubnetId / zone check of MongoDB, both API versions, goes through `checkNetwork`. Today it
 * checks formats (a well-formed VPC id is taken to exist); once tclocal has a VPC product, this is the one
 * place to ask VPC's for-products whether the VPC and subnet exist, in the caller's account and region, and
 * whether the subnet's zone is the instance's.
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
  | "zone";

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
  return undefined;
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
