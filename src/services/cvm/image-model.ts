import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import type { ProductName } from "../../errors/catalog";
import { Collection } from "../../platform/collection";
import type { ActionContext } from "../../platform/service";
import type { Tag } from "./instance-model";

/**
 * Public images: the API reference's example ids where they name a public image (img-9qabwvbn CentOS 7.6), and
 * tclocal's ids for the other real public images it offers. Every region offers all of them.
 */
export interface PublicImage {
  ImageId: string;
  OsName: string;
  zh: string;
  Platform: string;
  ImageSize: number;
  Architecture: string;
  windows: boolean;
  created: string;
}

export const PUBLIC_IMAGES: readonly PublicImage[] = [
  { ImageId: "img-9qabwvbn", OsName: "CentOS 7.6 64bit", zh: "CentOS 7.6 64位", Platform: "CentOS", ImageSize: 50, Architecture: "x86_64", windows: false, created: "2020-09-22T00:00:00+00:00" },
  { ImageId: "img-8toqc6s3", OsName: "CentOS 7.4 64bit", zh: "CentOS 7.4 64位", Platform: "CentOS", ImageSize: 20, Architecture: "x86_64", windows: false, created: "2018-01-04T00:00:00+00:00" },
  { ImageId: "img-l8og963d", OsName: "CentOS 7.9 64bit", zh: "CentOS 7.9 64位", Platform: "CentOS", ImageSize: 20, Architecture: "x86_64", windows: false, created: "2021-03-15T00:00:00+00:00" },
  { ImageId: "img-pmqg1cw7", OsName: "TencentOS Server 3.1 (TK4)", zh: "TencentOS Server 3.1 (TK4)", Platform: "TencentOS", ImageSize: 20, Architecture: "x86_64", windows: false, created: "2022-06-01T00:00:00+00:00" },
  { ImageId: "img-dkwyg6sr", OsName: "TencentOS Server 2.4 (Final)", zh: "TencentOS Server 2.4 (Final)", Platform: "TencentOS", ImageSize: 20, Architecture: "x86_64", windows: false, created: "2020-11-11T00:00:00+00:00" },
  { ImageId: "img-22trbn9x", OsName: "Ubuntu Server 20.04 LTS 64bit", zh: "Ubuntu Server 20.04 LTS 64位", Platform: "Ubuntu", ImageSize: 20, Architecture: "x86_64", windows: false, created: "2020-05-20T00:00:00+00:00" },
  { ImageId: "img-487zeit5", OsName: "Ubuntu Server 22.04 LTS 64bit", zh: "Ubuntu Server 22.04 LTS 64位", Platform: "Ubuntu", ImageSize: 20, Architecture: "x86_64", windows: false, created: "2022-05-10T00:00:00+00:00" },
  { ImageId: "img-eb30mz89", OsName: "Debian 11.7 64bit", zh: "Debian 11.7 64位", Platform: "Debian", ImageSize: 20, Architecture: "x86_64", windows: false, created: "2023-05-01T00:00:00+00:00" },
  { ImageId: "img-9id7emv7", OsName: "Windows Server 2019 DataCenter 64bit Chinese", zh: "Windows Server 2019 数据中心版 64位中文版", Platform: "Windows", ImageSize: 50, Architecture: "x86_64", windows: true, created: "2019-12-01T00:00:00+00:00" },
  { ImageId: "img-hdt9xxkt", OsName: "Windows Server 2022 DataCenter 64bit Chinese", zh: "Windows Server 2022 数据中心版 64位中文版", Platform: "Windows", ImageSize: 50, Architecture: "x86_64", windows: true, created: "2022-03-01T00:00:00+00:00" },
];

export type ImageState = "CREATING" | "NORMAL" | "SYNCING" | "IMPORTING";

/** A custom image of the account (CreateImage, ImportImage, SyncImages), stored per region. */
export interface ImageDoc {
  ImageId: string;
  ImageName: string;
  ImageDescription: string;
  OsName: string;
  Platform: string;
  Architecture: string;
  ImageSize: number;
  windows: boolean;
  ImageSource: "CREATE_IMAGE" | "EXTERNAL_IMPORT" | "SYNC";
  ImageFamily: string;
  ImageDeprecated: boolean;
  LicenseType: string;
  BootMode: string;
  snapshots: { SnapshotId: string; DiskUsage: string; DiskSize: number }[];
  encrypted: boolean;
  createdAt: number;
  /** CREATING / SYNCING / IMPORTING until then (emulator ms). */
  readyAt: number;
  pending: "CREATING" | "SYNCING" | "IMPORTING";
  /** Accounts (uin) the image is shared with. */
  sharedWith: string[];
  Tags: Tag[];
}

