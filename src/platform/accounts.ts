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
const PLATFORM: Scope = { service: "_tclocal", account: "*", region: "*" };
export const PLATFORM_SERVICE = PLATFORM.service;

export class AccountNotFoundError extends Error {}

let epoch = 0;
/**
 * Changes whenever keys, users, credentials or accounts change (or state is wiped), so the gateway can
 * cache what a SecretId resolves to and drop the cache the moment an identity changes.
 */
export function identityEpoch(): number {
  return epoch;
}
export function identitiesChanged(): void {
  epoch++;
}

/** Accounts, API keys, sub-users and temporary credentials, kept in the store. */
export const accounts = {
  ensureDefault(tx: Tx, now: number): void {
    if (!tx.get(PLATFORM, "account", DEFAULT_ACCOUNT.uin)) {
      tx.insert(PLATFORM, "account", DEFAULT_ACCOUNT.uin, {
        uin: DEFAULT_ACCOUNT.uin,
        appId: DEFAULT_ACCOUNT.appId,
        balance: DEFAULT_ACCOUNT.balance,
        createdAt: now,
      } satisfies Account);
    }
    if (!tx.get(PLATFORM, "apikey", DEFAULT_ACCOUNT.secretId)) {
      tx.insert(PLATFORM, "apikey", DEFAULT_ACCOUNT.secretId, {
        secretId: DEFAULT_ACCOUNT.secretId,
        secretKey: DEFAULT_ACCOUNT.secretKey,
        uin: DEFAULT_ACCOUNT.uin,
        subUin: null,
        enabled: true,
        createdAt: now,
      } satisfies ApiKey);
    }
  },

  get(tx: Tx, uin: string): Account | undefined {
    return tx.get<Account>(PLATFORM, "account", uin)?.data;
  },

  list(tx: Tx): Account[] {
    return tx.list<Account>(PLATFORM, "account").map((d) => d.data);
  },

  create(tx: Tx, now: number, balance = 0): { account: Account; key: ApiKey } {
    identitiesChanged();
    const all = accounts.list(tx);
    const uin = String(Math.max(...all.map((a) => Number(a.uin)), Number(DEFAULT_ACCOUNT.uin)) + 1);
    const appId = Math.max(...all.map((a) => a.appId), DEFAULT_ACCOUNT.appId) + 1;
    const account: Account = { uin, appId, balance: round2(balance), createdAt: now };
    tx.insert(PLATFORM, "account", uin, account);
    return { account, key: accounts.createKey(tx, now, uin, null) };
  },

  setBalance(tx: Tx, uin: string, balance: number): Account {
    const account = accounts.get(tx, uin);
    if (!account) throw new AccountNotFoundError(`account ${uin} does not exist`);
    const next = { ...account, balance: round2(balance) };
    tx.update(PLATFORM, "account", uin, next);
    return next;
  },

  /** Charges a prepaid purchase; returns false (and changes nothing) when the balance is short. */
  charge(tx: Tx, uin: string, amount: number): boolean {
    const account = accounts.get(tx, uin);
    if (!account || account.balance + 1e-9 < amount) return false;
    tx.update(PLATFORM, "account", uin, { ...account, balance: round2(account.balance - amount) });
    return true;
  },

  refund(tx: Tx, uin: string, amount: number): void {
    const account = accounts.get(tx, uin);
    if (account) tx.update(PLATFORM, "account", uin, { ...account, balance: round2(account.balance + amount) });
  },

  createKey(tx: Tx, now: number, uin: string, subUin: string | null): ApiKey {
    identitiesChanged();
    if (!accounts.get(tx, uin)) throw new AccountNotFoundError(`account ${uin} does not exist`);
    const key: ApiKey = { ...newApiKey(), uin, subUin, enabled: true, createdAt: now };
    tx.insert(PLATFORM, "apikey", key.secretId, key);
    return key;
  },

  getKey(tx: Tx, secretId: string): ApiKey | undefined {
    return tx.get<ApiKey>(PLATFORM, "apikey", secretId)?.data;
  },

  setKeyEnabled(tx: Tx, secretId: string, enabled: boolean): ApiKey | undefined {
    identitiesChanged();
    const key = accounts.getKey(tx, secretId);
    if (!key) return undefined;
    const next = { ...key, enabled };
    tx.update(PLATFORM, "apikey", secretId, next);
    return next;
  },

  createUser(
    tx: Tx,
    now: number,
    uin: string,
    input: { name: string; policy: Policy | null; mfaProtectedActions: string[] },
  ): { user: SubUser; key: ApiKey } {
    identitiesChanged();
    if (!accounts.get(tx, uin)) throw new AccountNotFoundError(`account ${uin} does not exist`);
    let subUin: string;
    do subUin = "1000" + randomChars(8, "0123456789");
    while (tx.get(PLATFORM, "user", subUin) || tx.get(PLATFORM, "account", subUin));
    const user: SubUser = { subUin, uin, ...input, createdAt: now };
    tx.insert(PLATFORM, "user", subUin, user);
    return { user, key: accounts.createKey(tx, now, uin, subUin) };
  },

  getUser(tx: Tx, subUin: string): SubUser | undefined {
    return tx.get<SubUser>(PLATFORM, "user", subUin)?.data;
  },

  listUsers(tx: Tx, uin: string): SubUser[] {
    return tx
      .list<SubUser>(PLATFORM, "user")
      .map((d) => d.data)
      .filter((u) => u.uin === uin);
  },

  issueCredential(
    tx: Tx,
    now: number,
    input: { uin: string; subUin: string | null; durationSeconds: number; policy: Policy | null; mfa: boolean },
  ): TemporaryCredential {
    identitiesChanged();
    const cred: TemporaryCredential = {
      ...newTemporaryKey(),
      uin: input.uin,
      subUin: input.subUin,
      policy: input.policy,
      mfa: input.mfa,
      expiresAt: now + input.durationSeconds * 1000,
    };
    tx.insert(PLATFORM, "tmpcred", cred.tmpSecretId, cred);
    return cred;
  },

  getCredential(tx: Tx, tmpSecretId: string): TemporaryCredential | undefined {
    return tx.get<TemporaryCredential>(PLATFORM, "tmpcred", tmpSecretId)?.data;
  },
};

