import cluster, { type Worker } from "node:cluster";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "./config";
import pino from "pino";
import { App } from "./app";
import { loadSnapshotFile } from "./init/load";
import { startServer } from "./server";

/**
 * `tclocal start --workers N`: N processes serve one port (node:cluster hands connections to them) over one
 * store — the SQLite file in WAL mode (workers queue on its write lock) or PostgreSQL. The primary only
 * supervises: it prints the ready line once every worker listens, replaces a worker that dies, and stops them
 * all on SIGTERM/SIGINT. Every worker is a replica with its own replicaId; state is never per process.
 */
const CONFIG_ENV = "TCLOCAL_WORKER_CONFIG";

interface Ready {
  readonly type: "ready";
  readonly endpoint: string;
}

export interface InitStatus {
  readonly ready: boolean;
  readonly initErrors: string[];
}

interface InitMessage {
  readonly type: "init";
  readonly status: InitStatus;
}

export function isWorker(): boolean {
  return cluster.isWorker && process.env[CONFIG_ENV] !== undefined;
}

/** In a worker: serve until told to stop (or until the primary is gone). */
export async function runWorker(): Promise<void> {
  const config = JSON.parse(process.env[CONFIG_ENV]!) as Config;
  const running = await startServer(config);
  process.on("message", (m: InitMessage) => {
    if (m?.type === "init") running.app.setInitStatus(m.status);
  });
  const stop = () => void running.stop().finally(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", () => {}); // the primary decides; a terminal's Ctrl-C reaches every process
  process.once("disconnect", stop); // the primary died
  process.send?.({ type: "ready", endpoint: running.endpoint } satisfies Ready);
}

/** In the primary: fork the workers; resolves with the endpoint once all of them listen. */
export async function superviseWorkers(
  config: Config,
  log: { info: (msg: string) => void; error: (msg: string) => void },
): Promise<{ endpoint: string; stop: () => Promise<void>; setInitStatus: (status: InitStatus) => void; storeConfig: Config }> {
  const count = config.workers ?? 1;
  let temporaryDir: string | null = null;
  let shared = config;
  if (!config.databaseUrl && !config.dataDir) {
    // "In memory" for several processes: one SQLite file in a temporary directory, removed at exit.
    temporaryDir = mkdtempSync(join(tmpdir(), "tclocal-workers-"));
    shared = { ...config, dataDir: temporaryDir };
  }
  const cleanup = () => {
    if (temporaryDir) rmSync(temporaryDir, { recursive: true, force: true });
    temporaryDir = null;
  };
  process.once("exit", cleanup);
  if (config.loadFile) {
    // Loaded once, by the primary, into the store the workers will share.
    const app = await App.open(shared, pino({ level: "silent" }));
    try {
      await loadSnapshotFile(app, config.loadFile);
    } finally {
      await app.close();
    }
    shared = { ...shared, loadFile: null };
  }
  let stopping = false;
  let initStatus: InitStatus | null = null;
  const fork = () => cluster.fork({ [CONFIG_ENV]: JSON.stringify(shared) });
  // Every worker answers health: each learns the init hooks' status (a replacement worker as it comes up).
  const setInitStatus = (status: InitStatus) => {
    initStatus = status;
    for (const w of Object.values(cluster.workers ?? {})) w?.send({ type: "init", status } satisfies InitMessage);
  };

  return new Promise((resolve, reject) => {
    let ready = 0;
    let endpoint = "";
    const onMessage = (worker: Worker, m: Ready) => {
      if (m?.type !== "ready") return;
      endpoint = m.endpoint;
      if (initStatus) worker.send({ type: "init", status: initStatus } satisfies InitMessage);
      if (++ready === count) resolve({ endpoint, stop, setInitStatus, storeConfig: shared });
    };
    cluster.on("message", onMessage);
    cluster.on("exit", (worker, code, signal) => {
      if (stopping) return;
      if (ready < count) {
        stopping = true;
        for (const w of Object.values(cluster.workers ?? {})) w?.kill("SIGTERM");
        cleanup();
        reject(new Error(`a worker exited before it listened (${signal ?? `exit code ${code}`})`));
        return;
      }
      log.error(`worker ${worker.process.pid} died (${signal ?? `exit code ${code}`}); starting a new one`);
      fork();
    });
    for (let i = 0; i < count; i++) fork();

    function stop(): Promise<void> {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
      return Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((done) => {
              w.once("exit", () => done());
              w.kill("SIGTERM");
            }),
        ),
      ).then(cleanup);
    }
  });
}
