import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";
import { parseCidr } from "./cidr";
import { bt, dateTime, newId, type Ctx, type Tag } from "./common";
import { templateExists } from "./template-model";

/** A security group rule as stored; its PolicyIndex is its position in its direction's list. */
export interface PolicyDoc {
  Protocol: string;
  Port: string;
  CidrBlock: string;
  Ipv6CidrBlock: string;
  SecurityGroupId: string;
  AddressTemplate: { AddressId: string; AddressGroupId: string };
  ServiceTemplate: { ServiceId: string; ServiceGroupId: string };
  Action: string;
  PolicyDescription: string;
  modifiedAt: number;
}

export interface SecurityGroupDoc {
  SecurityGroupId: string;
  SecurityGroupName: string;
  SecurityGroupDesc: string;
  ProjectId: string;
  IsDefault: boolean;
  /** Bumped by every change of the rules (SecurityGroupPolicySet.Version). */
  version: number;
  ingress: PolicyDoc[];
  egress: PolicyDoc[];
  createdAt: number;
  updatedAt: number;
  Tags: Tag[];
}

/**
 * Another product's resource in security groups (a MongoDB instance): counted by association statistics and
 * keeping the group from deletion. Instances and network interfaces carry their groups on the interface.
 */
export interface SgBindingDoc {
  SecurityGroupId: string;
  type: string;
  id: string;
}

/** DescribeSecurityGroupLimits (the documented example's values; an instance takes at most 5 groups, as CVM enforces). */
export const SG_LIMITS = {
  SecurityGroupLimit: 50,
  SecurityGroupPolicyLimit: 100,
  ReferedSecurityGroupLimit: 10,
  SecurityGroupInstanceLimit: 2000,
  InstanceSecurityGroupLimit: 5,
  SecurityGroupExtendedPolicyLimit: 100,
  SecurityGroupReferedCvmAndEniLimit: 2000,
  SecurityGroupReferedSvcLimit: 2000,
};

export const securityGroups = (ctx: ActionContext<ProductName>) => ctx.as("vpc").docs<SecurityGroupDoc>("security-group");
export const sgBindings = (ctx: ActionContext<ProductName>) => ctx.as("vpc").docs<SgBindingDoc>("sg-binding");

const PROTOCOLS = ["TCP", "UDP", "ICMP", "ICMPV6", "GRE", "ALL"];

