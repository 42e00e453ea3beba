import type { MaliciousRequest } from "tencentcloud-sdk-nodejs/tencentcloud/services/yunjing/v20180228/yunjing_models";
import type { YunjingActions } from "../../generated/models/yunjing";
import type { Handlers } from "../../platform/definition";
import { getById, newestFirst, only, rec, type MaliciousRequestDoc } from "./records";
import { key } from "./store";
import { ids, inValues, page, parseFilters, positiveId, uuidFormat } from "./validate";

const KEYS: (keyof MaliciousRequest)[] = [
  "Id",
  "Uuid",
  "MachineIp",
  "MachineName",
  "Domain",
  "Count",
  "ProcessName",
  "Status",
  "Description",
  "Reference",
  "CreateTime",
  "MergeTime",
  "ProcessMd5",
  "CmdLine",
  "Pid",
];

export const maliciousRequestView = (d: MaliciousRequestDoc): MaliciousRequest => only<MaliciousRequest>(d, KEYS);

export const maliciousRequestHandlers: Handlers<"yunjing", YunjingActions> = {
  async DescribeMaliciousRequests(ctx, req) {
    if (req.Uuid) uuidFormat(ctx, req.Uuid, "Uuid");
    const f = parseFilters(ctx, req.Filters, { Status: ["UN_OPERATED", "TRUSTED", "UN_TRUSTED"], Domain: "string", MachineIp: "string" });
    const list = newestFirst(await rec.maliciousRequests(ctx).all()).filter(
      (d) =>
        (!req.Uuid || d.Uuid === req.Uuid) &&
        inValues(f.values("Status"), d.Status) &&
        inValues(f.values("Domain"), d.Domain) &&
        inValues(f.values("MachineIp"), d.MachineIp),
    );
    return { TotalCount: list.length, MaliciousRequests: page(ctx, list, req).map(maliciousRequestView) };
  },

  async DeleteMaliciousRequests(ctx, req) {
    for (const id of ids(ctx, req.Ids, 100)) await rec.maliciousRequests(ctx).delete(key(id));
    return {};
  },

  async TrustMaliciousRequest(ctx, req) {
    const id = positiveId(ctx, req.Id, "Id");
    const d = await getById(rec.maliciousRequests(ctx), id);
    if (!d) return ctx.fail("ResourceNotFound", `The malicious request record ${id} does not exist.`);
    await rec.maliciousRequests(ctx).update(key(id), { ...d, Status: "TRUSTED" });
    return {};
  },

  async UntrustMaliciousRequest(ctx, req) {
    const id = positiveId(ctx, req.Id, "Id");
    const d = await getById(rec.maliciousRequests(ctx), id);
    if (!d || d.Status !== "TRUSTED") return ctx.fail("ResourceNotFound", `There is no trusted malicious request record ${id}.`);
    await rec.maliciousRequests(ctx).update(key(id), { ...d, Status: "UN_TRUSTED" });
    return {};
  },
};
