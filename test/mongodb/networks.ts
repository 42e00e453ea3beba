import { sdk, type ClientOptions } from "../helpers/sdk";
import type { TestServer } from "../helpers/tclocal";

/**
 * Real VPCs and subnets for the MongoDB tests, made through VPC's own SDK client on first use: one VPC
 * (10.0.0.0/16) per server, account and region, and in it one subnet per zone, 10.0.<zone number>.0/24
 * (ap-guangzhou-3 → 10.0.3.0/24); security groups by name. Calls made concurrently share one creation.
 */
export interface TestSubnet {
  VpcId: string;
  SubnetId: string;
  CidrBlock: string;
  Zone: string;
}

const made = new WeakMap<TestServer, Map<string, Promise<unknown>>>();

function once<T>(server: TestServer, key: string, make: () => Promise<T>): Promise<T> {
  const byKey = made.get(server) ?? new Map<string, Promise<unknown>>();
  made.set(server, byKey);
  const known = byKey.get(key) as Promise<T> | undefined;
  if (known) return known;
  const p = make();
  byKey.set(key, p);
  void p.catch(() => byKey.delete(key));
  return p;
}

const scope = (o: ClientOptions) => `${o.credential?.secretId ?? "default"}/${o.region ?? "ap-guangzhou"}`;

/** The test VPC of the account (the default one unless `o.credential`) in the region. */
export function testVpc(server: TestServer, o: ClientOptions = {}): Promise<string> {
  return once(server, `vpc ${scope(o)}`, async () => (await sdk("vpc", server, o).CreateVpc({ VpcName: "mongodb-tests", CidrBlock: "10.0.0.0/16" })).Vpc!.VpcId!);
}

/** The test VPC's subnet in `zone`. */
export function subnetIn(server: TestServer, zone = "ap-guangzhou-3", o: ClientOptions = {}): Promise<TestSubnet> {
  return once(server, `subnet ${scope(o)} ${zone}`, async () => {
    const VpcId = await testVpc(server, o);
    const n = Number(zone.split("-").at(-1));
    const CidrBlock = `10.0.${n}.0/24`;
    const s = (await sdk("vpc", server, o).CreateSubnet({ VpcId, SubnetName: `mongodb-${zone}`, CidrBlock, Zone: zone })).Subnet!;
    return { VpcId, SubnetId: s.SubnetId!, CidrBlock, Zone: zone };
  });
}

/** A real security group of the account in the region, made through VPC on first use (one per name). */
export function testSecurityGroup(server: TestServer, name = "mongodb-tests", o: ClientOptions = {}): Promise<string> {
  return once(server, `sg ${scope(o)} ${name}`, async () => {
    const r = await sdk("vpc", server, o).CreateSecurityGroup({ GroupName: name, GroupDescription: `MongoDB tests: ${name}` });
    return r.SecurityGroup!.SecurityGroupId!;
  });
}

/** Whether `ip` is an address of the IPv4 block `cidr`. */
export function inCidr(ip: string, cidr: string): boolean {
  const num = (a: string) => a.split(".").reduce((n, x) => n * 256 + Number(x), 0);
  const [base, bits] = cidr.split("/");
  const size = 2 ** (32 - Number(bits));
  return /^\d+\.\d+\.\d+\.\d+$/.test(ip) && Math.floor(num(ip) / size) === Math.floor(num(base) / size);
}
