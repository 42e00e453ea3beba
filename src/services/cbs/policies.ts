import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_models";
import { accounts } from "../../platform/accounts";
import { Collection } from "../../platform/collection";
import { formatDateTime } from "../../platform/clock";
import type { Req, Res } from "../../platform/definition";
import { shortId } from "../../platform/ids";
import { uniqueId } from "../../platform/service";
import { bt, checkFilters, checkIds, fail, nil, order, paging, type Ctx } from "./common";
import { loadDisk, loadDisks } from "./disk-access";
import { DiskStore } from "./disk-model";
import { noteDue } from "./lifecycle";
import { DISKS_PER_POLICY, nextTrigger, policies, POLICIES_PER_REGION, type PolicyDoc, type PolicyRule } from "./policy-model";

function checkRules(ctx: Ctx, rules: readonly m.Policy[] | undefined, member: string): PolicyRule[] {
  if (!rules?.length) fail(ctx, "MissingParameter", `The request is missing a required parameter ${bt(member)}.`);
  return rules.map((r, i) => {
    const path = `${member}.${i}`;
    const hours = r.Hour.map(Number);
    if (!hours.length) fail(ctx, "InvalidParameterValue", `${path}.Hour must name at least one hour.`);
    if (hours.some((h) => !Number.isInteger(h) || h < 0 || h > 23)) fail(ctx, "InvalidParameterValue", `${path}.Hour takes hours 0 to 23.`);
    const week = r.DayOfWeek?.map(Number);
    const month = r.DayOfMonth?.map(Number);
    const interval = r.IntervalDays === undefined ? undefined : Number(r.IntervalDays);
    if (week?.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) fail(ctx, "InvalidParameterValue", `${path}.DayOfWeek takes days 0 (Sunday) to 6.`);
    if (month?.some((d) => !Number.isInteger(d) || d < 1 || d > 31)) fail(ctx, "InvalidParameterValue", `${path}.DayOfMonth takes days 1 to 31.`);
    if (interval !== undefined && (!Number.isInteger(interval) || interval < 1 || interval > 365)) fail(ctx, "InvalidParameterValue", `${path}.IntervalDays takes 1 to 365.`);
    if (!week?.length && !month?.length && !interval) fail(ctx, "InvalidParameterValue", `${path} needs one of DayOfWeek, DayOfMonth and IntervalDays.`);
    const rule: PolicyRule = { Hour: [...new Set(hours)].sort((a, b) => a - b) };
    if (week?.length) rule.DayOfWeek = [...new Set(week)];
    else if (month?.length) rule.DayOfMonth = [...new Set(month)];
    else rule.IntervalDays = interval;
    return rule;
  });
}

function checkRetention(ctx: Ctx, permanent: boolean | undefined, days: number | undefined): void {
  if (permanent === true && days !== undefined) fail(ctx, "InvalidParameterValue", "`RetentionDays` conflicts with `IsPermanent` true.");
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 65535)) fail(ctx, "InvalidParameterValue", `RetentionDays: ${days} is not in 1 to 65535.`);
}

export async function presentPolicy(ctx: Ctx, p: PolicyDoc, withDisks = true): Promise<m.AutoSnapshotPolicy> {
  const next = p.IsActivated ? nextTrigger(p.Policy, ctx.now(), p.createdAt) : null;
  const store = new DiskStore(ctx);
  const instanceIds = new Set<string>();
  for (const id of p.DiskIdSet) {
    const instanceId = (await store.get(id))?.InstanceId;
    if (instanceId) instanceIds.add(instanceId);
  }
  return {
    DiskIdSet: withDisks ? [...p.DiskIdSet] : [],
    IsActivated: p.IsActivated,
    AutoSnapshotPolicyState: "NORMAL",
    IsCopyToRemote: 0,
    IsPermanent: p.IsPermanent,
    NextTriggerTime: next !== null ? formatDateTime(next) : "",
    AutoSnapshotPolicyName: p.AutoSnapshotPolicyName,
    AutoSnapshotPolicyId: p.AutoSnapshotPolicyId,
    Policy: p.Policy.map((r) => ({ Hour: [...r.Hour], DayOfWeek: r.DayOfWeek ?? [], DayOfMonth: r.DayOfMonth ?? [], IntervalDays: r.IntervalDays ?? 0 })),
    CreateTime: formatDateTime(p.createdAt),
    RetentionDays: p.IsPermanent ? 0 : p.RetentionDays,
    CopyToAccountUin: p.copyTo ?? nil,
    InstanceIdSet: [...instanceIds],
    RetentionMonths: 0,
    RetentionAmount: 0,
    AdvancedRetentionPolicy: nil,
    CopyFromAccountUin: p.copyFrom ?? nil,
    Tags: [],
  };
}

