import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { allowsAction, checkPolicy, evaluate, normalizePolicy, type AccessRequest, type Policy } from "../../src/platform/cam";

/** The policy language on its own: condition operators, principals, layers, and a parser that never throws. */

const policy = (...statement: unknown[]): Policy => normalizePolicy({ version: "2.0", statement });
const allowWhen = (condition: unknown) => policy({ effect: "allow", action: "kms:Encrypt", resource: "*", condition });
const allowed = (p: Policy, context: AccessRequest["context"]) => evaluate([p], { action: "kms:Encrypt", resource: "qcs::kms:ap-guangzhou:uin/1:key/k", context }).allowed;

test("condition operators, as CAM's grammar defines them", () => {
  const cases: [unknown, Record<string, string | string[]>, boolean][] = [
    [{ string_equal: { "qcs:uin": "1" } }, { "qcs:uin": "1" }, true],
    [{ string_equal: { "qcs:uin": ["2", "1"] } }, { "qcs:uin": "1" }, true],
    [{ string_not_equal: { "qcs:uin": ["2", "1"] } }, { "qcs:uin": "1" }, false],
    [{ string_equal_ignore_case: { "x:k": "ABC" } }, { "x:k": "abc" }, true],
    [{ string_like: { "x:k": "ab*" } }, { "x:k": "abc" }, true],
    [{ string_like: { "x:k": "a?c" } }, { "x:k": "abc" }, true],
    [{ string_not_like: { "x:k": "ab*" } }, { "x:k": "abc" }, false],
    [{ ip_equal: { "qcs:ip": "10.0.0.0/8" } }, { "qcs:ip": "10.1.2.3" }, true],
    [{ ip_equal: { "qcs:ip": "10.0.0.0/8" } }, { "qcs:ip": "127.0.0.1" }, false],
    [{ ip_not_equal: { "qcs:ip": ["10.0.0.0/8", "192.168.0.0/16"] } }, { "qcs:ip": "127.0.0.1" }, true],
    [{ ip_equal: { "qcs:ip": "::1" } }, { "qcs:ip": "::1" }, true],
    [{ ip_equal: { "qcs:ip": "127.0.0.1" } }, { "qcs:ip": "::ffff:127.0.0.1" }, true],
    [{ numeric_less_than: { "x:n": 10 } }, { "x:n": "9" }, true],
    [{ numeric_greater_than_equal: { "x:n": 10 } }, { "x:n": "9" }, false],
    [{ numeric_not_equal: { "x:n": 10 } }, { "x:n": "9" }, true],
    [{ date_greater_than: { "qcs:current_time": "2020-01-01T00:00:00Z" } }, { "qcs:current_time": "2026-01-01T00:00:00+08:00" }, true],
    [{ date_less_than: { "qcs:current_time": "1577836800" } }, { "qcs:current_time": "2026-01-01T00:00:00Z" }, false],
    [{ bool_equal: { "qcs:mfa": "true" } }, { "qcs:mfa": "true" }, true],
    [{ bool_equal: { "qcs:mfa": true } }, { "qcs:mfa": "false" }, false],
    [{ null_equal: { "x:absent": "true" } }, {}, true],
    [{ null_equal: { "x:absent": "false" } }, {}, false],
    [{ string_equal: { "x:absent": "v" } }, {}, false],
    [{ string_equal_if_exist: { "x:absent": "v" } }, {}, true],
    [{ string_equal_if_exist: { "x:k": "v" } }, { "x:k": "w" }, false],
    [{ "for_any_value:string_equal": { "qcs:request_tag": "env&prod" } }, { "qcs:request_tag": ["team&a", "env&prod"] }, true],
    [{ "for_all_value:string_equal": { "qcs:request_tag": ["env&prod", "team&a"] } }, { "qcs:request_tag": ["team&a", "env&prod"] }, true],
    [{ "for_all_value:string_equal": { "qcs:request_tag": "env&prod" } }, { "qcs:request_tag": ["team&a", "env&prod"] }, false],
    [{ string_equal: { "qcs:request_tag/env": "prod" } }, { "qcs:request_tag": ["team&a", "env&prod"] }, true],
    [{ string_equal: { "qcs:uin": "1" }, ip_equal: { "qcs:ip": "10.0.0.0/8" } }, { "qcs:uin": "1", "qcs:ip": "127.0.0.1" }, false],
  ];
  for (const [condition, context, expected] of cases) {
    assert.equal(checkPolicy({ version: "2.0", statement: [{ effect: "allow", action: "kms:Encrypt", condition }] }), null, JSON.stringify(condition));
    assert.equal(allowed(allowWhen(condition), context), expected, `${JSON.stringify(condition)} with ${JSON.stringify(context)}`);
  }
});

test("a deny whose condition holds wins; one whose condition fails does not apply", () => {
  const p = policy(
    { effect: "allow", action: "kms:*", resource: "*" },
    { effect: "deny", action: "kms:Encrypt", resource: "*", condition: { bool_equal: { "qcs:mfa": "false" } } },
  );
  assert.equal(allowed(p, { "qcs:mfa": "false" }), false);
  assert.equal(allowed(p, { "qcs:mfa": "true" }), true);
  assert.equal(allowsAction([p], "kms:Encrypt", { "qcs:mfa": "false" }), false);
});

