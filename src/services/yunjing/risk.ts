import { impactedStatus, malwareStatus, rec } from "./records";
import type { Ctx } from "./store";

/** What is still open on a host: the counters DescribeMachines shows and the overview totals. */
export interface HostRisk {
  vuls: number;
  baselines: number;
  malwares: number;
  cyberAttacks: number;
  invasions: number;
}

const empty = (): HostRisk => ({ vuls: 0, baselines: 0, malwares: 0, cyberAttacks: 0, invasions: 0 });

export async function riskByHost(ctx: Ctx): Promise<(uuid: string) => HostRisk> {
  const now = ctx.now();
  const byHost = new Map<string, HostRisk>();
  const of = (uuid: string) => {
    let r = byHost.get(uuid);
    if (!r) byHost.set(uuid, (r = empty()));
    return r;
  };
  const types = new Map((await rec.vuls(ctx).all()).map((v) => [v.VulId, v.VulType]));
  for (const h of await rec.impactedHosts(ctx).all()) {
    if (impactedStatus(h, now) !== "UN_OPERATED") continue;
    if (types.get(h.VulId) === "BASELINE") of(h.Uuid).baselines++;
    else of(h.Uuid).vuls++;
  }
  for (const m of await rec.malwares(ctx).all()) {
    if (malwareStatus(m, now) === "UN_OPERATED") {
      of(m.Uuid).malwares++;
      of(m.Uuid).invasions++;
    }
  }
  for (const a of await rec.attackLogs(ctx).all()) of(a.Uuid).cyberAttacks++;
  for (const l of await rec.nonlocalLogins(ctx).all()) if (l.Status === "NON_LOCAL_LOGIN") of(l.Uuid).invasions++;
  for (const b of await rec.bruteAttacks(ctx).all()) if (b.Status === "BRUTEATTACK_SUCCESS") of(b.Uuid).invasions++;
  for (const e of await rec.bashEvents(ctx).all()) if (e.Status !== 2) of(e.Uuid).invasions++;
  for (const e of await rec.privilegeEvents(ctx).all()) if (e.Status === 0) of(e.Uuid).invasions++;
  for (const e of await rec.reverseShells(ctx).all()) if (e.Status === 0) of(e.Uuid).invasions++;
  return (uuid) => byHost.get(uuid) ?? empty();
}

export function isAtRisk(r: HostRisk): boolean {
  return r.vuls + r.baselines + r.malwares + r.invasions > 0;
}
