import type { CloudauditActions } from "../../generated/models/cloudaudit";
import type { Handlers } from "../../platform/definition";
import type { ActionContext } from "../../platform/service";
import { listKeyAliases } from "../kms/for-products";
import { createBucket, createQueue } from "./buckets";
import { deliveryOf } from "./delivery";
import {
  checkAuditName,
  checkBucketName,
  checkCmq,
  checkCosRegion,
  checkFlag,
  checkKms,
  checkLogFilePrefix,
  checkReadWriteAttribute,
  getTrackingSet,
  sameCmq,
  sameCos,
  TRACKING_SET_QUOTA,
  trackingSets,
  type CmqConfig,
  type TrackingSet,
} from "./tracking-set";

/** The tracking-set actions of the CreateAudit family. */
type Ctx = ActionContext<"cloudaudit">;

/** IsCreateNewBucket = 1: COS creates the bucket, unless it exists or the account has its 200 buckets. */
async function newBucket(ctx: Ctx, name: string, region: string): Promise<void> {
  const result = await createBucket(ctx.tx, ctx.caller.uin, { name, region, createdBy: "cloudaudit" }, ctx.now());
  if (result === "exists") {
    ctx.fail("ResourceInUse.CosBucketExists", { en: `The COS bucket ${name}-${ctx.caller.appId} already exists.`, zh: `cos 存储桶 ${name}-${ctx.caller.appId} 已经存在。` });
  }
  if (result === "quota") {
    ctx.fail("FailedOperation.CreateBucketFail", `Failed to create the COS bucket ${name}: the account already has the maximum of 200 buckets.`);
  }
}

/** IsCreateNewQueue = 1: CMQ creates the queue, which fails when a queue of that name already exists. */
async function newQueue(ctx: Ctx, cmq: CmqConfig): Promise<void> {
  if (!cmq.createNew) return;
  if ((await createQueue(ctx.tx, ctx.caller.uin, { name: cmq.queueName, region: cmq.region, createdBy: "cloudaudit" }, ctx.now())) === "exists") {
    ctx.fail(
      "InternalError.CmqError",
      `An exception occurred during CMQ queue creation: the queue ${cmq.queueName} already exists in ${cmq.region}.`,
    );
  }
}

/** Events answered so far go where the configuration said when they happened, before it changes. */
async function deliverPending(ctx: Ctx): Promise<void> {
  await deliveryOf(ctx.platform)?.flushIn(ctx);
}

/** Where and what a tracking set delivers, as CreateAudit and UpdateAudit set it. */
function deliveryConfig(
  cosRegion: string,
  cosBucketName: string,
  readWriteAttribute: number,
  logFilePrefix: string,
  cmq: CmqConfig,
  kms: { enabled: number; region: string; keyId: string },
) {
  return {
    cosRegion,
    cosBucketName,
    readWriteAttribute,
    logFilePrefix,
    isEnableCmqNotify: cmq.enabled,
    cmqRegion: cmq.region,
    cmqQueueName: cmq.queueName,
    isEnableKmsEncry: kms.enabled,
    kmsRegion: kms.region,
    keyId: kms.keyId,
  } satisfies Partial<TrackingSet>;
}

async function kmsAlias(ctx: Ctx, set: TrackingSet): Promise<string> {
  if (!set.isEnableKmsEncry || !set.keyId) return "";
  return (await listKeyAliases(ctx.inRegion(set.kmsRegion))).find((k) => k.KeyId === set.keyId)?.Alias ?? "";
}

