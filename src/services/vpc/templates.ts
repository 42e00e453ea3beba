import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import type { Req, Res } from "../../platform/definition";
import { bt, checkTags, dateTime, eq, filterBy, newId, paging, recordVpcTask, tagSet, type Ctx, type Tag } from "./common";
import { securityGroups } from "./sg-model";
import {
  addressOk, kindOfId, memberKind, serviceOk, TEMPLATE_MEMBER_LIMIT, TEMPLATE_PREFIX, templates, type TemplateDoc, type TemplateKind, type TemplateMember,
} from "./template-model";

const LABEL: Record<TemplateKind, string> = { address: "IP address template", "address-group": "IP address template group", service: "service template", "service-group": "service template group" };

async function load(ctx: Ctx, kind: TemplateKind, id: string): Promise<TemplateDoc> {
  if (kindOfId(id) !== kind) ctx.fail("InvalidParameterValue.Malformed", `The ${LABEL[kind]} id ${bt(id)} is malformed.`);
  const t = await templates(ctx, kind).get(id);
  if (!t) ctx.fail("ResourceNotFound", `The ${LABEL[kind]} ${bt(id)} does not exist.`);
  ctx.touch(id);
  return t;
}

function checkName(ctx: Ctx, name: string | undefined, member: string): void {
  if (name === undefined) return;
  if (!name.trim()) ctx.fail("InvalidParameterValue.Empty", `${bt(member)} cannot be empty.`);
  if (name.length > 60) ctx.fail("InvalidParameterValue.TooLong", `${bt(member)} must be at most 60 characters.`);
}

/** Members as given (plain or with descriptions), checked for the template's kind, unique, within the limit. */
async function checkMembers(ctx: Ctx, kind: TemplateKind, plain: readonly string[] | undefined, extra: readonly { Member: string; Description?: string }[] | undefined, member: string): Promise<TemplateMember[]> {
  if (plain?.length && extra?.length) ctx.fail("InvalidParameter.Coexist", `${bt(member)} and its Extra form cannot both be given.`);
  const list = plain?.length ? plain.map((x) => ({ Member: x, Description: "" })) : (extra ?? []).map((x) => ({ Member: x.Member, Description: x.Description ?? "" }));
  if (!list.length) ctx.fail("InvalidParameterValue.Empty", `${bt(member)} holds no member.`);
  if (list.length > TEMPLATE_MEMBER_LIMIT) ctx.fail("LimitExceeded", `A template holds at most ${TEMPLATE_MEMBER_LIMIT} members.`);
  const seen = new Set<string>();
  const want = memberKind(kind);
  for (const x of list) {
    if (seen.has(x.Member)) ctx.fail("InvalidParameterValue.Duplicate", `The member ${bt(x.Member)} is repeated.`);
    seen.add(x.Member);
    if (want === "address" && kind === "address" && !addressOk(x.Member)) ctx.fail("InvalidParameterValue.Malformed", `The address ${bt(x.Member)} is not an IP, a CIDR block or a range.`);
    if (want === "service" && kind === "service" && !serviceOk(x.Member)) ctx.fail("InvalidParameterValue.Malformed", `The service ${bt(x.Member)} is not protocol:ports (tcp:80, udp:53-54, icmp…).`);
    if (kind === "address-group" || kind === "service-group") {
      const inner = kind === "address-group" ? "address" : "service";
      if (kindOfId(x.Member) !== inner) ctx.fail("InvalidParameterValue.Malformed", `The ${LABEL[inner]} id ${bt(x.Member)} is malformed.`);
      if (!(await templates(ctx, inner).has(x.Member))) ctx.fail("ResourceNotFound", `The ${LABEL[inner]} ${bt(x.Member)} does not exist.`);
    }
    if (x.Description.length > 100) ctx.fail("InvalidParameterValue.TooLong", "A member description is at most 100 characters.");
  }
  const now = ctx.now();
  return list.map((x) => ({ ...x, updatedAt: now }));
}

async function create(ctx: Ctx, kind: TemplateKind, name: string, members: TemplateMember[], tags: Tag[]): Promise<TemplateDoc> {
  const col = templates(ctx, kind);
  const id = await newId(col, TEMPLATE_PREFIX[kind]);
  const now = ctx.now();
  ctx.touch(id);
  return col.insert(id, { id, kind, name, members, createdAt: now, updatedAt: now, Tags: tags });
}

