import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, test } from "node:test";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { send, sendTc3, tc3Headers, v1Query } from "../helpers/raw";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const errorOf = (r: { json: any }) => r.json.Response.Error as { Code: string; Message: string };

test("a POST body over 10 MB is refused with InvalidParameter, before it is read", async () => {
  const body = "x".repeat(10 * 1024 * 1024 + 1);
  const { headers } = tc3Headers(server.hostPort, { action: "Encrypt", version: "2019-01-18", region: "ap-guangzhou", body: "{}" });
  const r = await send(server.hostPort, { headers, body });
  assert.equal(errorOf(r).Code, "InvalidParameter");
  assert.equal(errorOf(r).Message, "The request exceeds the size limit of 10 MB.");
});

test("a body just under 10 MB is read and answered normally", async () => {
  const body = JSON.stringify({ KeyId: "k", Plaintext: "a".repeat(9 * 1024 * 1024) });
  const r = await sendTc3(server.hostPort, { action: "Encrypt", version: "2019-01-18", region: "ap-guangzhou", body });
  // Read, parsed and validated: the handler answers (the KeyId is not a KeyId).
  assert.equal(errorOf(r).Code, "InvalidParameterValue.InvalidKeyId");
});

test("signature v1 over 1 MB: AuthFailure.SignatureFailure, asking for TC3-HMAC-SHA256", async () => {
  const q = v1Query(server.hostPort, { Action: "Encrypt", Version: "2019-01-18", Region: "ap-guangzhou", KeyId: "k", Plaintext: "a".repeat(1024 * 1024) }, { method: "POST" });
  const r = await send(server.hostPort, { path: q.path, headers: q.headers, body: q.body });
  assert.equal(errorOf(r).Code, "AuthFailure.SignatureFailure");
  assert.match(errorOf(r).Message, /exceeding request size limit, please use new signature method `TC3-HMAC-SHA256`/);
});

test("a GET over 32 KB is refused with InvalidParameter", async () => {
  const q = v1Query(server.hostPort, { Action: "Encrypt", Version: "2019-01-18", Region: "ap-guangzhou", KeyId: "k", Plaintext: "a".repeat(33 * 1024) });
  const r = await send(server.hostPort, { method: "GET", path: q.path, headers: q.headers });
  assert.equal(errorOf(r).Code, "InvalidParameter");
});

test("headers over 64 KB still get the envelope, not a bare HTTP error", async () => {
  const r = await new Promise<string>((resolve, reject) => {
    const [host, port] = server.hostPort.split(":");
    const socket = connect(Number(port), host, () => {
      socket.write(`POST / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(70 * 1024)}\r\n\r\n`);
    });
    let data = "";
    socket.on("data", (d) => (data += d));
    socket.on("end", () => resolve(data));
    socket.on("error", reject);
  });
  assert.match(r, /^HTTP\/1\.1 200 OK/);
  const json = JSON.parse(r.slice(r.indexOf("\r\n\r\n") + 4));
  assert.equal(json.Response.Error.Code, "InvalidParameter");
});

test("__proto__ and constructor members are unknown parameters and pollute nothing", async () => {
  for (const body of ['{"__proto__": {"polluted": true}, "KeyId": "k", "Plaintext": "aA=="}', '{"constructor": {"prototype": {"polluted": 1}}}']) {
    const r = await sendTc3(server.hostPort, { action: "Encrypt", version: "2019-01-18", region: "ap-guangzhou", body });
    assert.equal(errorOf(r).Code, body.includes("Plaintext") ? "UnknownParameter" : "MissingParameter");
  }
  const q = v1Query(server.hostPort, { Action: "Encrypt", Version: "2019-01-18", Region: "ap-guangzhou", KeyId: "k", Plaintext: "aA==", "__proto__.polluted": "yes" });
  const r = await send(server.hostPort, { method: "GET", path: q.path, headers: q.headers });
  assert.equal(errorOf(r).Code, "UnknownParameter");
  assert.equal(errorOf(r).Message, "The parameter `__proto__` is not recognized.");
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test("form bodies: a pair without `=`, a duplicated name, bad percent-encoding → InvalidParameter", async () => {
  for (const bad of ["Action=ListKeys&Limit", "Action=ListKeys&Action=ListKeys", "Action=List%ZZ"]) {
    const r = await send(server.hostPort, { method: "GET", path: `/?${bad}` });
    assert.equal(errorOf(r).Code, "InvalidParameter", bad);
  }
});
