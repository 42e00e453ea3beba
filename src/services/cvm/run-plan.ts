import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import { DISK_TYPES, diskMonthlyPrice, isDiskRefusal, MAX_ATTACHED_DATA_DISKS, periodDiscount, planInstanceDisk, round2, type DiskRefusal, type InstanceDiskPlan } from "../cbs/for-products";
import {
  checkPrivateIps, checkSecurityGroups, defaultSecurityGroup, defaultVpcSubnet, findVpcSubnet, isRefusal, type IpRefusal, type NetworkRefusal, type PlacedSubnet,
} from "../vpc/for-products";
import { bt, tagsFor, type Ctx } from "./common";
import { findImage, type ImageInfo } from "./image-model";
import { INSTANCE_PERIODS, parseInstanceType, soldIn, typePrice, type InstanceTypeSpec } from "./instance-types";
import { liveInstances, type Tag } from "./instance-model";
import { keyPairs } from "./key-pairs";
import { launchTemplates, TEMPLATE_ID, type TemplateData } from "./launch-template-model";
import { hostState, hostUsage } from "./hosts";
import { GROUP_CAPACITY, hosts, HOST_TYPES, hpcClusters, HPC_CAPACITY, placementGroups } from "./placement-model";
import { zoneInfo } from "./zones";

/** Instances per account and region (tclocal's quota; LimitExceeded.InstanceQuota beyond). */
export const INSTANCE_QUOTA = 500;

export interface RunPlan {
  zone: string;
  projectId: number;
  chargeType: string;
  period: number;
  renewFlag: string;
  spec: InstanceTypeSpec;
  image: ImageInfo;
  count: number;
  system: InstanceDiskPlan;
  data: InstanceDiskPlan[];
  subnet: PlacedSubnet;
  privateIps: string[];
  securityGroupIds: string[];
  bandwidth: number;
  internetChargeType: string;
  keyIds: string[];
  groupId: string;
  hpcClusterId: string;
  hostId: string;
  price: number;
  tags: Tag[];
  req: m.RunInstancesRequest;
}

/** The request with its launch template's data under it (the request's own members win). */
async function withTemplate(ctx: Ctx, req: m.RunInstancesRequest): Promise<m.RunInstancesRequest> {
  const lt = req.LaunchTemplate;
  if (!lt?.LaunchTemplateId) return req;
  if (!TEMPLATE_ID.test(lt.LaunchTemplateId)) ctx.fail("InvalidParameterValue.LaunchTemplateIdMalformed", `The launch template id ${bt(lt.LaunchTemplateId)} is malformed.`);
  const t = await launchTemplates(ctx).get(lt.LaunchTemplateId);
  if (!t) ctx.fail("InvalidParameterValue.LaunchTemplateNotFound", `The launch template ${bt(lt.LaunchTemplateId)} does not exist.`);
  const number = lt.LaunchTemplateVersion ?? t.DefaultVersionNumber;
  const v = t.versions.find((x) => x.number === number);
  if (!v) ctx.fail("InvalidParameterValue.LaunchTemplateVersion", `The launch template ${bt(t.LaunchTemplateId)} has no version ${number}.`);
  const data: TemplateData = v.data;
  const merged = { ...data } as Record<string, unknown>;
  for (const [k, val] of Object.entries(req)) if (val !== undefined) merged[k] = val;
  return merged as unknown as m.RunInstancesRequest;
}

function diskFail(ctx: Ctx, r: DiskRefusal): never {
  switch (r.reason) {
    case "local-disk": return ctx.fail("UnsupportedOperation.InvalidDisk", r.message);
    case "sold-out": return ctx.fail("ResourceInsufficient.CloudDiskSoldOut", r.message);
    case "snapshot-not-found": return ctx.fail("InvalidParameter.SnapshotNotFound", r.message);
    case "snapshot-too-large": return ctx.fail("FailedOperation.SnapshotSizeLargerThanDataSize", r.message);
    default: return ctx.fail("InvalidParameterValue", r.message);
  }
}

