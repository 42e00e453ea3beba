import type { ChargePrepaid, ProVersionMachine } from "tencentcloud-sdk-nodejs/tencentcloud/services/yunjing/v20180228/yunjing_models";
import type { YunjingActions } from "../../generated/models/yunjing";
import type { ErrorCode } from "../../errors/catalog";
import type { Handlers } from "../../platform/definition";
import { isKnownRegion } from "../../platform/regions";
import { allMachines, byQuuid, endPro, openPostpaid, saveMachine, saveSettings, settings, type MachineDoc } from "./machine-model";
import { addMonths, dealId, PERIODS, prepaidPrice, RENEW_FLAGS, yesterdayCost } from "./pro-model";
import type { Ctx } from "./store";
import { oneOf, uuidFormat } from "./validate";

/** Hosts one OpenProVersion call may open (LimitExceeded.AreaQuota beyond). */
const HOSTS_PER_CALL = 100;

type Code = ErrorCode<"yunjing">;

function charge(ctx: Ctx, c: ChargePrepaid): { period: number; renewFlag: string } {
  if (!(PERIODS as readonly number[]).includes(c.Period)) {
    ctx.fail("InvalidParameter.InvalidFormat", `ChargePrepaid.Period must be one of ${PERIODS.join(", ")} (months); got ${c.Period}.`);
  }
  const renewFlag = c.RenewFlag === undefined ? "NOTIFY_AND_MANUAL_RENEW" : oneOf(ctx, c.RenewFlag, RENEW_FLAGS, "ChargePrepaid.RenewFlag");
  return { period: c.Period, renewFlag };
}

/** The hosts a request names, each in its region and type; `code` answers a host that cannot take Pro. */
async function hostsFor(ctx: Ctx, list: readonly ProVersionMachine[], code: Code): Promise<MachineDoc[]> {
  if (!list.length) ctx.fail("InvalidParameter.MissingParameter", "Machines must name at least one host.");
  if (list.length > HOSTS_PER_CALL) ctx.fail("LimitExceeded.AreaQuota", `At most ${HOSTS_PER_CALL} hosts per call; ${list.length} were given.`);
  const seen = new Set<string>();
  const hosts: MachineDoc[] = [];
  for (const [i, p] of list.entries()) {
    oneOf(ctx, p.MachineType, ["CVM", "BM"], `Machines.${i}.MachineType`);
    if (!isKnownRegion(p.MachineRegion)) ctx.fail("InvalidParameter.InvalidFormat", `Machines.${i}.MachineRegion \`${p.MachineRegion}\` is not a region.`);
    uuidFormat(ctx, p.Quuid, "Quuid");
    if (seen.has(p.Quuid)) ctx.fail("InvalidParameter.InvalidFormat", `The host ${p.Quuid} is named twice.`);
    seen.add(p.Quuid);
    hosts.push(await hostIn(ctx, p.Quuid, p.MachineRegion, p.MachineType, code));
  }
  return hosts;
}

async function hostIn(ctx: Ctx, quuid: string, region: string, type: string, code: Code): Promise<MachineDoc> {
  const m = await byQuuid(ctx, quuid);
  if (!m || m.region !== region || m.machineType !== type) {
    ctx.fail(code, { en: `The ${type} host ${quuid} does not exist in ${region}.`, zh: `地域 ${region} 中不存在 ${type} 主机 ${quuid}。` });
  }
  if (m.uninstalledAt !== null) {
    ctx.fail(code, { en: `The client of ${m.name} (${quuid}) is uninstalled: install it before opening Pro.`, zh: `主机 ${m.name}（${quuid}）的客户端已卸载。` });
  }
  return m;
}

function openPrepaid(m: MachineDoc, now: number, months: number, renewFlag: string): void {
  if (m.pro) endPro(m, now); // postpaid switches to prepaid
  m.pro = { payMode: "PREPAY", openedAt: now, deadline: addMonths(now, months), renewFlag };
  m.proPeriods.push({ from: now, to: null, payMode: "PREPAY" });
}

async function prepaidHost(ctx: Ctx, quuid: string): Promise<MachineDoc> {
  uuidFormat(ctx, quuid, "Quuid");
  const m = await byQuuid(ctx, quuid);
  if (!m) ctx.fail("ResourceNotFound", `The host (Quuid ${quuid}) does not exist.`);
  if (m.pro?.payMode !== "PREPAY") ctx.fail("ResourceNotFound", `The host ${quuid} has no prepaid Pro edition.`);
  return m;
}

async function short(ctx: Ctx, price: number): Promise<{ en: string; zh: string }> {
  const balance = (await ctx.account()).balance.toFixed(2);
  return {
    en: `The account balance (${balance} CNY) cannot pay ${price.toFixed(2)} CNY.`,
    zh: `交易失败：账户余额（${balance} 元）不足以支付 ${price.toFixed(2)} 元。`,
  };
}

