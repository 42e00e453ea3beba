import type { SecurityDynamic, SecurityTrend } from "tencentcloud-sdk-nodejs/tencentcloud/services/yunjing/v20180228/yunjing_models";
import type { YunjingActions } from "../../generated/models/yunjing";
import { formatDate, formatDateTime } from "../../platform/clock";
import type { Handlers } from "../../platform/definition";
import { agentState, allMachines } from "./machine-model";
import { impactedStatus, malwareStatus, rec } from "./records";
import type { Ctx } from "./store";
import { page, parseDate } from "./validate";

const DAY = 86_400_000;
/** The longest range DescribeSecurityTrends answers, in days. */
export const MAX_TREND_DAYS = 366;

/** Every detection with its time, kind and message: the security dynamics and trends count these. */
interface Happening {
  at: number;
  uuid: string;
  type: "MALWARE" | "NON_LOCAL_LOGIN" | "BRUTEATTACK_SUCCESS" | "VUL" | "BASELINE";
  level: "RISK" | "HIGH" | "NORMAL" | "LOW";
  zh: string;
  en: string;
}

const VUL_LEVEL: Record<string, Happening["level"]> = { HIGH: "HIGH", MIDDLE: "NORMAL", LOW: "LOW", NOTICE: "LOW" };

async function happenings(ctx: Ctx): Promise<Happening[]> {
  const out: Happening[] = [];
  for (const m of await rec.malwares(ctx).all()) {
    out.push({ at: m.at, uuid: m.Uuid, type: "MALWARE", level: "RISK", zh: `发现主机${m.MachineIp}存在木马文件${m.FilePath}`, en: `Malware ${m.FilePath} found on ${m.MachineIp}` });
  }
  for (const l of await rec.nonlocalLogins(ctx).all()) {
    if (l.Status !== "NON_LOCAL_LOGIN") continue;
    out.push({
      at: l.at,
      uuid: l.Uuid,
      type: "NON_LOCAL_LOGIN",
      level: "HIGH",
      zh: `主机${l.MachineIp}发现异地登录，来源IP ${l.SrcIp}，用户 ${l.UserName}`,
      en: `Non-local login on ${l.MachineIp} from ${l.SrcIp} as ${l.UserName}`,
    });
  }
  for (const b of await rec.bruteAttacks(ctx).all()) {
    if (b.Status !== "BRUTEATTACK_SUCCESS") continue;
    out.push({
      at: b.at,
      uuid: b.Uuid,
      type: "BRUTEATTACK_SUCCESS",
      level: "RISK",
      zh: `主机${b.MachineIp}被暴力破解成功，来源IP ${b.SrcIp}，用户 ${b.UserName}`,
      en: `Password of ${b.UserName} on ${b.MachineIp} cracked from ${b.SrcIp}`,
    });
  }
  const vuls = new Map((await rec.vuls(ctx).all()).map((v) => [v.VulId, v]));
  for (const h of await rec.impactedHosts(ctx).all()) {
    const v = vuls.get(h.VulId);
    if (!v) continue;
    const baseline = v.VulType === "BASELINE";
    out.push({
      at: h.at,
      uuid: h.Uuid,
      type: baseline ? "BASELINE" : "VUL",
      level: baseline ? "NORMAL" : VUL_LEVEL[v.VulLevel] ?? "NORMAL",
      zh: baseline ? `主机${h.MachineIp}存在安全基线风险：${v.VulName}` : `主机${h.MachineIp}存在漏洞：${v.VulName}`,
      en: baseline ? `Baseline risk on ${h.MachineIp}: ${v.VulName}` : `Vulnerability on ${h.MachineIp}: ${v.VulName}`,
    });
  }
  return out.sort((a, b) => b.at - a.at);
}

/** A `YYYY-MM-DD` date of a range, or InvalidParameter.DateRange. */
export function rangeDate(ctx: Ctx, value: string, member: string): number {
  const ms = parseDate(value.trim());
  if (Number.isNaN(ms)) ctx.fail("InvalidParameter.DateRange", { en: `${member} \`${value}\` is not a date (YYYY-MM-DD).`, zh: `${member}（${value}）不是日期（YYYY-MM-DD），时间区间格式错误。` });
  return ms;
}

