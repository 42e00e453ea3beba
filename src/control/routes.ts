import type { App } from "../app";
import { errorCatalog, isErrorCode, type ProductName } from "../errors/catalog";
import { serviceCatalog, sdkVersion, versionsOf } from "../generated/catalog";
import { cosHealth } from "../cos-gateway/health";
import { tclocalVersion } from "../package-root";
import { identityRoutes } from "./identity-routes";
import { check, ControlError, ok, type ControlRoute } from "./router";

const products = Object.keys(errorCatalog) as ProductName[];
const isProduct = (s: unknown): s is ProductName => typeof s === "string" && (products as string[]).includes(s);

function body(req: { body: unknown }): Record<string, unknown> {
  const b = req.body ?? {};
  check(typeof b === "object" && !Array.isArray(b), "the body must be a JSON object");
  return b as Record<string, unknown>;
}

/** The platform's control routes; products add their own under /_tclocal/<product>/. */
export const controlRoutes: ControlRoute[] = [
  {
    method: "GET",
    path: "",
    description: "This list of control routes.",
    handle: (app) =>
      ok({ routes: app.control.routes.map((r) => ({ method: r.method, path: `/_tclocal${r.path}`, description: r.description })) }),
  },
  {
    method: "GET",
    path: "/health",
    public: true,
    description: "Liveness: status, version, products, uptime.",
    handle: (app) =>
      ok({
        status: "ok",
        version: tclocalVersion(),
        ready: app.initStatus.ready,
        ...(app.initStatus.initErrors.length ? { initErrors: app.initStatus.initErrors } : {}),
        sdk: `tencentcloud-sdk-nodejs@${sdkVersion}`,
        products: Object.fromEntries(Object.entries(serviceCatalog).map(([s, c]) => [s, c.version])),
        persistence: app.config.databaseUrl
          ? { database: app.store.location }
          : app.config.dataDir
            ? { dataDir: app.config.dataDir }
            : { inMemory: true },
        store: { kind: app.store.kind, schemaVersion: app.store.schemaVersion },
        blobs: { kind: app.blobs.kind },
        cos: cosHealth(app),
        replicaId: app.replicaId,
        pid: process.pid,
        workers: app.config.workers ?? 1,
        uptimeSeconds: Math.round((Date.now() - app.startedAt) / 1000),
      }),
  },
  {
    method: "POST",
    path: "/reset",
    description: 'Wipe all state (or one product\'s with {"service":"kms"}), keeping the default account.',
    handle: async (app, req) => {
      const { service } = body(req);
      check(service === undefined || isProduct(service), `service must be one of ${products.join(", ")}`);
      await app.reset(service as ProductName | undefined);
      return ok({ reset: service ?? "all" });
    },
  },
  {
    method: "GET",
    path: "/clock",
    description: "The emulator clock: {now (epoch s), offsetSeconds}.",
    handle: (app) => ok(clockView(app)),
  },
  {
    method: "POST",
    path: "/clock",
    description: 'Move the emulator clock: {"advanceSeconds": n} or {"set": <epoch s>}.',
    handle: async (app, req) => {
      const b = body(req);
      if (b.advanceSeconds !== undefined) {
        check(typeof b.advanceSeconds === "number" && Number.isFinite(b.advanceSeconds), "advanceSeconds must be a number");
        await app.clock.advance(b.advanceSeconds);
      } else if (b.set !== undefined) {
        check(typeof b.set === "number" && Number.isFinite(b.set) && b.set > 0, "set must be epoch seconds");
        await app.clock.set(b.set);
      } else {
        throw new ControlError(400, "give advanceSeconds or set");
      }
      return ok(clockView(app));
    },
  },
  {
    method: "POST",
    path: "/faults",
    description: 'Inject a documented error: {"service","action","region"?,"code","message"?,"probability"?,"count"?,"delayMs"?}.',
    handle: async (app, req) => {
      const b = body(req);
      check(isProduct(b.service), `service must be one of ${products.join(", ")}`);
      const service = b.service as ProductName;
      check(
        b.action === "*" || (typeof b.action === "string" && Object.values(versionsOf(service)).some((actions) => actions.includes(b.action as string))),
        `action must be "*" or an action of ${service} ${Object.keys(versionsOf(service)).join(" or ")}`,
      );
      check(typeof b.code === "string" && isErrorCode(service, b.code), `code must be one of ${service}'s documented error codes`);
      check(b.region === undefined || typeof b.region === "string", "region must be a string");
      check(b.message === undefined || typeof b.message === "string", "message must be a string");
      const probability = b.probability ?? 1;
      check(typeof probability === "number" && probability >= 0 && probability <= 1, "probability must be between 0 and 1");
      check(b.count === undefined || (Number.isInteger(b.count) && (b.count as number) > 0), "count must be a positive integer");
      const delayMs = b.delayMs ?? 0;
      check(typeof delayMs === "number" && delayMs >= 0 && delayMs <= 60_000, "delayMs must be between 0 and 60000");
      const rule = await app.faults.add({
        service,
        action: b.action as string,
        region: (b.region as string | undefined) ?? null,
        code: b.code as string,
        message: (b.message as string | undefined) ?? null,
        probability,
        count: (b.count as number | undefined) ?? null,
        delayMs,
      });
      return ok(rule, 201);
    },
  },
  {
    method: "GET",
    path: "/faults",
    description: "The fault rules, with how often each fired.",
    handle: async (app) => ok({ faults: await app.faults.list() }),
  },
  {
    method: "DELETE",
    path: "/faults/{id}",
    description: "Remove a fault rule.",
    handle: async (app, req) => {
      check(await app.faults.remove(req.params.id), `no fault rule ${req.params.id}`, 404);
      return ok({ deleted: req.params.id });
    },
  },
  ...identityRoutes,
  {
    method: "GET",
    path: "/requests",
    description: "The audit trail, newest first: ?limit=&service=&action=&code=(OK|<code>)&account=.",
    handle: async (app, req) => {
      const q = req.query;
      const limit = Number(q.get("limit") ?? 100);
      check(Number.isInteger(limit) && limit > 0 && limit <= 10_000, "limit must be 1..10000");
      const code = q.get("code") ?? undefined;
      const rows = await app.audit.query({
        limit,
        service: q.get("service") ?? undefined,
        action: q.get("action") ?? undefined,
        account: q.get("account") ?? undefined,
        code: code === "OK" ? "ok" : code,
      });
      return ok({ requests: rows });
    },
  },
];

function clockView(app: App) {
  return { now: Math.floor(app.clock.now() / 1000), offsetSeconds: app.clock.offsetSeconds };
}
