import type { IncomingMessage, ServerResponse } from "node:http";
import type { App } from "../app";
import { requireBucket, type Bucket } from "../services/cos/buckets";
import type { CosContext } from "../services/cos/context";
import { cosFail } from "../services/cos/errors";
import { applyLifecycle } from "../services/cos/lifecycle";
import { operations } from "../services/cos/operations";
import { corsHeaders } from "../services/cos/operations/object-extras";
import { websiteOperation } from "../services/cos/operations/website";
import { text } from "../services/cos/xml";
import { authenticate } from "./authenticate";
import { authorize } from "./authorize";
import type { CosCall } from "./call";
import { cosTarget, isCosRegion, splitBucket, type CosTarget } from "./host";
import { ownerOfAppId } from "./identity";
import { asCosError, cosRequestId, record, respond } from "./respond";
import { operationName } from "./route";

type Stage = (app: App, call: CosCall, state: { bucket?: Bucket }) => void | Promise<void>;

/**
 * The COS request pipeline, beside the API 3.0 one (src/gateway/pipeline.ts): COS has its own wire protocol
 * (XML bodies, its own signature, its own error body with HTTP statuses). Every COS request goes through
 * these stages in order; a stage fails the request by throwing a CosError. Then the answer is written and the
 * call recorded in the audit trail.
 */
export const cosPipeline: readonly (readonly [string, Stage])[] = [
  ["route: bucket and region from the Host, key from the path, operation from method and sub-resource", route],
  ["shared state: clock, identities other processes changed", (app) => app.refreshShared()],
  ["authenticate: COS signature (header or presigned URL), key, x-cos-security-token", (app, call) => authenticate(app, call)],
  ["bucket: its owner (the AppId of the Host) and its document", resolveBucket],
  ["reconcile: the bucket's lifecycle rules due on the emulator clock", reconcile],
  ["website: the index document of a website endpoint's folder", websiteKey],
  ["authorize: CAM policies, bucket policy, ACLs (anonymous only through these)", (app, call, s) => authorize(app, call, s.bucket)],
  ["operation: the COS operation, streaming object bytes to and from the blob store", runOperation],
];

/** Whether a request is for COS (its Host is a COS name), given the configured domain. */
export function cosTargetOf(app: App, host: string | undefined): CosTarget | null {
  return cosTarget(host, app.config.cosDomain ?? "localhost");
}

function decodeQuery(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of raw.split("&")) {
    if (!part) continue;
    const i = part.indexOf("=");
    const k = i < 0 ? part : part.slice(0, i);
    const v = i < 0 ? "" : part.slice(i + 1);
    try {
      out.set(decodeURIComponent(k).toLowerCase(), decodeURIComponent(v));
    } catch {
      cosFail("InvalidURI");
    }
  }
  return out;
}

function route(_app: App, call: CosCall): void {
  try {
    call.path = decodeURIComponent(call.rawPath);
  } catch {
    cosFail("InvalidURI");
  }
  call.query = decodeQuery(call.rawQuery);
  const t = call.target;
  if (t.kind === "service" && t.region && call.path !== "/") {
    // Path style (legacy): /<bucket>-<appid>/<key> on the region's endpoint.
    const slash = call.path.indexOf("/", 1);
    const first = slash < 0 ? call.path.slice(1) : call.path.slice(1, slash);
    call.target = { kind: "bucket", region: t.region, ...splitBucket(first), pathStyle: true };
    call.key = slash < 0 ? "" : call.path.slice(slash + 1);
  } else {
    call.key = call.path.slice(1);
  }
  call.operation = operationName(call);
  if (call.target.kind === "bucket") {
    call.params.Bucket = `${call.target.bucket}${call.target.appId === null ? "" : `-${call.target.appId}`}`;
    if (call.key) call.params.Key = call.key;
  }
  const region = call.target.kind === "bucket" ? call.target.region : call.target.region;
  if (region) call.params.Region = region;
}

