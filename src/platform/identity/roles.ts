import { randomChars } from "../ids";
import { accountScope } from "../accounts";
import type { Tx } from "../store/store";

/** A CAM role: who may assume it (the trust policy) and, through attached policies, what its sessions may do. */
export interface Role {
  /** 19 digits, as CAM writes them ("4611686018427397919"). */
  roleId: string;
  uin: string;
  roleName: string;
  /** The trust policy (role carrier) as given. */
  trustPolicy: string;
  description: string;
  consoleLogin: number;
  /** Longest session AssumeRole may ask for, seconds. */
  sessionDuration: number;
  tags: { Key: string; Value: string }[];
  /** "user", "system" or "service_linked" (CAM's RoleType). */
  roleType: "user" | "system" | "service_linked";
  boundaryPolicyId: number | null;
  boundarySetAt?: number;
  /** The pending or finished deletion task of a service-linked role. */
  deletionTaskId: string | null;
  createdAt: number;
  updatedAt: number;
}

/** CAM's quotas: 1000 roles per account, 50 tags per role; session 1 h default, 12 h longest. */
export const ROLE_LIMITS = { roles: 1000, tags: 50, sessionDefault: 43200, sessionMax: 43200 } as const;

/** Every role id starts like this: 4611686018 + 9 digits. */
const ROLE_ID_PREFIX = "4611686018";

export const roles = {
  async get(tx: Tx, uin: string, roleId: string): Promise<Role | undefined> {
    return (await tx.get<Role>(accountScope(uin), "role", roleId))?.data;
  },

  async named(tx: Tx, uin: string, roleName: string): Promise<Role | undefined> {
    return (await roles.list(tx, uin)).find((r) => r.roleName === roleName);
  },

  async list(tx: Tx, uin: string): Promise<Role[]> {
    return (await tx.list<Role>(accountScope(uin), "role")).map((d) => d.data);
  },

  async count(tx: Tx, uin: string): Promise<number> {
    return tx.count(accountScope(uin), "role");
  },

  async create(tx: Tx, now: number, uin: string, input: Omit<Role, "roleId" | "uin" | "createdAt" | "updatedAt" | "boundaryPolicyId" | "deletionTaskId">): Promise<Role> {
    let roleId: string;
    do roleId = ROLE_ID_PREFIX + randomChars(9, "0123456789");
    while (await roles.get(tx, uin, roleId));
    const role: Role = { ...input, roleId, uin, boundaryPolicyId: null, deletionTaskId: null, createdAt: now, updatedAt: now };
    await tx.insert(accountScope(uin), "role", roleId, role);
    return role;
  },

  async save(tx: Tx, role: Role): Promise<void> {
    await tx.update(accountScope(role.uin), "role", role.roleId, role);
  },

  async delete(tx: Tx, role: Role): Promise<void> {
    await tx.delete(accountScope(role.uin), "role", role.roleId);
  },
};

/**
 * A role ARN as STS and CAM write it: qcs::cam::uin/<uin>:roleName/<name>, :role/<id>, or the service-role forms
 * :role/tencentcloudServiceRole/<id> and :role/tencentcloudServiceRoleName/<name>.
 */
export function parseRoleArn(arn: string): { uin: string; roleId?: string; roleName?: string } | null {
  const m = /^qcs::cam::uin\/(\d+):(roleName|role)\/(?:(tencentcloudServiceRoleName|tencentcloudServiceRole)\/)?([^/]+)$/.exec(arn);
  if (!m) return null;
  const byName = m[2] === "roleName" || m[3] === "tencentcloudServiceRoleName";
  return byName ? { uin: m[1], roleName: m[4] } : { uin: m[1], roleId: m[4] };
}

export function roleArn(role: Pick<Role, "uin" | "roleName">): string {
  return `qcs::cam::uin/${role.uin}:roleName/${role.roleName}`;
}
