import type { App } from "../app";
import { fail } from "../errors/api-error";
import type { Call } from "./call";
import { msg } from "./messages";

/** API 3.0's default: 20 requests per second per account and action, unless a product documents another. */
export const DEFAULT_RATE_LIMIT = 20;

/** Stage "rate limit" (only with --rate-limit): RequestLimitExceeded past the action's documented rate. */
export async function throttle(app: App, call: Call): Promise<void> {
  if (!app.config.rateLimit) return;
  const limits = app.services.get(call.service!)!.rateLimits;
  const limit = limits?.[call.action!] ?? limits?.default ?? DEFAULT_RATE_LIMIT;
  const n = await app.limiter.take(`${call.caller!.uin}|${call.service}|${call.action}`, limit, call.receivedAt);
  if (n) fail("RequestLimitExceeded", msg.rateLimited(n, limit));
}
