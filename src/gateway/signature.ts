import { createHmac, hash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** The parts of a TC3-HMAC-SHA256 Authorization header. */
export interface Tc3Authorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const TC3 = /^TC3-HMAC-SHA256\s+Credential=([^,\s]*),\s*SignedHeaders=([^,\s]*),\s*Signature=([^,\s]*)\s*$/;

/** Parses the header; returns the problem as a string when it is malformed. */
export function parseTc3Authorization(header: string): Tc3Authorization | string {
  const m = TC3.exec(header);
  if (!m) return "the header must read `TC3-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.";
  const scope = m[1].split("/");
  if (scope.length !== 4 || scope[3] !== "tc3_request") return "`Credential` must be SecretId/Date/Service/tc3_request.";
  const [secretId, date, service] = scope;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return "the date in `Credential` must be YYYY-MM-DD.";
  if (!/^[0-9a-f]{64}$/i.test(m[3])) return "`Signature` must be 64 hexadecimal characters.";
  const signedHeaders = m[2].split(";");
  if (!signedHeaders.includes("content-type") || !signedHeaders.includes("host"))
    return "`SignedHeaders` must include content-type and host.";
  if (signedHeaders.some((h) => h !== h.toLowerCase() || !h)) return "`SignedHeaders` must be lowercase header names.";
  return { secretId, date, service, signedHeaders, signature: m[3].toLowerCase() };
}

export function sha256Hex(data: string | Buffer): string {
  return hash("sha256", data, "hex");
}

let lastDay = NaN;
let lastDate = "";
/** The UTC date of an epoch-seconds timestamp, as the credential scope writes it (computed once a day). */
export function utcDate(timestampSeconds: number): string {
  const day = Math.floor(timestampSeconds / 86_400);
  if (day !== lastDay) {
    lastDate = new Date(day * 86_400_000).toISOString().slice(0, 10);
    lastDay = day;
  }
  return lastDate;
}

/** The derived TC3 signing key as HMAC-SHA256's two padded key blocks (RFC 2104), ready for one-shot hashes. */
interface SigningKey {
  inner: Buffer;
  outer: Buffer;
}

const signingKeys = new Map<string, SigningKey>();

/** The derived TC3 signing key, cached per (key, date, service): the chain costs three HMACs. */
function signingKey(secretKey: string, date: string, service: string): SigningKey {
  const cacheKey = `${date}\u0000${service}\u0000${secretKey}`;
  let k = signingKeys.get(cacheKey);
  if (!k) {
    const kDate = createHmac("sha256", "TC3" + secretKey).update(date).digest();
    const kService = createHmac("sha256", kDate).update(service).digest();
    const key = createHmac("sha256", kService).update("tc3_request").digest();
    const block = Buffer.alloc(64);
    key.copy(block);
    k = { inner: Buffer.from(block.map((b) => b ^ 0x36)), outer: Buffer.from(block.map((b) => b ^ 0x5c)) };
    if (signingKeys.size > 10_000) signingKeys.clear();
    signingKeys.set(cacheKey, k);
  }
  return k;
}

/** HMAC-SHA256 with a cached key as two one-shot hashes (no HMAC object per call). */
function hmacHex(key: SigningKey, message: string): string {
  const inner = hash("sha256", Buffer.concat([key.inner, Buffer.from(message)]), "buffer");
  return hash("sha256", Buffer.concat([key.outer, inner]), "hex");
}

export interface Tc3Input {
  method: string;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  timestamp: string;
  auth: Tc3Authorization;
  secretKey: string;
}

/**
 * Canonical header blocks worth trying: values lowercased as the specification says, and as sent; the host
 * with and without its port (the Node SDK signs the hostname but sends host:port).
 */
function* canonicalHeaderVariants(headers: IncomingHttpHeaders, signed: string[]): Generator<string> {
  const value = (name: string) => {
    const v = headers[name];
    return (Array.isArray(v) ? v.join(",") : v ?? "").trim();
  };
  const host = value("host");
  const bare = host.replace(/:\d+$/, "");
  const hosts = bare !== host ? [bare, host] : [host];
  const seen = new Set<string>();
  for (const lower of [true, false]) {
    for (const h of hosts) {
      let block = "";
      for (const name of signed) block += `${name}:${name === "host" ? h : lower ? value(name).toLowerCase() : value(name)}\n`;
      if (seen.has(block)) continue;
      seen.add(block);
      yield block;
    }
  }
}

function tc3SignatureWithHash(input: Omit<Tc3Input, "headers">, canonicalHeaders: string, payloadHash: string): string {
  const { auth } = input;
  const canonicalRequest = [input.method, input.path, input.query, canonicalHeaders, auth.signedHeaders.join(";"), payloadHash].join("\n");
  const stringToSign = `TC3-HMAC-SHA256\n${input.timestamp}\n${auth.date}/${auth.service}/tc3_request\n${sha256Hex(canonicalRequest)}`;
  return hmacHex(signingKey(input.secretKey, auth.date, auth.service), stringToSign);
}

/** Whether the TC3 signature is right for any acceptable canonical form; comparisons are constant-time. */
export function verifyTc3(input: Tc3Input): boolean {
  const unsigned = String(input.headers["x-tc-content-sha256"] ?? "").toUpperCase() === "UNSIGNED-PAYLOAD";
  const payloadHash = sha256Hex(unsigned ? "UNSIGNED-PAYLOAD" : input.body);
  const expected = Buffer.from(input.auth.signature, "utf8");
  for (const headers of canonicalHeaderVariants(input.headers, input.auth.signedHeaders)) {
    const actual = Buffer.from(tc3SignatureWithHash(input, headers, payloadHash), "utf8");
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) return true;
  }
  return false;
}