/** Who uses a template: groups holding it, security group rules naming it. */
async function users(ctx: Ctx, t: TemplateDoc): Promise<string[]> {
  const out: string[] = [];
  if (t.kind === "address" || t.kind === "service") {
    for (const g of await templates(ctx, t.kind === "address" ? "address-group" : "service-group").all()) if (g.members.some((x) => x.Member === t.id)) out.push(g.id);
  }
  for (const g of await securityGroups(ctx).all()) {
    const named = [...g.ingress, ...g.egress].some((p) => [p.AddressTemplate.AddressId, p.AddressTemplate.AddressGroupId, p.ServiceTemplate.ServiceId, p.ServiceTemplate.ServiceGroupId].includes(t.id));
    if (named) out.push(g.SecurityGroupId);
  }
  return out;
}

async function remove(ctx: Ctx, kind: TemplateKind, id: string): Promise<void> {
  const t = await load(ctx, kind, id);
  const u = await users(ctx, t);
  if (u.length) ctx.fail("ResourceInUse", `The ${LABEL[kind]} ${bt(id)} is used by ${u.join(", ")}.`);
  await templates(ctx, kind).delete(id);
  await recordVpcTask(ctx, [id]);
}

const ud = (t: TemplateDoc) => ({ CreatedTime: dateTime(t.createdAt), UpdatedTime: dateTime(t.updatedAt), TagSet: tagSet(t.Tags) });

function presentAddress(t: TemplateDoc): m.AddressTemplate {
  return {
    AddressTemplateName: t.name, AddressTemplateId: t.id, AddressSet: t.members.map((x) => x.Member),
    AddressExtraSet: t.members.map((x) => ({ Address: x.Member, Description: x.Description, UpdatedTime: dateTime(x.updatedAt) })), ...ud(t),
  };
}

function presentService(t: TemplateDoc): m.ServiceTemplate {
  return {
    ServiceTemplateId: t.id, ServiceTemplateName: t.name, ServiceSet: t.members.map((x) => x.Member),
    ServiceExtraSet: t.members.map((x) => ({ Service: x.Member, Description: x.Description, UpdatedTime: dateTime(x.updatedAt) })), ...ud(t),
  };
}

async function presentAddressGroup(ctx: Ctx, t: TemplateDoc): Promise<m.AddressTemplateGroup> {
  const items: m.AddressTemplateItem[] = [];
  for (const x of t.members) {
    const inner = await templates(ctx, "address").get(x.Member);
    items.push({ AddressTemplateId: x.Member, AddressTemplateName: inner?.name ?? "", From: "", To: "", Description: x.Description, UpdatedTime: dateTime(x.updatedAt) });
  }
  return { AddressTemplateGroupName: t.name, AddressTemplateGroupId: t.id, AddressTemplateIdSet: t.members.map((x) => x.Member), AddressTemplateSet: items, ...ud(t) };
}

async function presentServiceGroup(ctx: Ctx, t: TemplateDoc): Promise<m.ServiceTemplateGroup> {
  const items: m.ServiceTemplate[] = [];
  for (const x of t.members) {
    const inner = await templates(ctx, "service").get(x.Member);
    if (inner) items.push(presentService(inner));
  }
  return { ServiceTemplateGroupId: t.id, ServiceTemplateGroupName: t.name, ServiceTemplateIdSet: t.members.map((x) => x.Member), ServiceTemplateSet: items, ...ud(t) };
}

export async function createAddressTemplate(ctx: Ctx, req: Req<m.CreateAddressTemplateRequest>): Promise<Res<m.CreateAddressTemplateResponse>> {
  checkName(ctx, req.AddressTemplateName, "AddressTemplateName");
  const members = await checkMembers(ctx, "address", req.Addresses, req.AddressesExtra?.map((x) => ({ Member: x.Address, Description: x.Description })), "Addresses");
  return { AddressTemplate: presentAddress(await create(ctx, "address", req.AddressTemplateName, members, checkTags(ctx, req.Tags))) };
}

