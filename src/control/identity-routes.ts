import { AccountNotFoundError, accounts, UserNameTakenError, userUid, type SubUser } from "../platform/accounts";
import { normalizePolicy, policyProblem, type Policy } from "../platform/cam";
import { currentMfaCode, newMfaDevice, otpauthUri } from "../platform/identity/mfa";
import { check, ControlError, ok, type ControlRoute } from "./router";

/**
 * The control API's door to the identity model: accounts, API keys, sub-users, MFA devices and temporary
 * credentials. CAM and STS are the other door to the same documents (platform/accounts.ts, platform/identity/).
 */

function body(req: { body: unknown }): Record<string, unknown> {
  const b = req.body ?? {};
  check(typeof b === "object" && !Array.isArray(b), "the body must be a JSON object");
  return b as Record<string, unknown>;
}

function optionalPolicy(value: unknown): Policy | null {
  if (value === undefined || value === null) return null;
  const problem = policyProblem(value);
  check(!problem, problem ?? "");
  return normalizePolicy(value);
}

function mfaActions(value: unknown): string[] {
  const mfa = value ?? [];
  check(Array.isArray(mfa) && mfa.every((a) => typeof a === "string"), "mfaProtectedActions must be an array of strings");
  return mfa as string[];
}

/** A sub-user of the account, or 404. */
async function subUserOf(tx: Parameters<typeof accounts.getUser>[0], uin: string, subUin: string): Promise<SubUser> {
  if (!(await accounts.get(tx, uin))) throw new AccountNotFoundError(`account ${uin} does not exist`);
  const user = await accounts.getUser(tx, subUin);
  check(user && user.uin === uin, `no sub-user ${subUin} in account ${uin}`, 404);
  return user;
}

function mfaDeviceView(device: { serialNumber: string; secret: string }, user: { name: string; uin: string }) {
  return { serialNumber: device.serialNumber, secret: device.secret, otpauthUri: otpauthUri(device as never, user) };
}

async function withAccount<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AccountNotFoundError) throw new ControlError(404, e.message);
    if (e instanceof UserNameTakenError) throw new ControlError(409, e.message);
    throw e;
  }
}

