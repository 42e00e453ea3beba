import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { App } from "../app";
import { fail } from "../errors/api-error";
import { authenticate } from "./authenticate";
import { authorize } from "./authorize";
import { BodyTooLargeError, readBody } from "./body";
import type { Call } from "./call";
import { dispatch } from "./dispatch";
import { injectFaults } from "./inject-faults";
import { msg } from "./messages";
import { decodeMembers, decodeProtocol } from "./protocol";
import { resolveRegion } from "./region";
import { asApiError, record, respond } from "./respond";
import { route } from "./route";
import { throttle } from "./throttle";
import { validate } from "./validate";

type Stage = (app: App, call: Call) => void | Promise<void>;

/**
 * The request pipeline, in order. Every API call goes through these stages and nothing else; a stage fails
 * the call by throwing an ApiError, which is answered in the envelope.
 */
export const pipeline: readonly (readonly [string, Stage])[] = [
  ["protocol: signature version, common parameters, members", decodeProtocol],
  ["shared state: clock, identities and fault rules other processes changed", (app) => app.refreshShared()],
  ["authenticate: key, token, timestamp, signature (v3: over the raw body, before it is read)", authenticate],
  ["members: the v3 body or query, decoded once the caller is known", decodeMembers],
  ["route: product, version, action", route],
  ["region: served by the product", resolveRegion],
  ["authorize: CAM policies, MFA", authorize],
  ["rate limit: per account and action (counts invalid calls too)", throttle],
  ["validate: members against the SDK model", (_app, call) => validate(call)],
  ["fault injection", injectFaults],
  ["dispatch: the action handler in one transaction", dispatch],
];

const EMPTY = Buffer.alloc(0);

export async function handleCall(app: App, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const call: Call = {
    requestId: randomUUID(),
    receivedAt: Date.now(),
    startedAt: process.hrtime.bigint(),
    method: req.method ?? "",
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? "" : url.slice(q + 1),
    headers: req.headers,
    sourceIp: req.socket.remoteAddress ?? "",
    body: EMPTY,
    language: "en-US",
    common: {},
    params: {},
    coerce: false,
    resources: new Set(),
  };
  let close = false;
  try {
    if (call.method !== "GET" && call.method !== "POST") fail("UnsupportedProtocol", msg.unsupportedProtocol(call.method));
    if (!call.headers.host) fail("InvalidParameter", msg.missingHost());
    if (call.method === "POST") call.body = await readBody(req);
    for (const [, stage] of pipeline) {
      const pending = stage(app, call);
      if (pending) await pending;
    }
  } catch (e) {
    call.error = asApiError(app, call, e);
    close = e instanceof BodyTooLargeError;
  }
  respond(call, res, close);
  record(app, call);
}