test("layers: each must allow; a deny anywhere wins; an explicit deny and an implicit one are told apart", () => {
  const all = policy({ effect: "allow", action: "*", resource: "*" });
  const kmsOnly = policy({ effect: "allow", action: "kms:*", resource: "*" });
  const denyEncrypt = policy({ effect: "deny", action: "kms:Encrypt", resource: "*" }, { effect: "allow", action: "*", resource: "*" });
  assert.equal(evaluate([all, kmsOnly], { action: "kms:Encrypt" }).allowed, true);
  const implicit = evaluate([all, kmsOnly], { action: "cbs:AttachDisks" });
  assert.deepEqual([implicit.allowed, implicit.effect, implicit.layer], [false, "implicit-deny", 1]);
  const explicit = evaluate([all, denyEncrypt], { action: "kms:Encrypt" });
  assert.deepEqual([explicit.allowed, explicit.effect, explicit.layer], [false, "explicit-deny", 1]);
  // The legacy form names the refused resource.
  assert.deepEqual(evaluate([kmsOnly], "cbs:AttachDisks", ["qcs::cbs:ap-guangzhou:uin/1:volume/disk-1"]), { allowed: false, resource: "qcs::cbs:ap-guangzhou:uin/1:volume/disk-1" });
});

test("principals: root, a sub-user, a role, a service, a federated provider", () => {
  const trust = (principal: unknown) => policy({ effect: "allow", action: "sts:AssumeRole", principal });
  const ask = (p: Policy, principal: AccessRequest["principal"]) => evaluate([p], { action: "sts:AssumeRole", principal }).allowed;
  assert.equal(ask(trust({ qcs: ["qcs::cam::uin/1:root"] }), { uin: "1", subUin: "1000000001" }), true);
  assert.equal(ask(trust({ qcs: ["qcs::cam::uin/1:root"] }), { uin: "2" }), false);
  assert.equal(ask(trust({ qcs: ["qcs::cam::uin/1:uin/1000000001"] }), { uin: "1", subUin: "1000000001" }), true);
  assert.equal(ask(trust({ qcs: ["qcs::cam::uin/1:uin/1000000001"] }), { uin: "1", subUin: "1000000002" }), false);
  assert.equal(ask(trust({ qcs: ["qcs::cam::uin/1:roleName/app"] }), { uin: "1", roleId: "4611686018000000001", roleName: "app" }), true);
  assert.equal(ask(trust({ service: ["cvm.qcloud.com"] }), { uin: "1", service: "cvm.qcloud.com" }), true);
  assert.equal(ask(trust({ service: ["cvm.qcloud.com"] }), { uin: "1" }), false);
  assert.equal(ask(trust({ federated: ["qcs::cam::uin/1:saml-provider/okta"] }), { uin: "1", federated: "qcs::cam::uin/1:saml-provider/okta" }), true);
  assert.equal(ask(trust({ qcs: ["qcs::cam::uin/1:root"] }), undefined), false, "a statement with a principal needs one in the request");
});

test("property: checkPolicy never throws, and a document it accepts evaluates without throwing", () => {
  const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));
  const statement = fc.record(
    {
      effect: fc.oneof(fc.constantFrom("allow", "deny", "Allow"), fc.string()),
      action: fc.oneof(fc.constantFrom("*", "kms:*", "name/kms:Encrypt", ["cbs:Describe*"]), value),
      resource: fc.oneof(fc.constantFrom("*", "qcs::kms:ap-guangzhou:uin/1:key/*"), value),
      condition: fc.oneof(
        fc.dictionary(fc.constantFrom("string_equal", "ip_equal", "for_any_value:string_like", "date_less_than_if_exist", "null_equal", "bogus"), fc.dictionary(fc.constantFrom("qcs:ip", "qcs:current_time", "x:k"), value)),
        value,
      ),
      principal: fc.oneof(fc.constant("*"), fc.dictionary(fc.constantFrom("qcs", "service", "federated", "x"), value), value),
    },
    { requiredKeys: [] },
  );
  const doc = fc.oneof(fc.record({ version: fc.constantFrom("2.0", "1.0"), statement: fc.oneof(fc.array(statement, { maxLength: 3 }), statement) }), fc.string(), value);
  fc.assert(
    fc.property(doc, fc.string(), fc.string(), (d, ip, time) => {
      const problem = checkPolicy(d);
      if (problem) return;
      const p = normalizePolicy(d);
      evaluate([p], { action: "kms:Encrypt", resource: "qcs::kms:ap-guangzhou:uin/1:key/k", principal: { uin: "1" }, context: { "qcs:ip": ip, "qcs:current_time": time, "x:k": [ip] } });
    }),
    { numRuns: 3000, seed: 20261207 },
  );
});
