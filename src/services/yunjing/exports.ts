import type { YunjingActions } from "../../generated/models/yunjing";
import type { Handlers } from "../../platform/definition";
import { writeExport, type Column } from "./export-model";
import {
  malwareStatus,
  newestFirst,
  rec,
  type AttackLogDoc,
  type BashEventDoc,
  type BruteAttackDoc,
  type MalwareDoc,
  type MaliciousRequestDoc,
  type NonlocalLoginDoc,
  type PrivilegeEventDoc,
  type ReverseShellDoc,
} from "./records";
import { nextId, type Ctx } from "./store";

/*
 * Export* write every record of their kind to a CSV file (the console's column titles, UTF-8 with a BOM) and
 * answer its download URL; the actions whose response has a TaskId also answer one (epoch-seconds-like and
 * increasing, as the real ids look).
 */

const MALWARE_STATUS: Record<string, string> = { UN_OPERATED: "未处理", SEGREGATED: "已隔离", TRUSTED: "已信任", SEPARATING: "隔离中", RECOVERING: "恢复中" };
const EVENT_STATUS: Record<number, string> = { 0: "待处理", 1: "高危", 2: "正常" };
const BRUTE_STATUS: Record<string, string> = {
  BRUTEATTACK_FAIL_ACCOUNT: "破解失败(帐号存在)",
  BRUTEATTACK_FAIL_NOACCOUNT: "破解失败(帐号不存在)",
  BRUTEATTACK_SUCCESS: "破解成功",
};
const REQUEST_STATUS: Record<string, string> = { UN_OPERATED: "待处理", TRUSTED: "已信任", UN_TRUSTED: "已取消信任" };

const host = <T extends { MachineName: string }>(ip: (t: T) => string): Column<T>[] => [
  { header: "主机名", value: (t) => t.MachineName },
  { header: "主机IP", value: ip },
];

async function taskId(ctx: Ctx): Promise<string> {
  return String(await nextId(ctx, "export-task", Math.floor(ctx.now() / 1000)));
}

