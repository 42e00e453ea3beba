import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models";
import type { Req, Res } from "../../platform/definition";
import { bt, filterBy, type Ctx } from "./common";
import { checkPolicySet, loadGroup } from "./security-groups";
import { presentPolicySet, samePolicy, securityGroups, SG_LIMITS, type PolicyDoc, type SecurityGroupDoc } from "./sg-model";
import { templates, type TemplateDoc } from "./template-model";

type Direction = "ingress" | "egress";

function checkVersion(ctx: Ctx, g: SecurityGroupDoc, version: string | undefined): void {
  if (version !== undefined && version !== "" && version !== String(g.version)) {
    ctx.fail("UnsupportedOperation.VersionMismatch", `The rules of ${bt(g.SecurityGroupId)} are at version ${g.version}, not ${version}.`);
  }
}

/** The one direction a request touches (Create/Replace take a single direction). */
function oneDirection(ctx: Ctx, set: m.SecurityGroupPolicySet): { dir: Direction; list: m.SecurityGroupPolicy[] } {
  const i = set.Ingress?.length ?? 0;
  const e = set.Egress?.length ?? 0;
  if (i && e) ctx.fail("InvalidParameter.Coexist", "Ingress and Egress rules cannot be given in one request.");
  if (!i && !e) ctx.fail("InvalidParameterValue.Empty", "`SecurityGroupPolicySet` holds no rule.");
  return i ? { dir: "ingress", list: set.Ingress! } : { dir: "egress", list: set.Egress! };
}

async function save(ctx: Ctx, g: SecurityGroupDoc, changes: Partial<SecurityGroupDoc>): Promise<void> {
  const next = { ...g, ...changes, version: g.version + 1, updatedAt: ctx.now() };
  const max = SG_LIMITS.SecurityGroupPolicyLimit;
  if (next.ingress.length > max || next.egress.length > max) ctx.fail("LimitExceeded.SecurityGroupPolicySet", `A security group takes at most ${max} rules per direction.`);
  await securityGroups(ctx).update(g.SecurityGroupId, next);
}

function noDuplicates(ctx: Ctx, existing: readonly PolicyDoc[], added: readonly PolicyDoc[]): void {
  for (const [i, p] of added.entries()) {
    if (existing.some((x) => samePolicy(x, p)) || added.slice(0, i).some((x) => samePolicy(x, p))) {
      ctx.fail("UnsupportedOperation.DuplicatePolicy", "The security group already has this rule.");
    }
  }
}

export async function createSecurityGroupPolicies(ctx: Ctx, req: Req<m.CreateSecurityGroupPoliciesRequest>): Promise<Res<m.CreateSecurityGroupPoliciesResponse>> {
  const g = await loadGroup(ctx, req.SecurityGroupId);
  checkVersion(ctx, g, req.SecurityGroupPolicySet.Version);
  const { dir, list } = oneDirection(ctx, req.SecurityGroupPolicySet);
  const indexes = new Set(list.map((p) => p.PolicyIndex));
  if (indexes.size > 1) ctx.fail("InvalidParameterValue", "Every rule of one request must give the same `PolicyIndex`.");
  const rules = await checkPolicySet(ctx, { [dir === "ingress" ? "Ingress" : "Egress"]: list });
  const added = rules[dir];
  noDuplicates(ctx, g[dir], added);
  const at = list[0].PolicyIndex;
  if (at !== undefined && (at < 0 || at > g[dir].length)) ctx.fail("InvalidParameterValue.Range", `The PolicyIndex ${at} is out of range (0 to ${g[dir].length}).`);
  const next = [...g[dir]];
  next.splice(at ?? next.length, 0, ...added);
  await save(ctx, g, { [dir]: next });
  return {};
}

