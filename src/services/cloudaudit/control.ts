import type { App } from "../../app";
import { withControlContext } from "../../control/context";
import { check, ControlError, type ControlRequest, type ControlRoute, objectBody, ok } from "../../control/router";
import { isKnownRegion } from "../../platform/regions";
import { createBucket, createQueue, isBucketName, isQueueName, listCosBuckets, queuesOf } from "./buckets";
import { deliveryOf } from "./delivery";
import { isCmqEnableRegion } from "./regions";

/**
 * CloudAudit's control routes: a shortcut that creates real COS buckets (any COS client can create them too),
 * declare the CMQ queues that "exist" (CMQ is not emulated), and find the delivered files.
 */
function uinOf(value: unknown): string | undefined {
  check(value === undefined || typeof value === "string", "uin must be a string");
  return value as string | undefined;
}

function delivery(app: App) {
  const d = deliveryOf(app);
  if (!d) throw new ControlError(503, "CloudAudit delivery is not running");
  return d;
}

export const cloudauditControlRoutes: ControlRoute[] = [
  {
    method: "POST",
    path: "/cloudaudit/buckets",
    description: 'Shortcut: create private COS buckets (real ones, as PUT Bucket would) for CloudAudit to deliver to: {"uin"?,"region","name"} or {"region","names":[...]}.',
    handle: async (app, req) => {
      const b = objectBody(req);
      const uin = uinOf(b.uin);
      const names = b.names ?? [b.name];
      check(Array.isArray(names) && names.length > 0, "give name or names");
      check(
        names.every((n) => typeof n === "string" && isBucketName(n, 50)),
        "bucket names are 1-50 characters of a-z, 0-9 and '-', without the -APPID suffix",
      );
      check(typeof b.region === "string" && isKnownRegion(b.region), "region must be a Tencent Cloud region");
      const created = await withControlContext(app, "cloudaudit", { uin, region: "ap-guangzhou" }, async (ctx) => {
        const out = [];
        for (const name of names as string[]) {
          const result = await createBucket(ctx.tx, ctx.caller.uin, { name, region: b.region as string, createdBy: "control" }, ctx.now());
          if (result === "exists") throw new ControlError(409, `bucket ${name} already exists`);
          if (result === "quota") throw new ControlError(409, "the account already has the maximum of 200 buckets");
          out.push({ name, region: b.region, bucket: `${name}-${ctx.caller.appId}` });
        }
        return out;
      });
      return ok({ buckets: created }, 201);
    },
  },
  {
    method: "GET",
    path: "/cloudaudit/buckets",
    description: "The account's COS buckets (?uin=), with who created them.",
    handle: async (app, req) =>
      ok({
        buckets: await withControlContext(app, "cloudaudit", { uin: req.query.get("uin") ?? undefined, region: "ap-guangzhou" }, (ctx) =>
          listCosBuckets(ctx.tx, ctx.caller.uin),
        ),
      }),
  },
  {
    method: "POST",
    path: "/cloudaudit/queues",
    description: 'Declare an existing CMQ queue: {"uin"?,"region" (CMQ region code such as gz),"name"}.',
    handle: async (app, req) => {
      const b = objectBody(req);
      const uin = uinOf(b.uin);
      check(typeof b.name === "string" && isQueueName(b.name), "name must be a CMQ queue name (a letter, then letters, digits and '-', up to 64)");
      check(typeof b.region === "string" && isCmqEnableRegion(b.region), "region must be a CMQ region code (see ListCmqEnableRegion)");
      const queue = await withControlContext(app, "cloudaudit", { uin, region: "ap-guangzhou" }, async (ctx) => {
        const q = { name: b.name as string, region: b.region as string, createdBy: "control" as const };
        if ((await createQueue(ctx.tx, ctx.caller.uin, q, ctx.now())) === "exists") throw new ControlError(409, `queue ${q.name} already exists in ${q.region}`);
        return q;
      });
      return ok({ queue }, 201);
    },
  },
  {
    method: "GET",
    path: "/cloudaudit/queues",
    description: "The CMQ queues CloudAudit considers existing (?uin=).",
    handle: async (app, req) =>
      ok({
        queues: await withControlContext(app, "cloudaudit", { uin: req.query.get("uin") ?? undefined, region: "ap-guangzhou" }, (ctx) =>
          queuesOf(ctx.tx, ctx.caller.uin).all(),
        ),
      }),
  },
  {
    method: "GET",
    path: "/cloudaudit/deliveries",
    description:
      "Every delivered file (COS log files, which are COS objects; CMQ/CLS/CKafka JSON lines, kept in the store) with its path relative to root, after delivering what is pending.",
    handle: async (app) => {
      const d = delivery(app);
      const { files, undeliverable } = await d.report();
      return ok({ root: d.root, files, undeliverable });
    },
  },
  {
    method: "GET",
    path: "/cloudaudit/deliveries/file",
    description: "One delivered file as stored (?path= relative to the delivery root).",
    handle: async (app, req) => {
      const d = delivery(app);
      const path = req.query.get("path");
      check(path, "give ?path=");
      const relative = d.relativePath(path);
      check(relative, "path must stay inside the delivery root");
      const data = await d.read(relative);
      if (!data) throw new ControlError(404, `no delivered file ${path}`);
      const contentType = path.endsWith(".gz") ? "application/gzip" : path.endsWith(".jsonl") ? "application/x-ndjson" : "application/json";
      return { status: 200, body: null, raw: { contentType, data } };
    },
  },
];
