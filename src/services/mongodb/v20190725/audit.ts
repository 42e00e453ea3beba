import type { LogFilter } from "tencentcloud-sdk-nodejs/tencentcloud/services/mongodb/v20190725/mongodb_models";
import { formatDateTime } from "../../../platform/clock";
import { versionOf } from "../catalogue";
import { instances, phaseOf, settle, withDefaults } from "../instance";
import { parseApiTime } from "../monitoring";
import { active, bad, existing, type Ctx, type H } from "./common";

/**
 * Database audit: a per-instance service opened for a log retention, auditing everything or by rules. Audit
 * records are data-plane events, seeded through the control API (POST /_tclocal/mongodb/{id}/audit-logs);
 * DescribeAuditLogs filters them, CreateAuditLogFile writes a file (served by the control API) on the clock.
 */

const EXPIRE_DAYS = [7, 30, 90, 180, 365, 1095, 1825];
const RULE_TYPES = ["SrcIp", "DB", "Collection", "User", "SqlType"];
const SQL_TYPES = ["query", "insert", "update", "delete", "command"];
const OPEN_SECONDS = 30;
const FILE_SECONDS = 30;

export interface AuditConfig {
  logExpireDay: number;
  auditAll: boolean;
  rules: LogFilter[];
  openedAt: number;
  /** Opening or closing finishes then. */
  readyAt: number;
  closing: boolean;
}

export interface AuditRecord {
  time: number;
  user: string;
  host: string;
  atype: string;
  param: string;
  result: number;
  roles: string;
  execTime: number;
  affectRows: number;
}

export interface AuditFile {
  instanceId: string;
  fileName: string;
  createdAt: number;
  readyAt: number;
  lines: string[];
}

const configs = (ctx: Ctx) => ctx.docs<AuditConfig>("audit-config");
export const auditRecords = (ctx: Ctx) => ctx.docs<AuditRecord>("audit-record");
export const auditFiles = (ctx: Ctx) => ctx.docs<AuditFile>("audit-file");

/** The instance's audit configuration once opened (a closing that has ended removes it). */
async function configOf(ctx: Ctx, instanceId: string): Promise<AuditConfig | undefined> {
  const c = await configs(ctx).get(instanceId);
  if (c && c.closing && ctx.now() >= c.readyAt) return undefined;
  return c;
}

async function openConfig(ctx: Ctx, instanceId: string): Promise<AuditConfig> {
  const c = await configOf(ctx, instanceId);
  if (!c) ctx.fail("OperationDenied.ResourceNotFundError", { en: `Audit is not open on ${instanceId}.`, zh: `实例 ${instanceId} 未开通审计，资源未找到。` });
  return c;
}

function checkRules(ctx: Ctx, auditAll: boolean, rules: LogFilter[] | undefined): LogFilter[] {
  if (auditAll) return [];
  if (!rules?.length) ctx.fail("InvalidParameter.InvalidParameterError", { en: "Rule auditing (AuditAll false) needs RuleFilters.", zh: "规则审计需指定 RuleFilters。" });
  for (const r of rules) {
    if (!RULE_TYPES.includes(r.Type)) ctx.fail("InvalidParameter.InvalidParameterError", { en: `Rule type \`${r.Type}\` is not one of ${RULE_TYPES.join(", ")}.`, zh: `过滤条件 \`${r.Type}\` 无效。` });
    if (r.Compare !== "EQ") ctx.fail("InvalidParameter.InvalidParameterError", { en: "Compare is EQ.", zh: "Compare 只能等于 EQ。" });
    if (r.Type === "SqlType" && r.Value.some((v) => !SQL_TYPES.includes(v))) ctx.fail("InvalidParameter.InvalidParameterError", { en: `SqlType values are ${SQL_TYPES.join(", ")}.`, zh: "SqlType 取值错误。" });
  }
  return rules;
}

function supportsAudit(version: string): boolean {
  return (versionOf(version)?.value ?? 0) >= 5;
}