/** Checks one rule as CreateSecurityGroupPolicies documents it and returns it as stored. */
export async function checkPolicy(ctx: Ctx, p: m.SecurityGroupPolicy, where: string): Promise<PolicyDoc> {
  const peers = [p.CidrBlock, p.Ipv6CidrBlock, p.SecurityGroupId, p.AddressTemplate?.AddressId || p.AddressTemplate?.AddressGroupId].filter((x) => x);
  if (peers.length > 1) ctx.fail("InvalidParameter.Coexist", `${where}: CidrBlock, Ipv6CidrBlock, SecurityGroupId and AddressTemplate cannot be combined.`);
  const service = p.ServiceTemplate?.ServiceId || p.ServiceTemplate?.ServiceGroupId;
  if (service && (p.Protocol || p.Port)) ctx.fail("InvalidParameter.Coexist", `${where}: Protocol/Port and ServiceTemplate cannot be combined.`);
  const protocol = service ? "" : (p.Protocol ?? "ALL").toUpperCase();
  if (!service && !PROTOCOLS.includes(protocol)) ctx.fail("InvalidParameterValue.Range", `${where}.Protocol ${bt(p.Protocol ?? "")} is not one of TCP, UDP, ICMP, ICMPV6, GRE, ALL.`);
  let port = service ? "" : "ALL";
  if (p.Port !== undefined && p.Port !== "" && p.Port.toUpperCase() !== "ALL") {
    if (protocol !== "TCP" && protocol !== "UDP") ctx.fail("InvalidParameter.Coexist", `${where}: a Port is only accepted with TCP or UDP.`);
    if (!portsOk(p.Port)) ctx.fail("InvalidParameterValue.Range", `${where}.Port ${bt(p.Port)} is not a port, a range a-b or a list of ports.`);
    port = p.Port;
  }
  const action = (p.Action ?? "").toUpperCase();
  if (action !== "ACCEPT" && action !== "DROP") ctx.fail("InvalidParameterValue.Range", `${where}.Action ${bt(p.Action ?? "")} is not ACCEPT or DROP.`);
  if (p.CidrBlock && !cidrOrIp(p.CidrBlock)) ctx.fail("InvalidParameterValue.Malformed", `${where}.CidrBlock ${bt(p.CidrBlock)} is not a CIDR block.`);
  if (p.Ipv6CidrBlock && !/^[0-9a-fA-F:]+(\/\d{1,3})?$/.test(p.Ipv6CidrBlock)) ctx.fail("InvalidParameterValue.Malformed", `${where}.Ipv6CidrBlock ${bt(p.Ipv6CidrBlock)} is not an IPv6 CIDR block.`);
  if (p.Ipv6CidrBlock && protocol === "ICMP") ctx.fail("InvalidParameter.Coexist", `${where}: use ICMPV6 with an IPv6 CIDR block.`);
  if (p.SecurityGroupId) {
    if (!/^sg-[a-z0-9]{8}$/.test(p.SecurityGroupId)) ctx.fail("InvalidParameterValue.Malformed", `${where}.SecurityGroupId ${bt(p.SecurityGroupId)} is malformed.`);
    if (!(await securityGroups(ctx).has(p.SecurityGroupId))) ctx.fail("ResourceNotFound", `The security group ${bt(p.SecurityGroupId)} does not exist.`);
  }
  for (const [kind, id] of [["address", p.AddressTemplate?.AddressId], ["address-group", p.AddressTemplate?.AddressGroupId], ["service", p.ServiceTemplate?.ServiceId], ["service-group", p.ServiceTemplate?.ServiceGroupId]] as const) {
    if (id && !(await templateExists(ctx, kind, id))) ctx.fail("ResourceNotFound", `The parameter template ${bt(id)} does not exist.`);
  }
  if ((p.PolicyDescription ?? "").length > 100) ctx.fail("InvalidParameterValue.TooLong", `${where}.PolicyDescription must be at most 100 characters.`);
  return {
    Protocol: protocol,
    Port: port,
    CidrBlock: p.CidrBlock ?? "",
    Ipv6CidrBlock: p.Ipv6CidrBlock ?? "",
    SecurityGroupId: p.SecurityGroupId ?? "",
    AddressTemplate: { AddressId: p.AddressTemplate?.AddressId ?? "", AddressGroupId: p.AddressTemplate?.AddressGroupId ?? "" },
    ServiceTemplate: { ServiceId: p.ServiceTemplate?.ServiceId ?? "", ServiceGroupId: p.ServiceTemplate?.ServiceGroupId ?? "" },
    Action: action,
    PolicyDescription: p.PolicyDescription ?? "",
    modifiedAt: ctx.now(),
  };
}

function cidrOrIp(text: string): boolean {
  const c = parseCidr(text.includes("/") ? text : `${text}/32`);
  return c !== "malformed";
}

function portsOk(text: string): boolean {
  const one = (p: string) => /^\d{1,5}$/.test(p) && Number(p) >= 1 && Number(p) <= 65535;
  if (text.includes(",")) return text.split(",").every(one);
  const r = text.split("-");
  return r.length === 2 ? one(r[0]) && one(r[1]) && Number(r[0]) <= Number(r[1]) : one(text);
}

export const samePolicy = (a: PolicyDoc, b: PolicyDoc) =>
  a.Protocol === b.Protocol && a.Port === b.Port && a.CidrBlock === b.CidrBlock && a.Ipv6CidrBlock === b.Ipv6CidrBlock &&
  a.SecurityGroupId === b.SecurityGroupId && a.Action === b.Action &&
  a.AddressTemplate.AddressId === b.AddressTemplate.AddressId && a.AddressTemplate.AddressGroupId === b.AddressTemplate.AddressGroupId &&
  a.ServiceTemplate.ServiceId === b.ServiceTemplate.ServiceId && a.ServiceTemplate.ServiceGroupId === b.ServiceTemplate.ServiceGroupId;

