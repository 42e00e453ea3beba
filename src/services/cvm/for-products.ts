import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";
import { instanceState, liveInstance, liveInstances, type InstanceDoc } from "./instance-model";

/**
 * What other products use of CVM instances, in the caller's account and the same transaction:
 * CBS attaches disks to them, Host Security runs an agent on each. Implemented by the CVM service.
 */
export interface InstanceView {
  InstanceId: string;
  InstanceName: string;
  /** PENDING | LAUNCH_FAILED | RUNNING | STOPPED | STARTING | STOPPING | REBOOTING | SHUTDOWN | TERMINATING, as of ctx.now(). */
  InstanceState: string;
  Zone: string;
  Region: string;
  OsName: string;
  PrivateIpAddresses: string[];
  PublicIpAddresses: string[];
  /** The instance's UUID (Host Security's machine Uuid). */
  Uuid: string;
  /** Epoch ms of creation. */
  CreatedAt: number;
}

function view(i: InstanceDoc, region: string, now: number): InstanceView {
  return {
    InstanceId: i.InstanceId,
    InstanceName: i.InstanceName,
    InstanceState: instanceState(i, now),
    Zone: i.Zone,
    Region: region,
    OsName: i.OsName,
    PrivateIpAddresses: [i.PrivateIpAddress],
    PublicIpAddresses: i.PublicIpAddress ? [i.PublicIpAddress] : [],
    Uuid: i.Uuid,
    CreatedAt: i.createdAt,
  };
}

/** Instances of the account in the context's region (or every region when `allRegions`), oldest first; terminated ones are left out. */
export async function listInstances(ctx: ActionContext<ProductName>, options: { allRegions?: boolean } = {}): Promise<InstanceView[]> {
  const now = ctx.now();
  if (!options.allRegions) return (await liveInstances(ctx)).map((i) => view(i, ctx.region, now));
  return (await ctx.tx.listAccount<InstanceDoc>("cvm", "instance", ctx.caller.uin))
    .filter((d) => instanceState(d.data, now) !== "TERMINATED")
    .map((d) => view(d.data, d.region, now));
}

export async function getInstance(ctx: ActionContext<ProductName>, instanceId: string): Promise<InstanceView | undefined> {
  const i = await liveInstance(ctx, instanceId);
  return i ? view(i, ctx.region, ctx.now()) : undefined;
}
