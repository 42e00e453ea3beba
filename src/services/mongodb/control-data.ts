import type { App } from "../../app";
import { withControlContext } from "../../control/context";
import { check, ControlError, type ControlRequest, type ControlRoute, objectBody, ok } from "../../control/router";
import type { ActionContext } from "../../platform/service";
import { backups, namespaceDocs } from "./backups";
import { instanceCaPem } from "./certificate";
import { findInstance, withDefaults } from "./instance";
import { currentOps, mongodLogs, parseApiTime } from "./monitoring";
import { auditFiles, auditRecords } from "./v20190725/audit";
import { logTasks } from "./v20190725/downloads";

/**
 * Control routes for what 2019-07-25 says about the data plane (namespaces, running operations, run logs,
 * audit records), the flashback beta switch, and the files the download actions point at.
 */

/** The region (body or query, required) and optional uin of the instance a MongoDB control route names. */
export function target(req: ControlRequest, b: Record<string, unknown>): { region: string; uin?: string } {
  const region = b.region ?? req.query.get("region");
  check(typeof region === "string" && region !== "", "give the instance's region (body or query `region`)");
  const uin = b.uin ?? req.query.get("uin") ?? undefined;
  check(uin === undefined || typeof uin === "string", "uin must be a string");
  return { region, uin: uin as string | undefined };
}

function onInstance<T>(app: App, req: ControlRequest, b: Record<string, unknown>, fn: (ctx: ActionContext<"mongodb">, id: string) => Promise<T>): Promise<T> {
  const id = req.params.instanceId;
  return withControlContext(app, "mongodb", target(req, b), async (ctx) => {
    const found = await findInstance(ctx, id);
    if (!found || found.phase === "deleted") throw new ControlError(404, `instance ${id} does not exist in ${ctx.region} of account ${ctx.caller.uin}`);
    return fn(ctx, id);
  });
}

function timeOf(raw: unknown, now: number): number {
  if (raw === undefined) return now;
  if (typeof raw === "number") return raw * 1000;
  check(typeof raw === "string" && !Number.isNaN(parseApiTime(raw)), "time must read yyyy-mm-dd hh:mm:ss (UTC+8) or be epoch seconds");
  return parseApiTime(raw as string);
}

const str = (o: Record<string, unknown>, k: string, fallback: string): string => {
  check(o[k] === undefined || typeof o[k] === "string", `${k} must be a string`);
  return (o[k] as string | undefined) ?? fallback;
};
const int = (o: Record<string, unknown>, k: string, fallback: number): number => {
  check(o[k] === undefined || (typeof o[k] === "number" && Number.isInteger(o[k]) && (o[k] as number) >= 0), `${k} must be a non-negative integer`);
  return (o[k] as number | undefined) ?? fallback;
};
const objects = (v: unknown, what: string): Record<string, unknown>[] => {
  check(Array.isArray(v) && v.every((x) => typeof x === "object" && x !== null && !Array.isArray(x)), `${what} must be an array of objects`);
  return v as Record<string, unknown>[];
};

const file = (contentType: string, text: string) => ({ status: 200, body: null, raw: { contentType, data: Buffer.from(text) } });

