import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";

// A call that passes authentication and CAM ends at validation (MissingParameter): "allowed".
const KEY = "1b9a7e2c-0000-4000-8000-000000000000";
const OTHER_KEY = "2c8b6f3d-0000-4000-8000-000000000000";
const allowed = (p: Promise<unknown>) => expectCode(p, "MissingParameter");

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

async function subUser(policy: unknown, extra: Record<string, unknown> = {}) {
  const u = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/users`, { name: `u${Math.random().toString(36).slice(2, 8)}`, policy, ...extra });
  return { secretId: u.secretId as string, secretKey: u.secretKey as string, subUin: u.subUin as string };
}
const policy = (...statement: unknown[]) => ({ version: "2.0", statement });

describe("CAM policies", () => {
  test("an allowed action passes; an action no statement allows is AuthFailure.UnauthorizedOperation", async () => {
    const cred = await subUser(policy({ effect: "allow", action: ["kms:Encrypt"], resource: ["*"] }));
    const kms = sdk("kms", server, { credential: cred });
    await allowed(kms.Encrypt({ KeyId: KEY } as never));
    const e = await expectCode(kms.Decrypt({} as never), "AuthFailure.UnauthorizedOperation");
    assert.match(e.message, /you are not authorized to perform operation \(kms:Decrypt\)\nresource \(\*\) has no permission\]$/);
  });

  test("wildcards: service:*, *, Describe*", async () => {
    const all = sdk("kms", server, { credential: await subUser(policy({ effect: "allow", action: "*", resource: "*" })) });
    await allowed(all.Encrypt({ KeyId: KEY } as never));
    const kmsStar = sdk("kms", server, { credential: await subUser(policy({ effect: "allow", action: ["kms:*"], resource: ["*"] })) });
    await allowed(kmsStar.Decrypt({ EncryptionContext: "{}" } as never));
    await expectCode(sdk("cbs", server, { credential: await subUser(policy({ effect: "allow", action: ["kms:*"], resource: ["*"] })) }).AttachDisks({} as never), "AuthFailure.UnauthorizedOperation");
    const prefix = await subUser(policy({ effect: "allow", action: ["cbs:Describe*"], resource: ["*"] }));
    await allowed(sdk("cbs", server, { credential: prefix }).DescribeDiskBackups({ Filters: [{ Values: [] }] } as never));
    await expectCode(sdk("cbs", server, { credential: prefix }).AttachDisks({} as never), "AuthFailure.UnauthorizedOperation");
  });

  test("an explicit deny wins over an allow", async () => {
    const cred = await subUser(
      policy({ effect: "allow", action: ["kms:*"], resource: ["*"] }, { effect: "deny", action: ["kms:Encrypt"], resource: ["*"] }),
    );
    const kms = sdk("kms", server, { credential: cred });
    await expectCode(kms.Encrypt({ KeyId: KEY } as never), "AuthFailure.UnauthorizedOperation");
    await allowed(kms.Decrypt({} as never));
  });

  test("resource-level: allowed on one key, the product's UnauthorizedOperation on another", async () => {
    const resource = `qcs::kms:ap-guangzhou:uin/${DEFAULT_ACCOUNT.uin}:key/${KEY}`;
    const kms = sdk("kms", server, { credential: await subUser(policy({ effect: "allow", action: ["kms:Encrypt"], resource: [resource] })) });
    await allowed(kms.Encrypt({ KeyId: KEY } as never));
    const e = await expectCode(kms.Encrypt({ KeyId: OTHER_KEY } as never), "UnauthorizedOperation");
    assert.match(e.message, new RegExp(`resource \\(qcs::kms:ap-guangzhou:uin/${DEFAULT_ACCOUNT.uin}:key/${OTHER_KEY}\\) has no permission`));
    // A deny on one resource only.
    const kms2 = sdk("kms", server, {
      credential: await subUser(policy({ effect: "allow", action: ["kms:*"], resource: ["*"] }, { effect: "deny", action: ["kms:Encrypt"], resource: [resource] })),
    });
    await expectCode(kms2.Encrypt({ KeyId: KEY } as never), "UnauthorizedOperation");
    await allowed(kms2.Encrypt({ KeyId: OTHER_KEY } as never));
  });

  test("a sub-user without a policy may do nothing; the root key may do anything", async () => {
    const u = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/users`, { name: "nopolicy" });
    await expectCode(sdk("kms", server, { credential: u }).Encrypt({ KeyId: KEY } as never), "AuthFailure.UnauthorizedOperation");
    await allowed(sdk("kms", server).Encrypt({ KeyId: KEY } as never));
  });

  test("a malformed policy is refused by the control API", async () => {
    for (const bad of [{ version: "1.0", statement: [] }, { version: "2.0", statement: [{ effect: "maybe", action: "*" }] }, "allow"]) {
      const r = await server.controlRaw("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/users`, { name: "bad", policy: bad });
      assert.equal(r.status, 400, JSON.stringify(bad));
    }
  });
});

