/**
 * VPC quotas per account and region (DescribeVpcLimits). The numbers follow Tencent Cloud's VPC usage-limits page
 * (VPCs per region 20, subnets per VPC 100, route tables per VPC 10, routes per table 200, network ACLs per VPC 50
 * with 20 rules per direction, 5 secondary CIDRs); the stored API reference itself only shows an example value.
 */
export const VPC_LIMITS: Readonly<Record<string, number>> = {
  "appid-max-vpcs": 20,
  "vpc-max-subnets": 100,
  "vpc-max-route-tables": 10,
  "route-table-max-policies": 200,
  "vpc-max-vpn-gateways": 5,
  "appid-max-custom-gateways": 20,
  "appid-max-vpn-connections": 100,
  "custom-gateway-max-vpn-connections": 10,
  "vpn-gateway-max-custom-gateways": 20,
  "vpc-max-network-acls": 50,
  "network-acl-max-inbound-policies": 20,
  "network-acl-max-outbound-policies": 20,
  "vpc-max-vpcpeers": 10,
  "vpc-max-available-vpcpeers": 10,
  "vpc-max-basic-network-interconnections": 100,
  "direct-connection-max-snats": 20,
  "direct-connection-max-dnats": 20,
  "direct-connection-max-snapts": 20,
  "direct-connection-max-dnapts": 20,
  "vpc-max-nat-gateways": 3,
  "nat-gateway-max-eips": 10,
  "vpc-max-enis": 50,
  "vpc-max-havips": 10,
  "eni-max-private-ips": 20,
  "nat-gateway-max-dnapts": 100,
  "vpc-max-ipv6s": 100,
  "eni-max-ipv6s": 10,
  "vpc-max-assistant_cidrs": 5,
  "appid-max-end-point-services": 20,
  "appid-max-end-point-service-white-lists": 20,
  "vpc-max-cmcc-ipv6-cidrs": 1,
  "vpc-max-ctcc-ipv6-cidrs": 1,
  "vpc-max-cucc-ipv6-cidrs": 1,
};

export const limit = (type: string): number => VPC_LIMITS[type];
