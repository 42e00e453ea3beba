import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import type { Req, Res } from "../../platform/definition";
import { bt, checkInstanceIds, eq, filterBy, loadInstances, newId, operate, paging, tagsFor, utc, type Ctx } from "./common";
import { liveInstances, type InstanceDoc } from "./instance-model";
import { GROUP_CAPACITY, GROUP_QUOTA, hpcClusters, HPC_CAPACITY, placementGroups, type HpcClusterDoc, type PlacementGroupDoc } from "./placement-model";
import { zoneInfo } from "./zones";
import { formatDateTime } from "../../platform/clock";

const GROUP_ID = /^ps-[a-z0-9]{8}$/;
const HPC_ID = /^hpc-[a-z0-9]{8}$/;

async function loadGroup(ctx: Ctx, id: string, code: "ResourceNotFound.InvalidPlacementSet" | "FailedOperation.DisasterRecoverGroupNotFound" = "ResourceNotFound.InvalidPlacementSet"): Promise<PlacementGroupDoc> {
  if (!GROUP_ID.test(id)) ctx.fail("InvalidParameterValue.DisasterRecoverGroupIdMalformed", `The placement group id ${bt(id)} is malformed.`);
  const g = await placementGroups(ctx).get(id);
  if (!g) ctx.fail(code, `The placement group ${bt(id)} does not exist.`);
  ctx.touch(id);
  return g;
}

const members = (all: InstanceDoc[], id: string) => all.filter((i) => i.DisasterRecoverGroupId === id).map((i) => i.InstanceId);

function presentGroup(g: PlacementGroupDoc, ids: string[]): m.DisasterRecoverGroup {
  return {
    DisasterRecoverGroupId: g.DisasterRecoverGroupId, Name: g.Name, Type: g.Type, CvmQuotaTotal: GROUP_CAPACITY[g.Type], CurrentNum: ids.length, InstanceIds: ids,
    CreateTime: utc(g.createdAt), Affinity: g.Affinity, Strategy: g.Strategy, PartitionCount: g.PartitionCount, Tags: g.Tags.map((t) => ({ Key: t.Key, Value: t.Value })),
  };
}

export async function createDisasterRecoverGroup(ctx: Ctx, req: Req<m.CreateDisasterRecoverGroupRequest>): Promise<Res<m.CreateDisasterRecoverGroupResponse>> {
  if (!["HOST", "SW", "RACK"].includes(req.Type)) ctx.fail("InvalidParameterValue.Range", `The group type ${bt(req.Type)} is not HOST, SW or RACK.`);
  if (!req.Name || req.Name.length > 60) ctx.fail("InvalidParameterValue.TooLong", "`Name` is 1 to 60 characters.");
  const affinity = req.Affinity ?? 1;
  if (affinity < 1 || affinity > 10) ctx.fail("InvalidParameterValue.Range", "`Affinity` is 1 to 10.");
  const col = placementGroups(ctx);
  if (req.ClientToken) {
    const seen = await ctx.docs<{ id: string }>("placement-token").get(req.ClientToken);
    const g = seen ? await col.get(seen.id) : undefined;
    if (g) return { DisasterRecoverGroupId: g.DisasterRecoverGroupId, Type: g.Type, Name: g.Name, CvmQuotaTotal: GROUP_CAPACITY[g.Type], CurrentNum: 0, CreateTime: utc(g.createdAt), Strategy: g.Strategy, PartitionCount: g.PartitionCount };
  }
  if ((await col.count()) >= GROUP_QUOTA) ctx.fail("ResourceInsufficient.InsufficientGroupQuota", `The region allows ${GROUP_QUOTA} placement groups.`);
  const strategy = req.Strategy ?? "";
  if (strategy && strategy !== "PARTITION") ctx.fail("InvalidParameterValue.Range", "`Strategy` is empty or PARTITION.");
  const partitions = strategy === "PARTITION" ? req.PartitionCount ?? 2 : 0;
  if (strategy === "PARTITION" && (partitions < 2 || partitions > 7)) ctx.fail("InvalidParameterValue.Range", "`PartitionCount` is 2 to 7.");
  const id = await newId(col, "ps");
  const g = await col.insert(id, {
    DisasterRecoverGroupId: id, Name: req.Name, Type: req.Type as PlacementGroupDoc["Type"], Affinity: affinity, Strategy: strategy, PartitionCount: partitions,
    createdAt: ctx.now(), Tags: tagsFor(ctx, req.TagSpecification, "ps"),
  });
  if (req.ClientToken) await ctx.docs<{ id: string }>("placement-token").put(req.ClientToken, { id });
  ctx.touch(id);
  return { DisasterRecoverGroupId: id, Type: g.Type, Name: g.Name, CvmQuotaTotal: GROUP_CAPACITY[g.Type], CurrentNum: 0, CreateTime: utc(g.createdAt), Strategy: g.Strategy, PartitionCount: g.PartitionCount };
}

