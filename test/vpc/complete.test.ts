import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { vpcService } from "../../src/services/vpc";
import { assertComplete } from "../helpers/complete";
import { sdk } from "../helpers/sdk";
import { startTclocal, type TestServer } from "../helpers/tclocal";

/**
 * Calls every VPC action tclocal implements on resources that exist (so lists are not empty) and checks each
 * answer carries every member of the SDK's response model, with its type, null only where documented.
 */
let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

type Any = Record<string, any>;

test("every implemented VPC action answers with its complete response model", async () => {
  const called = new Set<string>();
  const client = sdk("vpc", server) as unknown as Record<string, (r?: unknown) => Promise<Any>>;
  const call = async (action: string, req: unknown = {}): Promise<Any> => {
    const res = await client[action].call(client, req);
    assertComplete("vpc", action, res);
    called.add(action);
    return res;
  };
  const cvm = sdk("cvm", server);
  const zone = "ap-guangzhou-3";

  const vpc = (await call("CreateVpc", { VpcName: "walk", CidrBlock: "10.1.0.0/16", Tags: [{ Key: "env", Value: "test" }] })).Vpc;
  const vpcId = vpc.VpcId;
  await call("DescribeVpcs", { VpcIds: [vpcId] });
  await call("ModifyVpcAttribute", { VpcId: vpcId, VpcName: "walk2", DnsServers: ["8.8.8.8"] });
  await call("DescribeVpcLimits", { LimitTypes: ["appid-max-vpcs", "vpc-max-subnets"] });
  await call("CreateDefaultVpc", { Zone: zone });
  await call("CheckDefaultSubnet", { Zone: zone });
  await call("DescribeAccountAttributes");
  await call("DescribeNetworkAccountType");
  await call("CheckAssistantCidr", { VpcId: vpcId, NewCidrBlocks: ["10.2.0.0/16"] });
  await call("CreateAssistantCidr", { VpcId: vpcId, CidrBlocks: ["10.2.0.0/16"] });
  await call("ModifyAssistantCidr", { VpcId: vpcId, NewCidrBlocks: ["10.3.0.0/16"], OldCidrBlocks: ["10.2.0.0/16"] });
  await call("DescribeAssistantCidr", { VpcIds: [vpcId] });

  const subnet = (await call("CreateSubnet", { VpcId: vpcId, SubnetName: "a", CidrBlock: "10.1.1.0/24", Zone: zone })).Subnet;
  const subnets = (await call("CreateSubnets", { VpcId: vpcId, Subnets: [{ SubnetName: "b", CidrBlock: "10.1.2.0/24", Zone: zone }, { SubnetName: "c", CidrBlock: "10.3.1.0/24", Zone: zone }] })).SubnetSet;
  await call("DescribeSubnets", { Filters: [{ Name: "vpc-id", Values: [vpcId] }] });
  await call("ModifySubnetAttribute", { SubnetId: subnet.SubnetId, SubnetName: "a2", EnableBroadcast: "true" });

  const rtb = (await call("CreateRouteTable", { VpcId: vpcId, RouteTableName: "custom" })).RouteTable;
  await call("ReplaceRouteTableAssociation", { RouteTableId: rtb.RouteTableId, SubnetId: subnets[0].SubnetId });
  const created = await call("CreateRoutes", { RouteTableId: rtb.RouteTableId, Routes: [{ DestinationCidrBlock: "0.0.0.0/0", GatewayType: "NORMAL_CVM", GatewayId: "10.1.1.10" }, { DestinationCidrBlock: "172.20.0.0/16", GatewayType: "EIP", GatewayId: "0" }] });
  const routeIds = created.RouteTableSet[0].RouteSet.map((r: Any) => r.RouteId);
  await call("DescribeRouteTables", { RouteTableIds: [rtb.RouteTableId] });
  await call("ModifyRouteTableAttribute", { RouteTableId: rtb.RouteTableId, RouteTableName: "custom2" });
  await call("DisableRoutes", { RouteTableId: rtb.RouteTableId, RouteIds: [routeIds[1]] });
  await call("EnableRoutes", { RouteTableId: rtb.RouteTableId, RouteIds: [routeIds[1]] });
  await call("ReplaceRoutes", { RouteTableId: rtb.RouteTableId, Routes: [{ RouteId: routeIds[1], DestinationCidrBlock: "172.21.0.0/16", GatewayType: "EIP", GatewayId: "0" }] });
  await call("DescribeRouteConflicts", { RouteTableId: rtb.RouteTableId, DestinationCidrBlocks: ["0.0.0.0/0"] });
  await call("DescribeRouteList", { Filters: [{ Name: "vpc-id", Values: [vpcId] }] });
  await call("DescribeRoutes", { Filters: [{ Name: "route-table-id", Values: [rtb.RouteTableId] }] });
  await call("DeleteRoutes", { RouteTableId: rtb.RouteTableId, Routes: [{ RouteId: routeIds[1], DestinationCidrBlock: "172.21.0.0/16", GatewayType: "EIP", GatewayId: "0" }] });
  await call("ResetRoutes", { RouteTableId: rtb.RouteTableId, RouteTableName: "custom3", Routes: [{ DestinationCidrBlock: "192.168.9.0/24", GatewayType: "NORMAL_CVM", GatewayId: "10.1.1.11" }] });

  const addr = (await call("CreateAddressTemplate", { AddressTemplateName: "office", Addresses: ["203.0.113.0/24", "198.51.100.7"] })).AddressTemplate;
  const addrGroup = (await call("CreateAddressTemplateGroup", { AddressTemplateGroupName: "offices", AddressTemplateIds: [addr.AddressTemplateId] })).AddressTemplateGroup;
  const svc = (await call("CreateServiceTemplate", { ServiceTemplateName: "web", Services: ["tcp:80", "tcp:443"] })).ServiceTemplate;
  const svcGroup = (await call("CreateServiceTemplateGroup", { ServiceTemplateGroupName: "webs", ServiceTemplateIds: [svc.ServiceTemplateId] })).ServiceTemplateGroup;
  await call("AddTemplateMember", { TemplateId: addr.AddressTemplateId, TemplateMember: [{ Member: "192.0.2.1", Description: "vpn" }] });
  await call("ModifyTemplateMember", { TemplateId: addr.AddressTemplateId, OriginalTemplateMember: [{ Member: "192.0.2.1" }], TemplateMember: [{ Member: "192.0.2.2" }] });
  await call("DeleteTemplateMember", { TemplateId: addr.AddressTemplateId, TemplateMember: [{ Member: "192.0.2.2" }] });
  await call("ModifyAddressTemplateAttribute", { AddressTemplateId: addr.AddressTemplateId, AddressTemplateName: "office2" });
  await call("ModifyAddressTemplateGroupAttribute", { AddressTemplateGroupId: addrGroup.AddressTemplateGroupId, AddressTemplateGroupName: "offices2" });
  await call("ModifyServiceTemplateAttribute", { ServiceTemplateId: svc.ServiceTemplateId, ServiceTemplateName: "web2" });
  await call("ModifyServiceTemplateGroupAttribute", { ServiceTemplateGroupId: svcGroup.ServiceTemplateGroupId, ServiceTemplateGroupName: "webs2" });
  await call("DescribeAddressTemplates", {});
  await call("DescribeAddressTemplateGroups", {});
  await call("DescribeServiceTemplates", {});
  await call("DescribeServiceTemplateGroups", {});
  await call("DescribeTemplateLimits");
  await call("DescribeAddressTemplateInstances", { AddressTemplateId: addr.AddressTemplateId });
  await call("DescribeAddressTemplateGroupInstances", { AddressTemplateGroupId: addrGroup.AddressTemplateGroupId });
  await call("DescribeServiceTemplateInstances", { ServiceTemplateId: svc.ServiceTemplateId });
  await call("DescribeServiceTemplateGroupInstances", { ServiceTemplateGroupId: svcGroup.ServiceTemplateGroupId });

  const sg = (await call("CreateSecurityGroup", { GroupName: "app", GroupDescription: "app tier" })).SecurityGroup;
  const sg2 = (await call("CreateSecurityGroupWithPolicies", {
    GroupName: "web", GroupDescription: "web tier",
    SecurityGroupPolicySet: { Ingress: [{ Protocol: "TCP", Port: "22", CidrBlock: "0.0.0.0/0", Action: "ACCEPT" }, { AddressTemplate: { AddressGroupId: addrGroup.AddressTemplateGroupId }, ServiceTemplate: { ServiceGroupId: svcGroup.ServiceTemplateGroupId }, Action: "ACCEPT" }] },
  })).SecurityGroup;
  await call("CreateDefaultSecurityGroup", { ProjectId: "0" });
  await call("CreateSecurityGroupPolicies", { SecurityGroupId: sg.SecurityGroupId, SecurityGroupPolicySet: { Ingress: [{ SecurityGroupId: sg2.SecurityGroupId, Protocol: "ALL", Action: "ACCEPT" }] } });
  await call("DescribeSecurityGroupPolicies", { SecurityGroupId: sg2.SecurityGroupId });
  await call("DescribeSecurityGroupExpandedPolicies", { SecurityGroupId: sg2.SecurityGroupId });
  await call("ReplaceSecurityGroupPolicy", { SecurityGroupId: sg2.SecurityGroupId, SecurityGroupPolicySet: { Ingress: [{ PolicyIndex: 0, Protocol: "TCP", Port: "2222", CidrBlock: "0.0.0.0/0", Action: "ACCEPT" }] } });
  await call("ReplaceSecurityGroupPolicies", { SecurityGroupId: sg2.SecurityGroupId, SecurityGroupPolicySet: { Ingress: [{ PolicyIndex: 0, Protocol: "TCP", Port: "22", CidrBlock: "10.0.0.0/8", Action: "ACCEPT" }] } });
  await call("DeleteSecurityGroupPolicies", { SecurityGroupId: sg2.SecurityGroupId, SecurityGroupPolicySet: { Ingress: [{ PolicyIndex: 1 }] } });
  await call("ModifySecurityGroupPolicies", { SecurityGroupId: sg2.SecurityGroupId, SecurityGroupPolicySet: { Ingress: [{ Protocol: "TCP", Port: "443", CidrBlock: "0.0.0.0/0", Action: "ACCEPT" }], Egress: [{ Protocol: "ALL", CidrBlock: "0.0.0.0/0", Action: "ACCEPT" }] } });
  await call("ModifySecurityGroupAttribute", { SecurityGroupId: sg2.SecurityGroupId, GroupName: "web2" });
  const clone = (await call("CloneSecurityGroup", { SecurityGroupId: sg2.SecurityGroupId, GroupName: "web-copy" })).SecurityGroup;
  await call("DescribeSecurityGroups", { SecurityGroupIds: [sg.SecurityGroupId, sg2.SecurityGroupId] });
  await call("DescribeSecurityGroupReferences", { SecurityGroupIds: [sg2.SecurityGroupId] });
  await call("DescribeSecurityGroupLimits");

  const acl = (await call("CreateNetworkAcl", { VpcId: vpcId, NetworkAclName: "triple" })).NetworkAcl;
  const acl5 = (await call("CreateNetworkAcl", { VpcId: vpcId, NetworkAclName: "quintuple", NetworkAclType: "QUINTUPLE" })).NetworkAcl;
  await call("ModifyNetworkAclAttribute", { NetworkAclId: acl.NetworkAclId, NetworkAclName: "triple2" });
  await call("ModifyNetworkAclEntries", { NetworkAclId: acl.NetworkAclId, NetworkAclEntrySet: { Ingress: [{ Protocol: "TCP", Port: "80", CidrBlock: "0.0.0.0/0", Action: "ACCEPT" }] } });
  await call("CreateNetworkAclEntries", { NetworkAclId: acl.NetworkAclId, NetworkAclEntrySet: { Egress: [{ Protocol: "ALL", CidrBlock: "0.0.0.0/0", Action: "ACCEPT" }] } });
  const acls = await call("DescribeNetworkAcls", { NetworkAclIds: [acl.NetworkAclId] });
  await call("DeleteNetworkAclEntries", { NetworkAclId: acl.NetworkAclId, NetworkAclEntrySet: { Egress: [{ NetworkAclIpv4EntryId: acls.NetworkAclSet[0].EgressEntries[0].NetworkAclIpv4EntryId }] } });
  await call("CreateNetworkAclQuintupleEntries", { NetworkAclId: acl5.NetworkAclId, NetworkAclQuintupleSet: { Ingress: [{ Protocol: "TCP", SourceCidr: "0.0.0.0/0", DestinationCidr: "10.1.0.0/16", DestinationPort: "22", Action: "ACCEPT" }] } });
  const entries = await call("DescribeNetworkAclQuintupleEntries", { NetworkAclId: acl5.NetworkAclId });
  await call("ModifyNetworkAclQuintupleEntries", { NetworkAclId: acl5.NetworkAclId, NetworkAclQuintupleSet: { Ingress: [{ NetworkAclQuintupleEntryId: entries.NetworkAclQuintupleSet[0].NetworkAclQuintupleEntryId, Protocol: "TCP", DestinationPort: "2222", Action: "DROP" }] } });
  await call("DeleteNetworkAclQuintupleEntries", { NetworkAclId: acl5.NetworkAclId, NetworkAclQuintupleSet: { Ingress: [{ NetworkAclQuintupleEntryId: entries.NetworkAclQuintupleSet[0].NetworkAclQuintupleEntryId }] } });
  await call("AssociateNetworkAclSubnets", { NetworkAclId: acl.NetworkAclId, SubnetIds: [subnet.SubnetId] });
  await call("DisassociateNetworkAclSubnets", { NetworkAclId: acl.NetworkAclId, SubnetIds: [subnet.SubnetId] });

  const run = await cvm.RunInstances({ Placement: { Zone: zone }, ImageId: "img-9qabwvbn", InstanceType: "S5.LARGE8", VirtualPrivateCloud: { VpcId: vpcId, SubnetId: subnet.SubnetId }, SecurityGroupIds: [sg.SecurityGroupId], InternetAccessible: { InternetMaxBandwidthOut: 5 } });
  const [ins, ins2] = [run.InstanceIdSet![0], (await cvm.RunInstances({ Placement: { Zone: zone }, ImageId: "img-9qabwvbn", InstanceType: "S5.LARGE8", VirtualPrivateCloud: { VpcId: vpcId, SubnetId: subnet.SubnetId } })).InstanceIdSet![0]];
  await server.control("POST", "/clock", { advanceSeconds: 20 });
  await call("DescribeVpcInstances", { Filters: [{ Name: "vpc-id", Values: [vpcId] }] });
  await call("DescribeVpcPrivateIpAddresses", { VpcId: vpcId, PrivateIpAddresses: ["10.1.1.2"] });
  await call("DescribeVpcResourceDashboard", { VpcIds: [vpcId] });
  await call("DescribeSubnetResourceDashboard", { SubnetIds: [subnet.SubnetId] });
  await call("DescribeUsedIpAddress", { VpcId: vpcId, SubnetId: subnet.SubnetId });
  await call("DescribeSecurityGroupAssociationStatistics", { SecurityGroupIds: [sg.SecurityGroupId] });

  const eni = (await call("CreateNetworkInterface", { VpcId: vpcId, SubnetId: subnet.SubnetId, NetworkInterfaceName: "extra", SecondaryPrivateIpAddressCount: 1, SecurityGroupIds: [sg.SecurityGroupId] })).NetworkInterface;
  await call("DescribeVpcTaskResult", { TaskId: await lastRequestId() });
  await call("ModifyNetworkInterfaceAttribute", { NetworkInterfaceId: eni.NetworkInterfaceId, NetworkInterfaceName: "extra2" });
  await call("AttachNetworkInterface", { NetworkInterfaceId: eni.NetworkInterfaceId, InstanceId: ins });
  const assigned = await call("AssignPrivateIpAddresses", { NetworkInterfaceId: eni.NetworkInterfaceId, SecondaryPrivateIpAddressCount: 1 });
  await call("ModifyPrivateIpAddressesAttribute", { NetworkInterfaceId: eni.NetworkInterfaceId, PrivateIpAddresses: [{ PrivateIpAddress: assigned.PrivateIpAddressSet[0].PrivateIpAddress, Description: "db" }] });
  const eni2 = (await call("CreateAndAttachNetworkInterface", { VpcId: vpcId, SubnetId: subnet.SubnetId, NetworkInterfaceName: "third", InstanceId: ins2 })).NetworkInterface;
  await call("MigratePrivateIpAddress", { SourceNetworkInterfaceId: eni.NetworkInterfaceId, DestinationNetworkInterfaceId: eni2.NetworkInterfaceId, PrivateIpAddress: assigned.PrivateIpAddressSet[0].PrivateIpAddress });
  await call("UnassignPrivateIpAddresses", { NetworkInterfaceId: eni2.NetworkInterfaceId, PrivateIpAddresses: [{ PrivateIpAddress: assigned.PrivateIpAddressSet[0].PrivateIpAddress }] });
  await call("MigrateNetworkInterface", { NetworkInterfaceId: eni.NetworkInterfaceId, SourceInstanceId: ins, DestinationInstanceId: ins2 });
  await call("DescribeNetworkInterfaceLimit", { InstanceId: ins });
  await call("AssociateNetworkInterfaceSecurityGroups", { NetworkInterfaceIds: [eni.NetworkInterfaceId], SecurityGroupIds: [clone.SecurityGroupId] });
  await call("DisassociateNetworkInterfaceSecurityGroups", { NetworkInterfaceIds: [eni.NetworkInterfaceId], SecurityGroupIds: [clone.SecurityGroupId] });
  await call("ModifyNetworkInterfaceQos", { NetworkInterfaceIds: [eni.NetworkInterfaceId], QosLevel: "AU" });
  await call("DescribeNetworkInterfaces", { Filters: [{ Name: "vpc-id", Values: [vpcId] }] });
  await call("DetachNetworkInterface", { NetworkInterfaceId: eni.NetworkInterfaceId, InstanceId: ins2 });
  await call("DeleteNetworkInterface", { NetworkInterfaceId: eni.NetworkInterfaceId });

  await call("InquiryPriceAllocateAddresses", { InternetChargeType: "BANDWIDTH_PREPAID_BY_MONTH", InternetMaxBandwidthOut: 10, AddressChargePrepaid: { Period: 1 } });
  const eips = (await call("AllocateAddresses", { AddressCount: 2 })).AddressSet;
  const monthly = (await call("AllocateAddresses", { InternetChargeType: "BANDWIDTH_PREPAID_BY_MONTH", InternetMaxBandwidthOut: 5, AddressChargePrepaid: { Period: 1 } })).AddressSet[0];
  const task = await call("AssociateAddress", { AddressId: eips[0], InstanceId: ins2 });
  await call("DescribeTaskResult", { TaskId: Number(task.TaskId) });
  await call("DescribeAddresses", {});
  await call("ModifyAddressAttribute", { AddressId: eips[0], AddressName: "front" });
  await call("ModifyAddressesBandwidth", { AddressIds: [eips[1]], InternetMaxBandwidthOut: 20 });
  await call("InquiryPriceModifyAddressesBandwidth", { AddressIds: [monthly], InternetMaxBandwidthOut: 10 });
  await call("InquiryPriceRenewAddresses", { AddressIds: [monthly], AddressChargePrepaid: { Period: 2 } });
  await call("RenewAddresses", { AddressIds: [monthly], AddressChargePrepaid: { Period: 1 } });
  await call("ModifyAddressesRenewFlag", { AddressIds: [monthly], RenewFlag: "NOTIFY_AND_AUTO_RENEW" });
  await call("ModifyAddressInternetChargeType", { AddressId: eips[1], InternetChargeType: "BANDWIDTH_POSTPAID_BY_HOUR", InternetMaxBandwidthOut: 10 });
  await call("DescribeAddressBandwidthRange", { AddressIds: [eips[1]] });
  await call("DescribeAddressQuota");
  await call("AdjustPublicAddress", { InstanceId: ins });
  const transformed = await call("TransformAddress", { InstanceId: ins });
  await call("DisassociateAddress", { AddressId: transformed.AddressId, ReallocateNormalPublicIp: true });
  const wan = (await client.DescribeAddresses({ Filters: [{ Name: "address-type", Values: ["WanIP"] }] })).AddressSet[0];
  await call("ReturnNormalAddresses", { AddressIps: [wan.AddressIp] });
  await call("DisassociateAddress", { AddressId: eips[0] });
  await call("ReleaseAddresses", { AddressIds: [eips[0], eips[1], transformed.AddressId] });

  await cvm.TerminateInstances({ InstanceIds: [ins, ins2] });
  await client.DeleteNetworkInterface({ NetworkInterfaceId: eni2.NetworkInterfaceId });
  await call("DeleteSecurityGroup", { SecurityGroupId: clone.SecurityGroupId });
  await call("DeleteNetworkAcl", { NetworkAclId: acl5.NetworkAclId });
  await call("ReplaceRouteTableAssociation", { RouteTableId: (await client.DescribeRouteTables({ Filters: [{ Name: "association.main", Values: ["true"] }, { Name: "vpc-id", Values: [vpcId] }] })).RouteTableSet[0].RouteTableId, SubnetId: subnets[0].SubnetId });
  await call("DeleteRouteTable", { RouteTableId: rtb.RouteTableId });
  await call("DeleteSubnet", { SubnetId: subnets[1].SubnetId });
  await call("DeleteAssistantCidr", { VpcId: vpcId, CidrBlocks: ["10.3.0.0/16"] });
  await call("DeleteServiceTemplateGroup", { ServiceTemplateGroupId: svcGroup.ServiceTemplateGroupId });
  await call("DeleteServiceTemplate", { ServiceTemplateId: svc.ServiceTemplateId });
  await call("DeleteAddressTemplateGroup", { AddressTemplateGroupId: addrGroup.AddressTemplateGroupId });
  await call("DeleteAddressTemplate", { AddressTemplateId: addr.AddressTemplateId });
  await call("DeleteVpc", { VpcId: vpcId });

  assert.deepEqual([...called].sort(), Object.keys(vpcService.handlers).sort(), "every VPC handler was called");

  async function lastRequestId(): Promise<string> {
    const audit = await server.control<{ requests: { requestId: string }[] }>("GET", "/requests?limit=1&action=CreateNetworkInterface");
    return audit.requests[0].requestId;
  }
});
