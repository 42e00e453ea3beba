import type { App } from "../app";
import { fail } from "../errors/api-error";
import { isKnownRegion } from "../platform/regions";
import type { Call } from "./call";
import { msg } from "./messages";

/**
 * Stage "region": the Region common parameter. Missing where the action needs it → MissingParameter; empty or
 * not a Tencent Cloud region → InvalidParameterValue; a region the product does not serve → UnsupportedRegion.
 */
export function resolveRegion(app: App, call: Call): void {
  const def = app.services.get(call.service!)!;
  const name = call.signatureVersion === "v3" ? "X-TC-Region" : "Region";
  const region = call.common.region;
  if (region === undefined) {
    if (!def.regionOptional?.includes(call.action!)) fail("MissingParameter", msg.missingParameter(name));
    call.region = def.defaultRegion ?? def.regions[0];
    return;
  }
  if (!isKnownRegion(region)) fail("InvalidParameterValue", msg.invalidValue(name));
  if (!def.regions.includes(region)) fail("UnsupportedRegion", msg.unsupportedRegion(region));
  call.region = region;
}
