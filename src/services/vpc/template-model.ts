import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";
import { parseCidr, parseIp } from "./cidr";
import type { Tag } from "./common";

/** The four parameter-template kinds, their id prefixes and collections. */
export type TemplateKind = "address" | "address-group" | "service" | "service-group";

export const TEMPLATE_PREFIX: Record<TemplateKind, string> = { address: "ipm", "address-group": "ipmg", service: "ppm", "service-group": "ppmg" };

export interface TemplateMember {
  Member: string;
  Description: string;
  updatedAt: number;
}

/** A parameter template: IP addresses (ipm-), address templates (ipmg-), services (ppm-) or service templates (ppmg-). */
export interface TemplateDoc {
  id: string;
  kind: TemplateKind;
  name: string;
  members: TemplateMember[];
  createdAt: number;
  updatedAt: number;
  Tags: Tag[];
}

/** Members per template (DescribeTemplateLimits, the documented example's values). */
export const TEMPLATE_MEMBER_LIMIT = 20;

export const templates = (ctx: ActionContext<ProductName>, kind: TemplateKind) => ctx.as("vpc").docs<TemplateDoc>(`template-${kind}`);

export async function templateExists(ctx: ActionContext<ProductName>, kind: TemplateKind, id: string): Promise<boolean> {
  return templates(ctx, kind).has(id);
}

export function kindOfId(id: string): TemplateKind | undefined {
  const m = /^(ipm|ipmg|ppm|ppmg)-[a-z0-9]{8}$/.exec(id);
  if (!m) return undefined;
  return (Object.entries(TEMPLATE_PREFIX).find(([, p]) => p === m[1])![0]) as TemplateKind;
}

/** An IP, a CIDR block or a range a-b (IPv4 or IPv6), as address templates accept. */
export function addressOk(text: string): boolean {
  if (/^[0-9a-fA-F:]+(\/\d{1,3})?$/.test(text) && text.includes(":")) return true;
  if (text.includes("-")) {
    const [a, b] = text.split("-");
    const x = parseIp(a);
    const y = parseIp(b);
    return x !== null && y !== null && x <= y;
  }
  if (text.includes("/")) return parseCidr(text) !== "malformed";
  return parseIp(text) !== null;
}

/** `tcp:80`, `udp:53,54`, `tcp:8000-8010`, `tcp:all`, `icmp`, `gre`, `all`. */
export function serviceOk(text: string): boolean {
  const [proto, ports, extra] = text.toLowerCase().split(":");
  if (extra !== undefined) return false;
  if (["icmp", "gre", "all", "icmpv6"].includes(proto)) return ports === undefined;
  if (proto !== "tcp" && proto !== "udp") return false;
  if (ports === undefined || ports === "all") return true;
  const one = (p: string) => /^\d{1,5}$/.test(p) && Number(p) >= 1 && Number(p) <= 65535;
  if (ports.includes(",")) return ports.split(",").every(one);
  const r = ports.split("-");
  return r.length === 2 ? one(r[0]) && one(r[1]) && Number(r[0]) <= Number(r[1]) : one(ports);
}

/** The kind of member a template holds: groups hold template ids of the matching kind. */
export function memberKind(kind: TemplateKind): "address" | "service" | TemplateKind {
  return kind === "address-group" ? "address" : kind === "service-group" ? "service" : kind;
}
