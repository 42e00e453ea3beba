import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import { shortId, uuid } from "../../platform/ids";
import type { Req, Res } from "../../platform/definition";
import { uniqueId, type ActionContext } from "../../platform/service";
import { bindKeyToResource, checkKeyForProduct } from "../kms/for-products";
import { DiskStore, newDisk, type DiskDoc } from "../cbs/disk-model";
import { DISK_TYPES, isDiskType, periodDiscount, round2 } from "../cbs/disk-types";
import { snapshots } from "../cbs/snapshot-model";
import { IMAGE_ID, imageInfo, INSTANCE_PERIODS, instanceMonthlyPrice, parseInstanceType, type InstanceTypeSpec } from "./catalog";
import { instances, liveInstances, type InstanceDoc } from "./instance-model";
import { allocatePrivateIp, allocatePublicIp, defaultVpc } from "./network";
import { zoneInfo } from "./zones";

type Ctx = ActionContext<"cvm">;
const bt = (s: string | number) => "`" + s + "`";
const MONTH = 30 * 86_400_000;

/** Instances per account and region (tclocal's quota; LimitExceeded.InstanceQuota beyond). */
export const INSTANCE_QUOTA = 500;

interface DiskPlan {
  type: keyof typeof DISK_TYPES;
  size: number;
  snapshotId: string | null;
  kmsKeyId: string;
  encrypt: boolean;
  deleteWithInstance: boolean;
  throughput: number;
  name: string;
}

