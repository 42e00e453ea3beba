import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";
import { releaseGoneVips } from "./addresses";

/**
 * What other products ask of MongoDB. VPC, before it decides whether a subnet or VPC is still in use, lets
 * MongoDB give back the addresses of instances that are gone (their state follows the clock, not a call).
 */
export async function releaseAddressesOfGoneInstances(ctx: ActionContext<ProductName>): Promise<void> {
  await releaseGoneVips(ctx.as("mongodb"));
}
