import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import { accounts } from "../../platform/accounts";
import type { Req, Res } from "../../platform/definition";
import { copyImageSnapshots } from "../cbs/for-products";
import { findBucketByName, objectAtUrl, putObjectForProduct } from "../cos/for-products";
import { checkKeyForProduct } from "../kms/for-products";
import { bt, newId, tagsFor, utc, type Ctx } from "./common";
import { images, IMAGE_QUOTA, IMAGE_SHARE_QUOTA, imageState, publicImage, sharedImages, type ImageDoc } from "./image-model";
import { loadOwnImage } from "./images";
import { COMPUTE_REGIONS } from "./zones";

export async function modifyImageSharePermission(ctx: Ctx, req: Req<m.ModifyImageSharePermissionRequest>): Promise<Res<m.ModifyImageSharePermissionResponse>> {
  if (publicImage(req.ImageId)) ctx.fail("InvalidParameterValue.InvalidImageId", `The image ${bt(req.ImageId)} is a public image.`);
  if (await sharedImages(ctx).has(req.ImageId)) ctx.fail("UnauthorizedOperation.ImageNotBelongToAccount", `The image ${bt(req.ImageId)} belongs to another account.`);
  const img = await loadOwnImage(ctx, req.ImageId);
  if (req.Permission !== "SHARE" && req.Permission !== "CANCEL") ctx.fail("InvalidParameterValue.InvalidImageId", "`Permission` is SHARE or CANCEL.");
  if (imageState(img, ctx.now()) !== "NORMAL") ctx.fail("InvalidParameterValue.InvalidImageState", `The image ${bt(img.ImageId)} is ${imageState(img, ctx.now())}.`);
  if (img.encrypted) ctx.fail("UnsupportedOperation.EncryptedImagesNotSupported", `The image ${bt(img.ImageId)} is encrypted.`);
  if (img.LicenseType === "BYOL") ctx.fail("FailedOperation.BYOLImageShareFailed", `The image ${bt(img.ImageId)} brings its own license.`);
  if (req.AccountIds.length > 100) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 100 accounts can be given.");
  let shared = [...img.sharedWith];
  for (const uin of new Set(req.AccountIds)) {
    if (uin === ctx.caller.uin) ctx.fail("FailedOperation.AccountIsYourSelf", "An image cannot be shared with its own account.");
    if (!(await accounts.get(ctx.tx, uin))) ctx.fail("InvalidAccountId.NotFound", `The account ${bt(uin)} does not exist.`);
    const has = shared.includes(uin);
    if (req.Permission === "SHARE" && has) ctx.fail("FailedOperation.AccountAlreadyExists", `The image is already shared with ${bt(uin)}.`);
    if (req.Permission === "CANCEL" && !has) ctx.fail("InvalidAccountId.NotFound", `The image is not shared with ${bt(uin)}.`);
    shared = req.Permission === "SHARE" ? [...shared, uin] : shared.filter((x) => x !== uin);
  }
  if (shared.length > IMAGE_SHARE_QUOTA) ctx.fail("OverQuota", `An image can be shared with ${IMAGE_SHARE_QUOTA} accounts.`);
  for (const uin of new Set(req.AccountIds)) {
    const pointers = sharedImages(ctx, uin);
    if (req.Permission === "SHARE") await pointers.put(img.ImageId, { ImageId: img.ImageId, owner: ctx.caller.uin });
    else await pointers.delete(img.ImageId);
  }
  const at = ctx.docs<{ at: number }>("image-share-time");
  for (const uin of req.AccountIds) {
    if (req.Permission === "SHARE") await at.put(`${img.ImageId}/${uin}`, { at: ctx.now() });
    else await at.delete(`${img.ImageId}/${uin}`);
  }
  await images(ctx).update(img.ImageId, { ...img, sharedWith: shared });
  return {};
}

export async function describeImageSharePermission(ctx: Ctx, req: Req<m.DescribeImageSharePermissionRequest>): Promise<Res<m.DescribeImageSharePermissionResponse>> {
  if (await sharedImages(ctx).has(req.ImageId)) ctx.fail("UnauthorizedOperation.ImageNotBelongToAccount", `The image ${bt(req.ImageId)} belongs to another account.`);
  const img = await loadOwnImage(ctx, req.ImageId);
  const at = ctx.docs<{ at: number }>("image-share-time");
  const out: m.SharePermission[] = [];
  for (const uin of img.sharedWith) out.push({ CreatedTime: utc((await at.get(`${img.ImageId}/${uin}`))?.at ?? img.createdAt), AccountId: uin });
  return { SharePermissionSet: out };
}

