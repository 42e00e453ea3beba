import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import type { Req, Res } from "../../platform/definition";
import { bt, checkId, checkIds, checkTags, eq, filterBy, paging, selectDocs, type Ctx } from "./common";
import { enis } from "./eni-model";
import {
  checkPolicy, createGroup, ensureDefaultGroup, presentGroup, referrers, securityGroups, sgBindings, SG_LIMITS, type PolicyDoc, type SecurityGroupDoc,
} from "./sg-model";

export async function loadGroup(ctx: Ctx, id: string, member = "SecurityGroupId"): Promise<SecurityGroupDoc> {
  checkId(ctx, id, "sg", member);
  const g = await securityGroups(ctx).get(id);
  if (!g) ctx.fail("ResourceNotFound", `The security group ${bt(id)} does not exist.`);
  ctx.touch(id);
  return g;
}

function checkNameDesc(ctx: Ctx, name: string | undefined, desc: string | undefined): void {
  if (name !== undefined) {
    if (!name.trim()) ctx.fail("InvalidParameterValue.Empty", "`GroupName` cannot be empty.");
    if (name.length > 60) ctx.fail("InvalidParameterValue.TooLong", "`GroupName` must be at most 60 characters.");
  }
  if (desc !== undefined && desc.length > 100) ctx.fail("InvalidParameterValue.TooLong", "`GroupDescription` must be at most 100 characters.");
}

function checkProject(ctx: Ctx, projectId: string | undefined): string {
  const p = projectId ?? "0";
  if (!/^\d+$/.test(p)) ctx.fail("InvalidParameterValue.Malformed", `The project id ${bt(p)} is not a number.`);
  return p;
}

async function checkQuota(ctx: Ctx): Promise<void> {
  if ((await securityGroups(ctx).count()) >= SG_LIMITS.SecurityGroupLimit) {
    ctx.fail("LimitExceeded", `The region allows ${SG_LIMITS.SecurityGroupLimit} security groups.`);
  }
}

/** Both directions of a SecurityGroupPolicySet, each at most the per-direction limit. */
export async function checkPolicySet(ctx: Ctx, set: m.SecurityGroupPolicySet | undefined): Promise<{ ingress: PolicyDoc[]; egress: PolicyDoc[] }> {
  const ingress: PolicyDoc[] = [];
  const egress: PolicyDoc[] = [];
  for (const [i, p] of (set?.Ingress ?? []).entries()) ingress.push(await checkPolicy(ctx, p, `SecurityGroupPolicySet.Ingress.${i}`));
  for (const [i, p] of (set?.Egress ?? []).entries()) egress.push(await checkPolicy(ctx, p, `SecurityGroupPolicySet.Egress.${i}`));
  const max = SG_LIMITS.SecurityGroupPolicyLimit;
  if (ingress.length > max || egress.length > max) ctx.fail("LimitExceeded.SecurityGroupPolicySet", `A security group takes at most ${max} rules per direction.`);
  return { ingress, egress };
}

export async function createSecurityGroup(ctx: Ctx, req: Req<m.CreateSecurityGroupRequest>): Promise<Res<m.CreateSecurityGroupResponse>> {
  checkNameDesc(ctx, req.GroupName, req.GroupDescription);
  const projectId = checkProject(ctx, req.ProjectId);
  const tags = checkTags(ctx, req.Tags);
  await checkQuota(ctx);
  const g = await createGroup(ctx, { name: req.GroupName, desc: req.GroupDescription, projectId, isDefault: false, tags });
  ctx.touch(g.SecurityGroupId);
  return { SecurityGroup: presentGroup(g) };
}

export async function createSecurityGroupWithPolicies(ctx: Ctx, req: Req<m.CreateSecurityGroupWithPoliciesRequest>): Promise<Res<m.CreateSecurityGroupWithPoliciesResponse>> {
  checkNameDesc(ctx, req.GroupName, req.GroupDescription);
  const projectId = checkProject(ctx, req.ProjectId);
  const tags = checkTags(ctx, req.Tags);
  const rules = await checkPolicySet(ctx, req.SecurityGroupPolicySet);
  await checkQuota(ctx);
  const g = await createGroup(ctx, { name: req.GroupName, desc: req.GroupDescription, projectId, isDefault: false, tags, ...rules });
  ctx.touch(g.SecurityGroupId);
  return { SecurityGroup: presentGroup(g) };
}

