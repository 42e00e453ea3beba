import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import type { Req, Res } from "../../platform/definition";
import { getInstance, type InstanceView } from "../cvm/for-products";
import { checkAddresses, type IpRefusal } from "./addressing";
import { bt, checkId, checkIds, checkName, checkTags, eq, filterBy, paging, recordVpcTask, selectDocs, type Ctx } from "./common";
import { eniLimits } from "./eni-limits";
import { deleteEni, enis, newEniId, newMac, presentEni, saveEni, ENIS_PER_VPC, IPS_PER_DETACHED_ENI, type EniDoc, type EniIp } from "./eni-model";
import { addresses } from "./address-model";
import { releaseIp, takeIp, type SubnetDoc } from "./network-model";
import { SG_LIMITS } from "./sg-model";
import { loadGroup } from "./security-groups";
import { loadSubnet } from "./subnets";
import { loadVpc } from "./vpcs";

const QOS = ["PT", "AU", "AG", "DEFAULT"];

export async function loadEni(ctx: Ctx, id: string, member = "NetworkInterfaceId"): Promise<EniDoc> {
  checkId(ctx, id, "eni", member);
  const e = await enis(ctx).get(id);
  if (!e) ctx.fail("ResourceNotFound", `The network interface ${bt(id)} does not exist.`);
  ctx.touch(id);
  return e;
}

function ipFail(ctx: Ctx, r: IpRefusal): never {
  switch (r.reason) {
    case "ip-in-use": return ctx.fail("ResourceInUse", r.message);
    case "ip-reserved": return ctx.fail("InvalidParameterValue.Reserved", r.message);
    case "ip-outside-subnet": return ctx.fail("InvalidParameterValue.Range", r.message);
    case "ip-duplicate": return ctx.fail("InvalidParameterValue.DuplicatePara", r.message);
    case "subnet-full": return ctx.fail("ResourceInsufficient.Subnet", r.message);
    default: return ctx.fail("InvalidParameterValue.Malformed", r.message);
  }
}

async function checkGroups(ctx: Ctx, ids: readonly string[] | undefined): Promise<string[]> {
  const list = checkIds(ctx, ids ?? [], "sg", "SecurityGroupIds");
  if (list.length > SG_LIMITS.InstanceSecurityGroupLimit) ctx.fail("LimitExceeded", `A network interface takes at most ${SG_LIMITS.InstanceSecurityGroupLimit} security groups.`);
  for (const id of list) await loadGroup(ctx, id, "SecurityGroupIds");
  return list;
}

function qos(ctx: Ctx, level: string | undefined): string {
  const q = level ?? "DEFAULT";
  if (!QOS.includes(q)) ctx.fail("InvalidParameterValue", `The value ${bt(q)} of \`QosLevel\` is not PT, AU, AG or DEFAULT.`);
  return q;
}

/** The addresses a new interface or an assignment asks for: the given ones (one primary at most) plus a count. */
async function takeAddresses(ctx: Ctx, s: SubnetDoc, eni: Pick<EniDoc, "NetworkInterfaceId">, specs: readonly m.PrivateIpAddressSpecification[], count: number, qosLevel: string, hasPrimary: boolean): Promise<EniIp[]> {
  if (count < 0) ctx.fail("InvalidParameterValue.Range", "`SecondaryPrivateIpAddressCount` cannot be negative.");
  const wanted = specs.map((x) => x.PrivateIpAddress ?? "").filter((x) => x);
  const problem = await checkAddresses(ctx, s, wanted, count + specs.filter((x) => !x.PrivateIpAddress).length);
  if (problem) ipFail(ctx, problem);
  const primaries = specs.filter((x) => x.Primary).length;
  if (primaries > 1 || (hasPrimary && primaries)) ctx.fail("InvalidParameterValue", "A network interface has one primary address.");
  const out: EniIp[] = [];
  const holder = { type: "ENI", id: eni.NetworkInterfaceId, service: "vpc" as const, eniId: eni.NetworkInterfaceId };
  for (const x of specs) {
    const ip = (await takeIp(ctx, s, holder, x.PrivateIpAddress || undefined))!;
    out.push({ ip, primary: Boolean(x.Primary), description: x.Description ?? "", QosLevel: x.QosLevel ?? qosLevel });
  }
  for (let i = 0; i < count; i++) out.push({ ip: (await takeIp(ctx, s, holder))!, primary: false, description: "", QosLevel: qosLevel });
  if (!hasPrimary && out.length && !out.some((x) => x.primary)) out[0].primary = true;
  return out;
}

