import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { spawnTclocal } from "../helpers/process";

/** The bundled `tclocal` bin serves the console built into dist/ui, and knows its own version. */
test("tclocal start serves the console and names its version", async () => {
  const proc = await spawnTclocal(["--in-memory"]);
  try {
    const page = await fetch(`${proc.endpoint}/_tclocal/ui/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script src="app\.js" defer><\/script>/);
    const js = await fetch(`${proc.endpoint}/_tclocal/ui/app.js`);
    assert.equal(js.status, 200);
    assert.ok((await js.arrayBuffer()).byteLength > 1000);
    const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8")) as { version: string };
    assert.equal((await proc.control("GET", "/products")).tclocal, pkg.version);
  } finally {
    await proc.stop();
  }
});