export const auditHandlers = {
  async CreateAudit(ctx, req) {
    const name = checkAuditName(ctx, req.AuditName);
    checkCosRegion(ctx, req.CosRegion);
    checkBucketName(ctx, req.CosBucketName);
    checkFlag(ctx, req.IsCreateNewBucket, "IsCreateNewBucket", "InvalidParameterValue.IsCreateNewBucketError");
    checkReadWriteAttribute(ctx, req.ReadWriteAttribute);
    const prefix = checkLogFilePrefix(ctx, req.LogFilePrefix) ?? ctx.caller.uin;
    const cmq = checkCmq(ctx, { notify: req.IsEnableCmqNotify, createNew: req.IsCreateNewQueue, queueName: req.CmqQueueName, region: req.CmqRegion });
    const kms = checkKms(ctx, { enabled: req.IsEnableKmsEncry, region: req.KmsRegion, keyId: req.KeyId, cosRegion: req.CosRegion });
    const sets = trackingSets(ctx.tx, ctx.caller.uin);
    if ((await sets.count()) >= TRACKING_SET_QUOTA) {
      ctx.fail("LimitExceeded.OverAmount", {
        en: `The account already has the maximum of ${TRACKING_SET_QUOTA} tracking sets.`,
        zh: `超过跟踪集的最大值（${TRACKING_SET_QUOTA}个）。`,
      });
    }
    if (await sets.has(name)) ctx.fail("ResourceInUse.AlreadyExistsSameAudit", `A tracking set named ${name} already exists.`);
    const set: TrackingSet = {
      auditName: name,
      ...deliveryConfig(req.CosRegion, req.CosBucketName, req.ReadWriteAttribute, prefix, cmq, kms),
      auditStatus: 1,
      loggingSince: ctx.now(),
      createdAt: ctx.now(),
    };
    for (const other of await sets.all()) {
      if (sameCos(other, set)) {
        ctx.fail(
          "ResourceInUse.AlreadyExistsSameAuditCosConfig",
          `The tracking set ${other.auditName} already delivers to bucket ${set.cosBucketName} (${set.cosRegion}) with prefix ${set.logFilePrefix}.`,
        );
      }
      if (sameCmq(other, set)) {
        ctx.fail("ResourceInUse.AlreadyExistsSameAuditCmqConfig", `The tracking set ${other.auditName} already notifies queue ${set.cmqQueueName} (${set.cmqRegion}).`);
      }
    }
    if (req.IsCreateNewBucket === 1) await newBucket(ctx, set.cosBucketName, set.cosRegion);
    await newQueue(ctx, cmq);
    await sets.insert(name, set);
    ctx.touch(name);
    return { IsSuccess: 1 };
  },

  async UpdateAudit(ctx, req) {
    const current = await getTrackingSet(ctx, req.AuditName);
    ctx.touch(current.auditName);
    const cosRegion = req.CosRegion === undefined ? current.cosRegion : checkCosRegion(ctx, req.CosRegion);
    const bucket = req.CosBucketName === undefined ? current.cosBucketName : checkBucketName(ctx, req.CosBucketName);
    checkFlag(ctx, req.IsCreateNewBucket, "IsCreateNewBucket", "InvalidParameterValue.IsCreateNewBucketError");
    if (req.IsCreateNewBucket === 1) {
      // "If IsCreateNewBucket is present, CosRegion and CosBucketName are both required."
      if (req.CosRegion === undefined) checkCosRegion(ctx, "");
      if (req.CosBucketName === undefined) checkBucketName(ctx, "");
    }
    const readWrite = req.ReadWriteAttribute === undefined ? current.readWriteAttribute : checkReadWriteAttribute(ctx, req.ReadWriteAttribute);
    const prefix = checkLogFilePrefix(ctx, req.LogFilePrefix) ?? current.logFilePrefix;
    const notify = req.IsEnableCmqNotify ?? current.isEnableCmqNotify;
    const keepQueue = req.IsEnableCmqNotify === undefined && notify === 1;
    const cmq = checkCmq(ctx, {
      notify,
      createNew: keepQueue ? (req.IsCreateNewQueue ?? 0) : req.IsCreateNewQueue,
      queueName: keepQueue ? (req.CmqQueueName ?? current.cmqQueueName) : req.CmqQueueName,
      region: keepQueue ? (req.CmqRegion ?? current.cmqRegion) : req.CmqRegion,
    });
    const encrypting = req.IsEnableKmsEncry ?? current.isEnableKmsEncry;
    const kms = checkKms(ctx, {
      enabled: encrypting,
      region: req.KmsRegion ?? (encrypting ? current.kmsRegion : undefined),
      keyId: req.KeyId ?? (encrypting ? current.keyId : undefined),
      cosRegion,
    });
    if (req.IsCreateNewBucket === 1) await newBucket(ctx, bucket, cosRegion);
    await newQueue(ctx, cmq);
    await deliverPending(ctx);
    await trackingSets(ctx.tx, ctx.caller.uin).update(current.auditName, {
      ...current,
      ...deliveryConfig(cosRegion, bucket, readWrite, prefix, cmq, kms),
    });
    return { IsSuccess: 1 };
  },

  async DeleteAudit(ctx, req) {
    const set = await getTrackingSet(ctx, req.AuditName);
    ctx.touch(set.auditName);
    await deliverPending(ctx);
    await trackingSets(ctx.tx, ctx.caller.uin).delete(set.auditName);
    return { IsSuccess: 1 };
  },

  async DescribeAudit(ctx, req) {
    const set = await getTrackingSet(ctx, req.AuditName);
    ctx.touch(set.auditName);
    return {
      AuditName: set.auditName,
      AuditStatus: set.auditStatus,
      CosBucketName: set.cosBucketName,
      CosRegion: set.cosRegion,
      LogFilePrefix: set.logFilePrefix,
      ReadWriteAttribute: set.readWriteAttribute,
      IsEnableCmqNotify: set.isEnableCmqNotify,
      CmqQueueName: set.cmqQueueName,
      CmqRegion: set.cmqRegion,
      IsEnableKmsEncry: set.isEnableKmsEncry,
      KeyId: set.keyId,
      KmsRegion: set.kmsRegion,
      KmsAlias: await kmsAlias(ctx, set),
    };
  },

  async ListAudits(ctx) {
    return {
      AuditSummarys: (await trackingSets(ctx.tx, ctx.caller.uin).all()).map((s) => ({
        AuditName: s.auditName,
        AuditStatus: s.auditStatus,
        CosBucketName: s.cosBucketName,
        LogFilePrefix: s.logFilePrefix,
      })),
    };
  },

  async StartLogging(ctx, req) {
    const set = await getTrackingSet(ctx, req.AuditName);
    ctx.touch(set.auditName);
    if (set.auditStatus !== 1) {
      await deliverPending(ctx);
      await trackingSets(ctx.tx, ctx.caller.uin).update(set.auditName, { ...set, auditStatus: 1, loggingSince: ctx.now() });
    }
    return { IsSuccess: 1 };
  },

  async StopLogging(ctx, req) {
    const set = await getTrackingSet(ctx, req.AuditName);
    ctx.touch(set.auditName);
    if (set.auditStatus !== 0) {
      await deliverPending(ctx);
      await trackingSets(ctx.tx, ctx.caller.uin).update(set.auditName, { ...set, auditStatus: 0 });
    }
    return { IsSuccess: 1 };
  },

  async InquireAuditCredit(ctx) {
    return { AuditAmount: Math.max(0, TRACKING_SET_QUOTA - (await trackingSets(ctx.tx, ctx.caller.uin).count())) };
  },
} satisfies Handlers<"cloudaudit", CloudauditActions>;