async function instanceFor(ctx: Ctx, id: string): Promise<{ inst: InstanceView; primary: EniDoc }> {
  checkId(ctx, id, "ins", "InstanceId");
  const inst = await getInstance(ctx, id);
  const primary = inst ? (await enis(ctx).all(id)).find((e) => e.Primary) : undefined;
  if (!inst || !primary) ctx.fail("ResourceNotFound", `The instance ${bt(id)} does not exist.`);
  ctx.touch(id);
  return { inst, primary };
}

async function checkAttachable(ctx: Ctx, eni: EniDoc, instanceId: string): Promise<{ inst: InstanceView; deviceIndex: number }> {
  const { inst, primary } = await instanceFor(ctx, instanceId);
  if (primary.VpcId !== eni.VpcId) ctx.fail("UnsupportedOperation.VpcMismatch", `The instance ${bt(instanceId)} is in ${bt(primary.VpcId)}, the interface in ${bt(eni.VpcId)}.`);
  if (inst.Zone !== eni.Zone) ctx.fail("UnsupportedOperation.ZoneMismatch", `The instance ${bt(instanceId)} is in ${bt(inst.Zone)}, the interface in ${bt(eni.Zone)}.`);
  if (inst.InstanceState !== "RUNNING" && inst.InstanceState !== "STOPPED") ctx.fail("UnsupportedOperation.InvalidState", `The instance ${bt(instanceId)} is ${inst.InstanceState}.`);
  const attached = await enis(ctx).all(instanceId);
  const lim = eniLimits(inst.CPU, inst.Memory);
  if (attached.length >= lim.enis) ctx.fail("LimitExceeded", `The instance ${bt(instanceId)} takes at most ${lim.enis} network interfaces.`);
  if (eni.ips.length > lim.ipsPerEni) ctx.fail("LimitExceeded", `The interface holds ${eni.ips.length} addresses; the instance allows ${lim.ipsPerEni} per interface.`);
  const used = new Set(attached.map((e) => e.attachment!.DeviceIndex));
  let deviceIndex = 1;
  while (used.has(deviceIndex)) deviceIndex++;
  return { inst, deviceIndex };
}