export async function deleteSecurityGroupPolicies(ctx: Ctx, req: Req<m.DeleteSecurityGroupPoliciesRequest>): Promise<Res<m.DeleteSecurityGroupPoliciesResponse>> {
  const g = await loadGroup(ctx, req.SecurityGroupId);
  checkVersion(ctx, g, req.SecurityGroupPolicySet.Version);
  const changes: Partial<SecurityGroupDoc> = {};
  let any = false;
  for (const dir of ["ingress", "egress"] as const) {
    const list = (dir === "ingress" ? req.SecurityGroupPolicySet.Ingress : req.SecurityGroupPolicySet.Egress) ?? [];
    if (!list.length) continue;
    any = true;
    const drop = new Set<number>();
    for (const [i, p] of list.entries()) {
      if (p.PolicyIndex !== undefined) {
        if (p.PolicyIndex < 0 || p.PolicyIndex >= g[dir].length) ctx.fail("InvalidParameterValue.Range", `The PolicyIndex ${p.PolicyIndex} does not exist (${g[dir].length} rules).`);
        drop.add(p.PolicyIndex);
        continue;
      }
      const [wanted] = (await checkPolicySet(ctx, { [dir === "ingress" ? "Ingress" : "Egress"]: [p] }))[dir];
      const at = g[dir].findIndex((x) => samePolicy(x, wanted));
      if (at < 0) ctx.fail("ResourceNotFound", `SecurityGroupPolicySet.${dir === "ingress" ? "Ingress" : "Egress"}.${i}: no such rule in ${bt(g.SecurityGroupId)}.`);
      drop.add(at);
    }
    changes[dir] = g[dir].filter((_, i) => !drop.has(i));
  }
  if (!any) ctx.fail("InvalidParameterValue.Empty", "`SecurityGroupPolicySet` holds no rule.");
  await save(ctx, g, changes);
  return {};
}

export async function modifySecurityGroupPolicies(ctx: Ctx, req: Req<m.ModifySecurityGroupPoliciesRequest>): Promise<Res<m.ModifySecurityGroupPoliciesResponse>> {
  const g = await loadGroup(ctx, req.SecurityGroupId);
  const set = req.SecurityGroupPolicySet;
  if (set.Version === "0") {
    await save(ctx, g, { ingress: [], egress: [] });
    return {};
  }
  for (const p of [...(set.Ingress ?? []), ...(set.Egress ?? [])]) {
    if (p.PolicyIndex !== undefined) ctx.fail("InvalidParameter", "ModifySecurityGroupPolicies does not take a `PolicyIndex`.");
  }
  const rules = await checkPolicySet(ctx, set);
  noDuplicates(ctx, [], rules.ingress);
  noDuplicates(ctx, [], rules.egress);
  await save(ctx, g, rules);
  return {};
}

async function replace(ctx: Ctx, id: string, set: m.SecurityGroupPolicySet, single: boolean): Promise<void> {
  const g = await loadGroup(ctx, id);
  checkVersion(ctx, g, set.Version);
  const { dir, list } = oneDirection(ctx, set);
  if (single && list.length > 1) ctx.fail("InvalidParameterValue.LimitExceeded", "ReplaceSecurityGroupPolicy replaces one rule.");
  const rules = (await checkPolicySet(ctx, { [dir === "ingress" ? "Ingress" : "Egress"]: list }))[dir];
  const next = [...g[dir]];
  for (const [i, p] of list.entries()) {
    if (p.PolicyIndex === undefined) ctx.fail("MissingParameter", "Each rule to replace needs its `PolicyIndex`.");
    if (p.PolicyIndex < 0 || p.PolicyIndex >= next.length) ctx.fail("InvalidParameterValue.Range", `The PolicyIndex ${p.PolicyIndex} does not exist (${next.length} rules).`);
    if (next.some((x, j) => j !== p.PolicyIndex && samePolicy(x, rules[i]))) ctx.fail("UnsupportedOperation.DuplicatePolicy", "The security group already has this rule.");
    next[p.PolicyIndex] = rules[i];
  }
  await save(ctx, g, { [dir]: next });
}

export async function replaceSecurityGroupPolicy(ctx: Ctx, req: Req<m.ReplaceSecurityGroupPolicyRequest>): Promise<Res<m.ReplaceSecurityGroupPolicyResponse>> {
  await replace(ctx, req.SecurityGroupId, req.SecurityGroupPolicySet, true);
  return {};
}

export async function replaceSecurityGroupPolicies(ctx: Ctx, req: Req<m.ReplaceSecurityGroupPoliciesRequest>): Promise<Res<m.ReplaceSecurityGroupPoliciesResponse>> {
  if (req.UpdateType !== undefined && req.UpdateType !== "Int" && req.UpdateType !== "Str") ctx.fail("InvalidParameterValue", "`UpdateType` is Int or Str.");
  await replace(ctx, req.SecurityGroupId, req.SecurityGroupPolicySet, false);
  return {};
}