/** Validates everything RunInstances documents, in the order the real service checks, and returns the plan. */
async function plan(ctx: Ctx, req: m.RunInstancesRequest) {
  if (req.LaunchTemplate?.LaunchTemplateId) {
    ctx.fail("InvalidParameterValue.LaunchTemplateNotFound", `The launch template ${bt(req.LaunchTemplate.LaunchTemplateId)} does not exist.`);
  }
  if (!req.Placement) ctx.fail("MissingParameter", "The request is missing a required parameter `Placement`.");
  const zone = zoneInfo(req.Placement.Zone);
  if (!zone || zone.region !== ctx.region) {
    ctx.fail("InvalidZone.MismatchRegion", `The zone ${bt(req.Placement.Zone)} does not exist in the region ${bt(ctx.region)}.`);
  }
  if (!zone.available) ctx.fail("ResourceInsufficient.AvailabilityZoneSoldOut", `The zone ${bt(zone.Zone)} is sold out.`);
  if (req.Placement.HostIds?.length) ctx.fail("InvalidHostId.NotFound", `The CDH host ${bt(req.Placement.HostIds[0])} does not exist.`);
  if (req.DisasterRecoverGroupIds?.length) {
    ctx.fail("FailedOperation.DisasterRecoverGroupNotFound", `The placement group ${bt(req.DisasterRecoverGroupIds[0])} does not exist.`);
  }
  if (req.HpcClusterId) ctx.fail("ResourceNotFound.HpcCluster", `The HPC cluster ${bt(req.HpcClusterId)} does not exist.`);
  if (req.ChcIds?.length) ctx.fail("InvalidParameterValue.ChcHostsNotFound", `The CHC host ${bt(req.ChcIds[0])} does not exist.`);

  const chargeType = req.InstanceChargeType ?? "POSTPAID_BY_HOUR";
  if (!["PREPAID", "POSTPAID_BY_HOUR", "SPOTPAID"].includes(chargeType)) {
    ctx.fail("InvalidParameterValue", `The value ${bt(chargeType)} specified in the parameter ${bt("InstanceChargeType")} is not valid.`);
  }
  let period = 0;
  let renewFlag = "NOTIFY_AND_MANUAL_RENEW";
  if (chargeType === "PREPAID") {
    if (!req.InstanceChargePrepaid) ctx.fail("MissingParameter", "The request is missing a required parameter `InstanceChargePrepaid`.");
    period = Number(req.InstanceChargePrepaid.Period);
    if (!INSTANCE_PERIODS.includes(period)) ctx.fail("InvalidPeriod", `The period ${bt(period)} is not valid: 1-12, 24, 36, 48 or 60 months.`);
    renewFlag = req.InstanceChargePrepaid.RenewFlag ?? renewFlag;
    if (!["NOTIFY_AND_AUTO_RENEW", "NOTIFY_AND_MANUAL_RENEW", "DISABLE_NOTIFY_AND_MANUAL_RENEW"].includes(renewFlag)) {
      ctx.fail("InvalidParameterValue", `The value ${bt(renewFlag)} specified in the parameter ${bt("InstanceChargePrepaid.RenewFlag")} is not valid.`);
    }
  }

  const typeName = req.InstanceType ?? "S1.SMALL1";
  const spec = parseInstanceType(typeName);
  if (spec === "malformed") ctx.fail("InvalidInstanceType.Malformed", `The instance type ${bt(typeName)} is malformed.`);
  if (spec === "unknown") ctx.fail("InvalidParameterValue.InstanceTypeNotFound", `The instance type ${bt(typeName)} does not exist.`);

  if (!req.ImageId) ctx.fail("MissingParameter", "The request is missing a required parameter `ImageId`.");
  if (!IMAGE_ID.test(req.ImageId)) ctx.fail("InvalidImageId.Malformed", `The image id ${bt(req.ImageId)} is malformed.`);
  const image = imageInfo(req.ImageId);

  const count = req.InstanceCount ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 500) {
    ctx.fail("InvalidParameterValue.Range", `The value ${bt(count)} specified in the parameter ${bt("InstanceCount")} is not in [1, 500].`);
  }
  if (req.InstanceName !== undefined && req.InstanceName.length > 128) {
    ctx.fail("InvalidInstanceName.TooLong", "The instance name must be at most 128 characters.");
  }
  if (req.ClientToken !== undefined && req.ClientToken.length > 64) {
    ctx.fail("InvalidClientToken.TooLong", "The ClientToken must be at most 64 characters.");
  }

  const system = await diskPlan(ctx, "SystemDisk", req.SystemDisk ?? {}, "system");
  if ((req.DataDisks?.length ?? 0) > 20) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 20 data disks can be bought with an instance.");
  const data: DiskPlan[] = [];
  for (const [i, d] of (req.DataDisks ?? []).entries()) data.push(await diskPlan(ctx, `DataDisks.${i}`, d, "data"));

  const vpc = req.VirtualPrivateCloud;
  if (vpc) {
    if (vpc.VpcId !== "DEFAULT" && !/^vpc-[a-z0-9]{8}$/.test(vpc.VpcId)) ctx.fail("InvalidParameterValue.VpcIdMalformed", `The VPC id ${bt(vpc.VpcId)} is malformed.`);
    if (vpc.SubnetId !== "DEFAULT" && !/^subnet-[a-z0-9]{8}$/.test(vpc.SubnetId)) {
      ctx.fail("InvalidParameterValue.SubnetIdMalformed", `The subnet id ${bt(vpc.SubnetId)} is malformed.`);
    }
    for (const ip of vpc.PrivateIpAddresses ?? []) {
      if (!/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(ip) || ip.split(".").some((o) => Number(o) > 255)) {
        ctx.fail("InvalidParameterValue.InvalidIpFormat", `The private IP ${bt(ip)} is not a valid IPv4 address.`);
      }
    }
    if (vpc.PrivateIpAddresses?.length && vpc.PrivateIpAddresses.length !== count) {
      ctx.fail("InvalidParameterCombination", "The number of `VirtualPrivateCloud.PrivateIpAddresses` must equal `InstanceCount`.");
    }
  }

  const net = req.InternetAccessible;
  const bandwidth = net?.InternetMaxBandwidthOut ?? 0;
  if (bandwidth < 0 || bandwidth > 200) {
    ctx.fail("InvalidParameterValue", `The value ${bt(bandwidth)} specified in the parameter ${bt("InternetAccessible.InternetMaxBandwidthOut")} is not valid.`);
  }
  if (net?.PublicIpAssigned && bandwidth === 0) {
    ctx.fail("InvalidParameterCombination", "A public IP cannot be assigned when `InternetAccessible.InternetMaxBandwidthOut` is 0.");
  }

  const login = req.LoginSettings ?? {};
  if (login.KeepImageLogin === "true" && (login.Password || login.KeyIds?.length)) {
    ctx.fail("InvalidParameter.ParameterConflict", "`LoginSettings.KeepImageLogin` cannot be combined with a password or key pairs.");
  }
  if (login.Password && login.KeyIds?.length) {
    ctx.fail("InvalidParameterCombination", "`LoginSettings.Password` and `LoginSettings.KeyIds` cannot both be specified.");
  }
  if (login.Password !== undefined && !passwordOk(login.Password, image.windows)) {
    ctx.fail(
      "InvalidPassword",
      image.windows
        ? "The password must be 12 to 30 characters with at least three of: lowercase, uppercase, digits and special characters."
        : "The password must be 8 to 30 characters with at least two of: lowercase, uppercase, digits and special characters.",
    );
  }
  for (const k of login.KeyIds ?? []) if (!/^skey-[a-z0-9]{8}$/.test(k)) ctx.fail("InvalidKeyPairId.Malformed", `The key pair id ${bt(k)} is malformed.`);
  if (login.KeyIds?.length && image.windows) ctx.fail("UnsupportedOperation.KeyPairUnsupportedWindows", "Key pairs cannot be used with Windows images.");

  for (const sg of req.SecurityGroupIds ?? []) if (!/^sg-[a-z0-9]{8}$/.test(sg)) ctx.fail("InvalidSgId.Malformed", `The security group id ${bt(sg)} is malformed.`);
  if ((req.SecurityGroupIds?.length ?? 0) > 5) ctx.fail("LimitExceeded.AssociateUSGLimitExceeded", "An instance can be in at most 5 security groups.");

  if (req.HostName !== undefined && !hostNameOk(req.HostName, image.windows)) {
    ctx.fail("InvalidParameterValue.IllegalHostName", `The host name ${bt(req.HostName)} is not valid.`);
  }
  if (req.UserData !== undefined) {
    const ok = /^[A-Za-z0-9+/]*={0,2}$/.test(req.UserData) && req.UserData.length % 4 === 0;
    if (!ok || Buffer.from(req.UserData, "base64").length > 16 * 1024) {
      ctx.fail("InvalidParameterValue.InvalidUserDataFormat", "`UserData` must be base64 encoded and at most 16 KB once decoded.");
    }
  }
  const tags = (req.TagSpecification ?? []).filter((t) => t.ResourceType === "instance").flatMap((t) => t.Tags.map((x) => ({ Key: x.Key, Value: x.Value })));
  const keys = new Set<string>();
  for (const t of tags) {
    if (keys.has(t.Key)) ctx.fail("InvalidParameterValue.DuplicateTags", `The tag key ${bt(t.Key)} is repeated.`);
    keys.add(t.Key);
  }

  if ((await liveInstances(ctx)).length + count > INSTANCE_QUOTA) {
    ctx.fail("LimitExceeded.InstanceQuota", `The region allows ${INSTANCE_QUOTA} instances; ${count} more would exceed the quota.`);
  }

  const price =
    chargeType === "PREPAID"
      ? round2(
          count *
            period *
            periodDiscount(period) *
            (instanceMonthlyPrice(spec) + [system, ...data].reduce((sum, d) => sum + DISK_TYPES[d.type].monthly * d.size, 0)),
        )
      : 0;
  return { zone: zone.Zone, chargeType, period, renewFlag, spec, image, count, system, data, price, tags };
}

