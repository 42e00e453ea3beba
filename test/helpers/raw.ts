import { request } from "node:http";
import Sign from "tencentcloud-sdk-nodejs/tencentcloud/common/sign";
import { devCredential, type Credential } from "./sdk";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/** Sends exactly these bytes and headers (Host included) to tclocal. */
export function send(
  hostPort: string,
  o: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  const [hostname, port] = hostPort.split(":");
  return new Promise((resolve, reject) => {
    const req = request(
      { host: hostname, port: Number(port), method: o.method ?? "POST", path: o.path ?? "/", headers: o.headers, setHost: !o.headers?.Host && !o.headers?.host },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: any;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on("error", reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

export interface Tc3Request {
  service?: string;
  action: string;
  version: string;
  region?: string;
  body?: string;
  timestamp?: number;
  credential?: Credential;
  /** Host header sent; the signature covers its hostname, as the Node SDK does. */
  host?: string;
  extraHeaders?: Record<string, string>;
  contentType?: string;
}

/** Headers of a TC3-HMAC-SHA256 request signed by the official SDK's own signer. */
export function tc3Headers(hostPort: string, r: Tc3Request): { headers: Record<string, string>; body: string } {
  const body = r.body ?? "{}";
  const host = r.host ?? hostPort;
  const timestamp = r.timestamp ?? Math.floor(Date.now() / 1000);
  const cred = r.credential ?? devCredential;
  const headers: Record<string, string> = {
    Host: host,
    "Content-Type": r.contentType ?? "application/json",
    "X-TC-Action": r.action,
    "X-TC-Version": r.version,
    "X-TC-Timestamp": String(timestamp),
    ...(r.region !== undefined ? { "X-TC-Region": r.region } : {}),
    ...(cred.token ? { "X-TC-Token": cred.token } : {}),
    ...r.extraHeaders,
  };
  headers.Authorization = Sign.sign3({
    method: "POST",
    url: `http://${host}/`,
    payload: Buffer.from(body),
    timestamp,
    service: r.service ?? "kms",
    secretId: cred.secretId,
    secretKey: cred.secretKey,
    multipart: false,
    boundary: undefined,
    headers,
  } as never);
  return { headers, body };
}

export function sendTc3(hostPort: string, r: Tc3Request): Promise<RawResponse> {
  const { headers, body } = tc3Headers(hostPort, r);
  return send(hostPort, { headers, body });
}

/** A signature v1 request (HmacSHA1/HmacSHA256) signed by the official SDK's signer; params are sent as given. */
export function v1Query(
  hostPort: string,
  params: Record<string, string | number>,
  o: { method?: "GET" | "POST"; credential?: Credential; signatureMethod?: "HmacSHA1" | "HmacSHA256"; host?: string; path?: string } = {},
): { path: string; body?: string; headers: Record<string, string> } {
  const cred = o.credential ?? devCredential;
  const method = o.method ?? "GET";
  const all: Record<string, string | number> = {
    Timestamp: Math.floor(Date.now() / 1000),
    Nonce: Math.floor(Math.random() * 65535),
    SecretId: cred.secretId,
    SignatureMethod: o.signatureMethod ?? "HmacSHA256",
    ...params,
  };
  const host = o.host ?? hostPort;
  const base = o.path ?? "/";
  const str = `${method}${host}${base}?${Object.keys(all)
    .sort()
    .map((k) => `${k}=${all[k]}`)
    .join("&")}`;
  all.Signature = Sign.sign(cred.secretKey, str, String(all.SignatureMethod) as never);
  const qs = new URLSearchParams(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, String(v)]))).toString();
  if (method === "GET") return { path: `${base}?${qs}`, headers: { Host: host } };
  return { path: base, body: qs, headers: { Host: host, "Content-Type": "application/x-www-form-urlencoded" } };
}