/** The signature v1 string: METHOD + host + path + "?" + the sorted parameters, raw (not url-encoded). */
export function v1StringToSign(method: string, host: string, path: string, params: Record<string, string>): string {
  const pairs = Object.keys(params)
    .filter((k) => k !== "Signature")
    .sort()
    .map((k) => `${k}=${params[k]}`);
  return `${method}${host}${path}?${pairs.join("&")}`;
}

export function v1Signature(secretKey: string, method: "HmacSHA1" | "HmacSHA256", stringToSign: string): string {
  return createHmac(method === "HmacSHA1" ? "sha1" : "sha256", secretKey).update(stringToSign, "utf8").digest("base64");
}

export function verifyV1(input: {
  method: string;
  host: string;
  path: string;
  params: Record<string, string>;
  signatureMethod: "HmacSHA1" | "HmacSHA256";
  secretKey: string;
  signature: string;
}): boolean {
  const expected = Buffer.from(input.signature, "utf8");
  const hosts = [input.host];
  const bare = input.host.replace(/:\d+$/, "");
  if (bare !== input.host) hosts.push(bare);
  for (const host of hosts) {
    const s = v1StringToSign(input.method, host, input.path, input.params);
    const actual = Buffer.from(v1Signature(input.secretKey, input.signatureMethod, s), "utf8");
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) return true;
  }
  return false;
}

/**
 * Signs a request the way the official SDKs do (TC3-HMAC-SHA256 over content-type and host): init seed files
 * call tclocal through its own pipeline with it.
 */
export function signTc3(o: {
  hostPort: string;
  service: string;
  action: string;
  version: string;
  region?: string;
  body: string;
  secretId: string;
  secretKey: string;
  timestamp?: number;
}): Record<string, string> {
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  const date = utcDate(timestamp);
  const host = o.hostPort.replace(/:\d+$/, "");
  const auth: Tc3Authorization = { secretId: o.secretId, date, service: o.service, signedHeaders: ["content-type", "host"], signature: "" };
  const canonicalHeaders = `content-type:application/json\nhost:${host}\n`;
  const signature = tc3SignatureWithHash(
    { method: "POST", path: "/", query: "", body: Buffer.from(o.body), timestamp: String(timestamp), auth, secretKey: o.secretKey },
    canonicalHeaders,
    sha256Hex(o.body),
  );
  return {
    "Content-Type": "application/json",
    Host: o.hostPort,
    "X-TC-Action": o.action,
    "X-TC-Version": o.version,
    "X-TC-Timestamp": String(timestamp),
    ...(o.region ? { "X-TC-Region": o.region } : {}),
    Authorization: `TC3-HMAC-SHA256 Credential=${o.secretId}/${date}/${o.service}/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`,
  };
}
