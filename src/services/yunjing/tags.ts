import type { MachineTag } from "tencentcloud-sdk-nodejs/tencentcloud/services/yunjing/v20180228/yunjing_models";
import type { YunjingActions } from "../../generated/models/yunjing";
import type { Handlers } from "../../platform/definition";
import { isKnownRegion } from "../../platform/regions";
import { allMachines, byQuuid, type MachineDoc } from "./machine-model";
import { docs, key, nextId, type Ctx } from "./store";
import { ids, oneOf, positiveId, uuidFormat } from "./validate";

/** Machine tags: a tag (Id, Name) and its relations to hosts (Rid, TagId, Quuid). */
interface TagDoc {
  Id: number;
  Name: string;
}
interface TagRelation {
  Rid: number;
  TagId: number;
  Quuid: string;
}

const TAG_NAME_MAX = 15;
/** Hosts one EditTags call may attach (LimitExceeded.AreaQuota beyond). */
const TAG_HOSTS_PER_CALL = 100;

const tags = (ctx: Ctx) => docs<TagDoc>(ctx, "tag");
const relations = (ctx: Ctx) => docs<TagRelation>(ctx, "tag-relation");

export function machineTags(ctx: Ctx): (quuid: string) => MachineTag[] {
  const names = new Map(tags(ctx).all().map((t) => [t.Id, t.Name]));
  const byHost = new Map<string, MachineTag[]>();
  for (const r of relations(ctx).all()) {
    const name = names.get(r.TagId);
    if (name === undefined) continue;
    byHost.set(r.Quuid, [...(byHost.get(r.Quuid) ?? []), { Rid: r.Rid, Name: name, TagId: r.TagId }]);
  }
  return (quuid) => byHost.get(quuid) ?? [];
}

function requireTag(ctx: Ctx, id: number, member = "Id"): TagDoc {
  const t = tags(ctx).get(key(id));
  if (!t) ctx.fail("ResourceNotFound", `The tag (${member} ${id}) does not exist.`);
  return t;
}

function relate(ctx: Ctx, tagId: number, quuid: string): void {
  if (relations(ctx).all().some((r) => r.TagId === tagId && r.Quuid === quuid)) return;
  const Rid = nextId(ctx, "tag-relation");
  relations(ctx).insert(key(Rid), { Rid, TagId: tagId, Quuid: quuid });
}

function dropRelations(ctx: Ctx, keep: (r: TagRelation) => boolean): void {
  for (const r of relations(ctx).all()) if (!keep(r)) relations(ctx).delete(key(r.Rid));
}

function requireHost(ctx: Ctx, quuid: string): MachineDoc {
  uuidFormat(ctx, quuid, "Quuid");
  const m = byQuuid(ctx, quuid);
  if (!m) ctx.fail("ResourceNotFound", `The host (Quuid ${quuid}) does not exist.`);
  return m;
}

export const tagHandlers: Handlers<"yunjing", YunjingActions> = {
  EditTags(ctx, req) {
    const name = req.Name.trim();
    if (!name) ctx.fail("InvalidParameter.MissingParameter", "Name must not be empty.");
    if ([...name].length > TAG_NAME_MAX) ctx.fail("InvalidParameterValue.TagNameLengthLimit", `A tag name has at most ${TAG_NAME_MAX} characters; \`${name}\` has ${[...name].length}.`);
    const quuids = req.Quuids ?? [];
    if (quuids.length > TAG_HOSTS_PER_CALL) ctx.fail("LimitExceeded.AreaQuota", `At most ${TAG_HOSTS_PER_CALL} hosts can be tagged in one call; ${quuids.length} were given.`);
    const hosts = quuids.map((q) => requireHost(ctx, q));
    let tag: TagDoc;
    if (req.Id !== undefined) {
      tag = requireTag(ctx, positiveId(ctx, req.Id, "Id"));
      if (tags(ctx).all().some((t) => t.Name === name && t.Id !== tag.Id)) ctx.fail("InvalidParameter.IllegalRequest", `A tag named \`${name}\` already exists.`);
      tag = tags(ctx).update(key(tag.Id), { ...tag, Name: name });
      if (req.Quuids !== undefined) dropRelations(ctx, (r) => r.TagId !== tag.Id || quuids.includes(r.Quuid));
    } else {
      if (tags(ctx).all().some((t) => t.Name === name)) ctx.fail("InvalidParameter.IllegalRequest", `A tag named \`${name}\` already exists.`);
      const Id = nextId(ctx, "tag");
      tag = tags(ctx).insert(key(Id), { Id, Name: name });
    }
    for (const h of hosts) relate(ctx, tag.Id, h.quuid);
    ctx.touch(String(tag.Id));
    return {};
  },

  DescribeTags(ctx, req) {
    const type = req.MachineType === undefined ? undefined : oneOf(ctx, req.MachineType, ["CVM", "BM"], "MachineType");
    if (req.MachineRegion !== undefined && !isKnownRegion(req.MachineRegion)) ctx.fail("InvalidParameter.InvalidFormat", `MachineRegion \`${req.MachineRegion}\` is not a region.`);
    const hosts = new Set(
      allMachines(ctx)
        .filter((m) => (!type || m.machineType === type) && (!req.MachineRegion || m.region === req.MachineRegion))
        .map((m) => m.quuid),
    );
    const rels = relations(ctx).all();
    return {
      List: tags(ctx)
        .all()
        .map((t) => ({ Id: t.Id, Name: t.Name, Count: rels.filter((r) => r.TagId === t.Id && hosts.has(r.Quuid)).length })),
    };
  },

  DescribeTagMachines(ctx, req) {
    const tag = requireTag(ctx, positiveId(ctx, req.Id, "Id"));
    const hosts = new Map(allMachines(ctx).map((m) => [m.quuid, m]));
    return {
      List: relations(ctx)
        .all()
        .filter((r) => r.TagId === tag.Id && hosts.has(r.Quuid))
        .map((r) => {
          const m = hosts.get(r.Quuid)!;
          return {
            Id: String(r.Rid),
            Quuid: m.quuid,
            MachineName: m.name,
            MachineIp: m.ip,
            MachineWanIp: m.wanIp,
            MachineRegion: m.region,
            MachineType: m.machineType,
          };
        }),
    };
  },

  DeleteTags(ctx, req) {
    const list = ids(ctx, req.Ids, 100);
    for (const id of list) requireTag(ctx, id);
    for (const id of list) tags(ctx).delete(key(id));
    dropRelations(ctx, (r) => !list.includes(r.TagId));
    return {};
  },

  AddMachineTag(ctx, req) {
    const tag = requireTag(ctx, positiveId(ctx, req.TagId, "TagId"), "TagId");
    const area = oneOf(ctx, req.MArea, ["CVM", "BM"], "MArea");
    const m = requireHost(ctx, req.Quuid);
    if (m.region !== req.MRegion || m.machineType !== area) {
      ctx.fail("ResourceNotFound", `The ${area} host ${req.Quuid} does not exist in ${req.MRegion}.`);
    }
    relate(ctx, tag.Id, m.quuid);
    return {};
  },

  DeleteMachineTag(ctx, req) {
    const rid = positiveId(ctx, req.Rid, "Rid");
    if (!relations(ctx).delete(key(rid))) ctx.fail("ResourceNotFound", `The tag relation (Rid ${rid}) does not exist.`);
    return {};
  },
};
