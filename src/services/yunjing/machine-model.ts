import { randomUUID } from "node:crypto";
import { formatDateTime } from "../../platform/clock";
import { shortId } from "../../platform/ids";
import { regionInfo } from "../../platform/regions";
import { listInstances, type InstanceView } from "../cvm/for-products";
import type { RegionInfo } from "tencentcloud-sdk-nodejs/tencentcloud/services/yunjing/v20180228/yunjing_models";
import { docs, type Ctx } from "./store";

/** Free checks a Basic edition host gets (DescribeMachineInfo's FreeVulsLeft / FreeMalwaresLeft). */
export const FREE_CHECKS = 3;

export interface ProPeriod {
  from: number;
  /** null while the period lasts. */
  to: number | null;
  payMode: "POSTPAY" | "PREPAY";
}

export interface ProState {
  payMode: "POSTPAY" | "PREPAY";
  openedAt: number;
  /** Prepaid expiry (epoch ms); null for postpaid. */
  deadline: number | null;
  renewFlag: string;
}

/** A host protected by a Host Security agent: a CVM instance of the account, or a host registered by the control API. */
export interface MachineDoc {
  /** The agent's (client's) Uuid. */
  uuid: string;
  /** The host's Quuid: the CVM instance's UUID, or a BM instance id. */
  quuid: string;
  instanceId: string;
  source: "cvm" | "registered";
  machineType: "CVM" | "BM";
  name: string;
  os: string;
  ip: string;
  wanIp: string;
  region: string;
  installedAt: number;
  /** The agent's own connection (PATCH /_tclocal/yunjing/machines/{uuid} turns it off). */
  online: boolean;
  /** CVM hosts: the instance state when last seen (RUNNING, STOPPED, …). */
  instanceState: string | null;
  /** CVM hosts whose instance no longer exists. */
  gone: boolean;
  uninstalledAt: number | null;
  pro: ProState | null;
  proPeriods: ProPeriod[];
  freeVulsLeft: number;
  freeMalwaresLeft: number;
}

export type AgentState = "ONLINE" | "OFFLINE" | "UNINSTALLED";

export const machines = (ctx: Ctx) => docs<MachineDoc>(ctx, "machine");

export function agentState(m: MachineDoc): AgentState {
  if (m.uninstalledAt !== null) return "UNINSTALLED";
  if (!m.online) return "OFFLINE";
  if (m.source === "cvm" && m.instanceState !== "RUNNING") return "OFFLINE";
  return "ONLINE";
}

/** Listed by the API: a CVM host whose instance exists, or a registered host whose agent is installed. */
export function isListed(m: MachineDoc): boolean {
  return m.source === "cvm" ? !m.gone : m.uninstalledAt === null;
}

export async function allMachines(ctx: Ctx): Promise<MachineDoc[]> {
  return (await machines(ctx).all()).filter(isListed);
}

/** The machine of an agent Uuid, installed or not (uninstalled CVM hosts keep their record). */
export async function byUuid(ctx: Ctx, uuid: string): Promise<MachineDoc | undefined> {
  const m = await machines(ctx).get(uuid);
  return m && !m.gone ? m : undefined;
}

export async function byQuuid(ctx: Ctx, quuid: string): Promise<MachineDoc | undefined> {
  return (await allMachines(ctx)).find((m) => m.quuid === quuid);
}

export async function byIp(ctx: Ctx, ip: string): Promise<MachineDoc | undefined> {
  return (await allMachines(ctx)).find((m) => m.ip === ip && m.uninstalledAt === null);
}

/** The machine named by a Uuid member; ResourceNotFound when there is none. */
export async function requireMachine(ctx: Ctx, uuid: string, member = "Uuid"): Promise<MachineDoc> {
  const m = await byUuid(ctx, uuid);
  if (!m) ctx.fail("ResourceNotFound", { en: `The client (${member} ${uuid}) does not exist.`, zh: `客户端（${member} ${uuid}）不存在。` });
  return m;
}

