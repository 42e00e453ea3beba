import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { send, sendTc3, v1Query } from "../helpers/raw";

// A call that passes the protocol, signature, routing, region and CAM stages ends at validation:
// MissingParameter naming the member proves everything before it accepted the request.
const reachesValidation = { KeyId: "1b9a7e2c-0000-4000-8000-000000000000" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

describe("every signature and encoding the official SDK sends is accepted", () => {
  const variants = [
    { name: "TC3-HMAC-SHA256, POST application/json", signMethod: "TC3-HMAC-SHA256", reqMethod: "POST" },
    { name: "TC3-HMAC-SHA256, GET query string", signMethod: "TC3-HMAC-SHA256", reqMethod: "GET" },
    { name: "HmacSHA1, POST form", signMethod: "HmacSHA1", reqMethod: "POST" },
    { name: "HmacSHA1, GET", signMethod: "HmacSHA1", reqMethod: "GET" },
    { name: "HmacSHA256, POST form", signMethod: "HmacSHA256", reqMethod: "POST" },
    { name: "HmacSHA256, GET", signMethod: "HmacSHA256", reqMethod: "GET" },
  ] as const;
  for (const v of variants) {
    test(v.name, async () => {
      const kms = sdk("kms", server, { signMethod: v.signMethod, reqMethod: v.reqMethod });
      const e = await expectCode(kms.Encrypt(reachesValidation as never), "MissingParameter");
      assert.equal(e.message, "The request is missing a required parameter `Plaintext`.");
      assert.match(e.requestId, UUID);
    });
  }

  test("TC3-HMAC-SHA256, POST multipart/form-data (SDK multipart option)", async () => {
    const kms = sdk("kms", server);
    const e = await expectCode(
      (kms as any).request("Encrypt", reachesValidation, { multipart: true }),
      "MissingParameter",
    );
    assert.match(e.message, /`Plaintext`/);
  });

  test("v1 members are unflattened and coerced to the model's types", async () => {
    // KeyIds.0 / KeyIds.1 become an array; a bad type is still caught after coercion.
    const q = v1Query(server.hostPort, { Action: "DisableKeys", Version: "2019-01-18", Region: "ap-guangzhou", "KeyIds.0": "a", "KeyIds.1": "b", Foo: "x" });
    const r = await send(server.hostPort, { method: "GET", path: q.path, headers: q.headers });
    assert.equal(r.json.Response.Error.Code, "UnknownParameter");
    assert.equal(r.json.Response.Error.Message, "The parameter `Foo` is not recognized.");
    const ok = v1Query(server.hostPort, { Action: "ListKeys", Version: "2019-01-18", Region: "ap-guangzhou", Limit: "abc" });
    const r2 = await send(server.hostPort, { method: "GET", path: ok.path, headers: ok.headers });
    assert.equal(r2.json.Response.Error.Code, "InvalidParameter");
    assert.match(r2.json.Response.Error.Message, /`Limit`/);
  });
});

describe("the envelope", () => {
  test("errors: HTTP 200, Response.Error.{Code,Message} and RequestId, nothing else", async () => {
    const r = await sendTc3(server.hostPort, { action: "Encrypt", version: "2019-01-18", region: "ap-guangzhou", body: "{}" });
    assert.equal(r.status, 200);
    assert.equal(r.headers["content-type"], "application/json");
    assert.deepEqual(Object.keys(r.json), ["Response"]);
    assert.deepEqual(Object.keys(r.json.Response), ["Error", "RequestId"]);
    assert.deepEqual(Object.keys(r.json.Response.Error), ["Code", "Message"]);
    assert.equal(r.json.Response.Error.Code, "MissingParameter");
    assert.match(r.json.Response.RequestId, UUID);
  });

  test("X-TC-TraceId is echoed back", async () => {
    const r = await sendTc3(server.hostPort, {
      action: "Encrypt",
      version: "2019-01-18",
      region: "ap-guangzhou",
      extraHeaders: { "X-TC-TraceId": "trace-1234" },
    });
    assert.equal(r.headers["x-tc-traceid"], "trace-1234");
  });

  test("X-TC-Language zh-CN answers in Chinese; en-US is the default", async () => {
    const zh = await expectCode(sdk("kms", server, { language: "zh-CN" }).Encrypt(reachesValidation as never), "MissingParameter");
    assert.equal(zh.message, "缺少必要参数`Plaintext`。");
    const en = await expectCode(sdk("kms", server, { language: "en-US" }).Encrypt(reachesValidation as never), "MissingParameter");
    assert.match(en.message, /^The request is missing/);
  });

  test("every request gets a distinct RequestId", async () => {
    const kms = sdk("kms", server);
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await expectCode(kms.Encrypt(reachesValidation as never), "MissingParameter")).requestId);
    assert.equal(ids.size, 5);
  });
});

describe("routing", () => {
  test("by the Host's first label (kms.localhost)", async () => {
    // An action name that CBS has: only the Host says this call is for KMS, so KMS answers InvalidAction.
    const r = await sendTc3(server.hostPort, {
      service: "kms",
      host: `kms.localhost:${server.hostPort.split(":")[1]}`,
      action: "DescribeDisks",
      version: "2019-01-18",
      region: "ap-guangzhou",
    });
    assert.equal(r.json.Response.Error.Code, "InvalidAction");
    assert.equal(r.json.Response.Error.Message, "The request action=`DescribeDisks` is invalid or not found in service=`kms` and version=`2019-01-18`.");
  });

  test("by the credential scope's service when the Host names none", async () => {
    const r = await sendTc3(server.hostPort, { service: "cbs", action: "Encrypt", version: "2019-01-18", region: "ap-guangzhou" });
    assert.equal(r.json.Response.Error.Code, "NoSuchVersion");
    assert.equal(r.json.Response.Error.Message, "The specified api version=`2019-01-18` does not exist in service=`cbs`.");
  });

  test("by the path's first segment (endpoint 127.0.0.1:port/kms)", async () => {
    // A CBS (Version, Action) pair sent to /kms/: the path routes it to KMS, which has no such version.
    const q = v1Query(server.hostPort, { Action: "DescribeDisks", Version: "2017-03-12", Region: "ap-guangzhou" }, { path: "/kms/" });
    const r = await send(server.hostPort, { method: "GET", path: q.path, headers: q.headers });
    assert.equal(r.json.Response.Error.Code, "NoSuchVersion");
    assert.match(r.json.Response.Error.Message, /service=`kms`/);
  });

  test("by the (Version, Action) pair only one product has", async () => {
    const cbs = sdk("cbs", server);
    // The SDK signs with service "127" (the endpoint's first label): only the pair routes it to CBS.
    const e = await expectCode(cbs.AttachDisks({} as never), "MissingParameter");
    assert.match(e.message, /`DiskIds`|`InstanceId`/);
  });
});