async function create(ctx: Ctx, req: m.CreateNetworkInterfaceRequest | m.CreateAndAttachNetworkInterfaceRequest, instanceId?: string): Promise<EniDoc> {
  const vpc = await loadVpc(ctx, req.VpcId);
  checkName(ctx, req.NetworkInterfaceName, "NetworkInterfaceName");
  if ((req.NetworkInterfaceDescription ?? "").length > 60) ctx.fail("InvalidParameterValue.TooLong", "`NetworkInterfaceDescription` must be at most 60 characters.");
  if (req.IsRdma) ctx.fail("UnsupportedOperation", "RDMA network interfaces are not emulated.");
  const s = await loadSubnet(ctx, req.SubnetId);
  if (s.VpcId !== vpc.VpcId) ctx.fail("UnsupportedOperation.ResourceMismatch", `The subnet ${bt(s.SubnetId)} is not in ${bt(vpc.VpcId)}.`);
  const groups = await checkGroups(ctx, req.SecurityGroupIds);
  const tags = checkTags(ctx, req.Tags);
  const level = qos(ctx, req.QosLevel);
  const specs = req.PrivateIpAddresses ?? [];
  if (specs.length > 10) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 10 `PrivateIpAddresses` can be given.");
  const count = req.SecondaryPrivateIpAddressCount ?? 0;
  const total = (specs.length || 1) + count;
  if (total > IPS_PER_DETACHED_ENI) ctx.fail("LimitExceeded", `A network interface holds at most ${IPS_PER_DETACHED_ENI} addresses (eni-max-private-ips).`);
  if (!instanceId && (await enis(ctx).all()).filter((e) => e.VpcId === vpc.VpcId && !e.attachment).length >= ENIS_PER_VPC) {
    ctx.fail("LimitExceeded.NetworkInterfaceLimitExceeded", `The VPC ${bt(vpc.VpcId)} allows ${ENIS_PER_VPC} detached network interfaces (vpc-max-enis).`);
  }
  const id = await newEniId(ctx);
  const draft: EniDoc = {
    NetworkInterfaceId: id, NetworkInterfaceName: req.NetworkInterfaceName, NetworkInterfaceDescription: req.NetworkInterfaceDescription ?? "",
    SubnetId: s.SubnetId, VpcId: vpc.VpcId, Zone: s.Zone, GroupSet: groups, Primary: false, MacAddress: newMac(), ips: [], attachment: null,
    QosLevel: level, createdAt: ctx.now(), Tags: tags,
  };
  if (instanceId) {
    const { deviceIndex } = await checkAttachable(ctx, { ...draft, ips: specs.map(() => ({}) as EniIp) }, instanceId);
    draft.attachment = { InstanceId: instanceId, DeviceIndex: deviceIndex, AttachTime: ctx.now() };
  }
  draft.ips = await takeAddresses(ctx, s, draft, specs.length ? specs : [{ Primary: true }], count, level, false);
  await saveEni(ctx, draft);
  await recordVpcTask(ctx, [id]);
  ctx.touch(id);
  return draft;
}

export async function createNetworkInterface(ctx: Ctx, req: Req<m.CreateNetworkInterfaceRequest>): Promise<Res<m.CreateNetworkInterfaceResponse>> {
  return { NetworkInterface: await presentEni(ctx, await create(ctx, req)) };
}

export async function createAndAttachNetworkInterface(ctx: Ctx, req: Req<m.CreateAndAttachNetworkInterfaceRequest>): Promise<Res<m.CreateAndAttachNetworkInterfaceResponse>> {
  return { NetworkInterface: await presentEni(ctx, await create(ctx, req, req.InstanceId)) };
}

export async function deleteNetworkInterface(ctx: Ctx, req: Req<m.DeleteNetworkInterfaceRequest>): Promise<Res<m.DeleteNetworkInterfaceResponse>> {
  const e = await loadEni(ctx, req.NetworkInterfaceId);
  if (e.Primary) ctx.fail("UnsupportedOperation", `The network interface ${bt(e.NetworkInterfaceId)} is the primary interface of ${bt(e.attachment?.InstanceId ?? "")}.`);
  if (e.attachment) ctx.fail("ResourceInUse", `The network interface ${bt(e.NetworkInterfaceId)} is attached to ${bt(e.attachment.InstanceId)}: detach it first.`);
  await deleteEni(ctx, e);
  await recordVpcTask(ctx, [e.NetworkInterfaceId]);
  return {};
}

