import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { App } from "../app";
import { errorCatalog, type ProductName } from "../errors/catalog";
import { serviceCatalog } from "../generated/catalog";
import { DEFAULT_ACCOUNT, PLATFORM, type ApiKey, type SubUser, type TemporaryCredential } from "../platform/accounts";
import { REGIONS } from "../platform/regions";
import type { ResourceKind } from "../platform/resource-kind";
import type { ActionContext } from "../platform/service";
import { resourceKinds, type ResourceService } from "../services/resource-kinds";
import { withControlContext } from "./context";
import { check, ControlError, ok, type ControlRequest, type ControlRoute } from "./router";

const MAX_PAGE = 500;

/** tclocal's own version: package.json above this file (dist/src/control or, bundled, dist/). */
const tclocalVersion = (() => {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (pkg.name === "tclocal") return pkg.version ?? "unknown";
  }
  return "unknown";
})();

function kindOf(service: string, kind: string): { service: ResourceService; def: ResourceKind } {
  const kinds = resourceKinds[service as ResourceService];
  check(kinds, `no product ${service} with resources (products: ${Object.keys(resourceKinds).join(", ")})`, 404);
  const def = kinds.find((k) => k.kind === kind);
  check(def, `${service} has no resource kind ${kind} (kinds: ${kinds.map((k) => k.kind).join(", ")})`, 404);
  return { service: service as ResourceService, def };
}

/**
 * The context a product's kinds are read in. COS is not an API 3.0 product and has no ActionContext of its own: its
 * kinds read only the context's transaction, account and region, so they run in CAM's (no reconcile, any region).
 */
const contextProduct = (service: ResourceService): ProductName => (service === "cos" ? "cam" : service);

/** The version a product is listed with: its API 3.0 version, or COS's XML API. */
const versionOf = (service: ResourceService): string => (service === "cos" ? "XML API" : serviceCatalog[service].version);

function scope(req: ControlRequest): { uin: string; region: string } {
  return { uin: req.query.get("uin") ?? DEFAULT_ACCOUNT.uin, region: req.query.get("region") ?? "ap-guangzhou" };
}

function intParam(req: ControlRequest, name: string, fallback: number, max: number): number {
  const raw = req.query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  check(/^\d+$/.test(raw) && n <= max, `${name} must be an integer from 0 to ${max}`);
  return n;
}

/** A member of a described resource by dotted path (`Placement.Zone`). */
export function fieldValue(resource: unknown, path: string): unknown {
  let v: unknown = resource;
  for (const part of path.split(".")) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

const text = (v: unknown): string => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined || a === "") return 1;
  if (b === null || b === undefined || b === "") return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const ta = text(a);
  const tb = text(b);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

function masked(def: ResourceKind, resource: object): object {
  if (!def.secretMembers?.length) return resource;
  const copy: Record<string, unknown> = { ...resource };
  for (const m of def.secretMembers) if (m in copy) copy[m] = "******";
  return copy;
}

interface Row {
  id: string;
  resource: object;
}

async function present(ctx: ActionContext<ProductName>, def: ResourceKind, docs: readonly unknown[]): Promise<Row[]> {
  const answer = await def.presenter(ctx);
  const rows: Row[] = [];
  for (const doc of docs) rows.push({ id: def.id(doc), resource: masked(def, await answer(doc)) });
  return rows;
}

async function visibleDocs(ctx: ActionContext<ProductName>, def: ResourceKind): Promise<unknown[]> {
  const all = await def.collection(ctx).all();
  return def.visible ? all.filter((d) => def.visible!(ctx, d)) : all;
}

async function countOf(ctx: ActionContext<ProductName>, def: ResourceKind): Promise<number> {
  return def.visible ? (await visibleDocs(ctx, def)).length : def.collection(ctx).count();
}

/** Newest first. Without search or sort on a collection the store pages itself, the cost is one page whatever its size. */
async function listPage(
  ctx: ActionContext<ProductName>,
  def: ResourceKind,
  q: { offset: number; limit: number; search: string; sort: string | null; order: "asc" | "desc" },
): Promise<{ totalCount: number; items: Row[] }> {
  if (!q.search && !q.sort && !def.visible) {
    const docs = await def.collection(ctx).list({ offset: q.offset, limit: q.limit, order: "desc" });
    return { totalCount: await def.collection(ctx).count(), items: await present(ctx, def, docs) };
  }
  let rows = await present(ctx, def, (await visibleDocs(ctx, def)).reverse());
  if (q.search) {
    const needle = q.search.toLowerCase();
    rows = rows.filter((r) => r.id.toLowerCase().includes(needle) || def.columns.some((c) => text(fieldValue(r.resource, c.field)).toLowerCase().includes(needle)));
  }
  if (q.sort) {
    const field = q.sort;
    const sign = q.order === "asc" ? 1 : -1;
    // Empty values last in either order; ties keep the newest-first order.
    rows = rows
      .map((r, i) => ({ r, i, v: fieldValue(r.resource, field) }))
      .sort((a, b) => {
        const empty = (v: unknown) => v === null || v === undefined || v === "";
        if (empty(a.v) !== empty(b.v)) return empty(a.v) ? 1 : -1;
        return sign * compare(a.v, b.v) || a.i - b.i;
      })
      .map((x) => x.r);
  }
  return { totalCount: rows.length, items: rows.slice(q.offset, q.offset + q.limit) };
}

