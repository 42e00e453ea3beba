import type { LoginWhiteListsRule, Place } from "tencentcloud-sdk-nodejs/tencentcloud/services/yunjing/v20180228/yunjing_models";
import type { YunjingActions } from "../../generated/models/yunjing";
import { formatDateTime, parseDateTime } from "../../platform/clock";
import type { Handlers } from "../../platform/definition";
import { list, USUAL_PLACES_PER_HOST, usualPlaces, whiteLists, type WhiteListDoc } from "./login-model";
import { byIp, requireMachine, type MachineDoc } from "./machine-model";
import { getById } from "./records";
import { key, nextId, type Ctx } from "./store";
import { ids, isIpOrCidr, isIpv4, matchesKeyword, page, parseFilters, positiveId, uuidFormat } from "./validate";

function checkPlaces(ctx: Ctx, places: readonly Place[], member: string): Place[] {
  return places.map((p, i) => {
    if (p.CountryId !== 1) ctx.fail("InvalidParameter.InvalidFormat", `${member}.${i}.CountryId must be 1 (only places in China are supported); got ${p.CountryId}.`);
    for (const f of ["ProvinceId", "CityId"] as const) {
      if (!Number.isInteger(p[f]) || p[f] < 0) ctx.fail("InvalidParameter.InvalidFormat", `${member}.${i}.${f} must be a place id; got ${p[f]}.`);
    }
    return { CountryId: p.CountryId, ProvinceId: p.ProvinceId, CityId: p.CityId };
  });
}

function ruleTime(ctx: Ctx, value: string | undefined, member: string): number | null {
  if (value === undefined || value === "") return null;
  const ms = parseDateTime(value);
  if (Number.isNaN(ms)) ctx.fail("InvalidParameter.ParsingError", `${member} \`${value}\` is not a time (YYYY-MM-DD HH:MM:SS).`);
  return ms;
}

/** Checks an allowlist rule and answers the stored form (without Id and times). */
async function checkRule(ctx: Ctx, r: LoginWhiteListsRule): Promise<Omit<WhiteListDoc, "Id" | "CreateTime" | "ModifyTime">> {
  const places = checkPlaces(ctx, r.Places, "Rules.Places");
  const srcIps = list(r.SrcIp);
  for (const ip of srcIps) if (!isIpOrCidr(ip)) ctx.fail("InvalidParameter.InvalidFormat", `Rules.SrcIp \`${ip}\` is not an IP address or CIDR block.`);
  const users = list(r.UserName);
  if (!places.length && !srcIps.length && !users.length) {
    ctx.fail("InvalidParameter.MissingParameter", "A rule needs at least one of Rules.Places, Rules.SrcIp, Rules.UserName.");
  }
  let uuid = "";
  let name = "";
  const hostIps = list(r.HostIp);
  if (!r.IsGlobal) {
    if (!hostIps.length) ctx.fail("InvalidParameter.MissingParameter", "Rules.HostIp is required when Rules.IsGlobal is false.");
    const hosts: MachineDoc[] = [];
    for (const ip of hostIps) {
      if (!isIpv4(ip)) ctx.fail("InvalidParameter.InvalidFormat", `Rules.HostIp \`${ip}\` is not an IPv4 address.`);
      const h = await byIp(ctx, ip);
      if (!h) ctx.fail("ResourceNotFound", `No protected host has the IP ${ip}.`);
      hosts.push(h);
    }
    if (hosts.length === 1) [uuid, name] = [hosts[0].uuid, hosts[0].name];
  }
  const start = ruleTime(ctx, r.StartTime, "Rules.StartTime");
  const end = ruleTime(ctx, r.EndTime, "Rules.EndTime");
  if (start !== null && end !== null && start > end) ctx.fail("InvalidParameter.DateRange", "Rules.StartTime is after Rules.EndTime.");
  return {
    Uuid: uuid,
    Places: places,
    UserName: users.join(","),
    SrcIp: srcIps.join(","),
    IsGlobal: r.IsGlobal,
    MachineName: name,
    HostIp: r.IsGlobal ? "" : hostIps.join(","),
    StartTime: start === null ? "" : formatDateTime(start),
    EndTime: end === null ? "" : formatDateTime(end),
  };
}

