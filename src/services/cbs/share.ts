import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_models";
import { formatDateTime } from "../../platform/clock";
import type { Req, Res } from "../../platform/definition";
import { accounts } from "../../platform/accounts";
import { COMPUTE_REGIONS, regionName, zonesOf } from "../cvm/for-products";
import { fail, type Ctx } from "./common";
import { noteDue } from "./lifecycle";
import { insertSnapshot, newSnapshotId, saveSnapshot, sharedWith, snapshots, SNAPSHOTS_PER_DISK, snapshotState, transferMs, type SnapshotDoc } from "./snapshot-model";
import { loadSnapshot } from "./snapshots";

/** A snapshot can be shared with at most this many accounts (ModifySnapshotsSharePermission). */
export const SHARES_PER_SNAPSHOT = 50;

export async function modifySnapshotsSharePermission(
  ctx: Ctx,
  req: Req<m.ModifySnapshotsSharePermissionRequest>,
): Promise<Res<m.ModifySnapshotsSharePermissionResponse>> {
  if (req.Permission !== "SHARE" && req.Permission !== "CANCEL") {
    fail(ctx, "InvalidParameter", `Permission: ${req.Permission} is not valid: SHARE or CANCEL.`);
  }
  if (!req.AccountIds.length) fail(ctx, "MissingParameter", "The request is missing a required parameter `AccountIds`.");
  for (const uin of req.AccountIds) {
    if (uin === ctx.caller.uin) fail(ctx, "InvalidParameter", `AccountIds: ${uin} is the snapshot's own account.`);
    if (!(await accounts.get(ctx.tx, uin))) fail(ctx, "InvalidParameter", `AccountIds: ${uin} is not an account.`);
  }
  if (!req.SnapshotIds.length) fail(ctx, "MissingParameter", "The request is missing a required parameter `SnapshotIds`.");
  const list: SnapshotDoc[] = [];
  for (const id of new Set(req.SnapshotIds)) list.push(await loadSnapshot(ctx, id, "SnapshotIds"));
  const now = ctx.now();
  for (const s of list) {
    if (req.Permission === "CANCEL") continue;
    if (s.DiskUsage !== "DATA_DISK") fail(ctx, "InvalidSnapshot.NotSupported", `SnapshotId: ${s.SnapshotId} is a system disk snapshot: only data disk snapshots can be shared.`);
    if (s.Encrypt) fail(ctx, "InvalidSnapshot.NotSupported", `SnapshotId: ${s.SnapshotId} is encrypted: encrypted snapshots cannot be shared.`);
    if (snapshotState(s, now) !== "NORMAL") fail(ctx, "InvalidSnapshot.NotSupported", `SnapshotId: ${s.SnapshotId} is ${snapshotState(s, now)}: only NORMAL snapshots can be shared.`);
    const accountsAfter = new Set([...s.shares.map((x) => x.AccountId), ...req.AccountIds]);
    if (accountsAfter.size > SHARES_PER_SNAPSHOT) {
      fail(ctx, "ResourceInsufficient.OverQuota", `SnapshotId: ${s.SnapshotId} can be shared with at most ${SHARES_PER_SNAPSHOT} accounts.`);
    }
  }
  const col = snapshots(ctx);
  for (const s of list) {
    let shares = s.shares;
    for (const uin of req.AccountIds) {
      const refs = sharedWith(ctx, uin, ctx.region);
      if (req.Permission === "SHARE" && !shares.some((x) => x.AccountId === uin)) {
        shares = [...shares, { AccountId: uin, at: now }];
        await refs.put(s.SnapshotId, { SnapshotId: s.SnapshotId, ownerUin: ctx.caller.uin });
      } else if (req.Permission === "CANCEL") {
        shares = shares.filter((x) => x.AccountId !== uin);
        await refs.delete(s.SnapshotId);
      }
    }
    await saveSnapshot(col, { ...s, shares, modifiedAt: now });
  }
  return {};
}

