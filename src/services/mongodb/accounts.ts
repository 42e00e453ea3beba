import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { ActionContext } from "../../platform/service";

/**
 * Database accounts of an instance. `mongouser` is the account the purchase's password (or 2018-04-08's
 * SetPassword) initializes; 2019-07-25 adds custom accounts with per-database privileges. Passwords are kept
 * only as salted SHA-256 digests, compared in constant time (MongoUserPassword checks).
 */

export const ADMIN_USER = "mongouser";

export interface AccountUser {
  instanceId: string;
  userName: string;
  desc: string;
  /** Mask 0 none, 1 read, 3 read-write, per namespace (`*` or a database). */
  roles: { Mask: number; NameSpace: string }[];
  salt: string | null;
  digest: string | null;
  createdAt: number;
  updatedAt: number;
  /** When the password was last changed through the API. */
  passwordAt: number;
}

export function accountUsers(ctx: ActionContext<"mongodb">) {
  return ctx.docs<AccountUser>("account-user");
}

const key = (instanceId: string, user: string) => `${instanceId}/${user}`;

function digestOf(salt: string, password: string): string {
  return createHash("sha256").update(salt).update(password).digest("hex");
}

export async function findUser(ctx: ActionContext<"mongodb">, instanceId: string, user: string): Promise<AccountUser | undefined> {
  return accountUsers(ctx).get(key(instanceId, user));
}

export async function listUsers(ctx: ActionContext<"mongodb">, instanceId: string): Promise<AccountUser[]> {
  return accountUsers(ctx).all(instanceId);
}

export async function saveUser(ctx: ActionContext<"mongodb">, u: AccountUser): Promise<void> {
  await accountUsers(ctx).put(key(u.instanceId, u.userName), u, u.instanceId);
}

export async function deleteUser(ctx: ActionContext<"mongodb">, instanceId: string, user: string): Promise<void> {
  await accountUsers(ctx).delete(key(instanceId, user));
}

/** Sets (or creates, for mongouser) an account's password. */
export async function setUserPassword(ctx: ActionContext<"mongodb">, instanceId: string, user: string, password: string): Promise<void> {
  const now = ctx.now();
  const salt = randomBytes(16).toString("hex");
  const existing = await findUser(ctx, instanceId, user);
  await saveUser(ctx, {
    instanceId,
    userName: user,
    desc: existing?.desc ?? "",
    roles: existing?.roles ?? [{ Mask: 3, NameSpace: "*" }],
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    passwordAt: now,
    salt,
    digest: digestOf(salt, password),
  });
}

/** Whether the password is the account's; true when no digest is known (an account set before passwords were kept). */
export function passwordMatches(u: AccountUser, password: string): boolean {
  if (!u.salt || !u.digest) return true;
  const given = Buffer.from(digestOf(u.salt, password), "hex");
  const expected = Buffer.from(u.digest, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
