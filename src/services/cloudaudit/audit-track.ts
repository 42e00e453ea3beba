import type {
  ResourceField,
  Storage,
  Tracks,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/cloudaudit/v20190319/cloudaudit_models";
import { accounts } from "../../platform/accounts";
import { formatDateTime } from "../../platform/clock";
import { Collection } from "../../platform/collection";
import { isKnownRegion } from "../../platform/regions";
import type { ActionContext } from "../../platform/service";
import type { AuditRecord, Tx } from "../../platform/store/store";
import { findCosBucket, GLOBAL, isBucketName } from "./buckets";
import { actionType } from "./events";
import { isCosEnableRegion } from "./regions";
import type { Subscription } from "./sink";

/**
 * An audit track of the CreateAuditTrack family (the tracking sets of the current console): a name, a status,
 * which events (product, read/write, event names — one filter, or several for the Events variants) and where
 * they go (a COS bucket, a CLS topic or a CKafka topic). Rules follow the CreateAuditTrack reference.
 */
type Ctx = ActionContext<"cloudaudit">;

/** The same quota as tracking sets (five per account); the reference gives no other number. */
export const AUDIT_TRACK_QUOTA = 5;
export const MAX_EVENT_NAMES = 10;

export interface EventFilter {
  resourceType: string;
  /** Read, Write or *. */
  actionType: string;
  eventNames: string[];
}

export interface StorageConfig {
  type: "cos" | "cls" | "ckafka";
  region: string;
  name: string;
  prefix: string;
  /** The account that owns the storage (the caller's unless StorageAccountId named another). */
  accountId: string;
  appId: string;
  /** 1 compressed (gzip), 2 not compressed. */
  compress: number;
}

export interface AuditTrack {
  trackId: number;
  name: string;
  status: number;
  /** When the track was last enabled (emulator ms). */
  statusSince: number;
  filters: EventFilter[];
  storage: StorageConfig;
  trackForAllMembers: number;
  /** CreateAuditTrack or CreateEventsAuditTrack. */
  variant: "track" | "events";
  createdAt: number;
}

export function tracksOf(tx: Tx, account: string): Collection<AuditTrack> {
  return new Collection<AuditTrack>(tx, { service: "cloudaudit", account, region: GLOBAL }, "audit-track");
}

/** Track ids count up per account from 1, as the examples show. */
export async function nextTrackId(tx: Tx, account: string): Promise<number> {
  const seq = new Collection<{ next: number }>(tx, { service: "cloudaudit", account, region: GLOBAL }, "audit-track-seq");
  const next = (await seq.get("seq"))?.next ?? 1;
  await seq.put("seq", { next: next + 1 });
  return next;
}

export async function getTrack(ctx: Ctx, trackId: number): Promise<AuditTrack> {
  const track = await tracksOf(ctx.tx, ctx.caller.uin).get(String(trackId));
  if (!track) ctx.fail("ResourceNotFound.AuditNotExist", `The tracking set ${trackId} does not exist.`);
  return track;
}

export function checkTrackName(ctx: Ctx, name: string): string {
  if (!/^[A-Za-z0-9_-]{3,48}$/.test(name)) {
    ctx.fail("InvalidParameter", `The tracking set name ${JSON.stringify(name)} is invalid: use 3-48 characters of letters, digits, '-' and '_'.`);
  }
  return name;
}

export function checkZeroOne(ctx: Ctx, value: number | undefined, member: string): void {
  if (value !== undefined && value !== 0 && value !== 1) ctx.fail("InvalidParameter", `${member} must be 0 or 1 (got ${String(value)}).`);
}

export function checkFilter(ctx: Ctx, f: ResourceField): EventFilter {
  if (!["Read", "Write", "*"].includes(f.ActionType)) {
    ctx.fail("InvalidParameter", `ActionType must be Read, Write or * (got ${JSON.stringify(f.ActionType)}).`);
  }
  if (f.ResourceType !== "*" && !/^[a-z][a-z0-9_-]{0,63}$/.test(f.ResourceType)) {
    ctx.fail("InvalidParameter", `ResourceType must be a product (such as cvm or cos) or * (got ${JSON.stringify(f.ResourceType)}).`);
  }
  const names = f.EventNames;
  if (!names.length || names.length > MAX_EVENT_NAMES) {
    ctx.fail("InvalidParameter", `EventNames must list 1 to ${MAX_EVENT_NAMES} event names, or ["*"].`);
  }
  if (f.ResourceType === "*" && !(names.length === 1 && names[0] === "*")) {
    ctx.fail("InvalidParameter", 'When ResourceType is *, EventNames must be ["*"].');
  }
  for (const n of names) {
    if (n !== "*" && !/^[A-Za-z][A-Za-z0-9_]{0,127}$/.test(n)) ctx.fail("InvalidParameter", `${JSON.stringify(n)} is not an event name.`);
  }
  return { resourceType: f.ResourceType, actionType: f.ActionType, eventNames: [...names] };
}

/** The storage of a track, checked: COS buckets must exist (tclocal created them or was told about them). */
export async function checkStorage(ctx: Ctx, s: Storage): Promise<StorageConfig> {
  const type = s.StorageType;
  if (type !== "cos" && type !== "cls" && type !== "ckafka") {
    ctx.fail("InvalidParameter", `StorageType must be cos, cls or ckafka (got ${JSON.stringify(type)}).`);
  }
  if (s.Compress !== undefined && s.Compress !== 1 && s.Compress !== 2) {
    ctx.fail("InvalidParameter", `Compress must be 1 (compressed) or 2 (not compressed) (got ${String(s.Compress)}).`);
  }
  let accountId = ctx.caller.uin;
  let appId = String(ctx.caller.appId);
  if (s.StorageAccountId) {
    const owner = await accounts.get(ctx.tx, s.StorageAccountId);
    if (!owner) ctx.fail("ResourceNotFound", `The storage account ${s.StorageAccountId} does not exist.`);
    accountId = owner.uin;
    appId = String(owner.appId);
  }
  if (s.StorageAppId && s.StorageAppId !== appId) {
    ctx.fail("ResourceNotFound", `The AppId ${s.StorageAppId} is not the AppId of account ${accountId}.`);
  }
  if (type === "cos") {
    if (!isCosEnableRegion(s.StorageRegion)) {
      ctx.fail("InvalidParameterValue.CosRegionError", `CloudAudit does not support the COS region ${JSON.stringify(s.StorageRegion)} (see ListCosEnableRegion).`);
    }
    if (!isBucketName(s.StorageName, 50)) {
      ctx.fail("InvalidParameter", `The bucket name ${JSON.stringify(s.StorageName)} is invalid: lowercase letters, digits and '-', at most 50 characters, without -APPID.`);
    }
    if (!/^[A-Za-z0-9]{3,40}$/.test(s.StoragePrefix)) {
      ctx.fail("InvalidParameter", `The COS log file prefix ${JSON.stringify(s.StoragePrefix)} is invalid: use 3-40 letters and digits.`);
    }
    const bucket = await findCosBucket(ctx.tx, accountId, s.StorageName);
    if (!bucket || bucket.region !== s.StorageRegion) {
      ctx.fail("ResourceNotFound.CosNotExist", `The COS bucket ${s.StorageName}-${appId} does not exist in ${s.StorageRegion}.`);
    }
  } else {
    if (!isKnownRegion(s.StorageRegion)) ctx.fail("InvalidParameter", `${JSON.stringify(s.StorageRegion)} is not a region.`);
    const pattern = type === "cls" ? /^[A-Za-z0-9_-]{1,50}$/ : /^ckafka-[a-z0-9]+\/[A-Za-z0-9_.-]{1,64}$/;
    if (!pattern.test(s.StorageName)) {
      ctx.fail(
        "InvalidParameter",
        type === "cls"
          ? `The CLS topic id ${JSON.stringify(s.StorageName)} is invalid (1-50 characters).`
          : `The CKafka storage ${JSON.stringify(s.StorageName)} must be <ckafka instance id>/<topic>.`,
      );
    }
  }
  return { type, region: s.StorageRegion, name: s.StorageName, prefix: s.StoragePrefix, accountId, appId, compress: s.Compress ?? 1 };
}

export function storageView(s: StorageConfig): Required<Storage> {
  return {
    StorageType: s.type,
    StorageRegion: s.region,
    StorageName: s.name,
    StoragePrefix: s.prefix,
    StorageAccountId: s.accountId,
    StorageAppId: s.appId,
    Compress: s.compress,
  };
}

export function filterView(f: EventFilter): Required<ResourceField> {
  return { ResourceType: f.resourceType, ActionType: f.actionType, EventNames: [...f.eventNames] };
}

export function trackView(t: AuditTrack): Required<Tracks> {
  const f = t.filters[0];
  return {
    TrackId: t.trackId,
    Name: t.name,
    ActionType: f.actionType,
    ResourceType: f.resourceType,
    Status: t.status,
    EventNames: [...f.eventNames],
    Storage: storageView(t.storage),
    CreateTime: formatDateTime(t.createdAt),
  };
}

export function matchesFilter(f: EventFilter, r: AuditRecord): boolean {
  return (
    (f.resourceType === "*" || f.resourceType === r.service) &&
    (f.actionType === "*" || f.actionType === actionType(r)) &&
    (f.eventNames.includes("*") || f.eventNames.includes(r.action))
  );
}

/** What an enabled track delivers. */
export function trackSubscriptions(t: AuditTrack, account: string): Subscription[] {
  if (t.status !== 1) return [];
  const s = t.storage;
  const owner = s.accountId || account;
  return [
    {
      sink:
        s.type === "cos"
          ? { kind: "cos", owner, bucket: s.name, region: s.region, prefix: s.prefix, gzip: s.compress !== 2 }
          : { kind: s.type, owner, region: s.region, name: s.name },
      since: t.statusSince,
      accepts: (r) => t.filters.some((f) => matchesFilter(f, r)),
      source: `audit track ${t.trackId}`,
    },
  ];
}
