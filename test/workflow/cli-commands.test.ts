import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, test } from "node:test";
import { freePort } from "../helpers/postgres";
import { CLI, spawnTclocal, type TclocalProcess } from "../helpers/process";
import { expectCode, sdk } from "../helpers/sdk";

/** The client commands of `tclocal`: thin clients of a running tclocal's control API. */
let server: TclocalProcess;
before(async () => {
  server = await spawnTclocal(["--in-memory"]);
});
after(() => server.stop());

function tclocal(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...process.env, TCLOCAL_ENDPOINT: server.endpoint } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("--version, status and accounts create", () => {
  const pkg = require("../../../package.json") as { version: string };
  assert.equal(spawnSync(process.execPath, [CLI, "--version"], { encoding: "utf8" }).stdout.trim(), pkg.version);
  const status = JSON.parse(tclocal("status").out);
  assert.equal(status.status, "ok");
  assert.equal(status.version, pkg.version);
  const account = JSON.parse(tclocal("accounts", "create", "--balance", "12.5").out);
  assert.match(account.uin, /^\d+$/);
  assert.equal(account.balance, 12.5);
  assert.match(account.secretId, /^AKID/);
});

test("clock advance takes s/m/h/d durations; clock set takes an ISO time", () => {
  const before = JSON.parse(tclocal("clock").out).offsetSeconds;
  assert.equal(JSON.parse(tclocal("clock", "advance", "3d").out).offsetSeconds, before + 3 * 86_400);
  assert.equal(JSON.parse(tclocal("clock", "advance", "--", "-90m").out).offsetSeconds, before + 3 * 86_400 - 5400);
  const set = JSON.parse(tclocal("clock", "set", "2030-01-01T00:00:00Z").out);
  assert.equal(set.now, Date.parse("2030-01-01T00:00:00Z") / 1000);
  tclocal("reset");
  assert.equal(JSON.parse(tclocal("clock").out).offsetSeconds, 0);
});

test("faults add / list / rm", async () => {
  const rule = JSON.parse(tclocal("faults", "add", "kms", "ListKeys", "InternalError", "--count", "1").out);
  assert.equal(rule.remaining, 1);
  await expectCode(sdk("kms", server).ListKeys({}), "InternalError");
  await sdk("kms", server).ListKeys({});
  const listed = JSON.parse(tclocal("faults", "list").out).faults;
  assert.deepEqual(
    listed.map((f: { id: string; fired: number }) => [f.id, f.fired]),
    [[rule.id, 1]],
  );
  assert.equal(tclocal("faults", "rm", rule.id).code, 0);
  assert.deepEqual(JSON.parse(tclocal("faults", "list").out).faults, []);
});

test("reset [service] wipes the state or one product's", async () => {
  const { KeyId } = await sdk("kms", server).CreateKey({ Alias: "reset-me" });
  assert.equal(JSON.parse(tclocal("reset", "cbs").out).reset, "cbs");
  await sdk("kms", server).DescribeKey({ KeyId: KeyId! });
  assert.equal(JSON.parse(tclocal("reset", "kms").out).reset, "kms");
  await expectCode(sdk("kms", server).DescribeKey({ KeyId: KeyId! }), "ResourceUnavailable.CmkNotFound");
});

test("a wrong argument prints a usage line and exits 2; a refused request or an unreachable endpoint exits 1 with one sentence", async () => {
  const port = await freePort();
  const cases: [string[], RegExp][] = [
    [["clock", "advance", "soon"], /^tclocal: clock advance takes a duration .*\nusage: tclocal clock \[options\] \[verb\] \[value\]\n$/],
    [["clock", "sideways"], /usage: tclocal clock \[options\] \[verb\] \[value\]\n$/],
    [["faults", "add", "kms"], /missing required argument 'action'\nusage: tclocal faults add \[options\] <service> <action> <code>\n$/],
    [["nonsense"], /unknown command 'nonsense'\nusage: tclocal \[options\] \[command\] \(run tclocal --help for the commands\)\n$/],
    [["faults", "add", "kms", "ListKeys", "InternalError", "--count", "0"], /--count must be a positive integer.*\nusage: tclocal faults add /],
    [["start", "--port", "99999"], /^tclocal: invalid port: 99999\nusage: tclocal start \[options\]\n$/],
  ];
  for (const [args, usage] of cases) {
    const r = tclocal(...args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
    assert.match(r.err, usage, args.join(" "));
  }
  // An unknown product is refused before any request (the endpoint here is closed), naming the known ones.
  const unknown = spawnSync(process.execPath, [CLI, "reset", "foo", "--endpoint", `http://127.0.0.1:${port}`], { encoding: "utf8" });
  assert.equal(unknown.status, 2, unknown.stderr);
  assert.match(unknown.stderr, /^tclocal: unknown service "foo": reset takes one of [a-z, ]*\bkms\b[a-z, ]*\bcbs\b.*\nusage: tclocal reset \[options\] \[service\]\n$/);
  const refused = tclocal("faults", "add", "kms", "ListKeys", "NoSuchCode");
  assert.equal(refused.code, 1);
  assert.match(refused.err, /400 code must be one of kms's documented error codes/);
  const closed = `http://127.0.0.1:${port}`;
  const r = spawnSync(process.execPath, [CLI, "status", "--endpoint", closed], { encoding: "utf8" });
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`^tclocal: cannot reach tclocal at ${closed.replace(/\./g, "\\.")} \\(ECONNREFUSED\\)\\. Is it running\\?`));
});
