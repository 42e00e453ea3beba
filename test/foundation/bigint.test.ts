import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeDoc, encodeDoc } from "../../src/platform/store/codec";
import { decodeMembers, decodeProtocol } from "../../src/gateway/protocol";
import { envelope } from "../../src/gateway/respond";
import type { Call } from "../../src/gateway/call";

function jsonCall(body: string): Call {
  return {
    requestId: "00000000-0000-4000-8000-000000000000",
    receivedAt: 0,
    startedAt: 0n,
    method: "POST",
    path: "/",
    query: "",
    headers: { authorization: "TC3-HMAC-SHA256 x", "content-type": "application/json" },
    sourceIp: "",
    body: Buffer.from(body),
    language: "en-US",
    common: {},
    params: {},
    coerce: false,
    resources: new Set(),
  };
}

test("JSON numbers beyond 2^53 (the SDK sends them with json-bigint) reach handlers exact", async () => {
  const call = jsonCall('{"Ids": [18446744073709551615, 1], "Limit": 10}');
  decodeProtocol(null, call);
  await decodeMembers(null, call);
  assert.deepEqual(call.params.Ids, [18446744073709551615n, 1]);
  // Validation sees ordinary numbers, so the schema's `number` type holds.
  assert.equal(typeof (call.paramsForValidation!.Ids as unknown[])[0], "number");
});

test("a response holding BigInt is serialized exactly", () => {
  const call = jsonCall("{}");
  call.response = { Id: 9007199254740993n, Name: "x" };
  assert.equal(envelope(call), '{"Response":{"Id":9007199254740993,"Name":"x","RequestId":"00000000-0000-4000-8000-000000000000"}}');
});

test("stored documents keep BigInt exact", () => {
  const doc = { id: 12345678901234567890n, nested: [{ n: 2n ** 70n }], plain: 1 };
  assert.deepEqual(decodeDoc(encodeDoc(doc)), doc);
});
