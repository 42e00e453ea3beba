import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { connect } from "node:net";
import fc from "fast-check";
import { errorCatalog } from "../../src/errors/catalog";
import { MAX_DEPTH, parseRequestJson } from "../../src/gateway/json";
import { AUDIT_LIMITS } from "../../src/platform/audit-trail";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { send, sendTc3, tc3Headers } from "../helpers/raw";

/** The hardening issue's reproductions and properties: every hostile input answered in the envelope with a catalog code. */
const documented = new Set(Object.values(errorCatalog).flatMap((t) => Object.keys(t)));

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const kms = (action: string, body: string) => sendTc3(server.hostPort, { action, version: "2019-01-18", region: "ap-guangzhou", body });
const cvm = (action: string, body: string) => sendTc3(server.hostPort, { service: "cvm", action, version: "2017-03-12", region: "ap-guangzhou", body });

function codeOf(r: { status: number; json: any; text: string }): string | undefined {
  assert.equal(r.status, 200, r.text.slice(0, 200));
  assert.ok(r.json?.Response?.RequestId, `not an envelope: ${r.text.slice(0, 200)}`);
  const code = r.json.Response.Error?.Code as string | undefined;
  if (code !== undefined) {
    assert.ok(documented.has(code), `undocumented code ${code}`);
    assert.notEqual(code, "InternalError", r.json.Response.Error.Message);
  }
  return code;
}