export async function deleteDisasterRecoverGroups(ctx: Ctx, req: Req<m.DeleteDisasterRecoverGroupsRequest>): Promise<Res<m.DeleteDisasterRecoverGroupsResponse>> {
  if (req.DisasterRecoverGroupIds.length > 100) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 100 groups can be given.");
  const all = await liveInstances(ctx);
  const list: PlacementGroupDoc[] = [];
  for (const id of new Set(req.DisasterRecoverGroupIds)) {
    const g = await loadGroup(ctx, id);
    if (members(all, id).length) ctx.fail("FailedOperation.PlacementSetNotEmpty", `The placement group ${bt(id)} still holds instances.`);
    list.push(g);
  }
  for (const g of list) await placementGroups(ctx).delete(g.DisasterRecoverGroupId);
  return {};
}

export async function describeDisasterRecoverGroups(ctx: Ctx, req: Req<m.DescribeDisasterRecoverGroupsRequest>): Promise<Res<m.DescribeDisasterRecoverGroupsResponse>> {
  const ids = req.DisasterRecoverGroupIds ?? [];
  if (ids.length > 100) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 100 groups can be given.");
  for (const id of ids) if (!GROUP_ID.test(id)) ctx.fail("InvalidParameterValue.DisasterRecoverGroupIdMalformed", `The placement group id ${bt(id)} is malformed.`);
  const page = paging(ctx, req.Offset, req.Limit);
  const filter = filterBy<PlacementGroupDoc>(ctx, req.Filters, {}, (g) => g.Tags);
  const all = (await placementGroups(ctx).all()).filter((g) => (!ids.length || ids.includes(g.DisasterRecoverGroupId)) && (!req.Name || g.Name.includes(req.Name)) && filter(g));
  const insts = await liveInstances(ctx);
  return { DisasterRecoverGroupSet: all.slice(page.offset, page.offset + page.limit).map((g) => presentGroup(g, members(insts, g.DisasterRecoverGroupId))), TotalCount: all.length };
}

export async function describeDisasterRecoverGroupQuota(ctx: Ctx): Promise<Res<m.DescribeDisasterRecoverGroupQuotaResponse>> {
  return {
    GroupQuota: GROUP_QUOTA, CurrentNum: await placementGroups(ctx).count(), CvmInHostGroupQuota: GROUP_CAPACITY.HOST, CvmInSwGroupQuota: GROUP_CAPACITY.SW,
    CvmInRackGroupQuota: GROUP_CAPACITY.RACK, CvmInSwitchGroupQuota: GROUP_CAPACITY.SW,
  };
}

export async function modifyDisasterRecoverGroupAttribute(ctx: Ctx, req: Req<m.ModifyDisasterRecoverGroupAttributeRequest>): Promise<Res<m.ModifyDisasterRecoverGroupAttributeResponse>> {
  const g = await loadGroup(ctx, req.DisasterRecoverGroupId);
  if (!req.Name || req.Name.length > 60) ctx.fail("InvalidParameterValue.TooLong", "`Name` is 1 to 60 characters.");
  const affinity = req.Affinity ?? g.Affinity;
  const count = members(await liveInstances(ctx), g.DisasterRecoverGroupId).length;
  if (affinity < g.Affinity && count > GROUP_CAPACITY[g.Type] * (affinity / Math.max(1, g.Affinity))) {
    ctx.fail("ResourceInsufficient.DisasterRecoverGroupCvmQuota", `The group holds ${count} instances: a lower affinity would not fit them.`);
  }
  await placementGroups(ctx).update(g.DisasterRecoverGroupId, { ...g, Name: req.Name, Affinity: affinity });
  return {};
}

