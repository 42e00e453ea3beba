import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import { dateTime, tagSet, type Ctx } from "./common";
import { containsCidr } from "./cidr";
import { cidrOf, subnetCounts, subnets, type SubnetDoc, type VpcDoc } from "./network-model";

export async function presentSubnet(ctx: Ctx, s: SubnetDoc): Promise<m.Subnet> {
  const counts = await subnetCounts(ctx, s);
  return {
    VpcId: s.VpcId,
    SubnetId: s.SubnetId,
    SubnetName: s.SubnetName,
    CidrBlock: s.CidrBlock,
    IsDefault: s.IsDefault,
    EnableBroadcast: s.EnableBroadcast,
    Zone: s.Zone,
    RouteTableId: s.RouteTableId,
    CreatedTime: dateTime(s.createdAt),
    AvailableIpAddressCount: counts.available,
    Ipv6CidrBlock: "",
    NetworkAclId: s.NetworkAclId,
    IsRemoteVpcSnat: false,
    TotalIpAddressCount: counts.total,
    TagSet: tagSet(s.Tags),
    CdcId: s.CdcId,
    IsCdcSubnet: s.CdcId ? 1 : 0,
  };
}

export async function presentVpc(ctx: Ctx, v: VpcDoc): Promise<m.Vpc> {
  const subs = await subnets(ctx).all(v.VpcId);
  const assistant: m.AssistantCidr[] = [];
  for (const c of v.assistantCidrs) {
    const inside: m.Subnet[] = [];
    for (const s of subs) if (subnetInCidr(s, c)) inside.push(await presentSubnet(ctx, s));
    assistant.push({ VpcId: v.VpcId, CidrBlock: c, AssistantType: 0, SubnetSet: inside });
  }
  return {
    VpcName: v.VpcName,
    VpcId: v.VpcId,
    CidrBlock: v.CidrBlock,
    IsDefault: v.IsDefault,
    EnableMulticast: v.EnableMulticast,
    CreatedTime: dateTime(v.createdAt),
    DnsServerSet: [...v.DnsServerSet],
    DomainName: v.DomainName,
    DhcpOptionsId: "",
    EnableDhcp: true,
    Ipv6CidrBlock: "",
    TagSet: tagSet(v.Tags),
    AssistantCidrSet: assistant,
    EnableRouteVpcPublish: v.EnableRouteVpcPublish,
    Ipv6CidrBlockSet: [],
    EnableRouteVpcPublishIpv6: false,
  };
}

function subnetInCidr(s: SubnetDoc, cidr: string): boolean {
  return containsCidr(cidrOf(cidr), cidrOf(s.CidrBlock));
}
