import type { ActionContext } from "../../platform/service";
import { isRefusal, releasePrivateIp, takePrivateIp } from "../vpc/for-products";
import { instances, phaseOf, type MongoInstance } from "./instance";

type Ctx = ActionContext<"mongodb">;

/**
 * An instance in a VPC takes its Vip from its subnet through VPC's for-products (VPC then counts it in
 * DescribeSubnetResourceDashboard and refuses to delete the subnet); the basic network has its own range.
 */
export async function takeVip(ctx: Ctx, spec: Pick<MongoInstance, "vpcId" | "subnetId">, instanceId: string): Promise<string> {
  if (!spec.vpcId) return `10.66.${octet()}.${octet()}`;
  const ip = await takePrivateIp(ctx, { subnetId: spec.subnetId, holder: { type: "MongoDB", id: instanceId, service: "mongodb" } });
  if (isRefusal(ip)) ctx.fail("ResourceInsufficient", { en: `No address is left in the subnet ${spec.subnetId}: ${ip.message}`, zh: `子网 ${spec.subnetId} 已无可用 IP。` });
  return ip;
}

function octet(): string {
  return String(2 + Math.floor(Math.random() * 250));
}

/** Gives the addresses of instances that are gone (offline, or past the recycle bin) back to their subnets. */
export async function releaseGoneVips(ctx: Ctx): Promise<void> {
  const now = ctx.now();
  for (const inst of await instances(ctx).all()) {
    if (!inst.vpcId || inst.vipReleased || phaseOf(inst, now) !== "deleted") continue;
    await releasePrivateIp(ctx, { vpcId: inst.vpcId, ip: inst.vip });
    await instances(ctx).update(inst.InstanceId, { ...inst, vipReleased: true });
  }
}
