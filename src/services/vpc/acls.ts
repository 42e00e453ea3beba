import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import type { Req, Res } from "../../platform/definition";
import { bt, checkId, checkIds, checkName, checkTags, dateTime, eq, filterBy, newId, paging, selectDocs, tagSet, type Ctx } from "./common";
import { limit } from "./limits";
import { networkAcls, presentQuintuple, presentTriple, quintupleRule, tripleRule, type AclRule, type NetworkAclDoc } from "./acl-model";
import { subnets } from "./network-model";
import { presentSubnet } from "./present";
import { loadSubnet } from "./subnets";
import { loadVpc } from "./vpcs";

async function loadAcl(ctx: Ctx, id: string, type?: "TRIPLE" | "QUINTUPLE"): Promise<NetworkAclDoc> {
  checkId(ctx, id, "acl", "NetworkAclId");
  const a = await networkAcls(ctx).get(id);
  if (!a) ctx.fail("ResourceNotFound", `The network ACL ${bt(id)} does not exist.`);
  if (type && a.NetworkAclType !== type) ctx.fail("InvalidParameter.AclTypeMismatch", `The network ACL ${bt(id)} is of type ${a.NetworkAclType}.`);
  ctx.touch(id);
  return a;
}

async function save(ctx: Ctx, a: NetworkAclDoc): Promise<void> {
  const max = { in: limit("network-acl-max-inbound-policies"), out: limit("network-acl-max-outbound-policies") };
  if (a.ingress.length > max.in) ctx.fail("LimitExceeded", `A network ACL takes at most ${max.in} inbound rules.`);
  if (a.egress.length > max.out) ctx.fail("LimitExceeded", `A network ACL takes at most ${max.out} outbound rules.`);
  await networkAcls(ctx).update(a.NetworkAclId, a, a.VpcId);
}

async function present(ctx: Ctx, a: NetworkAclDoc): Promise<m.NetworkAcl> {
  const subs: m.Subnet[] = [];
  for (const s of (await subnets(ctx).all(a.VpcId)).filter((x) => x.NetworkAclId === a.NetworkAclId)) subs.push(await presentSubnet(ctx, s));
  const triple = a.NetworkAclType === "TRIPLE";
  return {
    VpcId: a.VpcId,
    NetworkAclId: a.NetworkAclId,
    NetworkAclName: a.NetworkAclName,
    CreatedTime: dateTime(a.createdAt),
    SubnetSet: subs,
    IngressEntries: triple ? a.ingress.map(presentTriple) : [],
    EgressEntries: triple ? a.egress.map(presentTriple) : [],
    NetworkAclType: a.NetworkAclType,
    TagSet: tagSet(a.Tags),
  };
}

export async function createNetworkAcl(ctx: Ctx, req: Req<m.CreateNetworkAclRequest>): Promise<Res<m.CreateNetworkAclResponse>> {
  const vpc = await loadVpc(ctx, req.VpcId);
  checkName(ctx, req.NetworkAclName, "NetworkAclName");
  const type = req.NetworkAclType ?? "TRIPLE";
  if (type !== "TRIPLE" && type !== "QUINTUPLE") ctx.fail("InvalidParameterValue", `The value ${bt(type)} of \`NetworkAclType\` is not TRIPLE or QUINTUPLE.`);
  const tags = checkTags(ctx, req.Tags);
  const col = networkAcls(ctx);
  if ((await col.count(vpc.VpcId)) >= limit("vpc-max-network-acls")) ctx.fail("LimitExceeded", `A VPC takes at most ${limit("vpc-max-network-acls")} network ACLs.`);
  const id = await newId(col, "acl");
  const doc = await col.insert(
    id,
    { NetworkAclId: id, VpcId: vpc.VpcId, NetworkAclName: req.NetworkAclName, NetworkAclType: type, ingress: [], egress: [], createdAt: ctx.now(), Tags: tags },
    vpc.VpcId,
  );
  ctx.touch(id);
  return { NetworkAcl: await present(ctx, doc) };
}

export async function deleteNetworkAcl(ctx: Ctx, req: Req<m.DeleteNetworkAclRequest>): Promise<Res<m.DeleteNetworkAclResponse>> {
  const a = await loadAcl(ctx, req.NetworkAclId);
  const bound = (await subnets(ctx).all(a.VpcId)).filter((s) => s.NetworkAclId === a.NetworkAclId);
  if (bound.length) ctx.fail("ResourceInUse", `The network ACL ${bt(a.NetworkAclId)} is associated with ${bound.length} subnets: disassociate them first.`);
  await networkAcls(ctx).delete(a.NetworkAclId);
  return {};
}

