import type pg from "pg";

const watched = new WeakSet<pg.PoolClient>();
/**
 * A connection the server drops while it is checked out emits "error" on the client itself (the pool only
 * listens on idle ones): without a listener that would crash the process. The query in flight fails on its own.
 */
export function guarded(client: pg.PoolClient): pg.PoolClient {
  if (!watched.has(client)) {
    watched.add(client);
    client.on("error", () => {});
  }
  return client;
}