export const openAuditService: H<"OpenAuditService"> = async (ctx, req) => {
  const { inst, phase } = await active(ctx, req.InstanceId);
  if (phase !== "running" || !supportsAudit(inst.version)) {
    ctx.fail("OperationDenied.UnsupportOpenAuditError", { en: `Audit cannot be opened on ${inst.InstanceId} (MongoDB 4.0 or later, running).`, zh: "不支持开通审计。" });
  }
  if (await configOf(ctx, inst.InstanceId)) ctx.fail("OperationDenied.AuditPolicyExistError", { en: `Audit is already open on ${inst.InstanceId}.`, zh: "审计策略已存在。" });
  if (!EXPIRE_DAYS.includes(Number(req.LogExpireDay))) ctx.fail("InvalidParameter.ExceptionParam", { en: `LogExpireDay is one of ${EXPIRE_DAYS.join(", ")}.`, zh: "审计参数异常" });
  const auditAll = req.AuditAll ?? true;
  const rules = checkRules(ctx, auditAll, req.RuleFilters);
  await configs(ctx).put(inst.InstanceId, { logExpireDay: Number(req.LogExpireDay), auditAll, rules, openedAt: ctx.now(), readyAt: ctx.now() + OPEN_SECONDS * 1000, closing: false }, inst.InstanceId);
  return {};
};

export const closeAuditService: H<"CloseAuditService"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  const c = await openConfig(ctx, inst.InstanceId);
  if (c.closing || ctx.now() < c.readyAt) ctx.fail("OperationDenied.AuditTaskConflictError", { en: `An audit task of ${inst.InstanceId} is still running.`, zh: "审计任务冲突。" });
  await configs(ctx).put(inst.InstanceId, { ...c, closing: true, readyAt: ctx.now() + OPEN_SECONDS * 1000 }, inst.InstanceId);
  return {};
};

export const modifyAuditService: H<"ModifyAuditService"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  const c = await configOf(ctx, inst.InstanceId);
  if (!c || c.closing) return ctx.fail("FailedOperation.AuditConfigNotExist", { en: `Audit is not open on ${inst.InstanceId}.`, zh: "无审计配置信息。" });
  if (req.LogExpireDay !== undefined && !EXPIRE_DAYS.includes(Number(req.LogExpireDay))) ctx.fail("InvalidParameter.InvalidParameter", { en: `LogExpireDay is one of ${EXPIRE_DAYS.join(", ")}.`, zh: "无效参数值。" });
  const auditAll = req.AuditAll ?? c.auditAll;
  const rules = req.AuditAll === undefined && !req.RuleFilters ? c.rules : checkRules(ctx, auditAll, req.RuleFilters);
  await configs(ctx).put(inst.InstanceId, { ...c, logExpireDay: req.LogExpireDay === undefined ? c.logExpireDay : Number(req.LogExpireDay), auditAll, rules }, inst.InstanceId);
  return {};
};

export const describeAuditConfig: H<"DescribeAuditConfig"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  const c = await openConfig(ctx, inst.InstanceId);
  const busy = ctx.now() < c.readyAt;
  return {
    InstanceId: inst.InstanceId,
    InstanceName: inst.name,
    AuditAll: c.auditAll,
    CreateTime: formatDateTime(c.openedAt),
    LogExpireDay: c.logExpireDay,
    LogType: "storage",
    IsClosing: busy && c.closing ? "true" : "false",
    IsOpening: busy && !c.closing ? "true" : "false",
  };
};