/** What a key, user or credential is, without its secret (a secret key is shown once, when it is created). */
const keyView = (k: ApiKey) => ({ secretId: k.secretId, subUin: k.subUin, enabled: k.enabled, createdAt: Math.floor(k.createdAt / 1000) });
const userView = (u: SubUser) => ({ subUin: u.subUin, name: u.name, policy: u.policy, mfaProtectedActions: u.mfaProtectedActions, createdAt: Math.floor(u.createdAt / 1000) });

/** Read routes for the console and for scripts: resources by product, kind, account and region; the catalog; identities. */
export const resourceRoutes: ControlRoute[] = [
  {
    method: "GET",
    path: "/products",
    description: "tclocal's version; every product with its version, regions, actions and documented error codes; every known region.",
    handle: (app) =>
      ok({
        tclocal: tclocalVersion,
        regions: REGIONS.map((r) => ({ id: r.id, name: r.en })),
        products: [...app.services.values()].map((s) => ({
          service: s.name,
          version: serviceCatalog[s.name].version,
          regions: s.regions,
          actions: serviceCatalog[s.name].actions,
          implemented: Object.keys(s.handlers).sort(),
          codes: Object.keys(errorCatalog[s.name]).sort(),
        })),
      }),
  },
  {
    method: "GET",
    path: "/resources",
    description: "Each product's resource kinds with their columns and how many the account has in the region (?uin=&region=).",
    handle: async (app, req) => {
      const { uin, region } = scope(req);
      const products = [];
      for (const [service, kinds] of Object.entries(resourceKinds) as [ResourceService, readonly ResourceKind[]][]) {
        const counted = await withControlContext(app, contextProduct(service), { uin, region }, async (ctx) => {
          const out = [];
          for (const k of kinds) out.push({ kind: k.kind, title: k.title, describedBy: k.describedBy, columns: k.columns, count: await countOf(ctx, k) });
          return out;
        });
        products.push({ service, version: versionOf(service), kinds: counted });
      }
      return ok({ uin, region, products });
    },
  },
  {
    method: "GET",
    path: "/resources/{service}/{kind}",
    description: "One kind's resources, newest first, each as its Describe action answers it: ?uin=&region=&offset=&limit=(≤500)&search=&sort=<column>&order=asc|desc.",
    handle: async (app, req) => {
      const { service, def } = kindOf(req.params.service, req.params.kind);
      const order = req.query.get("order") ?? "desc";
      check(order === "asc" || order === "desc", "order must be asc or desc");
      const sort = req.query.get("sort");
      check(sort === null || def.columns.some((c) => c.field === sort), `sort must be one of the columns: ${def.columns.map((c) => c.field).join(", ")}`);
      const q = {
        offset: intParam(req, "offset", 0, Number.MAX_SAFE_INTEGER),
        limit: Math.max(1, intParam(req, "limit", 50, MAX_PAGE)),
        search: (req.query.get("search") ?? "").trim(),
        sort,
        order: order as "asc" | "desc",
      };
      const { uin, region } = scope(req);
      const page = await withControlContext(app, contextProduct(service), { uin, region }, (ctx) => listPage(ctx, def, q));
      return ok({ service, kind: def.kind, describedBy: def.describedBy, uin, region, offset: q.offset, limit: q.limit, ...page });
    },
  },
  {
    method: "GET",
    path: "/resources/{service}/{kind}/{id}",
    description: "One resource as its Describe action answers it (?uin=&region=).",
    handle: async (app, req) => {
      const { service, def } = kindOf(req.params.service, req.params.kind);
      const { uin, region } = scope(req);
      const row = await withControlContext(app, contextProduct(service), { uin, region }, async (ctx) => {
        const doc = await def.collection(ctx).get(req.params.id);
        if (doc === undefined || (def.visible && !def.visible(ctx, doc))) return undefined;
        return (await present(ctx, def, [doc]))[0];
      });
      if (!row) throw new ControlError(404, `no ${service} ${def.kind} ${req.params.id} in account ${uin}, ${region}`);
      return ok({ service, kind: def.kind, describedBy: def.describedBy, uin, region, ...row });
    },
  },
  {
    method: "GET",
    path: "/accounts/{uin}/access",
    description: "An account's API keys, sub-users (with policies) and temporary credentials, without their secrets.",
    handle: (app, req) => accessOf(app, req.params.uin),
  },
];

async function accessOf(app: App, uin: string) {
  return app.store.transaction(async (tx) => {
    const account = (await tx.get(PLATFORM, "account", uin))?.data;
    check(account, `account ${uin} does not exist`, 404);
    const keys = (await tx.list<ApiKey>(PLATFORM, "apikey")).map((d) => d.data).filter((k) => k.uin === uin);
    const users = (await tx.list<SubUser>(PLATFORM, "user")).map((d) => d.data).filter((u) => u.uin === uin);
    const now = app.clock.now();
    const credentials = (await tx.list<TemporaryCredential>(PLATFORM, "tmpcred"))
      .map((d) => d.data)
      .filter((c) => c.uin === uin)
      .map((c) => ({ tmpSecretId: c.tmpSecretId, subUin: c.subUin, mfa: c.mfa, policy: c.policy, expiredTime: Math.floor(c.expiresAt / 1000), expired: now >= c.expiresAt }));
    return ok({ uin, keys: keys.map(keyView), users: users.map(userView), credentials });
  });
}
