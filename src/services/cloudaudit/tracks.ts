import type { CloudauditActions } from "../../generated/models/cloudaudit";
import { formatDateTime } from "../../platform/clock";
import type { Handlers } from "../../platform/definition";
import type { ActionContext } from "../../platform/service";
import {
  AUDIT_TRACK_QUOTA,
  checkFilter,
  checkStorage,
  checkTrackName,
  checkZeroOne,
  filterView,
  getTrack,
  nextTrackId,
  storageView,
  tracksOf,
  trackView,
  type AuditTrack,
  type EventFilter,
  type StorageConfig,
} from "./audit-track";
import { deliveryOf } from "./delivery";

/** The audit-track actions: CreateAuditTrack, ModifyAuditTrack and their Events variants, Delete, Describe. */
type Ctx = ActionContext<"cloudaudit">;

const MAX_RESOURCE_FIELDS = 50;

function checkFilters(ctx: Ctx, fields: { ResourceFields?: Parameters<typeof checkFilter>[1][] } | undefined): EventFilter[] {
  const list = fields?.ResourceFields ?? [];
  if (!list.length || list.length > MAX_RESOURCE_FIELDS) {
    ctx.fail("InvalidParameter", `Filters.ResourceFields must hold 1 to ${MAX_RESOURCE_FIELDS} resource filters.`);
  }
  return list.map((f) => checkFilter(ctx, f));
}

function createTrack(
  ctx: Ctx,
  input: { name: string; status: number; storage: StorageConfig; filters: EventFilter[]; trackForAllMembers: number; variant: AuditTrack["variant"] },
): { TrackId: number } {
  const tracks = tracksOf(ctx.tx, ctx.caller.uin);
  if (tracks.count() >= AUDIT_TRACK_QUOTA) {
    ctx.fail("LimitExceeded.OverAmount", `The account already has the maximum of ${AUDIT_TRACK_QUOTA} tracking sets.`);
  }
  if (tracks.all().some((t) => t.name === input.name)) {
    ctx.fail("InvalidParameterValue.AliasAlreadyExists", `A tracking set named ${input.name} already exists.`);
  }
  const trackId = nextTrackId(ctx.tx, ctx.caller.uin);
  tracks.insert(String(trackId), { trackId, ...input, statusSince: ctx.now(), createdAt: ctx.now() });
  ctx.touch(String(trackId));
  return { TrackId: trackId };
}

/** Applies a change to a track after delivering what its old configuration covers. */
function saveTrack(ctx: Ctx, current: AuditTrack, next: AuditTrack): void {
  deliveryOf(ctx.platform)?.flush(ctx.tx);
  const enabled = next.status === 1 && current.status !== 1;
  tracksOf(ctx.tx, ctx.caller.uin).update(String(current.trackId), { ...next, statusSince: enabled ? ctx.now() : current.statusSince });
}

function checkRename(ctx: Ctx, current: AuditTrack, name: string | undefined): void {
  if (name !== undefined && name !== current.name) {
    ctx.fail("InvalidParameterValue.AuditTrackNameNotSupportModify", `The name of tracking set ${current.trackId} (${current.name}) cannot be changed.`);
  }
}

type TrackChange = { TrackId: number; Name?: string; Status?: number; TrackForAllMembers?: number; Storage?: Parameters<typeof checkStorage>[1] };

/** The track a Modify call names, after the checks both Modify actions share. */
function trackToModify(ctx: Ctx, req: TrackChange) {
  const current = getTrack(ctx, req.TrackId);
  ctx.touch(String(current.trackId));
  checkRename(ctx, current, req.Name);
  checkZeroOne(ctx, req.Status, "Status");
  checkZeroOne(ctx, req.TrackForAllMembers, "TrackForAllMembers");
  return current;
}

function saveModified(ctx: Ctx, current: ReturnType<typeof getTrack>, req: TrackChange, filters: ReturnType<typeof getTrack>["filters"]): void {
  const storage = req.Storage ? checkStorage(ctx, req.Storage) : current.storage;
  saveTrack(ctx, current, {
    ...current,
    status: req.Status ?? current.status,
    trackForAllMembers: req.TrackForAllMembers ?? current.trackForAllMembers,
    filters,
    storage,
  });
}