/** Tasks the agent runs (real-time processes, ports, vulnerability rescans) need it online. */
export function requireOnline(ctx: Ctx, m: MachineDoc): void {
  const state = agentState(m);
  if (state !== "ONLINE") {
    const stopped = m.source === "cvm" && m.instanceState !== "RUNNING";
    ctx.fail(
      "FailedOperation.AgentOffline",
      state === "UNINSTALLED"
        ? { en: `The client of ${m.name} (${m.uuid}) has been uninstalled.`, zh: `主机 ${m.name}（${m.uuid}）的客户端已卸载。` }
        : {
            en: `The client of ${m.name} (${m.uuid}) is offline${stopped ? ` (instance ${m.instanceId} is ${m.instanceState})` : ""}.`,
            zh: `主机 ${m.name}（${m.uuid}）的客户端已离线${stopped ? `（实例 ${m.instanceId} 状态为 ${m.instanceState}）` : ""}。`,
          },
    );
  }
}

export function saveMachine(ctx: Ctx, m: MachineDoc): Promise<MachineDoc> {
  return machines(ctx).update(m.uuid, m);
}

interface Settings {
  autoOpenProVersion: boolean;
  alarms: Record<string, string>;
}

export async function settings(ctx: Ctx): Promise<Settings> {
  return (
    (await docs<Settings>(ctx, "settings").get("account")) ?? {
      autoOpenProVersion: false,
      alarms: { Offline: "CLOSE", Malware: "OPEN", NonlocalLogin: "OPEN", CrackSuccess: "OPEN" },
    }
  );
}

export async function saveSettings(ctx: Ctx, s: Settings): Promise<void> {
  await docs<Settings>(ctx, "settings").put("account", s);
}

/** Opens postpaid Pro on a machine (OpenProVersion, or automatically for new hosts). */
export function openPostpaid(m: MachineDoc, now: number): void {
  m.pro = { payMode: "POSTPAY", openedAt: now, deadline: null, renewFlag: "NOTIFY_AND_MANUAL_RENEW" };
  m.proPeriods.push({ from: now, to: null, payMode: "POSTPAY" });
}

export function endPro(m: MachineDoc, at: number): void {
  m.pro = null;
  const open = m.proPeriods.find((p) => p.to === null);
  if (open) open.to = at;
}

export interface NewMachine {
  name?: string;
  os?: string;
  ip?: string;
  wanIp?: string;
  region?: string;
  machineType?: "CVM" | "BM";
  quuid?: string;
  instanceId?: string;
  online?: boolean;
}

/** What a newly installed agent starts with: installed, basic edition, the free checks unused. */
function newAgent(): Pick<MachineDoc, "gone" | "uninstalledAt" | "pro" | "proPeriods" | "freeVulsLeft" | "freeMalwaresLeft"> {
  return { gone: false, uninstalledAt: null, pro: null, proPeriods: [], freeVulsLeft: FREE_CHECKS, freeMalwaresLeft: FREE_CHECKS };
}

/** A host whose agent reports in without being a CVM instance of the account (the control API registers it). */
export async function registerMachine(ctx: Ctx, input: NewMachine): Promise<MachineDoc> {
  const type = input.machineType ?? "CVM";
  const instanceId = input.instanceId ?? shortId(type === "BM" ? "cpm" : "ins");
  const n = (await machines(ctx).count()) + 1;
  const m: MachineDoc = {
    uuid: randomUUID(),
    quuid: input.quuid ?? (type === "BM" ? instanceId : randomUUID()),
    instanceId,
    source: "registered",
    machineType: type,
    name: input.name ?? `host-${n}`,
    os: input.os ?? "CentOS 7.6 64bit",
    ip: input.ip ?? `10.0.${Math.floor(n / 250)}.${(n % 250) + 2}`,
    wanIp: input.wanIp ?? `119.29.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`,
    region: input.region ?? "ap-guangzhou",
    installedAt: ctx.now(),
    online: input.online ?? true,
    instanceState: null,
    ...newAgent(),
  };
  if ((await settings(ctx)).autoOpenProVersion) openPostpaid(m, m.installedAt);
  return machines(ctx).insert(m.uuid, m);
}

