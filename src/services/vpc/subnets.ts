import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import type { Req, Res } from "../../platform/definition";
import { zoneInfo } from "../cvm/for-products";
import { containsCidr, MAX_PREFIX, overlaps, parseCidr, SUBNET_MIN_PREFIX, type Cidr } from "./cidr";
import { bt, checkId, checkIds, checkName, checkTags, eq, filterBy, newId, paging, selectDocs, type Ctx, type Tag } from "./common";
import { limit } from "./limits";
import { cidrOf, ips, subnets, type SubnetDoc, type VpcDoc } from "./network-model";
import { presentSubnet } from "./present";
import { mainRouteTable, routeTables } from "./route-model";
import { loadVpc } from "./vpcs";

export async function loadSubnet(ctx: Ctx, id: string, member = "SubnetId"): Promise<SubnetDoc> {
  checkId(ctx, id, "subnet", member);
  const s = await subnets(ctx).get(id);
  if (!s) ctx.fail("ResourceNotFound", `The subnet ${bt(id)} does not exist.`);
  ctx.touch(id);
  return s;
}

interface SubnetPlan {
  cidr: Cidr;
  name: string;
  zone: string;
  routeTableId: string;
}

/** CreateSubnet's rules: a /16 to /28 inside the VPC's CIDR (or a secondary one), overlapping no other subnet nor a route. */
async function planSubnet(ctx: Ctx, vpc: VpcDoc, input: m.SubnetInput, others: readonly Cidr[], where: string): Promise<SubnetPlan> {
  checkName(ctx, input.SubnetName, `${where}SubnetName`);
  const cidr = parseCidr(input.CidrBlock);
  if (cidr === "malformed") ctx.fail("InvalidParameterValue.Malformed", `The CIDR block ${bt(input.CidrBlock)} is malformed.`);
  if (cidr === "host-bits") ctx.fail("InvalidParameterValue.SubnetRange", `The CIDR block ${bt(input.CidrBlock)} is not a network address.`);
  if (cidr.prefix < SUBNET_MIN_PREFIX || cidr.prefix > MAX_PREFIX) {
    ctx.fail("InvalidParameterValue.SubnetRange", `The CIDR block ${bt(cidr.text)} is not valid: a subnet is a /${SUBNET_MIN_PREFIX} to a /${MAX_PREFIX}.`);
  }
  if (![vpc.CidrBlock, ...vpc.assistantCidrs].some((c) => containsCidr(cidrOf(c), cidr))) {
    ctx.fail("InvalidParameterValue.SubnetRange", `The CIDR block ${bt(cidr.text)} is outside the VPC ${bt(vpc.VpcId)} (${vpc.CidrBlock}).`);
  }
  const clash = others.find((o) => overlaps(o, cidr));
  if (clash) ctx.fail("InvalidParameterValue.SubnetOverlap", `The CIDR block ${bt(cidr.text)} overlaps the subnet block ${bt(clash.text)} of the VPC.`);
  for (const t of await routeTables(ctx).all(vpc.VpcId)) {
    const r = t.routes.find((x) => x.DestinationCidrBlock === cidr.text);
    if (r) ctx.fail("InvalidParameterValue.SubnetOverlapRoute", `The CIDR block ${bt(cidr.text)} is the destination of route ${r.RouteId} of ${bt(t.RouteTableId)}.`);
  }
  const zone = zoneInfo(input.Zone);
  if (!zone || zone.region !== ctx.region) ctx.fail("InvalidParameterValue", `The zone ${bt(input.Zone)} does not exist in ${bt(ctx.region)}.`);
  let routeTableId = (await mainRouteTable(ctx, vpc.VpcId)).RouteTableId;
  if (input.RouteTableId) {
    checkId(ctx, input.RouteTableId, "rtb", `${where}RouteTableId`);
    const t = await routeTables(ctx).get(input.RouteTableId);
    if (!t || t.VpcId !== vpc.VpcId) ctx.fail("ResourceNotFound", `The route table ${bt(input.RouteTableId)} does not exist in ${bt(vpc.VpcId)}.`);
    routeTableId = t.RouteTableId;
  }
  return { cidr, name: input.SubnetName, zone: zone.Zone, routeTableId };
}

async function insertSubnet(ctx: Ctx, vpc: VpcDoc, p: SubnetPlan, tags: Tag[]): Promise<SubnetDoc> {
  const col = subnets(ctx);
  const id = await newId(col, "subnet");
  ctx.touch(id);
  return col.insert(
    id,
    {
      SubnetId: id,
      VpcId: vpc.VpcId,
      SubnetName: p.name,
      CidrBlock: p.cidr.text,
      Zone: p.zone,
      IsDefault: false,
      EnableBroadcast: false,
      RouteTableId: p.routeTableId,
      NetworkAclId: "",
      CdcId: "",
      createdAt: ctx.now(),
      Tags: tags,
    },
    vpc.VpcId,
  );
}

async function create(ctx: Ctx, vpcId: string, inputs: readonly m.SubnetInput[], tags: Tag[], cdcId: string | undefined, batch: boolean): Promise<SubnetDoc[]> {
  const vpc = await loadVpc(ctx, vpcId);
  if (cdcId) ctx.fail("ResourceNotFound", `The dedicated cluster ${bt(cdcId)} does not exist.`);
  if (!inputs.length) ctx.fail("MissingParameter", "The request is missing a required parameter `Subnets`.");
  const existing = await subnets(ctx).all(vpc.VpcId);
  if (existing.length + inputs.length > limit("vpc-max-subnets")) {
    ctx.fail("LimitExceeded", `The VPC ${bt(vpc.VpcId)} allows ${limit("vpc-max-subnets")} subnets (vpc-max-subnets); it has ${existing.length}.`);
  }
  const blocks = existing.map((s) => cidrOf(s.CidrBlock));
  const plans: SubnetPlan[] = [];
  for (const [i, input] of inputs.entries()) {
    const p = await planSubnet(ctx, vpc, input, blocks, batch ? `Subnets.${i}.` : "");
    blocks.push(p.cidr);
    plans.push(p);
  }
  const out: SubnetDoc[] = [];
  for (const p of plans) out.push(await insertSubnet(ctx, vpc, p, tags));
  return out;
}