export const exportHandlers: Handlers<"yunjing", YunjingActions> = {
  async ExportMalwares(ctx) {
    const now = ctx.now();
    const columns: Column<MalwareDoc>[] = [
      ...host<MalwareDoc>((m) => m.MachineIp),
      { header: "木马路径", value: (m) => m.FilePath },
      { header: "木马描述", value: (m) => m.Description },
      { header: "MD5", value: (m) => m.Md5 },
      { header: "状态", value: (m) => MALWARE_STATUS[malwareStatus(m, now)] ?? malwareStatus(m, now) },
      { header: "文件创建时间", value: (m) => m.FileCreateTime },
      { header: "文件修改时间", value: (m) => m.ModifyTime },
    ];
    const file = await writeExport(ctx, "木马记录", columns, newestFirst(await rec.malwares(ctx).all()));
    return { DownloadUrl: file.url };
  },

  async ExportNonlocalLoginPlaces(ctx) {
    const columns: Column<NonlocalLoginDoc>[] = [
      ...host<NonlocalLoginDoc>((l) => l.MachineIp),
      { header: "登录用户", value: (l) => l.UserName },
      { header: "来源IP", value: (l) => l.SrcIp },
      { header: "国家ID", value: (l) => l.Country },
      { header: "省份ID", value: (l) => l.Province },
      { header: "城市ID", value: (l) => l.City },
      { header: "登录状态", value: (l) => (l.Status === "NON_LOCAL_LOGIN" ? "异地登录" : "正常登录") },
      { header: "登录时间", value: (l) => l.LoginTime },
    ];
    const file = await writeExport(ctx, "异地登录", columns, newestFirst(await rec.nonlocalLogins(ctx).all()));
    return { DownloadUrl: file.url, TaskId: await taskId(ctx) };
  },

  async ExportBruteAttacks(ctx) {
    const columns: Column<BruteAttackDoc>[] = [
      ...host<BruteAttackDoc>((b) => b.MachineIp),
      { header: "来源IP", value: (b) => b.SrcIp },
      { header: "用户名", value: (b) => b.UserName },
      { header: "尝试次数", value: (b) => b.Count },
      { header: "破解状态", value: (b) => BRUTE_STATUS[b.Status] ?? b.Status },
      { header: "阻断状态", value: (b) => (b.BanStatus === "1" ? "已阻断" : "未阻断") },
      { header: "发生时间", value: (b) => b.CreateTime },
    ];
    const file = await writeExport(ctx, "密码破解", columns, newestFirst(await rec.bruteAttacks(ctx).all()));
    return { DownloadUrl: file.url };
  },

  async ExportMaliciousRequests(ctx) {
    const columns: Column<MaliciousRequestDoc>[] = [
      ...host<MaliciousRequestDoc>((r) => r.MachineIp),
      { header: "恶意请求域名", value: (r) => r.Domain },
      { header: "请求次数", value: (r) => r.Count },
      { header: "进程名", value: (r) => r.ProcessName },
      { header: "进程MD5", value: (r) => r.ProcessMd5 },
      { header: "命令行", value: (r) => r.CmdLine },
      { header: "状态", value: (r) => REQUEST_STATUS[r.Status] ?? r.Status },
      { header: "发现时间", value: (r) => r.CreateTime },
    ];
    const file = await writeExport(ctx, "恶意请求", columns, newestFirst(await rec.maliciousRequests(ctx).all()));
    return { DownloadUrl: file.url };
  },

  async ExportBashEvents(ctx) {
    const columns: Column<BashEventDoc>[] = [
      ...host<BashEventDoc>((e) => e.Hostip),
      { header: "执行用户", value: (e) => e.User },
      { header: "执行命令", value: (e) => e.BashCmd },
      { header: "规则名称", value: (e) => e.RuleName },
      { header: "危险等级", value: (e) => ({ 1: "高危", 2: "中危", 3: "低危" })[e.RuleLevel] ?? "" },
      { header: "处理状态", value: (e) => EVENT_STATUS[e.Status] ?? String(e.Status) },
      { header: "发生时间", value: (e) => e.CreateTime },
    ];
    const file = await writeExport(ctx, "高危命令", columns, newestFirst(await rec.bashEvents(ctx).all()));
    return { DownloadUrl: file.url };
  },

  async ExportPrivilegeEvents(ctx) {
    const columns: Column<PrivilegeEventDoc>[] = [
      ...host<PrivilegeEventDoc>((e) => e.Hostip),
      { header: "进程名", value: (e) => e.ProcessName },
      { header: "进程路径", value: (e) => e.FullPath },
      { header: "执行命令", value: (e) => e.CmdLine },
      { header: "用户名", value: (e) => e.UserName },
      { header: "用户组", value: (e) => e.UserGroup },
      { header: "进程文件权限", value: (e) => e.ProcFilePrivilege },
      { header: "父进程", value: (e) => e.ParentProcName },
      { header: "进程树", value: (e) => e.ProcTree },
      { header: "处理状态", value: (e) => EVENT_STATUS[e.Status] ?? String(e.Status) },
      { header: "发生时间", value: (e) => e.CreateTime },
    ];
    const file = await writeExport(ctx, "本地提权", columns, newestFirst(await rec.privilegeEvents(ctx).all()));
    return { DownloadUrl: file.url };
  },

  async ExportReverseShellEvents(ctx) {
    const columns: Column<ReverseShellDoc>[] = [
      ...host<ReverseShellDoc>((e) => e.Hostip),
      { header: "目标IP", value: (e) => e.DstIp },
      { header: "目标端口", value: (e) => e.DstPort },
      { header: "进程名", value: (e) => e.ProcessName },
      { header: "进程路径", value: (e) => e.FullPath },
      { header: "执行命令", value: (e) => e.CmdLine },
      { header: "执行用户", value: (e) => e.UserName },
      { header: "父进程", value: (e) => e.ParentProcName },
      { header: "进程树", value: (e) => e.ProcTree },
      { header: "处理状态", value: (e) => EVENT_STATUS[e.Status] ?? String(e.Status) },
      { header: "发生时间", value: (e) => e.CreateTime },
    ];
    const file = await writeExport(ctx, "反弹Shell", columns, newestFirst(await rec.reverseShells(ctx).all()));
    return { DownloadUrl: file.url };
  },

  async ExportAttackLogs(ctx) {
    const columns: Column<AttackLogDoc>[] = [
      ...host<AttackLogDoc>((l) => l.MachineIp),
      { header: "来源IP", value: (l) => l.SrcIp },
      { header: "来源端口", value: (l) => l.SrcPort },
      { header: "攻击方式", value: (l) => l.HttpMethod },
      { header: "攻击路径", value: (l) => l.HttpCgi },
      { header: "攻击参数", value: (l) => l.HttpParam },
      { header: "威胁类型", value: (l) => l.VulType },
      { header: "目标IP", value: (l) => l.DstIp },
      { header: "目标端口", value: (l) => l.DstPort },
      { header: "攻击时间", value: (l) => l.CreatedAt },
    ];
    const file = await writeExport(ctx, "网络攻击", columns, newestFirst(await rec.attackLogs(ctx).all()));
    return { DownloadUrl: file.url, TaskId: await taskId(ctx) };
  },
};
