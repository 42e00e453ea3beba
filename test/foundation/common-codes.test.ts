import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { errorCatalog, type ProductName } from "../../src/errors/catalog";
import { serviceCatalog } from "../../src/generated/catalog";
import { specOf } from "../../src/gateway/specs";
import { RateLimiter } from "../../src/platform/rate-limit";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { common, devCredential, expectCode, sdk } from "../helpers/sdk";
import { send, sendTc3, tc3Headers, v1Query } from "../helpers/raw";

const KEY_ID = { KeyId: "1b9a7e2c-0000-4000-8000-000000000000" };

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const errorOf = (r: { json: any }) => r.json.Response.Error as { Code: string; Message: string };

describe("AuthFailure.SignatureFailure", () => {
  test("signed with the wrong secret key", async () => {
    const kms = sdk("kms", server, { credential: { ...devCredential, secretKey: devCredential.secretKey.replace(/.$/, "x") } });
    await expectCode(kms.Encrypt(KEY_ID as never), "AuthFailure.SignatureFailure");
  });

  test("the body altered after signing", async () => {
    const { headers, body } = tc3Headers(server.hostPort, { action: "Encrypt", version: "2019-01-18", region: "ap-guangzhou", body: '{"KeyId":"a"}' });
    const r = await send(server.hostPort, { headers, body: body.replace('"a"', '"b"') });
    assert.equal(errorOf(r).Code, "AuthFailure.SignatureFailure");
    assert.equal(errorOf(r).Message, "The provided credentials could not be validated. Please check your signature is correct.");
  });

  test("a signed header altered after signing", async () => {
    const { headers, body } = tc3Headers(server.hostPort, { action: "Encrypt", version: "2019-01-18", region: "ap-guangzhou" });
    const r = await send(server.hostPort, { headers: { ...headers, "Content-Type": "application/json; charset=utf-8" }, body });
    assert.equal(errorOf(r).Code, "AuthFailure.SignatureFailure");
  });

  test("SignedHeaders that leave out host", async () => {
    const { headers, body } = tc3Headers(server.hostPort, { action: "Encrypt", version: "2019-01-18", region: "ap-guangzhou" });
    const r = await send(server.hostPort, { headers: { ...headers, Authorization: headers.Authorization.replace("SignedHeaders=content-type;host", "SignedHeaders=content-type") }, body });
    assert.equal(errorOf(r).Code, "AuthFailure.SignatureFailure");
    assert.match(errorOf(r).Message, /SignedHeaders/);
  });

  test("SignedHeaders naming a header that was not signed that way", async () => {
    const { headers, body } = tc3Headers(server.hostPort, { action: "Encrypt", version: "2019-01-18", region: "ap-guangzhou" });
    const r = await send(server.hostPort, {
      headers: { ...headers, Authorization: headers.Authorization.replace("SignedHeaders=content-type;host", "SignedHeaders=content-type;host;x-tc-action") },
      body,
    });
    assert.equal(errorOf(r).Code, "AuthFailure.SignatureFailure");
  });

  test("a credential scope date that is not the timestamp's UTC date", async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const { headers, body } = tc3Headers(server.hostPort, { action: "Encrypt", version: "2019-01-18", region: "ap-guangzhou" });
    const today = new Date().toISOString().slice(0, 10);
    const r = await send(server.hostPort, { headers: { ...headers, Authorization: headers.Authorization.replace(today, yesterday) }, body });
    assert.equal(errorOf(r).Code, "AuthFailure.SignatureFailure");
  });

  test("signature v1: a parameter altered after signing", async () => {
    const q = v1Query(server.hostPort, { Action: "ListKeys", Version: "2019-01-18", Region: "ap-guangzhou", Limit: 5 });
    const r = await send(server.hostPort, { method: "GET", path: q.path.replace("Limit=5", "Limit=6"), headers: q.headers });
    assert.equal(errorOf(r).Code, "AuthFailure.SignatureFailure");
  });
});