export async function createAddressTemplateGroup(ctx: Ctx, req: Req<m.CreateAddressTemplateGroupRequest>): Promise<Res<m.CreateAddressTemplateGroupResponse>> {
  checkName(ctx, req.AddressTemplateGroupName, "AddressTemplateGroupName");
  const members = await checkMembers(ctx, "address-group", req.AddressTemplateIds, undefined, "AddressTemplateIds");
  return { AddressTemplateGroup: await presentAddressGroup(ctx, await create(ctx, "address-group", req.AddressTemplateGroupName, members, checkTags(ctx, req.Tags))) };
}

export async function createServiceTemplate(ctx: Ctx, req: Req<m.CreateServiceTemplateRequest>): Promise<Res<m.CreateServiceTemplateResponse>> {
  checkName(ctx, req.ServiceTemplateName, "ServiceTemplateName");
  const members = await checkMembers(ctx, "service", req.Services, req.ServicesExtra?.map((x) => ({ Member: x.Service, Description: x.Description })), "Services");
  return { ServiceTemplate: presentService(await create(ctx, "service", req.ServiceTemplateName, members, checkTags(ctx, req.Tags))) };
}

export async function createServiceTemplateGroup(ctx: Ctx, req: Req<m.CreateServiceTemplateGroupRequest>): Promise<Res<m.CreateServiceTemplateGroupResponse>> {
  checkName(ctx, req.ServiceTemplateGroupName, "ServiceTemplateGroupName");
  const members = await checkMembers(ctx, "service-group", req.ServiceTemplateIds, undefined, "ServiceTemplateIds");
  return { ServiceTemplateGroup: await presentServiceGroup(ctx, await create(ctx, "service-group", req.ServiceTemplateGroupName, members, checkTags(ctx, req.Tags))) };
}

export const deleteAddressTemplate = async (ctx: Ctx, req: Req<m.DeleteAddressTemplateRequest>) => (await remove(ctx, "address", req.AddressTemplateId), {});
export const deleteAddressTemplateGroup = async (ctx: Ctx, req: Req<m.DeleteAddressTemplateGroupRequest>) => (await remove(ctx, "address-group", req.AddressTemplateGroupId), {});
export const deleteServiceTemplate = async (ctx: Ctx, req: Req<m.DeleteServiceTemplateRequest>) => (await remove(ctx, "service", req.ServiceTemplateId), {});
export const deleteServiceTemplateGroup = async (ctx: Ctx, req: Req<m.DeleteServiceTemplateGroupRequest>) => (await remove(ctx, "service-group", req.ServiceTemplateGroupId), {});

async function modify(ctx: Ctx, kind: TemplateKind, id: string, name: string | undefined, members: TemplateMember[] | null): Promise<void> {
  const t = await load(ctx, kind, id);
  checkName(ctx, name, "name");
  await templates(ctx, kind).update(id, { ...t, name: name ?? t.name, members: members ?? t.members, updatedAt: ctx.now() });
}

const given = <T>(list: readonly T[] | undefined) => (list?.length ? list : undefined);

export async function modifyAddressTemplateAttribute(ctx: Ctx, req: Req<m.ModifyAddressTemplateAttributeRequest>): Promise<Res<m.ModifyAddressTemplateAttributeResponse>> {
  const extra = req.AddressesExtra?.map((x) => ({ Member: x.Address, Description: x.Description }));
  const members = given(req.Addresses) || given(extra) ? await checkMembers(ctx, "address", req.Addresses, extra, "Addresses") : null;
  await modify(ctx, "address", req.AddressTemplateId, req.AddressTemplateName, members);
  return {};
}

export async function modifyAddressTemplateGroupAttribute(ctx: Ctx, req: Req<m.ModifyAddressTemplateGroupAttributeRequest>): Promise<Res<m.ModifyAddressTemplateGroupAttributeResponse>> {
  const members = given(req.AddressTemplateIds) ? await checkMembers(ctx, "address-group", req.AddressTemplateIds, undefined, "AddressTemplateIds") : null;
  await modify(ctx, "address-group", req.AddressTemplateGroupId, req.AddressTemplateGroupName, members);
  return {};
}

