import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";
import { addresses, addWanIp, isElastic, type AddressDoc } from "./address-model";
import { checkAddresses, type IpRefusal } from "./addressing";
import { ensureDefaultSubnet } from "./default-network";
import { deleteEni, enis, newEniId, newMac, saveEni, type EniDoc } from "./eni-model";
import { releaseIp, subnets, takeIp, vpcs, type IpHolder, type SubnetDoc } from "./network-model";
import { dateTime } from "./common";
import { ensureDefaultGroup, securityGroups, sgBindings, SG_LIMITS, type PolicyDoc } from "./sg-model";

/**
 * What other products use of VPC, in the caller's account and region and the same transaction: CVM places
 * instances (a primary network interface with a private address, security groups, a public IP), MongoDB and
 * other products take a private address from a subnet and put their resources in security groups. Checks
 * answer a refusal reason (and a message) that the calling product maps to its own documented code.
 */
type AnyCtx = ActionContext<ProductName>;
const bt = (s: string | number) => "`" + s + "`";

export type { IpRefusal } from "./addressing";

export interface NetworkRefusal {
  reason:
    | "vpc-malformed" | "subnet-malformed" | "vpc-not-found" | "subnet-not-found" | "subnet-not-in-vpc" | "zone-mismatch"
    | "security-group-malformed" | "security-group-not-found" | "too-many-security-groups" | "no-default-subnet";
  message: string;
}

export const isRefusal = (x: unknown): x is NetworkRefusal | IpRefusal => typeof x === "object" && x !== null && "reason" in x;

/** A subnet and its VPC, as another product needs to know them. */
export interface PlacedSubnet {
  VpcId: string;
  VpcName: string;
  VpcCidrBlock: string;
  SubnetId: string;
  SubnetName: string;
  CidrBlock: string;
  Zone: string;
  IsDefault: boolean;
}

async function placed(ctx: AnyCtx, s: SubnetDoc): Promise<PlacedSubnet> {
  const v = (await vpcs(ctx).get(s.VpcId))!;
  return { VpcId: v.VpcId, VpcName: v.VpcName, VpcCidrBlock: v.CidrBlock, SubnetId: s.SubnetId, SubnetName: s.SubnetName, CidrBlock: s.CidrBlock, Zone: s.Zone, IsDefault: s.IsDefault };
}

/**
 * The VPC and subnet a resource is placed in: both exist in this account and region, the subnet is in the VPC,
 * and (when `zone` is given) in that zone.
 */
export async function findVpcSubnet(ctx: AnyCtx, o: { vpcId: string; subnetId: string; zone?: string }): Promise<PlacedSubnet | NetworkRefusal> {
  if (!/^vpc-[a-z0-9]{8}$/.test(o.vpcId)) return { reason: "vpc-malformed", message: `The VPC id ${bt(o.vpcId)} is malformed.` };
  if (!/^subnet-[a-z0-9]{8}$/.test(o.subnetId)) return { reason: "subnet-malformed", message: `The subnet id ${bt(o.subnetId)} is malformed.` };
  if (!(await vpcs(ctx).has(o.vpcId))) return { reason: "vpc-not-found", message: `The VPC ${bt(o.vpcId)} does not exist in ${bt(ctx.region)}.` };
  const s = await subnets(ctx).get(o.subnetId);
  if (!s) return { reason: "subnet-not-found", message: `The subnet ${bt(o.subnetId)} does not exist in ${bt(ctx.region)}.` };
  if (s.VpcId !== o.vpcId) return { reason: "subnet-not-in-vpc", message: `The subnet ${bt(o.subnetId)} is not in the VPC ${bt(o.vpcId)}.` };
  if (o.zone && s.Zone !== o.zone) return { reason: "zone-mismatch", message: `The subnet ${bt(o.subnetId)} is in ${bt(s.Zone)}, not ${bt(o.zone)}.` };
  return placed(ctx, s);
}

/** The default VPC's subnet of a zone, made on first use (RunInstances without a VPC). */
export async function defaultVpcSubnet(ctx: AnyCtx, zone: string): Promise<PlacedSubnet | NetworkRefusal> {
  const s = await ensureDefaultSubnet(ctx, zone);
  if (!s) return { reason: "no-default-subnet", message: `The default VPC has no room for a default subnet in ${bt(zone)}.` };
  return placed(ctx, s);
}

/** Whether `ips` can be taken from the subnet and `extra` more fit; null when they can. */
export async function checkPrivateIps(ctx: AnyCtx, subnetId: string, ips: readonly string[], extra = 0): Promise<IpRefusal | null> {
  const s = await subnets(ctx).get(subnetId);
  if (!s) return { reason: "subnet-full", message: `The subnet ${bt(subnetId)} does not exist.` };
  return checkAddresses(ctx, s, ips, extra);
}

