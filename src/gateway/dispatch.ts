import type { App } from "../app";
import { ApiError } from "../errors/api-error";
import { ActionContext } from "../platform/service";
import type { Call } from "./call";
import { msg } from "./messages";

/**
 * Stage "dispatch": runs the action's handler in one store transaction with a context scoped to the
 * caller's account and region. A handler that throws changes nothing.
 */
export function dispatch(app: App, call: Call): void {
  const def = app.services.get(call.service!)!;
  const handler = (def.handlers as Record<string, ((ctx: ActionContext<never>, req: unknown) => unknown) | undefined>)[call.action!];
  if (!handler) throw new ApiError("UnsupportedOperation", msg.notImplemented(call.action!, call.service!));
  call.response = app.store.transaction((tx) => {
    const ctx = new ActionContext(call.service!, {
      tx,
      // One call, one instant: everything the handler stamps reads the emulator time the call arrived at,
      // the time the audit trail records for it.
      now: () => app.clock.at(call.receivedAt),
      requestId: call.requestId,
      language: call.language,
      region: call.region!,
      action: call.action!,
      caller: call.caller!,
      resources: call.resources,
      origin: `http://${call.headers.host ?? "127.0.0.1"}`,
      platform: app,
    });
    def.reconcile?.(ctx as never);
    return handler(ctx as never, call.params) as Record<string, unknown>;
  });
}
