import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";
import { zonesOf } from "../cvm/for-products";
import { formatIp, overlaps, parseCidr, type Cidr } from "./cidr";
import { newId } from "./common";
import { cidrOf, subnets, vpcs, type SubnetDoc, type VpcDoc } from "./network-model";
import { createMainRouteTable, mainRouteTable } from "./route-model";

/**
 * The default VPC of an account in a region, made on first use as the real cloud does (a RunInstances without
 * a VPC, CreateDefaultVpc): "Default-VPC" 172.16.0.0/16 with a "Default-Subnet" /20 per zone, each made the
 * first time an instance or a call needs that zone.
 */
export const DEFAULT_VPC_CIDR = "172.16.0.0/16";

export async function findDefaultVpc(ctx: ActionContext<ProductName>): Promise<VpcDoc | undefined> {
  return (await vpcs(ctx).all()).find((v) => v.IsDefault);
}

export async function ensureDefaultVpc(ctx: ActionContext<ProductName>): Promise<VpcDoc> {
  const found = await findDefaultVpc(ctx);
  if (found) return found;
  const col = vpcs(ctx);
  const id = await newId(col, "vpc");
  const doc: VpcDoc = {
    VpcId: id,
    VpcName: "Default-VPC",
    CidrBlock: DEFAULT_VPC_CIDR,
    IsDefault: true,
    EnableMulticast: false,
    DnsServerSet: ["183.60.83.19", "183.60.82.98"],
    DomainName: "",
    EnableRouteVpcPublish: false,
    assistantCidrs: [],
    createdAt: ctx.now(),
    Tags: [],
  };
  await col.insert(id, doc);
  await createMainRouteTable(ctx, id);
  return doc;
}

/** The default subnet of a zone in the default VPC: the first free /20 of 172.16.0.0/16; undefined when none is left. */
export async function ensureDefaultSubnet(ctx: ActionContext<ProductName>, zone: string): Promise<SubnetDoc | undefined> {
  const vpc = await ensureDefaultVpc(ctx);
  const existing = await subnets(ctx).all(vpc.VpcId);
  const found = existing.find((s) => s.IsDefault && s.Zone === zone);
  if (found) return found;
  const taken = existing.map((s) => cidrOf(s.CidrBlock));
  const base = cidrOf(vpc.CidrBlock).base;
  let block: Cidr | undefined;
  for (let i = 0; i < 16 && !block; i++) {
    const c = parseCidr(`${formatIp(base + i * 4096)}/20`) as Cidr;
    if (!taken.some((t) => overlaps(t, c))) block = c;
  }
  if (!block) return undefined;
  const col = subnets(ctx);
  const id = await newId(col, "subnet");
  const rt = await mainRouteTable(ctx, vpc.VpcId);
  const doc: SubnetDoc = {
    SubnetId: id,
    VpcId: vpc.VpcId,
    SubnetName: "Default-Subnet",
    CidrBlock: block.text,
    Zone: zone,
    IsDefault: true,
    EnableBroadcast: false,
    RouteTableId: rt.RouteTableId,
    NetworkAclId: "",
    CdcId: "",
    createdAt: ctx.now(),
    Tags: [],
  };
  return col.insert(id, doc, vpc.VpcId);
}

/** The first zone of the region that sells (CreateDefaultVpc without Zone). */
export function firstAvailableZone(region: string): string | undefined {
  return zonesOf(region).find((z) => z.available)?.Zone;
}
