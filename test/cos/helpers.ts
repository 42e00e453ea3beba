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

/** A raw request to a bucket host through tclocal's address (presigned URLs, anonymous access, bad input). */
export function rawCos(server: Pick<Running, "endpoint" | "hostPort">, host: string, path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
  const port = server.hostPort.split(":").pop();
  return fetch(`${server.endpoint}${path}`, { ...init, headers: { ...init.headers, host: `${host}:${port}` } });
}