export async function describeNetworkAcls(ctx: Ctx, req: Req<m.DescribeNetworkAclsRequest>): Promise<Res<m.DescribeNetworkAclsResponse>> {
  const ids = checkIds(ctx, req.NetworkAclIds ?? [], "acl", "NetworkAclIds");
  const page = paging(ctx, req.Offset, req.Limit);
  const filter = filterBy<NetworkAclDoc>(ctx, req.Filters, {
    "vpc-id": (a, v) => eq(a.VpcId, v),
    "network-acl-id": (a, v) => eq(a.NetworkAclId, v),
    "network-acl-name": (a, v) => v.some((x) => a.NetworkAclName.includes(x)),
  }, (a) => a.Tags);
  let all = await selectDocs(ctx, networkAcls(ctx), ids, filter, Boolean(req.Filters?.length), "network ACL");
  if (req.OrderField) {
    const key = { NetworkAclId: (a: NetworkAclDoc) => a.NetworkAclId, NetworkAclName: (a: NetworkAclDoc) => a.NetworkAclName, CreatedTime: (a: NetworkAclDoc) => String(a.createdAt).padStart(15, "0"), ModifyTime: (a: NetworkAclDoc) => String(a.createdAt).padStart(15, "0") }[req.OrderField];
    if (!key) ctx.fail("InvalidParameterValue", `The value ${bt(req.OrderField)} of \`OrderField\` is not supported.`);
    all = [...all].sort((x, y) => key(x).localeCompare(key(y)) * (req.OrderDirection === "DESC" ? -1 : 1));
  }
  const set: m.NetworkAcl[] = [];
  for (const a of all.slice(page.offset, page.offset + page.limit)) set.push(await present(ctx, a));
  return { NetworkAclSet: set, TotalCount: all.length };
}

export async function modifyNetworkAclAttribute(ctx: Ctx, req: Req<m.ModifyNetworkAclAttributeRequest>): Promise<Res<m.ModifyNetworkAclAttributeResponse>> {
  const a = await loadAcl(ctx, req.NetworkAclId);
  checkName(ctx, req.NetworkAclName, "NetworkAclName");
  await save(ctx, { ...a, NetworkAclName: req.NetworkAclName });
  return {};
}

const triples = (ctx: Ctx, list: readonly m.NetworkAclEntry[] | undefined, where: string) => (list ?? []).map((e, i) => tripleRule(ctx, e, `${where}.${i}`));
const quintuples = (ctx: Ctx, list: readonly m.NetworkAclQuintupleEntry[] | undefined, where: string) => (list ?? []).map((e, i) => quintupleRule(ctx, e, `${where}.${i}`));

/** Replaces the rules of the directions given (ModifyNetworkAclEntries), triple or quintuple by the ACL's type. */
export async function modifyNetworkAclEntries(ctx: Ctx, req: Req<m.ModifyNetworkAclEntriesRequest>): Promise<Res<m.ModifyNetworkAclEntriesResponse>> {
  const a = await loadAcl(ctx, req.NetworkAclId);
  if (req.NetworkAclEntrySet && req.NetworkAclQuintupleSet) ctx.fail("InvalidParameter.Coexist", "`NetworkAclEntrySet` and `NetworkAclQuintupleSet` cannot both be given.");
  if (!req.NetworkAclEntrySet && !req.NetworkAclQuintupleSet) ctx.fail("MissingParameter", "One of `NetworkAclEntrySet` and `NetworkAclQuintupleSet` is required.");
  if (req.NetworkAclEntrySet && a.NetworkAclType !== "TRIPLE") ctx.fail("InvalidParameter.AclTypeMismatch", `The network ACL ${bt(a.NetworkAclId)} is QUINTUPLE.`);
  if (req.NetworkAclQuintupleSet && a.NetworkAclType !== "QUINTUPLE") ctx.fail("InvalidParameter.AclTypeMismatch", `The network ACL ${bt(a.NetworkAclId)} is TRIPLE.`);
  const set = req.NetworkAclEntrySet ?? req.NetworkAclQuintupleSet!;
  const make = req.NetworkAclEntrySet ? triples : quintuples;
  const next = { ...a };
  if (set.Ingress) next.ingress = make(ctx, set.Ingress as never, "Ingress");
  if (set.Egress) next.egress = make(ctx, set.Egress as never, "Egress");
  await save(ctx, next);
  return {};
}