/** Moves instances into a placement group (each in at most one); they must be stopped or running, and fit. */
export async function modifyInstancesDisasterRecoverGroup(ctx: Ctx, req: Req<m.ModifyInstancesDisasterRecoverGroupRequest>): Promise<Res<m.ModifyInstancesDisasterRecoverGroupResponse>> {
  checkInstanceIds(ctx, req.InstanceIds, true);
  const id = req.DisasterRecoverGroupId ?? req.DisasterRecoverGroupIds?.[0] ?? "";
  const list = await loadInstances(ctx, req.InstanceIds, ["RUNNING", "STOPPED"], "ModifyInstancesDisasterRecoverGroup");
  if (!id) {
    for (const i of list) await operate(ctx, i, "ModifyInstancesDisasterRecoverGroup", { DisasterRecoverGroupId: "" });
    return {};
  }
  const g = await loadGroup(ctx, id, "FailedOperation.DisasterRecoverGroupNotFound");
  for (const i of list) if (i.DisasterRecoverGroupId && !req.Force) ctx.fail("FailedOperation.AlreadyInDisasterRecoverGroup", `The instance ${bt(i.InstanceId)} is in ${bt(i.DisasterRecoverGroupId)}.`);
  const current = members(await liveInstances(ctx), id);
  const joining = list.filter((i) => !current.includes(i.InstanceId));
  if (current.length + joining.length > GROUP_CAPACITY[g.Type]) ctx.fail("ResourceInsufficient.DisasterRecoverGroupCvmQuota", `The placement group ${bt(id)} holds ${GROUP_CAPACITY[g.Type]} instances.`);
  for (const i of joining) await operate(ctx, i, "ModifyInstancesDisasterRecoverGroup", { DisasterRecoverGroupId: id });
  return {};
}

export async function deleteInstancesDisasterRecoverGroups(ctx: Ctx, req: Req<m.DeleteInstancesDisasterRecoverGroupsRequest>): Promise<Res<m.DeleteInstancesDisasterRecoverGroupsResponse>> {
  for (const id of req.InstanceIds) if (!/^ins-[a-z0-9]{8}$/.test(id)) ctx.fail("InvalidParameterValue.InstanceIdMalformed", `The instance id ${bt(id)} is malformed.`);
  for (const g of req.DisasterRecoverGroupIds) await loadGroup(ctx, g, "FailedOperation.DisasterRecoverGroupNotFound");
  const all = await liveInstances(ctx);
  const list: InstanceDoc[] = [];
  for (const id of new Set(req.InstanceIds)) {
    const i = all.find((x) => x.InstanceId === id);
    if (!i) ctx.fail("ResourceNotFound.InvalidInstanceIdNotFound", `The instance ${bt(id)} does not exist.`);
    if (!req.DisasterRecoverGroupIds.includes(i.DisasterRecoverGroupId)) ctx.fail("FailedOperation.DisasterRecoverGroupNotMatch", `The instance ${bt(id)} is not in the groups given.`);
    list.push(i);
  }
  for (const i of list) await operate(ctx, i, "DeleteInstancesDisasterRecoverGroups", { DisasterRecoverGroupId: "" });
  return {};
}

async function loadHpc(ctx: Ctx, id: string): Promise<HpcClusterDoc> {
  const c = HPC_ID.test(id) ? await hpcClusters(ctx).get(id) : undefined;
  if (!c) ctx.fail("ResourceNotFound.HpcCluster", `The HPC cluster ${bt(id)} does not exist.`);
  ctx.touch(id);
  return c;
}

function presentHpc(c: HpcClusterDoc, ids: string[]): m.HpcClusterInfo {
  return {
    HpcClusterId: c.HpcClusterId, Name: c.Name, Remark: c.Remark, CvmQuotaTotal: HPC_CAPACITY, Zone: c.Zone, CurrentNum: ids.length, CreateTime: formatDateTime(c.createdAt),
    InstanceIds: ids, HpcClusterType: c.HpcClusterType, HpcClusterBusinessId: c.HpcClusterBusinessId, HpcClusterNetMode: 0, Tags: c.Tags.map((t) => ({ Key: t.Key, Value: t.Value })),
  };
}

/** HPC clusters per account and region (LimitExceeded.HpcClusterQuota beyond; tclocal's number). */
const HPC_QUOTA = 5;

