import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";
import { releaseDueVips } from "./addresses";

/**
 * What other products ask of MongoDB. VPC, before it decides whether a subnet, VPC or security group is still in
 * use, lets MongoDB give back what is due (the addresses and security group bindings of instances that are gone,
 * and the old addresses of a network move past their retention): their state follows the clock, not a call.
 */
export async function releaseAddressesOfGoneInstances(ctx: ActionContext<ProductName>): Promise<void> {
  await releaseDueVips(ctx.as("mongodb"));
}
