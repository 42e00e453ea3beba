import type { App } from "../app";
import { ApiError, fail } from "../errors/api-error";
import { isErrorCode } from "../errors/catalog";
import { allowsAction, coveredBy, evaluate, resourceName } from "../platform/cam";
import type { Call } from "./call";
import { msg } from "./messages";

/** The CAM resource names a call's members point at (KeyId → qcs::kms:region:uin/…:key/<id>). */
export function requestResources(app: App, call: Call): { ids: string[]; names: string[] } {
  const def = app.services.get(call.service!)!;
  const ids: string[] = [];
  const names: string[] = [];
  for (const [member, type] of Object.entries(def.resourceMembers ?? {})) {
    const value = call.params[member];
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    for (const v of values) {
      if (typeof v !== "string" || !v) continue;
      ids.push(v);
      names.push(resourceName(call.service!, call.region!, call.caller!.uin, type, v));
    }
  }
  return { ids, names };
}

/**
 * Stage "authorize": CAM. A root key may do anything; a sub-user or a temporary credential needs every
 * policy it carries to allow the operation. Not allowed at all → AuthFailure.UnauthorizedOperation at the
 * gateway; allowed but not on this resource → the product's UnauthorizedOperation, as the product answers.
 * MFA-protected operations need credentials issued with MFA.
 */
export function authorize(app: App, call: Call): void {
  const caller = call.caller!;
  const op = `${call.service}:${call.action}`;
  const { ids, names } = requestResources(app, call);
  for (const id of ids) call.resources.add(id);
  if (caller.policies.length) {
    if (!allowsAction(caller.policies, op)) {
      fail("AuthFailure.UnauthorizedOperation", msg.camDenied(call.requestId, op, names[0] ?? "*"));
    }
    const decision = evaluate(caller.policies, op, names);
    if (!decision.allowed) {
      const code = isErrorCode(call.service!, "UnauthorizedOperation") ? "UnauthorizedOperation" : "AuthFailure.UnauthorizedOperation";
      throw new ApiError(code, msg.camResourceDenied(call.requestId, op, decision.resource));
    }
  }
  if (!caller.mfa && coveredBy(caller.mfaProtectedActions, call.service!, call.action!)) {
    fail("AuthFailure.MFAFailure", msg.mfaFailure(op));
  }
}
