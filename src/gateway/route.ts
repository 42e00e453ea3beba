import type { App } from "../app";
import { fail } from "../errors/api-error";
import type { ProductName } from "../errors/catalog";
import { serviceCatalog, versionsOf, type ServiceName } from "../generated/catalog";
import type { Call } from "./call";
import { msg } from "./messages";

const known = new Set<string>(Object.keys(serviceCatalog));
/** service → version → its actions, for every version of every product. */
const actionSets = new Map<string, Map<string, Set<string>>>(
  Object.keys(serviceCatalog).map((s) => [
    s,
    new Map(Object.entries(versionsOf(s as ServiceName)).map(([v, actions]) => [v, new Set<string>(actions)])),
  ]),
);

/**
 * Every (Version, Action) pair and the products that have it. No two of tclocal's products may share one, or a
 * bare endpoint could not tell them apart (test/foundation/route-pairs.test.ts keeps it so).
 */
export function versionActionClaims(): Map<string, string[]> {
  const claims = new Map<string, string[]>();
  for (const [s, versions] of actionSets) {
    for (const [v, actions] of versions) for (const a of actions) claims.set(`${v} ${a}`, [...(claims.get(`${v} ${a}`) ?? []), s]);
  }
  return claims;
}

/** (Version, Action) → the one product that has it. */
const byVersionAction = new Map<string, ProductName>(
  [...versionActionClaims()].map(([pair, products]) => [pair, products[0] as ProductName]),
);

/** The product a call names: Host's first label, then the path's first segment, then the credential scope. */
function namedService(call: Call): string | undefined {
  const host = String(call.headers.host ?? "").toLowerCase();
  const label = host.split(".")[0];
  if (host.includes(".") && known.has(label)) return label;
  const segment = call.path.split("/")[1];
  if (segment && known.has(segment)) return segment;
  const scope = /Credential=[^/]*\/[^/]*\/([^/]*)\//.exec(String(call.headers.authorization ?? ""))?.[1];
  if (scope && known.has(scope)) return scope;
  return undefined;
}

/**
 * The product a call refused before routing was meant for (the audit trail files it there): the endpoint's
 * name, else the (Version, Action) pair of its common parameters; undefined when neither tells.
 */
export function intendedService(call: Call): string | undefined {
  return namedService(call) ?? byVersionAction.get(`${call.common.version} ${call.common.action}`);
}

/**
 * Stage "route": which product, version and action. A product named by the endpoint accepts each of its
 * versions and answers NoSuchVersion and InvalidAction for itself; otherwise the (Version, Action) pair decides.
 */
export function route(_app: App, call: Call): void {
  const action = call.action!;
  const version = call.version!;
  const named = namedService(call) as ProductName | undefined;
  if (named) {
    call.service = named;
    const actions = actionSets.get(named)!.get(version);
    if (!actions) fail("NoSuchVersion", msg.noSuchVersion(version, named));
    if (!actions.has(action)) fail("InvalidAction", msg.invalidAction(action, named, version));
    return;
  }
  const service = byVersionAction.get(`${version} ${action}`);
  if (service) {
    call.service = service;
    return;
  }
  const withVersion = [...actionSets].filter(([, versions]) => versions.has(version)).map(([s]) => s);
  if (!withVersion.length) fail("NoSuchVersion", msg.noSuchVersion(version, "unknown"));
  fail("InvalidAction", msg.invalidAction(action, withVersion.join("|"), version));
}
