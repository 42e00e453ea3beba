import type { SecurityGroup, SecurityGroupBound } from "tencentcloud-sdk-nodejs/tencentcloud/services/mongodb/v20190725/mongodb_models";
import type { ActionContext } from "../../platform/service";
import { bindSecurityGroups, boundSecurityGroups, checkSecurityGroups, unbindSecurityGroups, type GroupRule } from "../vpc/for-products";
import { SECURITY_GROUP_ID } from "./rules";

type Ctx = ActionContext<"mongodb">;

/**
 * An instance's security groups are VPC's: named groups must exist in the account and region (checked through
 * VPC's for-products), the instance is bound to them there (VPC's association statistics count it as
 * "MongoDB" and DeleteSecurityGroup answers ResourceInUse), and it is unbound when it is gone.
 */

const HOLDER_TYPE = "MongoDB";

/** Why a set of groups cannot be the instance's: the offending id (none when there are too many), and a message. */
export interface GroupProblem {
  reason: "malformed" | "not-found" | "too-many";
  id?: string;
  message: { en: string; zh: string };
}

/** Null when every group reads sg-xxxxxxxx and exists in the account and region, and there are at most 5. */
export async function securityGroupProblem(ctx: Ctx, ids: readonly string[]): Promise<GroupProblem | null> {
  for (const id of ids) {
    if (!SECURITY_GROUP_ID.test(id)) return { reason: "malformed", id, message: { en: "A security group id reads sg-xxxxxxxx.", zh: "安全组 ID 格式为 sg-xxxxxxxx。" } };
    if (await checkSecurityGroups(ctx, [id])) {
      return { reason: "not-found", id, message: { en: `The security group ${id} does not exist in ${ctx.region}.`, zh: `安全组 ${id} 在地域 ${ctx.region} 不存在。` } };
    }
  }
  const refusal = await checkSecurityGroups(ctx, [...new Set(ids)]);
  if (refusal) return { reason: "too-many", message: { en: refusal.message, zh: "一个实例最多绑定 5 个安全组。" } };
  return null;
}

/** Puts the instance in exactly these groups in VPC (a rebind replaces the previous set). */
export async function bindInstanceGroups(ctx: Ctx, instanceId: string, ids: readonly string[]): Promise<void> {
  await bindSecurityGroups(ctx, { type: HOLDER_TYPE, id: instanceId }, ids);
}

/** The instance is gone: its groups no longer hold it. */
export async function unbindInstanceGroups(ctx: Ctx, instanceId: string): Promise<void> {
  await unbindSecurityGroups(ctx, instanceId);
}

/** The groups the instance is bound to, as DescribeSecurityGroup shows them (names, remarks and rules are VPC's). */
export async function instanceGroups(ctx: Ctx, instanceId: string): Promise<SecurityGroup[]> {
  return (await boundSecurityGroups(ctx, instanceId)).map((g) => ({
    ProjectId: Number(g.ProjectId),
    CreateTime: g.CreatedTime,
    Inbound: g.ingress.map(bound),
    Outbound: g.egress.map(bound),
    SecurityGroupId: g.SecurityGroupId,
    SecurityGroupName: g.SecurityGroupName,
    SecurityGroupRemark: g.SecurityGroupDesc,
  }));
}

/** A VPC rule in SecurityGroupBound's fields (the documented example writes the protocol in lower case). */
function bound(r: GroupRule): SecurityGroupBound {
  return {
    Action: r.Action,
    CidrIp: r.CidrBlock || r.Ipv6CidrBlock,
    PortRange: r.Port,
    IpProtocol: r.Protocol.toLowerCase(),
    Id: r.SecurityGroupId,
    AddressModule: r.AddressTemplate,
    ServiceModule: r.ServiceTemplate,
    Desc: r.PolicyDescription,
  };
}
