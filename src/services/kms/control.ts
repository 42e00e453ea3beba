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

function run<T>(app: App, req: ControlRequest, fn: (ctx: Ctx) => T, region?: unknown): T {
  const r = (region as string | undefined) ?? req.query.get("region") ?? "ap-guangzhou";
  check(typeof r === "string" && (KMS_REGIONS as readonly string[]).includes(r), `KMS does not serve the region ${String(r)}`);
  return withControlContext(app, "kms", { uin: req.query.get("uin") ?? undefined, region: r }, fn);
}

function keyView(ctx: Ctx, cmk: Cmk) {
  return {
    ...keyMetadata(cmk),
    CurrentVersion: cmk.currentVersion,
    BoundResources: bindings(ctx)
      .all(cmk.keyId)
      .map((b) => ({ ProductId: b.productId, ResourceId: b.resourceId })),
  };
}

export const kmsControlRoutes: ControlRoute[] = [
  {
    method: "GET",
    path: "/kms/keys",
    description: "KMS: the CMKs of an account in a region (?uin=&region=) with their versions and bound cloud resources; metadata only, never key material.",
    handle: (app, req) =>
      run(app, req, (ctx) =>
        ok({
          keys: cmks(ctx)
            .all()
            .map((c) => findCmk(ctx, c.keyId))
            .filter((c): c is Cmk => c !== undefined)
            .map((c) => keyView(ctx, c)),
          dataKeys: dataKeys(ctx)
            .all()
            .map((d) => settleDataKey(ctx, d))
            .filter((d) => d !== undefined)
            .map((d) => dataKeyMetadata(ctx, d)),
          whiteBoxKeys: whiteBoxKeys(ctx)
            .all()
            .map((w) => ({ KeyId: w.keyId, Alias: w.alias, Algorithm: w.algorithm, Status: w.status, DeviceFingerprints: w.fingerprints.length })),
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
        (ctx) => {
          setWhiteBoxService(ctx, b.enabled as boolean);
          return ok({ region: ctx.region, enabled: whiteBoxServiceEnabled(ctx) });
        },
        b.region,
      );
    },
  },
];
