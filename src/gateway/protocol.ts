import Busboy from "busboy";
import { ApiError, fail } from "../errors/api-error";
import type { Call, CommonParams, SignatureMethod } from "./call";
import { MAX_GET_BYTES } from "./body";
import { parseRequestJson } from "./json";
import { msg } from "./messages";
import { unflatten } from "./unflatten";

/** Signature v1 requests are limited to 1 MB, as API 3.0 documents (larger ones must use TC3-HMAC-SHA256). */
export const MAX_V1_BYTES = 1024 * 1024;

const V1_COMMON: Record<string, keyof CommonParams> = {
  Action: "action",
  Version: "version",
  Region: "region",
  Timestamp: "timestamp",
  Nonce: "nonce",
  SecretId: "secretId",
  Signature: "signature",
  SignatureMethod: "signatureMethod",
  Token: "token",
  Language: "language",
  RequestClient: "requestClient",
};

/**
 * Stage "protocol": decides the signature version and decodes the common parameters. Signature v3 carries them
 * in X-TC-* headers and signs the raw body, so its members are decoded only after authentication (stage
 * "members"): an unauthenticated caller learns nothing about parsing. Signature v1 signs the parameters
 * themselves, so they must be decoded first, members included.
 */
export function decodeProtocol(_app: unknown, call: Call): void {
  const h = call.headers;
  const trace = h["x-tc-traceid"];
  if (typeof trace === "string") call.traceId = trace;
  const auth = h.authorization;
  if (auth !== undefined || h["x-tc-action"] !== undefined) {
    call.signatureVersion = "v3";
    call.common = {
      action: header(h["x-tc-action"]),
      version: header(h["x-tc-version"]),
      region: header(h["x-tc-region"]),
      timestamp: header(h["x-tc-timestamp"]),
      token: header(h["x-tc-token"]),
      language: header(h["x-tc-language"]),
      requestClient: header(h["x-tc-requestclient"]),
      signatureMethod: "TC3-HMAC-SHA256",
    };
    setLanguage(call, "X-TC-Language");
    return;
  }

  call.signatureVersion = "v1";
  const size = call.method === "GET" ? call.query.length : call.body.length;
  if (call.method === "GET" && size > MAX_GET_BYTES) fail("InvalidParameter", msg.bodyTooLarge("32 KB for GET requests"));
  if (size > MAX_V1_BYTES) fail("AuthFailure.SignatureFailure", msg.v1TooLarge());
  let raw: Record<string, string> = {};
  if (call.method === "GET") raw = parseForm(call.query);
  else if (mediaType(h["content-type"]) === "application/x-www-form-urlencoded") raw = parseForm(call.body.toString("utf8"));
  // Other POST bodies carry no v1 parameters: the missing Action is reported below, as the real API does.
  const common: CommonParams = {};
  const members: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const field = V1_COMMON[k];
    if (field) (common as Record<string, string>)[field] = v;
    else members[k] = v;
  }
  call.common = common;
  call.v1Params = raw;
  setLanguage(call, "Language");
  call.params = unflatten(members);
  call.coerce = true;
}

/**
 * Stage "members" (signature v3, after authentication): the action's members from the query string (GET) or
 * the body (JSON, url-encoded form, multipart). Signature v1 members were decoded with the protocol.
 */
export function decodeMembers(_app: unknown, call: Call): void | Promise<void> {
  if (call.signatureVersion !== "v3") return;
  if (call.method === "GET") {
    if (call.query.length > MAX_GET_BYTES) fail("InvalidParameter", msg.bodyTooLarge("32 KB for GET requests"));
    call.params = unflatten(parseForm(call.query));
    call.coerce = true;
    return;
  }
  return decodeV3Body(call);
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function setLanguage(call: Call, name: string): void {
  const lang = call.common.language;
  if (lang === undefined || lang === "en-US") call.language = "en-US";
  else if (lang === "zh-CN") call.language = "zh-CN";
  else fail("InvalidParameterValue", msg.invalidValue(name));
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

function decodeV3Body(call: Call): void | Promise<void> {
  const type = mediaType(call.headers["content-type"]);
  if (type === "application/json") {
    call.coerce = false;
    decodeJson(call);
  } else if (type === "multipart/form-data") {
    call.coerce = true;
    return parseMultipart(call).then((params) => void (call.params = params));
  } else if (type === "application/x-www-form-urlencoded") {
    call.params = unflatten(parseForm(call.body.toString("utf8")));
    call.coerce = true;
  } else {
    fail("InvalidParameter", msg.unsupportedContentType(type || "(none)"));
  }
}

function decodeJson(call: Call): void {
  const { lossy, exact } = parseRequestJson(call.body.toString("utf8"));
  if (!lossy || typeof lossy !== "object" || Array.isArray(lossy)) fail("InvalidParameter", msg.bodyNotObject());
  call.params = (exact ?? lossy) as Record<string, unknown>;
  if (exact) call.paramsForValidation = lossy as Record<string, unknown>;
}

/** `a=1&b=2` with percent-encoding and `+` for space; a duplicated name or a pair without `=` is refused. */
export function parseForm(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const pair of text.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    if (eq <= 0) fail("InvalidParameter", msg.badForm());
    let key: string, value: string;
    try {
      key = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, " "));
      value = decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, " "));
    } catch {
      fail("InvalidParameter", msg.badForm());
    }
    if (Object.prototype.hasOwnProperty.call(out, key)) fail("InvalidParameter", msg.duplicateParameter(key));
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Multipart parts become members; a part sent as application/json carries a list or structure. */
function parseMultipart(call: Call): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const out: Record<string, unknown> = {};
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({ headers: call.headers, limits: { fieldSize: call.body.length + 1 } });
    } catch {
      reject(new ApiError("InvalidParameter", msg.unsupportedContentType("multipart/form-data")));
      return;
    }
    const put = (name: string, value: unknown) => {
      if (Object.prototype.hasOwnProperty.call(out, name)) {
        reject(new ApiError("InvalidParameter", msg.duplicateParameter(name)));
        return;
      }
      Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
    };
    bb.on("field", (name, value, info) => {
      if (info.mimeType === "application/json") {
        try {
          put(name, parseRequestJson(value).lossy);
        } catch (e) {
          reject(e instanceof ApiError ? e : new ApiError("InvalidParameter", msg.invalidJson()));
        }
      } else put(name, value);
    });
    bb.on("file", (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => put(name, Buffer.concat(chunks).toString("base64")));
    });
    bb.on("error", () => reject(new ApiError("InvalidParameter", msg.badForm())));
    bb.on("close", () => resolve(out));
    bb.end(call.body);
  });
}

export function isSignatureMethod(v: string): v is SignatureMethod {
  return v === "HmacSHA1" || v === "HmacSHA256" || v === "TC3-HMAC-SHA256";
}
