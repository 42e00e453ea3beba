import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import type { Req, Res } from "../../platform/definition";
import { instanceDisks } from "../cbs/for-products";
import { instanceNetworks, type InstanceNetwork } from "../vpc/for-products";
import { bt, checkInstanceIds, nil, paging, utc, type Ctx } from "./common";
import { instanceState, isTransitional, liveInstance, liveInstances, type InstanceDoc } from "./instance-model";

export { checkInstanceIds };

/** The network an instance shows: VPC's view while it lives, the snapshot kept when it let the network go. */
function networkOf(i: InstanceDoc, nets: Map<string, InstanceNetwork>) {
  const n = nets.get(i.InstanceId);
  if (n) return { VpcId: n.VpcId, SubnetId: n.SubnetId, PrivateIpAddresses: n.PrivateIpAddresses, PublicIpAddresses: n.PublicIpAddresses, SecurityGroupIds: n.SecurityGroupIds };
  return i.released ?? { VpcId: "", SubnetId: "", PrivateIpAddresses: [], PublicIpAddresses: [], SecurityGroupIds: [] };
}

export async function presentInstance(ctx: Ctx, i: InstanceDoc, nets: Map<string, InstanceNetwork>): Promise<m.Instance> {
  const now = ctx.now();
  const state = instanceState(i, now);
  const disks = await instanceDisks(ctx, i.InstanceId, i.SystemDiskId);
  const net = networkOf(i, nets);
  const system = disks.system;
  return {
    Placement: { Zone: i.Zone, ProjectId: i.ProjectId, HostIds: i.HostId ? [i.HostId] : [], HostId: i.HostId, DedicatedResourcePackTenancy: "", DedicatedResourcePackIds: [], RackId: "" },
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
    DataDisks: disks.data.map((d) => ({
      DiskSize: d.DiskSize,
      DiskType: d.DiskType,
      DiskId: d.DiskId,
      DeleteWithInstance: d.DeleteWithInstance,
      SnapshotId: d.SnapshotId,
      Encrypt: d.Encrypt,
      KmsKeyId: d.KmsKeyId || nil,
      ThroughputPerformance: d.ThroughputPerformance,
      CdcId: nil,
      BurstPerformance: d.BurstPerformance,
      DiskName: d.DiskName,
    })),
    PrivateIpAddresses: [...net.PrivateIpAddresses],
    PublicIpAddresses: net.PublicIpAddresses.length ? [...net.PublicIpAddresses] : nil,
    InternetAccessible: {
      ...i.InternetAccessible,
      BandwidthPackageId: "",
      InternetServiceProvider: "BGP",
      IPv4AddressType: "WanIP",
      IPv6AddressType: "",
      AntiDDoSPackageId: "",
    },
    VirtualPrivateCloud: { VpcId: net.VpcId, SubnetId: net.SubnetId, AsVpcGateway: false, PrivateIpAddresses: [...net.PrivateIpAddresses], Ipv6AddressCount: 0 },
    ImageId: i.ImageId,
    RenewFlag: i.RenewFlag,
    CreatedTime: utc(i.createdAt),
    ExpiredTime: i.deadline !== null ? utc(i.deadline) : "",
    OsName: i.OsName,
    SecurityGroupIds: [...net.SecurityGroupIds],
    LoginSettings: { Password: "", KeyIds: i.KeyIds.length ? [...i.KeyIds] : nil, KeepImageLogin: "" },
    InstanceState: state,
    Tags: i.Tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    StopChargingMode: state === "STOPPED" ? i.StopChargingMode : "NOT_APPLICABLE",
    Uuid: i.Uuid,
    LatestOperation: i.latestOperation?.name ?? nil,
    LatestOperationState: i.latestOperation ? (isTransitional(state) ? "OPERATING" : "SUCCESS") : nil,
    LatestOperationRequestId: i.latestOperation?.requestId ?? nil,
    DisasterRecoverGroupId: i.DisasterRecoverGroupId,
    IPv6Addresses: nil,
    CamRoleName: i.CamRoleName,
    HpcClusterId: i.HpcClusterId,
    RdmaIpAddresses: nil,
    DedicatedClusterId: "",
    IsolatedSource: i.isolated ? (i.isolatedSource ?? "MANMADE") : "NOTISOLATED",
    DisasterRecoverGroupIds: i.DisasterRecoverGroupId ? [i.DisasterRecoverGroupId] : [],
    GPUInfo: { GPUCount: 0, GPUId: [], GPUType: "" },
    LicenseType: i.LicenseType,
    DisableApiTermination: i.DisableApiTermination,
    DefaultLoginUser: i.windows ? "Administrator" : "root",
    DefaultLoginPort: i.windows ? 3389 : 22,
    LatestOperationErrorMsg: "",
    EnableJumboFrame: false,
    Metadata: { Items: i.Metadata.map((x) => ({ Key: x.Key, Value: x.Value })) },
    PublicIPv6Addresses: [],
    CpuTopology: { CoreCount: nil, ThreadPerCore: nil },
    PartitionNumber: 0,
  };
}