async function resolveBucket(app: App, call: CosCall, state: { bucket?: Bucket }): Promise<void> {
  const t = call.target;
  if (t.kind === "service") {
    if (call.caller) call.owner = { uin: call.caller.uin, appId: call.caller.appId };
    return;
  }
  if (t.appId === null) cosFail("InvalidBucketName", "The specified bucket is not valid: a bucket is named <BucketName-APPID>.");
  const owner = await ownerOfAppId(app, t.appId);
  if (!owner) cosFail(call.operation === "PutBucket" ? "AccessDenied" : "NoSuchBucket");
  call.owner = owner;
  if (!isCosRegion(t.region)) cosFail(call.operation === "PutBucket" ? "InvalidArgument" : "NoSuchBucket", `The region ${t.region} is not a COS region.`);
  if (call.operation === "PutBucket") return;
  state.bucket = await app.store.transaction((tx) => requireBucket(tx, owner.uin, t.region, t.bucket));
}

async function reconcile(app: App, call: CosCall, state: { bucket?: Bucket }): Promise<void> {
  const bucket = state.bucket;
  if (!bucket?.configs.lifecycle) return;
  const now = app.clock.at(call.receivedAt);
  await app.store.transaction((tx) => applyLifecycle(tx, bucket, now, app.blobs, (e) => app.logger.warn({ err: e }, "cos blob cleanup failed")), { lockKey: bucket.owner });
}

/** A website endpoint serves `<folder>/<IndexDocument.Suffix>` for a folder (or the root). */
function websiteKey(_app: App, call: CosCall, state: { bucket?: Bucket }): void {
  if (call.target.kind !== "bucket" || !call.target.website) return;
  const config = state.bucket?.configs.website;
  if (!config) cosFail("NoSuchWebsiteConfiguration");
  const suffix = text((config.IndexDocument as Record<string, unknown> | undefined)?.Suffix);
  if (suffix && (call.key === "" || call.key.endsWith("/"))) call.key += suffix;
}

async function runOperation(app: App, call: CosCall, state: { bucket?: Bucket }): Promise<void> {
  const op = call.target.kind === "bucket" && call.target.website ? websiteOperation(state.bucket!) : operations[call.operation!];
  if (!op) cosFail("NotImplemented", `tclocal does not implement the COS operation ${call.operation} yet.`);
  const t = call.target;
  const ctx: CosContext = {
    app,
    caller: call.caller ?? null,
    owner: call.owner!,
    resources: call.resources,
    params: call.params,
    req: {
      requestId: call.requestId,
      method: call.method,
      region: t.kind === "bucket" ? t.region : (t.region ?? ""),
      bucket: t.kind === "bucket" ? t.bucket : null,
      appId: t.kind === "bucket" ? t.appId : null,
      key: call.key,
      query: call.query,
      headers: call.req.headers,
      body: call.req,
      now: app.clock.at(call.receivedAt),
      origin: `http://${call.req.headers.host ?? "127.0.0.1"}`,
      sourceIp: call.sourceIp,
    },
  };
  call.reply = await op(ctx);
  // Answers to a cross-origin request carry the CORS headers of the bucket's matching rule.
  const origin = call.req.headers.origin;
  if (origin && state.bucket?.configs.cors && call.operation !== "OptionsObject") {
    const cors = corsHeaders(state.bucket.configs, origin, call.method, []);
    if (cors) call.reply = { ...call.reply, headers: { ...call.reply.headers, ...cors } };
  }
}

export async function handleCos(app: App, target: CosTarget, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const call: CosCall = {
    requestId: cosRequestId(),
    receivedAt: Date.now(),
    startedAt: process.hrtime.bigint(),
    req,
    method: req.method ?? "",
    rawPath: q < 0 ? url : url.slice(0, q),
    rawQuery: q < 0 ? "" : url.slice(q + 1),
    sourceIp: req.socket.remoteAddress ?? "",
    target,
    path: "/",
    key: "",
    query: new Map(),
    resources: new Set(),
    params: {},
  };
  const state: { bucket?: Bucket } = {};
  try {
    for (const [, stage] of cosPipeline) {
      const pending = stage(app, call, state);
      if (pending) await pending;
    }
  } catch (e) {
    call.error = asCosError(app, call, e);
  }
  try {
    await respond(call, res);
  } finally {
    record(app, call);
  }
}
