import type { ProductName } from "../../errors/catalog";
import { tagPairs } from "../../platform/definition";
import type { ActionContext } from "../../platform/service";
import { instanceNetwork, instanceNetworks, type InstanceNetwork } from "../vpc/for-products";
import { instances, instanceState, liveInstance, liveInstances, type InstanceDoc } from "./instance-model";

export { COMPUTE_REGIONS, regionName, zoneInfo, zonesOf, type ZoneView } from "./zones";

/**
 * What other products use of CVM, in the caller's account and the same transaction: CBS attaches disks to
 * instances (and stops one to roll back its system disk), Host Security runs an agent on each, VPC lists the
 * instances of a VPC. Zones and regions are CVM's too.
 */
type AnyCtx = ActionContext<ProductName>;

export interface InstanceView {
  InstanceId: string;
  InstanceName: string;
  /** PENDING | LAUNCH_FAILED | RUNNING | STOPPED | STARTING | STOPPING | REBOOTING | SHUTDOWN | TERMINATING | … as of ctx.now(). */
  InstanceState: string;
  InstanceType: string;
  CPU: number;
  Memory: number;
  Zone: string;
  Region: string;
  OsName: string;
  PrivateIpAddresses: string[];
  PublicIpAddresses: string[];
  /** The instance's UUID (Host Security's machine Uuid). */
  Uuid: string;
  /** Epoch ms of creation. */
  CreatedAt: number;
  /** Prepaid: the expiry (epoch ms); null for pay-as-you-go. */
  deadline: number | null;
}

function view(i: InstanceDoc, region: string, now: number, net: InstanceNetwork | undefined): InstanceView {
  return {
    InstanceId: i.InstanceId,
    InstanceName: i.InstanceName,
    InstanceState: instanceState(i, now),
    InstanceType: i.InstanceType,
    CPU: i.CPU,
    Memory: i.Memory,
    Zone: i.Zone,
    Region: region,
    OsName: i.OsName,
    PrivateIpAddresses: net?.PrivateIpAddresses ?? i.released?.PrivateIpAddresses ?? [],
    PublicIpAddresses: net?.PublicIpAddresses ?? i.released?.PublicIpAddresses ?? [],
    Uuid: i.Uuid,
    CreatedAt: i.createdAt,
    deadline: i.deadline,
  };
}

/** Instances of the account in the context's region (or every region when `allRegions`), oldest first; terminated ones are left out. */
export async function listInstances(ctx: AnyCtx, options: { allRegions?: boolean } = {}): Promise<InstanceView[]> {
  const now = ctx.now();
  if (!options.allRegions) {
    const nets = await instanceNetworks(ctx);
    return (await liveInstances(ctx)).map((i) => view(i, ctx.region, now, nets.get(i.InstanceId)));
  }
  const docs = (await ctx.tx.listAccount<InstanceDoc>("cvm", "instance", ctx.caller.uin)).filter((d) => instanceState(d.data, now) !== "TERMINATED");
  const byRegion = new Map<string, Map<string, InstanceNetwork>>();
  for (const region of new Set(docs.map((d) => d.region))) byRegion.set(region, await instanceNetworks(ctx.inRegion(region)));
  return docs.map((d) => view(d.data, d.region, now, byRegion.get(d.region)!.get(d.data.InstanceId)));
}

export async function getInstance(ctx: AnyCtx, instanceId: string): Promise<InstanceView | undefined> {
  const i = await liveInstance(ctx, instanceId);
  return i ? view(i, ctx.region, ctx.now(), await instanceNetwork(ctx, instanceId)) : undefined;
}

/** `key&value` of an instance's tags (CBS's qcs:resource_tag for an InstanceId it names); none when it is unknown. */
export async function instanceTags(ctx: AnyCtx, instanceId: string): Promise<string[]> {
  return tagPairs((await instances(ctx).get(instanceId))?.Tags);
}

/** The state an instance had at time `t` (for CBS's scheduled snapshots of a system disk), or undefined if it is gone. */
export async function instanceStateAt(ctx: AnyCtx, instanceId: string, t: number): Promise<string | undefined> {
  const i = await liveInstance(ctx, instanceId);
  return i ? instanceState(i, Math.max(t, i.stateAt)) : undefined;
}

/** Stops a RUNNING instance on behalf of another product (CBS rolling back a system disk with AutoStopInstance). */
export async function stopInstanceFor(ctx: AnyCtx, instanceId: string): Promise<boolean> {
  const col = instances(ctx);
  const i = await liveInstance(ctx, instanceId);
  if (!i || instanceState(i, ctx.now()) !== "RUNNING") return false;
  await col.update(i.InstanceId, { ...i, state: "STOPPING", stateAt: ctx.now(), latestOperation: { name: "StopInstances", requestId: ctx.requestId } });
  return true;
}
