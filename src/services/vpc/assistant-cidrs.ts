import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import type { Req, Res } from "../../platform/definition";
import { containsCidr, overlaps, parseCidr, vpcRangeOk, type Cidr } from "./cidr";
import { bt, checkIds, eq, filterBy, paging, type Ctx } from "./common";
import { limit } from "./limits";
import { cidrOf, subnets, vpcs, type VpcDoc } from "./network-model";
import { presentSubnet } from "./present";
import { routeTables } from "./route-model";
import { loadVpc } from "./vpcs";

/** Secondary CIDR blocks of a VPC: private ranges, overlapping neither the primary block, another secondary one, nor a route. */
async function checkNew(ctx: Ctx, vpc: VpcDoc, blocks: readonly string[], keep: readonly string[]): Promise<Cidr[]> {
  const out: Cidr[] = [];
  const existing = [vpc.CidrBlock, ...keep].map(cidrOf);
  const routes = (await routeTables(ctx).all(vpc.VpcId)).flatMap((t) => t.routes.map((r) => r.DestinationCidrBlock));
  for (const b of blocks) {
    const c = parseCidr(b);
    if (typeof c === "string") ctx.fail("InvalidParameterValue.Malformed", `The CIDR block ${bt(b)} is malformed.`);
    if (!vpcRangeOk(c)) ctx.fail("InvalidParameterValue.SubnetRange", `The CIDR block ${bt(b)} is not a valid private block (/12 to /28).`);
    if (out.some((o) => o.text === c.text)) ctx.fail("InvalidParameterValue.Duplicate", `The CIDR block ${bt(b)} is repeated.`);
    if ([...existing, ...out].some((o) => overlaps(o, c))) ctx.fail("InvalidParameterValue.VpcCidrConflict", `The CIDR block ${bt(b)} overlaps a CIDR block of ${bt(vpc.VpcId)}.`);
    if (routes.includes(c.text)) ctx.fail("InvalidParameterValue.VpcCidrOverlapRoute", `The CIDR block ${bt(b)} is the destination of a route.`);
    out.push(c);
  }
  if (keep.length + out.length > limit("vpc-max-assistant_cidrs")) ctx.fail("LimitExceeded", `A VPC takes at most ${limit("vpc-max-assistant_cidrs")} secondary CIDR blocks.`);
  return out;
}

async function checkRemovable(ctx: Ctx, vpc: VpcDoc, blocks: readonly string[]): Promise<void> {
  const subs = await subnets(ctx).all(vpc.VpcId);
  for (const b of blocks) {
    if (!vpc.assistantCidrs.includes(b)) ctx.fail("ResourceNotFound", `The VPC ${bt(vpc.VpcId)} has no secondary CIDR block ${bt(b)}.`);
    const inside = subs.filter((s) => containsCidr(cidrOf(b), cidrOf(s.CidrBlock)));
    if (inside.length) ctx.fail("ResourceInUse", `The secondary CIDR block ${bt(b)} holds the subnet ${bt(inside[0].SubnetId)}.`);
  }
}

async function present(ctx: Ctx, vpc: VpcDoc, blocks: readonly string[]): Promise<m.AssistantCidr[]> {
  const subs = await subnets(ctx).all(vpc.VpcId);
  const out: m.AssistantCidr[] = [];
  for (const b of blocks) {
    const set: m.Subnet[] = [];
    for (const s of subs.filter((x) => containsCidr(cidrOf(b), cidrOf(x.CidrBlock)))) set.push(await presentSubnet(ctx, s));
    out.push({ VpcId: vpc.VpcId, CidrBlock: b, AssistantType: 0, SubnetSet: set });
  }
  return out;
}

export async function createAssistantCidr(ctx: Ctx, req: Req<m.CreateAssistantCidrRequest>): Promise<Res<m.CreateAssistantCidrResponse>> {
  const vpc = await loadVpc(ctx, req.VpcId);
  if (!req.CidrBlocks.length) ctx.fail("InvalidParameterValue", "`CidrBlocks` is empty.");
  const added = await checkNew(ctx, vpc, req.CidrBlocks, vpc.assistantCidrs);
  const next = { ...vpc, assistantCidrs: [...vpc.assistantCidrs, ...added.map((c) => c.text)] };
  await vpcs(ctx).update(vpc.VpcId, next);
  return { AssistantCidrSet: await present(ctx, next, added.map((c) => c.text)) };
}

export async function deleteAssistantCidr(ctx: Ctx, req: Req<m.DeleteAssistantCidrRequest>): Promise<Res<m.DeleteAssistantCidrResponse>> {
  const vpc = await loadVpc(ctx, req.VpcId);
  await checkRemovable(ctx, vpc, req.CidrBlocks);
  await vpcs(ctx).update(vpc.VpcId, { ...vpc, assistantCidrs: vpc.assistantCidrs.filter((c) => !req.CidrBlocks.includes(c)) });
  return {};
}

async function modify(ctx: Ctx, req: m.ModifyAssistantCidrRequest | m.CheckAssistantCidrRequest, apply: boolean): Promise<VpcDoc> {
  const vpc = await loadVpc(ctx, req.VpcId);
  const old = req.OldCidrBlocks ?? [];
  if (apply) await checkRemovable(ctx, vpc, old);
  const keep = vpc.assistantCidrs.filter((c) => !old.includes(c));
  const added = await checkNew(ctx, vpc, req.NewCidrBlocks ?? [], keep);
  return { ...vpc, assistantCidrs: [...keep, ...added.map((c) => c.text)] };
}

export async function modifyAssistantCidr(ctx: Ctx, req: Req<m.ModifyAssistantCidrRequest>): Promise<Res<m.ModifyAssistantCidrResponse>> {
  const next = await modify(ctx, req, true);
  await vpcs(ctx).update(next.VpcId, next);
  return { AssistantCidrSet: await present(ctx, next, next.assistantCidrs) };
}

/** CheckAssistantCidr runs ModifyAssistantCidr's checks and answers no conflict (a conflict is refused with its code). */
export async function checkAssistantCidr(ctx: Ctx, req: Req<m.CheckAssistantCidrRequest>): Promise<Res<m.CheckAssistantCidrResponse>> {
  await modify(ctx, req, false);
  return { ConflictSourceSet: [] };
}

export async function describeAssistantCidr(ctx: Ctx, req: Req<m.DescribeAssistantCidrRequest>): Promise<Res<m.DescribeAssistantCidrResponse>> {
  const ids = checkIds(ctx, req.VpcIds ?? [], "vpc", "VpcIds");
  if (ids.length && req.Filters?.length) ctx.fail("InvalidParameter.Coexist", "`VpcIds` and `Filters` cannot be given together.");
  const page = paging(ctx, req.Offset, req.Limit);
  const filter = filterBy<{ vpc: VpcDoc; cidr: string }>(ctx, req.Filters, { "vpc-id": (x, v) => eq(x.vpc.VpcId, v) });
  const rows = (await vpcs(ctx).all())
    .filter((v) => !ids.length || ids.includes(v.VpcId))
    .flatMap((vpc) => vpc.assistantCidrs.map((cidr) => ({ vpc, cidr })))
    .filter(filter);
  const out: m.AssistantCidr[] = [];
  for (const r of rows.slice(page.offset, page.offset + page.limit)) out.push(...(await present(ctx, r.vpc, [r.cidr])));
  return { AssistantCidrSet: out, TotalCount: rows.length };
}