async function diskPlan(ctx: Ctx, path: string, d: Partial<m.DataDisk> & { DiskType?: string }, usage: "system" | "data"): Promise<DiskPlan> {
  const type = d.DiskType ?? (usage === "system" ? "CLOUD_BSSD" : "CLOUD_PREMIUM");
  if (/^LOCAL_/.test(type)) ctx.fail("UnsupportedOperation.InvalidDisk", `Local disks (${bt(type)}) are not emulated by tclocal; use a cloud disk type.`);
  if (!isDiskType(type)) ctx.fail("InvalidParameterValue", `The value ${bt(type)} specified in the parameter ${bt(path + ".DiskType")} is not valid.`);
  if (!DISK_TYPES[type].sold) ctx.fail("ResourceInsufficient.CloudDiskSoldOut", `The disk type ${bt(type)} is sold out.`);
  const size = d.DiskSize ?? 50;
  const [min, max] = DISK_TYPES[type][usage];
  if (!Number.isInteger(size) || size < min || size > max) {
    ctx.fail("InvalidParameterValue", `The value ${bt(size)} specified in the parameter ${bt(path + ".DiskSize")} is not valid.`);
  }
  let snapshotId: string | null = null;
  if (d.SnapshotId) {
    const snap = await snapshots(ctx).get(d.SnapshotId);
    if (!snap) ctx.fail("InvalidParameter.SnapshotNotFound", `The snapshot ${bt(d.SnapshotId)} does not exist.`);
    if (snap.DiskSize > size) ctx.fail("FailedOperation.SnapshotSizeLargerThanDataSize", `The snapshot ${bt(snap.SnapshotId)} is larger than ${size} GiB.`);
    snapshotId = snap.SnapshotId;
  }
  const kmsKeyId = d.KmsKeyId ?? "";
  if (kmsKeyId) {
    const usable = await checkKeyForProduct(ctx.as("cbs"), kmsKeyId);
    if (usable !== "ok") ctx.fail("InvalidParameterValue", `The KMS key ${bt(kmsKeyId)} cannot encrypt disks (${usable}).`);
  }
  return {
    type,
    size,
    snapshotId,
    kmsKeyId,
    encrypt: Boolean(d.Encrypt) || Boolean(kmsKeyId),
    deleteWithInstance: d.DeleteWithInstance ?? true,
    throughput: Number(d.ThroughputPerformance ?? 0),
    name: d.DiskName ?? "",
  };
}

