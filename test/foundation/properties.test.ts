import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { errorCatalog } from "../../src/errors/catalog";
import { unflatten } from "../../src/gateway/unflatten";
import { v1StringToSign, verifyV1 } from "../../src/gateway/signature";
import Sign from "tencentcloud-sdk-nodejs/tencentcloud/common/sign";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { send, tc3Headers } from "../helpers/raw";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const documented = new Set(Object.values(errorCatalog).flatMap((t) => Object.keys(t)));

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

function assertEnvelope(r: { status: number; json: any; text: string }): string {
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json && typeof r.json.Response === "object", `not an envelope: ${r.text.slice(0, 200)}`);
  assert.match(r.json.Response.RequestId, UUID);
  const code = r.json.Response.Error?.Code;
  if (code !== undefined) assert.ok(documented.has(code), `undocumented code ${code}`);
  return code;
}

const header = fc.constantFrom("Content-Type", "X-TC-Action", "X-TC-Version", "X-TC-Region", "X-TC-Timestamp", "Authorization", "X-TC-Language", "X-TC-Token");
const printable = fc.string({ unit: fc.constantFrom(..."abcAZ09-_.;=/ :,{}[]\"'%&+\\"), maxLength: 60 });

describe("robustness (fast-check)", () => {
  test("random methods, paths, headers and bodies always get a well-formed envelope with a documented code", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "POST", "PUT"),
        fc.oneof(fc.constant("/"), fc.constant("/kms/"), printable.map((s) => "/?" + encodeURI(s))),
        fc.dictionary(header, printable, { maxKeys: 6 }),
        fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 3 }), fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b).toString("latin1"))),
        async (method, path, headers, body) => {
          const r = await send(server.hostPort, { method, path, headers, body: method === "GET" ? undefined : body });
          const code = assertEnvelope(r);
          assert.ok(code, "a random request never succeeds");
        },
      ),
      { numRuns: 150 },
    );
  });

  test("random JSON members for a real action: the gateway answers a documented code, never a crash", async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom("KeyId", "Plaintext", "EncryptionContext", "__proto__", "constructor", "Foo"), fc.jsonValue({ maxDepth: 2 })), async (members) => {
        const body = JSON.stringify(members);
        const r = await send(server.hostPort, tc3Headers(server.hostPort, { action: "Encrypt", version: "2019-01-18", region: "ap-guangzhou", body }));
        assertEnvelope(r);
      }),
      { numRuns: 100 },
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test("one altered byte in a signed request is always rejected", async () => {
    const body = JSON.stringify({ KeyId: "1b9a7e2c-0000-4000-8000-000000000000", Plaintext: "aGVsbG8gd29ybGQ=", EncryptionContext: '{"k":"v"}' });
    const signed = tc3Headers(server.hostPort, { action: "Encrypt", version: "2019-01-18", region: "ap-guangzhou", body });
    const targets = ["body", "Authorization", "X-TC-Action", "X-TC-Timestamp", "X-TC-Region", "Content-Type"] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), fc.nat(), fc.integer({ min: 1, max: 94 }), async (target, at, delta) => {
        const headers = { ...signed.headers };
        let sentBody = signed.body;
        const alter = (s: string) => {
          const i = at % s.length;
          const c = String.fromCharCode(((s.charCodeAt(i) - 32 + delta) % 95) + 32);
          return s.slice(0, i) + c + s.slice(i + 1);
        };
        if (target === "body") sentBody = alter(sentBody);
        else headers[target] = alter(headers[target]);
        const r = await send(server.hostPort, { headers, body: sentBody });
        const code = assertEnvelope(r);
        assert.ok(code, `accepted after altering ${target}`);
        // Altering a value inside a JSON string keeps the body parseable: that must be the signature's catch.
        if (target === "body" && /^\{.*\}$/s.test(sentBody)) {
          try {
            JSON.parse(sentBody);
            assert.equal(code, "AuthFailure.SignatureFailure");
          } catch {
            /* not JSON any more: InvalidParameter comes first */
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("parsers and signatures (fast-check)", () => {
  // Values the SDK flattens: nested objects and arrays of strings/numbers, no empty containers.
  const leaf = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.integer().map(String));
  const name = fc.stringMatching(/^[A-Z][A-Za-z]{0,6}$/);
  const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node"), { minLength: 1, maxLength: 3 }), fc.dictionary(name, tie("node"), { minKeys: 1, maxKeys: 3 })),
  })).node;

  function flatten(v: unknown, prefix: string, out: Record<string, string>): void {
    if (Array.isArray(v)) v.forEach((x, i) => flatten(x, `${prefix}.${i}`, out));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
    else out[prefix] = v as string;
  }

  test("unflatten inverts the SDK's flattening of members", () => {
    fc.assert(
      fc.property(fc.dictionary(name, value, { minKeys: 1, maxKeys: 4 }), (members) => {
        const flat: Record<string, string> = {};
        flatten(members, "", flat);
        assert.deepEqual(unflatten(flat), JSON.parse(JSON.stringify(members)));
      }),
      { numRuns: 300 },
    );
  });

  test("signature v1: what the SDK signs verifies; any other parameter value does not", () => {
    fc.assert(
      fc.property(
        fc.dictionary(name, fc.string({ maxLength: 12 }), { minKeys: 1, maxKeys: 6 }),
        fc.constantFrom("HmacSHA1" as const, "HmacSHA256" as const),
        fc.string({ minLength: 1, maxLength: 12 }),
        (params, method, other) => {
          const host = "kms.tencentcloudapi.com";
          const secretKey = "k".repeat(32);
          const str = v1StringToSign("POST", host, "/", params);
          const signature = Sign.sign(secretKey, str, method as never);
          assert.ok(verifyV1({ method: "POST", host, path: "/", params, signatureMethod: method, secretKey, signature }));
          const key = Object.keys(params)[0];
          fc.pre(params[key] !== other);
          assert.ok(!verifyV1({ method: "POST", host, path: "/", params: { ...params, [key]: other }, signatureMethod: method, secretKey, signature }));
        },
      ),
      { numRuns: 300 },
    );
  });
});
