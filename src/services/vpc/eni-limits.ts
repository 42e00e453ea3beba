/**
 * How many network interfaces an instance takes and how many addresses each (DescribeNetworkInterfaceLimit,
 * DescribeVpcInstances EniLimit/EniIpLimit): by CPU cores and memory, after the ENI usage-limits table's shape
 * (more cores → more interfaces, up to 8; more memory → more addresses per interface, up to 30).
 */
export function eniLimits(cpu: number, memoryGiB: number): { enis: number; ipsPerEni: number } {
  const enis = cpu <= 1 ? 2 : cpu <= 4 ? 4 : cpu <= 12 ? 6 : 8;
  const ipsPerEni = memoryGiB <= 1 ? 2 : memoryGiB <= 2 ? 6 : memoryGiB <= 8 ? 10 : memoryGiB <= 16 ? 20 : 30;
  return { enis, ipsPerEni };
}
