import type { Machine } from "tencentcloud-sdk-nodejs/tencentcloud/services/yunjing/v20180228/yunjing_models";
import type { YunjingActions } from "../../generated/models/yunjing";
import type { Handlers } from "../../platform/definition";
import { isKnownRegion } from "../../platform/regions";
import { agentState, allMachines, endPro, proOpenDate, regionInfoOf, requireMachine, saveMachine, type MachineDoc } from "./machine-model";
import { isAtRisk, riskByHost } from "./risk";
import type { Ctx } from "./store";
import { machineTags } from "./tags";
import { matchesKeyword, oneOf, page, parseFilters, uuidFormat } from "./validate";

const DAY = 86_400_000;

export async function machineRow(ctx: Ctx): Promise<(m: MachineDoc) => Machine> {
  const risk = await riskByHost(ctx);
  const tagsOf = await machineTags(ctx);
  return (m) => {
    const state = agentState(m);
    const r = risk(m.uuid);
    return {
      MachineName: m.name,
      MachineOs: m.os,
      MachineStatus: state === "ONLINE" ? "ONLINE" : "OFFLINE",
      // The agent's Uuid is empty once it is uninstalled.
      Uuid: state === "UNINSTALLED" ? "" : m.uuid,
      Quuid: m.quuid,
      VulNum: r.vuls,
      MachineIp: m.ip,
      IsProVersion: m.pro !== null,
      MachineWanIp: m.wanIp,
      PayMode: m.pro?.payMode ?? "",
      MalwareNum: r.malwares,
      Tag: tagsOf(m.quuid),
      BaselineNum: r.baselines,
      CyberAttackNum: r.cyberAttacks,
      SecurityStatus: state === "UNINSTALLED" ? "UNKNOWN" : isAtRisk(r) ? "RISK" : "SAFE",
      InvasionNum: r.invasions,
      RegionInfo: regionInfoOf(m.region),
    };
  };
}

export const machineHandlers: Handlers<"yunjing", YunjingActions> = {
  async DescribeMachines(ctx, req) {
    const type = oneOf(ctx, req.MachineType, ["CVM", "BM"], "MachineType");
    if (!isKnownRegion(req.MachineRegion)) ctx.fail("InvalidParameter.InvalidFormat", `MachineRegion \`${req.MachineRegion}\` is not a region.`);
    const f = parseFilters(
      ctx,
      req.Filters,
      { Keywords: "string", Status: ["OFFLINE", "ONLINE", "UNINSTALLED"], Version: ["PRO_VERSION", "BASIC_VERSION"] },
      ["Keywords", "Status", "Version"],
    );
    const status = f.one("Status");
    const version = f.one("Version");
    const list = (await allMachines(ctx)).filter(
      (m) =>
        m.machineType === type &&
        m.region === req.MachineRegion &&
        (!status || agentState(m) === status) &&
        (!version || (version === "PRO_VERSION") === (m.pro !== null)) &&
        matchesKeyword(f.one("Keywords"), m.name, m.ip, m.wanIp, m.instanceId, m.quuid),
    );
    return { Machines: page(ctx, list, req).map(await machineRow(ctx)), TotalCount: list.length };
  },

  async DescribeMachineInfo(ctx, req) {
    if (!req.Uuid) return ctx.fail("InvalidParameter.MissingParameter", "Uuid is required.");
    uuidFormat(ctx, req.Uuid, "Uuid");
    const m = await requireMachine(ctx, req.Uuid);
    const state = agentState(m);
    return {
      MachineIp: m.ip,
      ProtectDays: Math.max(0, Math.floor((ctx.now() - m.installedAt) / DAY)),
      MachineOs: m.os,
      MachineName: m.name,
      MachineStatus: state === "ONLINE" ? "ONLINE" : "OFFLINE",
      InstanceId: m.instanceId,
      MachineWanIp: m.wanIp,
      Quuid: m.quuid,
      Uuid: state === "UNINSTALLED" ? "" : m.uuid,
      IsProVersion: m.pro !== null,
      ProVersionOpenDate: proOpenDate(m),
      MachineType: m.machineType,
      MachineRegion: m.region,
      PayMode: m.pro?.payMode ?? "",
      FreeMalwaresLeft: m.freeMalwaresLeft,
      FreeVulsLeft: m.freeVulsLeft,
    };
  },

  async DeleteMachine(ctx, req) {
    uuidFormat(ctx, req.Uuid, "Uuid");
    const m = await requireMachine(ctx, req.Uuid);
    if (m.uninstalledAt !== null) ctx.fail("FailedOperation.MachineDelete", {
        en: `The client ${m.uuid} on ${m.name} has already been uninstalled.`,
        zh: `主机 ${m.name} 的客户端 ${m.uuid} 已卸载。`,
      });
    m.uninstalledAt = ctx.now();
    // Uninstalling the agent ends postpaid Pro; prepaid Pro stays bought for the host until it expires.
    if (m.pro?.payMode === "POSTPAY") endPro(m, ctx.now());
    await saveMachine(ctx, m);
    ctx.touch(m.uuid, m.quuid);
    return {};
  },
};
