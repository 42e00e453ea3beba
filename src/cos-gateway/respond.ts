import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import type { Duplex, Readable } from "node:stream";
import type { App } from "../app";
import { redact } from "../platform/audit-trail";
import { CosError } from "../services/cos/errors";
import { escapeXml } from "../services/cos/xml";
import type { CosCall } from "./call";
import { isReadOperation } from "./route";

/** A request id in COS's form: base64 of `<8 hex>_<8 hex>_<4 hex>_<6 hex>`. */
export function cosRequestId(): string {
  const h = randomBytes(13).toString("hex");
  return Buffer.from(`${h.slice(0, 8)}_${h.slice(8, 16)}_${h.slice(16, 20)}_${h.slice(20, 26)}`).toString("base64");
}

export function asCosError(app: App, call: CosCall, e: unknown): CosError {
  if (e instanceof CosError) return e;
  app.logger.error({ err: e, requestId: call.requestId, operation: call.operation }, "unexpected COS error");
  return new CosError("InternalError");
}

/** COS's XML error body (single-quoted declaration and tab indentation, as the real service writes it). */
export function errorBody(call: CosCall, e: CosError): string {
  const host = String(call.req.headers.host ?? "").replace(/:\d+$/, "");
  const lines = [
    `<Code>${e.code}</Code>`,
    `<Message>${escapeXml(e.message)}</Message>`,
    `<Resource>${escapeXml(host + call.rawPath)}</Resource>`,
    `<RequestId>${call.requestId}</RequestId>`,
    `<TraceId>${Buffer.from(randomBytes(24).toString("hex")).toString("base64")}</TraceId>`,
    ...Object.entries(e.extra).map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`),
  ];
  return `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n\t${lines.join("\n\t")}\n</Error>`;
}

/**
 * The answer on a COS host when the request fails outside the pipeline: Node could not parse it (`clientError`:
 * the raw socket, and the Host read from the bytes it got) or the pipeline itself threw (a bug: InternalError).
 * COS's XML error with x-cos-request-id, never the API 3.0 envelope.
 */
export function answerCosFailure(to: ServerResponse | Duplex, host: string | undefined, path: string, failure: unknown): void {
  const code = nodeParseFailure(failure);
  const e = new CosError(code, code === "InvalidRequest" && (failure as NodeJS.ErrnoException).code === "HPE_HEADER_OVERFLOW" ? "The request headers exceed the size limit of 64 KB." : undefined);
  const requestId = cosRequestId();
  const body = errorBody({ req: { headers: { host } }, rawPath: path, requestId } as unknown as CosCall, e);
  const headers = { "x-cos-request-id": requestId, Server: "tencent-cos", Date: new Date().toUTCString(), "Content-Type": "application/xml", "Content-Length": String(Buffer.byteLength(body)), Connection: "close" };
  if (!("writeHead" in to)) {
    const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("");
    to.end(`HTTP/1.1 ${e.status} ${e.status === 500 ? "Internal Server Error" : "Bad Request"}\r\n${head}\r\n${body}`);
    return;
  }
  if (!to.headersSent) to.writeHead(e.status, headers);
  to.end(to.headersSent ? undefined : body);
}

/** What a Node parse error is in COS's terms: a broken body IncompleteBody, other bad HTTP InvalidRequest; anything else InternalError. */
function nodeParseFailure(failure: unknown): "IncompleteBody" | "InvalidRequest" | "InternalError" {
  const code = (failure as NodeJS.ErrnoException | undefined)?.code ?? "";
  if (!code.startsWith("HPE_")) return "InternalError";
  return /CHUNK|BODY|EOF/.test(code) ? "IncompleteBody" : "InvalidRequest";
}

function commonHeaders(call: CosCall): Record<string, string> {
  return { "x-cos-request-id": call.requestId, Server: "tencent-cos", Date: new Date().toUTCString() };
}

/** Writes the answer: the operation's reply (XML, bytes or a stream) or the error body with its status. */
export async function respond(call: CosCall, res: ServerResponse): Promise<void> {
  // A request whose body was not read cannot leave its connection usable.
  const close: Record<string, string> = !call.req.complete && call.req.readableLength !== undefined && Boolean(call.req.headers["content-length"] && call.req.headers["content-length"] !== "0") ? { Connection: "close" } : {};
  if (call.error) {
    const body = call.method === "HEAD" ? "" : errorBody(call, call.error);
    res.writeHead(call.error.status, { ...commonHeaders(call), "Content-Type": "application/xml", "Content-Length": Buffer.byteLength(body), ...close });
    res.end(body);
    if (close.Connection) call.req.resume();
    return;
  }
  const reply = call.reply ?? { status: 200 };
  const headers: Record<string, string | number> = { ...commonHeaders(call), ...reply.headers, ...close };
  const body = reply.body;
  if (body === undefined || typeof body === "string" || Buffer.isBuffer(body)) {
    const bytes = body === undefined ? 0 : Buffer.byteLength(body);
    if (headers["Content-Length"] === undefined) headers["Content-Length"] = bytes;
    if (typeof body === "string" && headers["Content-Type"] === undefined) headers["Content-Type"] = "application/xml";
    res.writeHead(reply.status, headers);
    res.end(call.method === "HEAD" ? undefined : body);
    return;
  }
  res.writeHead(reply.status, headers);
  if (call.method === "HEAD") {
    (body as Readable).destroy();
    res.end();
    return;
  }
  try {
    await pipeline(body as Readable, res);
  } catch (e) {
    // The status is sent: a failure mid-body can only cut the connection (the client sees a short body).
    res.destroy(e as Error);
  }
}

/** The audit record of a COS call (CloudAudit shows it under the COS event name). */
export function record(app: App, call: CosCall): void {
  const latencyMs = Number(process.hrtime.bigint() - call.startedAt) / 1e6;
  const caller = call.caller ?? null;
  const region = call.target.kind === "bucket" ? call.target.region : (call.target.region ?? "");
  app.audit.record({
    requestId: call.requestId,
    time: app.clock.at(call.receivedAt),
    account: caller?.uin ?? call.owner?.uin ?? "",
    region,
    service: "cos",
    version: "",
    action: call.operation ?? "",
    username: caller?.username ?? (call.caller === null ? "anonymous" : ""),
    subUin: caller?.subUin ?? null,
    secretId: caller?.secretId ?? call.secretId ?? null,
    sourceIp: call.sourceIp,
    userAgent: String(call.req.headers["user-agent"] ?? "").slice(0, 256),
    readOnly: isReadOperation(call.operation ?? ""),
    resources: [...call.resources],
    params: redact(call.params) as Record<string, unknown>,
    errorCode: call.error?.code ?? null,
    errorMessage: call.error ? call.error.message.slice(0, 1024) : null,
    latencyMs: Math.round(latencyMs * 1000) / 1000,
    callerKind: caller?.kind ?? null,
    httpMethod: call.method,
  });
  if (app.logger.isLevelEnabled("info")) {
    app.logger.info({ requestId: call.requestId, service: "cos", action: call.operation, region, code: call.error?.code ?? "OK", ms: Math.round(latencyMs * 100) / 100 }, "call");
  }
}
