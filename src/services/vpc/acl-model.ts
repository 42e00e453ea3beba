import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import type { ProductName } from "../../errors/catalog";
import { randomChars } from "../../platform/ids";
import type { ActionContext } from "../../platform/service";
import { parseCidr } from "./cidr";
import { bt, dateTime, type Ctx, type Tag } from "./common";

/** A triple rule (protocol, port, CIDR) or a quintuple one (protocol, source/destination CIDR and port). */
export interface AclRule {
  id: string;
  Protocol: string;
  Action: string;
  Description: string;
  /** Triple rules. */
  Port: string;
  CidrBlock: string;
  /** Quintuple rules. */
  SourcePort: string;
  SourceCidr: string;
  DestinationPort: string;
  DestinationCidr: string;
  modifiedAt: number;
}

/** A network ACL, stored with its VPC as parent; subnets name the ACL they are associated with. */
export interface NetworkAclDoc {
  NetworkAclId: string;
  VpcId: string;
  NetworkAclName: string;
  NetworkAclType: "TRIPLE" | "QUINTUPLE";
  ingress: AclRule[];
  egress: AclRule[];
  createdAt: number;
  Tags: Tag[];
}

export const networkAcls = (ctx: ActionContext<ProductName>) => ctx.as("vpc").docs<NetworkAclDoc>("network-acl");

const PROTOCOLS = ["TCP", "UDP", "ICMP", "ALL"];

function portOk(p: string): boolean {
  if (p.toUpperCase() === "ALL") return true;
  const one = (x: string) => /^\d{1,5}$/.test(x) && Number(x) >= 1 && Number(x) <= 65535;
  const r = p.split("-");
  return r.length === 2 ? one(r[0]) && one(r[1]) && Number(r[0]) <= Number(r[1]) : one(p);
}

function cidr(ctx: Ctx, text: string | undefined, where: string): string {
  if (!text) return "";
  if (parseCidr(text) === "malformed") ctx.fail("InvalidParameterValue.Malformed", `${where} ${bt(text)} is not a CIDR block.`);
  return text;
}

function protocolAndAction(ctx: Ctx, protocol: string | undefined, action: string | undefined, where: string): { Protocol: string; Action: string } {
  const p = (protocol ?? "ALL").toUpperCase();
  if (!PROTOCOLS.includes(p)) ctx.fail("InvalidParameterValue", `${where}.Protocol ${bt(protocol ?? "")} is not one of TCP, UDP, ICMP, ALL.`);
  const a = (action ?? "").toUpperCase();
  if (a !== "ACCEPT" && a !== "DROP") ctx.fail("InvalidParameterValue", `${where}.Action ${bt(action ?? "")} is not ACCEPT or DROP.`);
  return { Protocol: p, Action: a };
}

function port(ctx: Ctx, protocol: string, value: string | undefined, where: string): string {
  if (value === undefined || value === "" || value.toUpperCase() === "ALL") return "ALL";
  if (protocol !== "TCP" && protocol !== "UDP") ctx.fail("InvalidParameter.Coexist", `${where}: a port cannot be given with ${protocol}.`);
  if (!portOk(value)) ctx.fail("InvalidParameterValue", `${where} ${bt(value)} is not a port or a range.`);
  return value;
}

export function tripleRule(ctx: Ctx, e: m.NetworkAclEntry, where: string): AclRule {
  const pa = protocolAndAction(ctx, e.Protocol, e.Action, where);
  if (e.CidrBlock && e.Ipv6CidrBlock) ctx.fail("InvalidParameter.Coexist", `${where}: CidrBlock and Ipv6CidrBlock cannot both be given.`);
  if ((e.Description ?? "").length > 100) ctx.fail("InvalidParameterValue.TooLong", `${where}.Description must be at most 100 characters.`);
  return {
    id: `acli4-${randomChars(8)}`,
    ...pa,
    Description: e.Description ?? "",
    Port: port(ctx, pa.Protocol, e.Port, `${where}.Port`),
    CidrBlock: e.Ipv6CidrBlock ? e.Ipv6CidrBlock : cidr(ctx, e.CidrBlock ?? "0.0.0.0/0", `${where}.CidrBlock`),
    SourcePort: "",
    SourceCidr: "",
    DestinationPort: "",
    DestinationCidr: "",
    modifiedAt: ctx.now(),
  };
}

export function quintupleRule(ctx: Ctx, e: m.NetworkAclQuintupleEntry, where: string): AclRule {
  const pa = protocolAndAction(ctx, e.Protocol, e.Action, where);
  if ((e.Description ?? "").length > 100) ctx.fail("InvalidParameterValue.TooLong", `${where}.Description must be at most 100 characters.`);
  return {
    id: e.NetworkAclQuintupleEntryId || `acli45-${randomChars(8)}`,
    ...pa,
    Description: e.Description ?? "",
    Port: "",
    CidrBlock: "",
    SourcePort: port(ctx, pa.Protocol, e.SourcePort, `${where}.SourcePort`),
    SourceCidr: cidr(ctx, e.SourceCidr ?? "0.0.0.0/0", `${where}.SourceCidr`),
    DestinationPort: port(ctx, pa.Protocol, e.DestinationPort, `${where}.DestinationPort`),
    DestinationCidr: cidr(ctx, e.DestinationCidr ?? "0.0.0.0/0", `${where}.DestinationCidr`),
    modifiedAt: ctx.now(),
  };
}

export function presentTriple(r: AclRule, i: number): m.NetworkAclEntry {
  return {
    Protocol: r.Protocol, Port: r.Port, CidrBlock: r.CidrBlock.includes(":") ? "" : r.CidrBlock, Ipv6CidrBlock: r.CidrBlock.includes(":") ? r.CidrBlock : "",
    Action: r.Action, Description: r.Description, ModifyTime: dateTime(r.modifiedAt), Priority: i + 1, NetworkAclIpv4EntryId: r.id, NetworkAclIpv6EntryId: "",
  };
}

export function presentQuintuple(r: AclRule, i: number, direction: "INGRESS" | "EGRESS"): m.NetworkAclQuintupleEntry {
  return {
    Protocol: r.Protocol, Description: r.Description, SourcePort: r.SourcePort, SourceCidr: r.SourceCidr, DestinationPort: r.DestinationPort,
    DestinationCidr: r.DestinationCidr, Action: r.Action, NetworkAclQuintupleEntryId: r.id, Priority: i + 1, CreateTime: dateTime(r.modifiedAt),
    NetworkAclDirection: direction, SourceIPv6Cidr: "", DestinationIPv6Cidr: "",
  };
}
