import type { ActionContext } from "../../platform/service";
import { shortId } from "../../platform/ids";

/**
 * The little of VPC that instances need: each account gets a default VPC per region with a subnet per zone
 * and a default security group, and addresses come from counters: private 172.16.0.0/16 in allocation
 * order, public from the documentation ranges (RFC 5737) so they never point at a real host.
 */
interface NetworkDoc {
  vpcId: string;
  subnets: Record<string, string>;
  securityGroupId: string;
  nextPrivate: number;
  nextPublic: number;
}

const PUBLIC_BLOCKS = ["203.0.113", "198.51.100", "192.0.2"];

async function network(ctx: ActionContext<"cvm">): Promise<NetworkDoc> {
  const col = ctx.docs<NetworkDoc>("network");
  const doc = await col.get("default");
  if (doc) return doc;
  const fresh: NetworkDoc = { vpcId: shortId("vpc"), subnets: {}, securityGroupId: shortId("sg"), nextPrivate: 2, nextPublic: 0 };
  return col.insert("default", fresh);
}

export async function defaultVpc(ctx: ActionContext<"cvm">, zone: string): Promise<{ vpcId: string; subnetId: string; securityGroupId: string }> {
  const net = await network(ctx);
  if (!net.subnets[zone]) {
    net.subnets[zone] = shortId("subnet");
    await ctx.docs<NetworkDoc>("network").update("default", net);
  }
  return { vpcId: net.vpcId, subnetId: net.subnets[zone], securityGroupId: net.securityGroupId };
}

export async function allocatePrivateIp(ctx: ActionContext<"cvm">): Promise<string> {
  const net = await network(ctx);
  const n = net.nextPrivate++;
  await ctx.docs<NetworkDoc>("network").update("default", net);
  return `172.16.${(n >> 8) & 255}.${n & 255 || 1}`;
}

export async function allocatePublicIp(ctx: ActionContext<"cvm">): Promise<string> {
  const net = await network(ctx);
  const n = net.nextPublic++;
  await ctx.docs<NetworkDoc>("network").update("default", net);
  return `${PUBLIC_BLOCKS[Math.floor(n / 254) % PUBLIC_BLOCKS.length]}.${(n % 254) + 1}`;
}
