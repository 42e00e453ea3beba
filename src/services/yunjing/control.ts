import type { App } from "../../app";
import { withControlContext } from "../../control/context";
import { check, ControlError, type ControlRequest, type ControlRoute, objectBody, ok } from "../../control/router";
import { isKnownRegion } from "../../platform/regions";
import { downloadExport } from "./export-model";
import { agentState, allMachines, machines, registerMachine, saveMachine, type MachineDoc } from "./machine-model";
import { rec } from "./records";
import { SEEDERS, timeOf, type Body } from "./seed";
import type { SeedResult } from "./seed-input";
import { HOME_REGION, key, type Ctx } from "./store";

/*
 * Control routes of Host Security: machines whose agents are not CVM instances, agents going offline, and
 * what agents detect. `?uin=` selects another account (default: the default account).
 */

function run<T>(app: App, req: ControlRequest, fn: (ctx: Ctx) => Promise<T> | T): Promise<T> {
  return withControlContext(app, "yunjing", { uin: req.query.get("uin") ?? undefined, region: HOME_REGION }, fn);
}

/** A machine by its agent Uuid, its Quuid or its instance id. */
async function findMachine(ctx: Ctx, ref: string): Promise<MachineDoc> {
  const m = (await machines(ctx).get(ref)) ?? (await allMachines(ctx)).find((x) => x.quuid === ref || x.instanceId === ref);
  if (!m || m.gone) throw new ControlError(404, `no machine ${ref} (give its agent Uuid, Quuid or instance id)`);
  return m;
}

export function machineView(m: MachineDoc) {
  return {
    uuid: m.uuid,
    quuid: m.quuid,
    instanceId: m.instanceId,
    source: m.source,
    machineType: m.machineType,
    name: m.name,
    os: m.os,
    ip: m.ip,
    wanIp: m.wanIp,
    region: m.region,
    status: agentState(m),
    isProVersion: m.pro !== null,
    payMode: m.pro?.payMode ?? null,
  };
}

function optString(b: Body, name: string): string | undefined {
  const v = b[name];
  check(v === undefined || (typeof v === "string" && v.length > 0), `${name} must be a non-empty string`);
  return v as string | undefined;
}

const seedRoutes: ControlRoute[] = Object.entries(SEEDERS).map(([kind, s]) => ({
  method: "POST" as const,
  path: `/yunjing/machines/{uuid}/${kind}`,
  description: `Host Security: seed ${s.what} on a machine (a JSON object, or an array of them).`,
  handle: (app, req) =>
    run(app, req, async (ctx) => {
      const m = await findMachine(ctx, req.params.uuid);
      check(m.uninstalledAt === null, `the agent of ${req.params.uuid} is uninstalled: it reports nothing`);
      const items = Array.isArray(req.body) ? (req.body as unknown[]) : [req.body ?? {}];
      const results: SeedResult[] = [];
      for (const item of items) {
        check(typeof item === "object" && item !== null && !Array.isArray(item), "each detection must be a JSON object");
        results.push(await s.seed(ctx, m, item as Body));
      }
      return ok(Array.isArray(req.body) ? { items: results } : results[0], 201);
    }),
}));

export const controlRoutes: ControlRoute[] = [
  {
    method: "POST",
    path: "/yunjing/machines",
    description:
      'Host Security: register a host whose agent is not a CVM instance {"name","os","ip","wanIp","region","machineType":"CVM"|"BM","quuid","instanceId","online"} (all optional).',
    handle: (app, req) =>
      run(app, req, async (ctx) => {
        const b = objectBody<Body>(req);
        const region = optString(b, "region");
        check(region === undefined || isKnownRegion(region), `unknown region ${region}`);
        check(b.machineType === undefined || b.machineType === "CVM" || b.machineType === "BM", 'machineType must be "CVM" or "BM"');
        check(b.online === undefined || typeof b.online === "boolean", "online must be a boolean");
        const m = await registerMachine(ctx, {
          name: optString(b, "name"),
          os: optString(b, "os"),
          ip: optString(b, "ip"),
          wanIp: optString(b, "wanIp"),
          region,
          machineType: b.machineType as "CVM" | "BM" | undefined,
          quuid: optString(b, "quuid"),
          instanceId: optString(b, "instanceId"),
          online: b.online as boolean | undefined,
        });
        return ok(machineView(m), 201);
      }),
  },
  {
    method: "GET",
    path: "/yunjing/machines",
    description: "Host Security: every machine with an agent (CVM instances and registered hosts), with agent status.",
    handle: (app, req) => run(app, req, async (ctx) => ok({ machines: (await allMachines(ctx)).map(machineView) })),
  },
  {
    method: "PATCH",
    path: "/yunjing/machines/{uuid}",
    description: 'Host Security: change an agent {"online": false|true} (offline agents fail tasks with FailedOperation.AgentOffline), or its "name", "ip", "wanIp", "os".',
    handle: (app, req) =>
      run(app, req, async (ctx) => {
        const m = await findMachine(ctx, req.params.uuid);
        const b = objectBody<Body>(req);
        check(b.online === undefined || typeof b.online === "boolean", "online must be a boolean");
        if (b.online !== undefined) m.online = b.online as boolean;
        for (const f of ["name", "ip", "wanIp", "os"] as const) {
          const v = optString(b, f);
          if (v !== undefined) {
            check(m.source === "registered", `${f} of a CVM host follows its instance`);
            m[f] = v;
          }
        }
        return ok(machineView(await saveMachine(ctx, m)));
      }),
  },
  ...seedRoutes,
  {
    method: "PATCH",
    path: "/yunjing/impacted-hosts/{id}",
    description: 'Host Security: the user fixed a vulnerable host {"patched": true, "time"?}: the next RescanImpactedHost finds it FIXED.',
    handle: (app, req) =>
      run(app, req, async (ctx) => {
        const b = objectBody<Body>(req);
        check(typeof b.patched === "boolean", "patched must be a boolean");
        const id = Number(req.params.id);
        const doc = await rec.impactedHosts(ctx).get(key(id));
        if (!doc) throw new ControlError(404, `no impacted host record ${req.params.id}`);
        doc.patchedAt = b.patched ? timeOf(b, "time", ctx.now()) : null;
        await rec.impactedHosts(ctx).update(key(id), doc);
        return ok({ Id: id, patched: b.patched });
      }),
  },
  {
    method: "GET",
    path: "/yunjing/exports/{file}",
    public: true,
    description: "Host Security: download an export file (the DownloadUrl an Export* action returns; unguessable, like a signed URL).",
    handle: (app, req) => downloadExport(app, req.params.file),
  },
];