async function loadPolicy(ctx: Ctx, id: string, member = "AutoSnapshotPolicyId"): Promise<PolicyDoc> {
  if (!/^asp-[a-z0-9]{8}$/.test(id)) fail(ctx, "InvalidAutoSnapshotPolicyId.NotFound", `${member}: ${id} does not exist.`);
  const p = await policies(ctx).get(id);
  if (!p) fail(ctx, "InvalidAutoSnapshotPolicyId.NotFound", `${member}: ${id} does not exist.`, `${member}: ${id} 不存在。`);
  ctx.touch(id);
  return p;
}

/** Each policy named once, in the order given. */
async function loadPolicies(ctx: Ctx, ids: readonly string[]): Promise<PolicyDoc[]> {
  const list: PolicyDoc[] = [];
  for (const id of new Set(ids)) list.push(await loadPolicy(ctx, id, "AutoSnapshotPolicyIds"));
  return list;
}

/** CreateAutoSnapshotPolicy; with DryRun it only answers the first trigger time and creates nothing (as documented). */
export async function createAutoSnapshotPolicy(ctx: Ctx, req: Req<m.CreateAutoSnapshotPolicyRequest>): Promise<Res<m.CreateAutoSnapshotPolicyResponse>> {
  const rules = checkRules(ctx, req.Policy, "Policy");
  checkRetention(ctx, req.IsPermanent, req.RetentionDays);
  if (req.AutoSnapshotPolicyName !== undefined && Buffer.byteLength(req.AutoSnapshotPolicyName) > 60) {
    fail(ctx, "InvalidParameterValue", "AutoSnapshotPolicyName must be at most 60 bytes.");
  }
  const now = ctx.now();
  const first = nextTrigger(rules, now, now);
  const next = first !== null ? formatDateTime(first) : "";
  if (req.DryRun) return { AutoSnapshotPolicyId: "", NextTriggerTime: next };
  const col = policies(ctx);
  if ((await col.count()) >= POLICIES_PER_REGION) {
    fail(ctx, "AutoSnapshotPolicyOutOfQuota", `The region already has ${POLICIES_PER_REGION} scheduled snapshot policies.`, `定期快照策略数量已达到上限。`);
  }
  const id = await uniqueId(col, () => shortId("asp"));
  await col.insert(id, {
    AutoSnapshotPolicyId: id,
    AutoSnapshotPolicyName: req.AutoSnapshotPolicyName ?? "Unnamed",
    Policy: rules,
    IsActivated: req.IsActivated ?? true,
    IsPermanent: req.IsPermanent ?? false,
    RetentionDays: req.RetentionDays ?? 7,
    Tags: [],
    createdAt: now,
    firedUntil: now,
    DiskIdSet: [],
  });
  ctx.touch(id);
  if (req.IsActivated !== false) await noteDue(ctx, first);
  return { AutoSnapshotPolicyId: id, NextTriggerTime: next };
}

export async function describeAutoSnapshotPolicies(ctx: Ctx, req: Req<m.DescribeAutoSnapshotPoliciesRequest>): Promise<Res<m.DescribeAutoSnapshotPoliciesResponse>> {
  const ids = req.AutoSnapshotPolicyIds ?? [];
  const filters = req.Filters ?? [];
  checkFilters(ctx, filters, ["auto-snapshot-policy-id", "auto-snapshot-policy-state", "auto-snapshot-policy-name"], ids.length > 0, "AutoSnapshotPolicyIds");
  checkIds(ctx, ids, "AutoSnapshotPolicyIds", "asp", 100);
  const page = paging(ctx, req.Offset, req.Limit);
  const dir = order(ctx, req.Order, "DESC");
  if (req.OrderField !== undefined && req.OrderField !== "CREATE_TIME") {
    fail(ctx, "InvalidParameterValue", `The value ${bt(req.OrderField)} specified in the parameter ${bt("OrderField")} is not valid.`);
  }
  let all = await policies(ctx).all();
  if (ids.length) all = all.filter((p) => ids.includes(p.AutoSnapshotPolicyId));
  all = all.filter((p) =>
    filters.every((f) =>
      f.Name === "auto-snapshot-policy-id"
        ? f.Values.includes(p.AutoSnapshotPolicyId)
        : f.Name === "auto-snapshot-policy-state"
          ? f.Values.includes("NORMAL")
          : f.Values.some((v) => p.AutoSnapshotPolicyName.includes(v)),
    ),
  );
  if (dir === "desc") all.reverse();
  const set: m.AutoSnapshotPolicy[] = [];
  for (const p of all.slice(page.offset, page.offset + page.limit)) set.push(await presentPolicy(ctx, p));
  return { TotalCount: all.length, AutoSnapshotPolicySet: set };
}