function passwordOk(pw: string, windows: boolean): boolean {
  const [min, classes] = windows ? [12, 3] : [8, 2];
  if (pw.length < min || pw.length > 30) return false;
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[()`~!@#$%^&*\-+=|{}[\]:;',.?/]/].filter((r) => r.test(pw)).length;
  return kinds >= classes && /^[A-Za-z0-9()`~!@#$%^&*\-+=|{}[\]:;',.?/]+$/.test(pw);
}

function hostNameOk(name: string, windows: boolean): boolean {
  if (windows) return /^(?!\d+$)[A-Za-z0-9-]{2,15}$/.test(name) && !/^-|-$/.test(name);
  return name.length >= 2 && name.length <= 60 && /^[A-Za-z0-9.-]+$/.test(name) && !/^[.-]|[.-]$|[.-]{2}/.test(name);
}

/** `name{R:3}` → name3, name4, …; without a pattern several instances get suffixes 1..n. */
function instanceName(base: string | undefined, index: number, count: number): string {
  const name = base ?? "Unnamed";
  const m = /\{R:(\d+)\}/.exec(name);
  if (m) return name.replace(m[0], String(Number(m[1]) + index));
  return count > 1 ? `${name}${index + 1}` : name;
}

function tokens(ctx: Ctx) {
  return ctx.docs<{ token: string; ids: string[] }>("client-token");
}

export async function runInstances(ctx: Ctx, req: Req<m.RunInstancesRequest>): Promise<Res<m.RunInstancesResponse>> {
  if (req.ClientToken) {
    const seen = await tokens(ctx).get(req.ClientToken);
    if (seen) return { InstanceIdSet: seen.ids };
  }
  const p = await plan(ctx, req);
  if (req.DryRun) {
    if (p.price > (await ctx.account()).balance) ctx.fail("InvalidAccount.InsufficientBalance", `The balance is short of the ${p.price} CNY this purchase costs.`);
    ctx.fail("DryRunOperation", "DryRun Operation. The request would have succeeded, but the DryRun parameter was used.");
  }
  if (p.price > 0 && !(await ctx.charge(p.price))) ctx.fail("InvalidAccount.InsufficientBalance", `The balance is short of the ${p.price} CNY this purchase costs.`);

  const now = ctx.now();
  const col = instances(ctx);
  const disks = new DiskStore(ctx);
  const ids: string[] = [];
  const deadline = p.chargeType === "PREPAID" ? now + p.period * MONTH : null;
  for (let i = 0; i < p.count; i++) {
    const id = await uniqueId(col, () => shortId("ins"));
    ids.push(id);
    const vpc = await defaultVpc(ctx, p.zone);
    const systemDisk = await createDisk(ctx, disks, p.system, "SYSTEM_DISK", { zone: p.zone, instanceId: id, chargeType: p.chargeType, deadline, now, renewFlag: p.renewFlag });
    for (const d of p.data) await createDisk(ctx, disks, d, "DATA_DISK", { zone: p.zone, instanceId: id, chargeType: p.chargeType, deadline, now, renewFlag: p.renewFlag });
    const bandwidth = req.InternetAccessible?.InternetMaxBandwidthOut ?? 0;
    const publicIp = bandwidth > 0 && req.InternetAccessible?.PublicIpAssigned !== false ? await allocatePublicIp(ctx) : null;
    const doc: InstanceDoc = {
      InstanceId: id,
      Uuid: uuid(),
      InstanceName: instanceName(req.InstanceName, i, p.count),
      InstanceType: (p.spec as InstanceTypeSpec).InstanceType,
      CPU: (p.spec as InstanceTypeSpec).CPU,
      Memory: (p.spec as InstanceTypeSpec).Memory,
      Zone: p.zone,
      ProjectId: req.Placement?.ProjectId ?? 0,
      ImageId: req.ImageId!,
      OsName: p.image.OsName,
      windows: p.image.windows,
      InstanceChargeType: p.chargeType,
      RenewFlag: p.renewFlag,
      deadline,
      paid: round2(p.price / p.count),
      SystemDiskId: systemDisk.DiskId,
      PrivateIpAddress: req.VirtualPrivateCloud?.PrivateIpAddresses?.[i] ?? (await allocatePrivateIp(ctx)),
      PublicIpAddress: publicIp,
      VpcId: req.VirtualPrivateCloud && req.VirtualPrivateCloud.VpcId !== "DEFAULT" ? req.VirtualPrivateCloud.VpcId : vpc.vpcId,
      SubnetId: req.VirtualPrivateCloud && req.VirtualPrivateCloud.SubnetId !== "DEFAULT" ? req.VirtualPrivateCloud.SubnetId : vpc.subnetId,
      SecurityGroupIds: req.SecurityGroupIds?.length ? [...req.SecurityGroupIds] : [vpc.securityGroupId],
      KeyIds: [...(req.LoginSettings?.KeyIds ?? [])],
      InternetAccessible: {
        InternetChargeType: req.InternetAccessible?.InternetChargeType ?? "TRAFFIC_POSTPAID_BY_HOUR",
        InternetMaxBandwidthOut: bandwidth,
        PublicIpAssigned: publicIp !== null,
      },
      HostName: req.HostName ?? `VM-${id.slice(4)}`,
      UserData: req.UserData ?? "",
      CamRoleName: req.CamRoleName ?? "",
      DisableApiTermination: req.DisableApiTermination ?? false,
      Tags: p.tags,
      createdAt: now,
      state: "PENDING",
      stateAt: now,
      StopChargingMode: "NOT_APPLICABLE",
      latestOperation: { name: "RunInstances", requestId: ctx.requestId },
      isolated: false,
    };
    await col.insert(id, doc);
    ctx.touch(id);
  }
  if (req.ClientToken) await tokens(ctx).insert(req.ClientToken, { token: req.ClientToken, ids });
  return { InstanceIdSet: ids };
}

async function createDisk(
  ctx: Ctx,
  disks: DiskStore,
  d: DiskPlan,
  usage: "SYSTEM_DISK" | "DATA_DISK",
  o: { zone: string; instanceId: string; chargeType: string; deadline: number | null; now: number; renewFlag: string },
): Promise<DiskDoc> {
  const id = await disks.newId();
  const disk = newDisk({
    DiskId: id,
    DiskType: d.type,
    DiskUsage: usage,
    DiskSize: d.size,
    DiskChargeType: o.chargeType === "PREPAID" ? "PREPAID" : "POSTPAID_BY_HOUR",
    Zone: o.zone,
    createdAt: o.now,
    DiskName: d.name || (usage === "SYSTEM_DISK" ? "System Disk" : "Data Disk"),
    Portable: usage === "DATA_DISK",
    Encrypt: d.encrypt,
    KmsKeyId: d.kmsKeyId,
    EncryptType: d.encrypt ? "ENCRYPT_V2" : "",
    ThroughputPerformance: d.throughput,
    DeleteWithInstance: usage === "SYSTEM_DISK" || d.deleteWithInstance,
    SourceSnapshotId: d.snapshotId,
    deadline: o.deadline,
    RenewFlag: o.renewFlag,
    InstanceId: o.instanceId,
    LastAttachInsId: o.instanceId,
  });
  await disks.insert(disk);
  if (d.kmsKeyId) await bindKeyToResource(ctx.as("cbs"), d.kmsKeyId, "cbs", id);
  ctx.touch(id);
  return disk;
}