/** Copies custom images to other regions (SYNCING until their snapshots are copied), or to an encrypted copy in the same region. */
export async function syncImages(ctx: Ctx, req: Req<m.SyncImagesRequest>): Promise<Res<m.SyncImagesResponse>> {
  if (!req.ImageIds.length || !req.DestinationRegions.length) ctx.fail("InvalidParameterValue.LimitExceeded", "`ImageIds` and `DestinationRegions` are required.");
  if (req.ImageIds.length > 10) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 10 images can be synced at once.");
  const list: ImageDoc[] = [];
  for (const id of new Set(req.ImageIds)) {
    if (publicImage(id)) ctx.fail("InvalidParameterValue.InvalidImageId", `The image ${bt(id)} is a public image.`);
    const img = await loadOwnImage(ctx, id);
    if (imageState(img, ctx.now()) !== "NORMAL") ctx.fail("InvalidImageId.IncorrectState", `The image ${bt(id)} is ${imageState(img, ctx.now())}.`);
    list.push(img);
  }
  for (const r of req.DestinationRegions) {
    if (!COMPUTE_REGIONS.includes(r)) ctx.fail("InvalidRegion.NotFound", `The region ${bt(r)} does not exist.`);
    if (r === ctx.region && !req.Encrypt) ctx.fail("InvalidParameterValue.InvalidRegion", `The destination ${bt(r)} is the image's own region.`);
    if (req.Encrypt && r !== ctx.region) ctx.fail("UnsupportedOperation.SyncEncryptImageNotSupport", "An encrypted copy stays in the image's region.");
    if ((await images(ctx, r).count()) + list.length > IMAGE_QUOTA) ctx.fail("ImageQuotaLimitExceeded", `The region ${bt(r)} allows ${IMAGE_QUOTA} custom images.`);
  }
  if (req.ImageName !== undefined && (!req.ImageName || req.ImageName.length > 60)) ctx.fail("InvalidParameterValue.InvalidImageId", "`ImageName` is 1 to 60 characters.");
  if (req.KmsKeyId) {
    const usable = await checkKeyForProduct(ctx.as("cbs"), req.KmsKeyId);
    if (usable !== "ok") ctx.fail("InvalidParameter.InvalidKmsKeyId", `The KMS key ${bt(req.KmsKeyId)} cannot encrypt images (${usable}).`);
  }
  if (req.DryRun) ctx.fail("DryRunOperation", "DryRun Operation. The request would have succeeded, but the DryRun parameter was used.");
  const out: m.SyncImage[] = [];
  for (const img of list) {
    for (const region of req.DestinationRegions) {
      const col = images(ctx, region);
      const id = await newId(col, "img");
      const name = req.ImageName ?? img.ImageName;
      const snaps = await copyImageSnapshots(ctx, img.snapshots.map((s) => s.SnapshotId), region, { ImageId: id, ImageName: name });
      const now = ctx.now();
      await col.insert(id, {
        ...img, ImageId: id, ImageName: name, ImageSource: "SYNC", snapshots: snaps.map((s) => ({ SnapshotId: s.SnapshotId, DiskUsage: s.DiskUsage, DiskSize: s.DiskSize })),
        encrypted: img.encrypted || Boolean(req.Encrypt), createdAt: now, readyAt: Math.max(now + 10_000, ...snaps.map((s) => s.readyAt)), pending: "SYNCING", sharedWith: [],
      });
      out.push({ ImageId: id, Region: region });
    }
  }
  return { ImageSet: req.ImageSetRequired ? out : [] };
}

const OS: { name: string; windows: boolean; versions: string[]; arch: string[] }[] = [
  { name: "CentOS", windows: false, versions: ["7", "8"], arch: ["x86_64", "arm_64"] },
  { name: "Ubuntu", windows: false, versions: ["18.04", "20.04", "22.04"], arch: ["x86_64", "arm_64"] },
  { name: "Debian", windows: false, versions: ["10", "11", "12"], arch: ["x86_64"] },
  { name: "OpenSUSE", windows: false, versions: ["15"], arch: ["x86_64"] },
  { name: "SUSE", windows: false, versions: ["12", "15"], arch: ["x86_64"] },
  { name: "CoreOS", windows: false, versions: ["-"], arch: ["x86_64"] },
  { name: "FreeBSD", windows: false, versions: ["12", "13"], arch: ["x86_64"] },
  { name: "Other Linux", windows: false, versions: ["-"], arch: ["x86_64", "i386"] },
  { name: "Windows Server 2016", windows: true, versions: ["-"], arch: ["x86_64"] },
  { name: "Windows Server 2019", windows: true, versions: ["-"], arch: ["x86_64"] },
  { name: "Windows Server 2022", windows: true, versions: ["-"], arch: ["x86_64"] },
];

