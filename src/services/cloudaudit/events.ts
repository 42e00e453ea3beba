import type { Event } from "tencentcloud-sdk-nodejs/tencentcloud/services/cloudaudit/v20190319/cloudaudit_models";
import { accounts } from "../../platform/accounts";
import { formatDateTime } from "../../platform/clock";
import type { AuditRecord, Tx } from "../../platform/store/store";
import { eventNameCn, productNameCn } from "./names-cn";

/**
 * A call recorded in the audit trail seen as a CloudAudit event: the SDK's Event for LookUpEvents and
 * DescribeEvents, and the CloudAuditEvent document (the JSON string inside Event, and what delivery writes).
 */

/**
 * A call refused before authentication completed (a bad signature, an expired timestamp) is recorded without a
 * user; the key it named still tells who it was, as CloudAudit shows such events under that user.
 */
export async function identified<R extends AuditRecord>(tx: Tx, r: R): Promise<R> {
  if (r.username || !r.secretId) return r;
  const key = (await accounts.getKey(tx, r.secretId)) ?? (await accounts.getCredential(tx, r.secretId));
  if (!key || key.uin !== r.account) return r;
  const username = key.subUin ? ((await accounts.getUser(tx, key.subUin))?.name ?? key.subUin) : "root";
  return { ...r, username, subUin: key.subUin };
}

/** The client address without the IPv4-mapped IPv6 prefix Node reports on dual-stack sockets. */
export function sourceIp(r: AuditRecord): string {
  return r.sourceIp.replace(/^::ffff:/, "");
}

export function actionType(r: AuditRecord): "Read" | "Write" {
  return r.readOnly ? "Read" : "Write";
}

/** Deleting, terminating or disabling things and resetting secrets count as sensitive operations. */
export function isSensitiveAction(action: string): boolean {
  return /^(Delete|Terminate|Destroy|Isolate|Offline|ScheduleKeyDeletion|ScheduleDataKeyDeletion|Disable|Reset|Stop|Unbind|Detach|Close)/.test(action);
}

/**
 * The signature/authentication error code of an event (Event.ErrorCode, CloudAuditEvent errorCode): 0 when the
 * call passed authentication and CAM, else the legacy common code of the failure (4100 signature, 4101 CAM
 * denied the operation, 4102 CAM denied the resource, 4104 unknown key, 4105 token, 4106 MFA).
 */
export function camErrorCode(r: AuditRecord): number {
  switch (r.errorCode) {
    case "AuthFailure.SignatureFailure":
    case "AuthFailure.SignatureExpire":
      return 4100;
    case "AuthFailure.UnauthorizedOperation":
      return 4101;
    case "UnauthorizedOperation":
      return 4102;
    case "AuthFailure.InvalidSecretId":
    case "AuthFailure.SecretIdNotFound":
      return 4104;
    case "AuthFailure.TokenFailure":
      return 4105;
    case "AuthFailure.MFAFailure":
      return 4106;
    default:
      return 0;
  }
}

function identityType(r: AuditRecord): string {
  if (r.callerKind === "temporary") return "AssumedRole";
  if (r.subUin) return "CAMUser";
  return r.callerKind === "root" || r.username === "root" ? "Root" : "Unknown";
}

export function eventSource(r: AuditRecord): string {
  // COS names the access domain, as its own access logs do (product 436, "Log Management": eventSource).
  if (r.service === "cos") return typeof r.params.Bucket === "string" ? `${r.params.Bucket}.cos.${r.region}.myqcloud.com` : "service.cos.myqcloud.com";
  return r.service ? `${r.service}.tencentcloudapi.com` : "tencentcloudapi.com";
}

/** Where an address is, as far as tclocal can tell: every caller of a local emulator is on a private network or unknown. */
export function ipLocation(ip: string): string {
  return /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|fe80:|fc|fd|localhost)/i.test(ip) ? "内网IP" : "未知";
}

/** The CloudAuditEvent document of a call (the fields of the console's event details). */
export function cloudAuditEvent(r: AuditRecord, appId: number): Record<string, unknown> {
  const ip = sourceIp(r);
  const cam = camErrorCode(r);
  return {
    userIdentity: {
      principalId: r.subUin ?? r.account,
      accountId: r.account,
      secretId: r.secretId ?? "",
      type: identityType(r),
      userName: r.username,
      sessionContext: JSON.stringify({
        uin: Number(r.subUin ?? r.account) || 0,
        ownerUin: Number(r.account) || 0,
        appId,
        userIp: ip,
        ua: r.userAgent,
        mfa: 0,
      }),
    },
    eventRegion: r.region,
    eventVersion: 2,
    errorCode: cam,
    errorMessage: cam ? (r.errorMessage ?? "") : "",
    requestID: r.requestId,
    eventID: r.requestId,
    apiVersion: "3.0",
    eventType: "ApiCall",
    actionType: actionType(r),
    httpMethod: r.httpMethod ?? "POST",
    apiErrorCode: r.errorCode ?? 0,
    apiErrorMessage: r.errorMessage ?? "",
    userAgent: r.userAgent,
    eventTime: Math.floor(r.time / 1000),
    sourceIPAddress: ip,
    eventSource: eventSource(r),
    resources: JSON.stringify(r.resources.length ? r.resources : ["*"]),
    resourceName: r.resources.join(","),
    resourceSet: [...r.resources],
    requestParameters: JSON.stringify({ ...r.params, Version: r.version }),
    responseElements: "",
    resourceType: r.service,
    eventName: r.action,
    sensitiveAction: isSensitiveAction(r.action) ? "1" : "0",
    eventPlatform: 0,
    tags: [],
  };
}

export interface EventForm {
  /** LookUpEvents answers "2006-01-02 15:04:05"; DescribeEvents answers epoch seconds. */
  readonly time: "datetime" | "epoch";
  readonly location: boolean;
}

/** The SDK's Event of a call. */
export function toEvent(r: AuditRecord, appId: number, form: EventForm): Required<Event> {
  const ip = sourceIp(r);
  return {
    EventId: r.requestId,
    Username: r.username,
    EventTime: form.time === "datetime" ? formatDateTime(r.time) : String(Math.floor(r.time / 1000)),
    CloudAuditEvent: JSON.stringify(cloudAuditEvent(r, appId)),
    ResourceTypeCn: productNameCn(r.service),
    ErrorCode: camErrorCode(r),
    EventName: r.action,
    SecretId: r.secretId ?? "",
    EventSource: eventSource(r),
    RequestID: r.requestId,
    ResourceRegion: r.region,
    AccountID: Number(r.account) || 0,
    SourceIPAddress: ip,
    EventNameCn: eventNameCn(r.action),
    Resources: { ResourceType: r.service, ResourceName: r.resources.join(",") },
    EventRegion: r.region,
    Location: form.location ? ipLocation(ip) : "",
  };
}