describe("the issue's reproductions", () => {
  test("20,000 levels of nesting: InvalidParameter naming the limit, no stack overflow", async () => {
    const r = await kms("DescribeKey", `{"KeyId":${"[".repeat(20_000)}${"]".repeat(20_000)}}`);
    assert.equal(codeOf(r), "InvalidParameter");
    assert.match(r.json.Response.Error.Message, new RegExp(`deeper than ${MAX_DEPTH} levels`));
    // The same with objects, and at exactly the limit the body is parsed (then refused by the model).
    assert.equal(codeOf(await kms("DescribeKey", `{"KeyId":${'{"a":'.repeat(5000)}1${"}".repeat(5000)}}`)), "InvalidParameter");
    const atLimit = await kms("DescribeKey", `{"KeyId":${"[".repeat(MAX_DEPTH - 1)}${"]".repeat(MAX_DEPTH - 1)}}`);
    assert.equal(codeOf(atLimit), "InvalidParameter");
    assert.match(atLimit.json.Response.Error.Message, /KeyId/);
  });

  test("decimals with 16 or more digits: InvalidParameter where the member is an integer", async () => {
    for (const [action, body] of [
      ["ListKeys", '{"Limit":0.30000000000000004}'],
      ["GenerateRandom", '{"NumberOfBytes":1.0000000000000002}'],
      ["ListKeys", '{"Limit":1.5}'],
    ] as const) {
      const r = await kms(action, body);
      assert.equal(codeOf(r), "InvalidParameter", body);
      assert.match(r.json.Response.Error.Message, /`integer`/);
    }
    // 1.0 is the integer 1 in JSON.
    assert.equal(codeOf(await kms("ListKeys", '{"Limit":1.0}')), undefined);
  });

  test("integers beyond 2^53 in a member the model types as a JavaScript number: InvalidParameter in every product", async () => {
    const cvmAnswer = await cvm("DescribeInstances", '{"Offset":12345678901234567890}');
    assert.equal(codeOf(cvmAnswer), "InvalidParameter");
    assert.match(cvmAnswer.json.Response.Error.Message, /`Offset` is out of the range/);
    assert.equal(codeOf(await kms("ListKeys", '{"Offset":12345678901234567890}')), "InvalidParameter");
    assert.equal(codeOf(await kms("ListKeys", '{"Offset":9007199254740992}')), "InvalidParameter");
    assert.equal(codeOf(await kms("ListKeys", '{"Offset":9007199254740991,"Limit":1}')), undefined);
  });

  test("a string spelling the long-integer marker with escapes stays a string and never crashes the decoder", async () => {
    const crafted = String.raw`"\u0000\u0074clocal-int:abc"`;
    // Before the marker held a secret, this answered InternalError (BigInt("abc")).
    assert.equal(codeOf(await kms("CreateKey", `{"Alias":"a1","Description":${crafted},"Type":1,"X":12345678901234567890}`)), "UnknownParameter");
    const parsed = parseRequestJson(String.raw`{"A":"\u0000\u0074clocal-int:5","B":12345678901234567890}`);
    assert.deepEqual(parsed.exact, { A: "\u0000tclocal-int:5", B: 12345678901234567890n });
  });

  test("64-bit members take exactly -2^63 .. 2^64-1: one past either end is InvalidParameter naming the member", async () => {
    const tasks = (ids: string) => cvm("DescribeTaskInfo", `{"Limit":10,"Offset":0,"TaskTypeIds":[${ids}]}`);
    assert.equal(codeOf(await tasks("18446744073709551615")), undefined);
    assert.equal(codeOf(await tasks("-9223372036854775808")), undefined);
    for (const past of ["18446744073709551616", "-9223372036854775809", "123456789012345678901234567890"]) {
      const r = await tasks(`1,${past}`);
      assert.equal(codeOf(r), "InvalidParameter", past);
      assert.match(r.json.Response.Error.Message, /`TaskTypeIds\.1` is out of the range/);
    }
  });

  test("1e400 beside a 16-digit run: no parser crash; 1e400 itself is InvalidParameter", async () => {
    // The body also names a member ListKeys does not have: that is reported first.
    assert.equal(codeOf(await kms("ListKeys", '{"Limit":1e400,"Description":"12345678901234567"}')), "UnknownParameter");
    assert.equal(codeOf(await kms("CreateKey", '{"Alias":"a1e400","Description":"12345678901234567","Type":1e400}')), "InvalidParameter");
    assert.equal(codeOf(await kms("ListKeys", '{"Limit":1e400}')), "InvalidParameter");
    assert.equal(codeOf(await kms("ListKeys", '{"Limit":-1e400}')), "InvalidParameter");
  });

  test("a flipped byte in a signed body answers SignatureFailure, not a parse error: the signature is checked first", async () => {
    const { headers, body } = tc3Headers(server.hostPort, { action: "CreateKey", version: "2019-01-18", region: "ap-guangzhou", body: '{"Alias":"flip"}' });
    const bytes = Buffer.from(body);
    bytes[1] = 0x09;
    const r = await send(server.hostPort, { headers, body: bytes });
    assert.equal(codeOf(r), "AuthFailure.SignatureFailure");
    // Unauthenticated, even an unsupported content type tells nothing about parsing.
    const typed = tc3Headers(server.hostPort, { action: "CreateKey", version: "2019-01-18", region: "ap-guangzhou", body: "{", contentType: "text/csv" });
    typed.headers.Authorization = typed.headers.Authorization.replace(/Signature=\w+/, "Signature=" + "0".repeat(64));
    assert.equal(codeOf(await send(server.hostPort, typed)), "AuthFailure.SignatureFailure");
  });

  test("a request without Host gets the envelope (InvalidParameter), not a bare 400", async () => {
    const [host, port] = server.hostPort.split(":");
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), host, () => socket.end("POST / HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"));
      let text = "";
      socket.on("data", (d) => (text += d));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    assert.match(raw, /^HTTP\/1\.1 200 /);
    const body = JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4));
    assert.equal(body.Response.Error.Code, "InvalidParameter");
    assert.match(body.Response.Error.Message, /Host/);
  });

  test("/_tclocalx and other paths that merely start with /_tclocal are the API endpoint", async () => {
    for (const path of ["/_tclocalx", "/_tclocal-ui", "/_tclocalfoo/health"]) {
      const r = await send(server.hostPort, { method: "POST", path, headers: { "Content-Type": "application/json" }, body: "{}" });
      assert.equal(codeOf(r), "MissingParameter", path);
    }
    const health = await fetch(`${server.endpoint}/_tclocal/health`);
    assert.equal(health.status, 200);
    assert.equal((await fetch(`${server.endpoint}/_tclocal`)).status, 200);
  });

  test("an audit record keeps a bounded summary of a 1 MiB member", async () => {
    const big = "x".repeat(1024 * 1024);
    const r = await kms("ListKeys", JSON.stringify({ Bogus: big }));
    assert.equal(codeOf(r), "UnknownParameter");
    const { requests } = await server.control("GET", "/requests?limit=1");
    const rec = requests[0];
    assert.equal(rec.requestId, r.json.Response.RequestId);
    assert.equal(rec.params.Bogus, `${"x".repeat(AUDIT_LIMITS.string)}… (1048576 characters)`);
    assert.ok(JSON.stringify(rec).length < 4096, `record of ${JSON.stringify(rec).length} bytes`);
    // A huge member name (quoted by the error message) is clipped too.
    const named = await kms("ListKeys", JSON.stringify({ ["k".repeat(100_000)]: 1 }));
    assert.equal(codeOf(named), "UnknownParameter");
    const { requests: [last] } = await server.control("GET", "/requests?limit=1");
    assert.ok(JSON.stringify(last).length < 8 * 1024);
  });
});