export async function createNetworkAclEntries(ctx: Ctx, req: Req<m.CreateNetworkAclEntriesRequest>): Promise<Res<m.CreateNetworkAclEntriesResponse>> {
  const a = await loadAcl(ctx, req.NetworkAclId, "TRIPLE");
  const s = req.NetworkAclEntrySet;
  if (!s.Ingress?.length && !s.Egress?.length) ctx.fail("MissingParameter", "`NetworkAclEntrySet` must hold a rule.");
  await save(ctx, { ...a, ingress: [...a.ingress, ...triples(ctx, s.Ingress, "Ingress")], egress: [...a.egress, ...triples(ctx, s.Egress, "Egress")] });
  return {};
}

function removeById(ctx: Ctx, rules: AclRule[], ids: readonly string[]): AclRule[] {
  for (const id of ids) if (!rules.some((r) => r.id === id)) ctx.fail("ResourceNotFound", `The rule ${bt(id)} does not exist.`);
  return rules.filter((r) => !ids.includes(r.id));
}

export async function deleteNetworkAclEntries(ctx: Ctx, req: Req<m.DeleteNetworkAclEntriesRequest>): Promise<Res<m.DeleteNetworkAclEntriesResponse>> {
  const a = await loadAcl(ctx, req.NetworkAclId, "TRIPLE");
  const ids = (list?: m.NetworkAclEntry[]) => (list ?? []).map((e) => e.NetworkAclIpv4EntryId || e.NetworkAclIpv6EntryId || "").filter((x) => x);
  const s = req.NetworkAclEntrySet ?? {};
  if (!ids(s.Ingress).length && !ids(s.Egress).length) ctx.fail("MissingParameter", "Give the NetworkAclIpv4EntryId of each rule to delete.");
  await save(ctx, { ...a, ingress: removeById(ctx, a.ingress, ids(s.Ingress)), egress: removeById(ctx, a.egress, ids(s.Egress)) });
  return {};
}

export async function createNetworkAclQuintupleEntries(ctx: Ctx, req: Req<m.CreateNetworkAclQuintupleEntriesRequest>): Promise<Res<m.CreateNetworkAclQuintupleEntriesResponse>> {
  const a = await loadAcl(ctx, req.NetworkAclId, "QUINTUPLE");
  const s = req.NetworkAclQuintupleSet;
  if (!s.Ingress?.length && !s.Egress?.length) ctx.fail("MissingParameter", "`NetworkAclQuintupleSet` must hold a rule.");
  const fresh = (list?: m.NetworkAclQuintupleEntry[]) => (list ?? []).map((e) => ({ ...e, NetworkAclQuintupleEntryId: undefined }));
  await save(ctx, { ...a, ingress: [...a.ingress, ...quintuples(ctx, fresh(s.Ingress), "Ingress")], egress: [...a.egress, ...quintuples(ctx, fresh(s.Egress), "Egress")] });
  return {};
}

export async function deleteNetworkAclQuintupleEntries(ctx: Ctx, req: Req<m.DeleteNetworkAclQuintupleEntriesRequest>): Promise<Res<m.DeleteNetworkAclQuintupleEntriesResponse>> {
  const a = await loadAcl(ctx, req.NetworkAclId, "QUINTUPLE");
  const ids = (list?: m.NetworkAclQuintupleEntry[]) => (list ?? []).map((e) => e.NetworkAclQuintupleEntryId ?? "").filter((x) => x);
  const s = req.NetworkAclQuintupleSet;
  if (!ids(s.Ingress).length && !ids(s.Egress).length) ctx.fail("MissingParameter", "Give the NetworkAclQuintupleEntryId of each rule to delete.");
  await save(ctx, { ...a, ingress: removeById(ctx, a.ingress, ids(s.Ingress)), egress: removeById(ctx, a.egress, ids(s.Egress)) });
  return {};
}