export const trackHandlers = {
  CreateAuditTrack(ctx, req) {
    const name = checkTrackName(ctx, req.Name);
    checkZeroOne(ctx, req.Status, "Status");
    checkZeroOne(ctx, req.TrackForAllMembers, "TrackForAllMembers");
    const filter = checkFilter(ctx, { ResourceType: req.ResourceType, ActionType: req.ActionType, EventNames: req.EventNames });
    const storage = checkStorage(ctx, req.Storage);
    return createTrack(ctx, { name, status: req.Status, storage, filters: [filter], trackForAllMembers: req.TrackForAllMembers ?? 0, variant: "track" });
  },

  CreateEventsAuditTrack(ctx, req) {
    const name = checkTrackName(ctx, req.Name);
    checkZeroOne(ctx, req.Status, "Status");
    checkZeroOne(ctx, req.TrackForAllMembers, "TrackForAllMembers");
    const filters = checkFilters(ctx, req.Filters);
    const storage = checkStorage(ctx, req.Storage);
    return createTrack(ctx, { name, status: req.Status, storage, filters, trackForAllMembers: req.TrackForAllMembers ?? 0, variant: "events" });
  },

  ModifyAuditTrack(ctx, req) {
    const current = trackToModify(ctx, req);
    const first = current.filters[0];
    const changesFilter = req.ResourceType !== undefined || req.ActionType !== undefined || req.EventNames !== undefined;
    const filters = changesFilter
      ? [
          checkFilter(ctx, {
            ResourceType: req.ResourceType ?? first.resourceType,
            ActionType: req.ActionType ?? first.actionType,
            EventNames: req.EventNames ?? first.eventNames,
          }),
        ]
      : current.filters;
    saveModified(ctx, current, req, filters);
    return {};
  },

  ModifyEventsAuditTrack(ctx, req) {
    const current = trackToModify(ctx, req);
    const filters = req.Filters ? checkFilters(ctx, req.Filters) : current.filters;
    saveModified(ctx, current, req, filters);
    return {};
  },

  DeleteAuditTrack(ctx, req) {
    const track = getTrack(ctx, req.TrackId);
    ctx.touch(String(track.trackId));
    deliveryOf(ctx.platform)?.flush(ctx.tx);
    tracksOf(ctx.tx, ctx.caller.uin).delete(String(track.trackId));
    return {};
  },

  DescribeAuditTrack(ctx, req) {
    const t = getTrack(ctx, req.TrackId);
    ctx.touch(String(t.trackId));
    const first = t.filters[0];
    return {
      Name: t.name,
      ActionType: first.actionType,
      ResourceType: first.resourceType,
      Status: t.status,
      EventNames: [...first.eventNames],
      Storage: storageView(t.storage),
      CreateTime: formatDateTime(t.createdAt),
      TrackForAllMembers: t.trackForAllMembers,
      Filters: { ResourceFields: t.filters.map(filterView) },
    };
  },

  DescribeAuditTracks(ctx, req) {
    if (!Number.isInteger(req.PageNumber) || req.PageNumber < 1) {
      ctx.fail("InvalidParameter", `PageNumber must be an integer of at least 1 (got ${String(req.PageNumber)}).`);
    }
    if (!Number.isInteger(req.PageSize) || req.PageSize < 1 || req.PageSize > 100) {
      ctx.fail("InvalidParameter", `PageSize must be an integer from 1 to 100 (got ${String(req.PageSize)}).`);
    }
    const tracks = tracksOf(ctx.tx, ctx.caller.uin);
    return {
      Tracks: tracks.list({ offset: (req.PageNumber - 1) * req.PageSize, limit: req.PageSize }).map(trackView),
      TotalCount: tracks.count(),
    };
  },
} satisfies Handlers<"cloudaudit", CloudauditActions>;
