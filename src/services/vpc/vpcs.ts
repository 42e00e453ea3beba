import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import type { Req, Res } from "../../platform/definition";
import { zoneInfo } from "../cvm/for-products";
import { parseCidr, parseIp, vpcRangeOk } from "./cidr";
import { bt, checkId, checkIds, checkName, checkTags, eq, filterBy, newId, paging, selectDocs, type Ctx } from "./common";
import { ensureDefaultSubnet, ensureDefaultVpc, findDefaultVpc, firstAvailableZone } from "./default-network";
import { enis } from "./eni-model";
import { limit } from "./limits";
import { networkAcls } from "./acl-model";
import { ips, subnets, vpcs, type VpcDoc } from "./network-model";
import { presentVpc } from "./present";
import { createMainRouteTable, routeTables } from "./route-model";

export async function loadVpc(ctx: Ctx, id: string, member = "VpcId"): Promise<VpcDoc> {
  checkId(ctx, id, "vpc", member);
  const v = await vpcs(ctx).get(id);
  if (!v) ctx.fail("ResourceNotFound", `The VPC ${bt(id)} does not exist.`);
  ctx.touch(id);
  return v;
}

function checkDns(ctx: Ctx, dns: readonly string[] | undefined): void {
  if (!dns) return;
  if (dns.length > 4) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 4 `DnsServers` can be given.");
  for (const d of dns) if (parseIp(d) === null) ctx.fail("InvalidParameterValue.Malformed", `The DNS server ${bt(d)} is not an IPv4 address.`);
}

function boolText(ctx: Ctx, v: string | undefined, member: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (v !== "true" && v !== "false") ctx.fail("InvalidParameterValue", `The value ${bt(v)} of ${bt(member)} is not true or false.`);
  return v === "true";
}

export async function createVpc(ctx: Ctx, req: Req<m.CreateVpcRequest>): Promise<Res<m.CreateVpcResponse>> {
  checkName(ctx, req.VpcName, "VpcName");
  const cidr = parseCidr(req.CidrBlock);
  if (typeof cidr === "string") ctx.fail("InvalidParameterValue.Malformed", `The CIDR block ${bt(req.CidrBlock)} is malformed.`);
  if (!vpcRangeOk(cidr)) {
    ctx.fail(
      "InvalidParameterValue",
      `The CIDR block ${bt(req.CidrBlock)} is not valid: it must lie in 10.0.0.0/8 or 172.16.0.0/12 (masks /12 to /28) or 192.168.0.0/16 (masks /16 to /28).`,
    );
  }
  const multicast = boolText(ctx, req.EnableMulticast, "EnableMulticast") ?? false;
  checkDns(ctx, req.DnsServers);
  if (req.DomainName !== undefined && req.DomainName.length > 60) ctx.fail("InvalidParameterValue.TooLong", "`DomainName` must be at most 60 characters.");
  const tags = checkTags(ctx, req.Tags);
  const col = vpcs(ctx);
  if ((await col.count()) >= limit("appid-max-vpcs")) {
    ctx.fail("LimitExceeded", `The region allows ${limit("appid-max-vpcs")} VPCs (appid-max-vpcs).`);
  }
  const id = await newId(col, "vpc");
  const doc = await col.insert(id, {
    VpcId: id,
    VpcName: req.VpcName,
    CidrBlock: cidr.text,
    IsDefault: false,
    EnableMulticast: multicast,
    DnsServerSet: req.DnsServers ? [...req.DnsServers] : ["183.60.83.19", "183.60.82.98"],
    DomainName: req.DomainName ?? "",
    EnableRouteVpcPublish: req.EnableRouteVpcPublish ?? false,
    assistantCidrs: [],
    createdAt: ctx.now(),
    Tags: tags,
  });
  await createMainRouteTable(ctx, id);
  ctx.touch(id);
  return { Vpc: await presentVpc(ctx, doc) };
}

/** A VPC whose subnets hold no address in use goes with its subnets, route tables and network ACLs. */
export async function deleteVpc(ctx: Ctx, req: Req<m.DeleteVpcRequest>): Promise<Res<m.DeleteVpcResponse>> {
  const v = await loadVpc(ctx, req.VpcId);
  const subs = await subnets(ctx).all(v.VpcId);
  for (const s of subs) {
    if ((await ips(ctx).count(s.SubnetId)) > 0) {
      ctx.fail("ResourceInUse", `The VPC ${bt(v.VpcId)} still has resources (subnet ${bt(s.SubnetId)} has addresses in use): release them first.`);
    }
  }
  if ((await enis(ctx).all()).some((e) => e.VpcId === v.VpcId)) ctx.fail("ResourceInUse", `The VPC ${bt(v.VpcId)} still has network interfaces.`);
  for (const s of subs) await subnets(ctx).delete(s.SubnetId);
  for (const t of await routeTables(ctx).all(v.VpcId)) await routeTables(ctx).delete(t.RouteTableId);
  for (const a of await networkAcls(ctx).all(v.VpcId)) await networkAcls(ctx).delete(a.NetworkAclId);
  await vpcs(ctx).delete(v.VpcId);
  return {};
}