export async function describeNetworkInterfaces(ctx: Ctx, req: Req<m.DescribeNetworkInterfacesRequest>): Promise<Res<m.DescribeNetworkInterfacesResponse>> {
  const ids = checkIds(ctx, req.NetworkInterfaceIds ?? [], "eni", "NetworkInterfaceIds");
  const page = paging(ctx, req.Offset, req.Limit);
  const filter = filterBy<EniDoc>(ctx, req.Filters, {
    "vpc-id": (e, v) => eq(e.VpcId, v),
    "subnet-id": (e, v) => eq(e.SubnetId, v),
    "network-interface-id": (e, v) => eq(e.NetworkInterfaceId, v),
    "attachment.instance-id": (e, v) => eq(e.attachment?.InstanceId, v),
    "groups.security-group-id": (e, v) => e.GroupSet.some((g) => v.includes(g)),
    "network-interface-name": (e, v) => v.some((x) => e.NetworkInterfaceName.includes(x)),
    "network-interface-description": (e, v) => v.some((x) => e.NetworkInterfaceDescription.includes(x)),
    "address-ip": (e, v) => e.ips.some((x) => v.includes(x.ip)),
    "is-primary": (e, v) => v.some((x) => x.toLowerCase() === String(e.Primary)),
    "eni-type": (_e, v) => v.includes("0"),
    "eni-qos": (e, v) => eq(e.QosLevel, v),
    "address-ipv6": () => false,
  }, (e) => e.Tags);
  const all = await selectDocs(ctx, enis(ctx), ids, filter, Boolean(req.Filters?.length), "network interface");
  const set: m.NetworkInterface[] = [];
  for (const e of all.slice(page.offset, page.offset + page.limit)) set.push(await presentEni(ctx, e));
  return { NetworkInterfaceSet: set, TotalCount: all.length };
}

export async function modifyNetworkInterfaceAttribute(ctx: Ctx, req: Req<m.ModifyNetworkInterfaceAttributeRequest>): Promise<Res<m.ModifyNetworkInterfaceAttributeResponse>> {
  const e = await loadEni(ctx, req.NetworkInterfaceId);
  checkName(ctx, req.NetworkInterfaceName, "NetworkInterfaceName");
  if ((req.NetworkInterfaceDescription ?? "").length > 60) ctx.fail("InvalidParameterValue.TooLong", "`NetworkInterfaceDescription` must be at most 60 characters.");
  const groups = req.SecurityGroupIds !== undefined ? await checkGroups(ctx, req.SecurityGroupIds) : e.GroupSet;
  await saveEni(ctx, { ...e, NetworkInterfaceName: req.NetworkInterfaceName ?? e.NetworkInterfaceName, NetworkInterfaceDescription: req.NetworkInterfaceDescription ?? e.NetworkInterfaceDescription, GroupSet: groups });
  return {};
}

export async function attachNetworkInterface(ctx: Ctx, req: Req<m.AttachNetworkInterfaceRequest>): Promise<Res<m.AttachNetworkInterfaceResponse>> {
  const e = await loadEni(ctx, req.NetworkInterfaceId);
  if (e.attachment) ctx.fail("UnsupportedOperation.AttachmentAlreadyExists", `The network interface ${bt(e.NetworkInterfaceId)} is attached to ${bt(e.attachment.InstanceId)}.`);
  const { deviceIndex } = await checkAttachable(ctx, e, req.InstanceId);
  await saveEni(ctx, { ...e, attachment: { InstanceId: req.InstanceId, DeviceIndex: deviceIndex, AttachTime: ctx.now() } });
  await bindAddressesTo(ctx, e.NetworkInterfaceId, req.InstanceId);
  await recordVpcTask(ctx, [e.NetworkInterfaceId]);
  return {};
}

/** EIPs on an interface follow it to (or away from) its instance. */
async function bindAddressesTo(ctx: Ctx, eniId: string, instanceId: string | null): Promise<void> {
  for (const a of await addresses(ctx).all(eniId)) await addresses(ctx).update(a.AddressId, { ...a, InstanceId: instanceId }, eniId);
}

export async function detachNetworkInterface(ctx: Ctx, req: Req<m.DetachNetworkInterfaceRequest>): Promise<Res<m.DetachNetworkInterfaceResponse>> {
  const e = await loadEni(ctx, req.NetworkInterfaceId);
  checkId(ctx, req.InstanceId, "ins", "InstanceId");
  if (!e.attachment || e.attachment.InstanceId !== req.InstanceId) ctx.fail("UnsupportedOperation.InvalidState", `The network interface ${bt(e.NetworkInterfaceId)} is not attached to ${bt(req.InstanceId)}.`);
  if (e.Primary) ctx.fail("UnsupportedOperation", `The primary network interface of ${bt(req.InstanceId)} cannot be detached.`);
  await saveEni(ctx, { ...e, attachment: null });
  await bindAddressesTo(ctx, e.NetworkInterfaceId, null);
  await recordVpcTask(ctx, [e.NetworkInterfaceId]);
  return {};
}

