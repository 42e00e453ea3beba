import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";

const KEY = { KeyId: "1b9a7e2c-0000-4000-8000-000000000000" };
const allowed = (p: Promise<unknown>) => expectCode(p, "MissingParameter");

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

describe("the emulator clock", () => {
  test("GET shows now and the offset; advance and set move it", async () => {
    const before = await server.control("GET", "/clock");
    assert.equal(before.offsetSeconds, 0);
    assert.ok(Math.abs(before.now - Date.now() / 1000) < 5);
    const moved = await server.control("POST", "/clock", { advanceSeconds: 3600 });
    assert.equal(moved.offsetSeconds, 3600);
    const target = Math.floor(Date.now() / 1000) + 10 * 86400;
    const set = await server.control("POST", "/clock", { set: target });
    assert.ok(Math.abs(set.now - target) <= 1);
    await server.control("POST", "/clock", { set: Math.floor(Date.now() / 1000) });
    assert.equal((await server.controlRaw("POST", "/clock", { advanceSeconds: "soon" })).status, 400);
  });

  test("after advancing 8 days the SDK still works, and a 1-hour temporary credential has expired", async () => {
    const c = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/credentials`, { durationSeconds: 3600 });
    const temp = sdk("kms", server, { credential: { secretId: c.tmpSecretId, secretKey: c.tmpSecretKey, token: c.token } });
    await allowed(temp.Encrypt(KEY as never));
    await server.control("POST", "/clock", { advanceSeconds: 8 * 86400 });
    try {
      // Signatures are checked against real time: the permanent key keeps working.
      await allowed(sdk("kms", server).Encrypt(KEY as never));
      const e = await expectCode(temp.Encrypt(KEY as never), "AuthFailure.TokenFailure");
      assert.match(e.message, /expired/);
    } finally {
      await server.control("POST", "/clock", { advanceSeconds: -8 * 86400 });
    }
    await allowed(temp.Encrypt(KEY as never));
  });
});

describe("fault injection", () => {
  test("a rule fires exactly `count` times, then the call goes through", async () => {
    const rule = await server.control("POST", "/faults", { service: "kms", action: "Encrypt", code: "InternalError", count: 3 });
    const kms = sdk("kms", server);
    const valid = { KeyId: KEY.KeyId, Plaintext: "aGk=" };
    for (let i = 0; i < 3; i++) await expectCode(kms.Encrypt(valid as never), "InternalError");
    // The fourth call reaches the handler: the key does not exist.
    await expectCode(kms.Encrypt(valid as never), "ResourceUnavailable.CmkNotFound");
    const listed = (await server.control("GET", "/faults")).faults.find((f: any) => f.id === rule.id);
    assert.equal(listed.fired, 3);
    assert.equal(listed.remaining, 0);
    await server.control("DELETE", `/faults/${rule.id}`);
  });

  test("a rule with probability 0.5 fires about half the time", async () => {
    const rule = await server.control("POST", "/faults", { service: "kms", action: "*", code: "RequestLimitExceeded", probability: 0.5 });
    const kms = sdk("kms", server);
    const codes = await Promise.all(Array.from({ length: 200 }, () => kms.ListKeys({}).then(() => "OK", (e) => e.code as string)));
    const fired = codes.filter((c) => c === "RequestLimitExceeded").length;
    // Binomial(200, 0.5): 60..140 holds with overwhelming probability.
    assert.ok(fired > 60 && fired < 140, `fired ${fired} of 200`);
    await server.control("DELETE", `/faults/${rule.id}`);
  });

  test("only the matching service, action and region; a custom message; a delay", async () => {
    const rule = await server.control("POST", "/faults", {
      service: "kms",
      action: "ListKeys",
      region: "ap-shanghai",
      code: "ResourceUnavailable.CmkNotFound",
      message: "injected",
      delayMs: 150,
    });
    assert.equal((await sdk("kms", server, { region: "ap-guangzhou" }).ListKeys({})).TotalCount, 0);
    const started = Date.now();
    const e = await expectCode(sdk("kms", server, { region: "ap-shanghai" }).ListKeys({}), "ResourceUnavailable.CmkNotFound");
    assert.equal(e.message, "injected");
    assert.ok(Date.now() - started >= 140);
    await server.control("DELETE", `/faults/${rule.id}`);
  });

  test("unknown codes, services and actions are refused with a clear message", async () => {
    for (const [body, pattern] of [
      [{ service: "kms", action: "Encrypt", code: "NoSuch.Code" }, /documented error codes/],
      [{ service: "kms", action: "Encrypt", code: "InvalidDisk.Busy" }, /documented error codes/],
      [{ service: "s3", action: "Encrypt", code: "InternalError" }, /service must be/],
      [{ service: "kms", action: "Nope", code: "InternalError" }, /action must be/],
      [{ service: "kms", action: "Encrypt", code: "InternalError", probability: 2 }, /probability/],
    ] as const) {
      const r = await server.controlRaw("POST", "/faults", body);
      assert.equal(r.status, 400);
      assert.match(r.body.error, pattern);
    }
    assert.equal((await server.controlRaw("DELETE", "/faults/none")).status, 404);
  });
});

describe("control API", () => {
  test("GET /_tclocal lists every route with a description", async () => {
    const { routes } = await server.control("GET", "");
    for (const path of ["/_tclocal/health", "/_tclocal/reset", "/_tclocal/clock", "/_tclocal/faults", "/_tclocal/accounts", "/_tclocal/requests"]) {
      assert.ok(routes.some((r: any) => r.path === path && r.description.length > 5), path);
    }
  });

  test("unknown routes are 404, wrong methods 405, bad JSON 400", async () => {
    assert.equal((await server.controlRaw("GET", "/nope")).status, 404);
    assert.equal((await server.controlRaw("DELETE", "/clock")).status, 405);
    const r = await fetch(`${server.endpoint}/_tclocal/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    assert.equal(r.status, 400);
  });
});