export async function createSubnet(ctx: Ctx, req: Req<m.CreateSubnetRequest>): Promise<Res<m.CreateSubnetResponse>> {
  const tags = checkTags(ctx, req.Tags);
  const [s] = await create(ctx, req.VpcId, [{ CidrBlock: req.CidrBlock, SubnetName: req.SubnetName, Zone: req.Zone }], tags, req.CdcId, false);
  return { Subnet: await presentSubnet(ctx, s) };
}

export async function createSubnets(ctx: Ctx, req: Req<m.CreateSubnetsRequest>): Promise<Res<m.CreateSubnetsResponse>> {
  const tags = checkTags(ctx, req.Tags);
  if (req.Subnets.length > 100) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 100 `Subnets` can be created at once.");
  const created = await create(ctx, req.VpcId, req.Subnets, tags, req.CdcId, true);
  const set: m.Subnet[] = [];
  for (const s of created) set.push(await presentSubnet(ctx, s));
  return { SubnetSet: set };
}

export async function deleteSubnet(ctx: Ctx, req: Req<m.DeleteSubnetRequest>): Promise<Res<m.DeleteSubnetResponse>> {
  const s = await loadSubnet(ctx, req.SubnetId);
  const used = await ips(ctx).all(s.SubnetId);
  if (used.length) {
    const kinds = [...new Set(used.map((u) => `${u.holder.type} ${u.holder.id}`))].slice(0, 3).join(", ");
    ctx.fail("ResourceInUse", `The subnet ${bt(s.SubnetId)} still has ${used.length} addresses in use (${kinds}): release them first.`);
  }
  await subnets(ctx).delete(s.SubnetId);
  return {};
}

export async function describeSubnets(ctx: Ctx, req: Req<m.DescribeSubnetsRequest>): Promise<Res<m.DescribeSubnetsResponse>> {
  const ids = checkIds(ctx, req.SubnetIds ?? [], "subnet", "SubnetIds");
  let page = paging(ctx, req.Offset, req.Limit);
  if (req.MaxResults !== undefined || req.NextToken !== undefined) {
    const start = req.NextToken ? Number(Buffer.from(req.NextToken, "base64url").toString()) : 0;
    if (!Number.isInteger(start) || start < 0) ctx.fail("InvalidParameterValue.Malformed", `The NextToken ${bt(req.NextToken ?? "")} is not valid.`);
    const max = req.MaxResults ?? 20;
    if (max < 1 || max > 100) ctx.fail("InvalidParameterValue.Range", "`MaxResults` must be 1 to 100.");
    page = { offset: start, limit: max };
  }
  const filter = filterBy<SubnetDoc>(
    ctx,
    req.Filters,
    {
      "subnet-id": (s, v) => eq(s.SubnetId, v),
      "vpc-id": (s, v) => eq(s.VpcId, v),
      "cidr-block": (s, v) => v.some((x) => s.CidrBlock === x || s.CidrBlock.startsWith(`${x}/`)),
      "is-default": (s, v) => v.some((x) => x.toLowerCase() === String(s.IsDefault)),
      "is-remote-vpc-snat": (_s, v) => v.some((x) => x.toLowerCase() === "false"),
      "subnet-name": (s, v) => v.some((x) => s.SubnetName.includes(x)),
      zone: (s, v) => eq(s.Zone, v),
      "cdc-id": (s, v) => eq(s.CdcId, v),
      "is-cdc-subnet": (s, v) => eq(s.CdcId ? 1 : 0, v),
      "ipv6-cidr-block": () => false,
      "isp-type": (_s, v) => v.includes("BGP"),
      "address-type": () => false,
    },
    (s) => s.Tags,
  );
  const all = await selectDocs(ctx, subnets(ctx), ids, filter, Boolean(req.Filters?.length), "subnet");
  const slice = all.slice(page.offset, page.offset + page.limit);
  const set: m.Subnet[] = [];
  for (const s of slice) set.push(await presentSubnet(ctx, s));
  const more = page.offset + slice.length < all.length && (req.MaxResults !== undefined || req.NextToken !== undefined);
  return { TotalCount: all.length, SubnetSet: set, NextToken: more ? Buffer.from(String(page.offset + slice.length)).toString("base64url") : "" };
}

export async function modifySubnetAttribute(ctx: Ctx, req: Req<m.ModifySubnetAttributeRequest>): Promise<Res<m.ModifySubnetAttributeResponse>> {
  const s = await loadSubnet(ctx, req.SubnetId);
  checkName(ctx, req.SubnetName, "SubnetName");
  if (req.EnableBroadcast !== undefined && req.EnableBroadcast !== "true" && req.EnableBroadcast !== "false") {
    ctx.fail("InvalidParameterValue", `The value ${bt(req.EnableBroadcast)} of \`EnableBroadcast\` is not true or false.`);
  }
  await subnets(ctx).update(
    s.SubnetId,
    { ...s, SubnetName: req.SubnetName ?? s.SubnetName, EnableBroadcast: req.EnableBroadcast !== undefined ? req.EnableBroadcast === "true" : s.EnableBroadcast },
    s.VpcId,
  );
  return {};
}
