import type { App } from "../app";
import { fail } from "../errors/api-error";
import type { ProductName } from "../errors/catalog";
import { serviceCatalog } from "../generated/catalog";
import type { Call } from "./call";
import { msg } from "./messages";

const known = new Set<string>(Object.keys(serviceCatalog));
const actionSets = new Map<string, Set<string>>(
  Object.entries(serviceCatalog).map(([s, c]) => [s, new Set<string>(c.actions)]),
);
/** (Version, Action) → the one product that has it (no two of tclocal's products share a pair). */
const byVersionAction = new Map<string, ProductName>();
for (const [s, c] of Object.entries(serviceCatalog)) {
  for (const a of c.actions) byVersionAction.set(`${c.version} ${a}`, s as ProductName);
}

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
 * Stage "route": which product, version and action. A product named by the endpoint answers NoSuchVersion
 * and InvalidAction for itself; otherwise the (Version, Action) pair decides.
 */
export function route(_app: App, call: Call): void {
  const action = call.action!;
  const version = call.version!;
  const named = namedService(call) as ProductName | undefined;
  if (named) {
    call.service = named;
    if (serviceCatalog[named].version !== version) fail("NoSuchVersion", msg.noSuchVersion(version, named));
    if (!actionSets.get(named)!.has(action)) fail("InvalidAction", msg.invalidAction(action, named, version));
    return;
  }
  const service = byVersionAction.get(`${version} ${action}`);
  if (service) {
    call.service = service;
    return;
  }
  const withVersion = Object.entries(serviceCatalog).filter(([, c]) => c.version === version);
  if (!withVersion.length) fail("NoSuchVersion", msg.noSuchVersion(version, "unknown"));
  fail("InvalidAction", msg.invalidAction(action, withVersion.map(([s]) => s).join("|"), version));
}
