import { accounts } from "../accounts";
import type { Policy } from "../cam";
import type { Caller } from "../service";
import type { Tx } from "../store/store";
import { roleLayers, userLayers } from "./grants";
import { roles } from "./roles";

/** What a SecretId resolves to: the account, the key's secret, the caller every stage and handler sees. */
export interface ResolvedKey {
  uin: string;
  secretKey: string;
  caller: Caller;
  /** A temporary credential: the token that must come with it and its expiry (emulator time, ms). */
  temporary?: { token: string; expiresAt: number };
}

/**
 * The one reading of a SecretId, shared by the API 3.0 gateway and COS: an enabled API key of the root account or
 * a sub-user (with the sub-user's policy layers), or an unexpired-or-not temporary credential (the gateway checks
 * the token and the expiry) with its owner's layers — a role's for a role session — and its session policy.
 * Undefined when the key is unknown, disabled, or its user, account or role is gone.
 */
export async function resolveSecretId(tx: Tx, secretId: string): Promise<ResolvedKey | undefined> {
  const key = await accounts.getKey(tx, secretId);
  if (key) {
    if (!key.enabled) return undefined;
    const account = await accounts.get(tx, key.uin);
    if (!account) return undefined;
    const user = key.subUin ? await accounts.getUser(tx, key.subUin) : undefined;
    if (key.subUin && !user) return undefined;
    return {
      uin: key.uin,
      secretKey: key.secretKey,
      caller: {
        uin: key.uin,
        appId: account.appId,
        subUin: key.subUin,
        username: user?.name ?? "root",
        secretId,
        kind: user ? "sub-user" : "root",
        mfa: false,
        policies: user ? await userLayers(tx, user) : [],
        mfaProtectedActions: user?.mfaProtectedActions ?? [],
      },
    };
  }
  const cred = await accounts.getCredential(tx, secretId);
  if (!cred) return undefined;
  const account = await accounts.get(tx, cred.uin);
  const user = cred.subUin ? await accounts.getUser(tx, cred.subUin) : undefined;
  if (!account || (cred.subUin && !user)) return undefined;
  const role = cred.roleId ? await roles.get(tx, cred.uin, cred.roleId) : undefined;
  // A role deleted since the session began leaves its sessions with nothing: refused like a revoked key.
  if (cred.roleId && !role) return undefined;
  const policies: Policy[] = [];
  if (role) policies.push(...(await roleLayers(tx, role)));
  else if (user) policies.push(...(await userLayers(tx, user)));
  if (cred.policy) policies.push(cred.policy);
  return {
    uin: cred.uin,
    secretKey: cred.tmpSecretKey,
    temporary: { token: cred.token, expiresAt: cred.expiresAt },
    caller: {
      uin: cred.uin,
      appId: account.appId,
      subUin: cred.subUin,
      username: role ? `${role.roleName}/${cred.roleSessionName}` : user?.name ?? cred.federatedName ?? "root",
      secretId,
      kind: "temporary",
      mfa: cred.mfa,
      policies,
      mfaProtectedActions: user?.mfaProtectedActions ?? [],
      role: role ? { roleId: role.roleId, roleName: role.roleName, sessionName: cred.roleSessionName ?? "" } : undefined,
      federatedName: cred.federatedName,
      principalUin: cred.principalUin,
    },
  };
}