describe("temporary credentials", () => {
  test("work with their token; a wrong, missing or foreign token is AuthFailure.TokenFailure", async () => {
    const a = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/credentials`, { durationSeconds: 600 });
    const b = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/credentials`, { durationSeconds: 600 });
    const cred = (token?: string) => ({ secretId: a.tmpSecretId, secretKey: a.tmpSecretKey, token });
    await allowed(sdk("kms", server, { credential: cred(a.token) }).Encrypt({ KeyId: KEY } as never));
    for (const signMethod of ["TC3-HMAC-SHA256", "HmacSHA256"] as const) {
      await allowed(sdk("kms", server, { credential: cred(a.token), signMethod }).Encrypt({ KeyId: KEY } as never));
      await expectCode(sdk("kms", server, { credential: cred(a.token + "error"), signMethod }).Encrypt({ KeyId: KEY } as never), "AuthFailure.TokenFailure");
      await expectCode(sdk("kms", server, { credential: cred(undefined), signMethod }).Encrypt({ KeyId: KEY } as never), "AuthFailure.TokenFailure");
      await expectCode(sdk("kms", server, { credential: cred(b.token), signMethod }).Encrypt({ KeyId: KEY } as never), "AuthFailure.TokenFailure");
    }
  });

  test("a permanent key with a token is accepted (the token is ignored)", async () => {
    const key = await server.control<{ secretId: string; secretKey: string }>("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/keys`);
    await allowed(sdk("kms", server, { credential: { ...key, token: "abc" } }).Encrypt({ KeyId: KEY } as never));
  });

  test("a session policy narrows what the credential may do", async () => {
    const c = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/credentials`, {
      durationSeconds: 600,
      policy: policy({ effect: "allow", action: ["kms:Encrypt"], resource: ["*"] }),
    });
    const kms = sdk("kms", server, { credential: { secretId: c.tmpSecretId, secretKey: c.tmpSecretKey, token: c.token } });
    await allowed(kms.Encrypt({ KeyId: KEY } as never));
    await expectCode(kms.Decrypt({} as never), "AuthFailure.UnauthorizedOperation");
  });

  test("a sub-user's temporary credential carries both the user's policy and the session policy", async () => {
    const user = await subUser(policy({ effect: "allow", action: ["kms:Encrypt", "kms:Decrypt"], resource: ["*"] }));
    const c = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/credentials`, {
      subUin: user.subUin,
      durationSeconds: 600,
      policy: policy({ effect: "allow", action: ["kms:Decrypt", "kms:ListKeys"], resource: ["*"] }),
    });
    const kms = sdk("kms", server, { credential: { secretId: c.tmpSecretId, secretKey: c.tmpSecretKey, token: c.token } });
    await allowed(kms.Decrypt({} as never));
    await expectCode(kms.Encrypt({ KeyId: KEY } as never), "AuthFailure.UnauthorizedOperation");
    await expectCode(kms.ListKeys({ Limit: "x" } as never), "AuthFailure.UnauthorizedOperation");
  });
});

describe("MFA operation protection", () => {
  test("a protected operation needs credentials issued with MFA", async () => {
    const user = await subUser(policy({ effect: "allow", action: ["kms:*"], resource: ["*"] }), { mfaProtectedActions: ["kms:ScheduleKeyDeletion"] });
    const kms = sdk("kms", server, { credential: user });
    await expectCode(kms.ScheduleKeyDeletion({ KeyId: KEY } as never), "AuthFailure.MFAFailure");
    await allowed(kms.Encrypt({ KeyId: KEY } as never));
    const noMfa = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/credentials`, { subUin: user.subUin, durationSeconds: 600 });
    await expectCode(
      sdk("kms", server, { credential: { secretId: noMfa.tmpSecretId, secretKey: noMfa.tmpSecretKey, token: noMfa.token } }).ScheduleKeyDeletion({ KeyId: KEY } as never),
      "AuthFailure.MFAFailure",
    );
    const mfa = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/credentials`, { subUin: user.subUin, durationSeconds: 600, mfa: true });
    const withMfa = sdk("kms", server, { credential: { secretId: mfa.tmpSecretId, secretKey: mfa.tmpSecretKey, token: mfa.token } });
    // Past the MFA check, the handler answers: the key does not exist.
    await expectCode(withMfa.ScheduleKeyDeletion({ KeyId: KEY, PendingWindowInDays: 7 } as never), "ResourceUnavailable.CmkNotFound");
  });
});
