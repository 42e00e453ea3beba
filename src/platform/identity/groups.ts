import { randomChars } from "../ids";
import { accountScope } from "../accounts";
import type { Tx } from "../store/store";

/** A user group: its members are sub-users of the same account. */
export interface Group {
  id: number;
  uin: string;
  name: string;
  remark: string;
  /** Sub-user Uins, in the order they joined, with when. */
  members: { subUin: string; joinedAt: number }[];
  createdAt: number;
}

/** CAM's quotas: 300 groups per account, 10 groups per user, 100 users per group (CAM limits page). */
export const GROUP_LIMITS = { groups: 300, groupsPerUser: 10, usersPerGroup: 100 } as const;

export const groups = {
  async get(tx: Tx, uin: string, id: number): Promise<Group | undefined> {
    return (await tx.get<Group>(accountScope(uin), "group", String(id)))?.data;
  },

  async list(tx: Tx, uin: string): Promise<Group[]> {
    return (await tx.list<Group>(accountScope(uin), "group")).map((d) => d.data);
  },

  async count(tx: Tx, uin: string): Promise<number> {
    return tx.count(accountScope(uin), "group");
  },

  async create(tx: Tx, now: number, uin: string, name: string, remark: string): Promise<Group> {
    let id: number;
    do id = Number("1" + randomChars(6, "0123456789"));
    while (await groups.get(tx, uin, id));
    const group: Group = { id, uin, name, remark, members: [], createdAt: now };
    await tx.insert(accountScope(uin), "group", String(id), group);
    return group;
  },

  async save(tx: Tx, group: Group): Promise<void> {
    await tx.update(accountScope(group.uin), "group", String(group.id), group);
  },

  async delete(tx: Tx, group: Group): Promise<void> {
    await tx.delete(accountScope(group.uin), "group", String(group.id));
  },

  /** The groups a sub-user belongs to. */
  async of(tx: Tx, uin: string, subUin: string): Promise<Group[]> {
    return (await groups.list(tx, uin)).filter((g) => g.members.some((m) => m.subUin === subUin));
  },
};
