import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import type { Req, Res } from "../../platform/definition";
import { shortId } from "../../platform/ids";
import { containsIp, parseCidr, parseIp } from "./cidr";
import { bt, checkId, checkIds, checkName, checkTags, eq, filterBy, newId, paging, selectDocs, type Ctx } from "./common";
import { limit } from "./limits";
import { cidrOf, subnets, vpcs } from "./network-model";
import { GATEWAY_TYPES, nextRouteId, presentRoute, presentRouteTable, routeTables, type RouteDoc, type RouteTableDoc } from "./route-model";
import { loadSubnet } from "./subnets";
import { loadVpc } from "./vpcs";

async function loadTable(ctx: Ctx, id: string): Promise<RouteTableDoc> {
  checkId(ctx, id, "rtb", "RouteTableId");
  const t = await routeTables(ctx).get(id);
  if (!t) ctx.fail("ResourceNotFound", `The route table ${bt(id)} does not exist.`);
  ctx.touch(id);
  return t;
}

const save = (ctx: Ctx, t: RouteTableDoc) => routeTables(ctx).update(t.RouteTableId, t, t.VpcId);

/** CreateRoutes' rules: a destination outside the VPC, a documented next-hop type, a next hop that exists. */
async function checkRoute(ctx: Ctx, t: RouteTableDoc, r: m.Route, where: string): Promise<Omit<RouteDoc, "RouteId" | "RouteItemId" | "createdAt">> {
  if (r.DestinationIpv6CidrBlock) ctx.fail("UnsupportedOperation", `${where}: IPv6 routes are not emulated.`);
  const dest = parseCidr(r.DestinationCidrBlock);
  if (typeof dest === "string") ctx.fail("InvalidParameterValue.Malformed", `${where}.DestinationCidrBlock ${bt(r.DestinationCidrBlock)} is malformed.`);
  const vpc = (await vpcs(ctx).get(t.VpcId))!;
  if (dest.text === vpc.CidrBlock) {
    ctx.fail("InvalidParameterValue.VpcCidrConflict", `${where}: the destination ${bt(dest.text)} is the VPC's own CIDR block.`);
  }
  for (const c of vpc.assistantCidrs) if (c === dest.text) ctx.fail("InvalidParameterValue.VpcCidrOverlapRoute", `${where}: the destination ${bt(dest.text)} is a secondary CIDR block of the VPC.`);
  for (const s of await subnets(ctx).all(t.VpcId)) {
    if (s.CidrBlock === dest.text) ctx.fail("InvalidParameterValue.SubnetOverlapRoute", `${where}: the destination ${bt(dest.text)} is the subnet ${bt(s.SubnetId)}.`);
  }
  if (!GATEWAY_TYPES.includes(r.GatewayType)) ctx.fail("InvalidParameterValue", `${where}.GatewayType ${bt(r.GatewayType)} is not a documented next-hop type.`);
  if (r.GatewayType === "EIP") {
    if (r.GatewayId !== "0") ctx.fail("InvalidParameterValue.RouteNextHopInvalid", `${where}: with GatewayType EIP, GatewayId is 0.`);
  } else if (r.GatewayType === "NORMAL_CVM" || r.GatewayType === "CVM") {
    const ip = parseIp(r.GatewayId);
    if (ip === null || !containsIp(cidrOf(vpc.CidrBlock), ip)) {
      ctx.fail("InvalidParameterValue.RouteNextHopInvalid", `${where}: the next hop ${bt(r.GatewayId)} is not a private address of the VPC.`);
    }
  } else {
    ctx.fail("ResourceNotFound", `${where}: the next hop ${bt(r.GatewayId)} (${r.GatewayType}) does not exist.`);
  }
  if ((r.RouteDescription ?? "").length > 100) ctx.fail("InvalidParameterValue.TooLong", `${where}.RouteDescription must be at most 100 characters.`);
  return { DestinationCidrBlock: dest.text, GatewayType: r.GatewayType, GatewayId: r.GatewayId, RouteDescription: r.RouteDescription ?? "", Enabled: true };
}