export async function modifyServiceTemplateAttribute(ctx: Ctx, req: Req<m.ModifyServiceTemplateAttributeRequest>): Promise<Res<m.ModifyServiceTemplateAttributeResponse>> {
  const extra = req.ServicesExtra?.map((x) => ({ Member: x.Service, Description: x.Description }));
  const members = given(req.Services) || given(extra) ? await checkMembers(ctx, "service", req.Services, extra, "Services") : null;
  await modify(ctx, "service", req.ServiceTemplateId, req.ServiceTemplateName, members);
  return {};
}

export async function modifyServiceTemplateGroupAttribute(ctx: Ctx, req: Req<m.ModifyServiceTemplateGroupAttributeRequest>): Promise<Res<m.ModifyServiceTemplateGroupAttributeResponse>> {
  const members = given(req.ServiceTemplateIds) ? await checkMembers(ctx, "service-group", req.ServiceTemplateIds, undefined, "ServiceTemplateIds") : null;
  await modify(ctx, "service-group", req.ServiceTemplateGroupId, req.ServiceTemplateGroupName, members);
  return {};
}

async function loadAny(ctx: Ctx, id: string): Promise<TemplateDoc> {
  const kind = kindOfId(id);
  if (!kind) ctx.fail("InvalidParameterValue.Malformed", `The template id ${bt(id)} is malformed.`);
  return load(ctx, kind, id);
}

export async function addTemplateMember(ctx: Ctx, req: Req<m.AddTemplateMemberRequest>): Promise<Res<m.AddTemplateMemberResponse>> {
  const t = await loadAny(ctx, req.TemplateId);
  const added = await checkMembers(ctx, t.kind, undefined, req.TemplateMember, "TemplateMember");
  for (const a of added) if (t.members.some((x) => x.Member === a.Member)) ctx.fail("InvalidParameterValue.Duplicate", `The template already holds ${bt(a.Member)}.`);
  if (t.members.length + added.length > TEMPLATE_MEMBER_LIMIT) ctx.fail("LimitExceeded", `A template holds at most ${TEMPLATE_MEMBER_LIMIT} members.`);
  await templates(ctx, t.kind).update(t.id, { ...t, members: [...t.members, ...added], updatedAt: ctx.now() });
  return {};
}

export async function deleteTemplateMember(ctx: Ctx, req: Req<m.DeleteTemplateMemberRequest>): Promise<Res<m.DeleteTemplateMemberResponse>> {
  const t = await loadAny(ctx, req.TemplateId);
  for (const x of req.TemplateMember) if (!t.members.some((y) => y.Member === x.Member)) ctx.fail("ResourceNotFound", `The template does not hold ${bt(x.Member)}.`);
  const rest = t.members.filter((y) => !req.TemplateMember.some((x) => x.Member === y.Member));
  if (!rest.length) ctx.fail("InvalidParameterValue", "A template keeps at least one member.");
  await templates(ctx, t.kind).update(t.id, { ...t, members: rest, updatedAt: ctx.now() });
  return {};
}

export async function modifyTemplateMember(ctx: Ctx, req: Req<m.ModifyTemplateMemberRequest>): Promise<Res<m.ModifyTemplateMemberResponse>> {
  const t = await loadAny(ctx, req.TemplateId);
  for (const x of req.OriginalTemplateMember) if (!t.members.some((y) => y.Member === x.Member)) ctx.fail("ResourceNotFound", `The template does not hold ${bt(x.Member)}.`);
  const rest = t.members.filter((y) => !req.OriginalTemplateMember.some((x) => x.Member === y.Member));
  const added = await checkMembers(ctx, t.kind, undefined, req.TemplateMember, "TemplateMember");
  for (const a of added) if (rest.some((x) => x.Member === a.Member)) ctx.fail("InvalidParameterValue.Duplicate", `The template already holds ${bt(a.Member)}.`);
  if (rest.length + added.length > TEMPLATE_MEMBER_LIMIT) ctx.fail("LimitExceeded", `A template holds at most ${TEMPLATE_MEMBER_LIMIT} members.`);
  await templates(ctx, t.kind).update(t.id, { ...t, members: [...rest, ...added], updatedAt: ctx.now() });
  return {};
}