export function networkFail(ctx: Ctx, r: NetworkRefusal | IpRefusal): never {
  switch (r.reason) {
    case "vpc-malformed": return ctx.fail("InvalidParameterValue.VpcIdMalformed", r.message);
    case "subnet-malformed": return ctx.fail("InvalidParameterValue.SubnetIdMalformed", r.message);
    case "vpc-not-found": return ctx.fail("InvalidParameterValue.VpcIdNotExist", r.message);
    case "subnet-not-found": return ctx.fail("InvalidParameterValue.SubnetNotExist", r.message);
    case "subnet-not-in-vpc": return ctx.fail("InvalidParameterValue.VpcIdSubnetIdNotMatch", r.message);
    case "zone-mismatch": return ctx.fail("InvalidParameterValue.SubnetIdZoneIdNotMatch", r.message);
    case "no-default-subnet": return ctx.fail("ResourceInsufficient.CidrBlock", r.message);
    case "security-group-malformed": return ctx.fail("InvalidSgId.Malformed", r.message);
    case "security-group-not-found": return ctx.fail("InvalidSecurityGroupId.NotFound", r.message);
    case "too-many-security-groups": return ctx.fail("LimitExceeded.AssociateUSGLimitExceeded", r.message);
    case "ip-malformed": return ctx.fail("InvalidParameterValue.InvalidIpFormat", r.message);
    case "ip-outside-subnet": return ctx.fail("VpcAddrNotInSubNet", r.message);
    case "ip-reserved":
    case "ip-in-use": return ctx.fail("VpcIpIsUsed", r.message);
    case "ip-duplicate": return ctx.fail("InvalidParameterValue.Duplicate", r.message);
    case "subnet-full": return ctx.fail("FailedOperation.NoAvailableIpAddressCountInSubnet", r.message);
  }
}

/** How an action turns a network refusal into one of its documented codes (RunInstances': networkFail). */
export type NetworkCodes = (ctx: Ctx, r: NetworkRefusal | IpRefusal) => never;

/** `VirtualPrivateCloud` names the zone's default network (VpcId and SubnetId both DEFAULT). */
export const namesDefaultNetwork = (vpc: { VpcId: string; SubnetId: string }): boolean => vpc.VpcId === "DEFAULT" && vpc.SubnetId === "DEFAULT";

/** The VPC and subnet an instance (or a launch template's instances) is placed in: both exist, the subnet in the VPC and in `zone`. */
export async function namedSubnet(ctx: Ctx, vpc: { VpcId: string; SubnetId: string }, zone: string, fail: NetworkCodes = networkFail): Promise<PlacedSubnet> {
  const placed = await findVpcSubnet(ctx, { vpcId: vpc.VpcId, subnetId: vpc.SubnetId, zone });
  if (isRefusal(placed)) fail(ctx, placed);
  return placed;
}

/** Every security group named exists in the account and region, at most 5 (RunInstances, launch templates). */
export async function namedSecurityGroups(ctx: Ctx, ids: readonly string[], fail: NetworkCodes = networkFail): Promise<void> {
  const problem = await checkSecurityGroups(ctx, ids);
  if (problem) fail(ctx, problem);
}

export async function planDisk(ctx: Ctx, path: string, d: Parameters<typeof planInstanceDisk>[2], usage: "system" | "data"): Promise<InstanceDiskPlan> {
  const p = await planInstanceDisk(ctx, path, d, usage);
  if (isDiskRefusal(p)) diskFail(ctx, p);
  return p;
}