/**
 * Takes a private address (the given one, or the lowest free) for a resource of another product; it counts in
 * DescribeSubnetResourceDashboard under `holder.type` ("MongoDB", …) and keeps the subnet from deletion.
 */
export async function takePrivateIp(ctx: AnyCtx, o: { subnetId: string; ip?: string; holder: { type: string; id: string; service: ProductName } }): Promise<string | IpRefusal> {
  const s = await subnets(ctx).get(o.subnetId);
  if (!s) return { reason: "subnet-full", message: `The subnet ${bt(o.subnetId)} does not exist.` };
  const problem = await checkAddresses(ctx, s, o.ip ? [o.ip] : [], o.ip ? 0 : 1);
  if (problem) return problem;
  return (await takeIp(ctx, s, o.holder, o.ip))!;
}

/** Gives a private address back to its subnet. */
export async function releasePrivateIp(ctx: AnyCtx, o: { vpcId: string; ip: string }): Promise<void> {
  await releaseIp(ctx, o.vpcId, o.ip);
}

/** Every group exists in this account and region, at most 5. */
export async function checkSecurityGroups(ctx: AnyCtx, ids: readonly string[]): Promise<NetworkRefusal | null> {
  if (ids.length > SG_LIMITS.InstanceSecurityGroupLimit) {
    return { reason: "too-many-security-groups", message: `A resource can be in at most ${SG_LIMITS.InstanceSecurityGroupLimit} security groups.` };
  }
  for (const id of ids) {
    if (!/^sg-[a-z0-9]{8}$/.test(id)) return { reason: "security-group-malformed", message: `The security group id ${bt(id)} is malformed.` };
    if (!(await securityGroups(ctx).has(id))) return { reason: "security-group-not-found", message: `The security group ${bt(id)} does not exist.` };
  }
  return null;
}

/** Puts another product's resource in exactly these groups (association statistics count it; the groups cannot be deleted). */
export async function bindSecurityGroups(ctx: AnyCtx, holder: { type: string; id: string }, ids: readonly string[]): Promise<void> {
  await unbindSecurityGroups(ctx, holder.id);
  for (const id of new Set(ids)) await sgBindings(ctx).insert(`${id}/${holder.id}`, { SecurityGroupId: id, type: holder.type, id: holder.id }, id);
}

export async function unbindSecurityGroups(ctx: AnyCtx, holderId: string): Promise<void> {
  for (const b of await sgBindings(ctx).all()) if (b.id === holderId) await sgBindings(ctx).delete(`${b.SecurityGroupId}/${b.id}`);
}

export async function securityGroupsOf(ctx: AnyCtx, holderId: string): Promise<string[]> {
  return (await sgBindings(ctx).all()).filter((b) => b.id === holderId).map((b) => b.SecurityGroupId);
}

/** A rule of a security group as another product shows it (MongoDB's DescribeSecurityGroup). */
export interface GroupRule {
  /** TCP, UDP, ICMP, ICMPV6, GRE or ALL; empty with a service template. */
  Protocol: string;
  /** ALL, a port, a range a-b or a list; empty with a service template. */
  Port: string;
  CidrBlock: string;
  Ipv6CidrBlock: string;
  /** The group the rule names as its peer, or empty. */
  SecurityGroupId: string;
  /** The address template (or group) id the rule names, or empty. */
  AddressTemplate: string;
  /** The service template (or group) id the rule names, or empty. */
  ServiceTemplate: string;
  /** ACCEPT or DROP. */
  Action: string;
  PolicyDescription: string;
}

/** A security group as another product shows it: what DescribeSecurityGroups answers, and its rules in order. */
export interface GroupView {
  SecurityGroupId: string;
  SecurityGroupName: string;
  SecurityGroupDesc: string;
  ProjectId: string;
  /** `yyyy-mm-dd hh:mm:ss`, as DescribeSecurityGroups' CreatedTime. */
  CreatedTime: string;
  ingress: GroupRule[];
  egress: GroupRule[];
}

const ruleView = (p: PolicyDoc): GroupRule => ({
  Protocol: p.Protocol,
  Port: p.Port,
  CidrBlock: p.CidrBlock,
  Ipv6CidrBlock: p.Ipv6CidrBlock,
  SecurityGroupId: p.SecurityGroupId,
  AddressTemplate: p.AddressTemplate.AddressId || p.AddressTemplate.AddressGroupId,
  ServiceTemplate: p.ServiceTemplate.ServiceId || p.ServiceTemplate.ServiceGroupId,
  Action: p.Action,
  PolicyDescription: p.PolicyDescription,
});