async function ipLimit(ctx: Ctx, e: EniDoc): Promise<number> {
  if (!e.attachment) return IPS_PER_DETACHED_ENI;
  const inst = await getInstance(ctx, e.attachment.InstanceId);
  return inst ? eniLimits(inst.CPU, inst.Memory).ipsPerEni : IPS_PER_DETACHED_ENI;
}

export async function assignPrivateIpAddresses(ctx: Ctx, req: Req<m.AssignPrivateIpAddressesRequest>): Promise<Res<m.AssignPrivateIpAddressesResponse>> {
  const e = await loadEni(ctx, req.NetworkInterfaceId);
  const specs = req.PrivateIpAddresses ?? [];
  const count = req.SecondaryPrivateIpAddressCount ?? 0;
  if (!specs.length && !count) ctx.fail("MissingParameter", "One of `PrivateIpAddresses` and `SecondaryPrivateIpAddressCount` is required.");
  const max = await ipLimit(ctx, e);
  if (e.ips.length + specs.length + count > max) ctx.fail("LimitExceeded", `The network interface takes at most ${max} addresses; it has ${e.ips.length}.`);
  const s = await loadSubnet(ctx, e.SubnetId);
  const added = await takeAddresses(ctx, s, e, specs.map((x) => ({ ...x, Primary: false })), count, qos(ctx, req.QosLevel), true);
  const next = { ...e, ips: [...e.ips, ...added] };
  await saveEni(ctx, next);
  await recordVpcTask(ctx, [e.NetworkInterfaceId]);
  const shown = await presentEni(ctx, next);
  return { PrivateIpAddressSet: shown.PrivateIpAddressSet!.filter((x) => added.some((a) => a.ip === x.PrivateIpAddress)) };
}

export async function unassignPrivateIpAddresses(ctx: Ctx, req: Req<m.UnassignPrivateIpAddressesRequest>): Promise<Res<m.UnassignPrivateIpAddressesResponse>> {
  const e = await loadEni(ctx, req.NetworkInterfaceId);
  if (req.InstanceId && e.attachment?.InstanceId !== req.InstanceId) ctx.fail("UnsupportedOperation.AttachmentNotFound", `The interface is not attached to ${bt(req.InstanceId)}.`);
  const gone = req.PrivateIpAddresses.map((x) => x.PrivateIpAddress ?? "");
  for (const ip of gone) {
    const at = e.ips.find((x) => x.ip === ip);
    if (!at) ctx.fail("ResourceNotFound", `The address ${bt(ip)} is not on ${bt(e.NetworkInterfaceId)}.`);
    if (at.primary) ctx.fail("UnsupportedOperation", `The primary address ${bt(ip)} of an interface cannot be released.`);
  }
  for (const ip of gone) await releaseIp(ctx, e.VpcId, ip);
  for (const a of await addresses(ctx).all(e.NetworkInterfaceId)) {
    if (a.PrivateAddressIp && gone.includes(a.PrivateAddressIp)) await addresses(ctx).update(a.AddressId, { ...a, InstanceId: null, NetworkInterfaceId: null, PrivateAddressIp: null }, null);
  }
  await saveEni(ctx, { ...e, ips: e.ips.filter((x) => !gone.includes(x.ip)) });
  await recordVpcTask(ctx, [e.NetworkInterfaceId]);
  return {};
}

