#!/usr/bin/env node
// Builds the web console (Preact, compiled here: nothing loads from a CDN at run time) into dist/ui, the files
// tclocal serves under /_tclocal/ui. `npm run build` runs it after type-checking ui/ with ui/tsconfig.json.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "dist", "ui");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: { app: join(here, "src", "main.tsx") },
  outdir: out,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["chrome110", "firefox110", "safari16"],
  jsx: "automatic",
  jsxImportSource: "preact",
  legalComments: "none",
  logLevel: "warning",
});
copyFileSync(join(here, "index.html"), join(out, "index.html"));
copyFileSync(join(here, "favicon.svg"), join(out, "favicon.svg"));

const size = (f) => `${(statSync(join(out, f)).size / 1024).toFixed(1)} KB (${(gzipSync(readFileSync(join(out, f))).length / 1024).toFixed(1)} KB gzipped)`;
console.log(`console: dist/ui/app.js ${size("app.js")}, app.css ${size("app.css")}`);
