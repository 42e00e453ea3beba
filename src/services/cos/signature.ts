import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/**
 * The COS request signature (XML API, "q-sign-algorithm=sha1&…"), as product 436's "Request Signature" page
 * specifies it and the COS SDKs compute it:
 *   SignKey      = HMAC-SHA1(SecretKey, q-key-time) (hex)
 *   HttpString   = method\npath\nparams\nheaders\n   (keys lowercased and encoded, sorted; values encoded)
 *   StringToSign = sha1\nq-sign-time\nSHA1(HttpString)\n
 *   q-signature  = HMAC-SHA1(SignKey, StringToSign) (hex)
 * It comes in the Authorization header or, for presigned URLs, in the query string.
 */
export interface CosAuthorization {
  readonly secretId: string;
  readonly signTime: { readonly start: number; readonly end: number };
  readonly keyTime: string;
  readonly signTimeText: string;
  readonly headerList: readonly string[];
  readonly paramList: readonly string[];
  readonly signature: string;
  readonly where: "header" | "query";
}

const FIELDS = ["q-sign-algorithm", "q-ak", "q-sign-time", "q-key-time", "q-header-list", "q-url-param-list", "q-signature"] as const;
export const SIGNATURE_PARAMS: ReadonlySet<string> = new Set(FIELDS);

/** camSafeUrlEncode of the COS SDKs: encodeURIComponent plus ! ' ( ) *. */
export function cosEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Parses the `q-…` fields; a string names what is wrong. */
export function parseCosAuthorization(fields: ReadonlyMap<string, string>, where: "header" | "query"): CosAuthorization | string {
  for (const f of FIELDS) if (!fields.has(f)) return `the signature has no ${f}`;
  if (fields.get("q-sign-algorithm")!.toLowerCase() !== "sha1") return "q-sign-algorithm must be sha1";
  const signTimeText = fields.get("q-sign-time")!;
  const m = /^(\d{1,12});(\d{1,12})$/.exec(signTimeText);
  if (!m) return "q-sign-time must be <start>;<end> in epoch seconds";
  const keyTime = fields.get("q-key-time")!;
  if (!/^\d{1,12};\d{1,12}$/.test(keyTime)) return "q-key-time must be <start>;<end> in epoch seconds";
  const signature = fields.get("q-signature")!;
  if (!/^[0-9a-f]{40}$/i.test(signature)) return "q-signature must be 40 hexadecimal characters";
  const list = (name: string) => fields.get(name)!.split(";").filter(Boolean).map((s) => s.toLowerCase());
  return {
    secretId: fields.get("q-ak")!,
    signTime: { start: Number(m[1]), end: Number(m[2]) },
    keyTime,
    signTimeText,
    headerList: list("q-header-list"),
    paramList: list("q-url-param-list"),
    signature: signature.toLowerCase(),
    where,
  };
}

/** The Authorization header's fields (`k=v&k=v`, values as sent). */
export function headerFields(header: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of header.trim().split("&")) {
    const i = part.indexOf("=");
    if (i > 0) out.set(part.slice(0, i).trim().toLowerCase(), part.slice(i + 1).trim());
  }
  return out;
}

export interface SignedRequest {
  readonly method: string;
  /** The decoded path, `/` + object key. */
  readonly path: string;
  /** Query parameters: key as sent (decoded) → decoded value. */
  readonly query: ReadonlyMap<string, string>;
  readonly headers: IncomingHttpHeaders;
}

function pairs(list: readonly string[], lookup: (key: string) => string | undefined): string {
  return [...list]
    .sort()
    .map((k) => `${k}=${cosEncode(lookup(k) ?? "")}`)
    .join("&");
}

export function stringsToSign(req: SignedRequest, auth: CosAuthorization): { formatString: string; stringToSign: string } {
  const query = new Map<string, string>();
  for (const [k, v] of req.query) query.set(cosEncode(k).toLowerCase(), v);
  const header = (k: string) => {
    const v = req.headers[decodeURIComponent(k)];
    return v === undefined ? undefined : Array.isArray(v) ? v.join(",") : String(v);
  };
  const formatString = [req.method.toLowerCase(), req.path, pairs(auth.paramList, (k) => query.get(k)), pairs(auth.headerList, header), ""].join("\n");
  const stringToSign = ["sha1", auth.signTimeText, createHash("sha1").update(formatString, "utf8").digest("hex"), ""].join("\n");
  return { formatString, stringToSign };
}

export function cosSignature(secretKey: string, keyTime: string, stringToSign: string): string {
  const signKey = createHmac("sha1", secretKey).update(keyTime).digest("hex");
  return createHmac("sha1", signKey).update(stringToSign).digest("hex");
}

/** Whether the signature matches (constant time), with the strings the real service echoes on a mismatch. */
export function verifyCosSignature(req: SignedRequest, auth: CosAuthorization, secretKey: string): { ok: boolean; formatString: string; stringToSign: string } {
  const strings = stringsToSign(req, auth);
  const expected = Buffer.from(cosSignature(secretKey, auth.keyTime, strings.stringToSign));
  const given = Buffer.from(auth.signature);
  return { ok: expected.length === given.length && timingSafeEqual(expected, given), ...strings };
}

/** Signs a request the way the SDKs do (tests, CloudAudit's own reads): the Authorization value. */
export function signCosRequest(input: {
  secretId: string;
  secretKey: string;
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  start: number;
  end: number;
}): string {
  const headers = Object.fromEntries(Object.entries(input.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const query = new Map(Object.entries(input.query ?? {}));
  const auth: CosAuthorization = {
    secretId: input.secretId,
    signTime: { start: input.start, end: input.end },
    keyTime: `${input.start};${input.end}`,
    signTimeText: `${input.start};${input.end}`,
    headerList: Object.keys(headers).map((k) => cosEncode(k).toLowerCase()).sort(),
    paramList: [...query.keys()].map((k) => cosEncode(k).toLowerCase()).sort(),
    signature: "",
    where: "header",
  };
  const { stringToSign } = stringsToSign({ method: input.method, path: input.path, query, headers }, auth);
  return [
    "q-sign-algorithm=sha1",
    `q-ak=${auth.secretId}`,
    `q-sign-time=${auth.signTimeText}`,
    `q-key-time=${auth.keyTime}`,
    `q-header-list=${auth.headerList.join(";")}`,
    `q-url-param-list=${auth.paramList.join(";")}`,
    `q-signature=${cosSignature(input.secretKey, auth.keyTime, stringToSign)}`,
  ].join("&");
}