async function list<T>(ctx: Ctx, kind: TemplateKind, req: { Filters?: m.Filter[]; Offset?: string; Limit?: string }, spec: Record<string, (t: TemplateDoc, v: readonly string[]) => boolean>, present: (t: TemplateDoc) => T | Promise<T>) {
  const page = paging(ctx, req.Offset, req.Limit);
  const filter = filterBy<TemplateDoc>(ctx, req.Filters, spec, (t) => t.Tags);
  const all = (await templates(ctx, kind).all()).filter(filter);
  const out: T[] = [];
  for (const t of all.slice(page.offset, page.offset + page.limit)) out.push(await present(t));
  return { total: all.length, out };
}

const byName = (t: TemplateDoc, v: readonly string[]) => v.some((x) => t.name.includes(x));
const byId = (t: TemplateDoc, v: readonly string[]) => eq(t.id, v);
const holds = (t: TemplateDoc, v: readonly string[]) => t.members.some((x) => v.includes(x.Member));

export async function describeAddressTemplates(ctx: Ctx, req: Req<m.DescribeAddressTemplatesRequest>): Promise<Res<m.DescribeAddressTemplatesResponse>> {
  const r = await list(ctx, "address", req, { "address-template-name": byName, "address-template-id": byId, "address-ip": holds }, presentAddress);
  return { TotalCount: r.total, AddressTemplateSet: r.out };
}

export async function describeAddressTemplateGroups(ctx: Ctx, req: Req<m.DescribeAddressTemplateGroupsRequest>): Promise<Res<m.DescribeAddressTemplateGroupsResponse>> {
  const r = await list(ctx, "address-group", req, { "address-template-group-name": byName, "address-template-group-id": byId, "address-template-id": holds }, (t) => presentAddressGroup(ctx, t));
  return { TotalCount: r.total, AddressTemplateGroupSet: r.out };
}

export async function describeServiceTemplates(ctx: Ctx, req: Req<m.DescribeServiceTemplatesRequest>): Promise<Res<m.DescribeServiceTemplatesResponse>> {
  const r = await list(ctx, "service", req, { "service-template-name": byName, "service-template-id": byId, "service-port": (t, v) => t.members.some((x) => v.some((p) => x.Member.includes(p))) }, presentService);
  return { TotalCount: r.total, ServiceTemplateSet: r.out };
}

export async function describeServiceTemplateGroups(ctx: Ctx, req: Req<m.DescribeServiceTemplateGroupsRequest>): Promise<Res<m.DescribeServiceTemplateGroupsResponse>> {
  const r = await list(ctx, "service-group", req, { "service-template-group-name": byName, "service-template-group-id": byId, "service-template-id": holds }, (t) => presentServiceGroup(ctx, t));
  return { TotalCount: r.total, ServiceTemplateGroupSet: r.out };
}

export function describeTemplateLimits(): Res<m.DescribeTemplateLimitsResponse> {
  const n = TEMPLATE_MEMBER_LIMIT;
  return { TemplateLimit: { AddressTemplateMemberLimit: n, AddressTemplateGroupMemberLimit: n, ServiceTemplateMemberLimit: n, ServiceTemplateGroupMemberLimit: n } };
}

/** The SDK's models of the four "…Instances" answers carry no members: the call checks the template exists. */
export const describeAddressTemplateInstances = async (ctx: Ctx, req: Req<m.DescribeAddressTemplateInstancesRequest>) => (paging(ctx, req.Offset, req.Limit), await load(ctx, "address", req.AddressTemplateId), {});
export const describeAddressTemplateGroupInstances = async (ctx: Ctx, req: Req<m.DescribeAddressTemplateGroupInstancesRequest>) => (paging(ctx, req.Offset, req.Limit), await load(ctx, "address-group", req.AddressTemplateGroupId), {});
export const describeServiceTemplateInstances = async (ctx: Ctx, req: Req<m.DescribeServiceTemplateInstancesRequest>) => (paging(ctx, req.Offset, req.Limit), await load(ctx, "service", req.ServiceTemplateId), {});
export const describeServiceTemplateGroupInstances = async (ctx: Ctx, req: Req<m.DescribeServiceTemplateGroupInstancesRequest>) => (paging(ctx, req.Offset, req.Limit), await load(ctx, "service-group", req.ServiceTemplateGroupId), {});
