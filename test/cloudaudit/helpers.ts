import { gunzipSync } from "node:zlib";
import type { CommonClient } from "tencentcloud-sdk-nodejs/tencentcloud/common/common_client";
import type { TestServer } from "../helpers/tclocal";
import { common, sdk, type Credential } from "../helpers/sdk";

/** A fresh, isolated root account: tracking-set quotas and buckets never leak between tests. */
export async function newAccount(server: TestServer): Promise<{ uin: string; appId: number; credential: Credential }> {
  const a = await server.control("POST", "/accounts", {});
  return { uin: a.uin, appId: a.appId, credential: { secretId: a.secretId, secretKey: a.secretKey } };
}

export function cloudaudit(server: TestServer, credential?: Credential, region = "ap-guangzhou") {
  return sdk("cloudaudit", server, { credential, region });
}

/** For the retired CreateAudit and DeleteAudit, which the SDK's client no longer has. */
export function legacy(server: TestServer, credential?: Credential): CommonClient {
  return common(server, "cloudaudit", "2019-03-19", { credential });
}

let counter = 0;
/** A unique suffix of lowercase letters and digits. */
export function unique(): string {
  counter += 1;
  return `${Date.now().toString(36)}${counter}`;
}

/** A valid CreateAudit request: a new bucket, no CMQ, all events. */
export function createAuditRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const id = unique();
  return {
    AuditName: `audit_${id}`,
    CosRegion: "ap-guangzhou",
    CosBucketName: `audit-${id}`,
    IsCreateNewBucket: 1,
    IsEnableCmqNotify: 0,
    ReadWriteAttribute: 3,
    ...overrides,
  };
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export interface Delivered {
  path: string;
  type: string;
  size: number;
}

/** Every delivered file (the control route delivers what is pending first) and the delivery root. */
export async function deliveries(server: TestServer): Promise<{ root: string; files: Delivered[]; undeliverable: Record<string, number> }> {
  return server.control("GET", "/cloudaudit/deliveries");
}

/**
 * The CloudAuditEvent records of a delivered file, downloaded through the control API (the files are kept in the
 * store): a COS log file ({"Records":[...]}, gzipped) or JSON lines.
 */
export async function readDelivered(server: TestServer, file: Delivered): Promise<Record<string, any>[]> {
  const res = await fetch(`${server.endpoint}/_tclocal/cloudaudit/deliveries/file?path=${encodeURIComponent(file.path)}`);
  if (res.status !== 200) throw new Error(`GET ${file.path} → ${res.status} ${await res.text()}`);
  const raw = Buffer.from(await res.arrayBuffer());
  if (file.path.endsWith(".jsonl")) {
    return raw
      .toString("utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  }
  const text = file.path.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
  return JSON.parse(text).Records;
}
