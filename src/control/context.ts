import { randomUUID } from "node:crypto";
import type { App } from "../app";
import type { ProductName } from "../errors/catalog";
import { accounts, DEFAULT_ACCOUNT } from "../platform/accounts";
import { isKnownRegion } from "../platform/regions";
import { ActionContext } from "../platform/service";
import { ControlError } from "./router";

/**
 * Runs `fn` in one transaction with an ActionContext of the account's root user, for product control routes
 * (seeding detections, slow logs): the same scoping and models the API handlers use. The account defaults
 * to the default account; an unknown account or region is a 404/400.
 */
export function withControlContext<S extends ProductName, T>(
  app: App,
  service: S,
  options: { uin?: string; region: string },
  fn: (ctx: ActionContext<S>) => Promise<T> | T,
): Promise<T> {
  const uin = options.uin ?? DEFAULT_ACCOUNT.uin;
  if (!isKnownRegion(options.region)) throw new ControlError(400, `unknown region ${options.region}`);
  return app.store.transaction(
    async (tx) => {
    const account = await accounts.get(tx, uin);
    if (!account) throw new ControlError(404, `account ${uin} does not exist`);
    const ctx = new ActionContext(service, {
      tx,
      now: () => app.clock.now(),
      requestId: randomUUID(),
      language: "en-US",
      region: options.region,
      action: "(control)",
      caller: {
        uin,
        appId: account.appId,
        subUin: null,
        username: "root",
        secretId: "",
        kind: "root",
        mfa: true,
        policies: [],
        mfaProtectedActions: [],
      },
      resources: new Set(),
      origin: "",
      platform: app,
    });
    const reconcile = app.services.get(service)?.reconcile;
    if (reconcile) await reconcile(ctx as never);
    return fn(ctx);
  },
    { lockKey: uin },
  );
}