async function newRoutes(ctx: Ctx, t: RouteTableDoc, routes: readonly m.Route[], existing: readonly RouteDoc[]): Promise<RouteDoc[]> {
  const out: RouteDoc[] = [];
  for (const [i, r] of routes.entries()) {
    const checked = await checkRoute(ctx, t, r, `Routes.${i}`);
    if ([...existing, ...out].some((x) => x.DestinationCidrBlock === checked.DestinationCidrBlock && x.GatewayType === checked.GatewayType && x.GatewayId === checked.GatewayId)) {
      ctx.fail("InvalidParameterValue.Duplicate", `Routes.${i}: the route to ${bt(checked.DestinationCidrBlock)} via ${bt(checked.GatewayId)} exists.`);
    }
    if ([...existing, ...out].some((x) => x.DestinationCidrBlock === checked.DestinationCidrBlock && x.Enabled)) {
      ctx.fail("UnsupportedOperation.EcmpWithUserRoute", `Routes.${i}: a route to ${bt(checked.DestinationCidrBlock)} exists (ECMP is not supported for this next hop).`);
    }
    out.push({ ...checked, RouteId: await nextRouteId(ctx), RouteItemId: shortId("rti"), createdAt: ctx.now() });
  }
  if (existing.length + out.length > limit("route-table-max-policies")) {
    ctx.fail("LimitExceeded", `A route table takes at most ${limit("route-table-max-policies")} routes (route-table-max-policies).`);
  }
  return out;
}

export async function createRouteTable(ctx: Ctx, req: Req<m.CreateRouteTableRequest>): Promise<Res<m.CreateRouteTableResponse>> {
  const vpc = await loadVpc(ctx, req.VpcId);
  checkName(ctx, req.RouteTableName, "RouteTableName");
  const tags = checkTags(ctx, req.Tags);
  const col = routeTables(ctx);
  if ((await col.count(vpc.VpcId)) >= limit("vpc-max-route-tables")) ctx.fail("LimitExceeded", `A VPC takes at most ${limit("vpc-max-route-tables")} route tables.`);
  const id = await newId(col, "rtb");
  const t = await col.insert(id, { RouteTableId: id, VpcId: vpc.VpcId, RouteTableName: req.RouteTableName, Main: false, routes: [], createdAt: ctx.now(), Tags: tags }, vpc.VpcId);
  ctx.touch(id);
  return { RouteTable: await presentRouteTable(ctx, t) };
}

export async function deleteRouteTable(ctx: Ctx, req: Req<m.DeleteRouteTableRequest>): Promise<Res<m.DeleteRouteTableResponse>> {
  const t = await loadTable(ctx, req.RouteTableId);
  if (t.Main) ctx.fail("UnsupportedOperation.DelDefaultRoute", `The route table ${bt(t.RouteTableId)} is the VPC's default route table.`);
  if ((await subnets(ctx).all(t.VpcId)).some((s) => s.RouteTableId === t.RouteTableId)) {
    ctx.fail("UnsupportedOperation.DelRouteWithSubnet", `The route table ${bt(t.RouteTableId)} is associated with subnets.`);
  }
  await routeTables(ctx).delete(t.RouteTableId);
  return {};
}

export async function describeRouteTables(ctx: Ctx, req: Req<m.DescribeRouteTablesRequest>): Promise<Res<m.DescribeRouteTablesResponse>> {
  const ids = checkIds(ctx, req.RouteTableIds ?? [], "rtb", "RouteTableIds");
  const page = paging(ctx, req.Offset, req.Limit);
  const filter = filterBy<RouteTableDoc>(ctx, req.Filters, {
    "route-table-id": (t, v) => eq(t.RouteTableId, v),
    "route-table-name": (t, v) => v.some((x) => t.RouteTableName.includes(x)),
    "vpc-id": (t, v) => eq(t.VpcId, v),
    "association.main": (t, v) => v.some((x) => x.toLowerCase() === String(t.Main)),
    visible: () => true,
    "next-hop-type": (t, v) => t.routes.some((r) => v.includes(r.GatewayType)),
    "is-need-router-info": () => true,
  }, (t) => t.Tags);
  const all = await selectDocs(ctx, routeTables(ctx), ids, filter, Boolean(req.Filters?.length), "route table");
  const set: m.RouteTable[] = [];
  for (const t of all.slice(page.offset, page.offset + page.limit)) set.push(await presentRouteTable(ctx, t, req.NeedRouterInfo !== false));
  return { TotalCount: all.length, RouteTableSet: set };
}

