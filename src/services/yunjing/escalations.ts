import type { PrivilegeEscalationProcess, ReverseShell } from "tencentcloud-sdk-nodejs/tencentcloud/services/yunjing/v20180228/yunjing_models";
import type { YunjingActions } from "../../generated/models/yunjing";
import { formatDateTime } from "../../platform/clock";
import type { Handlers } from "../../platform/definition";
import { getById, newestFirst, only, rec, type PrivilegeEventDoc, type ReverseShellDoc } from "./records";
import { isPortSpec, newRuleId, operator, privilegeRules, reverseShellRules, ruleHost } from "./rules-model";
import { key, type Ctx } from "./store";
import { ids, isIpv4, matchesKeyword, page, parseFilters, positiveId } from "./validate";

/** Local privilege escalation and reverse shell events, and their allowlist rules. */

const PRIVILEGE_KEYS: (keyof PrivilegeEscalationProcess)[] = [
  "Id",
  "Uuid",
  "Quuid",
  "Hostip",
  "ProcessName",
  "FullPath",
  "CmdLine",
  "UserName",
  "UserGroup",
  "ProcFilePrivilege",
  "ParentProcName",
  "ParentProcUser",
  "ParentProcGroup",
  "ParentProcPath",
  "ProcTree",
  "Status",
  "CreateTime",
  "MachineName",
];
const REVERSE_SHELL_KEYS: (keyof ReverseShell)[] = [
  "Id",
  "Uuid",
  "Quuid",
  "Hostip",
  "DstIp",
  "DstPort",
  "ProcessName",
  "FullPath",
  "CmdLine",
  "UserName",
  "UserGroup",
  "ParentProcName",
  "ParentProcUser",
  "ParentProcGroup",
  "ParentProcPath",
  "Status",
  "CreateTime",
  "MachineName",
  "ProcTree",
];

export const privilegeView = (d: PrivilegeEventDoc) => only<PrivilegeEscalationProcess>(d, PRIVILEGE_KEYS);
export const reverseShellView = (d: ReverseShellDoc) => only<ReverseShell>(d, REVERSE_SHELL_KEYS);

function globalFlag(ctx: Ctx, v: number | undefined): void {
  if (v !== undefined && v !== 0 && v !== 1) ctx.fail("InvalidParameter.InvalidFormat", `IsGlobal must be 0 or 1; got ${v}.`);
}

