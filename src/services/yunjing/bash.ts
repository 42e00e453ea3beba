import type { BashEvent, BashRule } from "tencentcloud-sdk-nodejs/tencentcloud/services/yunjing/v20180228/yunjing_models";
import type { YunjingActions } from "../../generated/models/yunjing";
import { formatDateTime } from "../../platform/clock";
import type { Handlers } from "../../platform/definition";
import { getById, newestFirst, only, rec, type BashEventDoc } from "./records";
import { bashRules, ensureSystemBashRules, newRuleId, operator, ruleHost } from "./rules-model";
import { key } from "./store";
import { ids, matchesKeyword, oneOf, page, parseFilters, positiveId } from "./validate";

const EVENT_KEYS: (keyof BashEvent)[] = ["Id", "Uuid", "Quuid", "Hostip", "User", "Platform", "BashCmd", "RuleId", "RuleName", "RuleLevel", "Status", "CreateTime", "MachineName"];
const RULE_KEYS: (keyof BashRule)[] = ["Id", "Uuid", "Name", "Level", "Rule", "Decription", "Operator", "IsGlobal", "Status", "CreateTime", "ModifyTime", "Hostip"];

export const bashEventView = (d: BashEventDoc): BashEvent => only<BashEvent>(d, EVENT_KEYS);

export const bashHandlers: Handlers<"yunjing", YunjingActions> = {
  async DescribeBashEvents(ctx, req) {
    const f = parseFilters(ctx, req.Filters, { Keywords: "string" });
    const list = newestFirst(await rec.bashEvents(ctx).all()).filter((e) => matchesKeyword(f.one("Keywords"), e.Hostip, e.MachineName, e.BashCmd));
    return { TotalCount: list.length, List: page(ctx, list, req).map(bashEventView) };
  },

  async DeleteBashEvents(ctx, req) {
    for (const id of ids(ctx, req.Ids, 100)) await rec.bashEvents(ctx).delete(key(id));
    return {};
  },

  /** 0 pending, 1 confirmed high-risk, 2 normal. */
  async SetBashEventsStatus(ctx, req) {
    const list = ids(ctx, req.Ids, 100);
    if (![0, 1, 2].includes(req.Status)) ctx.fail("InvalidParameter.InvalidFormat", `Status must be 0 (pending), 1 (high risk) or 2 (normal); got ${req.Status}.`);
    const col = rec.bashEvents(ctx);
    const events: BashEventDoc[] = [];
    for (const id of list) events.push((await getById(col, id)) ?? ctx.fail("ResourceNotFound", `The bash event ${id} does not exist.`));
    for (const e of events) await col.update(key(e.Id), { ...e, Status: req.Status });
    return {};
  },

  async DescribeBashRules(ctx, req) {
    if (req.Type !== 0 && req.Type !== 1) ctx.fail("InvalidParameter.InvalidFormat", `Type must be 0 (system rules) or 1 (user rules); got ${req.Type}.`);
    await ensureSystemBashRules(ctx);
    const f = parseFilters(ctx, req.Filters, { Keywords: "string" });
    const list = (await bashRules(ctx).all()).filter((r) => r.system === (req.Type === 0) && matchesKeyword(f.one("Keywords"), r.Name));
    return { TotalCount: list.length, List: page(ctx, list, req).map((r) => only<BashRule>(r, RULE_KEYS)) };
  },

  async EditBashRule(ctx, req) {
    const name = req.Name.trim();
    if (!name) return ctx.fail("InvalidParameter.MissingParameter", "Name must not be empty.");
    oneOf(ctx, String(req.Level), ["1", "2", "3"], "Level");
    if (!req.Rule) return ctx.fail("InvalidParameter.MissingParameter", "Rule must not be empty.");
    try {
      new RegExp(req.Rule);
    } catch (e) {
      return ctx.fail("InvalidParameter.RegexRuleError", `Rule \`${req.Rule}\` is not a valid regular expression: ${(e as Error).message}.`);
    }
    if (req.IsGlobal !== undefined && req.IsGlobal !== 0 && req.IsGlobal !== 1) ctx.fail("InvalidParameter.InvalidFormat", `IsGlobal must be 0 or 1; got ${req.IsGlobal}.`);
    const host = req.IsGlobal === 1 ? null : await ruleHost(ctx, req, "InvalidParameter.IpNoValid");
    await ensureSystemBashRules(ctx);
    const col = bashRules(ctx);
    const now = formatDateTime(ctx.now());
    const fields = {
      Name: name,
      Level: req.Level,
      Rule: req.Rule,
      Uuid: host?.uuid ?? "",
      Hostip: host?.ip ?? "",
      IsGlobal: host ? 0 : 1,
      Operator: operator(ctx),
      ModifyTime: now,
    };
    if (req.Id !== undefined) {
      const id = positiveId(ctx, req.Id, "Id");
      const old = await getById(col, id);
      if (!old) return ctx.fail("ResourceNotFound", `The bash rule ${id} does not exist.`);
      if (old.system) return ctx.fail("InvalidParameter.IllegalRequest", `The bash rule ${id} is a system rule: it can only be switched on or off.`);
      await col.update(key(id), { ...old, ...fields });
      ctx.touch(String(id));
      return {};
    }
    const Id = await newRuleId(ctx, "bash");
    await col.insert(key(Id), { Id, ...fields, Decription: "", Status: 0, CreateTime: now, system: false });
    ctx.touch(String(Id));
    return {};
  },

  async SwitchBashRules(ctx, req) {
    const id = positiveId(ctx, req.Id, "Id");
    if (req.Disabled !== 0 && req.Disabled !== 1) ctx.fail("InvalidParameter.InvalidFormat", `Disabled must be 0 or 1; got ${req.Disabled}.`);
    await ensureSystemBashRules(ctx);
    const r = await getById(bashRules(ctx), id);
    if (!r) return ctx.fail("ResourceNotFound", `The bash rule ${id} does not exist.`);
    await bashRules(ctx).update(key(id), { ...r, Status: req.Disabled, ModifyTime: formatDateTime(ctx.now()) });
    return {};
  },

  async DeleteBashRules(ctx, req) {
    const list = ids(ctx, req.Ids, 100);
    await ensureSystemBashRules(ctx);
    const col = bashRules(ctx);
    for (const id of list) {
      if ((await getById(col, id))?.system) ctx.fail("InvalidParameter.IllegalRequest", `The bash rule ${id} is a system rule and cannot be deleted.`);
    }
    for (const id of list) await col.delete(key(id));
    return {};
  },
};
