import { request } from "node:http";
import COS from "cos-nodejs-sdk-v5";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import type { Running } from "../../src/server";

/** The AppId of the default account: buckets are `<name>-1250000000`. */
export const APPID = DEFAULT_ACCOUNT.appId;
export const REGION = "ap-guangzhou";

export interface CosCredential {
  secretId: string;
  secretKey: string;
  token?: string;
}

/**
 * A cos-nodejs-sdk-v5 client pointed at tclocal the way the README tells users: bucket hosts under
 * `localhost` (Domain), reached through tclocal's address (Ip), over HTTP (Protocol).
 */
export function cosClient(server: Pick<Running, "hostPort" | "endpoint">, cred: CosCredential = { secretId: DEFAULT_ACCOUNT.secretId, secretKey: DEFAULT_ACCOUNT.secretKey }, options: Record<string, unknown> = {}): COS {
  const port = server.hostPort.split(":").pop();
  return new COS({
    SecretId: cred.secretId,
    SecretKey: cred.secretKey,
    ...(cred.token ? { SecurityToken: cred.token } : {}),
    Domain: `{Bucket}.cos.{Region}.localhost:${port}`,
    ServiceDomain: `service.cos.localhost:${port}`,
    Protocol: server.endpoint.startsWith("https") ? "https:" : "http:",
    Ip: server.hostPort,
    StrictSsl: false,
    ...options,
  });
}

/** The error code of a rejected COS SDK call (its XML <Code>, or the HTTP status). */
export async function cosCode(p: Promise<unknown>): Promise<{ code: string; statusCode: number; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: string; statusCode?: number; message?: string };
    return { code: String(err.code), statusCode: err.statusCode ?? 0, message: err.message ?? "" };
  }
  throw new Error("the call succeeded");
}

export const bucketName = (name: string, appId: number = APPID) => `${name}-${appId}`;

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

/**
 * A raw request to a COS host through tclocal's address (presigned URLs, anonymous access, bad input the SDK
 * would refuse to send). `sign` signs it with the SDK's own signer (COS.getAuthorization) and a key.
 */
export function rawCos(
  server: Pick<Running, "endpoint" | "hostPort">,
  host: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: Buffer | string; sign?: CosCredential | true; query?: Record<string, string> } = {},
): Promise<RawReply> {
  const port = server.hostPort.split(":").pop();
  const headers: Record<string, string> = { host: `${host}:${port}`, ...init.headers };
  const method = init.method ?? "GET";
  const query = init.query ?? {};
  if (init.sign) {
    const cred = init.sign === true ? { secretId: DEFAULT_ACCOUNT.secretId, secretKey: DEFAULT_ACCOUNT.secretKey } : init.sign;
    headers.authorization = COS.getAuthorization({
      SecretId: cred.secretId,
      SecretKey: cred.secretKey,
      Method: method as "GET",
      Pathname: decodeURIComponent(path),
      Query: query,
      Headers: headers,
    });
    if (cred.token) headers["x-cos-security-token"] = cred.token;
  }
  const qs = Object.entries(query)
    .map(([k, v]) => (v === "" ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`))
    .join("&");
  const url = new URL(`${server.endpoint}${path}${qs ? `?${qs}` : ""}`);
  return new Promise((resolve, reject) => {
    const req = request({ hostname: url.hostname, port: url.port, path: url.pathname + url.search, method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => {
        const body = Buffer.concat(parts);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString("utf8") });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

/** A URL on a COS host, fetched through tclocal's address (presigned URLs the SDK made). */
export function rawUrl(server: Pick<Running, "endpoint" | "hostPort">, url: string, init: { method?: string; body?: Buffer | string; headers?: Record<string, string> } = {}): Promise<RawReply> {
  const u = new URL(url);
  return rawCos(server, u.hostname, u.pathname + u.search, { method: init.method, body: init.body, headers: init.headers }).then((r) => r);
}