const FILTERS = new Set([
  "zone", "project-id", "host-id", "dedicated-cluster-id", "vpc-id", "subnet-id", "instance-id", "uuid", "security-group-id", "instance-name",
  "instance-charge-type", "instance-state", "private-ip-address", "public-ip-address", "ipv6-address", "tag-key", "tag-value", "creation-start-time",
  "creation-end-time", "instance-family", "instance-type", "image-id",
]);

function matches(ctx: Ctx, i: InstanceDoc, nets: Map<string, InstanceNetwork>, name: string, values: string[]): boolean {
  const any = (v: string | number | null | undefined) => v !== null && v !== undefined && values.includes(String(v));
  const net = networkOf(i, nets);
  if (name.startsWith("tag:")) return i.Tags.some((t) => t.Key === name.slice(4) && values.includes(t.Value));
  switch (name) {
    case "zone": return any(i.Zone);
    case "project-id": return any(i.ProjectId);
    case "host-id": return any(i.HostId);
    case "dedicated-cluster-id": return false;
    case "vpc-id": return any(net.VpcId);
    case "subnet-id": return any(net.SubnetId);
    case "instance-id": return any(i.InstanceId);
    case "uuid": return any(i.Uuid);
    case "security-group-id": return net.SecurityGroupIds.some(any);
    case "instance-name": return values.some((v) => i.InstanceName.includes(v));
    case "instance-charge-type": return any(i.InstanceChargeType);
    case "instance-state": return any(instanceState(i, ctx.now()));
    case "private-ip-address": return net.PrivateIpAddresses.some(any);
    case "public-ip-address": return net.PublicIpAddresses.some(any);
    case "ipv6-address": return false;
    case "tag-key": return i.Tags.some((t) => values.includes(t.Key));
    case "tag-value": return i.Tags.some((t) => values.includes(t.Value));
    case "creation-start-time": return values.some((v) => i.createdAt >= Date.parse(v));
    case "creation-end-time": return values.some((v) => i.createdAt <= Date.parse(v));
    case "instance-family": return any(i.InstanceType.split(".")[0]);
    case "instance-type": return any(i.InstanceType);
    case "image-id": return any(i.ImageId);
    default: return false;
  }
}

async function select(ctx: Ctx, ids: readonly string[], filters: readonly m.Filter[], nets: Map<string, InstanceNetwork>): Promise<InstanceDoc[]> {
  if (ids.length) {
    const out: InstanceDoc[] = [];
    for (const id of ids) {
      const i = await liveInstance(ctx, id);
      if (i !== undefined) out.push(i);
    }
    return out;
  }
  return (await liveInstances(ctx)).reverse().filter((i) => filters.every((f) => matches(ctx, i, nets, f.Name, f.Values)));
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
  const nets = await instanceNetworks(ctx);
  const all = await select(ctx, ids, filters, nets);
  const set: m.Instance[] = [];
  for (const i of all.slice(page.offset, page.offset + page.limit)) set.push(await presentInstance(ctx, i, nets));
  return { TotalCount: all.length, InstanceSet: set };
}

export async function describeInstancesStatus(ctx: Ctx, req: Req<m.DescribeInstancesStatusRequest>): Promise<Res<m.DescribeInstancesStatusResponse>> {
  const ids = req.InstanceIds ?? [];
  checkInstanceIds(ctx, ids, false);
  const page = paging(ctx, req.Offset, req.Limit);
  const all = await select(ctx, ids, [], new Map());
  const now = ctx.now();
  return {
    TotalCount: all.length,
    InstanceStatusSet: all.slice(page.offset, page.offset + page.limit).map((i) => ({ InstanceId: i.InstanceId, InstanceState: instanceState(i, now) })),
  };
}
