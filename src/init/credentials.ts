import { DEFAULT_ACCOUNT, PLATFORM, type ApiKey } from "../platform/accounts";
import type { Store } from "../platform/store/store";
import type { Credentials } from "./seed";

/** The credential a seed call of `account` signs with: an enabled root key of that account (the default account's by default). */
export async function rootCredential(store: Store, account: string | undefined): Promise<Credentials> {
  if (!account || account === DEFAULT_ACCOUNT.uin) return DEFAULT_ACCOUNT;
  const key = await store.transaction(async (tx): Promise<ApiKey | undefined> => {
    const keys = await tx.list<ApiKey>(PLATFORM, "apikey");
    return keys.map((d) => d.data).find((k) => k.uin === account && k.enabled && !k.subUin);
  });
  if (!key) throw new Error(`account ${account} has no enabled root key`);
  return { secretId: key.secretId, secretKey: key.secretKey };
}
