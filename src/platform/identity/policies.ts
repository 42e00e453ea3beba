import { randomChars } from "../ids";
import { accounts, accountScope, type SubUser } from "../accounts";
import { normalizePolicy, type Policy } from "../cam";
import type { Tx } from "../store/store";
import { presetPolicy, presetPolicyNamed, PRESET_POLICIES, type PresetPolicy } from "./preset-policies";
import { roles, type Role } from "./roles";

/** One version of a custom policy's document. */
export interface PolicyVersion {
  versionId: number;
  document: string;
  createdAt: number;
}

/** A custom policy of an account, with up to five versions and the default one in force. */
export interface CustomPolicy {
  id: number;
  uin: string;
  name: string;
  description: string;
  versions: PolicyVersion[];
  defaultVersion: number;
  /** The next version id (ids are never reused). */
  nextVersion: number;
  tags: { Key: string; Value: string }[];
  createdAt: number;
  updatedAt: number;
}

/** A policy as every action sees it, preset or custom. */
export interface PolicyView {
  id: number;
  name: string;
  description: string;
  /** 1 custom, 2 preset (CAM's Type and CreateMode). */
  type: 1 | 2;
  serviceType: string;
  document: string;
  parsed: Policy;
  addTime: number | string;
  updateTime: number | string;
  custom?: CustomPolicy;
  preset?: PresetPolicy;
}

export type AttachmentTarget = "user" | "group" | "role";

/** A policy attached to a user (by subUin), a group (by id) or a role (by id). */
export interface Attachment {
  policyId: number;
  targetType: AttachmentTarget;
  targetId: string;
  attachedAt: number;
  /** Who attached it (CAM's OperateUin). */
  operatorUin: string;
}

/** CAM's quotas: https://cloud.tencent.com/document/product/598/10600 (custom policies, versions, attachments). */
export const POLICY_LIMITS = { customPolicies: 1500, versions: 5, attachmentsPerEntity: 200, documentLength: 6144 } as const;

export function toView(p: CustomPolicy | PresetPolicy): PolicyView {
  if ("uin" in p) {
    const doc = p.versions.find((v) => v.versionId === p.defaultVersion)!.document;
    return { id: p.id, name: p.name, description: p.description, type: 1, serviceType: "", document: doc, parsed: normalizePolicy(doc), addTime: p.createdAt, updateTime: p.updatedAt, custom: p };
  }
  return { id: p.id, name: p.name, description: p.description, type: 2, serviceType: p.serviceType, document: JSON.stringify(p.document), parsed: p.document, addTime: p.addTime, updateTime: p.addTime, preset: p };
}

const attachmentId = (a: Pick<Attachment, "policyId" | "targetType" | "targetId">) => `${a.policyId}:${a.targetType}:${a.targetId}`;
const targetKey = (type: AttachmentTarget, id: string) => `${type}:${id}`;