export function describeImportImageOs(): Res<m.DescribeImportImageOsResponse> {
  return {
    ImportImageOsListSupported: { Windows: OS.filter((o) => o.windows).map((o) => o.name), Linux: OS.filter((o) => !o.windows).map((o) => o.name) },
    ImportImageOsVersionSet: OS.map((o) => ({ OsName: o.name, OsVersions: o.versions, Architecture: o.arch })),
  };
}

/**
 * Imports an image file from COS: IMPORTING for 5 minutes, then NORMAL (the file's content is not read). A URL of
 * a bucket of this tclocal must name an object that exists; a COS URL of an AppId tclocal does not know is taken
 * on trust.
 */
export async function importImage(ctx: Ctx, req: Req<m.ImportImageRequest>): Promise<Res<m.ImportImageResponse>> {
  if (!["x86_64", "i386", "arm_64"].includes(req.Architecture)) ctx.fail("InvalidImageOsType.Unsupported", `The architecture ${bt(req.Architecture)} is not x86_64, i386 or arm_64.`);
  const os = OS.find((o) => o.name === req.OsType);
  if (!os) ctx.fail("InvalidImageOsType.Unsupported", `The OS type ${bt(req.OsType)} cannot be imported (DescribeImportImageOs).`);
  if (!os.versions.includes(req.OsVersion)) ctx.fail("InvalidImageOsVersion.Unsupported", `The version ${bt(req.OsVersion)} of ${req.OsType} cannot be imported.`);
  const source = await objectAtUrl(ctx.tx, req.ImageUrl);
  if (source.kind === "not-cos") ctx.fail("InvalidParameter.InvalidParameterUrlError", `The address ${bt(req.ImageUrl)} is not a COS object URL.`);
  if (source.kind === "no-bucket") ctx.fail("InvalidParameter.InvalidParameterUrlError", `The bucket ${bt(source.bucket)} does not exist in ${bt(source.region)}.`);
  if (source.kind === "no-object") ctx.fail("InvalidParameter.InvalidParameterUrlError", `The object ${bt(source.key)} does not exist in the bucket ${bt(source.bucket)}.`);
  if (!req.ImageName || req.ImageName.length > 60) ctx.fail("InvalidParameterValue.TooLarge", "`ImageName` is 1 to 60 characters.");
  if ((req.ImageDescription ?? "").length > 256) ctx.fail("InvalidParameterValue.TooLarge", "`ImageDescription` is at most 256 characters.");
  const license = req.LicenseType ?? "TencentCloud";
  if (license !== "TencentCloud" && license !== "BYOL") ctx.fail("InvalidParameterValue.InvalidLicenseType", `The license type ${bt(license)} is not TencentCloud or BYOL.`);
  const boot = req.BootMode ?? "Legacy BIOS";
  if (boot !== "Legacy BIOS" && boot !== "UEFI") ctx.fail("InvalidParameterValue.InvalidBootMode", `The boot mode ${bt(boot)} is not Legacy BIOS or UEFI.`);
  if (req.ImageFamily && !/^[A-Za-z][A-Za-z0-9-]{0,59}$/.test(req.ImageFamily)) ctx.fail("InvalidParameterValue.InvalidImageFamily", `The image family ${bt(req.ImageFamily)} is not valid.`);
  if ((await images(ctx).all()).some((i) => i.ImageName === req.ImageName)) ctx.fail("InvalidImageName.Duplicate", `A custom image named ${bt(req.ImageName)} exists.`);
  if ((await images(ctx).count()) >= IMAGE_QUOTA) ctx.fail("ImageQuotaLimitExceeded", `The region allows ${IMAGE_QUOTA} custom images.`);
  const tags = tagsFor(ctx, req.TagSpecification, "image");
  if (req.DryRun) ctx.fail("DryRunOperation", "DryRun Operation. The request would have succeeded, but the DryRun parameter was used.");
  const id = await newId(images(ctx), "img");
  const now = ctx.now();
  await images(ctx).insert(id, {
    ImageId: id, ImageName: req.ImageName, ImageDescription: req.ImageDescription ?? "", OsName: `${req.OsType} ${req.OsVersion}`.replace(/ -$/, ""), Platform: req.OsType.split(" ")[0],
    Architecture: req.Architecture, ImageSize: 50, windows: os.windows, ImageSource: "EXTERNAL_IMPORT", ImageFamily: req.ImageFamily ?? "", ImageDeprecated: false, LicenseType: license,
    BootMode: boot, snapshots: [], encrypted: false, createdAt: now, readyAt: now + 5 * 60_000, pending: "IMPORTING", sharedWith: [], Tags: tags,
  });
  ctx.touch(id);
  return { ImageId: id };
}

