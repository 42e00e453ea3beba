import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnTclocal, type TclocalProcess } from "../helpers/process";
import { largeTransfer } from "./large-transfer";

/**
 * Object bytes are streamed, never held whole: a 1 GB object goes up and comes back through a tclocal process
 * whose peak resident memory is measured (the kernel's high-water mark), not timed.
 */
let server: TclocalProcess;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "tclocal-cos-stream-"));
  server = await spawnTclocal(["--data-dir", dir]);
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** More than this above the warm baseline would mean bytes are being buffered. */
const BOUND_MB = 96;

test("a 1 GB upload and download run in bounded memory and come back intact", async (t) => {
  const m = await largeTransfer({ endpoint: server.endpoint, hostPort: server.hostPort, pid: server.child.pid! }, 1024 ** 3);
  t.diagnostic(JSON.stringify(m));
  assert.equal(m.intact, true);
  assert.ok(m.uploadPeakRssMb - m.baselineRssMb < BOUND_MB, `upload peak ${m.uploadPeakRssMb.toFixed(0)} MB over a ${m.baselineRssMb.toFixed(0)} MB baseline`);
  assert.ok(m.downloadPeakRssMb - m.baselineRssMb < BOUND_MB, `download peak ${m.downloadPeakRssMb.toFixed(0)} MB over a ${m.baselineRssMb.toFixed(0)} MB baseline`);
});
