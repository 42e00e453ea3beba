import type { DefendAttackLog } from "tencentcloud-sdk-nodejs/tencentcloud/services/yunjing/v20180228/yunjing_models";
import type { YunjingActions } from "../../generated/models/yunjing";
import type { Handlers } from "../../platform/definition";
import { byQuuid, requireMachine } from "./machine-model";
import { getById, newestFirst, only, rec, type AttackLogDoc } from "./records";
import { key } from "./store";
import { ids, inValues, page, parseFilters, positiveId, uuidFormat } from "./validate";

const KEYS: (keyof DefendAttackLog)[] = [
  "Id",
  "Uuid",
  "SrcIp",
  "SrcPort",
  "HttpMethod",
  "HttpCgi",
  "HttpParam",
  "VulType",
  "CreatedAt",
  "MachineIp",
  "MachineName",
  "DstIp",
  "DstPort",
  "HttpContent",
];

export const attackLogView = (d: AttackLogDoc): DefendAttackLog => only<DefendAttackLog>(d, KEYS);

export const attackLogHandlers: Handlers<"yunjing", YunjingActions> = {
  async DescribeAttackLogs(ctx, req) {
    const uuid = req.Uuid ? (await requireMachine(ctx, uuidFormat(ctx, req.Uuid, "Uuid"))).uuid : undefined;
    let quuid: string | undefined;
    if (req.Quuid) {
      const m = await byQuuid(ctx, uuidFormat(ctx, req.Quuid, "Quuid"));
      if (!m) return ctx.fail("ResourceNotFound", `The host (Quuid ${req.Quuid}) does not exist.`);
      quuid = m.quuid;
    }
    const f = parseFilters(ctx, req.Filters, { HttpMethod: "string", MachineIp: "string", DateRange: "daterange" });
    const range = f.range("DateRange");
    const list = newestFirst(await rec.attackLogs(ctx).all()).filter(
      (l) =>
        (!uuid || l.Uuid === uuid) &&
        (!quuid || l.Quuid === quuid) &&
        inValues(f.values("HttpMethod"), l.HttpMethod) &&
        inValues(f.values("MachineIp"), l.MachineIp) &&
        (!range || (l.at >= range.from && l.at <= range.to)),
    );
    return { AttackLogs: page(ctx, list, req).map(attackLogView), TotalCount: list.length };
  },

  async DescribeAttackLogInfo(ctx, req) {
    const id = positiveId(ctx, req.Id, "Id");
    const l = await getById(rec.attackLogs(ctx), id);
    if (!l) return ctx.fail("ResourceNotFound", `The attack log ${id} does not exist.`);
    return {
      Id: l.Id,
      Quuid: l.Quuid,
      SrcPort: l.SrcPort,
      SrcIp: l.SrcIp,
      DstPort: l.DstPort,
      DstIp: l.DstIp,
      HttpMethod: l.HttpMethod,
      HttpHost: l.HttpHost,
      HttpHead: l.HttpHead,
      HttpUserAgent: l.HttpUserAgent,
      HttpReferer: l.HttpReferer,
      VulType: l.VulType,
      HttpCgi: l.HttpCgi,
      HttpParam: l.HttpParam,
      CreatedAt: l.CreatedAt,
      HttpContent: l.HttpContent,
    };
  },

  async DeleteAttackLogs(ctx, req) {
    for (const id of ids(ctx, req.Ids, 100)) await rec.attackLogs(ctx).delete(key(id));
    return {};
  },
};
