import type { VpcActions } from "../../generated/models/vpc";
import { defineService } from "../../platform/definition";
import type { ActionContext } from "../../platform/service";
import { releaseAddressesOfGoneInstances } from "../mongodb/for-products";
import { COMPUTE_REGIONS } from "../cvm/for-products";
import * as acl from "./acls";
import * as eip from "./addresses";
import * as cidr from "./assistant-cidrs";
import * as eni from "./network-interfaces";
import * as rt from "./routes";
import { vpcResourceTags } from "./resource-tags";
import * as sg from "./security-groups";
import * as sgp from "./sg-policies";
import * as sub from "./subnets";
import * as tpl from "./templates";
import * as use from "./usage";
import * as vpc from "./vpcs";

/**
 * Addresses and security groups are held by other products too; MongoDB's instances go away on the clock, not by
 * a call: before any VPC call reads or changes them, MongoDB gives back what the clock made due.
 */
async function reconcile(ctx: ActionContext<"vpc">): Promise<void> {
  await releaseAddressesOfGoneInstances(ctx);
}

/**
 * vpc 2017-03-12: the networks instances live in — VPCs (and the default VPC), subnets, route tables, security
 * groups, network ACLs, network interfaces, EIPs and parameter templates. IPv6, reserved IPs, CCN, NAT, VPN,
 * endpoints and the other categories answer UnsupportedOperation naming the action.
 */
