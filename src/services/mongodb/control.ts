import type { App } from "../../app";
import { withControlContext } from "../../control/context";
import { check, ControlError, type ControlRequest, type ControlRoute, objectBody, ok } from "../../control/router";
import { DEFAULT_ACCOUNT } from "../../platform/accounts";
import type { ActionContext } from "../../platform/service";
import { mongodbDataRoutes, target } from "./control-data";
import { findInstance } from "./instance";
import { connections, parseApiTime, slowLogLine, slowLogs, type SlowLogEntry } from "./monitoring";
import { createProject, listProjects } from "./projects";

/** Seeding what the data plane would produce (slow queries, client connections) and the account's projects. */

/** `region` and `uin` from the body or the query string. */
function withInstance<T>(
  app: App,
  req: ControlRequest,
  b: Record<string, unknown>,
  fn: (ctx: ActionContext<"mongodb">, id: string) => Promise<T> | T,
): Promise<T> {
  const id = req.params.instanceId;
  return withControlContext(app, "mongodb", target(req, b), async (ctx) => {
    const found = await findInstance(ctx, id);
    if (!found || found.phase === "isolated" || found.phase === "deleted") {
      throw new ControlError(404, `instance ${id} does not exist in ${ctx.region} of account ${ctx.caller.uin}`);
    }
    return fn(ctx, id);
  });
}

function slowLogEntry(raw: unknown, now: number): SlowLogEntry {
  check(typeof raw === "object" && raw !== null && !Array.isArray(raw), "each slow log entry must be an object");
  const e = raw as Record<string, unknown>;
  check(typeof e.durationMs === "number" && Number.isInteger(e.durationMs) && e.durationMs >= 0, "durationMs must be a non-negative integer");
  let time = now;
  if (typeof e.time === "string") {
    time = parseApiTime(e.time);
    check(!Number.isNaN(time), "time must read yyyy-mm-dd hh:mm:ss (UTC+8) or be epoch seconds");
  } else if (typeof e.time === "number") {
    time = e.time * 1000;
  } else {
    check(e.time === undefined, "time must read yyyy-mm-dd hh:mm:ss (UTC+8) or be epoch seconds");
  }
  for (const k of ["ns", "command", "line"]) check(e[k] === undefined || typeof e[k] === "string", `${k} must be a string`);
  check(e.conn === undefined || (typeof e.conn === "number" && Number.isInteger(e.conn)), "conn must be an integer");
  const line =
    (e.line as string | undefined) ??
    slowLogLine({
      time,
      durationMs: e.durationMs as number,
      ns: (e.ns as string | undefined) ?? "test.users",
      command: (e.command as string | undefined) ?? `{ ${(e.op as string | undefined) ?? "find"}: "users", filter: { status: "active" } }`,
      conn: (e.conn as number | undefined) ?? 1000 + Math.floor(Math.random() * 9000),
    });
  check(e.op === undefined || typeof e.op === "string", "op must be a string");
  check(e.node === undefined || typeof e.node === "string", "node must be a string");
  const ns = (e.ns as string | undefined) ?? "test.users";
  const op = (e.op as string | undefined) ?? "find";
  return { time, durationMs: e.durationMs as number, line, ns, op, ...(e.node ? { node: e.node as string } : {}) };
}

const seededRoutes: readonly ControlRoute[] = [
  {
    method: "POST",
    path: "/mongodb/{instanceId}/slowlogs",
    description:
      'Seed the slow logs (DescribeSlowLog, DescribeSlowLogs, patterns, details): {"region","uin"?,"entries":[{"durationMs","time"? ("yyyy-mm-dd hh:mm:ss" or epoch s),"ns"?,"op"? (find),"node"?,"command"?,"conn"?,"line"?}]}.',
    handle: async (app, req) => {
      const b = objectBody(req);
      check(Array.isArray(b.entries) && b.entries.length > 0, "entries must be a non-empty array");
      return ok(
        await withInstance(app, req, b, async (ctx, id) => {
          const docs = slowLogs(ctx);
          for (const raw of b.entries as unknown[]) {
            const entry = slowLogEntry(raw, ctx.now());
            await docs.insert(`${id}/${(await docs.count()) + 1}`, entry, id);
          }
          return { instanceId: id, added: (b.entries as unknown[]).length, total: await docs.count(id) };
        }),
        201,
      );
    },
  },
  {
    method: "POST",
    path: "/mongodb/{instanceId}/connections",
    description: 'Set DescribeClientConnections\' answer: {"region","uin"?,"clients":[{"IP","Count"}]} (replaces the previous set).',
    handle: async (app, req) => {
      const b = objectBody(req);
      check(Array.isArray(b.clients), "clients must be an array of {IP, Count, InternalService?}");
      const clients = (b.clients as unknown[]).map((c) => {
        const o = c as Record<string, unknown>;
        check(typeof o === "object" && o !== null && typeof o.IP === "string" && /^[0-9a-fA-F.:]+$/.test(o.IP), "each client needs an IP address");
        check(typeof o.Count === "number" && Number.isInteger(o.Count) && o.Count > 0, "each client needs a positive integer Count");
        check(o.InternalService === undefined || typeof o.InternalService === "boolean", "InternalService must be a boolean");
        return { IP: o.IP as string, Count: o.Count as number, ...(o.InternalService === undefined ? {} : { InternalService: o.InternalService as boolean }) };
      });
      return ok(
        await withInstance(app, req, b, async (ctx, id) => {
          await connections(ctx).put(id, { clients });
          return { instanceId: id, clients: clients.length, totalCount: clients.reduce((s, c) => s + c.Count, 0) };
        }),
      );
    },
  },
  {
    method: "GET",
    path: "/mongodb/projects",
    description: "The account's projects (?uin=; default account): project 0 and those added here.",
    handle: async (app, req) =>
      ok({
        projects: await withControlContext(app, "mongodb", { uin: req.query.get("uin") ?? DEFAULT_ACCOUNT.uin, region: "ap-guangzhou" }, async (ctx) =>
          (await listProjects(ctx)).map((p) => ({ projectId: p.projectId, name: p.name })),
        ),
      }),
  },
  {
    method: "POST",
    path: "/mongodb/projects",
    description: 'Add a project ProjectId members may name: {"name","uin"?} → {"projectId","name"}.',
    handle: async (app, req) => {
      const b = objectBody(req);
      check(typeof b.name === "string" && b.name.length > 0 && b.name.length <= 64, "name must be 1 to 64 characters");
      check(b.uin === undefined || typeof b.uin === "string", "uin must be a string");
      const project = await withControlContext(app, "mongodb", { uin: (b.uin as string | undefined) ?? DEFAULT_ACCOUNT.uin, region: "ap-guangzhou" }, (ctx) =>
        createProject(ctx, b.name as string),
      );
      return ok({ projectId: project.projectId, name: project.name }, 201);
    },
  },
];

export const mongodbControlRoutes: readonly ControlRoute[] = [...seededRoutes, ...mongodbDataRoutes];
