import type { App } from "../app";
import { ApiError, fail } from "../errors/api-error";
import { isErrorCode } from "../errors/catalog";
import { allowsAction, coveredBy, evaluate, policiesMention, resourceName } from "../platform/cam";
import { RESOURCE_TAG } from "../platform/cam-conditions";
import { withConditionContext } from "../platform/cam-context";
import type { ResourceRef, ServiceDefinition } from "../platform/definition";
import type { Caller } from "../platform/service";
import type { Call } from "./call";
import { msg } from "./messages";

/**
 * Other names CAM gives the same resource, by product and resource type: a KMS key is also
 * `key/creatorUin/<uin>/<KeyId>` (tclocal takes the owner as the creator). A statement naming either form
 * matches; products whose resources have one name are absent.
 */
const RESOURCE_ALIASES: Readonly<Record<string, Readonly<Record<string, (region: string, uin: string, id: string) => string>>>> = {
  kms: { key: (region, uin, id) => `qcs::kms:${region}:uin/${uin}:key/creatorUin/${uin}/${id}` },
};

/**
 * The CAM resource names a call's members point at (KeyId → qcs::kms:region:uin/…:key/<id>), with each one's
 * other names (`aliases[i]` for `names[i]`) and its type and id (`resources[i]`, for the product's tag reader).
 */
export function requestResources(app: App, call: Call): { ids: string[]; names: string[]; aliases: string[][]; resources: ResourceRef[] } {
  const ids: string[] = [];
  const names: string[] = [];
  const aliases: string[][] = [];
  const resources: ResourceRef[] = [];
  for (const [member, type] of resourceMembersOf(app, call)) {
    for (const v of idsIn(call.params[member])) {
      ids.push(v);
      resources.push({ type, id: v });
      // A member that is already a resource name (STS's RoleArn) is taken as it is.
      names.push(v.startsWith("qcs:") ? v : resourceName(call.service!, call.region!, call.caller!.uin, type, v));
      const alias = v.startsWith("qcs:") ? undefined : RESOURCE_ALIASES[call.service!]?.[type];
      aliases.push(alias ? [alias(call.region!, call.caller!.uin, v)] : []);
    }
  }
  return { ids, names, aliases, resources };
}

/** The resource ids a call's members name (what the audit trail files the call under). */
function requestIds(app: App, call: Call): string[] {
  const ids: string[] = [];
  for (const [member] of resourceMembersOf(app, call)) ids.push(...idsIn(call.params[member]));
  return ids;
}

const membersByService = new Map<string, readonly (readonly [string, string])[]>();

function resourceMembersOf(app: App, call: Call): readonly (readonly [string, string])[] {
  let members = membersByService.get(call.service!);
  if (!members) {
    members = Object.entries(app.services.get(call.service!)!.resourceMembers ?? {});
    membersByService.set(call.service!, members);
  }
  return members;
}

function idsIn(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v): v is string => typeof v === "string" && v !== "");
}

/**
 * Operations CAM policies do not govern: who am I, and an MFA session of one's own identity (it grants nothing
 * the identity does not already have).
 */
const UNGOVERNED = new Set(["sts:GetCallerIdentity", "sts:GetSessionToken"]);

/**
 * Stage "authorize": CAM. A root key may do anything; a sub-user or a temporary credential needs every
 * policy it carries to allow the operation. Not allowed at all → AuthFailure.UnauthorizedOperation at the
 * gateway; allowed but not on this resource → the product's UnauthorizedOperation, as the product answers.
 * MFA-protected operations need credentials issued with MFA.
 */
export function authorize(app: App, call: Call): void {
  // The condition context is built when something reads it (a policy, STS's AssumeRole): a root key's calls never do.
  const caller = (call.caller = withConditionContext(call.caller!, () => ({
    sourceIp: call.sourceIp,
    at: app.clock.at(call.receivedAt),
    secureTransport: Boolean(app.config.tls),
    region: call.region,
    requestTags: requestTags(call.params),
  })));
  const op = `${call.service}:${call.action}`;
  if (!caller.policies.length || UNGOVERNED.has(op)) {
    for (const id of requestIds(app, call)) call.resources.add(id);
  } else {
    const def = app.services.get(call.service!)!;
    const { ids, names, aliases } = requestResources(app, call);
    for (const id of ids) call.resources.add(id);
    const tagsLater = readsResourceTags(def, caller);
    if (!allowsAction(caller.policies, op, caller.context, tagsLater ? DEFERRED_TAGS : undefined)) {
      fail("AuthFailure.UnauthorizedOperation", msg.camDenied(call.requestId, op, names[0] ?? "*"));
    }
    // A product that names its resources from the store, or whose resources' tags a policy tests, has them
    // checked by dispatch, in the call's transaction.
    if (!def.resourceNames && !tagsLater) refuseUnlessAllowedOn(call, names, aliases);
  }
  if (!caller.mfa && coveredBy(caller.mfaProtectedActions, call.service!, call.action!)) {
    fail("AuthFailure.MFAFailure", msg.mfaFailure(op));
  }
}

const DEFERRED_TAGS: readonly string[] = [RESOURCE_TAG];

/**
 * Whether the resource-level check needs the named resources' tags: the product reads them (`resourceTags`) and
 * some policy of the caller tests `qcs:resource_tag`. Root keys and most callers: no, and no store read.
 */
export function readsResourceTags(def: ServiceDefinition, caller: Caller): boolean {
  return Boolean(def.resourceTags) && caller.policies.length > 0 && policiesMention(caller.policies, RESOURCE_TAG);
}

/**
 * The resource-level check: each resource the call names (or `*` when it names none) must be allowed, else the
 * product's UnauthorizedOperation with the CAM detail (AuthFailure.UnauthorizedOperation for products without it).
 * `tags[i]` (`key&value`), when given, is `names[i]`'s qcs:resource_tag.
 */
export function refuseUnlessAllowedOn(
  call: Call,
  names: readonly string[],
  aliases: readonly (readonly string[])[] = [],
  tags?: readonly (readonly string[])[],
): void {
  const op = `${call.service}:${call.action}`;
  const caller = call.caller!;
  if (!caller.policies.length || UNGOVERNED.has(op)) return;
  const targets = names.length ? names : ["*"];
  for (const [i, resource] of targets.entries()) {
    const context = tags ? { ...caller.context, [RESOURCE_TAG]: tags[i]?.length ? tags[i] : undefined } : caller.context;
    const decision = evaluate(caller.policies, { action: op, resource, aliases: aliases[i], context });
    if (!decision.allowed) {
      const code = isErrorCode(call.service!, "UnauthorizedOperation") ? "UnauthorizedOperation" : "AuthFailure.UnauthorizedOperation";
      throw new ApiError(code, msg.camResourceDenied(call.requestId, op, resource));
    }
  }
}

/** Tags a request sets (`Tags: [{TagKey, TagValue}]` or `[{Key, Value}]`), as `key&value` for qcs:request_tag. */
function requestTags(params: Record<string, unknown>): string[] | undefined {
  const tags = params.Tags;
  if (!Array.isArray(tags)) return undefined;
  const out: string[] = [];
  for (const t of tags) {
    if (!t || typeof t !== "object") continue;
    const r = t as Record<string, unknown>;
    const key = r.TagKey ?? r.Key;
    const value = r.TagValue ?? r.Value ?? "";
    if (typeof key === "string") out.push(`${key}&${String(value)}`);
  }
  return out.length ? out : undefined;
}

