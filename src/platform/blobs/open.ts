import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "../../config";
import { PostgresStore } from "../store/postgres";
import type { Store } from "../store/store";
import type { BlobStore } from "./blob-store";
import { DirectoryBlobStore } from "./directory";

const temporary = new Set<string>();
process.once("exit", () => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/**
 * Where blobs live: the --shared-dir every replica mounts; else, on PostgreSQL, the database; else the data
 * dir's `blobs/`; in memory, a temporary directory removed when the process exits.
 */
export function openBlobs(config: Config, store: Store): BlobStore {
  if (config.sharedDir) return new DirectoryBlobStore(join(config.sharedDir, "blobs"));
  if (store instanceof PostgresStore) return store.blobStore();
  if (config.dataDir) return new DirectoryBlobStore(join(config.dataDir, "blobs"));
  const dir = mkdtempSync(join(tmpdir(), "tclocal-blobs-"));
  temporary.add(dir);
  return new DirectoryBlobStore(dir);
}