export const describeAuditInstanceList: H<"DescribeAuditInstanceList"> = async (ctx, req) => {
  const sw = req.AuditSwitch === undefined ? undefined : Number(req.AuditSwitch);
  if (sw !== undefined && sw !== 0 && sw !== 1) ctx.fail("InvalidParameterValue", { en: "AuditSwitch is 0 or 1.", zh: "AuditSwitch 取值为 0 或 1。" });
  const mode = req.AuditMode === undefined ? undefined : Number(req.AuditMode);
  if (mode !== undefined && mode !== 0 && mode !== 1) ctx.fail("InvalidParameterValue", { en: "AuditMode is 0 or 1.", zh: "AuditMode 取值为 0 或 1。" });
  for (const f of req.Filters ?? []) if (!["InstanceId", "InstanceName", "ClusterId"].includes(f.Name)) ctx.fail("InvalidParameterValue", { en: `Filter \`${f.Name}\` is InstanceId, InstanceName or ClusterId.`, zh: "筛选字段错误。" });
  const now = ctx.now();
  const items = [];
  for (const stored of await instances(ctx).all()) {
    const inst = withDefaults(settle(stored, now));
    const phase = phaseOf(inst, now);
    if (phase === "deleted") continue;
    const c = await configOf(ctx, inst.InstanceId);
    if (sw === 1 && !c) continue;
    if (sw === 0 && c) continue;
    if (mode !== undefined && (!c || (mode === 0) !== c.auditAll)) continue;
    if (!(req.Filters ?? []).every((f) => f.Values.some((v) => (f.Name === "InstanceName" ? inst.name.includes(v) : inst.InstanceId === v)))) continue;
    const v = versionOf(inst.version);
    items.push({
      InstanceId: inst.InstanceId,
      AuditStatus: c ? "ON" : "OFF",
      AuditTask: c && now < c.readyAt ? (c.closing ? 2 : 1) : 0,
      LogExpireDay: c?.logExpireDay ?? 0,
      HighLogExpireDay: c ? 7 : 0,
      LowLogExpireDay: c ? Math.max(0, c.logExpireDay - 7) : 0,
      BillingAmount: 0,
      HighRealStorage: 0,
      LowRealStorage: 0,
      InstanceInfo: {
        AuditLogExpireDay: c?.logExpireDay ?? 0,
        AuditStatus: c ? "ON" : "OFF",
        InstanceId: inst.InstanceId,
        InstanceName: inst.name,
        InstanceRole: inst.instanceType === 3 ? "READONLY" : inst.instanceType === 4 ? "DR" : "MASTER",
        InstanceType: inst.clusterType === 1 ? "SHARD" : "REPLICATE",
        MongodbVersion: `${v?.short ?? ""} WT`,
        ProjectId: inst.projectId,
        Region: inst.region,
        Status: phase === "running" ? "running" : phase,
        SupportAudit: supportsAudit(inst.version),
        Zone: inst.zone,
        TagList: inst.tags,
      },
      PerformancesAnalyse: 0,
      AuditAll: c?.auditAll ?? false,
      CreateAt: c ? formatDateTime(c.openedAt) : "",
      RuleTemplateIds: [],
      Deliver: "OFF",
      DeliverSummary: [],
      OldRule: false,
      RealStorage: 0,
    });
  }
  const limit = Number(req.Limit ?? 20);
  const offset = Number(req.Offset ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) ctx.fail("InvalidParameterValue", { en: "Limit ranges from 1 to 100.", zh: "Limit 取值范围为[1,100]。" });
  return { TotalCount: items.length, Items: items.slice(offset, offset + limit) };
};

function window(ctx: Ctx, startText: string, endText: string): { start: number; end: number } {
  const start = parseApiTime(startText);
  const end = parseApiTime(endText);
  if (Number.isNaN(start) || Number.isNaN(end) || start > end) {
    ctx.fail("InvalidParameterValue.DataConvertError", { en: "StartTime and EndTime read yyyy-mm-dd hh:mm:ss, StartTime first.", zh: "数据转换失败：时间格式错误。" });
  }
  return { start, end };
}

async function matching(ctx: Ctx, instanceId: string, req: { StartTime: string; EndTime: string; Filter?: import("tencentcloud-sdk-nodejs/tencentcloud/services/mongodb/v20190725/mongodb_models").AuditLogFilter; Order?: string; OrderBy?: string }): Promise<AuditRecord[]> {
  const { start, end } = window(ctx, req.StartTime, req.EndTime);
  const order = (req.Order ?? "DESC").toUpperCase();
  if (order !== "ASC" && order !== "DESC") bad(ctx, "Order", req.Order, "Order is ASC or DESC.");
  const orderBy = req.OrderBy ?? "timestamp";
  if (!["timestamp", "affectRows", "execTime"].includes(orderBy)) bad(ctx, "OrderBy", orderBy, "OrderBy is timestamp, affectRows or execTime.");
  const f = req.Filter ?? {};
  const key = (r: AuditRecord) => (orderBy === "affectRows" ? r.affectRows : orderBy === "execTime" ? r.execTime : r.time);
  return (await auditRecords(ctx).all(instanceId))
    .filter(
      (r) =>
        r.time >= start &&
        r.time <= end &&
        (!f.Host?.length || f.Host.includes(r.host)) &&
        (!f.User?.length || f.User.includes(r.user)) &&
        (f.ExecTime === undefined || r.execTime > Number(f.ExecTime)) &&
        (f.AffectRows === undefined || r.affectRows > Number(f.AffectRows)) &&
        (!f.Atype?.length || f.Atype.includes(r.atype)) &&
        (!f.Result?.length || f.Result.includes(String(r.result))) &&
        (!f.Param?.length || f.Param.some((p) => r.param.includes(p))),
    )
    .sort((a, b) => (key(a) - key(b)) * (order === "ASC" ? 1 : -1));
}