/**
 * Exports images into a COS bucket of the caller in the images' region: one object per disk snapshot, named as the
 * real service names them (`[<prefix>_]<image>_<system|data>_<snapshot>.<format>`), written at once (the task is
 * done when the call returns). The object holds a short text describing the disk, not a disk image.
 */
export async function exportImages(ctx: Ctx, req: Req<m.ExportImagesRequest>): Promise<Res<m.ExportImagesResponse>> {
  const ids = req.ImageIds ?? [];
  if (!ids.length) ctx.fail("InvalidParameter.ImageIdsSnapshotIdsMustOne", "Give `ImageIds`.");
  if (ids.length > 10) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 10 images can be exported at once.");
  const suffix = `-${ctx.caller.appId}`;
  const bucket = await findBucketByName(ctx.tx, ctx.caller.uin, req.BucketName.endsWith(suffix) ? req.BucketName.slice(0, -suffix.length) : req.BucketName);
  if (!bucket || bucket.region !== ctx.region) ctx.fail("InvalidParameterValue.BucketNotFound", `The bucket ${bt(req.BucketName)} does not exist in ${bt(ctx.region)}.`);
  const format = req.ExportFormat ?? "RAW";
  if (!["RAW", "QCOW2", "VHD", "VMDK"].includes(format)) ctx.fail("InvalidParameterValue.InvalidImageId", `The format ${bt(format)} is not RAW, QCOW2, VHD or VMDK.`);
  if (req.FileNamePrefixList && req.FileNamePrefixList.length !== ids.length) ctx.fail("InvalidParameterValue.InvalidFileNamePrefixList", "`FileNamePrefixList` needs one prefix per image.");
  const files: { key: string; body: string }[] = [];
  for (const [n, id] of ids.entries()) {
    if (publicImage(id)) ctx.fail("UnsupportedOperation.PublicImageExportUnsupported", `The image ${bt(id)} is a public image.`);
    if (await sharedImages(ctx).has(id)) ctx.fail("UnsupportedOperation.SharedImageExportUnsupported", `The image ${bt(id)} is shared with you.`);
    const img = await loadOwnImage(ctx, id);
    if (img.windows) ctx.fail("UnsupportedOperation.WindowsImageExportUnsupported", `The image ${bt(id)} is a Windows image.`);
    if (img.encrypted) ctx.fail("UnsupportedOperation.EncryptedImagesNotSupported", `The image ${bt(id)} is encrypted.`);
    if (imageState(img, ctx.now()) !== "NORMAL") ctx.fail("InvalidParameterValue.InvalidImageState", `The image ${bt(id)} is ${imageState(img, ctx.now())}.`);
    const prefix = req.FileNamePrefixList?.[n] ? `${req.FileNamePrefixList[n]}_` : "";
    const snaps = req.OnlyExportRootDisk ? img.snapshots.filter((s) => s.DiskUsage === "SYSTEM_DISK") : img.snapshots;
    for (const s of snaps) {
      const key = `${prefix}${id}_${s.DiskUsage === "SYSTEM_DISK" ? "system" : "data"}_${s.SnapshotId}.${format.toLowerCase()}`;
      files.push({ key, body: `tclocal image export\nImageId: ${id}\nImageName: ${img.ImageName}\nSnapshotId: ${s.SnapshotId}\nDiskUsage: ${s.DiskUsage}\nDiskSize: ${s.DiskSize} GiB\nFormat: ${format}\n` });
    }
  }
  if (req.DryRun) ctx.fail("DryRunOperation", "DryRun Operation. The request would have succeeded, but the DryRun parameter was used.");
  const counter = ctx.docs<{ n: number }>("export-task");
  const n = ((await counter.get("n"))?.n ?? 105_000_000) + 1;
  await counter.put("n", { n });
  for (const f of files) {
    await putObjectForProduct(ctx.platform.blobs, ctx.tx, { uin: ctx.caller.uin, bucket: bucket.name, key: f.key, body: Buffer.from(f.body), contentType: "application/octet-stream", now: ctx.now() });
  }
  return { TaskId: n, CosPaths: files.map((f) => `/${f.key}`) };
}