export const proHandlers: Handlers<"yunjing", YunjingActions> = {
  async OpenProVersion(ctx, req) {
    const type = oneOf(ctx, req.MachineType, ["CVM", "BM"], "MachineType");
    if (!isKnownRegion(req.MachineRegion)) ctx.fail("InvalidParameter.InvalidFormat", `MachineRegion \`${req.MachineRegion}\` is not a region.`);
    const hosts = await hostsFor(
      ctx,
      req.Quuids.map((Quuid) => ({ Quuid, MachineRegion: req.MachineRegion, MachineType: type })),
      "FailedOperation.OpenProVersion",
    );
    for (const m of hosts) {
      if (m.pro) ctx.fail("FailedOperation.OpenProVersion", `The host ${m.name} (${m.quuid}) already has the Pro edition.`);
    }
    for (const m of hosts) {
      openPostpaid(m, ctx.now());
      await saveMachine(ctx, m);
      ctx.touch(m.quuid);
    }
    return {};
  },

  async InquiryPriceOpenProVersionPrepaid(ctx, req) {
    const { period } = charge(ctx, req.ChargePrepaid);
    const hosts = await hostsFor(ctx, req.Machines, "FailedOperation.InquiryPrice");
    for (const m of hosts) {
      if (m.pro?.payMode === "PREPAY") ctx.fail("FailedOperation.InquiryPrice", { en: `The host ${m.quuid} already has prepaid Pro: price a renewal instead.`, zh: `主机 ${m.quuid} 已开通包年包月专业版，询价失败。` });
    }
    return prepaidPrice(hosts.length, period);
  },

  async OpenProVersionPrepaid(ctx, req) {
    const { period, renewFlag } = charge(ctx, req.ChargePrepaid);
    const hosts = await hostsFor(ctx, req.Machines, "FailedOperation.TradeError");
    for (const m of hosts) {
      if (m.pro?.payMode === "PREPAY") ctx.fail("FailedOperation.TradeError", { en: `The host ${m.quuid} already has prepaid Pro: renew it instead.`, zh: `主机 ${m.quuid} 已开通包年包月专业版，请续费。` });
    }
    const price = prepaidPrice(hosts.length, period).DiscountPrice;
    if (!(await ctx.charge(price))) {
      ctx.fail("FailedOperation.TradeError", await short(ctx, price));
    }
    for (const m of hosts) {
      openPrepaid(m, ctx.now(), period, renewFlag);
      await saveMachine(ctx, m);
      ctx.touch(m.quuid);
    }
    return { DealIds: [dealId(ctx.now())] };
  },

  async CloseProVersion(ctx, req) {
    if (!req.Quuid) return ctx.fail("MissingParameter", { en: "The request is missing a required parameter `Quuid`.", zh: "缺少必填参数 `Quuid`。" });
    uuidFormat(ctx, req.Quuid, "Quuid");
    const m = await byQuuid(ctx, req.Quuid);
    if (!m) return ctx.fail("FailedOperation.CloseProVersion", { en: `The host ${req.Quuid} does not exist.`, zh: `主机 ${req.Quuid} 不存在，关闭专业版失败。` });
    if (!m.pro) return ctx.fail("FailedOperation.CloseProVersion", {
        en: `The host ${m.name} (${m.quuid}) does not have the Pro edition.`,
        zh: `主机 ${m.name}（${m.quuid}）未开通专业版，关闭专业版失败。`,
      });
    if (m.pro.payMode === "PREPAY") ctx.fail("FailedOperation.PrePayMode", {
        en: `The Pro edition of ${m.quuid} is prepaid: it cannot be closed before it expires.`,
        zh: `主机 ${m.quuid} 的专业版为包年包月，不能关闭。`,
      });
    endPro(m, ctx.now());
    await saveMachine(ctx, m);
    ctx.touch(m.quuid);
    return {};
  },

  async RenewProVersion(ctx, req) {
    const { period } = charge(ctx, req.ChargePrepaid);
    const m = await prepaidHost(ctx, req.Quuid);
    const price = prepaidPrice(1, period).DiscountPrice;
    if (!(await ctx.charge(price))) {
      ctx.fail("FailedOperation.TradeError", await short(ctx, price));
    }
    m.pro!.deadline = addMonths(m.pro!.deadline ?? ctx.now(), period);
    if (req.ChargePrepaid.RenewFlag !== undefined) m.pro!.renewFlag = req.ChargePrepaid.RenewFlag;
    await saveMachine(ctx, m);
    ctx.touch(m.quuid);
    return {};
  },

  async ModifyProVersionRenewFlag(ctx, req) {
    const flag = oneOf(ctx, req.RenewFlag, RENEW_FLAGS, "RenewFlag");
    const m = await prepaidHost(ctx, req.Quuid);
    m.pro!.renewFlag = flag;
    await saveMachine(ctx, m);
    ctx.touch(m.quuid);
    return {};
  },

  async ModifyAutoOpenProVersionConfig(ctx, req) {
    const status = oneOf(ctx, req.Status, ["OPEN", "CLOSE"], "Status");
    await saveSettings(ctx, { ...(await settings(ctx)), autoOpenProVersion: status === "OPEN" });
    return {};
  },

  async DescribeProVersionInfo(ctx) {
    return {
      PostPayCost: await yesterdayCost(ctx),
      IsAutoOpenProVersion: (await settings(ctx)).autoOpenProVersion,
      ProVersionNum: (await allMachines(ctx)).filter((m) => m.pro !== null).length,
    };
  },
};
