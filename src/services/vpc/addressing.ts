import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";
import { addressProblem, subnetCounts, type SubnetDoc } from "./network-model";

/** Why private addresses cannot be taken from a subnet; each product maps it to its own code. */
export interface IpRefusal {
  reason: "ip-malformed" | "ip-outside-subnet" | "ip-reserved" | "ip-in-use" | "ip-duplicate" | "subnet-full";
  message: string;
}

const bt = (s: string | number) => "`" + s + "`";

/** Checks that `wanted` addresses can be taken and that `extra` more fit in the subnet; null when they can. */
export async function checkAddresses(ctx: ActionContext<ProductName>, s: SubnetDoc, wanted: readonly string[], extra: number): Promise<IpRefusal | null> {
  const seen = new Set<string>();
  for (const ip of wanted) {
    if (seen.has(ip)) return { reason: "ip-duplicate", message: `The address ${bt(ip)} is given twice.` };
    seen.add(ip);
    const problem = await addressProblem(ctx, s, ip);
    if (problem === "malformed") return { reason: "ip-malformed", message: `The address ${bt(ip)} is not an IPv4 address.` };
    if (problem === "outside") return { reason: "ip-outside-subnet", message: `The address ${bt(ip)} is not in the subnet ${bt(s.SubnetId)} (${s.CidrBlock}).` };
    if (problem === "reserved") return { reason: "ip-reserved", message: `The address ${bt(ip)} is reserved by the subnet ${bt(s.SubnetId)} (network, gateway or broadcast).` };
    if (problem === "used") return { reason: "ip-in-use", message: `The address ${bt(ip)} is already in use in ${bt(s.VpcId)}.` };
  }
  const { available } = await subnetCounts(ctx, s);
  if (wanted.length + extra > available) {
    return { reason: "subnet-full", message: `The subnet ${bt(s.SubnetId)} (${s.CidrBlock}) has ${available} free addresses; ${wanted.length + extra} are needed.` };
  }
  return null;
}