export const escalationHandlers: Handlers<"yunjing", YunjingActions> = {
  async DescribePrivilegeEvents(ctx, req) {
    const f = parseFilters(ctx, req.Filters, { Keywords: "string" });
    const list = newestFirst(await rec.privilegeEvents(ctx).all()).filter((e) => matchesKeyword(f.one("Keywords"), e.Hostip, e.MachineName, e.ProcessName));
    return { TotalCount: list.length, List: page(ctx, list, req).map(privilegeView) };
  },

  async DeletePrivilegeEvents(ctx, req) {
    for (const id of ids(ctx, req.Ids, 100)) await rec.privilegeEvents(ctx).delete(key(id));
    return {};
  },

  async DescribePrivilegeRules(ctx, req) {
    const f = parseFilters(ctx, req.Filters, { Keywords: "string" });
    const list = (await privilegeRules(ctx).all()).filter((r) => matchesKeyword(f.one("Keywords"), r.ProcessName));
    return { TotalCount: list.length, List: page(ctx, list, req) };
  },

  async EditPrivilegeRule(ctx, req) {
    globalFlag(ctx, req.IsGlobal);
    if (req.SMode !== undefined && req.SMode !== 0 && req.SMode !== 1) ctx.fail("InvalidParameter.InvalidFormat", `SMode must be 0 or 1; got ${req.SMode}.`);
    const host = req.IsGlobal === 1 ? null : await ruleHost(ctx, req, "InvalidParameter.RuleHostipErr");
    const col = privilegeRules(ctx);
    const now = formatDateTime(ctx.now());
    const old = req.Id === undefined ? undefined : await getById(col, positiveId(ctx, req.Id, "Id"));
    if (req.Id !== undefined && !old) return ctx.fail("ResourceNotFound", `The privilege rule ${req.Id} does not exist.`);
    const processName = req.ProcessName ?? old?.ProcessName ?? "";
    if (!processName) return ctx.fail("InvalidParameter.MissingParameter", "ProcessName is required for a new rule.");
    const fields = {
      ProcessName: processName,
      SMode: req.SMode ?? old?.SMode ?? 0,
      Uuid: host?.uuid ?? "",
      Hostip: host?.ip ?? "",
      IsGlobal: host ? 0 : 1,
      Operator: operator(ctx),
      ModifyTime: now,
    };
    const Id = old?.Id ?? (await newRuleId(ctx, "privilege"));
    await col.put(key(Id), { Id, Status: 0, CreateTime: now, ...old, ...fields });
    ctx.touch(String(Id));
    return {};
  },

  async DeletePrivilegeRules(ctx, req) {
    for (const id of ids(ctx, req.Ids, 100)) await privilegeRules(ctx).delete(key(id));
    return {};
  },

  async DescribeReverseShellEvents(ctx, req) {
    const f = parseFilters(ctx, req.Filters, { Keywords: "string" });
    const list = newestFirst(await rec.reverseShells(ctx).all()).filter((e) => matchesKeyword(f.one("Keywords"), e.Hostip, e.ProcessName, e.MachineName));
    return { TotalCount: list.length, List: page(ctx, list, req).map(reverseShellView) };
  },

  async DeleteReverseShellEvents(ctx, req) {
    for (const id of ids(ctx, req.Ids, 100)) await rec.reverseShells(ctx).delete(key(id));
    return {};
  },

  async DescribeReverseShellRules(ctx, req) {
    const f = parseFilters(ctx, req.Filters, { Keywords: "string" });
    const list = (await reverseShellRules(ctx).all()).filter((r) => matchesKeyword(f.one("Keywords"), r.ProcessName));
    return { TotalCount: list.length, List: page(ctx, list, req) };
  },

  async EditReverseShellRule(ctx, req) {
    globalFlag(ctx, req.IsGlobal);
    const col = reverseShellRules(ctx);
    const old = req.Id === undefined ? undefined : await getById(col, positiveId(ctx, req.Id, "Id"));
    if (req.Id !== undefined && !old) return ctx.fail("ResourceNotFound", `The reverse shell rule ${req.Id} does not exist.`);
    const processName = req.ProcessName ?? old?.ProcessName ?? "";
    const destIp = req.DestIp ?? old?.DestIp ?? "";
    const destPort = req.DestPort ?? old?.DestPort ?? "";
    if (!processName && !destIp && !destPort) {
      return ctx.fail("InvalidParameter.ReverShellKeyFieldAllEmpty", "ProcessName, DestIp and DestPort cannot all be empty.");
    }
    if (destIp && !isIpv4(destIp)) ctx.fail("InvalidParameter.IpNoValid", `DestIp \`${destIp}\` is not a valid IPv4 address.`);
    if (destPort && !isPortSpec(destPort)) ctx.fail("InvalidParameter.PortNoValid", `DestPort \`${destPort}\` is not a port (1-65535), a range (8000-8100) or a list of those.`);
    const host = req.IsGlobal === 1 ? null : await ruleHost(ctx, req, "InvalidParameter.IpNoValid");
    const now = formatDateTime(ctx.now());
    const Id = old?.Id ?? (await newRuleId(ctx, "reverse-shell"));
    await col.put(key(Id), {
      Id,
      Status: 0,
      CreateTime: now,
      ...old,
      ProcessName: processName,
      DestIp: destIp,
      DestPort: destPort,
      Uuid: host?.uuid ?? "",
      Hostip: host?.ip ?? "",
      IsGlobal: host ? 0 : 1,
      Operator: operator(ctx),
      ModifyTime: now,
    });
    ctx.touch(String(Id));
    return {};
  },

  async DeleteReverseShellRules(ctx, req) {
    for (const id of ids(ctx, req.Ids, 100)) await reverseShellRules(ctx).delete(key(id));
    return {};
  },
};
