import { resourceKind, type ResourceKind } from "../../platform/resource-kind";
import { addresses, isElastic, presentAddress, type AddressDoc } from "./address-model";
import { enis, presentEni, type EniDoc } from "./eni-model";
import { subnets, vpcs, type SubnetDoc, type VpcDoc } from "./network-model";
import { presentSubnet, presentVpc } from "./present";
import { presentGroup, securityGroups, type SecurityGroupDoc } from "./sg-model";

/** VPC in the console and `GET /_tclocal/resources/vpc/…`: each row as the product's Describe action presents it. */
export const vpcResources: readonly ResourceKind[] = [
  resourceKind<"vpc", VpcDoc>({
    kind: "vpcs",
    title: "VPCs",
    describedBy: "DescribeVpcs VpcSet",
    columns: [{ field: "VpcId" }, { field: "VpcName" }, { field: "CidrBlock" }, { field: "IsDefault" }, { field: "CreatedTime" }],
    collection: (ctx) => vpcs(ctx),
    id: (v) => v.VpcId,
    presenter: (ctx) => (v) => presentVpc(ctx, v),
  }),
  resourceKind<"vpc", SubnetDoc>({
    kind: "subnets",
    title: "Subnets",
    describedBy: "DescribeSubnets SubnetSet",
    columns: [
      { field: "SubnetId" },
      { field: "SubnetName" },
      { field: "VpcId" },
      { field: "CidrBlock" },
      { field: "Zone" },
      { field: "AvailableIpAddressCount" },
      { field: "IsDefault" },
      { field: "CreatedTime" },
    ],
    collection: (ctx) => subnets(ctx),
    id: (s) => s.SubnetId,
    presenter: (ctx) => (s) => presentSubnet(ctx, s),
  }),
  resourceKind<"vpc", SecurityGroupDoc>({
    kind: "security-groups",
    title: "Security groups",
    describedBy: "DescribeSecurityGroups SecurityGroupSet",
    columns: [{ field: "SecurityGroupId" }, { field: "SecurityGroupName" }, { field: "SecurityGroupDesc" }, { field: "IsDefault" }, { field: "CreatedTime" }],
    collection: (ctx) => securityGroups(ctx),
    id: (g) => g.SecurityGroupId,
    presenter: () => presentGroup,
  }),
  resourceKind<"vpc", EniDoc>({
    kind: "network-interfaces",
    title: "Network interfaces",
    describedBy: "DescribeNetworkInterfaces NetworkInterfaceSet",
    columns: [
      { field: "NetworkInterfaceId" },
      { field: "NetworkInterfaceName" },
      { field: "VpcId" },
      { field: "SubnetId" },
      { field: "State" },
      { field: "MacAddress" },
      { field: "Attachment.InstanceId" },
      { field: "Primary" },
      { field: "CreatedTime" },
    ],
    collection: (ctx) => enis(ctx),
    id: (e) => e.NetworkInterfaceId,
    presenter: (ctx) => (e) => presentEni(ctx, e),
  }),
  resourceKind<"vpc", AddressDoc>({
    kind: "addresses",
    title: "Elastic IPs",
    // DescribeAddresses without an address-type filter lists the elastic addresses only (not instances' normal public IPs).
    describedBy: "DescribeAddresses AddressSet",
    columns: [
      { field: "AddressId" },
      { field: "AddressName" },
      { field: "AddressIp" },
      { field: "AddressStatus" },
      { field: "AddressType" },
      { field: "InstanceId" },
      { field: "NetworkInterfaceId" },
      { field: "Bandwidth" },
      { field: "CreatedTime" },
    ],
    collection: (ctx) => addresses(ctx),
    visible: (_ctx, a) => isElastic(a),
    id: (a) => a.AddressId,
    presenter: () => presentAddress,
  }),
];
