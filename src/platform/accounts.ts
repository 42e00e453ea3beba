import { randomUUID } from "node:crypto";
import { newApiKey, newTemporaryKey, randomChars } from "./ids";
import type { Policy } from "./cam";
import { round2 } from "./money";
import type { Scope, Tx } from "./store/store";

/** The well-known development credential, verified like any other key (see README). */
export const DEFAULT_ACCOUNT = {
  uin: "100000000001",
  appId: 1250000000,
  secretId: "AKIDtclocal0000000000000000000000000",
  secretKey: "tclocalDefaultSecretKey000000000",
  /** A generous balance, in CNY, for prepaid purchases. */
  balance: 1_000_000,
} as const;

export interface Account {
  uin: string;
  appId: number;
  /** CNY, two decimals. */
  balance: number;
  createdAt: number;
  /** The root account's virtual MFA device (GetSessionToken with the root key). */
  mfaDevice?: MfaDevice | null;
}

export interface ApiKey {
  secretId: string;
  secretKey: string;
  uin: string;
  /** The sub-user the key belongs to, or null for the root account's own key. */
  subUin: string | null;
  enabled: boolean;
  createdAt: number;
  /** CreateAccessKey's Description. */
  description?: string;
  /** Emulator time of the key's last successful use (GetSecurityLastUsed), epoch ms. */
  lastUsedAt?: number;
}

/** A virtual MFA device (soft token): an RFC 6238 TOTP secret, base32. */
export interface MfaDevice {
  serialNumber: string;
  secret: string;
  boundAt: number;
}

/** Which second factors a sub-user's login and sensitive operations ask for (SetMfaFlag). */
export interface MfaFlags {
  phone: number;
  stoken: number;
  wechat: number;
  custom: number;
}

export interface SubUser {
  subUin: string;
  uin: string;
  name: string;
  policy: Policy | null;
  /** Operations ("kms:ScheduleKeyDeletion", "cbs:*", "TerminateDisks") that need MFA-verified credentials. */
  mfaProtectedActions: string[];
  createdAt: number;
  /** CAM's numeric user id (Uid). Absent in documents stored before CAM existed: see userUid. */
  uid?: number;
  remark?: string;
  consoleLogin?: number;
  phoneNum?: string;
  countryCode?: string;
  email?: string;
  needResetPassword?: number;
  /** Whether a console password was set (the password itself is never kept). */
  hasPassword?: boolean;
  /** The permission boundary (a policy id), or null. */
  boundaryPolicyId?: number | null;
  boundarySetAt?: number;
  mfaDevice?: MfaDevice | null;
  loginFlag?: MfaFlags;
  actionFlag?: MfaFlags;
  updatedAt?: number;
}

/** CAM's Uid of a sub-user: the digits after the fixed prefix of its Uin (unique, as Uins are). */
export function userUid(user: SubUser): number {
  return user.uid ?? Number(user.subUin.slice(4));
}

export interface TemporaryCredential {
  tmpSecretId: string;
  tmpSecretKey: string;
  token: string;
  uin: string;
  subUin: string | null;
  /** A session policy that narrows what the owner may do. */
  policy: Policy | null;
  mfa: boolean;
  /** Emulator time, epoch ms. */
  expiresAt: number;
  /** A role session (AssumeRole*): the role, in `uin`'s account, and the session name. */
  roleId?: string;
  roleSessionName?: string;
  /** GetFederationToken's Name. */
  federatedName?: string;
  /** The account (and sub-user) that asked for the credential: PrincipalId of GetCallerIdentity. */
  principalUin?: string;
  /** Session tags (AssumeRole Tags), "key&value". */
  tags?: string[];
  /** Emulator time it was issued, epoch ms. */
  issuedAt?: number;
}

/** Platform documents are global (not per account or region): lookups go by SecretId or Uin. */
export const PLATFORM: Scope = { service: "_tclocal", account: "*", region: "*" };
export const PLATFORM_SERVICE = PLATFORM.service;

export class AccountNotFoundError extends Error {}
export class UserNameTakenError extends Error {}

/** Where an account's CAM entities live (groups, policies, roles, providers): global region. */
export function accountScope(uin: string): Scope {
  return { service: PLATFORM.service, account: uin, region: "*" };
}

let epoch = 0;
/**
 * Changes whenever keys, users, credentials or accounts change in this process (or state is wiped), so the
 * gateway can cache what a SecretId resolves to and drop the cache the moment an identity changes. Other
 * processes sharing the store learn of a change from IDENTITY_EPOCH_KEY (read per call).
 */
export function identityEpoch(): number {
  return epoch;
}
export function identitiesChanged(): void {
  epoch++;
}

