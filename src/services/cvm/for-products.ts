import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";

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

/** Instances of the account in the context's region (or every region when `allRegions`). */
export function listInstances(_ctx: ActionContext<ProductName>, _options: { allRegions?: boolean } = {}): InstanceView[] {
  return [];
}

export function getInstance(_ctx: ActionContext<ProductName>, _instanceId: string): InstanceView | undefined {
  return undefined;
}
