import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { devCredential, expectCode, sdk } from "../helpers/sdk";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

describe("audit trail", () => {
  test("every call is recorded, successful or not, with secrets redacted", async () => {
    const kms = sdk("kms", server);
    const failed = await expectCode(kms.Encrypt({ KeyId: "k", Plaintext: "c2VjcmV0", Foo: 1 } as never), "UnknownParameter");
    const { requests } = await server.control("GET", "/requests?limit=5&service=kms&action=Encrypt");
    const rec = requests.find((r: any) => r.requestId === failed.requestId);
    assert.ok(rec, "the failed call is in the trail");
    assert.equal(rec.errorCode, "UnknownParameter");
    assert.equal(rec.account, DEFAULT_ACCOUNT.uin);
    assert.equal(rec.username, "root");
    assert.equal(rec.secretId, devCredential.secretId);
    assert.equal(rec.region, "ap-guangzhou");
    assert.equal(rec.version, "2019-01-18");
    assert.equal(rec.readOnly, false);
    assert.equal(rec.params.Plaintext, "******");
    assert.equal(rec.params.KeyId, "k");
    assert.deepEqual(rec.resources, ["k"]);
    assert.match(rec.sourceIp, /127\.0\.0\.1/);
    assert.ok(rec.latencyMs >= 0);
    const text = JSON.stringify(requests);
    assert.ok(!text.includes("c2VjcmV0"), "the plaintext never reaches the trail");
    assert.ok(!text.includes(devCredential.secretKey), "secret keys never reach the trail");
  });

  test("a sub-user's calls carry its name; read-only calls are marked; filters by code", async () => {
    const u = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/users`, {
      name: "auditor",
      policy: { version: "2.0", statement: [{ effect: "allow", action: "*", resource: "*" }] },
    });
    const e = await expectCode(sdk("kms", server, { credential: u }).ListKeys({ Limit: "x" } as never), "InvalidParameter");
    const { requests } = await server.control("GET", "/requests?code=InvalidParameter&action=ListKeys");
    const rec = requests.find((r: any) => r.requestId === e.requestId);
    assert.equal(rec.username, "auditor");
    assert.equal(rec.subUin, u.subUin);
    assert.equal(rec.readOnly, true);
    const ok = await server.control("GET", "/requests?code=OK&limit=50");
    assert.ok(ok.requests.every((r: any) => r.errorCode === null));
  });

  test("calls that fail authentication are recorded too, under the key's account when it exists", async () => {
    const bad = await expectCode(
      sdk("kms", server, { credential: { ...devCredential, secretKey: "wrong".repeat(6) + "xx" } }).ListKeys({}),
      "AuthFailure.SignatureFailure",
    );
    const { requests } = await server.control("GET", "/requests?code=AuthFailure.SignatureFailure");
    const rec = requests.find((r: any) => r.requestId === bad.requestId);
    assert.equal(rec.account, DEFAULT_ACCOUNT.uin);
    assert.equal(rec.username, "");
  });
});

describe("reset", () => {
  test("wipes accounts, keys, the clock and the trail, keeping the default account", async () => {
    const acct = await server.control("POST", "/accounts", { balance: 5 });
    await server.control("POST", "/clock", { advanceSeconds: 100 });
    await server.control("POST", "/faults", { service: "kms", action: "*", code: "InternalError" });
    await server.control("POST", "/reset", {});
    const { accounts } = await server.control("GET", "/accounts");
    assert.deepEqual(accounts.map((a: any) => a.uin), [DEFAULT_ACCOUNT.uin]);
    assert.equal(accounts[0].balance, DEFAULT_ACCOUNT.balance);
    assert.equal((await server.control("GET", "/clock")).offsetSeconds, 0);
    assert.deepEqual((await server.control("GET", "/faults")).faults, []);
    await expectCode(sdk("kms", server, { credential: acct }).ListKeys({}), "AuthFailure.SecretIdNotFound");
    assert.equal((await sdk("kms", server).ListKeys({})).TotalCount, 0);
  });

  test("one product's reset keeps accounts and other products", async () => {
    const acct = await server.control("POST", "/accounts", {});
    await server.control("POST", "/reset", { service: "kms" });
    assert.equal((await sdk("kms", server, { credential: acct }).ListKeys({})).TotalCount, 0);
    assert.equal((await server.controlRaw("POST", "/reset", { service: "s3" })).status, 400);
  });
});

describe("accounts", () => {
  test("create with a balance, change it, and another key for the account", async () => {
    const a = await server.control("POST", "/accounts", { balance: 12.5 });
    assert.match(a.uin, /^\d{12}$/);
    assert.ok(a.appId > 1250000000);
    assert.match(a.secretId, /^AKID[0-9A-Za-z]{32}$/);
    assert.equal(a.secretKey.length, 32);
    const p = await server.control("PATCH", `/accounts/${a.uin}`, { balance: 99 });
    assert.equal(p.balance, 99);
    const k = await server.control("POST", `/accounts/${a.uin}/keys`);
    assert.notEqual(k.secretId, a.secretId);
    assert.equal((await server.controlRaw("PATCH", "/accounts/999", { balance: 1 })).status, 404);
    assert.equal((await server.controlRaw("PATCH", `/accounts/${a.uin}`, { balance: -1 })).status, 400);
  });
});