export async function modifyRouteTableAttribute(ctx: Ctx, req: Req<m.ModifyRouteTableAttributeRequest>): Promise<Res<m.ModifyRouteTableAttributeResponse>> {
  const t = await loadTable(ctx, req.RouteTableId);
  checkName(ctx, req.RouteTableName, "RouteTableName");
  await save(ctx, { ...t, RouteTableName: req.RouteTableName });
  return {};
}

export async function replaceRouteTableAssociation(ctx: Ctx, req: Req<m.ReplaceRouteTableAssociationRequest>): Promise<Res<m.ReplaceRouteTableAssociationResponse>> {
  const t = await loadTable(ctx, req.RouteTableId);
  if (!req.SubnetId) ctx.fail("MissingParameter", "The request is missing a required parameter `SubnetId`.");
  const s = await loadSubnet(ctx, req.SubnetId);
  if (s.VpcId !== t.VpcId) ctx.fail("UnsupportedOperation.VpcMismatch", `The subnet ${bt(s.SubnetId)} and the route table ${bt(t.RouteTableId)} are in different VPCs.`);
  await subnets(ctx).update(s.SubnetId, { ...s, RouteTableId: t.RouteTableId }, s.VpcId);
  return {};
}

export async function createRoutes(ctx: Ctx, req: Req<m.CreateRoutesRequest>): Promise<Res<m.CreateRoutesResponse>> {
  const t = await loadTable(ctx, req.RouteTableId);
  if (!req.Routes.length) ctx.fail("MissingParameter", "The request is missing a required parameter `Routes`.");
  const added = await newRoutes(ctx, t, req.Routes, t.routes);
  const next = { ...t, routes: [...t.routes, ...added] };
  await save(ctx, next);
  return { TotalCount: added.length, RouteTableSet: [await presentRouteTable(ctx, next)] };
}

function pick(ctx: Ctx, t: RouteTableDoc, routes: readonly m.Route[]): RouteDoc[] {
  return routes.map((r, i) => {
    const found = t.routes.find((x) => (r.RouteItemId ? x.RouteItemId === r.RouteItemId : x.RouteId === r.RouteId));
    if (r.RouteId === undefined && !r.RouteItemId) ctx.fail("MissingParameter", `Routes.${i}: RouteId or RouteItemId is required.`);
    if (!found) ctx.fail("ResourceNotFound", `Routes.${i}: the route ${bt(r.RouteItemId ?? r.RouteId!)} does not exist in ${bt(t.RouteTableId)}.`);
    return found;
  });
}

export async function deleteRoutes(ctx: Ctx, req: Req<m.DeleteRoutesRequest>): Promise<Res<m.DeleteRoutesResponse>> {
  const t = await loadTable(ctx, req.RouteTableId);
  const gone = pick(ctx, t, req.Routes ?? []);
  await save(ctx, { ...t, routes: t.routes.filter((r) => !gone.includes(r)) });
  return { RouteSet: gone.map((r) => presentRoute(t, r)) };
}

export async function replaceRoutes(ctx: Ctx, req: Req<m.ReplaceRoutesRequest>): Promise<Res<m.ReplaceRoutesResponse>> {
  const t = await loadTable(ctx, req.RouteTableId);
  const old = pick(ctx, t, req.Routes);
  const fresh: RouteDoc[] = [];
  for (const [i, r] of req.Routes.entries()) {
    const checked = await checkRoute(ctx, t, r, `Routes.${i}`);
    fresh.push({ ...old[i], ...checked, Enabled: old[i].Enabled });
  }
  const routes = t.routes.map((r) => fresh.find((f) => f.RouteId === r.RouteId) ?? r);
  await save(ctx, { ...t, routes });
  return { OldRouteSet: old.map((r) => presentRoute(t, r)), NewRouteSet: fresh.map((r) => presentRoute(t, r)) };
}

export async function resetRoutes(ctx: Ctx, req: Req<m.ResetRoutesRequest>): Promise<Res<m.ResetRoutesResponse>> {
  const t = await loadTable(ctx, req.RouteTableId);
  checkName(ctx, req.RouteTableName, "RouteTableName");
  const routes = await newRoutes(ctx, t, req.Routes, []);
  await save(ctx, { ...t, RouteTableName: req.RouteTableName, routes });
  return {};
}

