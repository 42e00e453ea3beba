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

export async function machineTags(ctx: Ctx): Promise<(quuid: string) => MachineTag[]> {
  const names = new Map((await tags(ctx).all()).map((t) => [t.Id, t.Name]));
  const byHost = new Map<string, MachineTag[]>();
  for (const r of await relations(ctx).all()) {
    const name = names.get(r.TagId);
    if (name === undefined) continue;
    byHost.set(r.Quuid, [...(byHost.get(r.Quuid) ?? []), { Rid: r.Rid, Name: name, TagId: r.TagId }]);
  }
  return (quuid) => byHost.get(quuid) ?? [];
}

async function requireTag(ctx: Ctx, id: number, member = "Id"): Promise<TagDoc> {
  const t = await tags(ctx).get(key(id));
  if (!t) ctx.fail("ResourceNotFound", `The tag (${member} ${id}) does not exist.`);
  return t;
}

async function relate(ctx: Ctx, tagId: number, quuid: string): Promise<void> {
  if ((await relations(ctx).all()).some((r) => r.TagId === tagId && r.Quuid === quuid)) return;
  const Rid = await nextId(ctx, "tag-relation");
  await relations(ctx).insert(key(Rid), { Rid, TagId: tagId, Quuid: quuid });
}

async function dropRelations(ctx: Ctx, keep: (r: TagRelation) => boolean): Promise<void> {
  for (const r of await relations(ctx).all()) if (!keep(r)) await relations(ctx).delete(key(r.Rid));
}

async function requireHost(ctx: Ctx, quuid: string): Promise<MachineDoc> {
  uuidFormat(ctx, quuid, "Quuid");
  const m = await byQuuid(ctx, quuid);
  if (!m) ctx.fail("ResourceNotFound", `The host (Quuid ${quuid}) does not exist.`);
  return m;
}

export const tagHandlers: Handlers<"yunjing", YunjingActions> = {
  async EditTags(ctx, req) {
    const name = req.Name.trim();
    if (!name) ctx.fail("InvalidParameter.MissingParameter", "Name must not be empty.");
    if ([...name].length > TAG_NAME_MAX) ctx.fail("InvalidParameterValue.TagNameLengthLimit", `A tag name has at most ${TAG_NAME_MAX} characters; \`${name}\` has ${[...name].length}.`);
    const quuids = req.Quuids ?? [];
    if (quuids.length > TAG_HOSTS_PER_CALL) ctx.fail("LimitExceeded.AreaQuota", `At most ${TAG_HOSTS_PER_CALL} hosts can be tagged in one call; ${quuids.length} were given.`);
    const hosts: MachineDoc[] = [];
    for (const q of quuids) hosts.push(await requireHost(ctx, q));
    let tag: TagDoc;
    if (req.Id !== undefined) {
      tag = await requireTag(ctx, positiveId(ctx, req.Id, "Id"));
      if ((await tags(ctx).all()).some((t) => t.Name === name && t.Id !== tag.Id)) ctx.fail("InvalidParameter.IllegalRequest", `A tag named \`${name}\` already exists.`);
      tag = await tags(ctx).update(key(tag.Id), { ...tag, Name: name });
      if (req.Quuids !== undefined) await dropRelations(ctx, (r) => r.TagId !== tag.Id || quuids.includes(r.Quuid));
    } else {
      if ((await tags(ctx).all()).some((t) => t.Name === name)) ctx.fail("InvalidParameter.IllegalRequest", `A tag named \`${name}\` already exists.`);
      const Id = await nextId(ctx, "tag");
      tag = await tags(ctx).insert(key(Id), { Id, Name: name });
    }
    for (const h of hosts) await relate(ctx, tag.Id, h.quuid);
    ctx.touch(String(tag.Id));
    return {};
  },

  async DescribeTags(ctx, req) {
    const type = req.MachineType === undefined ? undefined : oneOf(ctx, req.MachineType, ["CVM", "BM"], "MachineType");
    if (req.MachineRegion !== undefined && !isKnownRegion(req.MachineRegion)) ctx.fail("InvalidParameter.InvalidFormat", `MachineRegion \`${req.MachineRegion}\` is not a region.`);
    const hosts = new Set(
      (await allMachines(ctx))
        .filter((m) => (!type || m.machineType === type) && (!req.MachineRegion || m.region === req.MachineRegion))
        .map((m) => m.quuid),
    );
    const rels = await relations(ctx).all();
    return {
      List: (await tags(ctx).all()).map((t) => ({ Id: t.Id, Name: t.Name, Count: rels.filter((r) => r.TagId === t.Id && hosts.has(r.Quuid)).length })),
    };
  },

  async DescribeTagMachines(ctx, req) {
    const tag = await requireTag(ctx, positiveId(ctx, req.Id, "Id"));
    const hosts = new Map((await allMachines(ctx)).map((m) => [m.quuid, m]));
    return {
      List: (await relations(ctx).all())
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

  async DeleteTags(ctx, req) {
    const list = ids(ctx, req.Ids, 100);
    for (const id of list) await requireTag(ctx, id);
    for (const id of list) await tags(ctx).delete(key(id));
    await dropRelations(ctx, (r) => !list.includes(r.TagId));
    return {};
  },

  async AddMachineTag(ctx, req) {
    const tag = await requireTag(ctx, positiveId(ctx, req.TagId, "TagId"), "TagId");
    const area = oneOf(ctx, req.MArea, ["CVM", "BM"], "MArea");
    const m = await requireHost(ctx, req.Quuid);
    if (m.region !== req.MRegion || m.machineType !== area) {
      ctx.fail("ResourceNotFound", `The ${area} host ${req.Quuid} does not exist in ${req.MRegion}.`);
    }
    await relate(ctx, tag.Id, m.quuid);
    return {};
  },

  async DeleteMachineTag(ctx, req) {
    const rid = positiveId(ctx, req.Rid, "Rid");
    if (!(await relations(ctx).delete(key(rid)))) ctx.fail("ResourceNotFound", `The tag relation (Rid ${rid}) does not exist.`);
    return {};
  },
};
