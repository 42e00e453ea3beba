import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import type { ProductName } from "../../errors/catalog";
import type { Req, Res } from "../../platform/definition";
import type { ActionContext } from "../../platform/service";
import { checkSecurityGroups, findVpcSubnet, isRefusal, releasePrivateIp, takePrivateIp } from "../vpc/for-products";
import { bt, eq, filterBy, paging, utc, type Ctx } from "./common";
import type { Tag } from "./instance-model";
import { passwordOk } from "./run-plan";
import { networkFail } from "./run-plan";

/**
 * CHC (Cloud Hosting Cluster) physical servers: racked by Tencent for the customer, so they enter tclocal through
 * the control API (POST /_tclocal/cvm/chc-hosts). The API configures their out-of-band (BMC) and deploy networks,
 * each taking a private address from a subnet of the account: INIT → READY (both networks) → PREPARED.
 */
export interface ChcNet {
  VpcId: string;
  SubnetId: string;
  ip: string;
  groups: string[];
}

export interface ChcDoc {
  ChcId: string;
  InstanceName: string;
  SerialNumber: string;
  DeviceType: string;
  Zone: string;
  bmc: ChcNet | null;
  deploy: (ChcNet & { extra: m.ChcDeployExtraConfig | null }) | null;
  BmcUser: string;
  NetworkMode: "DEPLOY" | "BUSINESS";
  CPU: number;
  Memory: number;
  Disk: string;
  BmcMAC: string;
  DeployMAC: string;
  createdAt: number;
  latest: string;
  Tags: Tag[];
}

export const chcHosts = (ctx: ActionContext<ProductName>) => ctx.as("cvm").docs<ChcDoc>("chc-host");
const CHC_ID = /^chc-[a-z0-9]{8}$/;

export function chcState(c: ChcDoc): string {
  if (c.bmc && c.deploy) return "READY";
  return "INIT";
}

const DENIED: Record<string, string[]> = {
  INIT: ["RemoveChcAssistVpc", "RemoveChcDeployVpc", "ModifyChcNetworkMode"],
  READY: ["ConfigureChcAssistVpc", "ConfigureChcDeployVpc"],
};

async function loadChcs(ctx: Ctx, ids: readonly string[]): Promise<ChcDoc[]> {
  if (!ids.length) ctx.fail("InvalidParameterValue.ChcHostsNotFound", "`ChcIds` is empty.");
  if (ids.length > 100) ctx.fail("InvalidParameterValue.LimitExceeded", "At most 100 `ChcIds` can be given.");
  const out: ChcDoc[] = [];
  for (const id of new Set(ids)) {
    if (!CHC_ID.test(id)) ctx.fail("InvalidParameterValue.IncorrectFormat", `The CHC id ${bt(id)} is malformed.`);
    const c = await chcHosts(ctx).get(id);
    if (!c) ctx.fail("InvalidParameterValue.ChcHostsNotFound", `The CHC host ${bt(id)} does not exist.`);
    out.push(c);
    ctx.touch(id);
  }
  return out;
}

/** Takes one address per host in the subnet (the given ones or the lowest free), after checking them all. */
async function place(ctx: Ctx, list: ChcDoc[], vpc: m.VirtualPrivateCloud, groups: string[] | undefined): Promise<ChcNet[]> {
  const placed = await findVpcSubnet(ctx, { vpcId: vpc.VpcId, subnetId: vpc.SubnetId });
  if (isRefusal(placed)) networkFail(ctx, placed);
  for (const c of list) if (c.Zone !== placed.Zone) ctx.fail("InvalidParameterValue.IncorrectFormat", `The subnet ${bt(placed.SubnetId)} is not in ${bt(c.Zone)}, where ${bt(c.ChcId)} is.`);
  const ips = vpc.PrivateIpAddresses ?? [];
  if (ips.length && ips.length !== list.length) ctx.fail("InvalidParameterValue.AmountNotEqual", "Give one private address per CHC host.");
  const problem = await checkSecurityGroups(ctx, groups ?? []);
  if (problem) ctx.fail("InvalidSecurityGroupId.NotFound", problem.message);
  const out: ChcNet[] = [];
  for (const [n, c] of list.entries()) {
    const ip = await takePrivateIp(ctx, { subnetId: placed.SubnetId, ip: ips[n], holder: { type: "CHC", id: c.ChcId, service: "cvm" } });
    if (isRefusal(ip)) networkFail(ctx, ip);
    out.push({ VpcId: placed.VpcId, SubnetId: placed.SubnetId, ip, groups: [...(groups ?? [])] });
  }
  return out;
}

async function release(ctx: Ctx, net: ChcNet | null): Promise<void> {
  if (net) await releasePrivateIp(ctx, { vpcId: net.VpcId, ip: net.ip });
}

