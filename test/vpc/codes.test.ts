import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { expectCode, sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";

/**
 * Every code VPC answers by itself (not through fault injection), each produced by the situation the API
 * reference documents it for, through the official SDK. Failed calls change nothing, so the cases share one set
 * of resources made before them.
 */
let server: TestServer;
const ZONE = "ap-guangzhou-3";
const f: Record<string, string> = {};

before(async () => {
  server = await startTclocal();
  const v = sdk("vpc", server);
  const c = sdk("cvm", server);
  f.vpc = (await v.CreateVpc({ VpcName: "codes", CidrBlock: "10.0.0.0/16" })).Vpc!.VpcId!;
  f.other = (await v.CreateVpc({ VpcName: "other", CidrBlock: "192.168.0.0/16" })).Vpc!.VpcId!;
  f.subnet = (await v.CreateSubnet({ VpcId: f.vpc, SubnetName: "a", CidrBlock: "10.0.1.0/24", Zone: ZONE })).Subnet!.SubnetId!;
  f.full = (await v.CreateSubnet({ VpcId: f.vpc, SubnetName: "full", CidrBlock: "10.0.2.0/28", Zone: ZONE })).Subnet!.SubnetId!;
  f.otherSubnet = (await v.CreateSubnet({ VpcId: f.other, SubnetName: "o", CidrBlock: "192.168.1.0/24", Zone: ZONE })).Subnet!.SubnetId!;
  f.sg = (await v.CreateSecurityGroup({ GroupName: "base", GroupDescription: "d" })).SecurityGroup!.SecurityGroupId!;
  f.sg2 = (await v.CreateSecurityGroupWithPolicies({ GroupName: "ref", GroupDescription: "d", SecurityGroupPolicySet: { Version: "0", Ingress: [{ SecurityGroupId: f.sg, Protocol: "TCP", Port: "22", Action: "ACCEPT" }] } })).SecurityGroup!.SecurityGroupId!;
  const run = await c.RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn", InstanceType: "S5.MEDIUM4", VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet }, SecurityGroupIds: [f.sg], InternetAccessible: { InternetMaxBandwidthOut: 5 } });
  f.ins = run.InstanceIdSet![0];
  f.ins2 = (await c.RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn", VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet } })).InstanceIdSet![0];
  f.insOther = (await c.RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn", VirtualPrivateCloud: { VpcId: f.other, SubnetId: f.otherSubnet } })).InstanceIdSet![0];
  f.pending = (await c.RunInstances({ Placement: { Zone: "ap-guangzhou-4" }, ImageId: "img-9qabwvbn" })).InstanceIdSet![0];
  await server.control("POST", "/clock", { advanceSeconds: 20 });
  f.pendingNow = (await c.RunInstances({ Placement: { Zone: ZONE }, ImageId: "img-9qabwvbn", VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: f.subnet } })).InstanceIdSet![0];
  for (let i = 0; i < 13; i++) await v.CreateNetworkInterface({ VpcId: f.vpc, SubnetId: f.full, NetworkInterfaceName: `fill${i}` });
  f.eni = (await v.CreateNetworkInterface({ VpcId: f.vpc, SubnetId: f.subnet, NetworkInterfaceName: "eni", SecondaryPrivateIpAddressCount: 1 })).NetworkInterface!.NetworkInterfaceId!;
  const enis = await v.DescribeNetworkInterfaces({ NetworkInterfaceIds: [f.eni] });
  f.eniIp = enis.NetworkInterfaceSet![0].PrivateIpAddressSet![0].PrivateIpAddress!;
  f.eniIp2 = enis.NetworkInterfaceSet![0].PrivateIpAddressSet![1].PrivateIpAddress!;
  f.eip = (await v.AllocateAddresses({})).AddressSet![0];
  f.bound = (await v.AllocateAddresses({})).AddressSet![0];
  await v.AssociateAddress({ AddressId: f.bound, InstanceId: f.ins2 });
  f.monthly = (await v.AllocateAddresses({ InternetChargeType: "BANDWIDTH_PREPAID_BY_MONTH", InternetMaxBandwidthOut: 2, AddressChargePrepaid: { Period: 1 } })).AddressSet![0];
  f.wanIp = (await v.DescribeAddresses({ Filters: [{ Name: "address-type", Values: ["WanIP"] }] })).AddressSet![0].AddressId!;
  f.rtb = (await v.CreateRouteTable({ VpcId: f.vpc, RouteTableName: "custom" })).RouteTable!.RouteTableId!;
  await v.CreateRoutes({ RouteTableId: f.rtb, Routes: [{ DestinationCidrBlock: "0.0.0.0/0", GatewayType: "NORMAL_CVM", GatewayId: "10.0.1.2" }] });
  f.mainRtb = (await v.DescribeRouteTables({ Filters: [{ Name: "vpc-id", Values: [f.vpc] }, { Name: "association.main", Values: ["true"] }] })).RouteTableSet![0].RouteTableId!;
  f.acl = (await v.CreateNetworkAcl({ VpcId: f.vpc, NetworkAclName: "triple" })).NetworkAcl!.NetworkAclId!;
  f.acl5 = (await v.CreateNetworkAcl({ VpcId: f.vpc, NetworkAclName: "quintuple", NetworkAclType: "QUINTUPLE" })).NetworkAcl!.NetworkAclId!;
  await v.AssociateNetworkAclSubnets({ NetworkAclId: f.acl, SubnetIds: [f.subnet] });
  f.addr = (await v.CreateAddressTemplate({ AddressTemplateName: "a", Addresses: ["1.1.1.1"] })).AddressTemplate!.AddressTemplateId!;
  f.addrGroup = (await v.CreateAddressTemplateGroup({ AddressTemplateGroupName: "g", AddressTemplateIds: [f.addr] })).AddressTemplateGroup!.AddressTemplateGroupId!;
});
after(() => server.stop());

type Case = [string, string, () => Promise<unknown>];
const v = () => sdk("vpc", server);
const run = (cases: Case[]) => {
  for (const [code, why, call] of cases) test(`${code}: ${why}`, async () => void (await expectCode(call(), code)));
};

describe("VPCs and subnets", () => {
  run([
    ["InvalidParameterValue.Malformed", "CreateVpc with a CIDR that is not a.b.c.d/n", () => v().CreateVpc({ VpcName: "x", CidrBlock: "10.0.0/16" })],
    ["InvalidParameterValue", "CreateVpc outside the private ranges", () => v().CreateVpc({ VpcName: "x", CidrBlock: "8.8.0.0/16" })],
    ["InvalidParameterValue.TooLong", "a VPC name over 60 bytes", () => v().CreateVpc({ VpcName: "x".repeat(61), CidrBlock: "10.0.0.0/16" })],
    ["InvalidParameterValue.Empty", "a blank subnet name", () => v().CreateSubnet({ VpcId: f.vpc, SubnetName: " ", CidrBlock: "10.0.9.0/24", Zone: ZONE })],
    ["InvalidParameterValue.LimitExceeded", "more than 4 DNS servers", () => v().CreateVpc({ VpcName: "x", CidrBlock: "10.0.0.0/16", DnsServers: ["1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4", "1.1.1.5"] })],
    ["InvalidParameterValue.TagDuplicateKey", "a tag key twice", () => v().CreateVpc({ VpcName: "x", CidrBlock: "10.0.0.0/16", Tags: [{ Key: "a", Value: "1" }, { Key: "a", Value: "2" }] })],
    ["InvalidParameterValue.TagInvalidKeyLen", "a tag key of 128 characters", () => v().CreateVpc({ VpcName: "x", CidrBlock: "10.0.0.0/16", Tags: [{ Key: "k".repeat(128), Value: "1" }] })],
    ["InvalidParameterValue.TagInvalidVal", "a tag value of 256 characters", () => v().CreateVpc({ VpcName: "x", CidrBlock: "10.0.0.0/16", Tags: [{ Key: "k", Value: "v".repeat(256) }] })],
    ["UnsupportedOperation.TagSystemReservedTagKey", "a qcloud: tag key", () => v().CreateVpc({ VpcName: "x", CidrBlock: "10.0.0.0/16", Tags: [{ Key: "qcloud:x", Value: "1" }] })],
    ["LimitExceeded.TagKeyPerResourceExceeded", "51 tags", () => v().CreateVpc({ VpcName: "x", CidrBlock: "10.0.0.0/16", Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) })],
    ["ResourceNotFound", "DescribeVpcs of an unknown VPC", () => v().DescribeVpcs({ VpcIds: ["vpc-zzzzzzzz"] })],
    ["InvalidParameterValue.ParameterMismatch", "DescribeUsedIpAddress of a subnet of another VPC", () => v().DescribeUsedIpAddress({ VpcId: f.vpc, SubnetId: f.otherSubnet })],
    ["InvalidParameter.Coexist", "VpcIds with Filters", () => v().DescribeVpcs({ VpcIds: [f.vpc], Filters: [{ Name: "vpc-name", Values: ["x"] }] })],
    ["InvalidParameter.FilterInvalidKey", "an unknown filter", () => v().DescribeVpcs({ Filters: [{ Name: "color", Values: ["red"] }] })],
    ["InvalidParameterValue.Range", "a Limit over 100", () => v().DescribeVpcs({ Limit: "101" })],
    ["ResourceInUse", "DeleteVpc while instances use it", () => v().DeleteVpc({ VpcId: f.vpc })],
    ["InvalidParameterValue.SubnetRange", "a /29 subnet", () => v().CreateSubnet({ VpcId: f.vpc, SubnetName: "x", CidrBlock: "10.0.3.0/29", Zone: ZONE })],
    ["InvalidParameterValue.SubnetOverlap", "a subnet overlapping another", () => v().CreateSubnet({ VpcId: f.vpc, SubnetName: "x", CidrBlock: "10.0.1.128/25", Zone: ZONE })],
    ["InvalidParameterValue.SubnetOverlapRoute", "a subnet that is a route's destination", async () => {
      await v().CreateRoutes({ RouteTableId: f.rtb, Routes: [{ DestinationCidrBlock: "10.0.77.0/24", GatewayType: "EIP", GatewayId: "0" }] }).catch(() => undefined);
      return v().CreateSubnet({ VpcId: f.vpc, SubnetName: "x", CidrBlock: "10.0.77.0/24", Zone: ZONE });
    }],
    ["MissingParameter", "CreateSubnets without subnets", () => v().CreateSubnets({ VpcId: f.vpc, Subnets: [] })],
    ["ResourceInUse", "DeleteSubnet while instances use it", () => v().DeleteSubnet({ SubnetId: f.subnet })],
  ]);
});

describe("route tables", () => {
  // Despite its name, a CCN action (the CCN route tables, ccnrtb-…, bound to a CCN's instances): CCN is not emulated.
  test("UnsupportedOperation: DescribeRouteTableAssociatedInstances, a CCN action, is excluded and says so", async () => {
    const err = await expectCode(v().DescribeRouteTableAssociatedInstances({ Filters: [{ Name: "ccn-id", Values: ["ccn-aaaaaaaa"] }] }), "UnsupportedOperation");
    assert.match(err.message, /DescribeRouteTableAssociatedInstances/);
  });
  run([
    ["UnsupportedOperation.DelDefaultRoute", "deleting the main route table", () => v().DeleteRouteTable({ RouteTableId: f.mainRtb })],
    ["UnsupportedOperation.DelRouteWithSubnet", "deleting a table subnets use", async () => {
      const t = (await v().CreateRouteTable({ VpcId: f.other, RouteTableName: "used" })).RouteTable!.RouteTableId!;
      await v().ReplaceRouteTableAssociation({ RouteTableId: t, SubnetId: f.otherSubnet });
      return v().DeleteRouteTable({ RouteTableId: t });
    }],
    ["UnsupportedOperation.VpcMismatch", "associating a subnet of another VPC", () => v().ReplaceRouteTableAssociation({ RouteTableId: f.rtb, SubnetId: f.otherSubnet })],
    ["InvalidParameterValue.VpcCidrConflict", "a route to the VPC's own block", () => v().CreateRoutes({ RouteTableId: f.rtb, Routes: [{ DestinationCidrBlock: "10.0.0.0/16", GatewayType: "EIP", GatewayId: "0" }] })],
    ["InvalidParameterValue.SubnetOverlapRoute", "a route to a subnet's block", () => v().CreateRoutes({ RouteTableId: f.rtb, Routes: [{ DestinationCidrBlock: "10.0.1.0/24", GatewayType: "EIP", GatewayId: "0" }] })],
    ["InvalidParameterValue.RouteNextHopInvalid", "an EIP next hop that is not 0", () => v().CreateRoutes({ RouteTableId: f.rtb, Routes: [{ DestinationCidrBlock: "1.0.0.0/8", GatewayType: "EIP", GatewayId: "eip-aaaaaaaa" }] })],
    ["InvalidParameterValue", "an unknown next-hop type", () => v().CreateRoutes({ RouteTableId: f.rtb, Routes: [{ DestinationCidrBlock: "1.0.0.0/8", GatewayType: "WORMHOLE", GatewayId: "x" }] })],
    ["ResourceNotFound", "a VPN next hop that does not exist", () => v().CreateRoutes({ RouteTableId: f.rtb, Routes: [{ DestinationCidrBlock: "1.0.0.0/8", GatewayType: "VPN", GatewayId: "vpngw-aaaaaaaa" }] })],
    ["InvalidParameterValue.Duplicate", "the same route twice", () => v().CreateRoutes({ RouteTableId: f.rtb, Routes: [{ DestinationCidrBlock: "0.0.0.0/0", GatewayType: "NORMAL_CVM", GatewayId: "10.0.1.2" }] })],
    ["UnsupportedOperation.EcmpWithUserRoute", "a second route to the same destination", () => v().CreateRoutes({ RouteTableId: f.rtb, Routes: [{ DestinationCidrBlock: "0.0.0.0/0", GatewayType: "NORMAL_CVM", GatewayId: "10.0.1.3" }] })],
    ["InvalidParameter.Coexist", "RouteIds with RouteItemIds", () => v().EnableRoutes({ RouteTableId: f.rtb, RouteIds: [1], RouteItemIds: ["rti-aaaaaaaa"] })],
    ["MissingParameter", "EnableRoutes naming no route", () => v().EnableRoutes({ RouteTableId: f.rtb })],
    ["ResourceNotFound", "deleting a route that does not exist", () => v().DeleteRoutes({ RouteTableId: f.rtb, Routes: [{ RouteId: 1, DestinationCidrBlock: "1.0.0.0/8", GatewayType: "EIP", GatewayId: "0" }] })],
  ]);
});

describe("security groups and templates", () => {
  run([
    ["ResourceInUse", "deleting a group other groups' rules name", () => v().DeleteSecurityGroup({ SecurityGroupId: f.sg })],
    ["ResourceInUse", "deleting an address template a group holds", () => v().DeleteAddressTemplate({ AddressTemplateId: f.addr })],
    ["InvalidParameter.Coexist", "CidrBlock with SecurityGroupId in one rule", () => v().CreateSecurityGroupPolicies({ SecurityGroupId: f.sg2, SecurityGroupPolicySet: { Ingress: [{ CidrBlock: "0.0.0.0/0", SecurityGroupId: f.sg, Action: "ACCEPT" }] } })],
    ["InvalidParameter.Coexist", "Ingress and Egress in one CreateSecurityGroupPolicies", () => v().CreateSecurityGroupPolicies({ SecurityGroupId: f.sg2, SecurityGroupPolicySet: { Ingress: [{ Action: "ACCEPT" }], Egress: [{ Action: "ACCEPT" }] } })],
    ["InvalidParameterValue.Range", "an Action other than ACCEPT or DROP", () => v().CreateSecurityGroupPolicies({ SecurityGroupId: f.sg2, SecurityGroupPolicySet: { Ingress: [{ Protocol: "TCP", Port: "80", Action: "ALLOW" }] } })],
    ["InvalidParameterValue.Malformed", "a rule's CIDR that is not one", () => v().CreateSecurityGroupPolicies({ SecurityGroupId: f.sg2, SecurityGroupPolicySet: { Ingress: [{ CidrBlock: "10.0.0/8", Action: "ACCEPT" }] } })],
    ["UnsupportedOperation.VersionMismatch", "a stale rules version", () => v().CreateSecurityGroupPolicies({ SecurityGroupId: f.sg2, SecurityGroupPolicySet: { Version: "99", Ingress: [{ Protocol: "UDP", Port: "53", Action: "ACCEPT" }] } })],
    ["UnsupportedOperation.DuplicatePolicy", "a rule the group has", () => v().CreateSecurityGroupPolicies({ SecurityGroupId: f.sg2, SecurityGroupPolicySet: { Ingress: [{ SecurityGroupId: f.sg, Protocol: "TCP", Port: "22", Action: "ACCEPT" }] } })],
    ["InvalidParameterValue.Empty", "a policy set without rules", () => v().CreateSecurityGroupPolicies({ SecurityGroupId: f.sg2, SecurityGroupPolicySet: {} })],
    ["LimitExceeded.SecurityGroupPolicySet", "101 inbound rules", () => v().ModifySecurityGroupPolicies({ SecurityGroupId: f.sg2, SecurityGroupPolicySet: { Version: "1", Ingress: Array.from({ length: 101 }, (_, i) => ({ Protocol: "TCP", Port: String(1000 + i), CidrBlock: "0.0.0.0/0", Action: "ACCEPT" })) } })],
    ["InvalidParameter", "ModifySecurityGroupPolicies with a PolicyIndex", () => v().ModifySecurityGroupPolicies({ SecurityGroupId: f.sg2, SecurityGroupPolicySet: { Version: "1", Ingress: [{ PolicyIndex: 0, Protocol: "ALL", Action: "ACCEPT" }] } })],
    ["MissingParameter", "ReplaceSecurityGroupPolicy without PolicyIndex", () => v().ReplaceSecurityGroupPolicy({ SecurityGroupId: f.sg2, SecurityGroupPolicySet: { Ingress: [{ Protocol: "ALL", Action: "ACCEPT" }] } })],
    ["ResourceNotFound", "a rule naming a group that does not exist", () => v().CreateSecurityGroupPolicies({ SecurityGroupId: f.sg2, SecurityGroupPolicySet: { Ingress: [{ SecurityGroupId: "sg-zzzzzzzz", Action: "ACCEPT" }] } })],
    ["UnsupportedOperation.RemoteRegionSgHasReferencedSg", "cloning across regions a group whose rules name groups", () => sdk("vpc", server, { region: "ap-shanghai" }).CloneSecurityGroup({ SecurityGroupId: f.sg2, RemoteRegion: "ap-guangzhou" })],
    ["InvalidParameterValue.Duplicate", "a template member twice", () => v().CreateAddressTemplate({ AddressTemplateName: "d", Addresses: ["1.1.1.1", "1.1.1.1"] })],
    ["InvalidParameter.Coexist", "Addresses with AddressesExtra", () => v().CreateAddressTemplate({ AddressTemplateName: "d", Addresses: ["1.1.1.1"], AddressesExtra: [{ Address: "2.2.2.2" }] })],
    ["LimitExceeded", "a template of 21 members", () => v().CreateAddressTemplate({ AddressTemplateName: "d", Addresses: Array.from({ length: 21 }, (_, i) => `10.9.0.${i + 1}`) })],
    ["InvalidParameterValue.Malformed", "a service that is not protocol:port", () => v().CreateServiceTemplate({ ServiceTemplateName: "s", Services: ["http:80"] })],
  ]);
});

describe("network ACLs", () => {
  run([
    ["InvalidParameter.AclTypeMismatch", "quintuple rules on a triple ACL", () => v().CreateNetworkAclQuintupleEntries({ NetworkAclId: f.acl, NetworkAclQuintupleSet: { Ingress: [{ Protocol: "ALL", Action: "ACCEPT" }] } })],
    ["ResourceInUse", "deleting an ACL subnets are associated with", () => v().DeleteNetworkAcl({ NetworkAclId: f.acl })],
    ["UnsupportedOperation.VpcMismatch", "associating a subnet of another VPC", () => v().AssociateNetworkAclSubnets({ NetworkAclId: f.acl, SubnetIds: [f.otherSubnet] })],
    ["LimitExceeded", "21 inbound rules", () => v().ModifyNetworkAclEntries({ NetworkAclId: f.acl, NetworkAclEntrySet: { Ingress: Array.from({ length: 21 }, () => ({ Protocol: "ALL", CidrBlock: "0.0.0.0/0", Action: "ACCEPT" })) } })],
    ["InvalidParameter.Coexist", "a port with protocol ALL", () => v().CreateNetworkAclEntries({ NetworkAclId: f.acl, NetworkAclEntrySet: { Ingress: [{ Protocol: "ALL", Port: "80", CidrBlock: "0.0.0.0/0", Action: "ACCEPT" }] } })],
    ["MissingParameter", "ModifyNetworkAclEntries with no rule set", () => v().ModifyNetworkAclEntries({ NetworkAclId: f.acl })],
  ]);
});

describe("network interfaces", () => {
  run([
    ["ResourceInUse", "an address already in use", () => v().CreateNetworkInterface({ VpcId: f.vpc, SubnetId: f.subnet, NetworkInterfaceName: "x", PrivateIpAddresses: [{ PrivateIpAddress: f.eniIp, Primary: true }] })],
    ["InvalidParameterValue.Reserved", "a subnet's gateway address", () => v().CreateNetworkInterface({ VpcId: f.vpc, SubnetId: f.subnet, NetworkInterfaceName: "x", PrivateIpAddresses: [{ PrivateIpAddress: "10.0.1.1", Primary: true }] })],
    ["InvalidParameterValue.Range", "an address outside the subnet", () => v().CreateNetworkInterface({ VpcId: f.vpc, SubnetId: f.subnet, NetworkInterfaceName: "x", PrivateIpAddresses: [{ PrivateIpAddress: "10.0.9.9", Primary: true }] })],
    ["ResourceInsufficient.Subnet", "a full /28", () => v().CreateNetworkInterface({ VpcId: f.vpc, SubnetId: f.full, NetworkInterfaceName: "x" })],
    ["UnsupportedOperation.ResourceMismatch", "a subnet of another VPC", () => v().CreateNetworkInterface({ VpcId: f.vpc, SubnetId: f.otherSubnet, NetworkInterfaceName: "x" })],
    ["LimitExceeded", "21 addresses on a detached interface", () => v().CreateNetworkInterface({ VpcId: f.vpc, SubnetId: f.subnet, NetworkInterfaceName: "x", SecondaryPrivateIpAddressCount: 20 })],
    ["UnsupportedOperation.VpcMismatch", "attaching to an instance of another VPC", () => v().AttachNetworkInterface({ NetworkInterfaceId: f.eni, InstanceId: f.insOther })],
    ["UnsupportedOperation.InvalidState", "attaching to a PENDING instance", () => v().AttachNetworkInterface({ NetworkInterfaceId: f.eni, InstanceId: f.pendingNow })],
    ["UnsupportedOperation.InvalidState", "detaching from an instance it is not on", () => v().DetachNetworkInterface({ NetworkInterfaceId: f.eni, InstanceId: f.ins })],
    ["UnsupportedOperation.AttachmentNotFound", "migrating from an instance it is not on", () => v().MigrateNetworkInterface({ NetworkInterfaceId: f.eni, SourceInstanceId: f.ins, DestinationInstanceId: f.ins2 })],
    ["UnsupportedOperation", "releasing an interface's primary address", () => v().UnassignPrivateIpAddresses({ NetworkInterfaceId: f.eni, PrivateIpAddresses: [{ PrivateIpAddress: f.eniIp }] })],
    ["UnsupportedOperation.PrimaryIp", "migrating a primary address", () => v().MigratePrivateIpAddress({ SourceNetworkInterfaceId: f.eni, DestinationNetworkInterfaceId: f.eni, PrivateIpAddress: f.eniIp })],
    ["ResourceNotFound", "an interface that does not exist", () => v().DeleteNetworkInterface({ NetworkInterfaceId: "eni-zzzzzzzz" })],
    ["InvalidParameterValue.Malformed", "an interface id that is not one", () => v().DeleteNetworkInterface({ NetworkInterfaceId: "eni-1" })],
    ["InvalidInstanceId.NotFound", "the limit of an instance that does not exist", () => v().DescribeNetworkInterfaceLimit({ InstanceId: "ins-zzzzzzzz" })],
    ["InvalidParameterValue.DuplicatePara", "an address twice", () => v().AssignPrivateIpAddresses({ NetworkInterfaceId: f.eni, PrivateIpAddresses: [{ PrivateIpAddress: "10.0.1.200" }, { PrivateIpAddress: "10.0.1.200" }] })],
  ]);
  test("UnsupportedOperation.AttachmentAlreadyExists / ResourceInUse: an attached interface cannot be attached again or deleted", async () => {
    await v().AttachNetworkInterface({ NetworkInterfaceId: f.eni, InstanceId: f.ins });
    await expectCode(v().AttachNetworkInterface({ NetworkInterfaceId: f.eni, InstanceId: f.ins2 }), "UnsupportedOperation.AttachmentAlreadyExists");
    await expectCode(v().DeleteNetworkInterface({ NetworkInterfaceId: f.eni }), "ResourceInUse");
    const primary = (await v().DescribeNetworkInterfaces({ Filters: [{ Name: "attachment.instance-id", Values: [f.ins] }, { Name: "is-primary", Values: ["true"] }] })).NetworkInterfaceSet![0];
    await expectCode(v().DetachNetworkInterface({ NetworkInterfaceId: primary.NetworkInterfaceId!, InstanceId: f.ins }), "UnsupportedOperation");
    await v().DetachNetworkInterface({ NetworkInterfaceId: f.eni, InstanceId: f.ins });
  });
});

describe("EIPs", () => {
  run([
    ["InvalidParameterValue.AddressIdMalformed", "an EIP id that is not one", () => v().AssociateAddress({ AddressId: "eip-1", InstanceId: f.ins })],
    ["InvalidAddressId.NotFound", "an EIP that does not exist", () => v().AssociateAddress({ AddressId: "eip-zzzzzzzz", InstanceId: f.ins })],
    ["InvalidParameterConflict", "an instance and an interface at once", () => v().AssociateAddress({ AddressId: f.eip, InstanceId: f.ins, NetworkInterfaceId: f.eni, PrivateIpAddress: f.eniIp })],
    ["InvalidParameterValue.MissingAssociateEntity", "nothing to bind to", () => v().AssociateAddress({ AddressId: f.eip })],
    ["InvalidParameterValue.InstanceHasWanIP", "an instance with a normal public IP", () => v().AssociateAddress({ AddressId: f.eip, InstanceId: f.ins })],
    ["InvalidInstanceId.AlreadyBindEip", "an instance with an EIP", () => v().AssociateAddress({ AddressId: f.eip, InstanceId: f.ins2 })],
    ["InvalidParameterValue.InvalidInstanceState", "a PENDING instance", () => v().AssociateAddress({ AddressId: f.eip, InstanceId: f.pendingNow })],
    ["InvalidInstanceId.NotFound", "an instance that does not exist", () => v().AssociateAddress({ AddressId: f.eip, InstanceId: "ins-zzzzzzzz" })],
    ["InvalidParameterValue.InstanceIdMalformed", "an instance id that is not one", () => v().AssociateAddress({ AddressId: f.eip, InstanceId: "i-1" })],
    ["InvalidNetworkInterfaceId.NotFound", "an interface that does not exist", () => v().AssociateAddress({ AddressId: f.eip, NetworkInterfaceId: "eni-zzzzzzzz", PrivateIpAddress: "10.0.1.250" })],
    ["InvalidParameterValue.NetworkInterfaceNotFound", "an address the interface does not hold", () => v().AssociateAddress({ AddressId: f.eip, NetworkInterfaceId: f.eni, PrivateIpAddress: "10.0.1.250" })],
    ["InvalidParameterValue.NetworkInterfaceIdNotMatch", "an EIP bound to an instance's interface, asked onto another interface", () => v().AssociateAddress({ AddressId: f.bound, NetworkInterfaceId: f.eni, PrivateIpAddress: f.eniIp })],
    ["InvalidParameterValue.PrivateIpAddressNotMatch", "an EIP bound to one address of an interface, asked onto another of its addresses", async () => {
      await v().AssociateAddress({ AddressId: f.eip, NetworkInterfaceId: f.eni, PrivateIpAddress: f.eniIp2 });
      try {
        return await v().AssociateAddress({ AddressId: f.eip, NetworkInterfaceId: f.eni, PrivateIpAddress: f.eniIp });
      } finally {
        await v().DisassociateAddress({ AddressId: f.eip });
      }
    }],
    ["UnsupportedOperation.AddressStatusNotPermit", "binding a bound EIP", () => v().AssociateAddress({ AddressId: f.bound, InstanceId: f.ins })],
    ["UnsupportedOperation.AddressStatusNotPermit", "binding an EIP again where it is bound", async () => {
      await v().AssociateAddress({ AddressId: f.eip, NetworkInterfaceId: f.eni, PrivateIpAddress: f.eniIp2 });
      try {
        return await v().AssociateAddress({ AddressId: f.eip, NetworkInterfaceId: f.eni, PrivateIpAddress: f.eniIp2 });
      } finally {
        await v().DisassociateAddress({ AddressId: f.eip });
      }
    }],
    ["UnsupportedOperation.IncorrectAddressResourceType", "binding a normal public IP", () => v().AssociateAddress({ AddressId: f.wanIp, InstanceId: f.ins2 })],
    ["InvalidAddressIdStatus.NotPermit", "unbinding an unbound EIP", () => v().DisassociateAddress({ AddressId: f.eip })],
    ["InvalidParameterValue.ResourceNotSupport", "unbinding a normal public IP", () => v().DisassociateAddress({ AddressId: f.wanIp })],
    ["InvalidAddressState", "releasing a bound EIP", () => v().ReleaseAddresses({ AddressIds: [f.bound] })],
    ["InvalidParameterValue.AddressTypeConflict", "releasing a normal public IP", () => v().ReleaseAddresses({ AddressIds: [f.wanIp] })],
    ["InvalidParameterValue.BandwidthOutOfRange", "101 Mbps of hourly traffic", () => v().AllocateAddresses({ InternetMaxBandwidthOut: 101 })],
    ["InvalidParameterValue.Combination", "monthly bandwidth without a period", () => v().AllocateAddresses({ InternetChargeType: "BANDWIDTH_PREPAID_BY_MONTH" })],
    ["InvalidParameterValue.Range", "a 13-month period", () => v().AllocateAddresses({ InternetChargeType: "BANDWIDTH_PREPAID_BY_MONTH", AddressChargePrepaid: { Period: 13 } })],
    ["UnauthorizedOperation.AnycastEip", "an Anycast EIP", () => v().AllocateAddresses({ AddressType: "AnycastEIP" })],
    ["UnsupportedOperation.UnsupportedRegion", "a HighQualityEIP in Guangzhou", () => v().AllocateAddresses({ AddressType: "HighQualityEIP" })],
    ["InvalidParameterValue.BandwidthPackageNotFound", "a bandwidth package that does not exist", () => v().AllocateAddresses({ InternetChargeType: "BANDWIDTH_PACKAGE", BandwidthPackageId: "bwp-aaaaaaaa" })],
    ["InvalidParameterValue.InvalidDedicatedClusterId", "a dedicated cluster that does not exist", () => v().AllocateAddresses({ DedicatedClusterId: "cluster-aaaaaaaa" })],
    ["InvalidParameterValue.AddressIpNotAvailable", "a chosen address", () => v().AllocateAddresses({ VipCluster: ["203.0.113.200"] })],
    ["InvalidParameterValue.AddressNotFound", "renewing an EIP that does not exist", () => v().RenewAddresses({ AddressIds: ["eip-zzzzzzzz"], AddressChargePrepaid: { Period: 1 } })],
    ["UnsupportedOperation.InvalidAddressInternetChargeType", "renewing an hourly EIP", () => v().RenewAddresses({ AddressIds: [f.eip], AddressChargePrepaid: { Period: 1 } })],
    ["InvalidParameterValue.ResourceNotSupport", "a renew flag on an hourly EIP", () => v().ModifyAddressesRenewFlag({ AddressIds: [f.eip], RenewFlag: "NOTIFY_AND_AUTO_RENEW" })],
    ["InvalidParameterValue.InternetChargeTypeNotChanged", "switching to the charge type it has", () => v().ModifyAddressInternetChargeType({ AddressId: f.eip, InternetChargeType: "TRAFFIC_POSTPAID_BY_HOUR", InternetMaxBandwidthOut: 1 })],
    ["InvalidParameterValue.InstanceHasNoWanIP", "TransformAddress on an instance without a public IP", () => v().TransformAddress({ InstanceId: f.insOther })],
    ["InvalidInstanceId.AlreadyBindEip", "TransformAddress on an instance with an EIP", () => v().TransformAddress({ InstanceId: f.ins2 })],
    ["InvalidParameterValue.AddressIpsNotFound", "returning an address that is not a normal public IP", () => v().ReturnNormalAddresses({ AddressIps: ["198.51.100.250"] })],
    ["InvalidParameterValue.Combination", "AdjustPublicAddress naming nothing", () => v().AdjustPublicAddress({})],
    ["InvalidParameterValue.OnlySupportedForMasterNetworkCard", "reallocating a normal IP off a primary address", async () => {
      await v().AssociateAddress({ AddressId: f.eip, NetworkInterfaceId: f.eni, PrivateIpAddress: f.eniIp2 });
      try {
        return await v().DisassociateAddress({ AddressId: f.eip, ReallocateNormalPublicIp: true });
      } finally {
        await v().DisassociateAddress({ AddressId: f.eip });
      }
    }],
    ["InvalidPrivateIpAddress.AlreadyBindEip", "an interface address that has an EIP", async () => {
      await v().AssociateAddress({ AddressId: f.eip, NetworkInterfaceId: f.eni, PrivateIpAddress: f.eniIp2 });
      const other = (await v().AllocateAddresses({})).AddressSet![0];
      try {
        return await v().AssociateAddress({ AddressId: other, NetworkInterfaceId: f.eni, PrivateIpAddress: f.eniIp2 });
      } finally {
        await v().DisassociateAddress({ AddressId: f.eip });
        await v().ReleaseAddresses({ AddressIds: [other] });
      }
    }],
    ["InvalidParameter", "a task that does not exist", () => v().DescribeTaskResult({ TaskId: 1 })],
    ["ResourceNotFound", "a VPC task that does not exist", () => v().DescribeVpcTaskResult({ TaskId: "00000000-0000-0000-0000-000000000000" })],
    ["InvalidParameter.InvalidFilter", "an unknown DescribeAddresses filter", () => v().DescribeAddresses({ Filters: [{ Name: "color", Values: ["red"] }] })],
    ["InvalidParameterValue.NetworkInterfaceIdMalformed", "a network-interface-id filter that is not an interface id", () => v().DescribeAddresses({ Filters: [{ Name: "network-interface-id", Values: ["eni-1"] }] })],
    ["InvalidParameterValue.ResourceIdMalformed", "an instance-id filter that is not a resource id", () => v().DescribeAddresses({ Filters: [{ Name: "instance-id", Values: ["not an id"] }] })],
    ["LimitExceeded.NumberOfFilters", "11 DescribeAddresses filters", () => v().DescribeAddresses({ Filters: Array.from({ length: 11 }, () => ({ Name: "address-id", Values: ["eip-aaaaaaaa"] })) })],
  ]);
  test("LimitExceeded.ModifyAddressInternetChargeTypeQuota: an EIP changes its charge type twice", async () => {
    const id = (await v().AllocateAddresses({})).AddressSet![0];
    await v().ModifyAddressInternetChargeType({ AddressId: id, InternetChargeType: "BANDWIDTH_POSTPAID_BY_HOUR", InternetMaxBandwidthOut: 2 });
    await v().ModifyAddressInternetChargeType({ AddressId: id, InternetChargeType: "TRAFFIC_POSTPAID_BY_HOUR", InternetMaxBandwidthOut: 2 });
    await expectCode(v().ModifyAddressInternetChargeType({ AddressId: id, InternetChargeType: "BANDWIDTH_POSTPAID_BY_HOUR", InternetMaxBandwidthOut: 2 }), "LimitExceeded.ModifyAddressInternetChargeTypeQuota");
    await v().ReleaseAddresses({ AddressIds: [id] });
  });
  test("FailedOperation.BalanceInsufficient: a monthly EIP the balance cannot pay", async () => {
    const poor = await server.control("POST", "/accounts", { balance: 10 });
    const vp = sdk("vpc", server, { credential: { secretId: poor.secretId, secretKey: poor.secretKey } });
    await expectCode(vp.AllocateAddresses({ InternetChargeType: "BANDWIDTH_PREPAID_BY_MONTH", InternetMaxBandwidthOut: 10, AddressChargePrepaid: { Period: 1 } }), "FailedOperation.BalanceInsufficient");
    assertBalance(await server.control("GET", "/accounts"), poor.uin, 10);
  });
  test("AddressQuotaLimitExceeded / .DailyAllocate: 20 EIPs at a time, 40 allocations a day; LimitExceeded.DailyChangeAddressQuota: 10 address changes a day", async () => {
    const acct = await server.control("POST", "/accounts", {});
    const va = sdk("vpc", server, { credential: { secretId: acct.secretId, secretKey: acct.secretKey } });
    const ids = (await va.AllocateAddresses({ AddressCount: 20 })).AddressSet!;
    await expectCode(va.AllocateAddresses({}), "AddressQuotaLimitExceeded");
    await va.ReleaseAddresses({ AddressIds: ids });
    await va.ReleaseAddresses({ AddressIds: (await va.AllocateAddresses({ AddressCount: 20 })).AddressSet! });
    await expectCode(va.AllocateAddresses({}), "AddressQuotaLimitExceeded.DailyAllocate");
    const monthly = (await sdk("vpc", server).AllocateAddresses({ InternetChargeType: "BANDWIDTH_PREPAID_BY_MONTH", InternetMaxBandwidthOut: 1, AddressChargePrepaid: { Period: 1 } })).AddressSet![0];
    for (let i = 0; i < 10; i++) await v().AdjustPublicAddress({ AddressId: monthly });
    await expectCode(v().AdjustPublicAddress({ AddressId: monthly }), "LimitExceeded.DailyChangeAddressQuota");
  });
});

function assertBalance(list: { accounts: { uin: string; balance: number }[] }, uin: string, balance: number): void {
  const a = list.accounts.find((x) => x.uin === uin)!;
  if (a.balance !== balance) throw new Error(`balance of ${uin} is ${a.balance}, expected ${balance}`);
}

describe("quotas", () => {
  test("LimitExceeded: a 21st VPC; ResourceInsufficient.CidrBlock: no /20 left for a default subnet", async () => {
    const acct = await server.control("POST", "/accounts", {});
    const va = sdk("vpc", server, { credential: { secretId: acct.secretId, secretKey: acct.secretKey } });
    const def = await va.CreateDefaultVpc({ Zone: "ap-guangzhou-4" });
    for (let i = 1; i < 16; i++) await va.CreateSubnet({ VpcId: def.Vpc!.VpcId!, SubnetName: `s${i}`, CidrBlock: `172.16.${i * 16}.0/20`, Zone: ZONE });
    await expectCode(va.CreateDefaultVpc({ Zone: ZONE }), "ResourceInsufficient.CidrBlock");
    for (let i = 1; i < 20; i++) await va.CreateVpc({ VpcName: `v${i}`, CidrBlock: "10.0.0.0/16" });
    await expectCode(va.CreateVpc({ VpcName: "over", CidrBlock: "10.0.0.0/16" }), "LimitExceeded");
  });
});

describe("secondary blocks, interfaces across zones, interface quota", () => {
  test("InvalidParameterValue.VpcCidrOverlapRoute: a secondary CIDR block that is a route's destination", async () => {
    await v().CreateRoutes({ RouteTableId: f.rtb, Routes: [{ DestinationCidrBlock: "10.8.0.0/16", GatewayType: "NORMAL_CVM", GatewayId: "10.0.1.2" }] });
    await expectCode(v().CreateAssistantCidr({ VpcId: f.vpc, CidrBlocks: ["10.8.0.0/16"] }), "InvalidParameterValue.VpcCidrOverlapRoute");
  });
  test("UnsupportedOperation.ZoneMismatch: attaching an interface to an instance of another zone of its VPC", async () => {
    const subnet = (await v().CreateSubnet({ VpcId: f.vpc, SubnetName: "z4", CidrBlock: "10.0.40.0/24", Zone: "ap-guangzhou-4" })).Subnet!.SubnetId!;
    const id = (await sdk("cvm", server).RunInstances({ Placement: { Zone: "ap-guangzhou-4" }, ImageId: "img-9qabwvbn", VirtualPrivateCloud: { VpcId: f.vpc, SubnetId: subnet } })).InstanceIdSet![0];
    await server.control("POST", "/clock", { advanceSeconds: 20 });
    const eni = (await v().CreateNetworkInterface({ VpcId: f.vpc, SubnetId: f.subnet, NetworkInterfaceName: "zone3" })).NetworkInterface!.NetworkInterfaceId!;
    await expectCode(v().AttachNetworkInterface({ NetworkInterfaceId: eni, InstanceId: id }), "UnsupportedOperation.ZoneMismatch");
  });
  test("LimitExceeded.NetworkInterfaceLimitExceeded: a 51st detached interface in a VPC", async () => {
    const acct = await server.control("POST", "/accounts", {});
    const va = sdk("vpc", server, { credential: { secretId: acct.secretId, secretKey: acct.secretKey } });
    const vpc = (await va.CreateVpc({ VpcName: "enis", CidrBlock: "10.0.0.0/16" })).Vpc!.VpcId!;
    const subnet = (await va.CreateSubnet({ VpcId: vpc, SubnetName: "s", CidrBlock: "10.0.1.0/24", Zone: ZONE })).Subnet!.SubnetId!;
    for (let i = 0; i < 50; i++) await va.CreateNetworkInterface({ VpcId: vpc, SubnetId: subnet, NetworkInterfaceName: `e${i}` });
    await expectCode(va.CreateNetworkInterface({ VpcId: vpc, SubnetId: subnet, NetworkInterfaceName: "over" }), "LimitExceeded.NetworkInterfaceLimitExceeded");
  });
});