describe("AuthFailure.SignatureExpire", () => {
  // Clear of the 300 s boundary: the test and the server read the clock a few milliseconds apart.
  for (const skew of [-305, 305, -86_400]) {
    test(`a timestamp ${skew} s from the server's real time`, async () => {
      const r = await sendTc3(server.hostPort, {
        action: "Encrypt",
        version: "2019-01-18",
        region: "ap-guangzhou",
        timestamp: Math.floor(Date.now() / 1000) + skew,
      });
      assert.equal(errorOf(r).Code, "AuthFailure.SignatureExpire");
      assert.match(errorOf(r).Message, /server time \d{10}\.$/);
    });
  }

  test("a timestamp 290 s old is still accepted", async () => {
    const r = await sendTc3(server.hostPort, {
      action: "Encrypt",
      version: "2019-01-18",
      region: "ap-guangzhou",
      timestamp: Math.floor(Date.now() / 1000) - 290,
    });
    assert.equal(errorOf(r).Code, "MissingParameter");
  });
});

describe("keys", () => {
  test("AuthFailure.InvalidSecretId: not of cloud API key form", async () => {
    const kms = sdk("kms", server, { credential: { secretId: "my-key", secretKey: "x" } });
    await expectCode(kms.Encrypt(KEY_ID as never), "AuthFailure.InvalidSecretId");
  });

  test("AuthFailure.SecretIdNotFound: a well-formed key nobody issued", async () => {
    const kms = sdk("kms", server, { credential: { secretId: "AKID" + "Z".repeat(32), secretKey: "x".repeat(32) } });
    const e = await expectCode(kms.Encrypt(KEY_ID as never), "AuthFailure.SecretIdNotFound");
    assert.equal(e.message, "The SecretId is not found, please ensure that your SecretId is correct.");
  });

  test("AuthFailure.SecretIdNotFound: a disabled key; enabled again it works", async () => {
    const acct = await server.control("POST", "/accounts", {});
    const kms = sdk("kms", server, { credential: { secretId: acct.secretId, secretKey: acct.secretKey } });
    await expectCode(kms.Encrypt(KEY_ID as never), "MissingParameter");
    await server.control("PATCH", `/keys/${acct.secretId}`, { enabled: false });
    await expectCode(kms.Encrypt(KEY_ID as never), "AuthFailure.SecretIdNotFound");
    await server.control("PATCH", `/keys/${acct.secretId}`, { enabled: true });
    await expectCode(kms.Encrypt(KEY_ID as never), "MissingParameter");
  });
});