export async function createDefaultSecurityGroup(ctx: Ctx, req: Req<m.CreateDefaultSecurityGroupRequest>): Promise<Res<m.CreateDefaultSecurityGroupResponse>> {
  const projectId = checkProject(ctx, req.ProjectId);
  const exists = (await securityGroups(ctx).all()).some((g) => g.IsDefault && g.ProjectId === projectId);
  if (!exists) await checkQuota(ctx);
  const g = await ensureDefaultGroup(ctx, projectId);
  ctx.touch(g.SecurityGroupId);
  return { SecurityGroup: presentGroup(g) };
}

export async function cloneSecurityGroup(ctx: Ctx, req: Req<m.CloneSecurityGroupRequest>): Promise<Res<m.CloneSecurityGroupResponse>> {
  const source = await loadGroup(req.RemoteRegion && req.RemoteRegion !== ctx.region ? ctx.inRegion(req.RemoteRegion) : ctx, req.SecurityGroupId);
  const remote = Boolean(req.RemoteRegion && req.RemoteRegion !== ctx.region);
  if (remote && [...source.ingress, ...source.egress].some((p) => p.SecurityGroupId)) {
    ctx.fail("UnsupportedOperation.RemoteRegionSgHasReferencedSg", `The security group ${bt(source.SecurityGroupId)} has rules naming other groups: it cannot be cloned across regions.`);
  }
  checkNameDesc(ctx, req.GroupName, req.GroupDescription);
  const projectId = checkProject(ctx, req.ProjectId);
  const extra = checkTags(ctx, req.Tags);
  const tags = req.IsCloneTags ? [...source.Tags.filter((t) => !extra.some((x) => x.Key === t.Key)), ...extra] : extra;
  await checkQuota(ctx);
  const now = ctx.now();
  const g = await createGroup(ctx, {
    name: req.GroupName ?? source.SecurityGroupName,
    desc: req.GroupDescription ?? source.SecurityGroupDesc,
    projectId,
    isDefault: false,
    tags,
    ingress: source.ingress.map((p) => ({ ...p, modifiedAt: now })),
    egress: source.egress.map((p) => ({ ...p, modifiedAt: now })),
  });
  ctx.touch(g.SecurityGroupId);
  return { SecurityGroup: presentGroup(g) };
}

/** What keeps a group: instances and interfaces in it, another product's resources, another group's rules naming it. */
export async function groupUsers(ctx: Ctx, id: string): Promise<{ cvm: string[]; eni: string[]; others: { type: string; id: string }[]; referrers: string[] }> {
  const all = (await enis(ctx).all()).filter((e) => e.GroupSet.includes(id));
  return {
    cvm: all.filter((e) => e.Primary && e.attachment).map((e) => e.attachment!.InstanceId),
    eni: all.filter((e) => !e.Primary).map((e) => e.NetworkInterfaceId),
    others: (await sgBindings(ctx).all(id)).map((b) => ({ type: b.type, id: b.id })),
    referrers: await referrers(ctx, id),
  };
}

export async function deleteSecurityGroup(ctx: Ctx, req: Req<m.DeleteSecurityGroupRequest>): Promise<Res<m.DeleteSecurityGroupResponse>> {
  const g = await loadGroup(ctx, req.SecurityGroupId);
  const users = await groupUsers(ctx, g.SecurityGroupId);
  if (users.referrers.length) ctx.fail("ResourceInUse", `The security group ${bt(g.SecurityGroupId)} is referenced by the rules of ${users.referrers.join(", ")}.`);
  const holders = [...users.cvm, ...users.eni, ...users.others.map((o) => o.id)];
  if (holders.length) ctx.fail("ResourceInUse", `The security group ${bt(g.SecurityGroupId)} is associated with ${holders.length} instances (${holders.slice(0, 3).join(", ")}).`);
  await securityGroups(ctx).delete(g.SecurityGroupId);
  return {};
}