export const policies = {
  async getCustom(tx: Tx, uin: string, id: number): Promise<CustomPolicy | undefined> {
    return (await tx.get<CustomPolicy>(accountScope(uin), "policy", String(id)))?.data;
  },

  /** A preset or custom policy of the account. */
  async get(tx: Tx, uin: string, id: number): Promise<PolicyView | undefined> {
    const preset = presetPolicy(id);
    if (preset) return toView(preset);
    const custom = await policies.getCustom(tx, uin, id);
    return custom ? toView(custom) : undefined;
  },

  async named(tx: Tx, uin: string, name: string): Promise<PolicyView | undefined> {
    const custom = (await policies.listCustom(tx, uin)).find((p) => p.name === name);
    if (custom) return toView(custom);
    const preset = presetPolicyNamed(name);
    return preset ? toView(preset) : undefined;
  },

  async listCustom(tx: Tx, uin: string): Promise<CustomPolicy[]> {
    return (await tx.list<CustomPolicy>(accountScope(uin), "policy")).map((d) => d.data);
  },

  /** Preset then custom, as ListPolicies shows them. */
  async listAll(tx: Tx, uin: string): Promise<PolicyView[]> {
    return [...PRESET_POLICIES.map(toView), ...(await policies.listCustom(tx, uin)).map(toView)];
  },

  async create(tx: Tx, now: number, uin: string, input: { name: string; description: string; document: string; tags: CustomPolicy["tags"] }): Promise<CustomPolicy> {
    let id: number;
    do id = Number("1" + randomChars(8, "0123456789"));
    while (await policies.getCustom(tx, uin, id));
    const policy: CustomPolicy = {
      id,
      uin,
      name: input.name,
      description: input.description,
      versions: [{ versionId: 1, document: input.document, createdAt: now }],
      defaultVersion: 1,
      nextVersion: 2,
      tags: input.tags,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insert(accountScope(uin), "policy", String(id), policy);
    return policy;
  },

  async save(tx: Tx, policy: CustomPolicy): Promise<void> {
    await tx.update(accountScope(policy.uin), "policy", String(policy.id), policy);
  },

  /**
   * Deletes the policy, every attachment of it, and the permission boundaries it was: the users and roles it
   * capped have no boundary afterwards (CAM's DeletePolicy documents no refusal for a policy in use).
   */
  async delete(tx: Tx, policy: CustomPolicy): Promise<void> {
    for (const a of await policies.attachmentsOf(tx, policy.uin, policy.id)) await tx.delete(accountScope(policy.uin), "attachment", attachmentId(a));
    const holders = await policies.boundaryHolders(tx, policy.uin, policy.id);
    for (const user of holders.users) await accounts.saveUser(tx, { ...user, boundaryPolicyId: null });
    for (const role of holders.roles) await roles.save(tx, { ...role, boundaryPolicyId: null });
    await tx.delete(accountScope(policy.uin), "policy", String(policy.id));
  },

  /** The sub-users and roles of an account whose permission boundary is this policy (any policy when omitted). */
  async boundaryHolders(tx: Tx, uin: string, policyId?: number): Promise<{ users: SubUser[]; roles: Role[] }> {
    const holds = (id: number | null | undefined) => (policyId === undefined ? id != null : id === policyId);
    return {
      users: (await accounts.listUsers(tx, uin)).filter((u) => holds(u.boundaryPolicyId)),
      roles: (await roles.list(tx, uin)).filter((r) => holds(r.boundaryPolicyId)),
    };
  },

  async attach(tx: Tx, uin: string, a: Attachment): Promise<boolean> {
    const scope = accountScope(uin);
    if (await tx.get(scope, "attachment", attachmentId(a))) return false;
    await tx.insert(scope, "attachment", attachmentId(a), a, targetKey(a.targetType, a.targetId));
    return true;
  },

  async detach(tx: Tx, uin: string, policyId: number, targetType: AttachmentTarget, targetId: string): Promise<boolean> {
    return tx.delete(accountScope(uin), "attachment", attachmentId({ policyId, targetType, targetId }));
  },

  async attachedTo(tx: Tx, uin: string, targetType: AttachmentTarget, targetId: string): Promise<Attachment[]> {
    return (await tx.list<Attachment>(accountScope(uin), "attachment", { parent: targetKey(targetType, targetId) })).map((d) => d.data);
  },

  async attachmentsOf(tx: Tx, uin: string, policyId: number): Promise<Attachment[]> {
    return (await tx.list<Attachment>(accountScope(uin), "attachment")).map((d) => d.data).filter((a) => a.policyId === policyId);
  },

  /** Removes every attachment of an entity (a user, group or role being deleted). */
  async detachAll(tx: Tx, uin: string, targetType: AttachmentTarget, targetId: string): Promise<void> {
    for (const a of await policies.attachedTo(tx, uin, targetType, targetId)) await tx.delete(accountScope(uin), "attachment", attachmentId(a));
  },

  /** The documents in force for an entity's attachments (policies deleted meanwhile are skipped). */
  async documentsFor(tx: Tx, uin: string, targetType: AttachmentTarget, targetId: string): Promise<Policy[]> {
    const out: Policy[] = [];
    for (const a of await policies.attachedTo(tx, uin, targetType, targetId)) {
      const view = await policies.get(tx, uin, a.policyId);
      if (view) out.push(view.parsed);
    }
    return out;
  },
};