export async function configureChcAssistVpc(ctx: Ctx, req: Req<m.ConfigureChcAssistVpcRequest>): Promise<Res<m.ConfigureChcAssistVpcResponse>> {
  const list = await loadChcs(ctx, req.ChcIds);
  for (const c of list) if (c.bmc) ctx.fail("InvalidHost.NotSupported", `The CHC host ${bt(c.ChcId)} already has its out-of-band network.`);
  const bmc = await place(ctx, list, req.BmcVirtualPrivateCloud, req.BmcSecurityGroupIds);
  const deploy = req.DeployVirtualPrivateCloud ? await place(ctx, list.filter((c) => !c.deploy), req.DeployVirtualPrivateCloud, req.DeploySecurityGroupIds) : [];
  let d = 0;
  for (const [n, c] of list.entries()) {
    const next = { ...c, bmc: bmc[n], latest: "ConfigureChcAssistVpc" };
    if (req.DeployVirtualPrivateCloud && !c.deploy) next.deploy = { ...deploy[d++], extra: req.ChcDeployExtraConfig ?? null };
    await chcHosts(ctx).update(c.ChcId, next);
  }
  return {};
}

export async function configureChcDeployVpc(ctx: Ctx, req: Req<m.ConfigureChcDeployVpcRequest>): Promise<Res<m.ConfigureChcDeployVpcResponse>> {
  const list = await loadChcs(ctx, req.ChcIds);
  for (const c of list) if (c.deploy) ctx.fail("InvalidParameterValue.DeployVpcAlreadyExists", `The CHC host ${bt(c.ChcId)} already has its deploy network.`);
  const nets = await place(ctx, list, req.DeployVirtualPrivateCloud, req.DeploySecurityGroupIds);
  for (const [n, c] of list.entries()) await chcHosts(ctx).update(c.ChcId, { ...c, deploy: { ...nets[n], extra: req.ChcDeployExtraConfig ?? null }, latest: "ConfigureChcDeployVpc" });
  return {};
}

export async function removeChcAssistVpc(ctx: Ctx, req: Req<m.RemoveChcAssistVpcRequest>): Promise<Res<m.RemoveChcAssistVpcResponse>> {
  const list = await loadChcs(ctx, req.ChcIds);
  for (const c of list) if (!c.bmc) ctx.fail("InvalidHost.NotSupported", `The CHC host ${bt(c.ChcId)} has no out-of-band network.`);
  for (const c of list) {
    await release(ctx, c.bmc);
    await chcHosts(ctx).update(c.ChcId, { ...c, bmc: null, latest: "RemoveChcAssistVpc" });
  }
  return {};
}

export async function removeChcDeployVpc(ctx: Ctx, req: Req<m.RemoveChcDeployVpcRequest>): Promise<Res<m.RemoveChcDeployVpcResponse>> {
  const list = await loadChcs(ctx, req.ChcIds);
  for (const c of list) if (!c.deploy) ctx.fail("InvalidHost.NotSupported", `The CHC host ${bt(c.ChcId)} has no deploy network.`);
  for (const c of list) {
    await release(ctx, c.deploy);
    await chcHosts(ctx).update(c.ChcId, { ...c, deploy: null, latest: "RemoveChcDeployVpc" });
  }
  return {};
}

export async function describeChcDeniedActions(ctx: Ctx, req: Req<m.DescribeChcDeniedActionsRequest>): Promise<Res<m.DescribeChcDeniedActionsResponse>> {
  const list = await loadChcs(ctx, req.ChcIds);
  return { ChcHostDeniedActionSet: list.map((c) => ({ ChcId: c.ChcId, State: chcState(c), DenyActions: DENIED[chcState(c)] ?? [] })) };
}

export async function modifyChcAttribute(ctx: Ctx, req: Req<m.ModifyChcAttributeRequest>): Promise<Res<m.ModifyChcAttributeResponse>> {
  const list = await loadChcs(ctx, req.ChcIds);
  if (req.InstanceName !== undefined && (!req.InstanceName || req.InstanceName.length > 60)) ctx.fail("InvalidParameterValue.NotEmpty", "`InstanceName` is 1 to 60 characters.");
  if (req.Password !== undefined && !passwordOk(req.Password, false)) ctx.fail("InvalidPassword", "The BMC password must be 8 to 30 characters with at least two kinds of characters.");
  if (req.BmcSecurityGroupIds) {
    const problem = await checkSecurityGroups(ctx, req.BmcSecurityGroupIds);
    if (problem) ctx.fail("InvalidSecurityGroupId.NotFound", problem.message);
    for (const c of list) if (!c.bmc) ctx.fail("InvalidParameterValue.ChcNetworkEmpty", `The CHC host ${bt(c.ChcId)} has no out-of-band network.`);
  }
  for (const c of list) {
    await chcHosts(ctx).update(c.ChcId, {
      ...c, InstanceName: req.InstanceName ?? c.InstanceName, DeviceType: req.DeviceType ?? c.DeviceType, BmcUser: req.BmcUser ?? c.BmcUser,
      bmc: c.bmc && req.BmcSecurityGroupIds ? { ...c.bmc, groups: [...req.BmcSecurityGroupIds] } : c.bmc, latest: "ModifyChcAttribute",
    });
  }
  return {};
}

