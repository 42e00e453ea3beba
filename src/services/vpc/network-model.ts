import type { ProductName } from "../../errors/catalog";
import type { Collection } from "../../platform/collection";
import type { ActionContext } from "../../platform/service";
import { formatIp, parseCidr, parseIp, RESERVED_PER_SUBNET, size, usable, type Cidr } from "./cidr";
import type { Tag } from "./common";

/** A VPC as stored. Its subnets, route tables and network ACLs are stored with the VPC as parent. */
export interface VpcDoc {
  VpcId: string;
  VpcName: string;
  CidrBlock: string;
  IsDefault: boolean;
  EnableMulticast: boolean;
  DnsServerSet: string[];
  DomainName: string;
  EnableRouteVpcPublish: boolean;
  /** Secondary CIDR blocks (CreateAssistantCidr). */
  assistantCidrs: string[];
  createdAt: number;
  Tags: Tag[];
}

export interface SubnetDoc {
  SubnetId: string;
  VpcId: string;
  SubnetName: string;
  CidrBlock: string;
  Zone: string;
  IsDefault: boolean;
  EnableBroadcast: boolean;
  RouteTableId: string;
  NetworkAclId: string;
  CdcId: string;
  createdAt: number;
  Tags: Tag[];
}

/**
 * Who holds a private address: `type` is what the subnet dashboard counts (CVM, ENI, MongoDB, …), `id` the
 * resource (an instance, a network interface, a database instance), `eniId` the interface carrying the address.
 */
export interface IpHolder {
  type: string;
  id: string;
  service: ProductName;
  eniId?: string;
}

/** A private address in use, stored with its subnet as parent (so a subnet's used count is an index count). */
export interface IpDoc {
  ip: string;
  SubnetId: string;
  VpcId: string;
  holder: IpHolder;
  createdAt: number;
}

export const vpcs = (ctx: ActionContext<ProductName>): Collection<VpcDoc> => ctx.as("vpc").docs<VpcDoc>("vpc");
export const subnets = (ctx: ActionContext<ProductName>): Collection<SubnetDoc> => ctx.as("vpc").docs<SubnetDoc>("subnet");
export const ips = (ctx: ActionContext<ProductName>): Collection<IpDoc> => ctx.as("vpc").docs<IpDoc>("private-ip");

const ipKey = (vpcId: string, ip: string) => `${vpcId}/${ip}`;

export function cidrOf(text: string): Cidr {
  return parseCidr(text) as Cidr;
}

/** Addresses of a subnet: TotalIpAddressCount counts the 3 reserved ones, AvailableIpAddressCount what is left to take. */
export async function subnetCounts(ctx: ActionContext<ProductName>, s: SubnetDoc): Promise<{ total: number; used: number; available: number }> {
  const total = size(cidrOf(s.CidrBlock));
  const used = await ips(ctx).count(s.SubnetId);
  return { total, used, available: Math.max(0, total - RESERVED_PER_SUBNET - used) };
}

export async function ipInUse(ctx: ActionContext<ProductName>, vpcId: string, ip: string): Promise<IpDoc | undefined> {
  return ips(ctx).get(ipKey(vpcId, ip));
}

/** Why an address cannot be taken, or null when it can. */
export async function addressProblem(ctx: ActionContext<ProductName>, s: SubnetDoc, ip: string): Promise<"malformed" | "outside" | "reserved" | "used" | null> {
  const n = parseIp(ip);
  if (n === null) return "malformed";
  const c = cidrOf(s.CidrBlock);
  if (n < c.base || n >= c.base + size(c)) return "outside";
  if (n === c.base || n === c.base + 1 || n === c.base + size(c) - 1) return "reserved";
  if (await ipInUse(ctx, s.VpcId, ip)) return "used";
  return null;
}

/** Takes the given address (already checked) or the lowest free one; null when the subnet is full. */
export async function takeIp(ctx: ActionContext<ProductName>, s: SubnetDoc, holder: IpHolder, ip?: string): Promise<string | null> {
  let chosen = ip ?? null;
  if (!chosen) {
    const taken = new Set((await ips(ctx).all(s.SubnetId)).map((d) => d.ip));
    for (const n of usable(cidrOf(s.CidrBlock))) {
      const text = formatIp(n);
      if (!taken.has(text)) {
        chosen = text;
        break;
      }
    }
    if (!chosen) return null;
  }
  await ips(ctx).insert(ipKey(s.VpcId, chosen), { ip: chosen, SubnetId: s.SubnetId, VpcId: s.VpcId, holder, createdAt: ctx.now() }, s.SubnetId);
  return chosen;
}

export async function releaseIp(ctx: ActionContext<ProductName>, vpcId: string, ip: string): Promise<void> {
  await ips(ctx).delete(ipKey(vpcId, ip));
}

export async function changeHolder(ctx: ActionContext<ProductName>, vpcId: string, ip: string, holder: IpHolder): Promise<void> {
  const d = await ipInUse(ctx, vpcId, ip);
  if (d) await ips(ctx).update(ipKey(vpcId, ip), { ...d, holder }, d.SubnetId);
}

export async function subnetsOf(ctx: ActionContext<ProductName>, vpcId: string): Promise<SubnetDoc[]> {
  return subnets(ctx).all(vpcId);
}
