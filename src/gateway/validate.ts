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
  if (validator(data)) return;
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