export async function modifyAutoSnapshotPolicyAttribute(
  ctx: Ctx,
  req: Req<m.ModifyAutoSnapshotPolicyAttributeRequest>,
): Promise<Res<m.ModifyAutoSnapshotPolicyAttributeResponse>> {
  const p = await loadPolicy(ctx, req.AutoSnapshotPolicyId);
  const rules = req.Policy !== undefined ? checkRules(ctx, req.Policy, "Policy") : p.Policy;
  if (req.IsPermanent === true && req.RetentionDays !== undefined) fail(ctx, "InvalidParameter", "`RetentionDays` conflicts with `IsPermanent` true.");
  checkRetention(ctx, undefined, req.RetentionDays);
  if (req.AutoSnapshotPolicyName !== undefined && Buffer.byteLength(req.AutoSnapshotPolicyName) > 60) {
    fail(ctx, "InvalidParameterValue", "AutoSnapshotPolicyName must be at most 60 bytes.");
  }
  const now = ctx.now();
  const reschedule = req.Policy !== undefined || (req.IsActivated === true && !p.IsActivated);
  const next: PolicyDoc = {
    ...p,
    Policy: rules,
    AutoSnapshotPolicyName: req.AutoSnapshotPolicyName ?? p.AutoSnapshotPolicyName,
    IsActivated: req.IsActivated ?? p.IsActivated,
    IsPermanent: req.IsPermanent ?? (req.RetentionDays !== undefined ? false : p.IsPermanent),
    RetentionDays: req.RetentionDays ?? p.RetentionDays,
    // New rules or a re-activation start from now: triggers of the past are not made up.
    firedUntil: reschedule ? now : p.firedUntil,
  };
  await policies(ctx).update(p.AutoSnapshotPolicyId, next);
  if (next.IsActivated) await noteDue(ctx, nextTrigger(next.Policy, now, next.createdAt));
  return {};
}

export async function deleteAutoSnapshotPolicies(ctx: Ctx, req: Req<m.DeleteAutoSnapshotPoliciesRequest>): Promise<Res<m.DeleteAutoSnapshotPoliciesResponse>> {
  if (!req.AutoSnapshotPolicyIds.length) fail(ctx, "MissingParameter", "The request is missing a required parameter `AutoSnapshotPolicyIds`.");
  if (req.AutoSnapshotPolicyIds.length > 100) fail(ctx, "InvalidParameterValue.LimitExceeded", "At most 100 values can be given in `AutoSnapshotPolicyIds`.");
  const list = await loadPolicies(ctx, req.AutoSnapshotPolicyIds);
  const store = new DiskStore(ctx);
  for (const p of list) {
    for (const id of p.DiskIdSet) {
      const d = await store.get(id);
      if (d) await store.save({ ...d, AutoSnapshotPolicyIds: d.AutoSnapshotPolicyIds.filter((x) => x !== p.AutoSnapshotPolicyId) });
    }
    await policies(ctx).delete(p.AutoSnapshotPolicyId);
  }
  return {};
}

export async function bindAutoSnapshotPolicy(ctx: Ctx, req: Req<m.BindAutoSnapshotPolicyRequest>): Promise<Res<m.BindAutoSnapshotPolicyResponse>> {
  const p = await loadPolicy(ctx, req.AutoSnapshotPolicyId);
  const disks = await loadDisks(ctx, req.DiskIds ?? [], "DiskIds", 100);
  for (const d of disks) {
    if (d.Shareable) fail(ctx, "InvalidDisk.NotSupported", `DiskId: ${d.DiskId}, shareable disks have no snapshot capability.`);
    if (d.recycledAt !== null) fail(ctx, "ResourceUnavailable.NotSupported", `DiskId: ${d.DiskId} is in the recycle bin.`);
    const other = d.AutoSnapshotPolicyIds.find((x) => x !== p.AutoSnapshotPolicyId);
    if (other) fail(ctx, "InvalidDisk.AlreadyBound", `DiskId: ${d.DiskId} is already bound to the scheduled snapshot policy ${other}.`, `DiskId: ${d.DiskId} 已绑定定期快照策略 ${other}。`);
  }
  const ids = [...new Set([...p.DiskIdSet, ...disks.map((d) => d.DiskId)])];
  if (ids.length > DISKS_PER_POLICY) {
    fail(ctx, "InvalidParameterValue.BindDiskLimitExceeded", `A scheduled snapshot policy takes at most ${DISKS_PER_POLICY} disks; binding would make ${ids.length}.`);
  }
  const store = new DiskStore(ctx);
  for (const d of disks) if (!d.AutoSnapshotPolicyIds.length) await store.save({ ...d, AutoSnapshotPolicyIds: [p.AutoSnapshotPolicyId] });
  await policies(ctx).update(p.AutoSnapshotPolicyId, { ...p, DiskIdSet: ids });
  if (p.IsActivated) await noteDue(ctx, nextTrigger(p.Policy, ctx.now(), p.createdAt));
  return {};
}

