import { Collection } from "../../platform/collection";
import type { ActionContext } from "../../platform/service";
import type { Tx } from "../../platform/store/store";
import { GLOBAL, isBucketName, isQueueName } from "./buckets";
import { isCmqEnableRegion, isCosEnableRegion } from "./regions";
import type { Subscription } from "./sink";

/**
 * A tracking set of the CreateAudit family (CreateAudit, UpdateAudit, DeleteAudit, DescribeAudit, ListAudits,
 * StartLogging, StopLogging, InquireAuditCredit): a name, a COS delivery, an optional CMQ notification and KMS
 * encryption, and whether it is logging. The parameter rules and their codes follow the CreateAudit reference.
 */
type Ctx = ActionContext<"cloudaudit">;

/** "During the beta test of CloudAudit, you can create up to 5 tracking sets." */
export const TRACKING_SET_QUOTA = 5;

export interface TrackingSet {
  auditName: string;
  /** 1 read-only events, 2 write-only, 3 all. */
  readWriteAttribute: number;
  cosRegion: string;
  cosBucketName: string;
  logFilePrefix: string;
  isEnableCmqNotify: number;
  cmqRegion: string;
  cmqQueueName: string;
  isEnableKmsEncry: number;
  kmsRegion: string;
  keyId: string;
  /** 1 logging, 0 stopped. */
  auditStatus: number;
  /** When logging last started (emulator ms). */
  loggingSince: number;
  createdAt: number;
}

export function trackingSets(tx: Tx, account: string): Collection<TrackingSet> {
  return new Collection<TrackingSet>(tx, { service: "cloudaudit", account, region: GLOBAL }, "tracking-set");
}

export async function getTrackingSet(ctx: Ctx, auditName: string): Promise<TrackingSet> {
  const set = await trackingSets(ctx.tx, ctx.caller.uin).get(auditName);
  if (!set) ctx.fail("ResourceNotFound.AuditNotExist", { en: `The tracking set ${auditName} does not exist.`, zh: `跟踪集 ${auditName} 不存在。` });
  return set;
}

export function checkAuditName(ctx: Ctx, name: string): string {
  if (name === "") ctx.fail("MissingParameter.MissAuditName", { en: "The tracking set name (AuditName) is missing.", zh: "缺少跟踪集名称（AuditName）。" });
  if (!/^[A-Za-z0-9_]{3,128}$/.test(name)) {
    ctx.fail(
      "InvalidParameterValue.AuditNameError",
      {
        en: `The tracking set name ${JSON.stringify(name)} is invalid: use 3-128 characters of a-z, A-Z, 0-9 and _.`,
        zh: `跟踪集名称 ${JSON.stringify(name)} 不合规：3-128个字符，只能包含字母 a-z、A-Z、数字 0-9 和下划线 _。`,
      },
    );
  }
  return name;
}

export function checkCosRegion(ctx: Ctx, region: string): string {
  if (region === "") ctx.fail("MissingParameter.MissCosRegion", { en: "The COS region (CosRegion) is missing.", zh: "缺少 cos 地域（CosRegion）。" });
  if (!isCosEnableRegion(region)) {
    ctx.fail("InvalidParameterValue.CosRegionError", {
      en: `CloudAudit does not support the COS region ${JSON.stringify(region)} (see ListCosEnableRegion).`,
      zh: `操作审计目前不支持 cos 地域 ${JSON.stringify(region)}（见 ListCosEnableRegion）。`,
    });
  }
  return region;
}

export function checkBucketName(ctx: Ctx, name: string): string {
  if (name === "") ctx.fail("MissingParameter.MissCosBucketName", { en: "The COS bucket name (CosBucketName) is missing.", zh: "缺少 cos 存储桶名称（CosBucketName）。" });
  if (!isBucketName(name, 40)) {
    ctx.fail(
      "InvalidParameterValue.CosNameError",
      {
        en: `The COS bucket name ${JSON.stringify(name)} is invalid: use 1-40 characters of a-z, 0-9 and '-', not starting or ending with '-'.`,
        zh: `cos 存储桶名称 ${JSON.stringify(name)} 不符合规范：1-40个字符，仅支持小写字母、数字和中划线，不能以中划线开头或结尾。`,
      },
    );
  }
  return name;
}

type FlagCode =
  | "InvalidParameterValue.IsCreateNewBucketError"
  | "InvalidParameterValue.IsCreateNewQueueError"
  | "InvalidParameterValue.IsEnableCmqNotifyError";

export function checkFlag(ctx: Ctx, value: number | undefined, member: string, code: FlagCode): void {
  if (value !== undefined && value !== 0 && value !== 1) {
    ctx.fail(code, { en: `${member} must be 0 or 1 (got ${String(value)}).`, zh: `${member} 的取值只能是 0 或 1（传入 ${String(value)}）。` });
  }
}

export function checkReadWriteAttribute(ctx: Ctx, value: number): number {
  if (value !== 1 && value !== 2 && value !== 3) {
    ctx.fail(
      "InvalidParameterValue.ReadWriteAttributeError",
      {
        en: `ReadWriteAttribute must be 1 (read-only), 2 (write-only) or 3 (all) (got ${String(value)}).`,
        zh: `读写属性值仅支持 1（只读）、2（只写）、3（全部）（传入 ${String(value)}）。`,
      },
    );
  }
  return value;
}

