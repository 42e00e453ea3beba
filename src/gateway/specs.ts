import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ProductName } from "../errors/catalog";
import { serviceCatalog } from "../generated/catalog";
import { packageRoot } from "../package-root";

/** A product's generated spec (src/generated/specs/<service>.json): JSON Schemas per action, both directions. */
export interface ServiceSpec {
  service: string;
  version: string;
  sdk: string;
  actions: Record<string, { input: string; output: string; retired?: boolean }>;
  input: Record<string, object>;
  output: Record<string, object>;
}

const specsDir = join(packageRoot(), "src", "generated", "specs");
const loaded = new Map<string, ServiceSpec>();

// Two validators: JSON bodies keep their types; form, query and multipart values are strings coerced to the
// model's types (as the real API does for signature v1 and GET requests).
const exact = new Ajv({ strict: false, allErrors: false, coerceTypes: false, validateSchema: false });
const coercing = new Ajv({ strict: false, allErrors: false, coerceTypes: true, validateSchema: false });

/**
 * The generated file of one version of a product: the latest under the product's name, an older one under
 * the name with the SDK's version folder (`mongodb-v20180408`), as scripts/generate-specs.mjs writes them.
 */
function specKey(service: ProductName, version?: string): string {
  const latest = serviceCatalog[service].version;
  return !version || version === latest ? service : `${service}-v${version.replace(/-/g, "")}`;
}

/** Loads a product's spec (of its latest version unless another is named) on first use (start-up stays fast). */
export function specOf(service: ProductName, version?: string): ServiceSpec {
  const key = specKey(service, version);
  let spec = loaded.get(key);
  if (!spec) {
    spec = JSON.parse(readFileSync(join(specsDir, `${key}.json`), "utf8")) as ServiceSpec;
    exact.addSchema(spec, key);
    coercing.addSchema(spec, key);
    loaded.set(key, spec);
  }
  return spec;
}

const validators = new Map<string, ValidateFunction>();

/** The compiled request validator of an action (compiled on first use, then kept: no schema lookup per call). */
export function requestValidator(service: ProductName, action: string, coerce: boolean, version?: string): ValidateFunction {
  const specName = specKey(service, version);
  const key = `${coerce ? "c" : "e"}${specName}.${action}`;
  let v = validators.get(key);
  if (!v) {
    const spec = specOf(service, version);
    const ajv = coerce ? coercing : exact;
    v = ajv.getSchema(`${specName}#/input/${spec.actions[action].input}`);
    if (!v) throw new Error(`no request schema for ${service}.${action}`);
    validators.set(key, v);
  }
  return v;
}

/** The response validator (tests walk every response against the SDK model with it). */
export function responseValidator(service: ProductName, action: string, version?: string): ValidateFunction {
  const spec = specOf(service, version);
  const v = exact.getSchema(`${specKey(service, version)}#/output/${spec.actions[action].output}`);
  if (!v) throw new Error(`no response schema for ${service}.${action}`);
  return v;
}

/** `/Filters/0` + `Name` → `Filters.0.Name`. */
export function memberPath(error: ErrorObject, leaf?: string): string {
  const parts = error.instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (leaf !== undefined) parts.push(leaf);
  return parts.join(".");
}
