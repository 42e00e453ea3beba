import { randomBytes } from "node:crypto";
import type { App } from "../../app";
import { ControlError, type ControlReply } from "../../control/router";
import { Collection } from "../../platform/collection";
import type { Scope, Tx } from "../../platform/store/store";
import { toCsv, toXlsx } from "./files";
import type { Ctx } from "./store";

/*
 * Export files. Like the real service's signed COS links, a download URL works without credentials and is
 * unguessable (128 random bits); the file is kept outside any account scope so the control route can serve it
 * by that id alone. URLs are built from the Host the client called, so they work wherever tclocal runs.
 */

const FILES: Scope = { service: "yunjing", account: "*", region: "*" };

interface ExportFile {
  id: string;
  uin: string;
  ext: "csv" | "xlsx";
  title: string;
  header: string[];
  rows: string[][];
  createdAt: number;
}

const files = (tx: Tx) => new Collection<ExportFile>(tx, FILES, "export-file");

export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string | number | boolean;
}

/** Writes an export file and answers its download URL. */
export async function writeExport<T>(
  ctx: Ctx,
  title: string,
  columns: readonly Column<T>[],
  rows: readonly T[],
  ext: "csv" | "xlsx" = "csv",
): Promise<{ url: string; id: string }> {
  const id = randomBytes(16).toString("hex");
  await files(ctx.tx).insert(id, {
    id,
    uin: ctx.caller.uin,
    ext,
    title,
    header: columns.map((c) => c.header),
    rows: rows.map((r) => columns.map((c) => String(c.value(r)))),
    createdAt: ctx.now(),
  });
  return { id, url: `${ctx.origin}/_tclocal/yunjing/exports/${id}.${ext}` };
}

/** GET /_tclocal/yunjing/exports/{id}.csv|xlsx */
export async function downloadExport(app: App, file: string): Promise<ControlReply> {
  const m = /^([0-9a-f]{32})\.(csv|xlsx)$/.exec(file);
  const doc = m ? await app.store.transaction((tx) => files(tx).get(m[1])) : undefined;
  if (!m || !doc || doc.ext !== m[2]) throw new ControlError(404, `no export file ${file}`);
  if (doc.ext === "csv") {
    return { status: 200, body: null, raw: { contentType: "text/csv; charset=utf-8", data: toCsv(doc.header, doc.rows) } };
  }
  return {
    status: 200,
    body: null,
    raw: { contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data: toXlsx(doc.title, [doc.header, ...doc.rows]) },
  };
}
