import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import type { Req, Res } from "../../platform/definition";
import { bindSnapshotToImage, findSnapshot, instanceDisks, releaseImageSnapshots, snapshotDiskForImage, type ImageSnapshot } from "../cbs/for-products";
import { bt, eq, filterBy, loadInstance, newId, operate, paging, stateOf, tagsFor, type Ctx } from "./common";
import {
  findImage, images, IMAGE_QUOTA, imageState, ownerImages, presentImage, presentPublic, publicImage, PUBLIC_IMAGES, sharedImages, type ImageDoc,
} from "./image-model";
import { parseInstanceType } from "./instance-types";

const IMAGE_ID = /^img-[a-z0-9]{8}$/;

export async function loadOwnImage(ctx: Ctx, id: string): Promise<ImageDoc> {
  if (!IMAGE_ID.test(id)) ctx.fail("InvalidImageId.Malformed", `The image id ${bt(id)} is malformed.`);
  const img = await images(ctx).get(id);
  if (!img) {
    if (publicImage(id) || (await sharedImages(ctx).has(id))) ctx.fail("InvalidParameterValue.InvalidImageId", `The image ${bt(id)} is not one of your custom images.`);
    ctx.fail("InvalidImageId.NotFound", `The image ${bt(id)} does not exist.`);
  }
  ctx.touch(id);
  return img;
}

function checkImageName(ctx: Ctx, name: string | undefined): void {
  if (name === undefined) return;
  if (!name || name.length > 60) ctx.fail("InvalidParameterValue.TooLarge", "`ImageName` is 1 to 60 characters.");
}

function checkFamily(ctx: Ctx, family: string | undefined): void {
  if (family && !/^[A-Za-z][A-Za-z0-9-]{0,59}$/.test(family)) ctx.fail("InvalidParameterValue.InvalidImageFamily", `The image family ${bt(family)} is not valid: letters, digits and hyphens, starting with a letter.`);
}

async function checkQuota(ctx: Ctx, n = 1, region?: string): Promise<void> {
  if ((await images(ctx, region).count()) + n > IMAGE_QUOTA) ctx.fail("ImageQuotaLimitExceeded", `The region allows ${IMAGE_QUOTA} custom images.`);
}

async function uniqueName(ctx: Ctx, name: string, except?: string): Promise<void> {
  if ((await images(ctx).all()).some((i) => i.ImageName === name && i.ImageId !== except)) ctx.fail("InvalidImageName.Duplicate", `A custom image named ${bt(name)} exists.`);
}

/**
 * CreateImage: from an instance (snapshots of its system disk and the data disks named) or from snapshots (one
 * system-disk snapshot). The image is CREATING until its snapshots are done; a RUNNING instance needs
 * ForcePoweroff=true, which stops it for the snapshot and starts it again.
 */