export const loginRuleHandlers: Handlers<"yunjing", YunjingActions> = {
  async AddLoginWhiteList(ctx, req) {
    const rule = await checkRule(ctx, req.Rules);
    const Id = await nextId(ctx, "login-whitelist");
    const now = formatDateTime(ctx.now());
    await whiteLists(ctx).insert(key(Id), { Id, ...rule, CreateTime: now, ModifyTime: now });
    ctx.touch(String(Id));
    return {};
  },

  async ModifyLoginWhiteList(ctx, req) {
    if (req.Rules.Id === undefined) return ctx.fail("InvalidParameter.MissingParameter", "Rules.Id names the rule to modify.");
    const id = positiveId(ctx, req.Rules.Id, "Rules.Id");
    const old = await getById(whiteLists(ctx), id);
    if (!old) return ctx.fail("ResourceNotFound", `The allowlist rule ${id} does not exist.`);
    await whiteLists(ctx).update(key(id), { Id: id, ...(await checkRule(ctx, req.Rules)), CreateTime: old.CreateTime, ModifyTime: formatDateTime(ctx.now()) });
    ctx.touch(String(id));
    return {};
  },

  async DeleteLoginWhiteList(ctx, req) {
    for (const id of ids(ctx, req.Ids, 1000)) await whiteLists(ctx).delete(key(id));
    return {};
  },

  async DescribeLoginWhiteList(ctx, req) {
    const f = parseFilters(ctx, req.Filters, { Keywords: "string" });
    const all = (await whiteLists(ctx).all())
      .reverse()
      .filter((r) => matchesKeyword(f.one("Keywords"), r.UserName, r.SrcIp, r.HostIp, r.MachineName));
    return { TotalCount: all.length, LoginWhiteLists: page(ctx, all, req) };
  },

  async CreateUsualLoginPlaces(ctx, req) {
    if (!req.Uuids.length) return ctx.fail("InvalidParameter.MissingParameter", "Uuids must name at least one client.");
    if (!req.Places.length) return ctx.fail("InvalidParameter.MissingParameter", "Places must contain at least one place.");
    const places = checkPlaces(ctx, req.Places, "Places");
    const hosts: MachineDoc[] = [];
    for (const u of req.Uuids) hosts.push(await requireMachine(ctx, uuidFormat(ctx, u, "Uuids")));
    const col = usualPlaces(ctx);
    for (const h of hosts) {
      const mine = (await col.all()).filter((p) => p.Uuid === h.uuid);
      const fresh = places.filter((p, i) => !mine.some((q) => q.CityId === p.CityId) && places.findIndex((q) => q.CityId === p.CityId) === i);
      if (mine.length + fresh.length > USUAL_PLACES_PER_HOST) {
        ctx.fail("LimitExceeded.AreaQuota", {
          en: `A client has at most ${USUAL_PLACES_PER_HOST} usual login places: ${h.uuid} has ${mine.length} and ${fresh.length} would be added.`,
          zh: `超出批量添加数量：每个客户端最多 ${USUAL_PLACES_PER_HOST} 个常用登录地，${h.uuid} 已有 ${mine.length} 个，本次添加 ${fresh.length} 个。`,
        });
      }
      for (const p of fresh) {
        const Id = await nextId(ctx, "usual-place");
        await col.insert(key(Id), { Id, Uuid: h.uuid, ...p });
      }
    }
    return {};
  },

  async DeleteUsualLoginPlaces(ctx, req) {
    const h = await requireMachine(ctx, uuidFormat(ctx, req.Uuid, "Uuid"));
    const cities = ids(ctx, req.CityIds, 1000, "CityIds");
    for (const p of await usualPlaces(ctx).all()) if (p.Uuid === h.uuid && cities.includes(p.CityId)) await usualPlaces(ctx).delete(key(p.Id));
    return {};
  },

  async DescribeUsualLoginPlaces(ctx, req) {
    const h = await requireMachine(ctx, uuidFormat(ctx, req.Uuid, "Uuid"));
    return { UsualLoginPlaces: (await usualPlaces(ctx).all()).filter((p) => p.Uuid === h.uuid) };
  },
};