export async function modifyPrivateIpAddressesAttribute(ctx: Ctx, req: Req<m.ModifyPrivateIpAddressesAttributeRequest>): Promise<Res<m.ModifyPrivateIpAddressesAttributeResponse>> {
  const e = await loadEni(ctx, req.NetworkInterfaceId);
  const ips = e.ips.map((x) => ({ ...x }));
  for (const p of req.PrivateIpAddresses) {
    const at = ips.find((x) => x.ip === p.PrivateIpAddress);
    if (!at) ctx.fail("ResourceNotFound", `The address ${bt(p.PrivateIpAddress ?? "")} is not on ${bt(e.NetworkInterfaceId)}.`);
    if ((p.Description ?? "").length > 25) ctx.fail("InvalidParameterValue.TooLong", "An address description is at most 25 characters.");
    at.description = p.Description ?? at.description;
  }
  await saveEni(ctx, { ...e, ips });
  return {};
}

export async function migrateNetworkInterface(ctx: Ctx, req: Req<m.MigrateNetworkInterfaceRequest>): Promise<Res<m.MigrateNetworkInterfaceResponse>> {
  const e = await loadEni(ctx, req.NetworkInterfaceId);
  if (e.attachment?.InstanceId !== req.SourceInstanceId) ctx.fail("UnsupportedOperation.AttachmentNotFound", `The interface is not attached to ${bt(req.SourceInstanceId)}.`);
  if (e.Primary) ctx.fail("UnsupportedOperation", "A primary network interface cannot move.");
  const { deviceIndex } = await checkAttachable(ctx, e, req.DestinationInstanceId);
  await saveEni(ctx, { ...e, attachment: { InstanceId: req.DestinationInstanceId, DeviceIndex: deviceIndex, AttachTime: ctx.now() } });
  await bindAddressesTo(ctx, e.NetworkInterfaceId, req.DestinationInstanceId);
  await recordVpcTask(ctx, [e.NetworkInterfaceId]);
  return {};
}

export async function migratePrivateIpAddress(ctx: Ctx, req: Req<m.MigratePrivateIpAddressRequest>): Promise<Res<m.MigratePrivateIpAddressResponse>> {
  const from = await loadEni(ctx, req.SourceNetworkInterfaceId, "SourceNetworkInterfaceId");
  const to = await loadEni(ctx, req.DestinationNetworkInterfaceId, "DestinationNetworkInterfaceId");
  const ip = from.ips.find((x) => x.ip === req.PrivateIpAddress);
  if (!ip) ctx.fail("ResourceNotFound", `The address ${bt(req.PrivateIpAddress)} is not on ${bt(from.NetworkInterfaceId)}.`);
  if (ip.primary) ctx.fail("UnsupportedOperation.PrimaryIp", `The primary address ${bt(ip.ip)} cannot move.`);
  if (from.SubnetId !== to.SubnetId) ctx.fail("UnsupportedOperation", "An address moves only between interfaces of the same subnet.");
  if (to.ips.length + 1 > (await ipLimit(ctx, to))) ctx.fail("LimitExceeded", `The interface ${bt(to.NetworkInterfaceId)} has no room for another address.`);
  await saveEni(ctx, { ...from, ips: from.ips.filter((x) => x !== ip) });
  const next = { ...to, ips: [...to.ips, { ...ip }] };
  await saveEni(ctx, next);
  for (const a of await addresses(ctx).all(from.NetworkInterfaceId)) {
    if (a.PrivateAddressIp === ip.ip) await addresses(ctx).update(a.AddressId, { ...a, NetworkInterfaceId: to.NetworkInterfaceId, InstanceId: to.attachment?.InstanceId ?? null }, to.NetworkInterfaceId);
  }
  await recordVpcTask(ctx, [from.NetworkInterfaceId, to.NetworkInterfaceId]);
  return {};
}