/** Every CVM instance of the account runs an agent: its machine appears the first time the instance is seen. */
export async function syncCvmMachines(ctx: Ctx): Promise<void> {
  const instances = await listInstances(ctx, { allRegions: true });
  const col = machines(ctx);
  const known = new Map((await col.all()).filter((m) => m.source === "cvm").map((m) => [m.quuid, m]));
  const seen = new Set<string>();
  let auto: boolean | undefined;
  for (const inst of instances) {
    seen.add(inst.Uuid);
    const m = known.get(inst.Uuid);
    if (!m) {
      if (inst.InstanceState === "LAUNCH_FAILED") continue;
      const doc = fromInstance(inst, ctx.now());
      if ((auto ??= (await settings(ctx)).autoOpenProVersion)) openPostpaid(doc, doc.installedAt);
      await col.insert(doc.uuid, doc);
      continue;
    }
    const fresh = { name: inst.InstanceName, os: inst.OsName, ip: inst.PrivateIpAddresses[0] ?? "", wanIp: inst.PublicIpAddresses[0] ?? "" };
    if (
      m.gone ||
      m.instanceState !== inst.InstanceState ||
      m.name !== fresh.name ||
      m.os !== fresh.os ||
      m.ip !== fresh.ip ||
      m.wanIp !== fresh.wanIp
    ) {
      await col.update(m.uuid, { ...m, ...fresh, instanceState: inst.InstanceState, gone: false });
    }
  }
  for (const m of known.values()) {
    if (!seen.has(m.quuid) && !m.gone) {
      if (m.pro) endPro(m, ctx.now());
      await col.update(m.uuid, { ...m, gone: true });
    }
  }
}

function fromInstance(inst: InstanceView, now: number): MachineDoc {
  return {
    uuid: randomUUID(),
    quuid: inst.Uuid,
    instanceId: inst.InstanceId,
    source: "cvm",
    machineType: "CVM",
    name: inst.InstanceName,
    os: inst.OsName,
    ip: inst.PrivateIpAddresses[0] ?? "",
    wanIp: inst.PublicIpAddresses[0] ?? "",
    region: inst.Region,
    // The agent comes with the image: it reports from the instance's creation.
    installedAt: Math.min(inst.CreatedAt, now),
    online: true,
    instanceState: inst.InstanceState,
    ...newAgent(),
  };
}

/** Tencent Cloud's numeric region ids and short codes (RegionInfo.RegionId / RegionCode). */
const REGION_CODES: Readonly<Record<string, [number, string]>> = {
  "ap-guangzhou": [1, "gz"],
  "ap-shanghai": [4, "sh"],
  "ap-hongkong": [5, "hk"],
  "na-toronto": [6, "ca"],
  "ap-shanghai-fsi": [7, "shjr"],
  "ap-beijing": [8, "bj"],
  "ap-singapore": [9, "sg"],
  "ap-shenzhen-fsi": [11, "szjr"],
  "na-siliconvalley": [15, "usw"],
  "ap-chengdu": [16, "cd"],
  "eu-frankfurt": [17, "de"],
  "ap-seoul": [18, "kr"],
  "ap-chongqing": [19, "cq"],
  "ap-mumbai": [21, "in"],
  "na-ashburn": [22, "use"],
  "ap-bangkok": [23, "th"],
  "eu-moscow": [24, "ru"],
  "ap-tokyo": [25, "jp"],
  "ap-nanjing": [33, "nj"],
  "ap-taipei": [39, "tpe"],
  "ap-beijing-fsi": [46, "bjjr"],
  "ap-jakarta": [72, "jkt"],
  "sa-saopaulo": [74, "sao"],
};

export function regionInfoOf(region: string): RegionInfo {
  const [id, code] = REGION_CODES[region] ?? [0, region];
  return { Region: region, RegionName: regionInfo(region)?.zh ?? region, RegionId: id, RegionCode: code };
}

export function proOpenDate(m: MachineDoc): string {
  return m.pro ? formatDateTime(m.pro.openedAt) : "";
}
