import type { YunjingActions } from "../../generated/models/yunjing";
import { formatDateTime } from "../../platform/clock";
import type { Handlers } from "../../platform/definition";
import { agentState, allMachines, byUuid, requireMachine, saveMachine } from "./machine-model";
import { getById, impactedLastScan, impactedStatus, rec, type ImpactedHostDoc, type VulDoc } from "./records";
import { key, type Ctx } from "./store";
import { ids, inValues, oneOf, page, parseFilters, positiveId, uuidFormat } from "./validate";

const VUL_TYPES = ["WEB", "SYSTEM", "BASELINE"] as const;

async function requireVul(ctx: Ctx, id: number): Promise<VulDoc> {
  const v = await getById(rec.vuls(ctx), id);
  if (!v) ctx.fail("ResourceNotFound", `The vulnerability (VulId ${id}) does not exist.`);
  return v;
}

/** A vulnerability is open while any host still has it (UN_OPERATED or being rescanned). */
const open = (s: string) => s !== "FIXED";

export const vulHandlers: Handlers<"yunjing", YunjingActions> = {
  async DescribeVuls(ctx, req) {
    const type = oneOf(ctx, req.VulType, VUL_TYPES, "VulType");
    const f = parseFilters(ctx, req.Filters, { Status: ["UN_OPERATED", "FIXED"] }, ["Status"]);
    const now = ctx.now();
    const hosts = await rec.impactedHosts(ctx).all();
    const rows = (await rec.vuls(ctx).all())
      .filter((v) => v.VulType === type)
      .map((v) => {
        const mine = hosts.filter((h) => h.VulId === v.VulId);
        const statuses = mine.map((h) => impactedStatus(h, now));
        return {
          v,
          count: mine.length,
          row: {
            VulId: v.VulId,
            VulName: v.VulName,
            VulLevel: v.VulLevel,
            LastScanTime: formatDateTime(Math.max(...mine.map((h) => impactedLastScan(h, now)))),
            ImpactedHostNum: statuses.filter(open).length,
            VulStatus: statuses.some(open) ? "UN_OPERATED" : "FIXED",
          },
        };
      })
      .filter((x) => x.count > 0 && inValues(f.values("Status"), x.row.VulStatus))
      .sort((a, b) => b.row.LastScanTime.localeCompare(a.row.LastScanTime) || a.v.VulId - b.v.VulId)
      .map((x) => x.row);
    return { TotalCount: rows.length, Vuls: page(ctx, rows, req) };
  },

  async DescribeVulInfo(ctx, req) {
    return { ...(await requireVul(ctx, positiveId(ctx, req.VulId, "VulId"))) };
  },

  async DescribeImpactedHosts(ctx, req) {
    const vul = await requireVul(ctx, positiveId(ctx, req.VulId, "VulId"));
    const f = parseFilters(ctx, req.Filters, { Status: ["UN_OPERATED", "SCANING", "FIXED"] });
    const now = ctx.now();
    const rows = [];
    for (const h of await rec.impactedHosts(ctx).all()) {
      if (h.VulId !== vul.VulId || !inValues(f.values("Status"), impactedStatus(h, now))) continue;
      rows.push({
        Id: h.Id,
        MachineIp: h.MachineIp,
        MachineName: h.MachineName,
        LastScanTime: formatDateTime(impactedLastScan(h, now)),
        VulStatus: impactedStatus(h, now),
        Uuid: h.Uuid,
        Description: vul.Description,
        VulId: vul.VulId,
        IsProVersion: (await byUuid(ctx, h.Uuid))?.pro != null,
      });
    }
    return { TotalCount: rows.length, ImpactedHosts: page(ctx, rows, req) };
  },

  async DescribeAgentVuls(ctx, req) {
    const type = oneOf(ctx, req.VulType, VUL_TYPES, "VulType");
    const m = await requireMachine(ctx, uuidFormat(ctx, req.Uuid, "Uuid"));
    const f = parseFilters(ctx, req.Filters, { Status: ["UN_OPERATED", "SCANING", "FIXED"] });
    const now = ctx.now();
    const vuls = new Map((await rec.vuls(ctx).all()).map((v) => [v.VulId, v]));
    const rows = (await rec.impactedHosts(ctx).all())
      .filter((h) => h.Uuid === m.uuid && vuls.get(h.VulId)?.VulType === type && inValues(f.values("Status"), impactedStatus(h, now)))
      .map((h) => {
        const v = vuls.get(h.VulId)!;
        return {
          Id: h.Id,
          MachineIp: h.MachineIp,
          VulName: v.VulName,
          VulLevel: v.VulLevel,
          LastScanTime: formatDateTime(impactedLastScan(h, now)),
          Description: v.Description,
          VulId: v.VulId,
          VulStatus: impactedStatus(h, now),
        };
      });
    return { TotalCount: rows.length, AgentVuls: page(ctx, rows, req) };
  },

  /** Ids are impacted-host records (ImpactedHost.Id / AgentVul.Id): an ignored record leaves every list. */
  async IgnoreImpactedHosts(ctx, req) {
    for (const id of ids(ctx, req.Ids, 100)) await rec.impactedHosts(ctx).delete(key(id));
    return {};
  },

  /** Rescans one impacted host: SCANING for a minute, then FIXED if the host was patched before, else UN_OPERATED. */
  async RescanImpactedHost(ctx, req) {
    const id = positiveId(ctx, req.Id, "Id");
    const h = await getById(rec.impactedHosts(ctx), id);
    if (!h) return ctx.fail("ResourceNotFound", `The impacted host record ${id} does not exist.`);
    const now = ctx.now();
    if (impactedStatus(h, now) === "SCANING") ctx.fail("FailedOperation.RescanVulProcessInUse", {
        en: `${h.MachineIp} is already being rescanned for vulnerability ${h.VulId}.`,
        zh: `主机 ${h.MachineIp} 已有漏洞 ${h.VulId} 的重新检测任务正在执行中。`,
      });
    const m = await byUuid(ctx, h.Uuid);
    if (!m || agentState(m) !== "ONLINE") return ctx.fail("FailedOperation.AgentOffline", {
        en: `The client of ${h.MachineName} (${h.Uuid}) is ${m ? agentState(m).toLowerCase() : "uninstalled"}.`,
        zh: `主机 ${h.MachineName}（${h.Uuid}）的客户端已离线。`,
      });
    if (!m.pro) {
      if (m.freeVulsLeft <= 0) ctx.fail("FailedOperation.RescanVul", {
          en: `${m.name} is on the Basic edition and has used its free vulnerability checks: open the Pro edition to rescan.`,
          zh: `主机 ${m.name} 为基础版且免费漏洞检测次数已用完，请开通专业版后重新检测。`,
        });
      m.freeVulsLeft--;
      await saveMachine(ctx, m);
    }
    const next: ImpactedHostDoc = { ...h, VulStatus: impactedStatus(h, now) === "FIXED" ? "FIXED" : "UN_OPERATED", lastScanAt: impactedLastScan(h, now), rescanAt: now };
    await rec.impactedHosts(ctx).update(key(id), next);
    ctx.touch(h.Uuid);
    return {};
  },

  async DescribeVulScanResult(ctx) {
    const now = ctx.now();
    const machines = await allMachines(ctx);
    const pro = new Set(machines.filter((m) => m.pro).map((m) => m.uuid));
    const openRecords = (await rec.impactedHosts(ctx).all()).filter((h) => open(impactedStatus(h, now)));
    return {
      VulNum: new Set(openRecords.map((h) => h.VulId)).size,
      ProVersionNum: pro.size,
      ImpactedHostNum: new Set(openRecords.filter((h) => pro.has(h.Uuid)).map((h) => h.Uuid)).size,
      HostNum: machines.length,
      BasicVersionNum: machines.length - pro.size,
    };
  },
};