export async function describeNetworkInterfaceLimit(ctx: Ctx, req: Req<m.DescribeNetworkInterfaceLimitRequest>): Promise<Res<m.DescribeNetworkInterfaceLimitResponse>> {
  if (req.InstanceId.startsWith("eni-")) {
    const e = await loadEni(ctx, req.InstanceId, "InstanceId");
    return { EniQuantity: 0, EniPrivateIpAddressQuantity: await ipLimit(ctx, e), ExtendEniQuantity: 0, ExtendEniPrivateIpAddressQuantity: 0, SubEniQuantity: 0, SubEniPrivateIpAddressQuantity: 0 };
  }
  if (!/^ins-[a-z0-9]{8}$/.test(req.InstanceId)) ctx.fail("InvalidParameterValue.Malformed", `The instance id ${bt(req.InstanceId)} is malformed.`);
  const inst = await getInstance(ctx, req.InstanceId);
  if (!inst) ctx.fail("InvalidInstanceId.NotFound", `The instance ${bt(req.InstanceId)} does not exist.`);
  const lim = eniLimits(inst.CPU, inst.Memory);
  return { EniQuantity: lim.enis, EniPrivateIpAddressQuantity: lim.ipsPerEni, ExtendEniQuantity: 0, ExtendEniPrivateIpAddressQuantity: 0, SubEniQuantity: 0, SubEniPrivateIpAddressQuantity: 0 };
}

async function changeGroups(ctx: Ctx, eniIds: readonly string[], groupIds: readonly string[], add: boolean): Promise<void> {
  const ids = checkIds(ctx, eniIds, "eni", "NetworkInterfaceIds");
  const groups = checkIds(ctx, groupIds, "sg", "SecurityGroupIds");
  if (!ids.length || !groups.length) ctx.fail("MissingParameter", "`NetworkInterfaceIds` and `SecurityGroupIds` are required.");
  for (const g of groups) await loadGroup(ctx, g, "SecurityGroupIds");
  const list: EniDoc[] = [];
  for (const id of ids) list.push(await loadEni(ctx, id, "NetworkInterfaceIds"));
  for (const e of list) {
    const next = add ? [...new Set([...e.GroupSet, ...groups])] : e.GroupSet.filter((g) => !groups.includes(g));
    if (next.length > SG_LIMITS.InstanceSecurityGroupLimit) ctx.fail("LimitExceeded", `A network interface takes at most ${SG_LIMITS.InstanceSecurityGroupLimit} security groups.`);
    await saveEni(ctx, { ...e, GroupSet: next });
  }
}

export async function associateNetworkInterfaceSecurityGroups(ctx: Ctx, req: Req<m.AssociateNetworkInterfaceSecurityGroupsRequest>): Promise<Res<m.AssociateNetworkInterfaceSecurityGroupsResponse>> {
  await changeGroups(ctx, req.NetworkInterfaceIds, req.SecurityGroupIds, true);
  return {};
}

export async function disassociateNetworkInterfaceSecurityGroups(ctx: Ctx, req: Req<m.DisassociateNetworkInterfaceSecurityGroupsRequest>): Promise<Res<m.DisassociateNetworkInterfaceSecurityGroupsResponse>> {
  await changeGroups(ctx, req.NetworkInterfaceIds, req.SecurityGroupIds, false);
  return {};
}

export async function modifyNetworkInterfaceQos(ctx: Ctx, req: Req<m.ModifyNetworkInterfaceQosRequest>): Promise<Res<m.ModifyNetworkInterfaceQosResponse>> {
  const ids = checkIds(ctx, req.NetworkInterfaceIds, "eni", "NetworkInterfaceIds");
  if (!ids.length) ctx.fail("MissingParameter", "The request is missing a required parameter `NetworkInterfaceIds`.");
  const level = qos(ctx, req.QosLevel);
  if (req.DirectSendMaxPort !== undefined && (req.DirectSendMaxPort < 0 || req.DirectSendMaxPort > 65535)) ctx.fail("InvalidParameterValue", "`DirectSendMaxPort` is at most 65535.");
  const list: EniDoc[] = [];
  for (const id of ids) list.push(await loadEni(ctx, id, "NetworkInterfaceIds"));
  for (const e of list) await saveEni(ctx, { ...e, QosLevel: level, ips: e.ips.map((x) => ({ ...x, QosLevel: level })) });
  return {};
}
