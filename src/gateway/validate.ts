import { fail } from "../errors/api-error";
import type { Call } from "./call";
import { msg } from "./messages";
import { memberPath, requestValidator } from "./specs";

/**
 * Stage "validate": the action's members against the schema generated from the SDK model, before any
 * handler runs, so every action (implemented or not) answers MissingParameter, UnknownParameter and
 * InvalidParameter as the real API does.
 */
export function validate(call: Call): void {
  const validator = requestValidator(call.service!, call.action!, call.coerce, call.version);
  const data = call.paramsForValidation ?? call.params;
  if (validator(data)) {
    // The schema saw doubles: a 64-bit member's exact value is checked here (2^64 rounds to 2^64-1's double).
    if (call.paramsForValidation) checkInt64Bounds(call.params, "");
    return;
  }
  const e = validator.errors![0];
  switch (e.keyword) {
    case "required":
      fail("MissingParameter", msg.missingParameter(memberPath(e, String(e.params.missingProperty))));
    case "additionalProperties":
      fail("UnknownParameter", msg.unknownParameter(memberPath(e, String(e.params.additionalProperty))));
    case "type":
      fail("InvalidParameter", msg.wrongType(memberPath(e) || "(body)", String(e.params.type)));
    case "minimum":
    case "maximum":
      fail("InvalidParameter", msg.outOfRange(memberPath(e) || "(body)"));
    default:
      fail("InvalidParameter", msg.wrongType(memberPath(e) || "(body)", e.keyword));
  }
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** Integers the decoder kept exact (BigInt) must fit 64 bits; recursion bounded by the nesting limit. */
function checkInt64Bounds(value: unknown, path: string): void {
  if (typeof value === "bigint") {
    if (value < INT64_MIN || value > UINT64_MAX) fail("InvalidParameter", msg.outOfRange(path || "(body)"));
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkInt64Bounds(v, `${path}.${i}`));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) checkInt64Bounds(v, path ? `${path}.${k}` : k);
  }
}