export function presentPolicy(p: PolicyDoc, index: number): m.SecurityGroupPolicy {
  return {
    PolicyIndex: index,
    Protocol: p.Protocol,
    Port: p.Port,
    ServiceTemplate: { ...p.ServiceTemplate },
    CidrBlock: p.CidrBlock,
    Ipv6CidrBlock: p.Ipv6CidrBlock,
    SecurityGroupId: p.SecurityGroupId,
    AddressTemplate: { ...p.AddressTemplate },
    Action: p.Action,
    PolicyDescription: p.PolicyDescription,
    ModifyTime: dateTime(p.modifiedAt),
    Priority: index + 1,
  };
}

export function presentPolicySet(g: SecurityGroupDoc): m.SecurityGroupPolicySet {
  const v6 = (list: PolicyDoc[]) => list.filter((p) => p.Ipv6CidrBlock).length;
  return {
    Version: String(g.version),
    Egress: g.egress.map(presentPolicy),
    Ingress: g.ingress.map(presentPolicy),
    PolicyStatistics: {
      IngressIPv4TotalCount: g.ingress.length - v6(g.ingress),
      IngressIPv6TotalCount: v6(g.ingress),
      EgressIPv4TotalCount: g.egress.length - v6(g.egress),
      EgressIPv6TotalCount: v6(g.egress),
    },
  };
}

export function presentGroup(g: SecurityGroupDoc): m.SecurityGroup {
  return {
    SecurityGroupId: g.SecurityGroupId,
    SecurityGroupName: g.SecurityGroupName,
    SecurityGroupDesc: g.SecurityGroupDesc,
    ProjectId: g.ProjectId,
    IsDefault: g.IsDefault,
    CreatedTime: dateTime(g.createdAt),
    TagSet: g.Tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    UpdateTime: dateTime(g.updatedAt),
  };
}

/** Ids of the groups whose rules name `id` (DescribeSecurityGroupReferences; such a group cannot be deleted). */
export async function referrers(ctx: ActionContext<ProductName>, id: string): Promise<string[]> {
  return (await securityGroups(ctx).all())
    .filter((g) => g.SecurityGroupId !== id && [...g.ingress, ...g.egress].some((p) => p.SecurityGroupId === id))
    .map((g) => g.SecurityGroupId);
}

/** A group with every IPv4 rule open, as CreateDefaultSecurityGroup and the default group of RunInstances make it. */
export async function createGroup(
  ctx: ActionContext<ProductName>,
  fields: { name: string; desc: string; projectId: string; isDefault: boolean; tags: Tag[]; ingress?: PolicyDoc[]; egress?: PolicyDoc[] },
): Promise<SecurityGroupDoc> {
  const col = securityGroups(ctx);
  const id = await newId(col, "sg");
  const now = ctx.now();
  return col.insert(id, {
    SecurityGroupId: id,
    SecurityGroupName: fields.name,
    SecurityGroupDesc: fields.desc,
    ProjectId: fields.projectId,
    IsDefault: fields.isDefault,
    version: fields.ingress?.length || fields.egress?.length ? 1 : 0,
    ingress: fields.ingress ?? [],
    egress: fields.egress ?? [],
    createdAt: now,
    updatedAt: now,
    Tags: fields.tags,
  });
}

export function openPolicy(now: number, description: string): PolicyDoc {
  return {
    Protocol: "ALL",
    Port: "ALL",
    CidrBlock: "0.0.0.0/0",
    Ipv6CidrBlock: "",
    SecurityGroupId: "",
    AddressTemplate: { AddressId: "", AddressGroupId: "" },
    ServiceTemplate: { ServiceId: "", ServiceGroupId: "" },
    Action: "ACCEPT",
    PolicyDescription: description,
    modifiedAt: now,
  };
}

/** The project's default group ("default", every IPv4 rule open), made when first needed. */
export async function ensureDefaultGroup(ctx: ActionContext<ProductName>, projectId = "0"): Promise<SecurityGroupDoc> {
  const found = (await securityGroups(ctx).all()).find((g) => g.IsDefault && g.ProjectId === projectId);
  if (found) return found;
  const now = ctx.now();
  return createGroup(ctx, {
    name: "default",
    desc: "System created security group",
    projectId,
    isDefault: true,
    tags: [],
    ingress: [openPolicy(now, "")],
    egress: [openPolicy(now, "")],
  });
}
