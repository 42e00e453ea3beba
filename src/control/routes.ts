import type { App } from "../app";
import { errorCatalog, isErrorCode, type ProductName } from "../errors/catalog";
import { serviceCatalog, sdkVersion, versionsOf } from "../generated/catalog";
import { AccountNotFoundError, accounts } from "../platform/accounts";
import { policyProblem, type Policy } from "../platform/cam";
import { cosHealth } from "../cos-gateway/health";
import { tclocalVersion } from "../package-root";
import { check, ControlError, ok, type ControlRoute } from "./router";

const products = Object.keys(errorCatalog) as ProductName[];
const isProduct = (s: unknown): s is ProductName => typeof s === "string" && (products as string[]).includes(s);

function body(req: { body: unknown }): Record<string, unknown> {
  const b = req.body ?? {};
  check(typeof b === "object" && !Array.isArray(b), "the body must be a JSON object");
  return b as Record<string, unknown>;
}

function optionalPolicy(value: unknown): Policy | null {
  if (value === undefined || value === null) return null;
  const problem = policyProblem(value);
  check(!problem, problem ?? "");
  return value as Policy;
}

async function withAccount<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AccountNotFoundError) throw new ControlError(404, e.message);
    throw e;
  }
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
  {
    method: "GET",
    path: "/accounts",
    description: "Root accounts (Uin, AppId, balance).",
    handle: async (app) => ok({ accounts: await app.store.transaction((tx) => accounts.list(tx)) }),
  },
  {
    method: "POST",
    path: "/accounts",
    description: 'Create an isolated root account: {"balance"?} → {uin, appId, secretId, secretKey}.',
    handle: async (app, req) => {
      const { balance = 0 } = body(req);
      check(typeof balance === "number" && balance >= 0, "balance must be a non-negative number");
      const { account, key } = await app.store.transaction((tx) => accounts.create(tx, app.clock.now(), balance), { lockKey: "platform" });
      return ok({ uin: account.uin, appId: account.appId, balance: account.balance, secretId: key.secretId, secretKey: key.secretKey }, 201);
    },
  },
  {
    method: "PATCH",
    path: "/accounts/{uin}",
    description: 'Set an account\'s balance: {"balance"}.',
    handle: async (app, req) => {
      const { balance } = body(req);
      check(typeof balance === "number" && balance >= 0, "balance must be a non-negative number");
      return ok(await withAccount(() => app.store.transaction((tx) => accounts.setBalance(tx, req.params.uin, balance), { lockKey: req.params.uin })));
    },
  },
  {
    method: "POST",
    path: "/accounts/{uin}/keys",
    description: "Create another API key of the root account → {secretId, secretKey}.",
    handle: async (app, req) => {
      const key = await withAccount(() => app.store.transaction((tx) => accounts.createKey(tx, app.clock.now(), req.params.uin, null)));
      return ok({ secretId: key.secretId, secretKey: key.secretKey, uin: key.uin }, 201);
    },
  },
  {
    method: "PATCH",
    path: "/keys/{secretId}",
    description: 'Enable or disable an API key: {"enabled": false}.',
    handle: async (app, req) => {
      const { enabled } = body(req);
      check(typeof enabled === "boolean", "enabled must be a boolean");
      const key = await app.store.transaction((tx) => accounts.setKeyEnabled(tx, req.params.secretId, enabled));
      check(key, `no API key ${req.params.secretId}`, 404);
      return ok({ secretId: key.secretId, uin: key.uin, subUin: key.subUin, enabled: key.enabled });
    },
  },
  {
    method: "POST",
    path: "/accounts/{uin}/users",
    description: 'Create a sub-user with a CAM policy: {"name","policy","mfaProtectedActions"?} → {subUin, secretId, secretKey}.',
    handle: async (app, req) => {
      const b = body(req);
      check(typeof b.name === "string" && /^[\w+=,.@-]{1,64}$/.test(b.name), "name must be 1-64 characters of letters, digits and +=,.@-_");
      const policy = optionalPolicy(b.policy);
      const mfa = b.mfaProtectedActions ?? [];
      check(Array.isArray(mfa) && mfa.every((a) => typeof a === "string"), "mfaProtectedActions must be an array of strings");
      const { user, key } = await withAccount(() =>
        app.store.transaction((tx) =>
          accounts.createUser(tx, app.clock.now(), req.params.uin, { name: b.name as string, policy, mfaProtectedActions: mfa as string[] }),
        ),
      );
      return ok({ subUin: user.subUin, name: user.name, secretId: key.secretId, secretKey: key.secretKey }, 201);
    },
  },
  {
    method: "POST",
    path: "/accounts/{uin}/credentials",
    description: 'Issue temporary credentials: {"durationSeconds","policy"?,"mfa"?,"subUin"?} → {tmpSecretId, tmpSecretKey, token, expiredTime}.',
    handle: async (app, req) => {
      const b = body(req);
      const duration = b.durationSeconds ?? 1800;
      check(Number.isInteger(duration) && (duration as number) > 0 && (duration as number) <= 43_200, "durationSeconds must be 1..43200");
      check(b.mfa === undefined || typeof b.mfa === "boolean", "mfa must be a boolean");
      check(b.subUin === undefined || typeof b.subUin === "string", "subUin must be a string");
      const policy = optionalPolicy(b.policy);
      const cred = await withAccount(() =>
        app.store.transaction(async (tx) => {
          if (!(await accounts.get(tx, req.params.uin))) throw new AccountNotFoundError(`account ${req.params.uin} does not exist`);
          const subUin = (b.subUin as string | undefined) ?? null;
          if (subUin) {
            const user = await accounts.getUser(tx, subUin);
            check(user && user.uin === req.params.uin, `no sub-user ${subUin} in account ${req.params.uin}`, 404);
          }
          return accounts.issueCredential(tx, app.clock.now(), {
            uin: req.params.uin,
            subUin,
            durationSeconds: duration as number,
            policy,
            mfa: (b.mfa as boolean | undefined) ?? false,
          });
        }),
      );
      return ok(
        {
          tmpSecretId: cred.tmpSecretId,
          tmpSecretKey: cred.tmpSecretKey,
          token: cred.token,
          expiredTime: Math.floor(cred.expiresAt / 1000),
        },
        201,
      );
    },
  },
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