const view = (r: AuditRecord) => ({ AffectRows: r.affectRows, Atype: r.atype, ExecTime: r.execTime, Host: r.host, Param: r.param, Result: r.result, Roles: r.roles, Timestamp: formatDateTime(r.time), User: r.user });

export const describeAuditLogs: H<"DescribeAuditLogs"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  await openConfig(ctx, inst.InstanceId);
  const rows = await matching(ctx, inst.InstanceId, req);
  const limit = Number(req.Limit ?? 100);
  const offset = Number(req.Offset ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) ctx.fail("InvalidParameter.InvalidParameterError", { en: "Limit ranges from 1 to 100.", zh: "Limit 取值范围为[1,100]。" });
  return { TotalCount: rows.length, Items: rows.slice(offset, offset + limit).map(view) };
};

export const createAuditLogFile: H<"CreateAuditLogFile"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  await openConfig(ctx, inst.InstanceId);
  const rows = await matching(ctx, inst.InstanceId, req);
  const fileName = `${inst.InstanceId}_audit_${formatDateTime(ctx.now()).replace(/[- :]/g, "")}.csv`;
  const header = "Timestamp,User,Host,Atype,Param,Result,Roles,ExecTime,AffectRows";
  const csv = (s: string | number) => `"${String(s).replace(/"/g, '""')}"`;
  const lines = [header, ...rows.map((r) => [formatDateTime(r.time), r.user, r.host, r.atype, r.param, r.result, r.roles, r.execTime, r.affectRows].map(csv).join(","))];
  await auditFiles(ctx).put(`${inst.InstanceId}/${fileName}`, { instanceId: inst.InstanceId, fileName, createdAt: ctx.now(), readyAt: ctx.now() + FILE_SECONDS * 1000, lines }, inst.InstanceId);
  return { FileName: fileName };
};

export const describeAuditLogFiles: H<"DescribeAuditLogFiles"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  await openConfig(ctx, inst.InstanceId);
  const limit = Number(req.Limit ?? 20);
  const offset = Number(req.Offset ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) ctx.fail("InvalidParameterValue.InvalidParameterValueError", { en: "Limit ranges from 1 to 100.", zh: "Limit 取值范围为[1,100]。" });
  const now = ctx.now();
  const rows = (await auditFiles(ctx).all(inst.InstanceId)).filter((f) => !req.FileName || f.fileName === req.FileName).sort((a, b) => b.createdAt - a.createdAt);
  return {
    TotalCount: rows.length,
    Items: rows.slice(offset, offset + limit).map((f) => {
      const ready = now >= f.readyAt;
      return {
        FileName: f.fileName,
        CreateTime: formatDateTime(f.createdAt),
        Status: ready ? "success" : "creating",
        FileSize: ready ? Math.ceil(Buffer.byteLength(f.lines.join("\n")) / 1024) : 0,
        DownloadUrl: ready ? `${ctx.origin}/_tclocal/mongodb/${inst.InstanceId}/audit-files/${encodeURIComponent(f.fileName)}?region=${ctx.region}` : "",
        ErrMsg: "",
        ProgressRate: ready ? 100 : Math.floor(((now - f.createdAt) / (f.readyAt - f.createdAt)) * 100),
      };
    }),
  };
};

export const deleteAuditLogFile: H<"DeleteAuditLogFile"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  await openConfig(ctx, inst.InstanceId);
  const key = `${inst.InstanceId}/${req.FileName}`;
  if (!(await auditFiles(ctx).get(key))) ctx.fail("OperationDenied.ResourceNotFundError", { en: `No audit log file ${req.FileName}.`, zh: `审计日志文件 ${req.FileName} 不存在。` });
  await auditFiles(ctx).delete(key);
  return {};
};