export async function describeSnapshotSharePermission(
  ctx: Ctx,
  req: Req<m.DescribeSnapshotSharePermissionRequest>,
): Promise<Res<m.DescribeSnapshotSharePermissionResponse>> {
  const s = await loadSnapshot(ctx, req.SnapshotId);
  return { SharePermissionSet: s.shares.map((x) => ({ AccountId: x.AccountId, CreatedTime: formatDateTime(x.at) })) };
}

/**
 * Copies a snapshot to other regions: the new snapshot appears in each destination at once, COPYING_FROM_REMOTE
 * until the transfer (proportional to size) is done; the source lists the region in CopyingToRegions meanwhile.
 */
export async function copySnapshotCrossRegions(ctx: Ctx, req: Req<m.CopySnapshotCrossRegionsRequest>): Promise<Res<m.CopySnapshotCrossRegionsResponse>> {
  const s = await loadSnapshot(ctx, req.SnapshotId);
  const now = ctx.now();
  if (!req.DestinationRegions.length) fail(ctx, "MissingParameter", "The request is missing a required parameter `DestinationRegions`.");
  if (snapshotState(s, now) !== "NORMAL") fail(ctx, "InvalidSnapshot.NotSupported", `SnapshotId: ${s.SnapshotId} is ${snapshotState(s, now)}: only NORMAL snapshots can be copied.`);
  if (s.Encrypt) fail(ctx, "UnsupportedOperation.SnapshotNotSupportCopy", `SnapshotId: ${s.SnapshotId} is encrypted: KMS keys are regional, so it cannot be copied.`);
  if (req.SnapshotName !== undefined && req.SnapshotName.length > 60) fail(ctx, "InvalidParameterValue", "SnapshotName must be at most 60 characters.");
  const regions = [...new Set(req.DestinationRegions)];
  for (const r of regions) {
    if (!COMPUTE_REGIONS.includes(r)) fail(ctx, "InvalidParameterValue", `DestinationRegions: ${r} is not a region CBS serves.`);
    if (r === ctx.region) fail(ctx, "InvalidParameterValue", `DestinationRegions: ${r} is the snapshot's own region.`);
    if (s.copies.some((c) => c.region === r && now < c.until)) fail(ctx, "ResourceInUse.CopySnapshotConflict", `SnapshotId: ${s.SnapshotId} is already being copied to ${r}.`);
    if ((await snapshots(ctx, r).count(s.DiskId)) >= SNAPSHOTS_PER_DISK) fail(ctx, "InsufficientSnapshotQuota", `The snapshot quota of ${r} is used up for ${s.DiskId}.`);
  }
  const until = now + transferMs(s.DiskSize);
  const results: m.SnapshotCopyResult[] = [];
  for (const r of regions) {
    const there = ctx.inRegion(r);
    const col = snapshots(there);
    const copy: SnapshotDoc = {
      ...s,
      SnapshotId: await newSnapshotId(col),
      SnapshotName: req.SnapshotName ?? `Copied ${s.SnapshotId} from ${regionName(ctx.region).en}`,
      Zone: zonesOf(r).find((z) => z.available)!.Zone,
      createdAt: now,
      readyAt: until,
      shares: [],
      images: [],
      copyFromRemote: true,
      copies: [],
      rollbackUntil: null,
      SnapshotGroupId: null,
      AutoSnapshotPolicyId: "",
      modifiedAt: now,
    };
    await insertSnapshot(col, copy);
    await noteDue(there, copy.deadline);
    results.push({ SnapshotId: copy.SnapshotId, DestinationRegion: r, Code: "Success", Message: "" });
  }
  await saveSnapshot(snapshots(ctx), { ...s, copies: [...s.copies.filter((c) => now < c.until), ...regions.map((region) => ({ region, until }))] });
  return { SnapshotCopyResultSet: results };
}