/** The groups a resource of another product is bound to (`bindSecurityGroups`), in the order they were given. */
export async function boundSecurityGroups(ctx: AnyCtx, holderId: string): Promise<GroupView[]> {
  const out: GroupView[] = [];
  for (const id of await securityGroupsOf(ctx, holderId)) {
    const g = await securityGroups(ctx).get(id);
    if (!g) continue;
    out.push({
      SecurityGroupId: g.SecurityGroupId,
      SecurityGroupName: g.SecurityGroupName,
      SecurityGroupDesc: g.SecurityGroupDesc,
      ProjectId: g.ProjectId,
      CreatedTime: dateTime(g.createdAt),
      ingress: g.ingress.map(ruleView),
      egress: g.egress.map(ruleView),
    });
  }
  return out;
}

/** The project's default security group, made on first use. */
export async function defaultSecurityGroup(ctx: AnyCtx): Promise<string> {
  return (await ensureDefaultGroup(ctx)).SecurityGroupId;
}

/** An instance's network as CVM shows it: its primary interface, addresses and groups. */
export interface InstanceNetwork {
  NetworkInterfaceId: string;
  VpcId: string;
  SubnetId: string;
  MacAddress: string;
  PrivateIpAddresses: string[];
  PublicIpAddresses: string[];
  SecurityGroupIds: string[];
  /** The address on the primary private IP: an EIP or the normal public IP. */
  publicAddress: { AddressId: string; AddressIp: string; elastic: boolean; Bandwidth: number } | null;
  /** Network interfaces attached to the instance, the primary one included. */
  eniCount: number;
}

function networkOf(primary: EniDoc, count: number, bound: readonly AddressDoc[]): InstanceNetwork {
  const primaryIp = primary.ips.find((x) => x.primary)!.ip;
  const pub = bound.find((a) => a.PrivateAddressIp === primaryIp) ?? null;
  return {
    NetworkInterfaceId: primary.NetworkInterfaceId,
    VpcId: primary.VpcId,
    SubnetId: primary.SubnetId,
    MacAddress: primary.MacAddress,
    PrivateIpAddresses: [primaryIp, ...primary.ips.filter((x) => !x.primary).map((x) => x.ip)],
    PublicIpAddresses: bound.map((a) => a.AddressIp),
    SecurityGroupIds: [...primary.GroupSet],
    publicAddress: pub ? { AddressId: pub.AddressId, AddressIp: pub.AddressIp, elastic: isElastic(pub), Bandwidth: pub.Bandwidth } : null,
    eniCount: count,
  };
}

export async function instanceNetwork(ctx: AnyCtx, instanceId: string): Promise<InstanceNetwork | undefined> {
  const attached = await enis(ctx).all(instanceId);
  const primary = attached.find((e) => e.Primary);
  if (!primary) return undefined;
  return networkOf(primary, attached.length, await addresses(ctx).all(primary.NetworkInterfaceId));
}

/** Every instance's network in the region (one read of interfaces and addresses), keyed by instance id. */
export async function instanceNetworks(ctx: AnyCtx): Promise<Map<string, InstanceNetwork>> {
  const all = await enis(ctx).all();
  const bound = await addresses(ctx).all();
  const counts = new Map<string, number>();
  for (const e of all) if (e.attachment) counts.set(e.attachment.InstanceId, (counts.get(e.attachment.InstanceId) ?? 0) + 1);
  const out = new Map<string, InstanceNetwork>();
  for (const e of all) {
    if (!e.Primary || !e.attachment) continue;
    out.set(e.attachment.InstanceId, networkOf(e, counts.get(e.attachment.InstanceId) ?? 1, bound.filter((a) => a.NetworkInterfaceId === e.NetworkInterfaceId)));
  }
  return out;
}

/**
 * Places a new instance: a primary interface in the subnet with the given (already checked) or the lowest free
 * address, in the given groups, and a normal public IP when it buys bandwidth.
 */
