import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";
import { dateTime, newId, tagSet, type Tag } from "./common";
import { subnets } from "./network-model";

export interface RouteDoc {
  RouteId: number;
  RouteItemId: string;
  DestinationCidrBlock: string;
  GatewayType: string;
  GatewayId: string;
  RouteDescription: string;
  Enabled: boolean;
  createdAt: number;
}

/** A route table, stored with its VPC as parent. Subnets name the table they are associated with. */
export interface RouteTableDoc {
  RouteTableId: string;
  VpcId: string;
  RouteTableName: string;
  Main: boolean;
  routes: RouteDoc[];
  createdAt: number;
  Tags: Tag[];
}

/** Route tables per VPC and routes per table (DescribeVpcLimits: vpc-max-route-tables, route-table-max-policies). */
export const ROUTE_TABLES_PER_VPC = 10;
export const ROUTES_PER_TABLE = 200;

export const routeTables = (ctx: ActionContext<ProductName>) => ctx.as("vpc").docs<RouteTableDoc>("route-table");

/** The next-hop types CreateRoutes documents. */
export const GATEWAY_TYPES = [
  "CVM", "VPN", "DIRECTCONNECT", "PEERCONNECTION", "HAVIP", "NAT", "NORMAL_CVM", "EIP", "LOCAL_GATEWAY", "INTRANAT", "USER_CCN", "GWLB_ENDPOINT",
];

/** Every VPC gets a main route table named "default"; new subnets are associated with it. */
export async function createMainRouteTable(ctx: ActionContext<ProductName>, vpcId: string): Promise<RouteTableDoc> {
  const col = routeTables(ctx);
  const id = await newId(col, "rtb");
  return col.insert(id, { RouteTableId: id, VpcId: vpcId, RouteTableName: "default", Main: true, routes: [], createdAt: ctx.now(), Tags: [] }, vpcId);
}

export async function mainRouteTable(ctx: ActionContext<ProductName>, vpcId: string): Promise<RouteTableDoc> {
  const main = (await routeTables(ctx).all(vpcId)).find((t) => t.Main);
  return main ?? createMainRouteTable(ctx, vpcId);
}

/** The next RouteId: unique in the region (real ids are global integers). */
export async function nextRouteId(ctx: ActionContext<ProductName>): Promise<number> {
  const counter = ctx.as("vpc").docs<{ n: number }>("route-counter");
  const n = ((await counter.get("n"))?.n ?? 100000) + 1;
  await counter.put("n", { n });
  return n;
}

export function presentRoute(t: RouteTableDoc, r: RouteDoc): m.Route {
  return {
    DestinationCidrBlock: r.DestinationCidrBlock,
    GatewayType: r.GatewayType,
    GatewayId: r.GatewayId,
    RouteId: r.RouteId,
    RouteDescription: r.RouteDescription,
    Enabled: r.Enabled,
    RouteType: "USER",
    RouteTableId: t.RouteTableId,
    DestinationIpv6CidrBlock: "",
    RouteItemId: r.RouteItemId,
    PublishedToVbc: false,
    CreatedTime: dateTime(r.createdAt),
    CdcId: "",
  };
}

export async function presentRouteTable(ctx: ActionContext<ProductName>, t: RouteTableDoc, withRoutes = true): Promise<m.RouteTable> {
  const associated = (await subnets(ctx).all(t.VpcId)).filter((s) => s.RouteTableId === t.RouteTableId);
  return {
    VpcId: t.VpcId,
    RouteTableId: t.RouteTableId,
    RouteTableName: t.RouteTableName,
    AssociationSet: associated.map((s) => ({ SubnetId: s.SubnetId, RouteTableId: t.RouteTableId })),
    RouteSet: withRoutes ? t.routes.map((r) => presentRoute(t, r)) : [],
    Main: t.Main,
    CreatedTime: dateTime(t.createdAt),
    TagSet: tagSet(t.Tags),
    LocalCidrForCcn: [],
  };
}
