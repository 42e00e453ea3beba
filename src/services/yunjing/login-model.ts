import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/yunjing/v20180228/yunjing_models";
import { parseDateTime } from "../../platform/clock";
import type { MachineDoc } from "./machine-model";
import { docs, type Ctx } from "./store";
import { isIpOrCidr, isIpv4 } from "./validate";

/*
 * A login is non-local unless it comes from one of the host's usual places or matches an enabled allowlist
 * rule (global, or for the host's IP) whose every given condition holds: user, source IP/CIDR, place, and the
 * StartTime..EndTime window.
 */

/** Usual login places a host may have (CreateUsualLoginPlaces answers LimitExceeded.AreaQuota beyond). */
export const USUAL_PLACES_PER_HOST = 10;

export type WhiteListDoc = m.LoginWhiteLists;
export type UsualPlaceDoc = m.UsualPlace;

export const whiteLists = (ctx: Ctx) => docs<WhiteListDoc>(ctx, "login-whitelist");
export const usualPlaces = (ctx: Ctx) => docs<UsualPlaceDoc>(ctx, "usual-place");

export interface Login {
  UserName: string;
  SrcIp: string;
  Country: number;
  Province: number;
  City: number;
}

export async function loginIsAllowed(ctx: Ctx, host: MachineDoc, login: Login, at: number): Promise<boolean> {
  const usual = (await usualPlaces(ctx).all()).some((p) => p.Uuid === host.uuid && p.CityId === login.City && p.ProvinceId === login.Province);
  if (usual) return true;
  return (await whiteLists(ctx).all()).some((r) => ruleMatches(r, host, login, at));
}

function ruleMatches(r: WhiteListDoc, host: MachineDoc, login: Login, at: number): boolean {
  if (!r.IsGlobal && r.HostIp.split(",").map((s) => s.trim()).indexOf(host.ip) < 0) return false;
  if (r.StartTime && at < parseDateTime(r.StartTime)) return false;
  if (r.EndTime && at > parseDateTime(r.EndTime)) return false;
  const users = list(r.UserName);
  if (users.length && !users.includes(login.UserName)) return false;
  const ips = list(r.SrcIp);
  if (ips.length && !ips.some((spec) => ipIn(login.SrcIp, spec))) return false;
  if (r.Places.length && !r.Places.some((p) => p.CityId === login.City && p.ProvinceId === login.Province && p.CountryId === login.Country)) return false;
  return true;
}

export function list(s: string): string[] {
  return s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
}

function toInt(ip: string): number {
  return ip.split(".").reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** Whether an IPv4 address is the given address or inside the given CIDR block. */
export function ipIn(ip: string, spec: string): boolean {
  if (!isIpv4(ip) || !isIpOrCidr(spec)) return false;
  const [base, bits = "32"] = spec.split("/");
  const n = Number(bits);
  if (n === 0) return true;
  const mask = n === 32 ? 0xffffffff : (~((1 << (32 - n)) - 1)) >>> 0;
  return ((toInt(ip) & mask) >>> 0) === ((toInt(base) & mask) >>> 0);
}
