import { setTimeout as sleep } from "node:timers/promises";
import type { App } from "../app";
import { ApiError } from "../errors/api-error";
import type { Call } from "./call";

/** Stage "fault injection": a matching rule delays the call and/or answers its documented code instead. */
export async function injectFaults(app: App, call: Call): Promise<void> {
  const rule = await app.faults.fire(call.service!, call.action!, call.region!);
  if (!rule) return;
  if (rule.delayMs > 0) await sleep(rule.delayMs);
  if (rule.code) throw new ApiError(rule.code, rule.message ?? undefined);
}
