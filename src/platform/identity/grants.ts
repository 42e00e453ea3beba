import type { SubUser } from "../accounts";
import { mergePolicies, type Policy } from "../cam";
import type { Tx } from "../store/store";
import { groups } from "./groups";
import { policies } from "./policies";
import type { Role } from "./roles";

/**
 * The policy layers of an identity, in the form `evaluate` takes: first everything the identity holds (a
 * sub-user's own policy from the control API, the policies attached to it and to its groups; or a role's
 * attached policies) merged into one layer, then its permission boundary when it has one. A session policy,
 * when a temporary credential carries one, is added by the caller as a last layer.
 */
export async function userLayers(tx: Tx, user: SubUser): Promise<Policy[]> {
  const held: Policy[] = [];
  if (user.policy) held.push(user.policy);
  held.push(...(await policies.documentsFor(tx, user.uin, "user", user.subUin)));
  for (const group of await groups.of(tx, user.uin, user.subUin)) {
    held.push(...(await policies.documentsFor(tx, user.uin, "group", String(group.id))));
  }
  return withBoundary(tx, user.uin, mergePolicies(held), user.boundaryPolicyId ?? null);
}

export async function roleLayers(tx: Tx, role: Role): Promise<Policy[]> {
  const held = await policies.documentsFor(tx, role.uin, "role", role.roleId);
  return withBoundary(tx, role.uin, mergePolicies(held), role.boundaryPolicyId);
}

const NOTHING_ALLOWED: Policy = { version: "2.0", statement: [] };

async function withBoundary(tx: Tx, uin: string, held: Policy, boundaryId: number | null): Promise<Policy[]> {
  if (boundaryId === null) return [held];
  const boundary = await policies.get(tx, uin, boundaryId);
  // DeletePolicy clears the boundaries it was; one still naming a missing policy caps everything (fail closed).
  return [held, boundary ? boundary.parsed : NOTHING_ALLOWED];
}
