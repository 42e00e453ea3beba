import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startPostgres, type TestPostgres } from "../helpers/postgres";
import { spawnTclocal, type TclocalProcess } from "../helpers/process";
import { sdk } from "../helpers/sdk";

/** The database going away under a light load: envelopes only, then recovery by itself. */
let pgServer: TestPostgres;
let server: TclocalProcess;

before(async () => {
  pgServer = await startPostgres();
  server = await spawnTclocal(["--database-url", await pgServer.createDatabase()]);
});
after(async () => {
  await server.stop();
  pgServer.destroy();
});

test("calls answer InternalError in the envelope within 10 s while the database is down, and succeed again within 15 s of its return", async () => {
  const kms = sdk("kms", server);
  await kms.CreateKey({ Alias: "before-outage" });
  const outcomes: { code: string; ms: number; phase: string }[] = [];
  let phase = "up";
  let stop = false;
  const load = (async () => {
    while (!stop) {
      const started = Date.now();
      const code = await kms.ListKeys({}).then(
        () => "OK",
        (e: { code?: string; message?: string }) => e.code ?? `not an envelope: ${e.message}`,
      );
      outcomes.push({ code, ms: Date.now() - started, phase });
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  await new Promise((r) => setTimeout(r, 500));
  pgServer.stop();
  phase = "down";
  await new Promise((r) => setTimeout(r, 3000));
  pgServer.start();
  phase = "back";
  const back = Date.now();
  let recoveredAt = 0;
  while (Date.now() - back < 20_000) {
    const last = outcomes[outcomes.length - 1];
    if (last?.phase === "back" && last.code === "OK") {
      recoveredAt = Date.now();
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  stop = true;
  await load;
  const down = outcomes.filter((o) => o.phase === "down");
  assert.ok(down.length >= 2, JSON.stringify(outcomes));
  for (const o of outcomes) {
    assert.ok(o.code === "OK" || o.code === "InternalError", `unexpected answer ${o.code} (${o.phase}); server alive: ${server.child.exitCode === null}; its stderr: ${server.stderr().slice(-2000)}`);
  }
  assert.ok(down.some((o) => o.code === "InternalError"));
  assert.ok(Math.max(...outcomes.map((o) => o.ms)) < 10_000, "a call took 10 s or more");
  assert.ok(recoveredAt > 0 && recoveredAt - back < 15_000, "not recovered within 15 s");
  // The process is still the same one, and the data from before the outage is there.
  assert.equal(server.child.exitCode, null);
  assert.equal((await kms.ListKeys({})).TotalCount, 1);
});
