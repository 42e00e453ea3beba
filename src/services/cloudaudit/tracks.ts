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

async function createTrack(
  ctx: Ctx,
  input: { name: string; status: number; storage: StorageConfig; filters: EventFilter[]; trackForAllMembers: number; variant: AuditTrack["variant"] },
): Promise<{ TrackId: number }> {
  const tracks = tracksOf(ctx.tx, ctx.caller.uin);
  if ((await tracks.count()) >= AUDIT_TRACK_QUOTA) {
    ctx.fail("LimitExceeded.OverAmount", `The account already has the maximum of ${AUDIT_TRACK_QUOTA} tracking sets.`);
  }
  if ((await tracks.all()).some((t) => t.name === input.name)) {
    ctx.fail("InvalidParameterValue.AliasAlreadyExists", `A tracking set named ${input.name} already exists.`);
  }
  const trackId = await nextTrackId(ctx.tx, ctx.caller.uin);
  await tracks.insert(String(trackId), { trackId, ...input, statusSince: ctx.now(), createdAt: ctx.now() });
  ctx.touch(String(trackId));
  return { TrackId: trackId };
}

/** Applies a change to a track after delivering what its old configuration covers. */
async function saveTrack(ctx: Ctx, current: AuditTrack, next: AuditTrack): Promise<void> {
  await deliveryOf(ctx.platform)?.flushIn(ctx);
  const enabled = next.status === 1 && current.status !== 1;
  await tracksOf(ctx.tx, ctx.caller.uin).update(String(current.trackId), { ...next, statusSince: enabled ? ctx.now() : current.statusSince });
}

function checkRename(ctx: Ctx, current: AuditTrack, name: string | undefined): void {
  if (name !== undefined && name !== current.name) {
    ctx.fail("InvalidParameterValue.AuditTrackNameNotSupportModify", `The name of tracking set ${current.trackId} (${current.name}) cannot be changed.`);
  }
}

type TrackChange = { TrackId: number; Name?: string; Status?: number; TrackForAllMembers?: number; Storage?: Parameters<typeof checkStorage>[1] };

/** The track a Modify call names, after the checks both Modify actions share. */
async function trackToModify(ctx: Ctx, req: TrackChange): Promise<AuditTrack> {
  const current = await getTrack(ctx, req.TrackId);
  ctx.touch(String(current.trackId));
  checkRename(ctx, current, req.Name);
  checkZeroOne(ctx, req.Status, "Status");
  checkZeroOne(ctx, req.TrackForAllMembers, "TrackForAllMembers");
  return current;
}

async function saveModified(ctx: Ctx, current: AuditTrack, req: TrackChange, filters: AuditTrack["filters"]): Promise<void> {
  const storage = req.Storage ? await checkStorage(ctx, req.Storage) : current.storage;
  await saveTrack(ctx, current, {
    ...current,
    status: req.Status ?? current.status,
    trackForAllMembers: req.TrackForAllMembers ?? current.trackForAllMembers,
    filters,
    storage,
  });
}

export const trackHandlers = {
  async CreateAuditTrack(ctx, req) {
    const name = checkTrackName(ctx, req.Name);
    checkZeroOne(ctx, req.Status, "Status");
    checkZeroOne(ctx, req.TrackForAllMembers, "TrackForAllMembers");
    const filter = checkFilter(ctx, { ResourceType: req.ResourceType, ActionType: req.ActionType, EventNames: req.EventNames });
    const storage = await checkStorage(ctx, req.Storage);
    return createTrack(ctx, { name, status: req.Status, storage, filters: [filter], trackForAllMembers: req.TrackForAllMembers ?? 0, variant: "track" });
  },

  async CreateEventsAuditTrack(ctx, req) {
    const name = checkTrackName(ctx, req.Name);
    checkZeroOne(ctx, req.Status, "Status");
    checkZeroOne(ctx, req.TrackForAllMembers, "TrackForAllMembers");
    const filters = checkFilters(ctx, req.Filters);
    const storage = await checkStorage(ctx, req.Storage);
    return createTrack(ctx, { name, status: req.Status, storage, filters, trackForAllMembers: req.TrackForAllMembers ?? 0, variant: "events" });
  },

  async ModifyAuditTrack(ctx, req) {
    const current = await trackToModify(ctx, req);
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
    await saveModified(ctx, current, req, filters);
    return {};
  },

  async ModifyEventsAuditTrack(ctx, req) {
    const current = await trackToModify(ctx, req);
    const filters = req.Filters ? checkFilters(ctx, req.Filters) : current.filters;
    await saveModified(ctx, current, req, filters);
    return {};
  },

  async DeleteAuditTrack(ctx, req) {
    const track = await getTrack(ctx, req.TrackId);
    ctx.touch(String(track.trackId));
    await deliveryOf(ctx.platform)?.flushIn(ctx);
    await tracksOf(ctx.tx, ctx.caller.uin).delete(String(track.trackId));
    return {};
  },

  async DescribeAuditTrack(ctx, req) {
    const t = await getTrack(ctx, req.TrackId);
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

  async DescribeAuditTracks(ctx, req) {
    if (!Number.isInteger(req.PageNumber) || req.PageNumber < 1) {
      ctx.fail("InvalidParameter", `PageNumber must be an integer of at least 1 (got ${String(req.PageNumber)}).`);
    }
    if (!Number.isInteger(req.PageSize) || req.PageSize < 1 || req.PageSize > 100) {
      ctx.fail("InvalidParameter", `PageSize must be an integer from 1 to 100 (got ${String(req.PageSize)}).`);
    }
    const tracks = tracksOf(ctx.tx, ctx.caller.uin);
    return {
      Tracks: (await tracks.list({ offset: (req.PageNumber - 1) * req.PageSize, limit: req.PageSize })).map(trackView),
      TotalCount: await tracks.count(),
    };
  },
} satisfies Handlers<"cloudaudit", CloudauditActions>;
