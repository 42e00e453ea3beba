import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_models";
import { formatIso } from "../../platform/clock";
import type { Req, Res } from "../../platform/definition";
import { shortId } from "../../platform/ids";
import { uniqueId } from "../../platform/service";
import { bt, checkFilters, fail, nil, paging, type Ctx, type Filter } from "./common";
import { loadDisk, loadDisks } from "./disk-access";
import { DiskStore, type DiskDoc } from "./disk-model";
import { deleteSnapshot } from "./lifecycle";
import { saveSnapshot, snapshotPercent, snapshots, snapshotState, transferMs, type SnapshotDoc } from "./snapshot-model";
import { checkSnapshotable, stopForRollback, takeSnapshot } from "./snapshots";

interface GroupDoc {
  SnapshotGroupId: string;
  SnapshotGroupName: string;
  SnapshotIdSet: string[];
  Tags: { Key: string; Value: string }[];
  createdAt: number;
  modifiedAt: number;
  rollbackUntil: number | null;
}

const groups = (ctx: Ctx) => ctx.docs<GroupDoc>("snapshot-group");

async function members(ctx: Ctx, g: GroupDoc): Promise<SnapshotDoc[]> {
  const col = snapshots(ctx);
  const out: SnapshotDoc[] = [];
  for (const id of g.SnapshotIdSet) {
    const s = await col.get(id);
    if (s !== undefined) out.push(s);
  }
  return out;
}

async function groupState(ctx: Ctx, g: GroupDoc): Promise<string> {
  const now = ctx.now();
  if (g.rollbackUntil !== null && now < g.rollbackUntil) return "ROLLBACKING";
  return (await members(ctx, g)).some((s) => snapshotState(s, now) === "CREATING") ? "CREATING" : "NORMAL";
}

async function present(ctx: Ctx, g: GroupDoc): Promise<m.SnapshotGroup> {
  const snaps = await members(ctx, g);
  const images = snaps.flatMap((s) => s.images);
  const state = await groupState(ctx, g);
  return {
    SnapshotGroupId: g.SnapshotGroupId,
    SnapshotGroupType: "NORMAL",
    ContainRootSnapshot: snaps.some((s) => s.DiskUsage === "SYSTEM_DISK"),
    SnapshotIdSet: snaps.map((s) => s.SnapshotId),
    SnapshotGroupState: state,
    Percent: snaps.length ? Math.min(...snaps.map((s) => snapshotPercent(s, ctx.now()))) : 100,
    CreateTime: formatIso(g.createdAt),
    ModifyTime: formatIso(g.modifiedAt),
    Images: images.map((i) => ({ ImageId: i.ImageId, ImageName: i.ImageName })),
    SnapshotGroupName: g.SnapshotGroupName,
    ImageCount: images.length,
    IsPermanent: true,
    DeadlineTime: nil,
    AutoSnapshotPolicyId: nil,
  };
}

async function loadGroup(ctx: Ctx, id: string, code: "InvalidParameter" | "InvalidSnapshotId.NotFound"): Promise<GroupDoc> {
  const g = await groups(ctx).get(id);
  if (!g) fail(ctx, code, `SnapshotGroupId: ${id} does not exist.`);
  ctx.touch(id);
  return g;
}

/** A snapshot of each disk at the same moment; the disks must all be attached to one instance. */
export async function createSnapshotGroup(ctx: Ctx, req: Req<m.CreateSnapshotGroupRequest>): Promise<Res<m.CreateSnapshotGroupResponse>> {
  const disks = await loadDisks(ctx, req.DiskIds, "DiskIds", 20);
  const hosts = new Set(disks.map((d) => d.InstanceId));
  if (hosts.has(null) || hosts.size !== 1) fail(ctx, "InvalidParameter", "DiskIds: the disks of a snapshot group must all be attached to the same instance.");
  if (req.SnapshotGroupName !== undefined && req.SnapshotGroupName.length > 60) fail(ctx, "InvalidParameterValue", "SnapshotGroupName must be at most 60 characters.");
  for (const [i, d] of disks.entries()) await checkSnapshotable(ctx, d, i);
  const col = groups(ctx);
  const id = await uniqueId(col, () => shortId("csnap"));
  const name = req.SnapshotGroupName ?? "Unnamed";
  const now = ctx.now();
  const snaps: SnapshotDoc[] = [];
  for (const [i, d] of disks.entries()) snaps.push(await takeSnapshot(ctx, d, { name: `${name}_${i}`, at: now, deadline: null, tags: req.Tags, groupId: id }));
  await col.insert(id, {
    SnapshotGroupId: id,
    SnapshotGroupName: name,
    SnapshotIdSet: snaps.map((s) => s.SnapshotId),
    Tags: (req.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })),
    createdAt: now,
    modifiedAt: now,
    rollbackUntil: null,
  });
  ctx.touch(id);
  return { SnapshotGroupId: id };
}

async function groupMatches(ctx: Ctx, g: GroupDoc, f: Filter): Promise<boolean> {
  switch (f.Name) {
    case "snapshot-group-id": return f.Values.includes(g.SnapshotGroupId);
    case "snapshot-group-state": return f.Values.includes(await groupState(ctx, g));
    case "snapshot-group-name": return f.Values.some((v) => g.SnapshotGroupName.includes(v));
    default: return g.SnapshotIdSet.some((s) => f.Values.includes(s));
  }
}