/** Rules named by id are changed in place. */
export async function modifyNetworkAclQuintupleEntries(ctx: Ctx, req: Req<m.ModifyNetworkAclQuintupleEntriesRequest>): Promise<Res<m.ModifyNetworkAclQuintupleEntriesResponse>> {
  const a = await loadAcl(ctx, req.NetworkAclId, "QUINTUPLE");
  const apply = (rules: AclRule[], list: m.NetworkAclQuintupleEntry[] | undefined, where: string) => {
    const out = [...rules];
    for (const [i, e] of (list ?? []).entries()) {
      if (!e.NetworkAclQuintupleEntryId) ctx.fail("MissingParameter", `${where}.${i}.NetworkAclQuintupleEntryId is required.`);
      const at = out.findIndex((r) => r.id === e.NetworkAclQuintupleEntryId);
      if (at < 0) ctx.fail("ResourceNotFound", `The rule ${bt(e.NetworkAclQuintupleEntryId)} does not exist.`);
      out[at] = quintupleRule(ctx, e, `${where}.${i}`);
    }
    return out;
  };
  const s = req.NetworkAclQuintupleSet;
  await save(ctx, { ...a, ingress: apply(a.ingress, s.Ingress, "Ingress"), egress: apply(a.egress, s.Egress, "Egress") });
  return {};
}

export async function describeNetworkAclQuintupleEntries(ctx: Ctx, req: Req<m.DescribeNetworkAclQuintupleEntriesRequest>): Promise<Res<m.DescribeNetworkAclQuintupleEntriesResponse>> {
  const a = await loadAcl(ctx, req.NetworkAclId, "QUINTUPLE");
  const page = paging(ctx, req.Offset, req.Limit);
  const rows = [...a.ingress.map((r, i) => presentQuintuple(r, i, "INGRESS")), ...a.egress.map((r, i) => presentQuintuple(r, i, "EGRESS"))];
  const filter = filterBy<m.NetworkAclQuintupleEntry>(ctx, req.Filters, {
    protocol: (r, v) => eq(r.Protocol, v),
    description: (r, v) => eq(r.Description, v),
    "destination-cidr": (r, v) => eq(r.DestinationCidr, v),
    "source-cidr": (r, v) => eq(r.SourceCidr, v),
    action: (r, v) => eq(r.Action, v),
    "network-acl-quintuple-entry-id": (r, v) => eq(r.NetworkAclQuintupleEntryId, v),
    "network-acl-direction": (r, v) => eq(r.NetworkAclDirection, v),
  });
  const all = rows.filter(filter);
  return { NetworkAclQuintupleSet: all.slice(page.offset, page.offset + page.limit), TotalCount: all.length };
}

async function setSubnets(ctx: Ctx, aclId: string, subnetIds: readonly string[], associate: boolean): Promise<void> {
  const a = await loadAcl(ctx, aclId);
  const ids = checkIds(ctx, subnetIds, "subnet", "SubnetIds");
  if (!ids.length) ctx.fail("MissingParameter", "The request is missing a required parameter `SubnetIds`.");
  const subs = [];
  for (const id of ids) {
    const s = await loadSubnet(ctx, id, "SubnetIds");
    if (s.VpcId !== a.VpcId) ctx.fail("UnsupportedOperation.VpcMismatch", `The subnet ${bt(id)} is not in the VPC ${bt(a.VpcId)} of the network ACL.`);
    if (!associate && s.NetworkAclId !== a.NetworkAclId) ctx.fail("ResourceNotFound", `The subnet ${bt(id)} is not associated with ${bt(a.NetworkAclId)}.`);
    subs.push(s);
  }
  for (const s of subs) await subnets(ctx).update(s.SubnetId, { ...s, NetworkAclId: associate ? a.NetworkAclId : "" }, s.VpcId);
}

export async function associateNetworkAclSubnets(ctx: Ctx, req: Req<m.AssociateNetworkAclSubnetsRequest>): Promise<Res<m.AssociateNetworkAclSubnetsResponse>> {
  await setSubnets(ctx, req.NetworkAclId, req.SubnetIds, true);
  return {};
}

export async function disassociateNetworkAclSubnets(ctx: Ctx, req: Req<m.DisassociateNetworkAclSubnetsRequest>): Promise<Res<m.DisassociateNetworkAclSubnetsResponse>> {
  await setSubnets(ctx, req.NetworkAclId, req.SubnetIds, false);
  return {};
}