/** An empty prefix means none was given: the account ID is the default prefix. */
export function checkLogFilePrefix(ctx: Ctx, prefix: string | undefined): string | undefined {
  if (prefix === undefined || prefix === "") return undefined;
  if (!/^[A-Za-z0-9]{3,40}$/.test(prefix)) {
    ctx.fail("InvalidParameterValue.LogFilePrefixError", {
      en: `The log file prefix ${JSON.stringify(prefix)} is invalid: use 3-40 characters of a-z, A-Z and 0-9.`,
      zh: `日志前缀 ${JSON.stringify(prefix)} 格式错误：3-40个字符，只能包含字母和数字。`,
    });
  }
  return prefix;
}

export interface CmqConfig {
  enabled: number;
  createNew: boolean;
  queueName: string;
  region: string;
}

/** IsEnableCmqNotify = 1 needs IsCreateNewQueue, CmqQueueName and CmqRegion; = 0 takes none of them. */
export function checkCmq(
  ctx: Ctx,
  q: { notify: number; createNew: number | undefined; queueName: string | undefined; region: string | undefined },
): CmqConfig {
  checkFlag(ctx, q.notify, "IsEnableCmqNotify", "InvalidParameterValue.IsEnableCmqNotifyError");
  checkFlag(ctx, q.createNew, "IsCreateNewQueue", "InvalidParameterValue.IsCreateNewQueueError");
  const name = q.queueName ?? "";
  const region = q.region ?? "";
  if (q.notify === 0) {
    if (name || region || q.createNew === 1) {
      ctx.fail("InvalidParameter", "IsCreateNewQueue, CmqQueueName and CmqRegion cannot be passed when IsEnableCmqNotify is 0.");
    }
    return { enabled: 0, createNew: false, queueName: "", region: "" };
  }
  if (q.createNew === undefined || !name || !region) {
    ctx.fail("MissingParameter.cmq", {
      en: "IsEnableCmqNotify is 1: IsCreateNewQueue, CmqQueueName and CmqRegion are all required.",
      zh: "IsEnableCmqNotify 为 1 时，IsCreateNewQueue、CmqQueueName 和 CmqRegion 都是必须参数。",
    });
  }
  if (!isQueueName(name)) {
    ctx.fail(
      "InvalidParameterValue.QueueNameError",
      {
        en: `The queue name ${JSON.stringify(name)} is invalid: up to 64 characters, a letter first, then letters, digits and '-'.`,
        zh: `队列名称 ${JSON.stringify(name)} 不符合规范：不超过64个字符，以字母开头，只能包含字母、数字和中划线。`,
      },
    );
  }
  if (!isCmqEnableRegion(region)) {
    ctx.fail("InvalidParameterValue.CmqRegionError", {
      en: `CloudAudit does not support the CMQ region ${JSON.stringify(region)} (see ListCmqEnableRegion).`,
      zh: `操作审计目前不支持 cmq 地域 ${JSON.stringify(region)}（见 ListCmqEnableRegion）。`,
    });
  }
  return { enabled: 1, createNew: q.createNew === 1, queueName: name, region };
}

/** IsEnableKmsEncry = 1 needs KmsRegion (the COS region) and KeyId; the KeyId itself is not verified. */
export function checkKms(
  ctx: Ctx,
  k: { enabled: number | undefined; region: string | undefined; keyId: string | undefined; cosRegion: string },
): { enabled: number; region: string; keyId: string } {
  const enabled = k.enabled ?? 0;
  if (enabled !== 0 && enabled !== 1) ctx.fail("InvalidParameterValue", `IsEnableKmsEncry must be 0 or 1 (got ${String(enabled)}).`);
  if (enabled === 0) return { enabled: 0, region: "", keyId: "" };
  if (!k.region) ctx.fail("MissingParameter", "The request is missing a required parameter `KmsRegion`.");
  if (!k.keyId) ctx.fail("MissingParameter", "The request is missing a required parameter `KeyId`.");
  if (k.region !== k.cosRegion) {
    ctx.fail("InvalidParameterValue.KmsRegionError", `The KMS region ${k.region} must be the COS region ${k.cosRegion}.`);
  }
  return { enabled: 1, region: k.region, keyId: k.keyId };
}

export function sameCos(a: TrackingSet, b: Pick<TrackingSet, "cosRegion" | "cosBucketName" | "logFilePrefix">): boolean {
  return a.cosRegion === b.cosRegion && a.cosBucketName === b.cosBucketName && a.logFilePrefix === b.logFilePrefix;
}

export function sameCmq(a: TrackingSet, b: Pick<TrackingSet, "isEnableCmqNotify" | "cmqRegion" | "cmqQueueName">): boolean {
  return a.isEnableCmqNotify === 1 && b.isEnableCmqNotify === 1 && a.cmqRegion === b.cmqRegion && a.cmqQueueName === b.cmqQueueName;
}

/** What a logging tracking set delivers: its COS log files and, when enabled, its CMQ notifications. */
export function trackingSetSubscriptions(set: TrackingSet, account: string): Subscription[] {
  if (set.auditStatus !== 1) return [];
  const accepts = (r: { readOnly: boolean }) =>
    set.readWriteAttribute === 3 || (set.readWriteAttribute === 1 ? r.readOnly : !r.readOnly);
  const source = `tracking set ${set.auditName}`;
  const subs: Subscription[] = [
    {
      sink: { kind: "cos", owner: account, bucket: set.cosBucketName, region: set.cosRegion, prefix: set.logFilePrefix, gzip: true },
      since: set.loggingSince,
      accepts,
      source,
    },
  ];
  if (set.isEnableCmqNotify === 1) {
    subs.push({ sink: { kind: "cmq", owner: account, region: set.cmqRegion, name: set.cmqQueueName }, since: set.loggingSince, accepts, source });
  }
  return subs;
}