export async function createImage(ctx: Ctx, req: Req<m.CreateImageRequest>): Promise<Res<m.CreateImageResponse>> {
  checkImageName(ctx, req.ImageName);
  if ((req.ImageDescription ?? "").length > 256) ctx.fail("InvalidParameterValue.TooLarge", "`ImageDescription` is at most 256 characters.");
  checkFamily(ctx, req.ImageFamily);
  if (req.InstanceId && req.SnapshotIds?.length) ctx.fail("InvalidParameterConflict", "`InstanceId` and `SnapshotIds` cannot both be given.");
  if (!req.InstanceId && !req.SnapshotIds?.length) ctx.fail("InvalidParameter.SpecifyOneParameter", "Give `InstanceId` or `SnapshotIds`.");
  if (req.ForcePoweroff !== undefined && !["true", "false", "TRUE", "FALSE"].includes(req.ForcePoweroff)) ctx.fail("InvalidParameterValue", `The value ${bt(req.ForcePoweroff)} of \`ForcePoweroff\` is not true or false.`);
  await uniqueName(ctx, req.ImageName);
  await checkQuota(ctx);
  const tags = tagsFor(ctx, req.TagSpecification, "image");
  const id = await newId(images(ctx), "img");
  const ref = { ImageId: id, ImageName: req.ImageName };
  const snaps: ImageSnapshot[] = [];
  let base = { OsName: "", Platform: "", windows: false, Architecture: "x86_64" };
  if (req.InstanceId) {
    const force = req.ForcePoweroff?.toLowerCase() === "true";
    const inst = await loadInstance(ctx, req.InstanceId, ["RUNNING", "STOPPED"], "CreateImage");
    if (stateOf(ctx, inst) === "RUNNING" && !force) ctx.fail("InvalidInstance.NotSupported", `The instance ${bt(inst.InstanceId)} is RUNNING: stop it or pass ForcePoweroff=true.`);
    if (stateOf(ctx, inst) === "STOPPED" && inst.StopChargingMode === "STOP_CHARGING") ctx.fail("UnsupportedOperation.StoppedModeStopCharging", `The instance ${bt(inst.InstanceId)} stopped without charging.`);
    const disks = await instanceDisks(ctx, inst.InstanceId, inst.SystemDiskId);
    for (const d of req.DataDiskIds ?? []) {
      if (d === inst.SystemDiskId) ctx.fail("InvalidParameter.DataDiskIdContainsRootDisk", `${bt(d)} is the system disk.`);
      if (!disks.data.some((x) => x.DiskId === d)) ctx.fail("InvalidParameter.DataDiskNotBelongSpecifiedInstance", `The disk ${bt(d)} is not a data disk of ${bt(inst.InstanceId)}.`);
    }
    for (const diskId of [inst.SystemDiskId, ...new Set(req.DataDiskIds ?? [])]) {
      const s = await snapshotDiskForImage(ctx, diskId, ref);
      if (s === "rollbacking") ctx.fail("ResourceInUse.DiskRollbacking", `The disk ${bt(diskId)} is rolling back.`);
      if (s === "busy") ctx.fail("OperationDenied.InstanceOperationInProgress", `The disk ${bt(diskId)} is changing.`);
      if (s === "not-found") ctx.fail("InvalidInstance.NotSupported", `The disk ${bt(diskId)} of the instance is gone.`);
      snaps.push(s);
    }
    const source = await findImage(ctx, inst.ImageId);
    base = { OsName: inst.OsName, Platform: source?.Platform ?? inst.OsName.split(" ")[0], windows: inst.windows, Architecture: "x86_64" };
    if (force && stateOf(ctx, inst) === "RUNNING") await operate(ctx, inst, "CreateImage", {}, "REBOOTING");
    else await operate(ctx, inst, "CreateImage");
  } else {
    const ids = [...new Set(req.SnapshotIds)];
    const found: ImageSnapshot[] = [];
    for (const sid of ids) {
      const s = await findSnapshot(ctx, sid);
      if (!s) ctx.fail("InvalidParameter.SnapshotNotFound", `The snapshot ${bt(sid)} does not exist.`);
      found.push(s);
    }
    const systems = found.filter((s) => s.DiskUsage === "SYSTEM_DISK");
    if (!systems.length) ctx.fail("InvalidParameter.SystemSnapshotNotFound", "`SnapshotIds` needs one system-disk snapshot.");
    if (systems.length > 1) ctx.fail("InvalidParameter.DuplicateSystemSnapshots", "`SnapshotIds` takes one system-disk snapshot.");
    for (const s of [...systems, ...found.filter((x) => x.DiskUsage !== "SYSTEM_DISK")]) {
      const bound = await bindSnapshotToImage(ctx, s.SnapshotId, ref);
      if (bound === "creating") ctx.fail("ResourceUnavailable.SnapshotCreating", `The snapshot ${bt(s.SnapshotId)} is still being created.`);
      if (bound === "not-found") ctx.fail("InvalidParameter.SnapshotNotFound", `The snapshot ${bt(s.SnapshotId)} does not exist.`);
      snaps.push(bound);
    }
    base = { OsName: "CentOS 7.6 64bit", Platform: "CentOS", windows: false, Architecture: "x86_64" };
  }
  if (req.DryRun) ctx.fail("DryRunOperation", "DryRun Operation. The request would have succeeded, but the DryRun parameter was used.");
  const now = ctx.now();
  await images(ctx).insert(id, {
    ImageId: id, ImageName: req.ImageName, ImageDescription: req.ImageDescription ?? "", ...base, ImageSize: snaps.find((s) => s.DiskUsage === "SYSTEM_DISK")?.DiskSize ?? 50,
    ImageSource: "CREATE_IMAGE", ImageFamily: req.ImageFamily ?? "", ImageDeprecated: false, LicenseType: "TencentCloud", BootMode: "Legacy BIOS",
    snapshots: snaps.map((s) => ({ SnapshotId: s.SnapshotId, DiskUsage: s.DiskUsage, DiskSize: s.DiskSize })), encrypted: snaps.some((s) => s.Encrypt),
    createdAt: now, readyAt: Math.max(now, ...snaps.map((s) => s.readyAt)), pending: "CREATING", sharedWith: [], Tags: tags,
  });
  ctx.touch(id);
  return { ImageId: id };
}

export async function deleteImages(ctx: Ctx, req: Req<m.DeleteImagesRequest>): Promise<Res<m.DeleteImagesResponse>> {
  if (!req.ImageIds.length) ctx.fail("MissingParameter", "The request is missing a required parameter `ImageIds`.");
  if (req.ImageIds.length > 10) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 10 images can be deleted at once.");
  const list: ImageDoc[] = [];
  for (const id of new Set(req.ImageIds)) {
    if ((await sharedImages(ctx).has(id))) ctx.fail("InvalidParameterValue.InvalidImageIdIsShared", `The image ${bt(id)} is shared with you: it is not yours to delete.`);
    const img = await loadOwnImage(ctx, id);
    if (imageState(img, ctx.now()) !== "NORMAL") ctx.fail("InvalidImageId.IncorrectState", `The image ${bt(id)} is ${imageState(img, ctx.now())}.`);
    if (img.sharedWith.length) ctx.fail("InvalidImageId.InShared", `The image ${bt(id)} is shared with ${img.sharedWith.length} accounts: cancel the sharing first.`);
    list.push(img);
  }
  if (req.DryRun) ctx.fail("DryRunOperation", "DryRun Operation. The request would have succeeded, but the DryRun parameter was used.");
  for (const img of list) {
    await releaseImageSnapshots(ctx, img.ImageId, img.snapshots.map((s) => s.SnapshotId), req.DeleteBindedSnap === true);
    await images(ctx).delete(img.ImageId);
  }
  return {};
}