export async function describeVpcs(ctx: Ctx, req: Req<m.DescribeVpcsRequest>): Promise<Res<m.DescribeVpcsResponse>> {
  const ids = checkIds(ctx, req.VpcIds ?? [], "vpc", "VpcIds");
  const page = paging(ctx, req.Offset, req.Limit);
  const filter = filterBy<VpcDoc>(
    ctx,
    req.Filters,
    {
      "vpc-name": (v, vals) => vals.some((x) => v.VpcName.includes(x)),
      "is-default": (v, vals) => vals.some((x) => x.toLowerCase() === String(v.IsDefault)),
      "vpc-id": (v, vals) => eq(v.VpcId, vals),
      "cidr-block": (v, vals) => eq(v.CidrBlock, vals),
      "ipv6-cidr-block": () => false,
      "isp-type": (_v, vals) => vals.includes("BGP"),
      "address-type": () => false,
    },
    (v) => v.Tags,
  );
  const all = await selectDocs(ctx, vpcs(ctx), ids, filter, Boolean(req.Filters?.length), "VPC");
  const set: m.Vpc[] = [];
  for (const v of all.slice(page.offset, page.offset + page.limit)) set.push(await presentVpc(ctx, v));
  return { TotalCount: all.length, VpcSet: set };
}

export async function modifyVpcAttribute(ctx: Ctx, req: Req<m.ModifyVpcAttributeRequest>): Promise<Res<m.ModifyVpcAttributeResponse>> {
  const v = await loadVpc(ctx, req.VpcId);
  checkName(ctx, req.VpcName, "VpcName");
  const multicast = boolText(ctx, req.EnableMulticast, "EnableMulticast");
  checkDns(ctx, req.DnsServers);
  if (req.DomainName !== undefined && req.DomainName.length > 60) ctx.fail("InvalidParameterValue.TooLong", "`DomainName` must be at most 60 characters.");
  await vpcs(ctx).update(v.VpcId, {
    ...v,
    VpcName: req.VpcName ?? v.VpcName,
    EnableMulticast: multicast ?? v.EnableMulticast,
    DnsServerSet: req.DnsServers ? [...req.DnsServers] : v.DnsServerSet,
    DomainName: req.DomainName ?? v.DomainName,
    EnableRouteVpcPublish: req.EnableRouteVpcPublish ?? v.EnableRouteVpcPublish,
  });
  return {};
}

export async function createDefaultVpc(ctx: Ctx, req: Req<m.CreateDefaultVpcRequest>): Promise<Res<m.CreateDefaultVpcResponse>> {
  const zone = req.Zone ?? firstAvailableZone(ctx.region);
  const info = zone ? zoneInfo(zone) : undefined;
  if (!zone || !info || info.region !== ctx.region) ctx.fail("ResourceNotFound", `The zone ${bt(req.Zone ?? "")} does not exist in ${bt(ctx.region)}.`);
  if (!(await findDefaultVpc(ctx)) && (await vpcs(ctx).count()) >= limit("appid-max-vpcs")) {
    ctx.fail("LimitExceeded", `The region allows ${limit("appid-max-vpcs")} VPCs: no room for the default VPC.`);
  }
  const vpc = await ensureDefaultVpc(ctx);
  const subnet = await ensureDefaultSubnet(ctx, zone);
  if (!subnet) ctx.fail("ResourceInsufficient.CidrBlock", `The default VPC ${bt(vpc.VpcId)} has no free /20 left for a default subnet in ${bt(zone)}.`);
  ctx.touch(vpc.VpcId, subnet.SubnetId);
  return { Vpc: { VpcId: vpc.VpcId, SubnetId: subnet.SubnetId, VpcName: vpc.VpcName, SubnetName: subnet.SubnetName, CidrBlock: subnet.CidrBlock } };
}

export function describeVpcLimits(ctx: Ctx, req: Req<m.DescribeVpcLimitsRequest>): Res<m.DescribeVpcLimitsResponse> {
  if (req.LimitTypes.length > 100) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 100 `LimitTypes` can be given.");
  for (const t of req.LimitTypes) if (limit(t) === undefined) ctx.fail("InvalidParameterValue", `The limit type ${bt(t)} is not known.`);
  return { VpcLimitSet: [...new Set(req.LimitTypes)].map((t) => ({ LimitType: t, LimitValue: limit(t) })) };
}

export async function checkDefaultSubnet(ctx: Ctx, req: Req<m.CheckDefaultSubnetRequest>): Promise<Res<m.CheckDefaultSubnetResponse>> {
  const info = req.Zone ? zoneInfo(req.Zone) : undefined;
  if (!info || info.region !== ctx.region) ctx.fail("InvalidParameterValue", `The zone ${bt(req.Zone ?? "")} does not exist in ${bt(ctx.region)}.`);
  const vpc = await findDefaultVpc(ctx);
  if (!vpc) return { Result: (await vpcs(ctx).count()) < limit("appid-max-vpcs") };
  const subs = await subnets(ctx).all(vpc.VpcId);
  return { Result: subs.some((s) => s.IsDefault && s.Zone === req.Zone) || subs.length < limit("vpc-max-subnets") };
}

export function describeAccountAttributes(): Res<m.DescribeAccountAttributesResponse> {
  return { AccountAttributeSet: [{ AttributeName: "supported-platforms", AttributeValues: ["VPC"] }] };
}

export function describeNetworkAccountType(): Res<m.DescribeNetworkAccountTypeResponse> {
  return { NetworkAccountType: "STANDARD" };
}
