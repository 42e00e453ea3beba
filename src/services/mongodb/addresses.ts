import type { ActionContext } from "../../platform/service";
import { isRefusal, releasePrivateIp, takePrivateIp } from "../vpc/for-products";
import { instances, phaseOf, settle, type MongoInstance, type RetiredVip } from "./instance";
import { unbindInstanceGroups } from "./security-groups";

type Ctx = ActionContext<"mongodb">;

/**
 * An instance in a VPC takes its Vip from its subnet through VPC's for-products (VPC then counts it in
 * DescribeSubnetResourceDashboard and DescribeUsedIpAddress, and refuses to delete the subnet); the basic
 * network has its own range. `ip` names the address (ModifyDBInstanceNetworkAddress's NewIPAddress): it must be
 * a free address of the subnet (`InvalidParameter.InvalidVip`); without it the lowest free one is taken.
 */
export async function takeVip(ctx: Ctx, spec: Pick<MongoInstance, "vpcId" | "subnetId">, instanceId: string, ip?: string): Promise<string> {
  if (!spec.vpcId) return `10.66.${octet()}.${octet()}`;
  const taken = await takePrivateIp(ctx, { subnetId: spec.subnetId, ip, holder: { type: "MongoDB", id: instanceId, service: "mongodb" } });
  if (!isRefusal(taken)) return taken;
  if (taken.reason === "subnet-full") {
    ctx.fail("ResourceInsufficient", { en: `No address is left in the subnet ${spec.subnetId}: ${taken.message}`, zh: `子网 ${spec.subnetId} 已无可用 IP。` });
  }
  return ctx.fail("InvalidParameter.InvalidVip", { en: `${ip} cannot be the instance's address: ${taken.message}`, zh: `无效Vip信息：${ip} 不是子网 ${spec.subnetId} 中可用的 IP 地址。` });
}

function octet(): string {
  return String(2 + Math.floor(Math.random() * 250));
}

/**
 * The VPC address an instance holds as its Vip: the one a network move took (in the move's target until the
 * move ends and the instance is saved settled), else its Vip; none in the basic network.
 */
function currentVip(inst: MongoInstance): RetiredVip | undefined {
  const moving = inst.task?.kind === "network" ? inst.task.target : undefined;
  const vpcId = moving?.vip !== undefined ? (moving.vpcId ?? inst.vpcId) : inst.vpcId;
  const ip = moving?.vip ?? inst.vip;
  return vpcId ? { vpcId, ip, releaseAt: 0 } : undefined;
}

/**
 * Gives VPC what the clock made due: every address of an instance that is gone (offline, or past the recycle
 * bin) and its security group bindings, and the old addresses of a network move once their retention has passed.
 * Only addresses the instance still lists are released, once each (another resource may take them next); a gone
 * instance is marked `vipReleased` so this happens once.
 */
export async function releaseDueVips(ctx: Ctx): Promise<void> {
  const now = ctx.now();
  for (const stored of await instances(ctx).all()) {
    const retired = stored.retiredVips ?? [];
    const gone = !stored.vipReleased && phaseOf(settle(stored, now), now) === "deleted";
    const due = gone ? retired : retired.filter((r) => r.releaseAt <= now);
    const current = gone ? currentVip(stored) : undefined;
    const groups = gone && stored.securityGroups.length > 0;
    if (!due.length && !current && !groups) continue;
    for (const r of [...due, ...(current ? [current] : [])]) await releasePrivateIp(ctx, { vpcId: r.vpcId, ip: r.ip });
    if (groups) await unbindInstanceGroups(ctx, stored.InstanceId);
    await instances(ctx).update(stored.InstanceId, {
      ...stored,
      retiredVips: retired.filter((r) => !due.includes(r)),
      ...(gone ? { vipReleased: true } : {}),
    });
  }
}
