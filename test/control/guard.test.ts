import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { send } from "../helpers/raw";

/** The control API refuses what a hostile web page could send (DNS rebinding, cross-origin, simple cross-site writes). */
let server: TestServer;
before(async () => {
  server = await startTclocal({ allowedHosts: ["tclocal"] });
});
after(() => server.stop());

const port = () => server.hostPort.split(":")[1];
const keyCount = async () => (await server.control("GET", "/accounts")).accounts.length;

async function control(method: string, path: string, headers: Record<string, string>, body?: string) {
  const r = await send(server.hostPort, { method, path: `/_tclocal${path}`, headers: { Host: server.hostPort, ...headers }, body });
  return { status: r.status, error: r.json?.error as string | undefined };
}

test("the issue's reproduction: a rebinding page minting a root key is refused, and nothing is created", async () => {
  const before = await server.control("GET", "/clock");
  const r = await control(
    "POST",
    `/accounts/${DEFAULT_ACCOUNT.uin}/keys`,
    { Host: `rebind.example:${port()}`, Origin: "http://evil.example", "Content-Type": "text/plain" },
    "{}",
  );
  assert.equal(r.status, 403);
  const clock = await control("POST", "/clock", { "Content-Type": "text/plain" }, '{"advanceSeconds":86400}');
  assert.equal(clock.status, 403);
  assert.match(clock.error!, /Content-Type: application\/json/);
  assert.equal((await server.control("GET", "/clock")).offsetSeconds, before.offsetSeconds);
});

test("each refusal on its own", async () => {
  const json = { "Content-Type": "application/json" };
  const rebinding = await control("GET", "/accounts", { Host: `rebind.example:${port()}` });
  assert.equal(rebinding.status, 403);
  assert.match(rebinding.error!, /Host rebind\.example/);
  const crossOrigin = await control("POST", "/accounts", { ...json, Origin: "http://evil.example" }, "{}");
  assert.equal(crossOrigin.status, 403);
  assert.match(crossOrigin.error!, /cross-origin/);
  const crossSite = await control("POST", "/accounts", { ...json, "Sec-Fetch-Site": "cross-site" }, "{}");
  assert.equal(crossSite.status, 403);
  const form = await control("POST", "/accounts", { "Content-Type": "application/x-www-form-urlencoded" }, "balance=1");
  assert.equal(form.status, 403);
  const noType = await control("POST", "/reset", {});
  assert.equal(noType.status, 403);
});

test("curl, scripts, the SDK's hosts and the console's own origin keep working", async () => {
  const accounts = await keyCount();
  const json = { "Content-Type": "application/json" };
  assert.equal((await control("POST", "/accounts", json, "{}")).status, 201);
  assert.equal((await control("POST", "/accounts", { ...json, Origin: `http://${server.hostPort}`, "Sec-Fetch-Site": "same-origin" }, "{}")).status, 201);
  assert.equal((await control("GET", "/health", { Host: `localhost:${port()}` })).status, 200);
  assert.equal((await control("GET", "/health", { Host: `[::1]:${port()}` })).status, 200);
  assert.equal((await control("GET", "/health", { Host: `tclocal:${port()}` })).status, 200, "a name given with --allowed-hosts");
  assert.equal((await control("GET", "/health", { "Sec-Fetch-Site": "none" })).status, 200, "a URL typed in the address bar");
  assert.equal(await keyCount(), accounts + 2);
});

test("with an admin token, any Host may call (the token is the protection), and still no cross-origin write", async () => {
  const guarded = await startTclocal({ adminToken: "t0ken" });
  try {
    const auth = { Authorization: "Bearer t0ken", "Content-Type": "application/json" };
    const r = await send(guarded.hostPort, { method: "GET", path: "/_tclocal/clock", headers: { Host: "tclocal.internal:4577", ...auth } });
    assert.equal(r.status, 200);
    const cross = await send(guarded.hostPort, { method: "POST", path: "/_tclocal/accounts", headers: { Host: guarded.hostPort, Origin: "http://evil.example", ...auth }, body: "{}" });
    assert.equal(cross.status, 403);
  } finally {
    await guarded.stop();
  }
});