export const vpcService = defineService<"vpc", VpcActions>({
  reconcile,
  name: "vpc",
  regions: COMPUTE_REGIONS,
  resourceMembers: {
    VpcId: "vpc", VpcIds: "vpc", SubnetId: "subnet", SubnetIds: "subnet", SecurityGroupId: "securitygroup", SecurityGroupIds: "securitygroup",
    AddressId: "eip", AddressIds: "eip", NetworkInterfaceId: "eni", NetworkInterfaceIds: "eni", RouteTableId: "rtb", NetworkAclId: "acl",
  },
  // qcs:resource_tag: a VPC's, subnet's, security group's, EIP's, ENI's, route table's or ACL's Tags, when a policy tests them.
  resourceTags: vpcResourceTags,
  handlers: {
    CreateVpc: vpc.createVpc, DeleteVpc: vpc.deleteVpc, DescribeVpcs: vpc.describeVpcs, ModifyVpcAttribute: vpc.modifyVpcAttribute,
    CreateDefaultVpc: vpc.createDefaultVpc, DescribeVpcLimits: vpc.describeVpcLimits, CheckDefaultSubnet: vpc.checkDefaultSubnet,
    DescribeAccountAttributes: vpc.describeAccountAttributes, DescribeNetworkAccountType: vpc.describeNetworkAccountType,
    CreateAssistantCidr: cidr.createAssistantCidr, DeleteAssistantCidr: cidr.deleteAssistantCidr, ModifyAssistantCidr: cidr.modifyAssistantCidr,
    DescribeAssistantCidr: cidr.describeAssistantCidr, CheckAssistantCidr: cidr.checkAssistantCidr,
    DescribeVpcInstances: use.describeVpcInstances, DescribeVpcPrivateIpAddresses: use.describeVpcPrivateIpAddresses,
    DescribeVpcResourceDashboard: use.describeVpcResourceDashboard, DescribeSubnetResourceDashboard: use.describeSubnetResourceDashboard,
    DescribeUsedIpAddress: use.describeUsedIpAddress, DescribeVpcTaskResult: use.describeVpcTaskResult, DescribeTaskResult: use.describeTaskResult,

    CreateSubnet: sub.createSubnet, CreateSubnets: sub.createSubnets, DeleteSubnet: sub.deleteSubnet, DescribeSubnets: sub.describeSubnets,
    ModifySubnetAttribute: sub.modifySubnetAttribute,

    CreateRouteTable: rt.createRouteTable, DeleteRouteTable: rt.deleteRouteTable, DescribeRouteTables: rt.describeRouteTables,
    ModifyRouteTableAttribute: rt.modifyRouteTableAttribute, ReplaceRouteTableAssociation: rt.replaceRouteTableAssociation,
    CreateRoutes: rt.createRoutes, DeleteRoutes: rt.deleteRoutes, ReplaceRoutes: rt.replaceRoutes, ResetRoutes: rt.resetRoutes,
    EnableRoutes: rt.enableRoutes, DisableRoutes: rt.disableRoutes, DescribeRouteConflicts: rt.describeRouteConflicts,
    DescribeRouteList: rt.describeRouteList, DescribeRoutes: rt.describeRoutes,

    CreateSecurityGroup: sg.createSecurityGroup, CreateSecurityGroupWithPolicies: sg.createSecurityGroupWithPolicies,
    CreateDefaultSecurityGroup: sg.createDefaultSecurityGroup, CloneSecurityGroup: sg.cloneSecurityGroup, DeleteSecurityGroup: sg.deleteSecurityGroup,
    DescribeSecurityGroups: sg.describeSecurityGroups, ModifySecurityGroupAttribute: sg.modifySecurityGroupAttribute,
    DescribeSecurityGroupAssociationStatistics: sg.describeSecurityGroupAssociationStatistics,
    DescribeSecurityGroupReferences: sg.describeSecurityGroupReferences, DescribeSecurityGroupLimits: sg.describeSecurityGroupLimits,
    CreateSecurityGroupPolicies: sgp.createSecurityGroupPolicies, DeleteSecurityGroupPolicies: sgp.deleteSecurityGroupPolicies,
    DescribeSecurityGroupPolicies: sgp.describeSecurityGroupPolicies, ModifySecurityGroupPolicies: sgp.modifySecurityGroupPolicies,
    ReplaceSecurityGroupPolicy: sgp.replaceSecurityGroupPolicy, ReplaceSecurityGroupPolicies: sgp.replaceSecurityGroupPolicies,
    DescribeSecurityGroupExpandedPolicies: sgp.describeSecurityGroupExpandedPolicies,

    CreateNetworkAcl: acl.createNetworkAcl, DeleteNetworkAcl: acl.deleteNetworkAcl, DescribeNetworkAcls: acl.describeNetworkAcls,
    ModifyNetworkAclAttribute: acl.modifyNetworkAclAttribute, ModifyNetworkAclEntries: acl.modifyNetworkAclEntries,
    AssociateNetworkAclSubnets: acl.associateNetworkAclSubnets, DisassociateNetworkAclSubnets: acl.disassociateNetworkAclSubnets,
    CreateNetworkAclEntries: acl.createNetworkAclEntries, DeleteNetworkAclEntries: acl.deleteNetworkAclEntries,
    CreateNetworkAclQuintupleEntries: acl.createNetworkAclQuintupleEntries, DeleteNetworkAclQuintupleEntries: acl.deleteNetworkAclQuintupleEntries,
    DescribeNetworkAclQuintupleEntries: acl.describeNetworkAclQuintupleEntries, ModifyNetworkAclQuintupleEntries: acl.modifyNetworkAclQuintupleEntries,

    CreateNetworkInterface: eni.createNetworkInterface, CreateAndAttachNetworkInterface: eni.createAndAttachNetworkInterface,
    DeleteNetworkInterface: eni.deleteNetworkInterface, DescribeNetworkInterfaces: eni.describeNetworkInterfaces,
    ModifyNetworkInterfaceAttribute: eni.modifyNetworkInterfaceAttribute, AttachNetworkInterface: eni.attachNetworkInterface,
    DetachNetworkInterface: eni.detachNetworkInterface, AssignPrivateIpAddresses: eni.assignPrivateIpAddresses,
    UnassignPrivateIpAddresses: eni.unassignPrivateIpAddresses, ModifyPrivateIpAddressesAttribute: eni.modifyPrivateIpAddressesAttribute,
    MigrateNetworkInterface: eni.migrateNetworkInterface, MigratePrivateIpAddress: eni.migratePrivateIpAddress,
    DescribeNetworkInterfaceLimit: eni.describeNetworkInterfaceLimit, AssociateNetworkInterfaceSecurityGroups: eni.associateNetworkInterfaceSecurityGroups,
    DisassociateNetworkInterfaceSecurityGroups: eni.disassociateNetworkInterfaceSecurityGroups, ModifyNetworkInterfaceQos: eni.modifyNetworkInterfaceQos,

    AllocateAddresses: eip.allocateAddresses, AssociateAddress: eip.associateAddress, DisassociateAddress: eip.disassociateAddress,
    ReleaseAddresses: eip.releaseAddresses, DescribeAddresses: eip.describeAddresses, ModifyAddressAttribute: eip.modifyAddressAttribute,
    ModifyAddressesBandwidth: eip.modifyAddressesBandwidth, ModifyAddressInternetChargeType: eip.modifyAddressInternetChargeType,
    ModifyAddressesRenewFlag: eip.modifyAddressesRenewFlag, RenewAddresses: eip.renewAddresses, DescribeAddressBandwidthRange: eip.describeAddressBandwidthRange,
    DescribeAddressQuota: eip.describeAddressQuota, TransformAddress: eip.transformAddress, AdjustPublicAddress: eip.adjustPublicAddress,
    ReturnNormalAddresses: eip.returnNormalAddresses, InquiryPriceAllocateAddresses: eip.inquiryPriceAllocateAddresses,
    InquiryPriceModifyAddressesBandwidth: eip.inquiryPriceModifyAddressesBandwidth, InquiryPriceRenewAddresses: eip.inquiryPriceRenewAddresses,

    CreateAddressTemplate: tpl.createAddressTemplate, CreateAddressTemplateGroup: tpl.createAddressTemplateGroup,
    CreateServiceTemplate: tpl.createServiceTemplate, CreateServiceTemplateGroup: tpl.createServiceTemplateGroup,
    DeleteAddressTemplate: tpl.deleteAddressTemplate, DeleteAddressTemplateGroup: tpl.deleteAddressTemplateGroup,
    DeleteServiceTemplate: tpl.deleteServiceTemplate, DeleteServiceTemplateGroup: tpl.deleteServiceTemplateGroup,
    DescribeAddressTemplates: tpl.describeAddressTemplates, DescribeAddressTemplateGroups: tpl.describeAddressTemplateGroups,
    DescribeServiceTemplates: tpl.describeServiceTemplates, DescribeServiceTemplateGroups: tpl.describeServiceTemplateGroups,
    ModifyAddressTemplateAttribute: tpl.modifyAddressTemplateAttribute, ModifyAddressTemplateGroupAttribute: tpl.modifyAddressTemplateGroupAttribute,
    ModifyServiceTemplateAttribute: tpl.modifyServiceTemplateAttribute, ModifyServiceTemplateGroupAttribute: tpl.modifyServiceTemplateGroupAttribute,
    AddTemplateMember: tpl.addTemplateMember, DeleteTemplateMember: tpl.deleteTemplateMember, ModifyTemplateMember: tpl.modifyTemplateMember,
    DescribeTemplateLimits: tpl.describeTemplateLimits, DescribeAddressTemplateInstances: tpl.describeAddressTemplateInstances,
    DescribeAddressTemplateGroupInstances: tpl.describeAddressTemplateGroupInstances, DescribeServiceTemplateInstances: tpl.describeServiceTemplateInstances,
    DescribeServiceTemplateGroupInstances: tpl.describeServiceTemplateGroupInstances,
  },
});
