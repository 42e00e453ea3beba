import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import type { Req, Res } from "../../platform/definition";
import type { ActionContext } from "../../platform/service";
import { DiskStore } from "../cbs/disk-model";
import { INSTANCE_ID } from "./catalog";
import { instanceState, isTransitional, liveInstance, liveInstances, type InstanceDoc } from "./instance-model";

type Ctx = ActionContext<"cvm">;
const bt = (s: string | number) => "`" + s + "`";
/** JSON null where the SDK model documents that a member may be null. */
const nil = null as never;

/** ISO 8601 in UTC, as CVM writes CreatedTime/ExpiredTime. */
function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export async function presentInstance(ctx: Ctx, i: InstanceDoc): Promise<m.Instance> {
  const now = ctx.now();
  const state = instanceState(i, now);
  const disks = new DiskStore(ctx);
  const system = await disks.get(i.SystemDiskId);
  const data = (await disks.onInstance(i.InstanceId)).filter((d) => d.DiskUsage === "DATA_DISK");
  return {
    Placement: { Zone: i.Zone, ProjectId: i.ProjectId, HostIds: [], HostId: "", DedicatedResourcePackTenancy: "", DedicatedResourcePackIds: [], RackId: "" },
    InstanceId: i.InstanceId,
    InstanceType: i.InstanceType,
    CPU: i.CPU,
    Memory: i.Memory,
    RestrictState: i.isolated ? "EXPIRED" : "NORMAL",
    InstanceName: i.InstanceName,
    InstanceChargeType: i.InstanceChargeType,
    SystemDisk: {
      DiskType: system?.DiskType ?? "CLOUD_BSSD",
      DiskId: i.SystemDiskId,
      DiskSize: system?.DiskSize ?? 50,
      CdcId: nil,
      DiskName: system?.DiskName ?? "",
      Encrypt: system?.Encrypt ?? false,
      KmsKeyId: system?.KmsKeyId ?? "",
    },
    DataDisks: data.map((d) => ({
      DiskSize: d.DiskSize,
      DiskType: d.DiskType,
      DiskId: d.DiskId,
      DeleteWithInstance: d.DeleteWithInstance,
      SnapshotId: d.SourceSnapshotId ?? "",
      Encrypt: d.Encrypt,
      KmsKeyId: d.KmsKeyId || (nil),
      ThroughputPerformance: d.ThroughputPerformance,
      CdcId: nil,
      BurstPerformance: d.BurstPerformance,
      DiskName: d.DiskName,
    })),
    PrivateIpAddresses: [i.PrivateIpAddress],
    PublicIpAddresses: i.PublicIpAddress ? [i.PublicIpAddress] : (nil),
    InternetAccessible: {
      ...i.InternetAccessible,
      BandwidthPackageId: "",
      InternetServiceProvider: "BGP",
      IPv4AddressType: "WanIP",
      IPv6AddressType: "",
      AntiDDoSPackageId: "",
    },
    VirtualPrivateCloud: { VpcId: i.VpcId, SubnetId: i.SubnetId, AsVpcGateway: false, PrivateIpAddresses: [i.PrivateIpAddress], Ipv6AddressCount: 0 },
    ImageId: i.ImageId,
    RenewFlag: i.RenewFlag,
    CreatedTime: utc(i.createdAt),
    ExpiredTime: i.deadline !== null ? utc(i.deadline) : "",
    OsName: i.OsName,
    SecurityGroupIds: [...i.SecurityGroupIds],
    LoginSettings: { Password: "", KeyIds: i.KeyIds.length ? [...i.KeyIds] : (nil), KeepImageLogin: "" },
    InstanceState: state,
    Tags: i.Tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    StopChargingMode: state === "STOPPED" ? i.StopChargingMode : "NOT_APPLICABLE",
    Uuid: i.Uuid,
    LatestOperation: i.latestOperation?.name ?? (nil),
    LatestOperationState: i.latestOperation ? (isTransitional(state) ? "OPERATING" : "SUCCESS") : (nil),
    LatestOperationRequestId: i.latestOperation?.requestId ?? (nil),
    DisasterRecoverGroupId: "",
    IPv6Addresses: nil,
    CamRoleName: i.CamRoleName,
    HpcClusterId: "",
    RdmaIpAddresses: nil,
    DedicatedClusterId: "",
    IsolatedSource: i.isolated ? "MANMADE" : "NOTISOLATED",
    DisasterRecoverGroupIds: [],
    GPUInfo: { GPUCount: 0, GPUId: [], GPUType: "" },
    LicenseType: "TencentCloud",
    DisableApiTermination: i.DisableApiTermination,
    DefaultLoginUser: i.windows ? "Administrator" : "root",
    DefaultLoginPort: i.windows ? 3389 : 22,
    LatestOperationErrorMsg: "",
    EnableJumboFrame: false,
    Metadata: { Items: [] },
    PublicIPv6Addresses: [],
    CpuTopology: { CoreCount: nil, ThreadPerCore: nil },
    PartitionNumber: 0,
  };
}