export async function describeSecurityGroups(ctx: Ctx, req: Req<m.DescribeSecurityGroupsRequest>): Promise<Res<m.DescribeSecurityGroupsResponse>> {
  const ids = checkIds(ctx, req.SecurityGroupIds ?? [], "sg", "SecurityGroupIds");
  const page = paging(ctx, req.Offset, req.Limit);
  const filter = filterBy<SecurityGroupDoc>(ctx, req.Filters, {
    "security-group-id": (g, v) => eq(g.SecurityGroupId, v),
    "project-id": (g, v) => eq(g.ProjectId, v),
    "security-group-name": (g, v) => v.some((x) => g.SecurityGroupName.includes(x)),
    "is-default": (g, v) => v.some((x) => x.toLowerCase() === String(g.IsDefault)),
  }, (g) => g.Tags);
  let all = await selectDocs(ctx, securityGroups(ctx), ids, filter, Boolean(req.Filters?.length), "security group");
  if (req.OrderField !== undefined) {
    if (req.OrderField !== "CreatedTime" && req.OrderField !== "UpdateTime") ctx.fail("InvalidParameterValue.Range", "`OrderField` is CreatedTime or UpdateTime.");
    const dir = req.OrderDirection === "DESC" ? -1 : 1;
    const key = req.OrderField === "CreatedTime" ? (g: SecurityGroupDoc) => g.createdAt : (g: SecurityGroupDoc) => g.updatedAt;
    all = [...all].sort((a, b) => (key(a) - key(b)) * dir);
  } else all = [...all].reverse();
  return { SecurityGroupSet: all.slice(page.offset, page.offset + page.limit).map(presentGroup), TotalCount: all.length };
}

export async function modifySecurityGroupAttribute(ctx: Ctx, req: Req<m.ModifySecurityGroupAttributeRequest>): Promise<Res<m.ModifySecurityGroupAttributeResponse>> {
  const g = await loadGroup(ctx, req.SecurityGroupId);
  checkNameDesc(ctx, req.GroupName, req.GroupDescription);
  await securityGroups(ctx).update(g.SecurityGroupId, {
    ...g,
    SecurityGroupName: req.GroupName ?? g.SecurityGroupName,
    SecurityGroupDesc: req.GroupDescription ?? g.SecurityGroupDesc,
    updatedAt: ctx.now(),
  });
  return {};
}

export async function describeSecurityGroupAssociationStatistics(ctx: Ctx, req: Req<m.DescribeSecurityGroupAssociationStatisticsRequest>): Promise<Res<m.DescribeSecurityGroupAssociationStatisticsResponse>> {
  const ids = checkIds(ctx, req.SecurityGroupIds, "sg", "SecurityGroupIds");
  const out: m.SecurityGroupAssociationStatistics[] = [];
  for (const id of ids) {
    await loadGroup(ctx, id, "SecurityGroupIds");
    const u = await groupUsers(ctx, id);
    const byType = new Map<string, number>([["CVM", u.cvm.length]]);
    for (const o of u.others) byType.set(o.type, (byType.get(o.type) ?? 0) + 1);
    const instances = [...byType].filter(([, n]) => n > 0).map(([InstanceType, InstanceCount]) => ({ InstanceType, InstanceCount }));
    out.push({
      SecurityGroupId: id,
      CVM: u.cvm.length,
      CDB: byType.get("CDB") ?? 0,
      ENI: u.eni.length,
      SG: u.referrers.length,
      CLB: byType.get("CLB") ?? 0,
      InstanceStatistics: instances,
      TotalCount: instances.reduce((s, x) => s + x.InstanceCount, 0),
    });
  }
  return { SecurityGroupAssociationStatisticsSet: out };
}

export async function describeSecurityGroupReferences(ctx: Ctx, req: Req<m.DescribeSecurityGroupReferencesRequest>): Promise<Res<m.DescribeSecurityGroupReferencesResponse>> {
  const ids = checkIds(ctx, req.SecurityGroupIds, "sg", "SecurityGroupIds");
  const out: m.ReferredSecurityGroup[] = [];
  for (const id of ids) {
    await loadGroup(ctx, id, "SecurityGroupIds");
    out.push({ SecurityGroupId: id, ReferredSecurityGroupIds: await referrers(ctx, id) });
  }
  return { ReferredSecurityGroupSet: out };
}

export function describeSecurityGroupLimits(): Res<m.DescribeSecurityGroupLimitsResponse> {
  return { SecurityGroupLimitSet: { ...SG_LIMITS } };
}
