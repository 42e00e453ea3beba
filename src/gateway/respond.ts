import type { ServerResponse } from "node:http";
import JSONbig from "json-bigint";
import type { App } from "../app";
import { ApiError } from "../errors/api-error";
import { describeCode } from "../errors/catalog";
import { isReadOnlyAction } from "../platform/definition";
import { AUDIT_LIMITS, redact } from "../platform/audit-trail";
import type { Call } from "./call";
import { msg } from "./messages";
import { intendedService } from "./route";

const bigJson = JSONbig({ useNativeBigInt: true });

/** Any failure becomes an ApiError; what is not one is a bug, answered as InternalError and logged. */
export function asApiError(app: App, call: Call, e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  app.logger.error({ err: e, requestId: call.requestId, service: call.service, action: call.action }, "unexpected error");
  return new ApiError("InternalError", msg.internalError());
}

function errorMessage(call: Call, e: ApiError): string {
  const d = e.detail;
  if (d === undefined) return describeCode(call.service ?? "kms", e.code, call.language);
  if (typeof d === "string") return d;
  return call.language === "zh-CN" ? d.zh : d.en;
}

/** The API 3.0 envelope, always HTTP 200: members then RequestId, or Error then RequestId. */
export function envelope(call: Call): string {
  if (call.error) {
    return JSON.stringify({
      Response: { Error: { Code: call.error.code, Message: errorMessage(call, call.error) }, RequestId: call.requestId },
    });
  }
  const body = { Response: { ...call.response, RequestId: call.requestId } };
  try {
    return JSON.stringify(body);
  } catch {
    return bigJson.stringify(body); // 64-bit integers the client sent as BigInt go back exact
  }
}

export function respond(call: Call, res: ServerResponse, closeConnection = false): void {
  const text = envelope(call);
  const headers: Record<string, string | number> = {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  };
  if (call.traceId) headers["X-TC-TraceId"] = call.traceId;
  if (closeConnection) headers.Connection = "close";
  res.writeHead(200, headers);
  res.end(text);
}

/** Values a client chose (action names, user agents, messages that quote them) are kept to a bounded length. */
function clip(text: string, max: number = AUDIT_LIMITS.string): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

/** The audit record and the log line of a finished call. */
export function record(app: App, call: Call): void {
  const latencyMs = Number(process.hrtime.bigint() - call.startedAt) / 1e6;
  const code = call.error?.code ?? null;
  app.audit.record({
    requestId: call.requestId,
    time: app.clock.at(call.receivedAt),
    account: call.caller?.uin ?? call.account ?? "",
    region: clip(call.region ?? call.common.region ?? "", 64),
    service: call.service ?? intendedService(call) ?? "",
    version: clip(call.version ?? "", 64),
    action: clip(call.action ?? "", 128),
    username: call.caller?.username ?? "",
    subUin: call.caller?.subUin ?? null,
    secretId: clip(call.caller?.secretId ?? call.common.secretId ?? "", 160) || null,
    sourceIp: call.sourceIp,
    userAgent: clip(String(call.common.requestClient ?? call.headers["user-agent"] ?? "")),
    readOnly: isReadOnlyAction(call.action ?? ""),
    resources: [...call.resources],
    params: redact(call.params) as Record<string, unknown>,
    errorCode: code,
    errorMessage: call.error ? clip(errorMessage(call, call.error), 1024) : null,
    latencyMs: Math.round(latencyMs * 1000) / 1000,
    callerKind: call.caller?.kind ?? null,
    httpMethod: call.method,
  });
  if (app.logger.isLevelEnabled("info")) {
    app.logger.info(
      { requestId: call.requestId, service: call.service, action: call.service ? call.action : clip(call.action ?? "", 128), region: call.region, code: code ?? "OK", ms: Math.round(latencyMs * 100) / 100 },
      "call",
    );
  }
}