const FILTERS = new Set([
  "zone", "project-id", "host-id", "vpc-id", "subnet-id", "instance-id", "security-group-id", "instance-name",
  "instance-charge-type", "instance-state", "private-ip-address", "public-ip-address", "tag-key", "tag-value",
]);

function matches(ctx: Ctx, i: InstanceDoc, name: string, values: string[]): boolean {
  const any = (v: string | number | null | undefined) => v !== null && v !== undefined && values.includes(String(v));
  if (name.startsWith("tag:")) return i.Tags.some((t) => t.Key === name.slice(4) && values.includes(t.Value));
  switch (name) {
    case "zone": return any(i.Zone);
    case "project-id": return any(i.ProjectId);
    case "host-id": return false;
    case "vpc-id": return any(i.VpcId);
    case "subnet-id": return any(i.SubnetId);
    case "instance-id": return any(i.InstanceId);
    case "security-group-id": return i.SecurityGroupIds.some(any);
    case "instance-name": return values.some((v) => i.InstanceName.includes(v));
    case "instance-charge-type": return any(i.InstanceChargeType);
    case "instance-state": return any(instanceState(i, ctx.now()));
    case "private-ip-address": return any(i.PrivateIpAddress);
    case "public-ip-address": return any(i.PublicIpAddress);
    case "tag-key": return i.Tags.some((t) => values.includes(t.Key));
    case "tag-value": return i.Tags.some((t) => values.includes(t.Value));
    default: return false;
  }
}

/** Checks InstanceIds (at most 100, well-formed). */
export function checkInstanceIds(ctx: Ctx, ids: readonly string[], required: boolean): void {
  if (required && !ids.length) ctx.fail("MissingParameter", "The request is missing a required parameter `InstanceIds`.");
  if (ids.length > 100) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 100 instance ids can be given in one request.");
  for (const id of ids) if (!INSTANCE_ID.test(id)) ctx.fail("InvalidInstanceId.Malformed", `The instance id ${bt(id)} is malformed: ins- and 8 characters.`);
}

function paging(ctx: Ctx, offset?: number, limit?: number): { offset: number; limit: number } {
  const o = offset ?? 0;
  const l = limit ?? 20;
  if (o < 0) ctx.fail("InvalidParameterValue", `The value ${bt(o)} specified in the parameter ${bt("Offset")} is not valid.`);
  if (l < 0 || l > 100) ctx.fail("InvalidParameterValue", `The value ${bt(l)} specified in the parameter ${bt("Limit")} is not valid: 0 to 100.`);
  return { offset: o, limit: l };
}

async function select(ctx: Ctx, ids: readonly string[], filters: readonly m.Filter[]): Promise<InstanceDoc[]> {
  if (ids.length) {
    const out: InstanceDoc[] = [];
    for (const id of ids) {
      const i = await liveInstance(ctx, id);
      if (i !== undefined) out.push(i);
    }
    return out;
  }
  return (await liveInstances(ctx))
    .reverse()
    .filter((i) => filters.every((f) => matches(ctx, i, f.Name, f.Values)));
}

export async function describeInstances(ctx: Ctx, req: Req<m.DescribeInstancesRequest>): Promise<Res<m.DescribeInstancesResponse>> {
  const ids = req.InstanceIds ?? [];
  const filters = req.Filters ?? [];
  if (ids.length && filters.length) ctx.fail("InvalidParameterCombination", "`InstanceIds` and `Filters` cannot be specified at the same time.");
  checkInstanceIds(ctx, ids, false);
  if (filters.length > 10) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 10 `Filters` can be given.");
  for (const f of filters) {
    if (!FILTERS.has(f.Name) && !f.Name.startsWith("tag:")) ctx.fail("InvalidFilter", `The filter ${bt(f.Name)} is not supported.`);
    if (f.Values.length > 5) ctx.fail("InvalidFilterValue.LimitExceeded", `The filter ${bt(f.Name)} takes at most 5 values.`);
    if (f.Name === "zone" && !f.Values.every((z) => z.startsWith(ctx.region + "-"))) {
      ctx.fail("InvalidZone.MismatchRegion", `A zone of ${bt(f.Name)} does not belong to the region ${bt(ctx.region)}.`);
    }
  }
  const page = paging(ctx, req.Offset, req.Limit);
  const all = await select(ctx, ids, filters);
  const set: m.Instance[] = [];
  for (const i of all.slice(page.offset, page.offset + page.limit)) set.push(await presentInstance(ctx, i));
  return { TotalCount: all.length, InstanceSet: set };
}

export async function describeInstancesStatus(ctx: Ctx, req: Req<m.DescribeInstancesStatusRequest>): Promise<Res<m.DescribeInstancesStatusResponse>> {
  const ids = req.InstanceIds ?? [];
  checkInstanceIds(ctx, ids, false);
  const page = paging(ctx, req.Offset, req.Limit);
  const all = await select(ctx, ids, []);
  const now = ctx.now();
  return {
    TotalCount: all.length,
    InstanceStatusSet: all.slice(page.offset, page.offset + page.limit).map((i) => ({ InstanceId: i.InstanceId, InstanceState: instanceState(i, now) })),
  };
}