export function checkChargeType(ctx: Ctx, chargeType: string, prepaid: m.InstanceChargePrepaid | undefined): { period: number; renewFlag: string } {
  if (!["PREPAID", "POSTPAID_BY_HOUR", "SPOTPAID", "CDHPAID"].includes(chargeType)) {
    ctx.fail("InvalidParameterValue", `The value ${bt(chargeType)} specified in the parameter ${bt("InstanceChargeType")} is not valid.`);
  }
  if (chargeType !== "PREPAID") return { period: 0, renewFlag: "NOTIFY_AND_MANUAL_RENEW" };
  if (!prepaid) ctx.fail("MissingParameter", "The request is missing a required parameter `InstanceChargePrepaid`.");
  const period = Number(prepaid.Period);
  if (!INSTANCE_PERIODS.includes(period)) ctx.fail("InvalidPeriod", `The period ${bt(period)} is not valid: 1-12, 24, 36, 48 or 60 months.`);
  const renewFlag = prepaid.RenewFlag ?? "NOTIFY_AND_MANUAL_RENEW";
  if (!["NOTIFY_AND_AUTO_RENEW", "NOTIFY_AND_MANUAL_RENEW", "DISABLE_NOTIFY_AND_MANUAL_RENEW"].includes(renewFlag)) {
    ctx.fail("InvalidParameterValue", `The value ${bt(renewFlag)} specified in the parameter ${bt("InstanceChargePrepaid.RenewFlag")} is not valid.`);
  }
  return { period, renewFlag };
}

export function checkType(ctx: Ctx, name: string, zone: string): InstanceTypeSpec {
  const spec = parseInstanceType(name);
  if (spec === "malformed") ctx.fail("InvalidInstanceType.Malformed", `The instance type ${bt(name)} is malformed.`);
  if (spec === "unknown") ctx.fail("InvalidParameterValue.InstanceTypeNotFound", `The instance type ${bt(name)} does not exist.`);
  if (!soldIn(spec, zone)) ctx.fail("ResourcesSoldOut.SpecifiedInstanceType", `The instance type ${bt(name)} is sold out in ${bt(zone)}.`);
  return spec;
}

export async function checkImage(ctx: Ctx, id: string | undefined): Promise<ImageInfo> {
  if (!id) ctx.fail("MissingParameter", "The request is missing a required parameter `ImageId`.");
  if (!/^img-[a-z0-9]{8}$/.test(id)) ctx.fail("InvalidImageId.Malformed", `The image id ${bt(id)} is malformed.`);
  const image = await findImage(ctx, id);
  if (!image) ctx.fail("InvalidImageId.NotFound", `The image ${bt(id)} does not exist.`);
  if (image.state !== "NORMAL") ctx.fail("InvalidParameterValue.InvalidImageState", `The image ${bt(id)} is ${image.state}.`);
  return image;
}

