import { ApiError } from "../errors/api-error";
import { MAX_DEPTH } from "./json";
import { msg } from "./messages";

const MAX_INDEX = 9999;
const UNSAFE = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Turns flattened members (`Filters.0.Name=x`, `KeyIds.1=y`) back into nested objects and arrays. Indices
 * must run 0..n-1; a name used both as a value and as a container is refused. Keys like `__proto__` become
 * plain own properties (and then fail validation as unknown parameters) instead of touching prototypes.
 */
export function unflatten(flat: Record<string, string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split(".");
    if (parts.length > MAX_DEPTH) throw new ApiError("InvalidParameter", msg.tooDeep(MAX_DEPTH));
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]);
      if (Array.isArray(node)) {
        if (!/^\d+$/.test(part) || Number(part) > MAX_INDEX) throw new ApiError("InvalidParameter", msg.commonTypeError(key));
      } else if (/^\d+$/.test(part) && i > 0) {
        throw new ApiError("InvalidParameter", msg.commonTypeError(key));
      }
      const slot = Array.isArray(node) ? Number(part) : part;
      const existing = (node as Record<string | number, unknown>)[slot as never];
      const own = Array.isArray(node) ? slot in node : Object.prototype.hasOwnProperty.call(node, part);
      if (last) {
        if (own) throw new ApiError("InvalidParameter", msg.duplicateParameter(key));
        assign(node, slot, value);
      } else {
        if (own && (existing === null || typeof existing !== "object" || Array.isArray(existing) !== nextIsIndex)) {
          throw new ApiError("InvalidParameter", msg.commonTypeError(parts.slice(0, i + 1).join(".")));
        }
        if (!own) assign(node, slot, nextIsIndex ? [] : {});
        node = (node as Record<string | number, unknown>)[slot as never] as Record<string, unknown> | unknown[];
      }
    }
  }
  checkDense(root, "");
  return root;
}

function assign(node: Record<string, unknown> | unknown[], slot: string | number, value: unknown): void {
  if (typeof slot === "string" && UNSAFE.has(slot)) {
    Object.defineProperty(node, slot, { value, enumerable: true, writable: true, configurable: true });
  } else {
    (node as Record<string | number, unknown>)[slot as never] = value as never;
  }
}

function checkDense(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw new ApiError("MissingParameter", msg.missingParameter(`${path}.${i}`));
      checkDense(value[i], `${path}.${i}`);
    }
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) checkDense(v, path ? `${path}.${k}` : k);
  }
}