export const identityRoutes: ControlRoute[] = [
  {
    method: "GET",
    path: "/accounts",
    description: "Root accounts (Uin, AppId, balance).",
    handle: async (app) => ok({ accounts: await app.store.transaction((tx) => accounts.list(tx)) }),
  },
  {
    method: "POST",
    path: "/accounts",
    description: 'Create an isolated root account: {"balance"?} → {uin, appId, secretId, secretKey}.',
    handle: async (app, req) => {
      const { balance = 0 } = body(req);
      check(typeof balance === "number" && balance >= 0, "balance must be a non-negative number");
      const { account, key } = await app.store.transaction((tx) => accounts.create(tx, app.clock.now(), balance), { lockKey: "platform" });
      return ok({ uin: account.uin, appId: account.appId, balance: account.balance, secretId: key.secretId, secretKey: key.secretKey }, 201);
    },
  },
  {
    method: "PATCH",
    path: "/accounts/{uin}",
    description: 'Set an account\'s balance: {"balance"}.',
    handle: async (app, req) => {
      const { balance } = body(req);
      check(typeof balance === "number" && balance >= 0, "balance must be a non-negative number");
      return ok(await withAccount(() => app.store.transaction((tx) => accounts.setBalance(tx, req.params.uin, balance), { lockKey: req.params.uin })));
    },
  },
  {
    method: "POST",
    path: "/accounts/{uin}/keys",
    description: "Create another API key of the root account → {secretId, secretKey}.",
    handle: async (app, req) => {
      const key = await withAccount(() => app.store.transaction((tx) => accounts.createKey(tx, app.clock.now(), req.params.uin, null)));
      return ok({ secretId: key.secretId, secretKey: key.secretKey, uin: key.uin }, 201);
    },
  },
  {
    method: "PATCH",
    path: "/keys/{secretId}",
    description: 'Enable or disable an API key: {"enabled": false}.',
    handle: async (app, req) => {
      const { enabled } = body(req);
      check(typeof enabled === "boolean", "enabled must be a boolean");
      const key = await app.store.transaction((tx) => accounts.setKeyEnabled(tx, req.params.secretId, enabled));
      check(key, `no API key ${req.params.secretId}`, 404);
      return ok({ secretId: key.secretId, uin: key.uin, subUin: key.subUin, enabled: key.enabled });
    },
  },
  {
    method: "POST",
    path: "/accounts/{uin}/users",
    description: 'Create a sub-user with a CAM policy: {"name","policy","mfaProtectedActions"?} → {subUin, secretId, secretKey}.',
    handle: async (app, req) => {
      const b = body(req);
      check(typeof b.name === "string" && /^[\w+=,.@-]{1,64}$/.test(b.name), "name must be 1-64 characters of letters, digits and +=,.@-_");
      const policy = optionalPolicy(b.policy);
      const mfa = mfaActions(b.mfaProtectedActions);
      const { user, key } = await withAccount(() =>
        app.store.transaction((tx) => accounts.createUser(tx, app.clock.now(), req.params.uin, { name: b.name as string, policy, mfaProtectedActions: mfa })),
      );
      return ok({ subUin: user.subUin, name: user.name, secretId: key.secretId, secretKey: key.secretKey }, 201);
    },
  },
  {
    method: "GET",
    path: "/accounts/{uin}/users",
    description: "The account's sub-users, however created (control API or CAM AddUser), with their keys (SecretIds only).",
    handle: async (app, req) => {
      const users = await withAccount(() =>
        app.store.transaction(async (tx) => {
          if (!(await accounts.get(tx, req.params.uin))) throw new AccountNotFoundError(`account ${req.params.uin} does not exist`);
          const out = [];
          for (const u of await accounts.listUsers(tx, req.params.uin)) {
            const keys = await accounts.listKeys(tx, u.uin, u.subUin);
            out.push({
              subUin: u.subUin,
              uid: userUid(u),
              name: u.name,
              remark: u.remark ?? "",
              consoleLogin: u.consoleLogin ?? 0,
              createdAt: Math.floor(u.createdAt / 1000),
              mfaProtectedActions: u.mfaProtectedActions,
              mfaDevice: u.mfaDevice ? { serialNumber: u.mfaDevice.serialNumber } : null,
              boundaryPolicyId: u.boundaryPolicyId ?? null,
              keys: keys.map((k) => ({ secretId: k.secretId, enabled: k.enabled, createdAt: Math.floor(k.createdAt / 1000) })),
            });
          }
          return out;
        }),
      );
      return ok({ users });
    },
  },
  {
    method: "PATCH",
    path: "/accounts/{uin}/users/{subUin}",
    description: 'Change a sub-user\'s control-API policy or MFA-protected operations: {"policy"?,"mfaProtectedActions"?}.',
    handle: async (app, req) => {
      const b = body(req);
      const policy = b.policy === undefined ? undefined : optionalPolicy(b.policy);
      const mfa = b.mfaProtectedActions === undefined ? undefined : mfaActions(b.mfaProtectedActions);
      const user = await withAccount(() =>
        app.store.transaction(async (tx) => {
          const u = await subUserOf(tx, req.params.uin, req.params.subUin);
          const next = { ...u, ...(policy !== undefined ? { policy } : {}), ...(mfa !== undefined ? { mfaProtectedActions: mfa } : {}) };
          await accounts.saveUser(tx, next);
          return next;
        }),
      );
      return ok({ subUin: user.subUin, name: user.name, policy: user.policy, mfaProtectedActions: user.mfaProtectedActions });
    },
  },
  {
    method: "POST",
    path: "/accounts/{uin}/users/{subUin}/mfa-device",
    description: "Bind a virtual MFA device (TOTP) to a sub-user → {serialNumber, secret (base32), otpauthUri}; replaces any earlier one.",
    handle: async (app, req) => {
      const view = await withAccount(() =>
        app.store.transaction(async (tx) => {
          const u = await subUserOf(tx, req.params.uin, req.params.subUin);
          const device = { ...newMfaDevice(u.subUin, app.clock.now()) };
          await accounts.saveUser(tx, { ...u, mfaDevice: device });
          return mfaDeviceView(device, u);
        }),
      );
      return ok(view, 201);
    },
  },
  {
    method: "POST",
    path: "/accounts/{uin}/mfa-device",
    description: "Bind a virtual MFA device (TOTP) to the root account → {serialNumber, secret (base32), otpauthUri}.",
    handle: async (app, req) => {
      const view = await withAccount(() =>
        app.store.transaction(async (tx) => {
          const account = await accounts.get(tx, req.params.uin);
          if (!account) throw new AccountNotFoundError(`account ${req.params.uin} does not exist`);
          const device = newMfaDevice(account.uin, app.clock.now());
          await accounts.save(tx, { ...account, mfaDevice: device });
          return mfaDeviceView(device, { name: "root", uin: account.uin });
        }),
      );
      return ok(view, 201);
    },
  },
  {
    method: "GET",
    path: "/accounts/{uin}/users/{subUin}/mfa-device",
    description: "The sub-user's virtual MFA device and its code at the emulator's time → {serialNumber, code}.",
    handle: async (app, req) => {
      const device = await withAccount(() => app.store.transaction(async (tx) => (await subUserOf(tx, req.params.uin, req.params.subUin)).mfaDevice));
      check(device, `sub-user ${req.params.subUin} has no MFA device`, 404);
      return ok({ serialNumber: device.serialNumber, code: currentMfaCode(device, app.clock.now()) });
    },
  },
  {
    method: "POST",
    path: "/accounts/{uin}/credentials",
    description: 'Issue temporary credentials: {"durationSeconds","policy"?,"mfa"?,"subUin"?} → {tmpSecretId, tmpSecretKey, token, expiredTime}.',
    handle: async (app, req) => {
      const b = body(req);
      const duration = b.durationSeconds ?? 1800;
      check(Number.isInteger(duration) && (duration as number) > 0 && (duration as number) <= 43_200, "durationSeconds must be 1..43200");
      check(b.mfa === undefined || typeof b.mfa === "boolean", "mfa must be a boolean");
      check(b.subUin === undefined || typeof b.subUin === "string", "subUin must be a string");
      const policy = optionalPolicy(b.policy);
      const cred = await withAccount(() =>
        app.store.transaction(async (tx) => {
          if (!(await accounts.get(tx, req.params.uin))) throw new AccountNotFoundError(`account ${req.params.uin} does not exist`);
          const subUin = (b.subUin as string | undefined) ?? null;
          if (subUin) {
            const user = await accounts.getUser(tx, subUin);
            check(user && user.uin === req.params.uin, `no sub-user ${subUin} in account ${req.params.uin}`, 404);
          }
          return accounts.issueCredential(tx, app.clock.now(), {
            uin: req.params.uin,
            subUin,
            durationSeconds: duration as number,
            policy,
            mfa: (b.mfa as boolean | undefined) ?? false,
          });
        }),
      );
      return ok(
        {
          tmpSecretId: cred.tmpSecretId,
          tmpSecretKey: cred.tmpSecretKey,
          token: cred.token,
          expiredTime: Math.floor(cred.expiresAt / 1000),
        },
        201,
      );
    },
  },
];