export const images = (ctx: ActionContext<ProductName>, region?: string) => ctx.as("cvm").docs<ImageDoc>("image", region ? { region } : {});
export const ownerImages = (ctx: ActionContext<ProductName>, owner: string, region = ctx.region) =>
  new Collection<ImageDoc>(ctx.tx, { service: "cvm", account: owner, region }, "image");
/** In the receiving account: pointers to images other accounts shared with it. */
export const sharedImages = (ctx: ActionContext<ProductName>, account = ctx.caller.uin, region = ctx.region) =>
  new Collection<{ ImageId: string; owner: string }>(ctx.tx, { service: "cvm", account, region }, "shared-image");

/** Custom images per account and region (DescribeImageQuota, the documented example's 20), and accounts an image can be shared with. */
export const IMAGE_QUOTA = 20;
export const IMAGE_SHARE_QUOTA = 500;

export function imageState(i: ImageDoc, now: number): ImageState {
  return now < i.readyAt ? i.pending : "NORMAL";
}

/** What an instance needs of its image, wherever it comes from. */
export interface ImageInfo {
  ImageId: string;
  OsName: string;
  Platform: string;
  windows: boolean;
  ImageSize: number;
  kind: "PUBLIC_IMAGE" | "PRIVATE_IMAGE" | "SHARED_IMAGE";
  state: ImageState;
}

export const publicImage = (id: string) => PUBLIC_IMAGES.find((i) => i.ImageId === id);

/** The image named by an id: public, the account's own, or shared with it; undefined when none. */
export async function findImage(ctx: ActionContext<ProductName>, id: string): Promise<ImageInfo | undefined> {
  const pub = publicImage(id);
  if (pub) return { ImageId: id, OsName: pub.OsName, Platform: pub.Platform, windows: pub.windows, ImageSize: pub.ImageSize, kind: "PUBLIC_IMAGE", state: "NORMAL" };
  const own = await images(ctx).get(id);
  const ref = own ? undefined : await sharedImages(ctx).get(id);
  const img = own ?? (ref ? await ownerImages(ctx, ref.owner).get(id) : undefined);
  if (!img) return undefined;
  return { ImageId: id, OsName: img.OsName, Platform: img.Platform, windows: img.windows, ImageSize: img.ImageSize, kind: own ? "PRIVATE_IMAGE" : "SHARED_IMAGE", state: imageState(img, ctx.now()) };
}

export function presentPublic(p: PublicImage, zh: boolean): m.Image {
  return {
    ImageId: p.ImageId, OsName: zh ? p.zh : p.OsName, ImageType: "PUBLIC_IMAGE", CreatedTime: p.created, ImageName: zh ? p.zh : p.OsName,
    ImageDescription: zh ? p.zh : p.OsName, ImageSize: p.ImageSize, Architecture: p.Architecture, ImageState: "NORMAL", Platform: p.Platform,
    ImageCreator: "tencent", ImageSource: "OFFICIAL", SyncPercent: null as never, IsSupportCloudinit: true, SnapshotSet: [], Tags: [],
    LicenseType: "TencentCloud", ImageFamily: "", ImageDeprecated: false, CdcCacheStatus: "",
  };
}

export function presentImage(i: ImageDoc, now: number, shared: boolean, owner: string): m.Image {
  const state = imageState(i, now);
  return {
    ImageId: i.ImageId, OsName: i.OsName, ImageType: shared ? "SHARED_IMAGE" : "PRIVATE_IMAGE", CreatedTime: new Date(i.createdAt).toISOString().replace(/\.\d{3}Z$/, "+00:00"),
    ImageName: i.ImageName, ImageDescription: i.ImageDescription, ImageSize: i.ImageSize, Architecture: i.Architecture, ImageState: state, Platform: i.Platform,
    ImageCreator: owner, ImageSource: i.ImageSource, SyncPercent: state === "SYNCING" ? Math.min(99, Math.floor(((now - i.createdAt) / (i.readyAt - i.createdAt)) * 100)) : (null as never),
    IsSupportCloudinit: !i.windows, SnapshotSet: i.snapshots.map((s) => ({ ...s })), Tags: i.Tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    LicenseType: i.LicenseType, ImageFamily: i.ImageFamily, ImageDeprecated: i.ImageDeprecated, CdcCacheStatus: "",
  };
}