function trend(from: number, days: number, times: number[]): SecurityTrend[] {
  const counts = new Array<number>(days).fill(0);
  for (const t of times) {
    const i = Math.floor((t - from) / DAY);
    if (i >= 0 && i < days) counts[i]++;
  }
  return counts.map((EventNum, i) => ({ Date: formatDate(from + i * DAY), EventNum }));
}

export const reportHandlers: Handlers<"yunjing", YunjingActions> = {
  async DescribeOverviewStatistics(ctx) {
    const now = ctx.now();
    const machines = await allMachines(ctx);
    const types = new Map((await rec.vuls(ctx).all()).map((v) => [v.VulId, v.VulType]));
    const impacted = await rec.impactedHosts(ctx).all();
    const openVuls = (baseline: boolean) =>
      new Set(impacted.filter((h) => impactedStatus(h, now) !== "FIXED" && (types.get(h.VulId) === "BASELINE") === baseline).map((h) => h.VulId)).size;
    return {
      OnlineMachineNum: machines.filter((m) => agentState(m) === "ONLINE").length,
      ProVersionMachineNum: machines.filter((m) => m.pro).length,
      MalwareNum: (await rec.malwares(ctx).all()).filter((m) => malwareStatus(m, now) === "UN_OPERATED").length,
      NonlocalLoginNum: (await rec.nonlocalLogins(ctx).all()).filter((l) => l.Status === "NON_LOCAL_LOGIN").length,
      BruteAttackSuccessNum: (await rec.bruteAttacks(ctx).all()).filter((b) => b.Status === "BRUTEATTACK_SUCCESS").length,
      VulNum: openVuls(false),
      BaseLineNum: openVuls(true),
    };
  },

  async DescribeSecurityDynamics(ctx, req) {
    const all = await happenings(ctx);
    const zh = ctx.language === "zh-CN";
    return {
      SecurityDynamics: page(ctx, all, req).map(
        (h): SecurityDynamic => ({ Uuid: h.uuid, EventTime: formatDateTime(h.at), EventType: h.type, Message: zh ? h.zh : h.en, SecurityLevel: h.level }),
      ),
      TotalCount: all.length,
    };
  },

  async DescribeSecurityTrends(ctx, req) {
    const from = rangeDate(ctx, req.BeginDate, "BeginDate");
    const to = rangeDate(ctx, req.EndDate, "EndDate");
    if (from > to) {
      ctx.fail("InvalidParameter.DateRange", { en: `BeginDate (${req.BeginDate}) is after EndDate (${req.EndDate}).`, zh: `开始时间（${req.BeginDate}）晚于结束时间（${req.EndDate}）。` });
    }
    const days = Math.round((to - from) / DAY) + 1;
    if (days > MAX_TREND_DAYS) ctx.fail("InvalidParameter.DateRange", `The range spans ${days} days; at most ${MAX_TREND_DAYS} are allowed.`);
    const h = await happenings(ctx);
    const of = (type: Happening["type"]) => trend(from, days, h.filter((x) => x.type === type).map((x) => x.at));
    const times = <T extends { at: number }>(items: T[]) => trend(from, days, items.map((x) => x.at));
    return {
      Malwares: of("MALWARE"),
      NonLocalLoginPlaces: of("NON_LOCAL_LOGIN"),
      BruteAttacks: of("BRUTEATTACK_SUCCESS"),
      Vuls: of("VUL"),
      BaseLines: of("BASELINE"),
      MaliciousRequests: times(await rec.maliciousRequests(ctx).all()),
      HighRiskBashs: times(await rec.bashEvents(ctx).all()),
      ReverseShells: times(await rec.reverseShells(ctx).all()),
      PrivilegeEscalations: times(await rec.privilegeEvents(ctx).all()),
      CyberAttacks: times(await rec.attackLogs(ctx).all()),
    };
  },
};