describe("routing and protocol", () => {
  test("InvalidAction", async () => {
    const e = await expectCode(common(server, "kms", "2019-01-18").request("EncryptEverything", {}), "InvalidAction");
    assert.match(e.message, /action=`EncryptEverything` is invalid or not found/);
  });

  test("NoSuchVersion", async () => {
    const r = await sendTc3(server.hostPort, { service: "kms", action: "Encrypt", version: "2020-01-01", region: "ap-guangzhou" });
    assert.equal(errorOf(r).Code, "NoSuchVersion");
    assert.equal(errorOf(r).Message, "The specified api version=`2020-01-01` does not exist in service=`kms`.");
  });

  for (const method of ["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]) {
    test(`UnsupportedProtocol: ${method}`, async () => {
      const r = await send(server.hostPort, { method, headers: { "Content-Type": "application/json" }, body: method === "HEAD" ? undefined : "{}" });
      assert.equal(r.status, 200);
      if (method !== "HEAD") assert.equal(errorOf(r).Code, "UnsupportedProtocol");
    });
  }
});

describe("parameters", () => {
  test("MissingParameter: a required member, named", async () => {
    const e = await expectCode(sdk("kms", server).Encrypt(KEY_ID as never), "MissingParameter");
    assert.equal(e.message, "The request is missing a required parameter `Plaintext`.");
  });

  test("MissingParameter: a nested required member, named with its path", async () => {
    const e = await expectCode(sdk("cbs", server).DescribeDisks({ Filters: [{ Values: ["x"] }] } as never), "MissingParameter");
    assert.equal(e.message, "The request is missing a required parameter `Filters.0.Name`.");
  });

  test("MissingParameter: the Region common parameter", async () => {
    const r = await sendTc3(server.hostPort, { action: "Encrypt", version: "2019-01-18" });
    assert.equal(errorOf(r).Code, "MissingParameter");
    assert.equal(errorOf(r).Message, "The request is missing a required parameter `X-TC-Region`.");
  });

  test("MissingParameter: signature v1 without Action", async () => {
    const r = await send(server.hostPort, { method: "GET", path: "/?Version=2019-01-18" });
    assert.equal(errorOf(r).Code, "MissingParameter");
    assert.equal(errorOf(r).Message, "The request is missing a required parameter `Action`.");
  });

  test("UnknownParameter: at the top and nested", async () => {
    const kms = sdk("kms", server);
    const top = await expectCode(kms.Encrypt({ ...KEY_ID, Plaintext: "aGk=", Foo: 1 } as never), "UnknownParameter");
    assert.equal(top.message, "The parameter `Foo` is not recognized.");
    const nested = await expectCode(sdk("cbs", server).DescribeDisks({ Filters: [{ Name: "zone", Values: ["x"], Extra: 1 }] } as never), "UnknownParameter");
    assert.equal(nested.message, "The parameter `Filters.0.Extra` is not recognized.");
  });

  test("InvalidParameter: a member of the wrong type", async () => {
    const e = await expectCode(sdk("kms", server).Encrypt({ KeyId: 42, Plaintext: "aGk=" } as never), "InvalidParameter");
    assert.equal(e.message, "The value type of parameter `KeyId` is not valid, input type should be `string`");
  });

  test("InvalidParameter: malformed JSON, a JSON array, an unsupported content type", async () => {
    for (const [body, contentType] of [
      ['{"KeyId": ', "application/json"],
      ["[1,2]", "application/json"],
      ["", "application/json"],
      ["KeyId=x", "text/plain"],
    ]) {
      const { headers } = tc3Headers(server.hostPort, { action: "Encrypt", version: "2019-01-18", region: "ap-guangzhou", body, contentType });
      const r = await send(server.hostPort, { headers, body });
      assert.equal(errorOf(r).Code, "InvalidParameter", `${contentType} ${JSON.stringify(body)}`);
    }
  });

  test("InvalidParameterValue: a region that is not a Tencent Cloud region, or empty", async () => {
    for (const region of ["gz", ""]) {
      const r = await sendTc3(server.hostPort, { action: "Encrypt", version: "2019-01-18", region });
      assert.equal(errorOf(r).Code, "InvalidParameterValue");
      assert.equal(errorOf(r).Message, "A value specified in `X-TC-Region` is not valid, is unsupported, or cannot be used.");
    }
  });

  test("InvalidParameterValue: an unsupported language", async () => {
    const r = await sendTc3(server.hostPort, { action: "Encrypt", version: "2019-01-18", region: "ap-guangzhou", extraHeaders: { "X-TC-Language": "fr-FR" } });
    assert.equal(errorOf(r).Code, "InvalidParameterValue");
  });

  test("UnsupportedRegion: a real region the product does not serve", async () => {
    const e = await expectCode(sdk("kms", server, { region: "eu-moscow" }).Encrypt(KEY_ID as never), "UnsupportedRegion");
    assert.match(e.message, /eu-moscow/);
  });
});

describe("RequestLimitExceeded", () => {
  /** Starts a burst at the beginning of a second, so it falls in one one-second window. */
  async function burst(n: number, call: () => Promise<unknown>): Promise<string[]> {
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
    return Promise.all(Array.from({ length: n }, () => call().then(() => "OK", (e) => e.code as string)));
  }

  test("per account and action, over the action's per-second limit, only with --rate-limit", async () => {
    const limited = await startTclocal({ rateLimit: true });
    try {
      // MongoDB documents no rate of its own: the API 3.0 default of 20 per second applies.
      const limit = limited.app.services.get("mongodb")!.rateLimits?.DescribeSpecInfo ?? limited.app.services.get("mongodb")!.rateLimits?.default ?? 20;
      assert.equal(limit, 20);
      const db = sdk("mongodb", limited);
      // The server decides per calendar second; a loaded machine may spread a burst over several. The audit
      // trail says which second each call fell in (throttling and recording happen in the same tick), so check
      // the rule second by second: at most `limit` calls pass, every call beyond them is refused.
      let crowded = 0;
      for (let attempt = 0; attempt < 3 && crowded === 0; attempt++) {
        await limited.control("POST", "/reset", { service: "mongodb" });
        const results = await burst(3 * limit + 10, () => db.DescribeSpecInfo({}));
        assert.ok(results.every((c) => c === "OK" || c === "RequestLimitExceeded"), String(results));
        const { requests } = await limited.control("GET", `/requests?action=DescribeSpecInfo&limit=1000`);
        const perSecond = new Map<number, { ok: number; refused: number }>();
        for (const r of requests as { time: number; errorCode: string | null }[]) {
          const s = perSecond.get(Math.floor(r.time / 1000)) ?? { ok: 0, refused: 0 };
          if (r.errorCode === null) s.ok++;
          else if (r.errorCode === "RequestLimitExceeded") s.refused++;
          perSecond.set(Math.floor(r.time / 1000), s);
        }
        for (const [second, s] of perSecond) {
          assert.equal(s.ok, Math.min(s.ok + s.refused, limit), `second ${second}: ${JSON.stringify(s)}`);
          if (s.ok + s.refused > limit) crowded++;
        }
      }
      assert.ok(crowded > 0, "a second with more calls than the limit was observed");
      const e = await expectCode(db.DescribeSpecInfo({}), "RequestLimitExceeded").catch(() => null);
      if (e) assert.ok(e.message.includes("exceeds the frequency limit `" + limit + "`"), e.message);
      // Another account has its own window; so has another action.
      const other = await limited.control("POST", "/accounts", {});
      await sdk("mongodb", limited, { credential: other }).DescribeSpecInfo({});
    } finally {
      await limited.stop();
    }
    // Without the flag, the same burst is never limited.
    const results = await burst(70, () => sdk("mongodb", server).DescribeSpecInfo({}));
    assert.ok(results.every((c) => c === "OK"), String(results));
  });

  test("the window: at most `limit` calls per account, action and second; the next second starts afresh", () => {
    const limiter = new RateLimiter();
    const at = 1_700_000_000_000;
    const counts = Array.from({ length: 25 }, (_, i) => limiter.take("100000000001|kms|Encrypt", 20, at + i));
    assert.deepEqual(counts.slice(0, 20), Array(20).fill(0));
    assert.deepEqual(counts.slice(20), [21, 22, 23, 24, 25]);
    assert.equal(limiter.take("100000000001|kms|Decrypt", 20, at + 30), 0, "another action");
    assert.equal(limiter.take("100000000002|kms|Encrypt", 20, at + 30), 0, "another account");
    assert.equal(limiter.take("100000000001|kms|Encrypt", 20, at + 1000), 0, "the next second");
  });
});

describe("every common code can be injected in every product", () => {
  const products = Object.keys(serviceCatalog) as ProductName[];
  const commonCodes = Object.entries(errorCatalog.kms)
    .filter(([, info]) => info.origin === "common")
    .map(([code]) => code);

  test(`${products.length} products × ${commonCodes.length} codes`, async () => {
    assert.equal(commonCodes.length, 26);
    for (const service of products) {
      // Faults apply to valid requests: take an action whose request has no required member.
      const spec = specOf(service);
      const action = Object.keys(spec.actions).find((a) => !(spec.input[spec.actions[a].input] as { required?: string[] }).required)!;
      for (const code of commonCodes) {
        const rule = await server.control("POST", "/faults", { service, action, code, count: 1 });
        const r = await sendTc3(server.hostPort, { service, action, version: serviceCatalog[service].version, region: "ap-guangzhou", body: "{}" });
        assert.equal(errorOf(r).Code, code, `${service}.${action} ${code}`);
        assert.equal(errorOf(r).Message, (errorCatalog[service] as Record<string, { en?: string }>)[code].en);
        const listed = await server.control("GET", "/faults");
        assert.equal(listed.faults.find((f: any) => f.id === rule.id).remaining, 0);
        await server.control("DELETE", `/faults/${rule.id}`);
      }
    }
  });
});