async function setEnabled(ctx: Ctx, req: { RouteTableId: string; RouteIds?: (number | bigint)[]; RouteItemIds?: string[] }, enabled: boolean): Promise<void> {
  const t = await loadTable(ctx, req.RouteTableId);
  if (req.RouteIds?.length && req.RouteItemIds?.length) ctx.fail("InvalidParameter.Coexist", "`RouteIds` and `RouteItemIds` cannot both be given.");
  const keys = req.RouteIds?.length ? req.RouteIds.map((id) => ({ RouteId: Number(id) })) : (req.RouteItemIds ?? []).map((id) => ({ RouteItemId: id }));
  if (!keys.length) ctx.fail("MissingParameter", "One of `RouteIds` and `RouteItemIds` is required.");
  if (keys.length > 100) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 100 routes can be given.");
  const chosen = pick(ctx, t, keys as m.Route[]);
  if (enabled) {
    for (const r of chosen) {
      if (t.routes.some((x) => x !== r && x.Enabled && x.DestinationCidrBlock === r.DestinationCidrBlock)) {
        ctx.fail("UnsupportedOperation.EcmpWithUserRoute", `Another enabled route goes to ${bt(r.DestinationCidrBlock)}.`);
      }
    }
  }
  await save(ctx, { ...t, routes: t.routes.map((r) => (chosen.includes(r) ? { ...r, Enabled: enabled } : r)) });
}

export async function enableRoutes(ctx: Ctx, req: Req<m.EnableRoutesRequest>): Promise<Res<m.EnableRoutesResponse>> {
  await setEnabled(ctx, req, true);
  return {};
}

export async function disableRoutes(ctx: Ctx, req: Req<m.DisableRoutesRequest>): Promise<Res<m.DisableRoutesResponse>> {
  await setEnabled(ctx, req, false);
  return {};
}

export async function describeRouteConflicts(ctx: Ctx, req: Req<m.DescribeRouteConflictsRequest>): Promise<Res<m.DescribeRouteConflictsResponse>> {
  const t = await loadTable(ctx, req.RouteTableId);
  const out: m.RouteConflict[] = [];
  for (const d of req.DestinationCidrBlocks) {
    const c = parseCidr(d);
    if (typeof c === "string") ctx.fail("InvalidParameterValue.Malformed", `The CIDR block ${bt(d)} is malformed.`);
    out.push({ RouteTableId: t.RouteTableId, DestinationCidrBlock: d, ConflictSet: t.routes.filter((r) => r.DestinationCidrBlock === c.text).map((r) => presentRoute(t, r)) });
  }
  return { RouteConflictSet: out };
}

async function routeList(ctx: Ctx, filters: m.Filter[] | undefined, offset?: number, lim?: number): Promise<{ RouteSet: m.Route[]; TotalCount: number }> {
  const page = paging(ctx, offset, lim);
  const filter = filterBy<{ t: RouteTableDoc; r: RouteDoc }>(ctx, filters, {
    "vpc-id": (x, v) => eq(x.t.VpcId, v),
    "gateway-id": (x, v) => eq(x.r.GatewayId, v),
    description: (x, v) => v.some((d) => x.r.RouteDescription.includes(d)),
    "route-table-id": (x, v) => eq(x.t.RouteTableId, v),
    "dest-cidr": (x, v) => v.some((d) => x.r.DestinationCidrBlock.startsWith(d)),
  });
  const rows = (await routeTables(ctx).all()).flatMap((t) => t.routes.map((r) => ({ t, r }))).filter(filter);
  return { RouteSet: rows.slice(page.offset, page.offset + page.limit).map((x) => presentRoute(x.t, x.r)), TotalCount: rows.length };
}

export function describeRouteList(ctx: Ctx, req: Req<m.DescribeRouteListRequest>): Promise<Res<m.DescribeRouteListResponse>> {
  return routeList(ctx, req.Filters, req.Offset, req.Limit);
}

export function describeRoutes(ctx: Ctx, req: Req<m.DescribeRoutesRequest>): Promise<Res<m.DescribeRoutesResponse>> {
  return routeList(ctx, req.Filters, req.Offset, req.Limit);
}
