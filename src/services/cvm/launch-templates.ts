import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import type { Req, Res } from "../../platform/definition";
import { bt, filterBy, newId, paging, tagsFor, utc, type Ctx } from "./common";
import { launchTemplates, TEMPLATE_ID, TEMPLATE_QUOTA, VERSION_QUOTA, type LaunchTemplateDoc, type TemplateData } from "./launch-template-model";
import type { IpRefusal, NetworkRefusal } from "../vpc/for-products";
import { checkChargeType, checkImage, checkType, namedSecurityGroups, namedSubnet, namesDefaultNetwork, networkFail } from "./run-plan";
import { zoneInfo } from "./zones";

type TemplateRequest = m.CreateLaunchTemplateRequest | m.CreateLaunchTemplateVersionRequest;

/** The RunInstances members a template version keeps, checked as RunInstances checks the ones that name catalogue entries. */
async function templateData(ctx: Ctx, req: TemplateRequest, base: TemplateData = {}): Promise<TemplateData> {
  const { LaunchTemplateId: _a, LaunchTemplateVersion: _b, LaunchTemplateVersionDescription: _c, DryRun: _d, ...rest } = req as m.CreateLaunchTemplateVersionRequest;
  const { LaunchTemplateName: _e, LaunchTemplateTagSpecification: _f, TemplateDataModifyAction: _g, ...fields } = rest as m.CreateLaunchTemplateRequest;
  const data: TemplateData = { ...base, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
  const zone = data.Placement ? zoneInfo(data.Placement.Zone) : undefined;
  if (!zone || zone.region !== ctx.region) ctx.fail("InvalidZone.MismatchRegion", `The zone ${bt(data.Placement?.Zone ?? "")} does not exist in ${bt(ctx.region)}.`);
  await checkImage(ctx, data.ImageId);
  if (data.InstanceType) checkType(ctx, data.InstanceType, zone.Zone);
  if (data.InstanceChargeType) checkChargeType(ctx, data.InstanceChargeType, data.InstanceChargePrepaid);
  if (data.VirtualPrivateCloud && !namesDefaultNetwork(data.VirtualPrivateCloud)) await namedSubnet(ctx, data.VirtualPrivateCloud, zone.Zone, templateNetworkFail);
  if (data.SecurityGroupIds) await namedSecurityGroups(ctx, data.SecurityGroupIds, templateNetworkFail);
  if (data.LoginSettings?.Password) data.LoginSettings = { ...data.LoginSettings, Password: "" };
  return data;
}

/**
 * The templates' codes for RunInstances' network checks: their reference lists have SubnetNotExist,
 * VpcIdZoneIdNotMatch, InvalidSecurityGroupId.NotFound and SingleUSGQuota (and, for CreateLaunchTemplate,
 * VpcIdMalformed and VpcIdNotExist), not RunInstances' SubnetIdMalformed, VpcIdSubnetIdNotMatch,
 * SubnetIdZoneIdNotMatch, InvalidSgId.Malformed or AssociateUSGLimitExceeded.
 */
function templateNetworkFail(ctx: Ctx, r: NetworkRefusal | IpRefusal): never {
  switch (r.reason) {
    case "subnet-malformed":
    case "subnet-not-in-vpc": return ctx.fail("InvalidParameterValue.SubnetNotExist", r.message);
    case "zone-mismatch": return ctx.fail("InvalidParameterValue.VpcIdZoneIdNotMatch", r.message);
    case "security-group-malformed": return ctx.fail("InvalidSecurityGroupId.NotFound", r.message);
    case "too-many-security-groups": return ctx.fail("LimitExceeded.SingleUSGQuota", r.message);
    default: return networkFail(ctx, r);
  }
}

function checkDescription(ctx: Ctx, d: string | undefined): void {
  if (d !== undefined && d.length > 255) ctx.fail("InvalidParameterValue.InvalidLaunchTemplateVersionDescription", "`LaunchTemplateVersionDescription` is at most 255 characters.");
}

async function loadTemplate(ctx: Ctx, id: string): Promise<LaunchTemplateDoc> {
  if (!TEMPLATE_ID.test(id)) ctx.fail("InvalidParameterValue.LaunchTemplateIdMalformed", `The launch template id ${bt(id)} is malformed.`);
  const t = await launchTemplates(ctx).get(id);
  if (!t) ctx.fail("InvalidParameterValue.LaunchTemplateIdNotExisted", `The launch template ${bt(id)} does not exist.`);
  ctx.touch(id);
  return t;
}

export async function createLaunchTemplate(ctx: Ctx, req: Req<m.CreateLaunchTemplateRequest>): Promise<Res<m.CreateLaunchTemplateResponse>> {
  if (!/^[A-Za-z0-9\u4e00-\u9fa5_.-]{2,128}$/.test(req.LaunchTemplateName)) {
    ctx.fail("InvalidParameterValue.InvalidLaunchTemplateName", "The template name is 2 to 128 characters: letters, digits, Chinese, `.`, `_` and `-`.");
  }
  checkDescription(ctx, req.LaunchTemplateVersionDescription);
  const col = launchTemplates(ctx);
  const all = await col.all();
  if (all.some((t) => t.LaunchTemplateName === req.LaunchTemplateName)) ctx.fail("InvalidParameterValue.InvalidLaunchTemplateName", `A launch template named ${bt(req.LaunchTemplateName)} exists.`);
  if (all.length >= TEMPLATE_QUOTA) ctx.fail("LimitExceeded.LaunchTemplateQuota", `The region allows ${TEMPLATE_QUOTA} launch templates.`);
  const data = await templateData(ctx, req);
  if (req.DryRun) ctx.fail("DryRunOperation", "DryRun Operation. The request would have succeeded, but the DryRun parameter was used.");
  const id = await newId(col, "lt");
  const now = ctx.now();
  await col.insert(id, {
    LaunchTemplateId: id, LaunchTemplateName: req.LaunchTemplateName, DefaultVersionNumber: 1, LatestVersionNumber: 1,
    versions: [{ number: 1, description: req.LaunchTemplateVersionDescription ?? "", data, createdAt: now }], createdAt: now,
    Tags: tagsFor(ctx, req.LaunchTemplateTagSpecification, "launch-template"),
  });
  ctx.touch(id);
  return { LaunchTemplateId: id };
}

export async function createLaunchTemplateVersion(ctx: Ctx, req: Req<m.CreateLaunchTemplateVersionRequest>): Promise<Res<m.CreateLaunchTemplateVersionResponse>> {
  const t = await loadTemplate(ctx, req.LaunchTemplateId);
  checkDescription(ctx, req.LaunchTemplateVersionDescription);
  let base: TemplateData = {};
  if (req.LaunchTemplateVersion !== undefined) {
    const v = t.versions.find((x) => x.number === req.LaunchTemplateVersion);
    if (!v) ctx.fail("InvalidParameterValue.LaunchTemplateIdVerNotExisted", `The launch template ${bt(t.LaunchTemplateId)} has no version ${req.LaunchTemplateVersion}.`);
    base = v.data;
  }
  if (t.versions.length >= VERSION_QUOTA) ctx.fail("LimitExceeded.LaunchTemplateVersionQuota", `A launch template keeps at most ${VERSION_QUOTA} versions.`);
  const data = await templateData(ctx, req, base);
  if (req.DryRun) ctx.fail("DryRunOperation", "DryRun Operation. The request would have succeeded, but the DryRun parameter was used.");
  const number = t.LatestVersionNumber + 1;
  await launchTemplates(ctx).update(t.LaunchTemplateId, {
    ...t,
    LatestVersionNumber: number,
    versions: [...t.versions, { number, description: req.LaunchTemplateVersionDescription ?? "", data, createdAt: ctx.now() }],
  });
  return { LaunchTemplateVersionNumber: number };
}

export async function deleteLaunchTemplate(ctx: Ctx, req: Req<m.DeleteLaunchTemplateRequest>): Promise<Res<m.DeleteLaunchTemplateResponse>> {
  const t = await loadTemplate(ctx, req.LaunchTemplateId);
  await launchTemplates(ctx).delete(t.LaunchTemplateId);
  return {};
}

export async function deleteLaunchTemplateVersions(ctx: Ctx, req: Req<m.DeleteLaunchTemplateVersionsRequest>): Promise<Res<m.DeleteLaunchTemplateVersionsResponse>> {
  const t = await loadTemplate(ctx, req.LaunchTemplateId);
  const gone = req.LaunchTemplateVersions.map(Number);
  if (!gone.length) ctx.fail("InvalidParameterValue.LaunchTemplateVersion", "`LaunchTemplateVersions` is empty.");
  for (const n of gone) {
    if (!t.versions.some((v) => v.number === n)) ctx.fail("InvalidParameterValue.LaunchTemplateIdVerNotExisted", `The launch template ${bt(t.LaunchTemplateId)} has no version ${n}.`);
    if (n === t.DefaultVersionNumber) ctx.fail("InvalidParameterValue.LaunchTemplateDefaultVersion", `Version ${n} is the default version: it cannot be deleted.`);
  }
  await launchTemplates(ctx).update(t.LaunchTemplateId, { ...t, versions: t.versions.filter((v) => !gone.includes(v.number)) });
  return {};
}

export async function modifyLaunchTemplateDefaultVersion(ctx: Ctx, req: Req<m.ModifyLaunchTemplateDefaultVersionRequest>): Promise<Res<m.ModifyLaunchTemplateDefaultVersionResponse>> {
  const t = await loadTemplate(ctx, req.LaunchTemplateId);
  if (!t.versions.some((v) => v.number === req.DefaultVersion)) ctx.fail("InvalidParameterValue.LaunchTemplateIdVerNotExisted", `The launch template has no version ${req.DefaultVersion}.`);
  if (t.DefaultVersionNumber === req.DefaultVersion) ctx.fail("InvalidParameterValue.LaunchTemplateIdVerSetAlready", `Version ${req.DefaultVersion} is already the default.`);
  await launchTemplates(ctx).update(t.LaunchTemplateId, { ...t, DefaultVersionNumber: req.DefaultVersion });
  return {};
}

export async function describeLaunchTemplates(ctx: Ctx, req: Req<m.DescribeLaunchTemplatesRequest>): Promise<Res<m.DescribeLaunchTemplatesResponse>> {
  const ids = req.LaunchTemplateIds ?? [];
  for (const id of ids) if (!TEMPLATE_ID.test(id)) ctx.fail("InvalidParameterValue.LaunchTemplateIdMalformed", `The launch template id ${bt(id)} is malformed.`);
  const page = paging(ctx, req.Offset, req.Limit);
  const filter = filterBy<LaunchTemplateDoc>(ctx, req.Filters, { "LaunchTemplateName": (t, v) => v.some((x) => t.LaunchTemplateName.includes(x)) }, (t) => t.Tags);
  const all = (await launchTemplates(ctx).all()).filter((t) => (!ids.length || ids.includes(t.LaunchTemplateId)) && filter(t));
  return {
    TotalCount: all.length,
    LaunchTemplateSet: all.slice(page.offset, page.offset + page.limit).map((t) => ({
      LatestVersionNumber: t.LatestVersionNumber, LaunchTemplateId: t.LaunchTemplateId, LaunchTemplateName: t.LaunchTemplateName, DefaultVersionNumber: t.DefaultVersionNumber,
      LaunchTemplateVersionCount: t.versions.length, CreatedBy: ctx.caller.uin, CreationTime: utc(t.createdAt),
    })),
  };
}

function presentData(d: TemplateData): m.LaunchTemplateVersionData {
  const sys = d.SystemDisk ?? {};
  return {
    Placement: { Zone: d.Placement?.Zone ?? "", ProjectId: d.Placement?.ProjectId ?? 0, HostIds: d.Placement?.HostIds ?? [], HostId: d.Placement?.HostId ?? "", DedicatedResourcePackTenancy: "", DedicatedResourcePackIds: [], RackId: "" },
    InstanceType: d.InstanceType ?? "S1.SMALL1",
    InstanceName: d.InstanceName ?? "",
    InstanceChargeType: d.InstanceChargeType ?? "POSTPAID_BY_HOUR",
    SystemDisk: { DiskType: sys.DiskType ?? "CLOUD_BSSD", DiskId: "", DiskSize: sys.DiskSize ?? 50, CdcId: null as never, DiskName: sys.DiskName ?? "", Encrypt: false, KmsKeyId: "" },
    DataDisks: (d.DataDisks ?? []).map((x) => ({
      DiskSize: x.DiskSize, DiskType: x.DiskType ?? "CLOUD_PREMIUM", DiskId: "", DeleteWithInstance: x.DeleteWithInstance ?? true, SnapshotId: x.SnapshotId ?? "",
      Encrypt: x.Encrypt ?? false, KmsKeyId: x.KmsKeyId ?? (null as never), ThroughputPerformance: x.ThroughputPerformance ?? (null as never), CdcId: null as never,
      BurstPerformance: x.BurstPerformance ?? false, DiskName: x.DiskName ?? "",
    })),
    InternetAccessible: {
      InternetChargeType: d.InternetAccessible?.InternetChargeType ?? "TRAFFIC_POSTPAID_BY_HOUR", InternetMaxBandwidthOut: d.InternetAccessible?.InternetMaxBandwidthOut ?? 0,
      PublicIpAssigned: d.InternetAccessible?.PublicIpAssigned ?? false, BandwidthPackageId: "", InternetServiceProvider: "BGP", IPv4AddressType: "WanIP", IPv6AddressType: "", AntiDDoSPackageId: "",
    },
    VirtualPrivateCloud: { VpcId: d.VirtualPrivateCloud?.VpcId ?? "", SubnetId: d.VirtualPrivateCloud?.SubnetId ?? "", AsVpcGateway: false, PrivateIpAddresses: d.VirtualPrivateCloud?.PrivateIpAddresses ?? [], Ipv6AddressCount: 0 },
    ImageId: d.ImageId ?? "",
    SecurityGroupIds: d.SecurityGroupIds ?? [],
    LoginSettings: { Password: "", KeyIds: d.LoginSettings?.KeyIds ?? (null as never), KeepImageLogin: d.LoginSettings?.KeepImageLogin ?? "" },
    CamRoleName: d.CamRoleName ?? "",
    HpcClusterId: d.HpcClusterId ?? "",
    InstanceCount: d.InstanceCount ?? 1,
    EnhancedService: {
      SecurityService: { Enabled: d.EnhancedService?.SecurityService?.Enabled ?? true },
      MonitorService: { Enabled: d.EnhancedService?.MonitorService?.Enabled ?? true },
      AutomationService: { Enabled: d.EnhancedService?.AutomationService?.Enabled ?? true },
    },
    UserData: d.UserData ?? "",
    DisasterRecoverGroupIds: d.DisasterRecoverGroupIds ?? [],
    ActionTimer: {
      TimerAction: d.ActionTimer?.TimerAction ?? "", ActionTime: d.ActionTimer?.ActionTime ?? "", ActionTimerId: "", Status: "", InstanceId: "",
      Externals: { ReleaseAddress: false, UnsupportNetworks: [], StorageBlockAttr: { Type: "", MinSize: 0, MaxSize: 0 } },
    },
    InstanceMarketOptions: { SpotOptions: { MaxPrice: d.InstanceMarketOptions?.SpotOptions?.MaxPrice ?? "", SpotInstanceType: d.InstanceMarketOptions?.SpotOptions?.SpotInstanceType ?? "" }, MarketType: d.InstanceMarketOptions?.MarketType ?? "" },
    HostName: d.HostName ?? "",
    ClientToken: d.ClientToken ?? "",
    InstanceChargePrepaid: { Period: d.InstanceChargePrepaid?.Period ?? 0, RenewFlag: d.InstanceChargePrepaid?.RenewFlag ?? "" },
    TagSpecification: (d.TagSpecification ?? []).map((t) => ({ ResourceType: t.ResourceType, Tags: t.Tags.map((x) => ({ Key: x.Key, Value: x.Value })) })),
    DisableApiTermination: d.DisableApiTermination ?? false,
  };
}

export async function describeLaunchTemplateVersions(ctx: Ctx, req: Req<m.DescribeLaunchTemplateVersionsRequest>): Promise<Res<m.DescribeLaunchTemplateVersionsResponse>> {
  const t = await loadTemplate(ctx, req.LaunchTemplateId);
  const page = paging(ctx, req.Offset, req.Limit);
  const wanted = req.LaunchTemplateVersions?.map(Number);
  for (const n of wanted ?? []) if (!t.versions.some((v) => v.number === n)) ctx.fail("InvalidParameterValue.LaunchTemplateIdVerNotExisted", `The launch template has no version ${n}.`);
  const all = t.versions.filter(
    (v) => (!wanted?.length || wanted.includes(v.number)) && (req.MinVersion === undefined || v.number >= req.MinVersion) && (req.MaxVersion === undefined || v.number <= req.MaxVersion) &&
      (!req.DefaultVersion || v.number === t.DefaultVersionNumber),
  );
  return {
    TotalCount: all.length,
    LaunchTemplateVersionSet: all.slice(page.offset, page.offset + page.limit).map((v) => ({
      LaunchTemplateVersion: v.number, LaunchTemplateVersionData: presentData(v.data), CreationTime: utc(v.createdAt), LaunchTemplateId: t.LaunchTemplateId,
      IsDefaultVersion: v.number === t.DefaultVersionNumber, LaunchTemplateVersionDescription: v.description, CreatedBy: ctx.caller.uin,
    })),
  };
}

