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
}

export interface ApiKey {
  secretId: string;
  secretKey: string;
  uin: string;
  /** The sub-user the key belongs to, or null for the root account's own key. */
  subUin: string | null;
  enabled: boolean;
  createdAt: number;
}

export interface SubUser {
  subUin: string;
  uin: string;
  name: string;
  policy: Policy | null;
  /** Operations ("kms:ScheduleKeyDeletion", "cbs:*", "TerminateDisks") that need MFA-verified credentials. */
  mfaProtectedActions: string[];
  createdAt: number;
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
}

/** Platform documents are global (not per account or region): lookups go by SecretId or Uin. */
export const PLATFORM: Scope = { service: "_tclocal", account: "*", region: "*" };
export const PLATFORM_SERVICE = PLATFORM.service;

export class AccountNotFoundError extends Error {}

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

  async refund(tx: Tx, uin: string, amount: number): Promise<void> {
    const account = await accounts.get(tx, uin);
    if (account) await tx.update(PLATFORM, "account", uin, { ...account, balance: round2(account.balance + amount) });
  },

  async createKey(tx: Tx, now: number, uin: string, subUin: string | null): Promise<ApiKey> {
    await identityChange(tx);
    if (!(await accounts.get(tx, uin))) throw new AccountNotFoundError(`account ${uin} does not exist`);
    const key: ApiKey = { ...newApiKey(), uin, subUin, enabled: true, createdAt: now };
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

  async createUser(
    tx: Tx,
    now: number,
    uin: string,
    input: { name: string; policy: Policy | null; mfaProtectedActions: string[] },
  ): Promise<{ user: SubUser; key: ApiKey }> {
    await identityChange(tx);
    if (!(await accounts.get(tx, uin))) throw new AccountNotFoundError(`account ${uin} does not exist`);
    let subUin: string;
    do subUin = "1000" + randomChars(8, "0123456789");
    while ((await tx.get(PLATFORM, "user", subUin)) || (await tx.get(PLATFORM, "account", subUin)));
    const user: SubUser = { subUin, uin, ...input, createdAt: now };
    await tx.insert(PLATFORM, "user", subUin, user);
    return { user, key: await accounts.createKey(tx, now, uin, subUin) };
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
    input: { uin: string; subUin: string | null; durationSeconds: number; policy: Policy | null; mfa: boolean },
  ): Promise<TemporaryCredential> {
    await identityChange(tx);
    const cred: TemporaryCredential = {
      ...newTemporaryKey(),
      uin: input.uin,
      subUin: input.subUin,
      policy: input.policy,
      mfa: input.mfa,
      expiresAt: now + input.durationSeconds * 1000,
    };
    await tx.insert(PLATFORM, "tmpcred", cred.tmpSecretId, cred);
    return cred;
  },

  async getCredential(tx: Tx, tmpSecretId: string): Promise<TemporaryCredential | undefined> {
    return (await tx.get<TemporaryCredential>(PLATFORM, "tmpcred", tmpSecretId))?.data;
  },
};