export async function describeSnapshotGroups(ctx: Ctx, req: Req<m.DescribeSnapshotGroupsRequest>): Promise<Res<m.DescribeSnapshotGroupsResponse>> {
  const filters = req.Filters ?? [];
  checkFilters(ctx, filters, ["snapshot-group-id", "snapshot-group-state", "snapshot-group-name", "snapshot-id"], false, "");
  const page = paging(ctx, req.Offset, req.Limit);
  const all: GroupDoc[] = [];
  for (const g of await groups(ctx).all()) {
    let ok = true;
    for (const f of filters) ok = ok && (await groupMatches(ctx, g, f));
    if (ok) all.push(g);
  }
  all.reverse();
  const set: m.SnapshotGroup[] = [];
  for (const g of all.slice(page.offset, page.offset + page.limit)) set.push(await present(ctx, g));
  return { TotalCount: all.length, SnapshotGroupSet: set };
}

export async function deleteSnapshotGroup(ctx: Ctx, req: Req<m.DeleteSnapshotGroupRequest>): Promise<Res<m.DeleteSnapshotGroupResponse>> {
  const ids = [...new Set([...(req.SnapshotGroupId ? [req.SnapshotGroupId] : []), ...(req.SnapshotGroupIds ?? [])])];
  if (!ids.length) fail(ctx, "MissingParameter", "The request is missing a required parameter `SnapshotGroupId`.");
  const list: GroupDoc[] = [];
  for (const id of ids) list.push(await loadGroup(ctx, id, "InvalidSnapshotId.NotFound"));
  for (const g of list) {
    const state = await groupState(ctx, g);
    if (state !== "NORMAL") fail(ctx, "UnsupportedOperation.StateError", `SnapshotGroupId: ${g.SnapshotGroupId} is ${state}: it can be deleted once NORMAL.`);
    const bound = (await members(ctx, g)).find((s) => s.images.length);
    if (bound && !req.DeleteBindImages) {
      fail(ctx, "UnsupportedOperation.SnapshotHasBindedImage", `SnapshotGroupId: ${g.SnapshotGroupId}: snapshot ${bound.SnapshotId} backs an image (pass DeleteBindImages).`);
    }
  }
  for (const g of list) {
    for (const s of await members(ctx, g)) await deleteSnapshot(ctx, s);
    await groups(ctx).delete(g.SnapshotGroupId);
  }
  return {};
}

export async function applySnapshotGroup(ctx: Ctx, req: Req<m.ApplySnapshotGroupRequest>): Promise<Res<m.ApplySnapshotGroupResponse>> {
  const g = await loadGroup(ctx, req.SnapshotGroupId, "InvalidParameter");
  const state = await groupState(ctx, g);
  if (state !== "NORMAL") fail(ctx, "UnsupportedOperation.StateError", `SnapshotGroupId: ${g.SnapshotGroupId} is ${state}: only a NORMAL group can be rolled back.`);
  if (!req.ApplyDisks.length) fail(ctx, "MissingParameter", "The request is missing a required parameter `ApplyDisks`.");
  const col = snapshots(ctx);
  const pairs: { s: SnapshotDoc; d: DiskDoc }[] = [];
  for (const a of req.ApplyDisks) {
    if (!g.SnapshotIdSet.includes(a.SnapshotId)) fail(ctx, "InvalidParameter", `ApplyDisks: ${bt(a.SnapshotId)} is not a snapshot of ${g.SnapshotGroupId}.`);
    const s = await col.get(a.SnapshotId);
    if (!s) fail(ctx, "InvalidParameter", `ApplyDisks: ${bt(a.SnapshotId)} no longer exists.`);
    if (s.DiskId !== a.DiskId) fail(ctx, "InvalidParameter", `ApplyDisks: ${bt(a.SnapshotId)} was taken from ${s.DiskId}, not ${a.DiskId}.`);
    pairs.push({ s, d: await loadDisk(ctx, a.DiskId, "ApplyDisks.DiskId") });
  }
  const hosts = new Set(pairs.map((p) => p.d.InstanceId).filter((i) => i !== null));
  if (hosts.size > 1) fail(ctx, "UnsupportedOperation.SnapshotGroupDiskAttachMultiInstance", "ApplyDisks: the attached disks are on different instances.");
  for (const p of pairs) if (p.d.op && ctx.now() < p.d.op.until) fail(ctx, "UnsupportedOperation.StateError", `DiskId: ${p.d.DiskId} is busy.`);
  let stopped = false;
  for (const p of pairs) {
    if (!p.d.InstanceId || stopped) continue;
    // Every attached disk of the group rolls back with its instance stopped, whether elastic or not.
    await stopForRollback(ctx, { ...p.d, Portable: false }, req.AutoStopInstance === true);
    stopped = true;
  }
  const now = ctx.now();
  const store = new DiskStore(ctx);
  let last = now;
  for (const p of pairs) {
    const until = now + transferMs(p.d.DiskSize);
    last = Math.max(last, until);
    await store.save({ ...p.d, op: { kind: "ROLLBACKING", startedAt: now, until } });
    await saveSnapshot(col, { ...p.s, rollbackUntil: until });
  }
  await groups(ctx).update(g.SnapshotGroupId, { ...g, rollbackUntil: last, modifiedAt: now });
  return {};
}

export { groups as snapshotGroups, present as presentSnapshotGroup };
