import type { App } from "../app";
import { exportState } from "../platform/snapshot/export";
import { SnapshotError } from "../platform/snapshot/format";
import { importState } from "../platform/snapshot/import";
import { ControlError, ok, type ControlRoute } from "./router";

/** State snapshots: the whole emulator as one file (docs/snapshots.md), from any store to any store. */
export const stateRoutes: ControlRoute[] = [
  {
    method: "GET",
    path: "/state",
    description: "Download the state as a snapshot (JSON lines; ?withAudit=true adds the audit trail). It holds secret keys.",
    handle: (app, req) => ({
      status: 200,
      body: undefined,
      stream: {
        contentType: "application/x-ndjson",
        filename: "tclocal-state.jsonl",
        body: exportState(app, { withAudit: req.query.get("withAudit") === "true" }),
      },
    }),
  },
  {
    method: "PUT",
    path: "/state",
    description: "Load a snapshot (the body), replacing the state, or adding to it with ?merge=true (an id on both sides is refused).",
    streamBody: true,
    handle: async (app: App, req) => {
      try {
        const summary = await importState(app, req.bodyStream!, { merge: req.query.get("merge") === "true" });
        return ok({ imported: summary });
      } catch (e) {
        if (e instanceof SnapshotError) throw new ControlError(e.status, e.message);
        throw e;
      }
    },
  },
];