export async function unbindAutoSnapshotPolicy(ctx: Ctx, req: Req<m.UnbindAutoSnapshotPolicyRequest>): Promise<Res<m.UnbindAutoSnapshotPolicyResponse>> {
  const p = await loadPolicy(ctx, req.AutoSnapshotPolicyId);
  const store = new DiskStore(ctx);
  const disks = req.DiskIds?.length ? await loadDisks(ctx, req.DiskIds, "DiskIds", 100) : [];
  for (const inst of req.InstanceIds ?? []) disks.push(...(await store.onInstance(inst)));
  const ids = new Set(disks.map((d) => d.DiskId).filter((id) => p.DiskIdSet.includes(id)));
  for (const id of ids) {
    const d = (await store.get(id))!;
    await store.save({ ...d, AutoSnapshotPolicyIds: d.AutoSnapshotPolicyIds.filter((x) => x !== p.AutoSnapshotPolicyId) });
  }
  await policies(ctx).update(p.AutoSnapshotPolicyId, { ...p, DiskIdSet: p.DiskIdSet.filter((id) => !ids.has(id)) });
  return {};
}

export async function describeDiskAssociatedAutoSnapshotPolicy(
  ctx: Ctx,
  req: Req<m.DescribeDiskAssociatedAutoSnapshotPolicyRequest>,
): Promise<Res<m.DescribeDiskAssociatedAutoSnapshotPolicyResponse>> {
  const d = await loadDisk(ctx, req.DiskId);
  const set: m.AutoSnapshotPolicy[] = [];
  for (const id of d.AutoSnapshotPolicyIds) {
    const p = await policies(ctx).get(id);
    if (p) set.push(await presentPolicy(ctx, p, false));
  }
  return { TotalCount: set.length, AutoSnapshotPolicySet: set };
}

/** Copies policies (their rules, not their disks) to another account in the same region. */
export async function copyAutoSnapshotPolicyCrossAccount(
  ctx: Ctx,
  req: Req<m.CopyAutoSnapshotPolicyCrossAccountRequest>,
): Promise<Res<m.CopyAutoSnapshotPolicyCrossAccountResponse>> {
  const target = req.TargetAccountUin;
  if (target === ctx.caller.uin) fail(ctx, "InvalidParameter", `TargetAccountUin: ${target} is the policies' own account.`);
  if (!(await accounts.get(ctx.tx, target))) fail(ctx, "InvalidParameter", `TargetAccountUin: ${target} is not an account.`);
  if (!req.AutoSnapshotPolicyIds.length) fail(ctx, "MissingParameter", "The request is missing a required parameter `AutoSnapshotPolicyIds`.");
  const list = await loadPolicies(ctx, req.AutoSnapshotPolicyIds);
  const there = new Collection<PolicyDoc>(ctx.tx, { service: "cbs", account: target, region: ctx.region }, "policy");
  if ((await there.count()) + list.length > POLICIES_PER_REGION) {
    fail(ctx, "ResourceInsufficient.OverQuota", `Account ${target} would exceed ${POLICIES_PER_REGION} scheduled snapshot policies in ${ctx.region}.`);
  }
  const now = ctx.now();
  const ids: string[] = [];
  for (const p of list) {
    const id = await uniqueId(there, () => shortId("asp"));
    await there.insert(id, { ...p, AutoSnapshotPolicyId: id, createdAt: now, firedUntil: now, DiskIdSet: [], copyFrom: ctx.caller.uin, copyTo: undefined });
    await policies(ctx).update(p.AutoSnapshotPolicyId, { ...p, copyTo: target });
    ids.push(id);
  }
  return { AutoSnapshotPolicyIds: ids, TargetAccountUin: target };
}
