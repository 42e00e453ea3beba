import type { BruteAttack, NonLocalLoginPlace } from "tencentcloud-sdk-nodejs/tencentcloud/services/yunjing/v20180228/yunjing_models";
import type { YunjingActions } from "../../generated/models/yunjing";
import type { Handlers } from "../../platform/definition";
import { USUAL_PLACES_PER_HOST, usualPlaces } from "./login-model";
import { getById, newestFirst, only, rec, type BruteAttackDoc, type NonlocalLoginDoc } from "./records";
import { key, nextId } from "./store";
import { ids, matchesKeyword, page, parseFilters, uuidFormat } from "./validate";

/** Undocumented batch limits get a generous guard. */
const BATCH = 1000;

const NONLOCAL_KEYS: (keyof NonLocalLoginPlace)[] = ["Id", "MachineIp", "Status", "UserName", "City", "Country", "Province", "SrcIp", "MachineName", "LoginTime", "Uuid"];
const BRUTE_KEYS: (keyof BruteAttack)[] = [
  "Id",
  "MachineIp",
  "Status",
  "UserName",
  "City",
  "Country",
  "Province",
  "SrcIp",
  "Count",
  "CreateTime",
  "MachineName",
  "Uuid",
  "IsProVersion",
  "BanStatus",
  "Quuid",
];

export const nonlocalView = (d: NonlocalLoginDoc): NonLocalLoginPlace => only<NonLocalLoginPlace>(d, NONLOCAL_KEYS);
export const bruteView = (d: BruteAttackDoc): BruteAttack => only<BruteAttack>(d, BRUTE_KEYS);

export const loginHandlers: Handlers<"yunjing", YunjingActions> = {
  async DescribeNonlocalLoginPlaces(ctx, req) {
    if (req.Uuid) uuidFormat(ctx, req.Uuid, "Uuid");
    // The API example writes the filter `Keyword`; the reference documents `Keywords`: both are accepted.
    const f = parseFilters(ctx, req.Filters, { Keywords: "string", Keyword: "string", Status: ["NON_LOCAL_LOGIN", "NORMAL_LOGIN"] });
    const keyword = f.one("Keywords") ?? f.one("Keyword");
    const list = newestFirst(await rec.nonlocalLogins(ctx).all()).filter(
      (d) =>
        (!req.Uuid || d.Uuid === req.Uuid) &&
        (!f.values("Status") || f.values("Status")!.includes(d.Status)) &&
        matchesKeyword(keyword, d.MachineIp, d.MachineName, d.SrcIp, d.UserName),
    );
    return { TotalCount: list.length, NonLocalLoginPlaces: page(ctx, list, req).map(nonlocalView) };
  },

  async DeleteNonlocalLoginPlaces(ctx, req) {
    for (const id of ids(ctx, req.Ids, BATCH)) await rec.nonlocalLogins(ctx).delete(key(id));
    return {};
  },

  /** A false alarm: the login's place becomes a usual place of the host, and its logins from there are normal. */
  async MisAlarmNonlocalLoginPlaces(ctx, req) {
    const col = rec.nonlocalLogins(ctx);
    const places = usualPlaces(ctx);
    const events: NonlocalLoginDoc[] = [];
    for (const id of ids(ctx, req.Ids, BATCH)) events.push((await getById(col, id)) ?? ctx.fail("ResourceNotFound", `The login event ${id} does not exist.`));
    for (const d of events) {
      const mine = (await places.all()).filter((p) => p.Uuid === d.Uuid);
      if (!mine.some((p) => p.CityId === d.City && p.ProvinceId === d.Province) && mine.length < USUAL_PLACES_PER_HOST) {
        const pid = await nextId(ctx, "usual-place");
        await places.insert(key(pid), { Id: pid, Uuid: d.Uuid, CountryId: d.Country, ProvinceId: d.Province, CityId: d.City });
      }
      for (const o of await col.all()) {
        if (o.Uuid === d.Uuid && o.City === d.City && o.Province === d.Province && o.Status !== "NORMAL_LOGIN") {
          await col.update(key(o.Id), { ...o, Status: "NORMAL_LOGIN" });
        }
      }
    }
    return {};
  },

  async DescribeBruteAttacks(ctx, req) {
    if (req.Uuid) uuidFormat(ctx, req.Uuid, "Uuid");
    const f = parseFilters(ctx, req.Filters, { Keywords: "string", Status: ["FAILED", "SUCCESS"] });
    const statuses = f.values("Status");
    const list = newestFirst(await rec.bruteAttacks(ctx).all()).filter(
      (d) =>
        (!req.Uuid || d.Uuid === req.Uuid) &&
        (!statuses || statuses.includes(d.Status === "BRUTEATTACK_SUCCESS" ? "SUCCESS" : "FAILED")) &&
        matchesKeyword(f.one("Keywords"), d.MachineIp, d.MachineName, d.SrcIp, d.UserName),
    );
    return { TotalCount: list.length, BruteAttacks: page(ctx, list, req).map(bruteView) };
  },

  async DeleteBruteAttacks(ctx, req) {
    for (const id of ids(ctx, req.Ids, BATCH)) await rec.bruteAttacks(ctx).delete(key(id));
    return {};
  },
};
