import type { YunjingActions } from "../../generated/models/yunjing";
import { formatDate, formatDateTime } from "../../platform/clock";
import type { Handlers } from "../../platform/definition";
import { writeExport } from "./export-model";
import { agentState, machines } from "./machine-model";
import { impactedLastScan, impactedStatus, malwareStatus, rec } from "./records";
import { rangeDate } from "./reports";
import type { Ctx } from "./store";
import { page } from "./validate";

/*
 * Weekly reports, a Pro edition feature: one per week (Monday to Sunday, UTC+8) that is over and in which the
 * account had at least one Pro host. Their data is what was detected during the week.
 */

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const TZ = 8 * 3600_000;

/** Monday 00:00 (UTC+8) of the week containing `ms`. */
function weekStart(ms: number): number {
  const local = ms + TZ;
  const dayIndex = (Math.floor(local / DAY) + 3) % 7; // 1970-01-01 was a Thursday: Monday → 0
  return Math.floor(local / DAY) * DAY - dayIndex * DAY - TZ;
}

export async function reportWeeks(ctx: Ctx): Promise<number[]> {
  const periods = (await machines(ctx).all()).flatMap((m) => m.proPeriods);
  if (!periods.length) return [];
  const now = ctx.now();
  const weeks: number[] = [];
  for (let w = weekStart(Math.min(...periods.map((p) => p.from))); w + WEEK <= now && weeks.length < 520; w += WEEK) {
    if (periods.some((p) => p.from < w + WEEK && (p.to === null || p.to > w))) weeks.push(w);
  }
  return weeks.reverse();
}

async function requireWeek(ctx: Ctx, beginDate: string): Promise<{ from: number; to: number }> {
  const from = rangeDate(ctx, beginDate, "BeginDate");
  if (!(await reportWeeks(ctx)).includes(from)) {
    ctx.fail("InvalidParameter.DateRange", `There is no weekly report beginning on ${beginDate}: reports begin on a Monday, for weeks that are over and had Pro edition hosts.`);
  }
  return { from, to: from + WEEK };
}

const within = (w: { from: number; to: number }) => (x: { at: number }) => x.at >= w.from && x.at < w.to;

async function weekData(ctx: Ctx, w: { from: number; to: number }) {
  const now = ctx.now();
  const vuls = new Map((await rec.vuls(ctx).all()).map((v) => [v.VulId, v]));
  return {
    malwares: (await rec.malwares(ctx).all())
      .filter(within(w))
      .map((m) => ({ MachineIp: m.MachineIp, FilePath: m.FilePath, Md5: m.Md5, FindTime: formatDateTime(m.at), Status: malwareStatus(m, now) })),
    logins: (await rec.nonlocalLogins(ctx).all())
      .filter((l) => l.Status === "NON_LOCAL_LOGIN" && within(w)(l))
      .map((l) => ({ MachineIp: l.MachineIp, Username: l.UserName, SrcIp: l.SrcIp, Country: l.Country, Province: l.Province, City: l.City, LoginTime: l.LoginTime })),
    brutes: (await rec.bruteAttacks(ctx).all())
      .filter(within(w))
      .map((b) => ({ MachineIp: b.MachineIp, Username: b.UserName, SrcIp: b.SrcIp, Count: b.Count, AttackTime: b.CreateTime, success: b.Status === "BRUTEATTACK_SUCCESS" })),
    vuls: (await rec.impactedHosts(ctx).all())
      .filter((h) => within(w)(h) && vuls.has(h.VulId))
      .map((h) => {
        const v = vuls.get(h.VulId)!;
        return {
          MachineIp: h.MachineIp,
          VulName: v.VulName,
          VulType: v.VulType,
          Description: v.Description,
          VulStatus: impactedStatus(h, now),
          LastScanTime: formatDateTime(impactedLastScan(h, now)),
        };
      }),
  };
}

export const weeklyReportHandlers: Handlers<"yunjing", YunjingActions> = {
  async DescribeWeeklyReports(ctx, req) {
    const weeks = await reportWeeks(ctx);
    return {
      WeeklyReports: page(ctx, weeks, req).map((w) => ({ BeginDate: formatDate(w), EndDate: formatDate(w + WEEK - DAY) })),
      TotalCount: weeks.length,
    };
  },

  async DescribeWeeklyReportInfo(ctx, req) {
    const w = await requireWeek(ctx, req.BeginDate);
    const hosts = (await machines(ctx).all()).filter((m) => m.installedAt < w.to && (m.source === "registered" ? m.uninstalledAt === null : !m.gone));
    const online = hosts.filter((m) => agentState(m) === "ONLINE").length;
    const d = await weekData(ctx, w);
    const cracked = d.brutes.filter((b) => b.success).length;
    const level = d.malwares.length + cracked > 0 ? "HIGH" : d.logins.length + d.vuls.length > 0 ? "MIDDLE" : "LOW";
    const summary = {
      CompanyName: `Account ${ctx.caller.uin}`,
      MachineNum: hosts.length,
      OnlineMachineNum: online,
      OfflineMachineNum: hosts.length - online,
      ProVersionMachineNum: hosts.filter((m) => m.proPeriods.some((p) => p.from < w.to && (p.to === null || p.to > w.from))).length,
      BeginDate: formatDate(w.from),
      EndDate: formatDate(w.to - DAY),
      Level: level,
      MalwareNum: d.malwares.length,
      NonlocalLoginNum: d.logins.length,
      BruteAttackSuccessNum: cracked,
      VulNum: d.vuls.length,
    };
    const rows: [string, string][] = [
      ["周报开始时间", summary.BeginDate],
      ["周报结束时间", summary.EndDate],
      ["安全等级", level],
      ["主机总数", String(summary.MachineNum)],
      ["在线主机数", String(online)],
      ["离线主机数", String(summary.OfflineMachineNum)],
      ["专业版主机数", String(summary.ProVersionMachineNum)],
      ["木马记录数", String(summary.MalwareNum)],
      ["异地登录数", String(summary.NonlocalLoginNum)],
      ["密码破解成功数", String(cracked)],
      ["漏洞数", String(summary.VulNum)],
    ];
    const file = await writeExport(ctx, "专业版周报", [{ header: "项目", value: (r: [string, string]) => r[0] }, { header: "数值", value: (r) => r[1] }], rows, "xlsx");
    return { ...summary, DownloadUrl: file.url };
  },

  async DescribeWeeklyReportMalwares(ctx, req) {
    const list = (await weekData(ctx, await requireWeek(ctx, req.BeginDate))).malwares;
    return { WeeklyReportMalwares: page(ctx, list, req), TotalCount: list.length };
  },

  async DescribeWeeklyReportNonlocalLoginPlaces(ctx, req) {
    const list = (await weekData(ctx, await requireWeek(ctx, req.BeginDate))).logins;
    return { WeeklyReportNonlocalLoginPlaces: page(ctx, list, req), TotalCount: list.length };
  },

  async DescribeWeeklyReportBruteAttacks(ctx, req) {
    const list = (await weekData(ctx, await requireWeek(ctx, req.BeginDate))).brutes.map(({ success: _success, ...b }) => b);
    return { WeeklyReportBruteAttacks: page(ctx, list, req), TotalCount: list.length };
  },

  async DescribeWeeklyReportVuls(ctx, req) {
    const list = (await weekData(ctx, await requireWeek(ctx, req.BeginDate))).vuls;
    return { WeeklyReportVuls: page(ctx, list, req), TotalCount: list.length };
  },
};