/** Meta key that changes with every identity change, for the processes that share the store. */
export const IDENTITY_EPOCH_KEY = "identity.epoch";

/** Records an identity change in the transaction: every process drops its cached identities once it commits. */
export async function identityChange(tx: Tx): Promise<void> {
  identitiesChanged();
  await tx.setMeta(IDENTITY_EPOCH_KEY, randomUUID());
  tx.afterCommit(identitiesChanged);
}

/** Accounts, API keys, sub-users and temporary credentials, kept in the store. */
export const accounts = {
  async ensureDefault(tx: Tx, now: number): Promise<void> {
    if (!(await tx.get(PLATFORM, "account", DEFAULT_ACCOUNT.uin))) {
      await tx.insert(PLATFORM, "account", DEFAULT_ACCOUNT.uin, {
        uin: DEFAULT_ACCOUNT.uin,
        appId: DEFAULT_ACCOUNT.appId,
        balance: DEFAULT_ACCOUNT.balance,
        createdAt: now,
      } satisfies Account);
    }
    if (!(await tx.get(PLATFORM, "apikey", DEFAULT_ACCOUNT.secretId))) {
      await tx.insert(PLATFORM, "apikey", DEFAULT_ACCOUNT.secretId, {
        secretId: DEFAULT_ACCOUNT.secretId,
        secretKey: DEFAULT_ACCOUNT.secretKey,
        uin: DEFAULT_ACCOUNT.uin,
        subUin: null,
        enabled: true,
        createdAt: now,
      } satisfies ApiKey);
    }
  },

  async get(tx: Tx, uin: string): Promise<Account | undefined> {
    return (await tx.get<Account>(PLATFORM, "account", uin))?.data;
  },

  async list(tx: Tx): Promise<Account[]> {
    return (await tx.list<Account>(PLATFORM, "account")).map((d) => d.data);
  },

  async create(tx: Tx, now: number, balance = 0): Promise<{ account: Account; key: ApiKey }> {
    await identityChange(tx);
    const all = await accounts.list(tx);
    const uin = String(Math.max(...all.map((a) => Number(a.uin)), Number(DEFAULT_ACCOUNT.uin)) + 1);
    const appId = Math.max(...all.map((a) => a.appId), DEFAULT_ACCOUNT.appId) + 1;
    const account: Account = { uin, appId, balance: round2(balance), createdAt: now };
    await tx.insert(PLATFORM, "account", uin, account);
    return { account, key: await accounts.createKey(tx, now, uin, null) };
  },

  async setBalance(tx: Tx, uin: string, balance: number): Promise<Account> {
    const account = await accounts.get(tx, uin);
    if (!account) throw new AccountNotFoundError(`account ${uin} does not exist`);
    const next = { ...account, balance: round2(balance) };
    await tx.update(PLATFORM, "account", uin, next);
    return next;
  },

  /** Charges a prepaid purchase; resolves false (and changes nothing) when the balance is short. */
  async charge(tx: Tx, uin: string, amount: number): Promise<boolean> {
    const account = await accounts.get(tx, uin);
    if (!account || account.balance + 1e-9 < amount) return false;
    await tx.update(PLATFORM, "account", uin, { ...account, balance: round2(account.balance - amount) });
    return true;
  },

  async save(tx: Tx, account: Account): Promise<void> {
    await identityChange(tx);
    await tx.update(PLATFORM, "account", account.uin, account);
  },

  async refund(tx: Tx, uin: string, amount: number): Promise<void> {
    const account = await accounts.get(tx, uin);
    if (account) await tx.update(PLATFORM, "account", uin, { ...account, balance: round2(account.balance + amount) });
  },

  async createKey(tx: Tx, now: number, uin: string, subUin: string | null, description?: string): Promise<ApiKey> {
    await identityChange(tx);
    if (!(await accounts.get(tx, uin))) throw new AccountNotFoundError(`account ${uin} does not exist`);
    const key: ApiKey = { ...newApiKey(), uin, subUin, enabled: true, createdAt: now, ...(description !== undefined ? { description } : {}) };
    await tx.insert(PLATFORM, "apikey", key.secretId, key);
    return key;
  },

  async getKey(tx: Tx, secretId: string): Promise<ApiKey | undefined> {
    return (await tx.get<ApiKey>(PLATFORM, "apikey", secretId))?.data;
  },

  async setKeyEnabled(tx: Tx, secretId: string, enabled: boolean): Promise<ApiKey | undefined> {
    const key = await accounts.getKey(tx, secretId);
    if (!key) return undefined;
    await identityChange(tx);
    const next = { ...key, enabled };
    await tx.update(PLATFORM, "apikey", secretId, next);
    return next;
  },

  /** A sub-user with an API key (the control API's sub-users). */
  async createUser(
    tx: Tx,
    now: number,
    uin: string,
    input: { name: string; policy: Policy | null; mfaProtectedActions: string[] } & Partial<SubUser>,
  ): Promise<{ user: SubUser; key: ApiKey }> {
    const user = await accounts.addUser(tx, now, uin, input);
    return { user, key: await accounts.createKey(tx, now, uin, user.subUin) };
  },

  /** A sub-user without keys (CAM AddUser with UseApi=0). */
  async addUser(
    tx: Tx,
    now: number,
    uin: string,
    input: { name: string; policy: Policy | null; mfaProtectedActions: string[] } & Partial<SubUser>,
  ): Promise<SubUser> {
    await identityChange(tx);
    if (!(await accounts.get(tx, uin))) throw new AccountNotFoundError(`account ${uin} does not exist`);
    if (await accounts.findUser(tx, uin, input.name)) throw new UserNameTakenError(`a sub-user named ${input.name} already exists`);
    let subUin: string;
    do subUin = "1000" + randomChars(8, "0123456789");
    while ((await tx.get(PLATFORM, "user", subUin)) || (await tx.get(PLATFORM, "account", subUin)));
    const user: SubUser = { remark: "", consoleLogin: 0, phoneNum: "", countryCode: "", email: "", ...input, subUin, uin, uid: Number(subUin.slice(4)), createdAt: now, updatedAt: now };
    await tx.insert(PLATFORM, "user", subUin, user);
    await tx.insert(accountScope(uin), "username", user.name.toLowerCase(), { subUin });
    return user;
  },

  /** A sub-user of the account by name (CAM names are unique per account, case-insensitively). */
  async findUser(tx: Tx, uin: string, name: string): Promise<SubUser | undefined> {
    const entry = (await tx.get<{ subUin: string }>(accountScope(uin), "username", name.toLowerCase()))?.data;
    if (entry) return accounts.getUser(tx, entry.subUin);
    // Users stored before the name index existed.
    return (await accounts.listUsers(tx, uin)).find((u) => u.name.toLowerCase() === name.toLowerCase());
  },

  async saveUser(tx: Tx, user: SubUser): Promise<void> {
    await identityChange(tx);
    await tx.update(PLATFORM, "user", user.subUin, user);
  },

  /** Removes a sub-user, its keys and the temporary credentials issued to it (memberships are the caller's). */
  async deleteUser(tx: Tx, user: SubUser): Promise<void> {
    await identityChange(tx);
    for (const key of await accounts.listKeys(tx, user.uin, user.subUin)) await tx.delete(PLATFORM, "apikey", key.secretId);
    await tx.delete(PLATFORM, "user", user.subUin);
    await tx.delete(accountScope(user.uin), "username", user.name.toLowerCase());
  },

  /** The API keys of the root account (subUin null) or of one sub-user, oldest first. */
  async listKeys(tx: Tx, uin: string, subUin: string | null): Promise<ApiKey[]> {
    return (await tx.list<ApiKey>(PLATFORM, "apikey")).map((d) => d.data).filter((k) => k.uin === uin && k.subUin === subUin);
  },

  async deleteKey(tx: Tx, secretId: string): Promise<boolean> {
    await identityChange(tx);
    return tx.delete(PLATFORM, "apikey", secretId);
  },

  async getUser(tx: Tx, subUin: string): Promise<SubUser | undefined> {
    return (await tx.get<SubUser>(PLATFORM, "user", subUin))?.data;
  },

  async listUsers(tx: Tx, uin: string): Promise<SubUser[]> {
    return (await tx.list<SubUser>(PLATFORM, "user")).map((d) => d.data).filter((u) => u.uin === uin);
  },

  async issueCredential(
    tx: Tx,
    now: number,
    input: { uin: string; subUin: string | null; durationSeconds: number; policy: Policy | null; mfa: boolean } & Partial<
      Pick<TemporaryCredential, "roleId" | "roleSessionName" | "federatedName" | "principalUin" | "tags">
    >,
  ): Promise<TemporaryCredential> {
    await identityChange(tx);
    const { durationSeconds, ...rest } = input;
    const cred: TemporaryCredential = {
      ...newTemporaryKey(),
      ...rest,
      issuedAt: now,
      expiresAt: now + durationSeconds * 1000,
    };
    await tx.insert(PLATFORM, "tmpcred", cred.tmpSecretId, cred);
    return cred;
  },

  async getCredential(tx: Tx, tmpSecretId: string): Promise<TemporaryCredential | undefined> {
    return (await tx.get<TemporaryCredential>(PLATFORM, "tmpcred", tmpSecretId))?.data;
  },
};