export const mongodbDataRoutes: readonly ControlRoute[] = [
  {
    method: "POST",
    path: "/mongodb/{instanceId}/namespaces",
    description: 'Set the databases and collections (DescribeDBInstanceNamespace, backups, restores): {"region","uin"?,"databases":{"db":["coll",…]}}.',
    handle: async (app, req) => {
      const b = objectBody(req);
      const dbs = b.databases;
      check(typeof dbs === "object" && dbs !== null && !Array.isArray(dbs), "databases must be an object of db → [collections]");
      for (const [db, colls] of Object.entries(dbs as object)) {
        check(/^[^\s$/\\."*<>:|?]{1,64}$/.test(db), `\`${db}\` is not a database name`);
        check(Array.isArray(colls) && colls.every((c) => typeof c === "string" && c.length > 0 && c.length <= 120), `collections of ${db} must be names`);
      }
      return ok(await onInstance(app, req, b, async (ctx, id) => {
        await namespaceDocs(ctx).put(id, { databases: dbs as Record<string, string[]> }, id);
        return { instanceId: id, databases: Object.keys(dbs as object).length };
      }));
    },
  },
  {
    method: "POST",
    path: "/mongodb/{instanceId}/current-ops",
    description: 'Set the running operations (DescribeCurrentOp, KillOps): {"region","uin"?,"ops":[{"opId"?,"ns","op","query"?,"shard"? (0),"node"? ("node-primary"),"state"?,"msRunning"}]}.',
    handle: async (app, req) => {
      const b = objectBody(req);
      const ops = objects(b.ops, "ops");
      return ok(await onInstance(app, req, b, async (ctx, id) => {
        const docs = currentOps(ctx);
        for (const old of await docs.all(id)) await docs.delete(`${id}/${old.ReplicaSetName}/${old.NodeName}/${old.OpId}`);
        let n = 0;
        for (const o of ops) {
          const set = `${id}_${int(o, "shard", 0)}`;
          const node = `${set}-${str(o, "node", "node-primary")}`;
          const opId = int(o, "opId", 10000 + n++);
          const op = str(o, "op", "query");
          const entry = {
            OpId: opId,
            Ns: str(o, "ns", "test.users"),
            Query: str(o, "query", '{"find":"users"}'),
            Op: op,
            ReplicaSetName: set,
            NodeName: node,
            Operation: `{"opid":${opId},"op":"${op}"}`,
            State: str(o, "state", "primary"),
            MicrosecsRunning: int(o, "msRunning", 0),
            ExecNode: node,
          };
          await docs.put(`${id}/${set}/${node}/${opId}`, entry, id);
        }
        return { instanceId: id, ops: ops.length };
      }));
    },
  },
  {
    method: "POST",
    path: "/mongodb/{instanceId}/logs",
    description: 'Add run-log entries (DescribeMongodbLogs, CreateLogDownloadTask): {"region","uin"?,"entries":[{"time"?,"node"?,"component","level","id"?,"connection"?,"detail"}]}.',
    handle: async (app, req) => {
      const b = objectBody(req);
      const entries = objects(b.entries, "entries");
      return ok(await onInstance(app, req, b, async (ctx, id) => {
        const docs = mongodLogs(ctx);
        for (const e of entries) {
          const n = (await docs.count(id)) + 1;
          await docs.insert(`${id}/${n}`, {
            time: timeOf(e.time, ctx.now()),
            node: str(e, "node", `${id}_0-node-primary`),
            component: str(e, "component", "NETWORK"),
            level: str(e, "level", "WARNING"),
            id: str(e, "id", String(20000 + n)),
            connection: str(e, "connection", `conn${n}`),
            detail: str(e, "detail", ""),
          }, id);
        }
        return { instanceId: id, added: entries.length };
      }), 201);
    },
  },
  {
    method: "POST",
    path: "/mongodb/{instanceId}/audit-logs",
    description: 'Add audit records (DescribeAuditLogs, CreateAuditLogFile): {"region","uin"?,"entries":[{"time"?,"user","host","atype","param"?,"result"?,"roles"?,"execTime"?,"affectRows"?}]}.',
    handle: async (app, req) => {
      const b = objectBody(req);
      const entries = objects(b.entries, "entries");
      return ok(await onInstance(app, req, b, async (ctx, id) => {
        const docs = auditRecords(ctx);
        for (const e of entries) {
          const n = (await docs.count(id)) + 1;
          await docs.insert(`${id}/${n}`, {
            time: timeOf(e.time, ctx.now()),
            user: str(e, "user", "mongouser@admin"),
            host: str(e, "host", "10.0.0.1:50000"),
            atype: str(e, "atype", "authenticate"),
            param: str(e, "param", "{}"),
            result: int(e, "result", 0),
            roles: str(e, "roles", "root@admin"),
            execTime: int(e, "execTime", 0),
            affectRows: int(e, "affectRows", 0),
          }, id);
        }
        return { instanceId: id, added: entries.length };
      }), 201);
    },
  },
  {
    method: "POST",
    path: "/mongodb/{instanceId}/flashback",
    description: 'Open (or close) the flashback-by-key public beta for an instance: {"region","uin"?,"open":true}.',
    handle: async (app, req) => {
      const b = objectBody(req);
      check(typeof b.open === "boolean", "open must be true or false");
      return ok(await onInstance(app, req, b, async (ctx, id) => {
        await ctx.docs<{ open: boolean }>("flashback").put(id, { open: b.open as boolean }, id);
        return { instanceId: id, open: b.open };
      }));
    },
  },
  {
    method: "GET",
    path: "/mongodb/{instanceId}/backup-files/{backupName}/{replicaSetId}",
    description: "A finished backup download (?region=&uin=): the backup's manifest (the data plane is not emulated).",
    handle: async (app, req) =>
      onInstance(app, req, {}, async (ctx, id) => {
        const b = (await backups(ctx).all(id)).find((x) => x.name === req.params.backupName);
        if (!b) throw new ControlError(404, `no backup ${req.params.backupName} of ${id}`);
        const manifest = { instanceId: id, replicaSetId: req.params.replicaSetId, backupName: b.name, backupMethod: b.method, namespaces: b.namespaces, note: "tclocal emulates no data plane: this file lists the namespaces the backup holds" };
        return file("application/json", JSON.stringify(manifest, null, 1));
      }),
  },
  {
    method: "GET",
    path: "/mongodb/{instanceId}/ssl-ca.pem",
    description: "The instance's CA certificate while SSL is on (InstanceEnableSSL's CertUrl; ?region=&uin=), PEM.",
    handle: async (app, req) =>
      onInstance(app, req, {}, async (ctx, id) => {
        const inst = withDefaults((await findInstance(ctx, id))!.inst);
        if (!inst.ssl.enabled) throw new ControlError(404, `SSL is not enabled on ${id}`);
        return file("application/x-pem-file", instanceCaPem(id, inst.ssl.expiresAt - 365 * 86400_000, inst.ssl.expiresAt));
      }),
  },
  {
    method: "GET",
    path: "/mongodb/{instanceId}/log-files/{taskId}",
    description: "A finished log download task's file (?region=&uin=).",
    handle: async (app, req) =>
      onInstance(app, req, {}, async (ctx, id) => {
        const t = await logTasks(ctx).get(req.params.taskId);
        if (!t || t.instanceId !== id || ctx.now() < t.endsAt) throw new ControlError(404, `no finished download task ${req.params.taskId} of ${id}`);
        return file("text/plain; charset=utf-8", t.lines.join("\n") + "\n");
      }),
  },
  {
    method: "GET",
    path: "/mongodb/{instanceId}/audit-files/{fileName}",
    description: "A generated audit log file (?region=&uin=), CSV.",
    handle: async (app, req) =>
      onInstance(app, req, {}, async (ctx, id) => {
        const f = await auditFiles(ctx).get(`${id}/${req.params.fileName}`);
        if (!f || ctx.now() < f.readyAt) throw new ControlError(404, `no audit log file ${req.params.fileName} of ${id}`);
        return file("text/csv; charset=utf-8", f.lines.join("\n") + "\n");
      }),
  },
];
