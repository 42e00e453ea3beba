/**
 * IPv4 arithmetic for VPC and subnet CIDR blocks: parsing, containment, overlap, and the addresses a subnet
 * reserves (the network address, the gateway at .1 and the broadcast address: a /28 holds 16, 13 usable).
 */
export interface Cidr {
  /** The network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
  text: string;
}

export function parseIp(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p, i) => p > 255 || (m[i + 1].length > 1 && m[i + 1].startsWith("0")))) return null;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function formatIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** "malformed" for text that is not a.b.c.d/n; "host-bits" when the address is not the block's network address. */
export function parseCidr(text: string): Cidr | "malformed" | "host-bits" {
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(text);
  if (!m) return "malformed";
  const ip = parseIp(m[1]);
  const prefix = Number(m[2]);
  if (ip === null || prefix > 32) return "malformed";
  const base = (ip & mask(prefix)) >>> 0;
  if (base !== ip) return "host-bits";
  return { base, prefix, text };
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
}

export function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function last(c: Cidr): number {
  return c.base + size(c) - 1;
}

export function containsIp(c: Cidr, ip: number): boolean {
  return ip >= c.base && ip <= last(c);
}

export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  return inner.base >= outer.base && last(inner) <= last(outer);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base <= last(b) && b.base <= last(a);
}

/** Addresses a subnet keeps for itself: network, gateway (.1) and broadcast. */
export const RESERVED_PER_SUBNET = 3;

export function isReserved(c: Cidr, ip: number): boolean {
  return ip === c.base || ip === c.base + 1 || ip === last(c);
}

/** The usable addresses of a subnet, lowest first. */
export function* usable(c: Cidr): Generator<number> {
  for (let ip = c.base + 2; ip < last(c); ip++) yield ip;
}

/** The private ranges a VPC may use, with the prefix lengths each allows (CreateVpc's documented rule). */
export const VPC_RANGES: readonly { cidr: Cidr; minPrefix: number }[] = [
  { cidr: parseCidr("10.0.0.0/8") as Cidr, minPrefix: 12 },
  { cidr: parseCidr("172.16.0.0/12") as Cidr, minPrefix: 12 },
  { cidr: parseCidr("192.168.0.0/16") as Cidr, minPrefix: 16 },
];

/** The smallest VPC or subnet is a /28; a subnet is at most a /16 (documented for CreateVpc and CreateSubnet). */
export const MAX_PREFIX = 28;
export const SUBNET_MIN_PREFIX = 16;

export function vpcRangeOk(c: Cidr): boolean {
  return c.prefix <= MAX_PREFIX && VPC_RANGES.some((r) => containsCidr(r.cidr, c) && c.prefix >= r.minPrefix);
}