function policyFilter(ctx: Ctx, filters: m.Filter[] | undefined) {
  return filterBy<{ p: m.SecurityGroupPolicy; dir: Direction }>(ctx, filters, {
    "security-group-id": (x, v) => v.includes(x.p.SecurityGroupId ?? ""),
    ip: (x, v) => v.some((ip) => (x.p.CidrBlock ?? "").includes(ip) || (x.p.Ipv6CidrBlock ?? "").includes(ip)),
    "address-module": (x, v) => v.includes(x.p.AddressTemplate?.AddressId ?? "") || v.includes(x.p.AddressTemplate?.AddressGroupId ?? ""),
    "service-module": (x, v) => v.includes(x.p.ServiceTemplate?.ServiceId ?? "") || v.includes(x.p.ServiceTemplate?.ServiceGroupId ?? ""),
    "protocol-type": (x, v) => v.map((s) => s.toUpperCase()).includes(x.p.Protocol ?? ""),
    port: (x, v) => v.some((p) => p.toUpperCase() === "ALL" || (x.p.Port ?? "").includes(p)),
    poly: (x, v) => v.some((a) => a.toUpperCase() === "ALL" || a.toUpperCase() === x.p.Action),
    direction: (x, v) => v.some((d) => d.toUpperCase() === "ALL" || (d.toUpperCase() === "INBOUND") === (x.dir === "ingress")),
    description: (x, v) => v.some((d) => (x.p.PolicyDescription ?? "").includes(d)),
  });
}

function filtered(ctx: Ctx, set: m.SecurityGroupPolicySet, filters: m.Filter[] | undefined): m.SecurityGroupPolicySet {
  const keep = policyFilter(ctx, filters);
  return {
    ...set,
    Ingress: set.Ingress!.filter((p) => keep({ p, dir: "ingress" })),
    Egress: set.Egress!.filter((p) => keep({ p, dir: "egress" })),
  };
}

export async function describeSecurityGroupPolicies(ctx: Ctx, req: Req<m.DescribeSecurityGroupPoliciesRequest>): Promise<Res<m.DescribeSecurityGroupPoliciesResponse>> {
  const g = await loadGroup(ctx, req.SecurityGroupId);
  return { SecurityGroupPolicySet: filtered(ctx, presentPolicySet(g), req.Filters) };
}

/** Rules with their parameter templates expanded: one rule per address (and per service) the templates hold. */
export async function describeSecurityGroupExpandedPolicies(ctx: Ctx, req: Req<m.DescribeSecurityGroupExpandedPoliciesRequest>): Promise<Res<m.DescribeSecurityGroupExpandedPoliciesResponse>> {
  const g = await loadGroup(ctx, req.SecurityGroupId);
  const members = async (kind: "address" | "service", id: string, groupId: string): Promise<string[]> => {
    if (id) return ((await templates(ctx, kind).get(id))?.members ?? []).map((x) => x.Member);
    if (!groupId) return [];
    const grp = (await templates(ctx, kind === "address" ? "address-group" : "service-group").get(groupId)) as TemplateDoc | undefined;
    const out: string[] = [];
    for (const t of grp?.members ?? []) out.push(...((await templates(ctx, kind).get(t.Member))?.members ?? []).map((x) => x.Member));
    return out;
  };
  const expand = async (list: readonly PolicyDoc[]): Promise<PolicyDoc[]> => {
    const out: PolicyDoc[] = [];
    for (const p of list) {
      const addrs = p.AddressTemplate.AddressId || p.AddressTemplate.AddressGroupId ? await members("address", p.AddressTemplate.AddressId, p.AddressTemplate.AddressGroupId) : [p.CidrBlock];
      const services = p.ServiceTemplate.ServiceId || p.ServiceTemplate.ServiceGroupId ? await members("service", p.ServiceTemplate.ServiceId, p.ServiceTemplate.ServiceGroupId) : [null];
      for (const a of addrs) {
        for (const s of services) {
          const [proto, port] = s ? s.toUpperCase().split(":") : [p.Protocol, p.Port];
          out.push({ ...p, CidrBlock: a, Protocol: proto, Port: port ?? "ALL", AddressTemplate: { AddressId: "", AddressGroupId: "" }, ServiceTemplate: { ServiceId: "", ServiceGroupId: "" } });
        }
      }
    }
    return out;
  };
  const expanded = presentPolicySet({ ...g, ingress: await expand(g.ingress), egress: await expand(g.egress) });
  return { SecurityGroupPolicySet: filtered(ctx, expanded, req.Filters) };
}
