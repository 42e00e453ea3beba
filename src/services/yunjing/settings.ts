import type { YunjingActions } from "../../generated/models/yunjing";
import { formatDateTime } from "../../platform/clock";
import type { Handlers } from "../../platform/definition";
import { allMachines, byQuuid, saveSettings, settings } from "./machine-model";
import { docs, key, nextId, type Ctx } from "./store";
import { oneOf, uuidFormat } from "./validate";

/** Alarm items and baseline strategies. */

const ALARMS = ["Offline", "Malware", "NonlocalLogin", "CrackSuccess"] as const;

/** Baseline strategies an account may have (FailedOperation.TooManyStrategy beyond; the real limit is not documented). */
export const MAX_BASELINE_STRATEGIES = 20;

interface BaselineStrategy {
  Id: number;
  StrategyName: string;
  ScanCycle: number;
  ScanAt: string;
  CategoryIds: number[];
  IsGlobal: number;
  MachineType: string;
  RegionCode: string;
  Quuids: string[];
  CreateTime: string;
}

const strategies = (ctx: Ctx) => docs<BaselineStrategy>(ctx, "baseline-strategy");

export const settingHandlers: Handlers<"yunjing", YunjingActions> = {
  async DescribeAlarmAttribute(ctx) {
    const a = (await settings(ctx)).alarms;
    return { Offline: a.Offline, Malware: a.Malware, NonlocalLogin: a.NonlocalLogin, CrackSuccess: a.CrackSuccess };
  },

  async ModifyAlarmAttribute(ctx, req) {
    // The API example writes the attribute in capitals (OFFLINE): names are matched without case.
    const attribute = ALARMS.find((a) => a.toLowerCase() === req.Attribute.toLowerCase());
    if (!attribute) return ctx.fail("InvalidParameter.InvalidFormat", `Attribute must be one of ${ALARMS.join(", ")}; got \`${req.Attribute}\`.`);
    const value = oneOf(ctx, req.Value, ["OPEN", "CLOSE"], "Value");
    const s = await settings(ctx);
    await saveSettings(ctx, { ...s, alarms: { ...s.alarms, [attribute]: value } });
    return {};
  },

  async CreateBaselineStrategy(ctx, req) {
    const name = req.StrategyName.trim();
    if (!name) return ctx.fail("InvalidParameter.MissingParameter", "StrategyName must not be empty.");
    if (!Number.isInteger(req.ScanCycle) || req.ScanCycle < 1 || req.ScanCycle > 365) {
      ctx.fail("InvalidParameter.IllegalRequest", `ScanCycle is a number of days between 1 and 365; got ${req.ScanCycle}.`);
    }
    const at = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(req.ScanAt.trim());
    if (!at) ctx.fail("InvalidParameter.ParsingError", `ScanAt \`${req.ScanAt}\` is not a time of day such as "22:00".`);
    if (!req.CategoryIds.length) ctx.fail("InvalidParameter.MissingParameter", "CategoryIds must name at least one baseline.");
    const categories = req.CategoryIds.map(Number);
    if (categories.some((c) => !Number.isInteger(c) || c <= 0)) ctx.fail("InvalidParameter.IllegalRequest", "CategoryIds must be positive integers.");
    if (req.IsGlobal !== 0 && req.IsGlobal !== 1) ctx.fail("InvalidParameter.InvalidFormat", `IsGlobal must be 0 or 1; got ${req.IsGlobal}.`);
    if (!["CVM", "BMS", "ECM"].includes(req.MachineType)) ctx.fail("InvalidParameter.InvalidFormat", `MachineType must be CVM, BMS or ECM; got \`${req.MachineType}\`.`);
    if (!req.RegionCode) ctx.fail("InvalidParameter.MissingParameter", "RegionCode must not be empty.");
    const quuids = req.Quuids ?? [];
    if (req.IsGlobal === 1) {
      if (!(await allMachines(ctx)).some((m) => m.pro)) ctx.fail("FailedOperation.NoProfessionHost", "Baseline checks run on Pro edition hosts, and the account has none.");
    } else {
      if (!quuids.length) ctx.fail("InvalidParameter.MissingParameter", "Quuids must name the hosts when IsGlobal is 0.");
      for (const q of quuids) {
        const m = await byQuuid(ctx, uuidFormat(ctx, q, "Quuids"));
        if (!m) return ctx.fail("ResourceNotFound", `The host ${q} does not exist.`);
        if (!m.pro) ctx.fail("FailedOperation.NoProfessionHost", `${m.name} (${q}) is not on the Pro edition: baseline checks need Pro.`);
      }
    }
    const all = await strategies(ctx).all();
    if (all.some((s) => s.StrategyName === name)) ctx.fail("InvalidParameter.IllegalRequest", `A baseline strategy named \`${name}\` already exists.`);
    if (all.length >= MAX_BASELINE_STRATEGIES) ctx.fail("FailedOperation.TooManyStrategy", `An account has at most ${MAX_BASELINE_STRATEGIES} baseline strategies.`);
    const Id = await nextId(ctx, "baseline-strategy");
    await strategies(ctx).insert(key(Id), {
      Id,
      StrategyName: name,
      ScanCycle: req.ScanCycle,
      ScanAt: req.ScanAt.trim(),
      CategoryIds: categories,
      IsGlobal: req.IsGlobal,
      MachineType: req.MachineType,
      RegionCode: req.RegionCode,
      Quuids: req.IsGlobal === 1 ? [] : quuids,
      CreateTime: formatDateTime(ctx.now()),
    });
    ctx.touch(String(Id));
    return {};
  },
};
