import type { ParamType } from "tencentcloud-sdk-nodejs/tencentcloud/services/mongodb/v20190725/mongodb_models";
import { randomChars } from "../../../platform/ids";
import { uniqueId } from "../../../platform/service";
import { versionOf } from "../catalogue";
import { saveInstance } from "../instance";
import { allTemplates, findTemplate, PARAMS, paramDef, paramValueProblem, TEMPLATE_CLUSTERS, TEMPLATE_VERSIONS, templates, type ParamDef, type ParamTemplate } from "../parameters";
import { active, bad, existing, sideRequest, type Ctx, type H } from "./common";

/** Instance parameters and parameter templates. A parameter change applies at once (or is kept for later with DELAY). */

function views(values: Record<string, string>, only?: string) {
  const pick = (kind: ParamDef["kind"]) => PARAMS.filter((p) => p.kind === kind && (!only || p.name === only));
  const current = (p: ParamDef) => values[p.name] ?? p.default;
  const common = (p: ParamDef) => ({ CurrentValue: current(p), DefaultValue: p.default, NeedRestart: p.restart ? "1" : "0", ParamName: p.name, Tips: [p.tip], Status: 1 });
  return {
    enums: pick("enum").map((p) => ({ ...common(p), EnumValue: [...p.values!], ValueType: "enum" })),
    integers: pick("integer").map((p) => ({ ...common(p), Max: String(p.max), Min: String(p.min), ValueType: "integer", Unit: "" })),
    multis: pick("multi").map((p) => ({ ...common(p), EnumValue: [...p.values!], ValueType: "multi" })),
    count: PARAMS.filter((p) => !only || p.name === only).length,
  };
}

export const describeInstanceParams: H<"DescribeInstanceParams"> = async (ctx, req) => {
  const { inst } = await existing(ctx, req.InstanceId);
  const v = views(inst.params);
  return { InstanceEnumParam: v.enums, InstanceIntegerParam: v.integers, InstanceTextParam: [], InstanceMultiParam: v.multis, TotalCount: v.count };
};

function checkParams(ctx: Ctx, list: { Key: string; Value: string }[], code: "InvalidParameterValue.ModifyMongodbParams" | "InvalidParameter"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { Key, Value } of list) {
    const def = paramDef(Key);
    if (!def) ctx.fail(code === "InvalidParameter" ? "InvalidParameter" : "InvalidParameter.ModifyMongodbParams", { en: `\`${Key}\` is not a parameter you can change; see DescribeInstanceParams.`, zh: `参数名有误：${Key}。` });
    const problem = paramValueProblem(def, Value);
    if (problem) ctx.fail(code, { en: `The value \`${Value}\` of ${Key} is invalid: ${problem}`, zh: `参数值有误：${Key}=${Value}。` });
    out[Key] = Value;
  }
  return out;
}

export const modifyInstanceParams: H<"ModifyInstanceParams"> = async (ctx, req) => {
  const { inst, phase } = await active(ctx, req.InstanceId);
  if (phase !== "running") ctx.fail("FailedOperation.OperationNotAllowedInInstanceLocking", { en: `The instance ${inst.InstanceId} is locked by a running task.`, zh: "实例锁定中不允许操作。" });
  const mode = req.ModifyType ?? "IMMEDIATELY";
  if (mode !== "IMMEDIATELY" && mode !== "DELAY") bad(ctx, "ModifyType", mode, "ModifyType is IMMEDIATELY or DELAY.");
  if (!req.InstanceParams.length) ctx.fail("InvalidParameter.ModifyMongodbParams", { en: "InstanceParams is empty.", zh: "参数名有误。" });
  const changes = checkParams(ctx, req.InstanceParams, "InvalidParameterValue.ModifyMongodbParams");
  await saveInstance(ctx, { ...inst, params: { ...inst.params, ...changes } });
  const TaskId = await sideRequest(ctx, "params", inst.InstanceId, 10);
  return { Changed: true, TaskId };
};

function tplView(t: ParamTemplate) {
  return { TplName: t.name, TplId: t.id, MongoVersion: t.mongoVersion, ClusterType: t.clusterType, TplDesc: t.desc, TplType: t.type };
}

export const describeDBInstanceParamTpl: H<"DescribeDBInstanceParamTpl"> = async (ctx, req) => {
  if (req.TplType !== undefined && req.TplType !== "DEFAULT" && req.TplType !== "CUSTOMIZE") ctx.fail("InvalidParameter", { en: "TplType is DEFAULT or CUSTOMIZE.", zh: "TplType 取值为 DEFAULT 或 CUSTOMIZE。" });
  const rows = (await allTemplates(ctx)).filter(
    (t) =>
      (!req.TplIds?.length || req.TplIds.includes(t.id)) &&
      (!req.TplNames?.length || req.TplNames.includes(t.name)) &&
      (!req.MongoVersion?.length || req.MongoVersion.includes(t.mongoVersion)) &&
      (!req.TplType || t.type === req.TplType),
  );
  return { ParamTpls: rows.map(tplView), TotalCount: rows.length };
};

