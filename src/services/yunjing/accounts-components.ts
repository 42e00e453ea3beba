import type { Account, Component, HistoryAccount } from "tencentcloud-sdk-nodejs/tencentcloud/services/yunjing/v20180228/yunjing_models";
import type { YunjingActions } from "../../generated/models/yunjing";
import type { Handlers } from "../../platform/definition";
import { requireMachine } from "./machine-model";
import { getById, newestFirst, only, rec } from "./records";
import { statistics } from "./ports-processes";
import { inValues, page, parseFilters, positiveId, uuidFormat } from "./validate";

const ACCOUNT_KEYS: (keyof Account)[] = ["Id", "Uuid", "MachineIp", "MachineName", "Username", "Groups", "Privilege", "AccountCreateTime", "LastLoginTime"];
const HISTORY_KEYS: (keyof HistoryAccount)[] = ["Id", "Uuid", "MachineIp", "MachineName", "Username", "ModifyType", "ModifyTime"];
const COMPONENT_KEYS: (keyof Component)[] = ["Id", "Uuid", "MachineIp", "MachineName", "ComponentVersion", "ComponentType", "ComponentName", "ModifyTime"];

export const accountComponentHandlers: Handlers<"yunjing", YunjingActions> = {
  async DescribeAccounts(ctx, req) {
    if (!req.Uuid && !req.Username) return ctx.fail("InvalidParameter.MissingParameter", { en: "Give Uuid or Username.", zh: "参数缺失：Uuid 和 Username 必填其一。" });
    if (req.Uuid) uuidFormat(ctx, req.Uuid, "Uuid");
    const f = parseFilters(ctx, req.Filters, { Username: "string", Privilege: ["ORDINARY", "SUPPER"], MachineIp: "string" });
    const list = (await rec.accounts(ctx).all()).filter(
      (a) =>
        (!req.Uuid || a.Uuid === req.Uuid) &&
        (!req.Username || a.Username === req.Username) &&
        inValues(f.values("Username"), a.Username) &&
        inValues(f.values("Privilege"), a.Privilege) &&
        inValues(f.values("MachineIp"), a.MachineIp),
    );
    return { TotalCount: list.length, Accounts: page(ctx, list, req).map((a) => only<Account>(a, ACCOUNT_KEYS)) };
  },

  async DescribeAccountStatistics(ctx, req) {
    const f = parseFilters(ctx, req.Filters, { Username: "string" });
    const stats = statistics(
      (await rec.accounts(ctx).all()).filter((a) => inValues(f.values("Username"), a.Username)),
      (a) => a.Username,
      (a) => a.Uuid,
    );
    return { TotalCount: stats.length, AccountStatistics: page(ctx, stats, req).map((s) => ({ Username: s.key, MachineNum: s.hosts })) };
  },

  async DescribeHistoryAccounts(ctx, req) {
    const m = await requireMachine(ctx, uuidFormat(ctx, req.Uuid, "Uuid"));
    // MachineIp is not in the reference but is the API example's filter.
    const f = parseFilters(ctx, req.Filters, { Username: "string", MachineIp: "string" });
    const list = newestFirst(await rec.historyAccounts(ctx).all()).filter(
      (h) => h.Uuid === m.uuid && inValues(f.values("Username"), h.Username) && inValues(f.values("MachineIp"), h.MachineIp),
    );
    return { TotalCount: list.length, HistoryAccounts: page(ctx, list, req).map((h) => only<HistoryAccount>(h, HISTORY_KEYS)) };
  },

  async DescribeComponents(ctx, req) {
    if (!req.Uuid && req.ComponentId === undefined) return ctx.fail("InvalidParameter.MissingParameter", "Give Uuid or ComponentId.");
    if (req.Uuid) uuidFormat(ctx, req.Uuid, "Uuid");
    const componentId = req.ComponentId === undefined ? undefined : positiveId(ctx, req.ComponentId, "ComponentId");
    const f = parseFilters(ctx, req.Filters, { ComponentVersion: "string", MachineIp: "string" });
    const list = (await rec.components(ctx).all()).filter(
      (c) =>
        (!req.Uuid || c.Uuid === req.Uuid) &&
        (componentId === undefined || c.ComponentId === componentId) &&
        inValues(f.values("ComponentVersion"), c.ComponentVersion) &&
        inValues(f.values("MachineIp"), c.MachineIp),
    );
    return { TotalCount: list.length, Components: page(ctx, list, req).map((c) => only<Component>(c, COMPONENT_KEYS)) };
  },

  async DescribeComponentInfo(ctx, req) {
    const id = positiveId(ctx, req.ComponentId, "ComponentId");
    const info = await getById(rec.componentInfos(ctx), id);
    if (!info) return ctx.fail("ResourceNotFound", `The component (ComponentId ${id}) does not exist.`);
    return { ...info };
  },

  async DescribeComponentStatistics(ctx, req) {
    const f = parseFilters(ctx, req.Filters, { ComponentName: "string" });
    const infos = new Map((await rec.componentInfos(ctx).all()).map((c) => [c.Id, c]));
    const stats = statistics(
      (await rec.components(ctx).all()).filter((c) => inValues(f.values("ComponentName"), c.ComponentName)),
      (c) => String(c.ComponentId),
      (c) => c.Uuid,
    );
    return {
      TotalCount: stats.length,
      ComponentStatistics: page(ctx, stats, req).map((s) => {
        const info = infos.get(Number(s.key));
        return {
          Id: Number(s.key),
          MachineNum: s.hosts,
          ComponentName: s.first.ComponentName,
          ComponentType: s.first.ComponentType,
          Description: info?.Description ?? "",
        };
      }),
    };
  },
};
