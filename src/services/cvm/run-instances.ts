import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import { addMonths } from "../../platform/clock";
import type { Req, Res } from "../../platform/definition";
import { uuid } from "../../platform/ids";
import { createInstanceDisk, diskMonthlyPrice, periodDiscount, round2 } from "../cbs/for-products";
import { attachInstanceNetwork, isRefusal } from "../vpc/for-products";
import { newId, type Ctx } from "./common";
import { instances, type InstanceDoc } from "./instance-model";
import { typePrice } from "./instance-types";
import { hourlyPrice, noteTerm } from "./instance-terms";
import { networkFail, planRun, type RunPlan } from "./run-plan";

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

async function create(ctx: Ctx, p: RunPlan, index: number): Promise<string> {
  const now = ctx.now();
  const col = instances(ctx);
  const id = await newId(col, "ins");
  const deadline = p.chargeType === "PREPAID" ? addMonths(now, p.period) : null;
  const diskOpts = { zone: p.zone, instanceId: id, chargeType: p.chargeType, deadline, renewFlag: p.renewFlag, projectId: p.projectId };
  const systemDiskId = await createInstanceDisk(ctx, p.system, "SYSTEM_DISK", diskOpts);
  for (const d of p.data) await createInstanceDisk(ctx, d, "DATA_DISK", diskOpts);
  const publicIp = p.bandwidth > 0 && p.req.InternetAccessible?.PublicIpAssigned !== false;
  const net = await attachInstanceNetwork(ctx, {
    instanceId: id,
    subnetId: p.subnet.SubnetId,
    ip: p.privateIps[index],
    securityGroupIds: p.securityGroupIds,
    bandwidth: publicIp ? p.bandwidth : 0,
    chargeType: p.internetChargeType,
  });
  if (isRefusal(net)) networkFail(ctx, net);
  const r = p.req;
  const doc: InstanceDoc = {
    InstanceId: id,
    Uuid: uuid(),
    InstanceName: instanceName(r.InstanceName, index, p.count),
    InstanceType: p.spec.InstanceType,
    CPU: p.spec.CPU,
    Memory: p.spec.Memory,
    Zone: p.zone,
    ProjectId: p.projectId,
    ImageId: p.image.ImageId,
    OsName: p.image.OsName,
    windows: p.image.windows,
    InstanceChargeType: p.chargeType,
    RenewFlag: p.renewFlag,
    deadline,
    paid: round2(p.price / p.count),
    SystemDiskId: systemDiskId,
    released: null,
    KeyIds: [...p.keyIds],
    InternetAccessible: { InternetChargeType: p.internetChargeType, InternetMaxBandwidthOut: p.bandwidth, PublicIpAssigned: publicIp },
    HostName: r.HostName ?? `VM-${net.PrivateIpAddresses[0].split(".").slice(2).join("-")}-${p.image.Platform.toLowerCase()}`,
    UserData: r.UserData ?? "",
    CamRoleName: r.CamRoleName ?? "",
    DisableApiTermination: r.DisableApiTermination ?? false,
    Tags: p.tags,
    createdAt: now,
    state: "PENDING",
    stateAt: now,
    StopChargingMode: "NOT_APPLICABLE",
    latestOperation: { name: "RunInstances", requestId: ctx.requestId },
    isolated: false,
    DisasterRecoverGroupId: p.groupId,
    HpcClusterId: p.hpcClusterId,
    HostId: p.hostId,
    LicenseType: "TencentCloud",
    Metadata: (r.Metadata?.Items ?? []).map((x) => ({ Key: x.Key, Value: x.Value })),
  };
  await col.insert(id, doc);
  await noteTerm(ctx, doc);
  ctx.touch(id);
  return id;
}

export async function runInstances(ctx: Ctx, req: Req<m.RunInstancesRequest>): Promise<Res<m.RunInstancesResponse>> {
  if (req.ClientToken) {
    const seen = await tokens(ctx).get(req.ClientToken);
    if (seen) return { InstanceIdSet: seen.ids };
  }
  const p = await planRun(ctx, req);
  if (req.DryRun) {
    if (p.price > (await ctx.account()).balance) ctx.fail("InvalidAccount.InsufficientBalance", `The balance is short of the ${p.price} CNY this purchase costs.`);
    ctx.fail("DryRunOperation", "DryRun Operation. The request would have succeeded, but the DryRun parameter was used.");
  }
  if (p.price > 0 && !(await ctx.charge(p.price))) ctx.fail("InvalidAccount.InsufficientBalance", `The balance is short of the ${p.price} CNY this purchase costs.`);
  const ids: string[] = [];
  for (let i = 0; i < p.count; i++) ids.push(await create(ctx, p, i));
  if (req.ClientToken) await tokens(ctx).insert(req.ClientToken, { token: req.ClientToken, ids });
  return { InstanceIdSet: ids };
}

/** Prices of a RunInstances request: the instance with its disks, and its bandwidth, per month (prepaid) or per hour. */
export function instancePrice(p: Pick<RunPlan, "spec" | "system" | "data" | "chargeType" | "period" | "count" | "bandwidth">): m.Price {
  const zero = { UnitPrice: 0, ChargeUnit: "", OriginalPrice: 0, DiscountPrice: 0, Discount: 100, UnitPriceDiscount: 0 };
  const blank: m.ItemPrice = {
    ...zero, UnitPriceSecondStep: 0, UnitPriceDiscountSecondStep: 0, UnitPriceThirdStep: 0, UnitPriceDiscountThirdStep: 0,
    OriginalPriceThreeYear: null as never, DiscountPriceThreeYear: null as never, DiscountThreeYear: null as never, OriginalPriceFiveYear: null as never,
    DiscountPriceFiveYear: null as never, DiscountFiveYear: null as never, OriginalPriceOneYear: null as never, DiscountPriceOneYear: null as never, DiscountOneYear: null as never,
  };
  const price = typePrice(p.spec);
  const disks = [p.system, ...p.data];
  if (p.chargeType === "PREPAID") {
    const d = periodDiscount(p.period);
    const inst = price.monthly * p.period * p.count;
    const disk = disks.reduce((s, x) => s + diskMonthlyPrice(x.type, x.size), 0) * p.period * p.count;
    return {
      InstancePrice: { ...blank, ChargeUnit: "MONTH", OriginalPrice: round2(inst + disk), DiscountPrice: round2((inst + disk) * d), Discount: Math.round(d * 100) },
      BandwidthPrice: { ...blank, ChargeUnit: "MONTH", OriginalPrice: round2(p.bandwidth * 23 * p.period), DiscountPrice: round2(p.bandwidth * 23 * p.period * d), Discount: Math.round(d * 100) },
    };
  }
  const hourly = hourlyPrice(p.spec, disks);
  return {
    InstancePrice: { ...blank, ChargeUnit: "HOUR", UnitPrice: round4(hourly * p.count), UnitPriceDiscount: round4(hourly * p.count) },
    BandwidthPrice: { ...blank, ChargeUnit: "GB", UnitPrice: 0.8, UnitPriceDiscount: 0.8 },
  };
}

const round4 = (n: number) => Math.round(n * 10000) / 10000;

export async function inquiryPriceRunInstances(ctx: Ctx, req: Req<m.InquiryPriceRunInstancesRequest>): Promise<Res<m.InquiryPriceRunInstancesResponse>> {
  const p = await planRun(ctx, { ...req, InstanceCount: req.InstanceCount ?? 1 } as m.RunInstancesRequest);
  return { Price: instancePrice(p) };
}
