import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import type { App } from "../app";
import { importState } from "../platform/snapshot/import";

/** `tclocal start --load FILE`: the snapshot replaces the state before anything serves. */
export async function loadSnapshotFile(app: App, file: string): Promise<void> {
  try {
    await access(file);
  } catch {
    throw new Error(`--load: cannot read ${file}`);
  }
  try {
    const summary = await importState(app, createReadStream(file), { merge: false });
    app.logger.info({ file, ...summary }, "state loaded");
  } catch (e) {
    throw new Error(`--load ${file}: ${(e as Error).message}`);
  }
}