interface Row {
  image: m.Image;
  tags: { Key: string; Value: string }[];
}

export async function describeImages(ctx: Ctx, req: Req<m.DescribeImagesRequest>): Promise<Res<m.DescribeImagesResponse>> {
  const ids = req.ImageIds ?? [];
  if (ids.length && req.Filters?.length) ctx.fail("InvalidParameter.InvalidParameterCoexistImageIdsFilters", "`ImageIds` and `Filters` cannot be given together.");
  if (ids.length > 100) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 100 `ImageIds` can be given.");
  for (const id of ids) if (!IMAGE_ID.test(id)) ctx.fail("InvalidImageId.Malformed", `The image id ${bt(id)} is malformed.`);
  if (req.InstanceType !== undefined) {
    const t = parseInstanceType(req.InstanceType);
    if (t === "malformed") ctx.fail("InvalidInstanceType.Malformed", `The instance type ${bt(req.InstanceType)} is malformed.`);
    if (t === "unknown") ctx.fail("InvalidParameterValue.InstanceTypeNotFound", `The instance type ${bt(req.InstanceType)} does not exist.`);
  }
  const page = paging(ctx, req.Offset, req.Limit);
  const zh = ctx.language === "zh-CN";
  const now = ctx.now();
  const rows: Row[] = PUBLIC_IMAGES.map((p) => ({ image: presentPublic(p, zh), tags: [] }));
  for (const i of await images(ctx).all()) rows.push({ image: presentImage(i, now, false, ctx.caller.uin), tags: i.Tags });
  for (const ref of await sharedImages(ctx).all()) {
    const i = await ownerImages(ctx, ref.owner).get(ref.ImageId);
    if (i) rows.push({ image: presentImage(i, now, true, ref.owner), tags: [] });
  }
  const filter = filterBy<Row>(ctx, req.Filters, {
    "image-id": (r, v) => eq(r.image.ImageId, v),
    "image-type": (r, v) => eq(r.image.ImageType, v),
    "image-name": (r, v) => v.some((x) => r.image.ImageName!.includes(x)),
    platform: (r, v) => v.some((x) => r.image.Platform!.toLowerCase().includes(x.toLowerCase())),
    "image-family": (r, v) => eq(r.image.ImageFamily, v),
    "image-name-exact": (r, v) => eq(r.image.ImageName, v),
  }, (r) => r.tags);
  const all = rows.filter((r) => (ids.length ? ids.includes(r.image.ImageId!) : filter(r)));
  return { ImageSet: all.slice(page.offset, page.offset + page.limit).map((r) => r.image), TotalCount: all.length };
}

export async function modifyImageAttribute(ctx: Ctx, req: Req<m.ModifyImageAttributeRequest>): Promise<Res<m.ModifyImageAttributeResponse>> {
  if (await sharedImages(ctx).has(req.ImageId)) ctx.fail("UnsupportedOperation.SharedImageModifyUnsupported", `The image ${bt(req.ImageId)} is shared with you.`);
  const img = await loadOwnImage(ctx, req.ImageId);
  if (imageState(img, ctx.now()) !== "NORMAL") ctx.fail("InvalidImageId.IncorrectState", `The image ${bt(img.ImageId)} is ${imageState(img, ctx.now())}.`);
  checkImageName(ctx, req.ImageName);
  if (req.ImageName) await uniqueName(ctx, req.ImageName, img.ImageId);
  if ((req.ImageDescription ?? "").length > 256) ctx.fail("InvalidParameterValue.TooLarge", "`ImageDescription` is at most 256 characters.");
  checkFamily(ctx, req.ImageFamily);
  await images(ctx).update(img.ImageId, {
    ...img,
    ImageName: req.ImageName ?? img.ImageName,
    ImageDescription: req.ImageDescription ?? img.ImageDescription,
    ImageFamily: req.ImageFamily ?? img.ImageFamily,
    ImageDeprecated: req.ImageDeprecated ?? img.ImageDeprecated,
  });
  return {};
}

export function describeImageQuota(): Res<m.DescribeImageQuotaResponse> {
  return { ImageNumQuota: IMAGE_QUOTA };
}

/** The newest NORMAL, not deprecated, custom image of a family. */
export async function describeImageFromFamily(ctx: Ctx, req: Req<m.DescribeImageFromFamilyRequest>): Promise<Res<m.DescribeImageFromFamilyResponse>> {
  if (!req.ImageFamily) ctx.fail("MissingParameter", "The request is missing a required parameter `ImageFamily`.");
  const now = ctx.now();
  const found = (await images(ctx).all()).filter((i) => i.ImageFamily === req.ImageFamily && !i.ImageDeprecated && imageState(i, now) === "NORMAL").pop();
  return { Image: found ? presentImage(found, now, false, ctx.caller.uin) : (null as never) };
}