export async function createHpcCluster(ctx: Ctx, req: Req<m.CreateHpcClusterRequest>): Promise<Res<m.CreateHpcClusterResponse>> {
  const zone = zoneInfo(req.Zone);
  if (!zone || zone.region !== ctx.region) ctx.fail("InvalidZone.MismatchRegion", `The zone ${bt(req.Zone)} does not exist in ${bt(ctx.region)}.`);
  if (!zone.available) ctx.fail("UnsupportedOperation.InvalidZone", `The zone ${bt(req.Zone)} sells nothing.`);
  if (!req.Name || req.Name.length > 60) ctx.fail("InvalidParameterValue", "`Name` is 1 to 60 characters.");
  if ((req.Remark ?? "").length > 60) ctx.fail("InvalidParameterValue", "`Remark` is at most 60 characters.");
  const type = req.HpcClusterType ?? "CDC";
  if (!["CDC", "CHC"].includes(type)) ctx.fail("InvalidParameterValue", "`HpcClusterType` is CDC or CHC.");
  if (req.HpcClusterBusinessId) ctx.fail("InvalidParameterValue.HpcClusterBusinessIdNotSupported", "`HpcClusterBusinessId` is for dedicated HPC businesses, not emulated.");
  const col = hpcClusters(ctx);
  if ((await col.count()) >= HPC_QUOTA) ctx.fail("LimitExceeded.HpcClusterQuota", `The region allows ${HPC_QUOTA} HPC clusters.`);
  const id = await newId(col, "hpc");
  const c = await col.insert(id, { HpcClusterId: id, Name: req.Name, Remark: req.Remark ?? "", Zone: zone.Zone, HpcClusterType: type, HpcClusterBusinessId: "", createdAt: ctx.now(), Tags: tagsFor(ctx, req.TagSpecification, "hpc") });
  ctx.touch(id);
  return { HpcClusterSet: [presentHpc(c, [])] };
}

export async function deleteHpcClusters(ctx: Ctx, req: Req<m.DeleteHpcClustersRequest>): Promise<Res<m.DeleteHpcClustersResponse>> {
  const all = await liveInstances(ctx);
  const list: HpcClusterDoc[] = [];
  for (const id of new Set(req.HpcClusterIds)) {
    const c = await loadHpc(ctx, id);
    if (all.some((i) => i.HpcClusterId === id)) ctx.fail("ResourceInUse.HpcCluster", `The HPC cluster ${bt(id)} still holds instances.`);
    list.push(c);
  }
  for (const c of list) await hpcClusters(ctx).delete(c.HpcClusterId);
  return {};
}

export async function describeHpcClusters(ctx: Ctx, req: Req<m.DescribeHpcClustersRequest>): Promise<Res<m.DescribeHpcClustersResponse>> {
  if (req.Zone) {
    const zone = zoneInfo(req.Zone);
    if (!zone || zone.region !== ctx.region) ctx.fail("InvalidZone.MismatchRegion", `The zone ${bt(req.Zone)} does not exist in ${bt(ctx.region)}.`);
  }
  const page = paging(ctx, req.Offset, req.Limit);
  const filter = filterBy<HpcClusterDoc>(ctx, req.Filters, { zone: (c, v) => eq(c.Zone, v) }, (c) => c.Tags);
  const ids = req.HpcClusterIds ?? [];
  const all = (await hpcClusters(ctx).all()).filter(
    (c) => (!ids.length || ids.includes(c.HpcClusterId)) && (!req.Name || c.Name.includes(req.Name)) && (!req.Zone || c.Zone === req.Zone) &&
      (!req.HpcClusterType || c.HpcClusterType === req.HpcClusterType) && filter(c),
  );
  const insts = await liveInstances(ctx);
  return {
    HpcClusterSet: all.slice(page.offset, page.offset + page.limit).map((c) => presentHpc(c, insts.filter((i) => i.HpcClusterId === c.HpcClusterId).map((i) => i.InstanceId))),
    TotalCount: all.length,
  };
}

export async function modifyHpcClusterAttribute(ctx: Ctx, req: Req<m.ModifyHpcClusterAttributeRequest>): Promise<Res<m.ModifyHpcClusterAttributeResponse>> {
  const c = await loadHpc(ctx, req.HpcClusterId);
  if (req.Name !== undefined && (!req.Name || req.Name.length > 60)) ctx.fail("InvalidParameterValue", "`Name` is 1 to 60 characters.");
  if ((req.Remark ?? "").length > 60) ctx.fail("InvalidParameterValue", "`Remark` is at most 60 characters.");
  await hpcClusters(ctx).update(c.HpcClusterId, { ...c, Name: req.Name ?? c.Name, Remark: req.Remark ?? c.Remark });
  return {};
}