export async function modifyChcNetworkMode(ctx: Ctx, req: Req<m.ModifyChcNetworkModeRequest>): Promise<Res<m.ModifyChcNetworkModeResponse>> {
  if (req.NetworkMode !== "DEPLOY" && req.NetworkMode !== "BUSINESS") ctx.fail("InvalidHost.NotSupported", "`NetworkMode` is DEPLOY or BUSINESS.");
  const list = await loadChcs(ctx, req.ChcIds);
  for (const c of list) if (chcState(c) !== "READY") ctx.fail("OperationDenied.ChcHostStateNotSupported", `The CHC host ${bt(c.ChcId)} is ${chcState(c)}: configure its networks first.`);
  for (const c of list) if (!c.deploy?.extra && req.NetworkMode === "DEPLOY") ctx.fail("OperationDenied.ChcDeployConfigInvalid", `The CHC host ${bt(c.ChcId)} has no deploy configuration.`);
  for (const c of list) await chcHosts(ctx).update(c.ChcId, { ...c, NetworkMode: req.NetworkMode, latest: "ModifyChcNetworkMode" });
  return {};
}

const vpcOf = (n: ChcNet | null): m.VirtualPrivateCloud => ({ VpcId: n?.VpcId ?? "", SubnetId: n?.SubnetId ?? "", AsVpcGateway: false, PrivateIpAddresses: n ? [n.ip] : [], Ipv6AddressCount: 0 });

export async function describeChcHosts(ctx: Ctx, req: Req<m.DescribeChcHostsRequest>): Promise<Res<m.DescribeChcHostsResponse>> {
  if ((req.Offset ?? 0) < 0) ctx.fail("InvalidParameterValueOffset", "`Offset` is not valid.");
  if ((req.Limit ?? 20) > 100) ctx.fail("InvalidParameterValueLimit", "`Limit` is at most 100.");
  const page = paging(ctx, req.Offset, req.Limit);
  const ids = req.ChcIds ?? [];
  if (ids.length && req.Filters?.length) ctx.fail("InvalidParameter.AtMostOne", "`ChcIds` and `Filters` cannot be given together.");
  for (const id of ids) if (!CHC_ID.test(id)) ctx.fail("InvalidParameterValue.IncorrectFormat", `The CHC id ${bt(id)} is malformed.`);
  const filter = filterBy<ChcDoc>(ctx, req.Filters, {
    zone: (c, v) => eq(c.Zone, v),
    "instance-name": (c, v) => v.some((x) => c.InstanceName.includes(x)),
    "instance-state": (c, v) => eq(chcState(c), v),
    "device-type": (c, v) => eq(c.DeviceType, v),
    "vpc-id": (c, v) => eq(c.bmc?.VpcId, v) || eq(c.deploy?.VpcId, v),
    "subnet-id": (c, v) => eq(c.bmc?.SubnetId, v) || eq(c.deploy?.SubnetId, v),
    sn: (c, v) => eq(c.SerialNumber, v),
  }, (c) => c.Tags);
  const all = (await chcHosts(ctx).all()).filter((c) => (ids.length ? ids.includes(c.ChcId) : filter(c)));
  return {
    TotalCount: all.length,
    ChcHostSet: all.slice(page.offset, page.offset + page.limit).map((c) => ({
      ChcId: c.ChcId, InstanceName: c.InstanceName, SerialNumber: c.SerialNumber, InstanceState: chcState(c), DeviceType: c.DeviceType,
      Placement: { Zone: c.Zone, ProjectId: 0, HostIds: [], HostId: "", DedicatedResourcePackTenancy: "", DedicatedResourcePackIds: [], RackId: "" },
      BmcVirtualPrivateCloud: vpcOf(c.bmc), BmcIp: c.bmc?.ip ?? "", BmcSecurityGroupIds: c.bmc?.groups ?? [], DeployVirtualPrivateCloud: vpcOf(c.deploy), DeployIp: c.deploy?.ip ?? "",
      DeploySecurityGroupIds: c.deploy?.groups ?? [], CvmInstanceId: "", CreatedTime: utc(c.createdAt), HardwareDescription: `${c.CPU}C${c.Memory}G ${c.Disk}`,
      CPU: c.CPU, Memory: c.Memory, Disk: c.Disk, BmcMAC: c.BmcMAC, DeployMAC: c.DeployMAC, TenantType: "HOSTING",
      DeployExtraConfig: { MiniOsType: c.deploy?.extra?.MiniOsType ?? "", BootType: c.deploy?.extra?.BootType ?? "", BootFile: c.deploy?.extra?.BootFile ?? "", NextServerAddress: c.deploy?.extra?.NextServerAddress ?? "" },
      Gpu: "", NetworkCard: "25GE", IsPredefinedType: false, ChcInstanceType: "", ChcInstanceFamily: "", ChcInstanceFamilyName: "", ResaleAppId: "", ResaleAccountId: "",
      SaleStatus: "NOT_FOR_SALE", Tags: c.Tags.map((t) => ({ Key: t.Key, Value: t.Value })), LatestOperation: c.latest, LatestOperationErrorCode: "", LatestOperationErrorMsg: "",
      LatestOperationName: c.latest, LatestOperationState: c.latest ? "SUCCESS" : "", ChcGatewayId: "", DedicatedClusterId: "", NetworkMode: c.NetworkMode,
    })),
  };
}