async function templateOr(ctx: Ctx, id: string): Promise<ParamTemplate> {
  const t = await findTemplate(ctx, id);
  if (!t) ctx.fail("InvalidParameter", { en: `The parameter template ${id} does not exist.`, zh: `参数模板 ${id} 不存在。` });
  return t;
}

export const describeDBInstanceParamTplDetail: H<"DescribeDBInstanceParamTplDetail"> = async (ctx, req) => {
  const t = await templateOr(ctx, req.TplId);
  if (req.ParamName && !paramDef(req.ParamName)) ctx.fail("InvalidParameter", { en: `\`${req.ParamName}\` is not a parameter.`, zh: `参数 ${req.ParamName} 不存在。` });
  const v = views(t.params, req.ParamName || undefined);
  return {
    InstanceEnumParams: v.enums,
    InstanceIntegerParams: v.integers,
    InstanceTextParams: [],
    InstanceMultiParams: v.multis,
    TotalCount: v.count,
    MongoVersion: t.mongoVersion,
    ClusterType: t.clusterType,
    TplName: t.name,
  };
};

const TPL_NAME = /^[\u4e00-\u9fa5A-Za-z0-9_-]{1,64}$/u;

export const createDBInstanceParamTpl: H<"CreateDBInstanceParamTpl"> = async (ctx, req) => {
  if (!TPL_NAME.test(req.TplName)) ctx.fail("InvalidParameter", { en: `The template name \`${req.TplName}\` is invalid: 1 to 64 Chinese characters, letters, digits, _ or -.`, zh: "参数模板名称不合法。" });
  const all = await allTemplates(ctx);
  if (all.some((t) => t.name === req.TplName)) ctx.fail("InvalidParameter", { en: `A template named ${req.TplName} exists.`, zh: `参数模板 ${req.TplName} 已存在。` });
  let base: Pick<ParamTemplate, "mongoVersion" | "clusterType" | "params">;
  if (req.MirrorTplId) {
    base = await templateOr(ctx, req.MirrorTplId);
  } else {
    if (!req.MongoVersion || !TEMPLATE_VERSIONS.includes(req.MongoVersion)) {
      ctx.fail(versionOf(req.MongoVersion ?? "") ? "UnsupportedOperation.VersionNotSupport" : "InvalidParameterValue.MongoVersionError", { en: `MongoVersion \`${req.MongoVersion ?? ""}\` has no parameter templates.`, zh: "实例版本错误。" });
    }
    if (!(TEMPLATE_CLUSTERS as readonly string[]).includes(req.ClusterType ?? "")) ctx.fail("InvalidParameterValue.ClusterTypeError", { en: "ClusterType is REPLSET, SHARD or STANDALONE.", zh: "无效的实例类型。" });
    base = { mongoVersion: req.MongoVersion!, clusterType: req.ClusterType as ParamTemplate["clusterType"], params: {} };
  }
  const params = { ...base.params, ...checkParams(ctx, req.Params ?? [], "InvalidParameter") };
  const id = await uniqueId(templates(ctx), () => `tpl-${randomChars(8)}`);
  await templates(ctx).insert(id, { id, name: req.TplName, desc: req.TplDesc ?? "", mongoVersion: base.mongoVersion, clusterType: base.clusterType, type: "CUSTOMIZE", params });
  return { TplId: id };
};

async function customTemplate(ctx: Ctx, id: string): Promise<ParamTemplate> {
  const t = await templateOr(ctx, id);
  if (t.type === "DEFAULT") ctx.fail("InvalidParameter", { en: `${id} is a system default template and cannot be changed.`, zh: "系统默认模板不可修改或删除。" });
  return t;
}

export const modifyDBInstanceParamTpl: H<"ModifyDBInstanceParamTpl"> = async (ctx, req) => {
  const t = await customTemplate(ctx, req.TplId);
  if (req.TplName !== undefined && req.TplName !== "" && !TPL_NAME.test(req.TplName)) ctx.fail("InvalidParameter", { en: `The template name \`${req.TplName}\` is invalid.`, zh: "参数模板名称不合法。" });
  if (req.TplName && req.TplName !== t.name && (await allTemplates(ctx)).some((x) => x.name === req.TplName)) ctx.fail("InvalidParameter", { en: `A template named ${req.TplName} exists.`, zh: `参数模板 ${req.TplName} 已存在。` });
  const params = { ...t.params, ...checkParams(ctx, (req.Params ?? []) as ParamType[], "InvalidParameter") };
  await templates(ctx).update(t.id, { ...t, name: req.TplName || t.name, desc: req.TplDesc || t.desc, params });
  return {};
};

export const dropDBInstanceParamTpl: H<"DropDBInstanceParamTpl"> = async (ctx, req) => {
  const t = await customTemplate(ctx, req.TplId);
  await templates(ctx).delete(t.id);
  return {};
};