describe("properties (fast-check)", () => {
  const edgeNumbers = fc.constantFrom(
    "0", "-0", "0.0", "-0.0", "9007199254740991", "9007199254740992", "-9007199254740993", "1e308", "-1e308", "1e400", "-1e400", "1e-400",
    "0.30000000000000004", "1.0000000000000002", "12345678901234567890", "-12345678901234567890", "1E3", "1e+2", "2.5e-3", "18446744073709551616",
  );

  test("numbers at every edge, in every integer member of a real action: success or InvalidParameter", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("Offset", "Limit", "Role"), edgeNumbers, async (member, n) => {
        const code = codeOf(await kms("ListKeys", `{"${member}":${n}}`));
        assert.ok(code === undefined || code === "InvalidParameter" || code.startsWith("InvalidParameterValue"), `${member}=${n}: ${code}`);
      }),
      { numRuns: 60 },
    );
  });

  test("arbitrary JSON trees as members of actions of every product: an envelope with a catalog code", async () => {
    const targets = [
      ["kms", "2019-01-18", "DescribeKey"],
      ["cbs", "2017-03-12", "DescribeDisks"],
      ["cvm", "2017-03-12", "DescribeInstances"],
      ["mongodb", "2018-04-08", "DescribeDBInstances"],
      ["cloudaudit", "2019-03-19", "LookUpEvents"],
      ["yunjing", "2018-02-28", "DescribeMachines"],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 5 }), async ([service, version, action], members) => {
        codeOf(await sendTc3(server.hostPort, { service, action, version, region: "ap-guangzhou", body: JSON.stringify(members) }));
      }),
      { numRuns: 200 },
    );
  });

  test("strings with NUL, lone surrogates and control characters: an envelope, never a crash", async () => {
    const hostile = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 30 }),
      fc.constantFrom("\u0000", "a\u0000b", "\ud800", "\udfff\ud800", "\u202e", "%00", "' OR 1=1 --", "<img src=x onerror=alert(1)>", "../../etc/passwd", "${7*7}"),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("KeyId", "Alias", "Description"), hostile, async (member, value) => {
        // JSON.stringify writes lone surrogates as \ud800 escapes, which is valid JSON.
        const body = JSON.stringify({ [member]: value });
        codeOf(await kms(member === "KeyId" ? "DescribeKey" : "CreateKey", body));
      }),
      { numRuns: 100 },
    );
  });

  test("nesting at any depth up to 100,000: InvalidParameter past the limit, in JSON, forms and multipart", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: MAX_DEPTH + 1, max: 100_000 }), fc.constantFrom("[", '{"a":'), async (depth, open) => {
        const close = open === "[" ? "]" : "}";
        const inner = open === "[" ? "" : "1";
        const r = await kms("ListKeys", `{"Limit":${open.repeat(depth)}${inner}${close.repeat(depth)}}`);
        assert.equal(codeOf(r), "InvalidParameter");
      }),
      { numRuns: 25 },
    );
    const form = tc3Headers(server.hostPort, {
      action: "ListKeys",
      version: "2019-01-18",
      region: "ap-guangzhou",
      contentType: "application/x-www-form-urlencoded",
      body: `${Array.from({ length: MAX_DEPTH + 5 }, () => "A").join(".")}=1`,
    });
    assert.equal(codeOf(await send(server.hostPort, form)), "InvalidParameter");
  });
});
