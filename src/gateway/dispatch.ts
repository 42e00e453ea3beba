import type { App } from "../app";
import { ApiError } from "../errors/api-error";
import { handlersOf } from "../platform/definition";
import { ActionContext } from "../platform/service";
import { readsResourceTags, refuseUnlessAllowedOn, requestResources } from "./authorize";
import type { Call } from "./call";
import { msg } from "./messages";

type AnyHandler = (ctx: ActionContext<never>, req: unknown) => unknown;

/**
 * Stage "dispatch": runs the action's handler in one store transaction with a context scoped to the
 * caller's account and region. A handler that throws changes nothing. A shared store may run the
 * transaction again after a conflict with another process: each attempt starts from a clean slate.
 */
export async function dispatch(app: App, call: Call): Promise<void> {
  const def = app.services.get(call.service!)!;
  const handler = (handlersOf(def as never, call.version!) as Record<string, AnyHandler | undefined>)[call.action!];
  if (!handler) throw new ApiError("UnsupportedOperation", msg.notImplemented(call.action!, call.service!));
  if (def.readsAuditTrail) await app.audit.flush();
  call.response = await app.store.transaction(
    async (tx) => {
      call.resources.clear();
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
      if (def.resourceNames && call.caller!.policies.length) refuseUnlessAllowedOn(call, await def.resourceNames(ctx as never, call.params));
      else if (readsResourceTags(def, call.caller!)) {
        // qcs:resource_tag: the named resources' tags as this transaction sees them.
        const { names, aliases, resources } = requestResources(app, call);
        refuseUnlessAllowedOn(call, names, aliases, await def.resourceTags!(ctx as never, resources));
      }
      if (def.reconcile) await def.reconcile(ctx as never);
      return (await handler(ctx as never, call.params)) as Record<string, unknown>;
    },
    { lockKey: call.caller!.uin },
  );
}