export async function attachInstanceNetwork(
  ctx: AnyCtx,
  o: { instanceId: string; subnetId: string; ip?: string; securityGroupIds: readonly string[]; bandwidth: number; chargeType: string },
): Promise<InstanceNetwork | IpRefusal> {
  const s = await subnets(ctx).get(o.subnetId);
  if (!s) return { reason: "subnet-full", message: `The subnet ${bt(o.subnetId)} does not exist.` };
  const problem = await checkAddresses(ctx, s, o.ip ? [o.ip] : [], o.ip ? 0 : 1);
  if (problem) return problem;
  const id = await newEniId(ctx);
  const holder: IpHolder = { type: "CVM", id: o.instanceId, service: "cvm", eniId: id };
  const ip = (await takeIp(ctx, s, holder, o.ip))!;
  const now = ctx.now();
  const eni: EniDoc = {
    NetworkInterfaceId: id, NetworkInterfaceName: "", NetworkInterfaceDescription: "", SubnetId: s.SubnetId, VpcId: s.VpcId, Zone: s.Zone,
    GroupSet: [...o.securityGroupIds], Primary: true, MacAddress: newMac(), ips: [{ ip, primary: true, description: "", QosLevel: "DEFAULT" }],
    attachment: { InstanceId: o.instanceId, DeviceIndex: 0, AttachTime: now }, QosLevel: "DEFAULT", createdAt: now, Tags: [],
  };
  await saveEni(ctx, eni);
  if (o.bandwidth > 0) await addWanIp(ctx, eni, o.bandwidth, o.chargeType);
  return (await instanceNetwork(ctx, o.instanceId))!;
}

/**
 * An instance is gone: its primary interface and address go back, its normal public IP is released, EIPs on it
 * become unbound, other interfaces are detached (and keep their addresses).
 */
export async function releaseInstanceNetwork(ctx: AnyCtx, instanceId: string): Promise<void> {
  for (const e of await enis(ctx).all(instanceId)) {
    if (e.Primary) await deleteEni(ctx, e);
    else {
      await saveEni(ctx, { ...e, attachment: null });
      for (const a of await addresses(ctx).all(e.NetworkInterfaceId)) await addresses(ctx).update(a.AddressId, { ...a, InstanceId: null }, e.NetworkInterfaceId);
    }
  }
}

/** The instance's groups (its primary interface's). */
export async function setInstanceSecurityGroups(ctx: AnyCtx, instanceId: string, ids: readonly string[]): Promise<void> {
  const primary = (await enis(ctx).all(instanceId)).find((e) => e.Primary);
  if (primary) await saveEni(ctx, { ...primary, GroupSet: [...ids] });
}

/** The normal public IP follows the instance's bandwidth: made at > 0, released at 0; an EIP's bandwidth is its own. */
export async function setInstancePublicBandwidth(ctx: AnyCtx, instanceId: string, bandwidth: number, chargeType: string): Promise<void> {
  const primary = (await enis(ctx).all(instanceId)).find((e) => e.Primary);
  if (!primary) return;
  const wan = (await addresses(ctx).all(primary.NetworkInterfaceId)).find((a) => !isElastic(a));
  if (wan && bandwidth === 0) await addresses(ctx).delete(wan.AddressId);
  else if (wan) await addresses(ctx).update(wan.AddressId, { ...wan, Bandwidth: bandwidth, InternetChargeType: chargeType }, primary.NetworkInterfaceId);
  else if (bandwidth > 0 && !(await addresses(ctx).all(primary.NetworkInterfaceId)).length) await addWanIp(ctx, primary, bandwidth, chargeType);
}

/** Moves an instance's primary interface to another subnet (ModifyInstancesVpcAttribute): a new address there. */
export async function moveInstanceNetwork(ctx: AnyCtx, instanceId: string, subnetId: string, ip?: string): Promise<IpRefusal | null> {
  const primary = (await enis(ctx).all(instanceId)).find((e) => e.Primary);
  const s = await subnets(ctx).get(subnetId);
  if (!primary || !s) return { reason: "subnet-full", message: `The subnet ${bt(subnetId)} does not exist.` };
  const problem = await checkAddresses(ctx, s, ip ? [ip] : [], ip ? 0 : 1);
  if (problem) return problem;
  for (const x of primary.ips) await releaseIp(ctx, primary.VpcId, x.ip);
  const taken = (await takeIp(ctx, s, { type: "CVM", id: instanceId, service: "cvm", eniId: primary.NetworkInterfaceId }, ip))!;
  const moved: EniDoc = { ...primary, SubnetId: s.SubnetId, VpcId: s.VpcId, Zone: s.Zone, ips: [{ ...primary.ips.find((x) => x.primary)!, ip: taken }] };
  await saveEni(ctx, moved);
  for (const a of await addresses(ctx).all(primary.NetworkInterfaceId)) await addresses(ctx).update(a.AddressId, { ...a, PrivateAddressIp: taken }, primary.NetworkInterfaceId);
  return null;
}