export function passwordOk(pw: string, windows: boolean): boolean {
  const [min, classes] = windows ? [12, 3] : [8, 2];
  if (pw.length < min || pw.length > 30) return false;
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[()`~!@#$%^&*\-+=|{}[\]:;',.?/]/].filter((r) => r.test(pw)).length;
  return kinds >= classes && /^[A-Za-z0-9()`~!@#$%^&*\-+=|{}[\]:;',.?/]+$/.test(pw);
}

export function hostNameOk(name: string, windows: boolean): boolean {
  if (windows) return /^(?!\d+$)[A-Za-z0-9-]{2,15}$/.test(name) && !/^-|-$/.test(name);
  return name.length >= 2 && name.length <= 60 && /^[A-Za-z0-9.-]+$/.test(name) && !/^[.-]|[.-]$|[.-]{2}/.test(name);
}

/** Login settings: a password of the image's complexity, existing key pairs (not on Windows), or the image's own login. */
export async function checkLogin(ctx: Ctx, login: m.LoginSettings, windows: boolean): Promise<string[]> {
  if (login.KeepImageLogin === "true" && (login.Password || login.KeyIds?.length)) {
    ctx.fail("InvalidParameter.ParameterConflict", "`LoginSettings.KeepImageLogin` cannot be combined with a password or key pairs.");
  }
  if (login.Password && login.KeyIds?.length) ctx.fail("InvalidParameterCombination", "`LoginSettings.Password` and `LoginSettings.KeyIds` cannot both be specified.");
  if (login.Password !== undefined && !passwordOk(login.Password, windows)) {
    ctx.fail(
      "InvalidPassword",
      windows
        ? "The password must be 12 to 30 characters with at least three of: lowercase, uppercase, digits and special characters."
        : "The password must be 8 to 30 characters with at least two of: lowercase, uppercase, digits and special characters.",
    );
  }
  const keys = [...new Set(login.KeyIds ?? [])];
  for (const k of keys) {
    if (!/^skey-[a-z0-9]{8}$/.test(k)) ctx.fail("InvalidKeyPairId.Malformed", `The key pair id ${bt(k)} is malformed.`);
    if (!(await keyPairs(ctx).has(k))) ctx.fail("InvalidParameterValue.KeyPairNotFound", `The key pair ${bt(k)} does not exist.`);
  }
  if (keys.length && windows) ctx.fail("UnsupportedOperation.KeyPairUnsupportedWindows", "Key pairs cannot be used with Windows images.");
  return keys;
}

/** Validates everything RunInstances documents, in the order the real service checks, and returns the plan. */
export async function planRun(ctx: Ctx, original: m.RunInstancesRequest): Promise<RunPlan> {
  const req = await withTemplate(ctx, original);
  if (!req.Placement) ctx.fail("MissingParameter", "The request is missing a required parameter `Placement`.");
  const zone = zoneInfo(req.Placement.Zone);
  if (!zone || zone.region !== ctx.region) ctx.fail("InvalidZone.MismatchRegion", `The zone ${bt(req.Placement.Zone)} does not exist in the region ${bt(ctx.region)}.`);
  if (!zone.available) ctx.fail("ResourceInsufficient.AvailabilityZoneSoldOut", `The zone ${bt(zone.Zone)} is sold out.`);
  const count = req.InstanceCount ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 500) ctx.fail("InvalidParameterValue.Range", `The value ${bt(count)} specified in the parameter ${bt("InstanceCount")} is not in [1, 500].`);

  let hostId = "";
  const hostIds = req.Placement.HostIds?.length ? req.Placement.HostIds : req.Placement.HostId ? [req.Placement.HostId] : [];
  if (hostIds.length) {
    const h = /^host-[a-z0-9]{8}$/.test(hostIds[0]) ? await hosts(ctx).get(hostIds[0]) : undefined;
    if (!/^host-[a-z0-9]{8}$/.test(hostIds[0])) ctx.fail("InvalidHostId.Malformed", `The CDH host id ${bt(hostIds[0])} is malformed.`);
    if (!h) ctx.fail("InvalidHostId.NotFound", `The CDH host ${bt(hostIds[0])} does not exist.`);
    if (h.Zone !== zone.Zone) ctx.fail("InvalidZone.MismatchRegion", `The CDH host ${bt(h.HostId)} is in ${bt(h.Zone)}.`);
    hostId = h.HostId;
  }
  let groupId = "";
  if (req.DisasterRecoverGroupIds?.length) {
    const id = req.DisasterRecoverGroupIds[0];
    const g = await placementGroups(ctx).get(id);
    if (!g) ctx.fail("FailedOperation.DisasterRecoverGroupNotFound", `The placement group ${bt(id)} does not exist.`);
    const members = (await liveInstances(ctx)).filter((i) => i.DisasterRecoverGroupId === id).length;
    if (members + count > GROUP_CAPACITY[g.Type]) {
      ctx.fail("ResourceInsufficient.DisasterRecoverGroupCvmQuota", `The placement group ${bt(id)} holds ${GROUP_CAPACITY[g.Type]} instances; it has ${members}.`);
    }
    groupId = id;
  }
  let hpcClusterId = "";
  if (req.HpcClusterId) {
    const c = await hpcClusters(ctx).get(req.HpcClusterId);
    if (!c) ctx.fail("ResourceNotFound.HpcCluster", `The HPC cluster ${bt(req.HpcClusterId)} does not exist.`);
    if (c.Zone !== zone.Zone) ctx.fail("InvalidParameterValue.HpcClusterIdZoneIdNotMatch", `The HPC cluster ${bt(c.HpcClusterId)} is in ${bt(c.Zone)}.`);
    const members = (await liveInstances(ctx)).filter((i) => i.HpcClusterId === c.HpcClusterId).length;
    if (members + count > HPC_CAPACITY) ctx.fail("LimitExceeded.InstanceQuota", `The HPC cluster ${bt(c.HpcClusterId)} holds ${HPC_CAPACITY} instances.`);
    hpcClusterId = c.HpcClusterId;
  }
  if (req.ChcIds?.length) ctx.fail("InvalidParameterValue.ChcHostsNotFound", `The CHC host ${bt(req.ChcIds[0])} does not exist.`);

  const chargeType = req.InstanceChargeType ?? (hostId ? "CDHPAID" : "POSTPAID_BY_HOUR");
  const { period, renewFlag } = checkChargeType(ctx, chargeType, req.InstanceChargePrepaid);
  const spec = checkType(ctx, req.InstanceType ?? "S1.SMALL1", zone.Zone);
  if (hostId && chargeType !== "CDHPAID") ctx.fail("InvalidParameterCombination", "Instances on a CDH host are CDHPAID.");
  if (hostId) {
    const h = (await hosts(ctx).get(hostId))!;
    if (hostState(h, ctx.now()) !== "RUNNING") ctx.fail("InvalidParameter.HostIdStatusNotSupport", `The CDH host ${bt(hostId)} is ${hostState(h, ctx.now())}.`);
    const used = hostUsage(h, await liveInstances(ctx));
    const t = HOST_TYPES[h.HostType];
    if (used.cpu + spec.CPU * count > t.cpu || used.mem + spec.Memory * count > t.mem) {
      ctx.fail("InvalidParameter.InstanceTypeSupportedHostNotFound", `The CDH host ${bt(hostId)} has ${t.cpu - used.cpu} cores and ${t.mem - used.mem} GiB free.`);
    }
  }
  const image = await checkImage(ctx, req.ImageId);

  if (req.InstanceName !== undefined && req.InstanceName.length > 128) ctx.fail("InvalidInstanceName.TooLong", "The instance name must be at most 128 characters.");
  if (req.ClientToken !== undefined && req.ClientToken.length > 64) ctx.fail("InvalidClientToken.TooLong", "The ClientToken must be at most 64 characters.");

  const system = await planDisk(ctx, "SystemDisk", req.SystemDisk ?? {}, "system");
  if (system.size < image.ImageSize) ctx.fail("InvalidParameterValue", `The system disk (${system.size} GiB) is smaller than the image ${bt(image.ImageId)} (${image.ImageSize} GiB).`);
  if ((req.DataDisks?.length ?? 0) > MAX_ATTACHED_DATA_DISKS) ctx.fail("InvalidParameterValue.LimitExceeded", `At most ${MAX_ATTACHED_DATA_DISKS} data disks can be bought with an instance.`);
  const data: InstanceDiskPlan[] = [];
  for (const [i, d] of (req.DataDisks ?? []).entries()) data.push(await planDisk(ctx, `DataDisks.${i}`, d, "data"));

  const vpc = req.VirtualPrivateCloud;
  const placed = vpc && !namesDefaultNetwork(vpc) ? await namedSubnet(ctx, vpc, zone.Zone) : await defaultVpcSubnet(ctx, zone.Zone);
  if (isRefusal(placed)) networkFail(ctx, placed);
  const privateIps = vpc?.PrivateIpAddresses ?? [];
  if (privateIps.length && privateIps.length !== count) ctx.fail("InvalidParameterCombination", "The number of `VirtualPrivateCloud.PrivateIpAddresses` must equal `InstanceCount`.");
  const ipProblem = await checkPrivateIps(ctx, placed.SubnetId, privateIps, privateIps.length ? 0 : count);
  if (ipProblem) networkFail(ctx, ipProblem);

  const net = req.InternetAccessible;
  const bandwidth = net?.InternetMaxBandwidthOut ?? 0;
  if (bandwidth < 0 || bandwidth > 200) ctx.fail("InvalidParameterValue", `The value ${bt(bandwidth)} specified in the parameter ${bt("InternetAccessible.InternetMaxBandwidthOut")} is not valid.`);
  if (net?.PublicIpAssigned && bandwidth === 0) ctx.fail("InvalidParameterCombination", "A public IP cannot be assigned when `InternetAccessible.InternetMaxBandwidthOut` is 0.");
  const internetChargeType = net?.InternetChargeType ?? "TRAFFIC_POSTPAID_BY_HOUR";
  if (!["BANDWIDTH_PREPAID", "TRAFFIC_POSTPAID_BY_HOUR", "BANDWIDTH_POSTPAID_BY_HOUR", "BANDWIDTH_PACKAGE"].includes(internetChargeType)) {
    ctx.fail("InvalidParameterValue", `The value ${bt(internetChargeType)} specified in the parameter ${bt("InternetAccessible.InternetChargeType")} is not valid.`);
  }
  if (internetChargeType === "BANDWIDTH_PACKAGE") ctx.fail("InvalidParameterValue.BandwidthPackageIdNotFound", `The bandwidth package ${bt(net?.BandwidthPackageId ?? "")} does not exist.`);

  const keyIds = await checkLogin(ctx, req.LoginSettings ?? {}, image.windows);
  await namedSecurityGroups(ctx, req.SecurityGroupIds ?? []);
  const securityGroupIds = req.SecurityGroupIds?.length ? [...new Set(req.SecurityGroupIds)] : [await defaultSecurityGroup(ctx)];

  if (req.HostName !== undefined && !hostNameOk(req.HostName, image.windows)) ctx.fail("InvalidParameterValue.IllegalHostName", `The host name ${bt(req.HostName)} is not valid.`);
  if (req.UserData !== undefined) {
    const ok = /^[A-Za-z0-9+/]*={0,2}$/.test(req.UserData) && req.UserData.length % 4 === 0;
    if (!ok || Buffer.from(req.UserData, "base64").length > 16 * 1024) ctx.fail("InvalidParameterValue.InvalidUserDataFormat", "`UserData` must be base64 encoded and at most 16 KB once decoded.");
  }
  if (req.CamRoleName !== undefined && !/^[A-Za-z0-9+=,.@_-]{0,128}$/.test(req.CamRoleName)) ctx.fail("InvalidParameterValue.CamRoleNameMalformed", `The CAM role name ${bt(req.CamRoleName)} is not valid.`);
  const tags = tagsFor(ctx, req.TagSpecification, "instance");

  if ((await liveInstances(ctx)).length + count > INSTANCE_QUOTA) ctx.fail("LimitExceeded.InstanceQuota", `The region allows ${INSTANCE_QUOTA} instances; ${count} more would exceed the quota.`);

  const monthly = typePrice(spec).monthly + [system, ...data].reduce((s, d) => s + diskMonthlyPrice(d.type, d.size), 0);
  const price = chargeType === "PREPAID" ? round2(count * period * periodDiscount(period) * monthly) : 0;
  return {
    zone: zone.Zone, projectId: req.Placement.ProjectId ?? 0, chargeType, period, renewFlag, spec, image, count, system, data, subnet: placed, privateIps,
    securityGroupIds, bandwidth, internetChargeType, keyIds, groupId, hpcClusterId, hostId, price, tags, req,
  };
}

export { DISK_TYPES };
