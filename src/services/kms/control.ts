import type { App } from "../../app";
import { withControlContext } from "../../control/context";
import { check, ok, type ControlRequest, type ControlRoute } from "../../control/router";
import { bindings, cmks, findCmk, keyMetadata, type Cmk } from "./cmk";
import { dataKeyMetadata, dataKeys, settleDataKey } from "./datakey";
import type { Ctx } from "./formats";
import { KMS_REGIONS } from "./regions";
import { setWhiteBoxService, whiteBoxKeys, whiteBoxServiceEnabled } from "./whitebox";

/*
 * Control routes of KMS. `?uin=` selects another account (default: the default account), `?region=` the
 * region (default ap-guangzhou). They show metadata only: key material, data-key plaintexts and white-box
 * keys never leave the store through them.
 */

function run<T>(app: App, req: ControlRequest, fn: (ctx: Ctx) => Promise<T>, region?: unknown): Promise<T> {
  const r = (region as string | undefined) ?? req.query.get("region") ?? "ap-guangzhou";
  check(typeof r === "string" && (KMS_REGIONS as readonly string[]).includes(r), `KMS does not serve the region ${String(r)}`);
  return withControlContext(app, "kms", { uin: req.query.get("uin") ?? undefined, region: r }, fn);
}

async function keyView(ctx: Ctx, cmk: Cmk) {
  return {
    ...keyMetadata(cmk),
    CurrentVersion: cmk.currentVersion,
    BoundResources: (await bindings(ctx).all(cmk.keyId)).map((b) => ({ ProductId: b.productId, ResourceId: b.resourceId })),
  };
}

/** Every key of the account in the region, settled, as the control API shows it. */
async function keyViews(ctx: Ctx) {
  const views = [];
  for (const c of await cmks(ctx).all()) {
    const cmk = await findCmk(ctx, c.keyId);
    if (cmk) views.push(await keyView(ctx, cmk));
  }
  return views;
}

async function dataKeyViews(ctx: Ctx) {
  const views = [];
  for (const d of await dataKeys(ctx).all()) {
    const dk = await settleDataKey(ctx, d);
    if (dk) views.push(await dataKeyMetadata(ctx, dk));
  }
  return views;
}

export const kmsControlRoutes: ControlRoute[] = [
  {
    method: "GET",
    path: "/kms/keys",
    description: "KMS: the CMKs of an account in a region (?uin=&region=) with their versions and bound cloud resources; metadata only, never key material.",
    handle: (app, req) =>
      run(app, req, async (ctx) =>
        ok({
          keys: await keyViews(ctx),
          dataKeys: await dataKeyViews(ctx),
          whiteBoxKeys: (await whiteBoxKeys(ctx).all()).map((w) => ({
            KeyId: w.keyId,
            Alias: w.alias,
            Algorithm: w.algorithm,
            Status: w.status,
            DeviceFingerprints: w.fingerprints.length,
          })),
        }),
      ),
  },
  {
    method: "PUT",
    path: "/kms/whitebox-service",
    description: 'KMS: whether the account bought the white-box key service in a region {"enabled": false, "region"?} (on by default; off answers ResourceUnavailable.NotPurchased).',
    handle: (app, req) => {
      const b = (req.body ?? {}) as Record<string, unknown>;
      check(typeof b.enabled === "boolean", "enabled must be a boolean");
      return run(
        app,
        req,
        async (ctx) => {
          await setWhiteBoxService(ctx, b.enabled as boolean);
          return ok({ region: ctx.region, enabled: await whiteBoxServiceEnabled(ctx) });
        },
        b.region,
      );
    },
  },
];
