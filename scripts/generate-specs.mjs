#!/usr/bin/env node
// Generates request/response schemas and handler type maps from the pinned tencentcloud-sdk-nodejs models.
// Usage: node scripts/generate-specs.mjs          (writes src/generated/)
//        node scripts/generate-specs.mjs --check  (fails if src/generated/ differs from what it would write)
import { readFileSync, writeFileSync, mkdirSync, readdirSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const sdkRoot = dirname(require.resolve("tencentcloud-sdk-nodejs/package.json"));
const sdkVersion = JSON.parse(readFileSync(join(sdkRoot, "package.json"), "utf8")).version;
const outDir = join(root, "src", "generated");

/**
 * The products tclocal emulates, one entry per API version. `supplement` is a hand-kept models file of retired
 * actions the SDK no longer has. A product with several versions gets its latest version under the plain
 * names (specs/<service>.json, models/<service>.ts: <Service>Actions) and each older one under names carrying
 * the SDK's version folder (specs/<service>-v20180408.json, models/<service>-v20180408.ts: <Service>V20180408Actions).
 */
const SERVICES = [
  { service: "yunjing", version: "2018-02-28", dir: "yunjing/v20180228", prefix: "yunjing" },
  { service: "mongodb", version: "2018-04-08", dir: "mongodb/v20180408", prefix: "mongodb" },
  { service: "mongodb", version: "2019-07-25", dir: "mongodb/v20190725", prefix: "mongodb" },
  { service: "kms", version: "2019-01-18", dir: "kms/v20190118", prefix: "kms" },
  { service: "cbs", version: "2017-03-12", dir: "cbs/v20170312", prefix: "cbs" },
  { service: "cvm", version: "2017-03-12", dir: "cvm/v20170312", prefix: "cvm" },
  { service: "vpc", version: "2017-03-12", dir: "vpc/v20170312", prefix: "vpc" },
  { service: "cloudaudit", version: "2019-03-19", dir: "cloudaudit/v20190319", prefix: "cloudaudit", supplement: "src/services/cloudaudit/retired-models.ts" },
  { service: "cam", version: "2019-01-16", dir: "cam/v20190116", prefix: "cam" },
  { service: "sts", version: "2018-08-13", dir: "sts/v20180813", prefix: "sts" },
];

const NULLABLE = /可能返回\s*null/i;

/**
 * The SDK's TypeScript models write every numeric member as `number` (64-bit ones as `number | bigint`), so they
 * cannot tell integers from decimals. The API reference of every product tclocal serves documents no Float
 * member in any request (Float appears only in responses: prices, ratios), so request numbers are integers:
 * `1.5` or `0.30000000000000004` answers InvalidParameter as the real API does. A request member documented as
 * Float would be listed here, "Service.Struct.Member".
 */
const FLOAT_REQUEST_MEMBERS = new Set([]);
/** Integers a JavaScript number holds exactly; beyond them only 64-bit members (`number | bigint`) go, as BigInt. */
const SAFE = Number.MAX_SAFE_INTEGER;
const INT64 = { minimum: -9223372036854775808, maximum: 18446744073709551615 };

function parseModels(file) {
  const src = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const interfaces = new Map();
  for (const stmt of src.statements) {
    // Actions without parameters have `export type XRequest = null;`.
    if (ts.isTypeAliasDeclaration(stmt) && stmt.type.kind === ts.SyntaxKind.LiteralType && stmt.type.literal.kind === ts.SyntaxKind.NullKeyword) {
      interfaces.set(stmt.name.text, []);
      continue;
    }
    if (!ts.isInterfaceDeclaration(stmt)) continue;
    const members = [];
    for (const m of stmt.members) {
      if (!ts.isPropertySignature(m) || !m.type) continue;
      const doc = (ts.getJSDocCommentsAndTags(m) || []).map((d) => d.getText()).join("\n");
      members.push({
        name: m.name.getText(src),
        optional: !!m.questionToken,
        type: typeOf(m.type, src),
        nullable: NULLABLE.test(doc),
      });
    }
    interfaces.set(stmt.name.text, members);
  }
  return interfaces;
}

/** A small type language: "string" | "number" | "boolean" | "any" | {array: T} | {ref: Name}. */
function typeOf(node, src) {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword: return "string";
    case ts.SyntaxKind.NumberKeyword: return "number";
    case ts.SyntaxKind.BooleanKeyword: return "boolean";
    case ts.SyntaxKind.AnyKeyword: return "any";
    case ts.SyntaxKind.ArrayType: return { array: typeOf(node.elementType, src) };
    case ts.SyntaxKind.ParenthesizedType: return typeOf(node.type, src);
    case ts.SyntaxKind.UnionType: {
      // The SDK writes 64-bit integers as `number | bigint`: on the wire they are JSON numbers.
      const parts = node.types.map((t) => t.getText(src)).sort().join("|");
      if (parts === "bigint|number") return "int64";
      throw new Error(`unsupported union ${node.getText(src)}`);
    }
    case ts.SyntaxKind.TypeReference: {
      const name = node.typeName.getText(src);
      if (name === "Array") return { array: typeOf(node.typeArguments[0], src) };
      if (name === "Buffer") return "string";
      return { ref: name };
    }
    default:
      throw new Error(`unsupported type ${ts.SyntaxKind[node.kind]} (${node.getText(src)})`);
  }
}

function actionsOf(clientJs) {
  const text = readFileSync(clientJs, "utf8");
  return [...text.matchAll(/this\.request(?:OctetStream)?\("([A-Za-z0-9]+)"/g)].map((m) => m[1]).sort();
}

/** JSON Schema for a type in one direction; structs become refs into "#/input/X" or "#/output/X". */
function schemaOf(type, dir, nullable, float = false) {
  let s;
  if (type === "any") s = {};
  else if ((type === "number" || type === "int64") && dir === "output") s = { type: "number" };
  else if (type === "number" && float) s = { type: "number" };
  else if (type === "number") s = { type: "integer", minimum: -SAFE, maximum: SAFE };
  // x-int64: the decoder hands these members over as BigInt when they exceed 2^53 (src/gateway/json.ts).
  else if (type === "int64") s = { type: "integer", "x-int64": true, ...INT64 };
  else if (typeof type === "string") s = { type: type };
  else if (type.array) s = { type: "array", items: schemaOf(type.array, dir, false) };
  else s = { $ref: `#/${dir}/${type.ref}` };
  if (nullable && dir === "output") {
    if (s.type) s = { ...s, type: [s.type, "null"] };
    else s = { anyOf: [s, { type: "null" }] };
  }
  return s;
}

function structSchema(members, dir, isTopResponse, where) {
  const properties = {};
  const required = [];
  for (const m of members) {
    if (isTopResponse && m.name === "RequestId") continue;
    properties[m.name] = schemaOf(m.type, dir, m.nullable, FLOAT_REQUEST_MEMBERS.has(`${where}.${m.name}`));
    if (dir === "input" ? !m.optional : true) required.push(m.name);
  }
  const s = { type: "object", properties, additionalProperties: false };
  if (required.length) s.required = required;
  return s;
}

function collectRefs(type, out) {
  if (typeof type === "string") return;
  if (type.array) return collectRefs(type.array, out);
  out.add(type.ref);
}

function build(def) {
  const dir = join(sdkRoot, "tencentcloud", "services", def.dir);
  const models = parseModels(join(dir, `${def.prefix}_models.d.ts`));
  let actions = actionsOf(join(dir, `${def.prefix}_client.js`));
  const supplemented = [];
  if (def.supplement) {
    const sup = parseModels(join(root, def.supplement));
    for (const [name, members] of sup) {
      models.set(name, members);
      const action = name.endsWith("Request") ? name.slice(0, -7) : null;
      if (action && !actions.includes(action)) { actions.push(action); supplemented.push(action); }
    }
    actions.sort();
  }
  const spec = { service: def.service, version: def.version, sdk: `tencentcloud-sdk-nodejs@${sdkVersion}`, actions: {}, input: {}, output: {} };
  for (const dirName of ["input", "output"]) {
    const seen = new Set();
    const queue = actions.map((a) => `${a}${dirName === "input" ? "Request" : "Response"}`);
    while (queue.length) {
      const name = queue.shift();
      if (seen.has(name)) continue;
      seen.add(name);
      const members = models.get(name);
      if (!members) throw new Error(`${def.service}: no model ${name}`);
      spec[dirName][name] = structSchema(
        members,
        dirName,
        dirName === "output" && name.endsWith("Response") && actions.includes(name.slice(0, -8)),
        `${def.service}.${name}`,
      );
      for (const m of members) {
        const refs = new Set();
        collectRefs(m.type, refs);
        queue.push(...refs);
      }
    }
  }
  for (const a of actions) spec.actions[a] = { input: `${a}Request`, output: `${a}Response`, ...(supplemented.includes(a) ? { retired: true } : {}) };
  spec.input = sortKeys(spec.input);
  spec.output = sortKeys(spec.output);
  return { spec, actions, supplemented };
}

function sortKeys(o) {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

/** The file stem and interface name of one version's generated files (see SERVICES). */
function namesOf(def, latest) {
  if (def.version === latest) return { stem: def.service, iface: `${pascal(def.service)}Actions` };
  const tag = `v${def.version.replace(/-/g, "")}`;
  return { stem: `${def.service}-${tag}`, iface: `${pascal(def.service)}${tag.toUpperCase()}Actions` };
}

function typesFile(def, actions, supplemented, iface) {
  const mod = `tencentcloud-sdk-nodejs/tencentcloud/services/${def.dir}/${def.prefix}_models`;
  const lines = [
    "// Generated by scripts/generate-specs.mjs from " + `tencentcloud-sdk-nodejs@${sdkVersion}. Do not edit.`,
    `import type * as m from "${mod}";`,
    supplemented.length ? `import type * as legacy from "../../${def.supplement.replace(/^src\//, "").replace(/\.ts$/, "")}";` : "",
    "",
    `/** Request and response models of every ${def.service} ${def.version} action, keyed by action name. */`,
    `export interface ${iface} {`,
    ...actions.map((a) => {
      const ns = supplemented.includes(a) ? "legacy" : "m";
      return `  ${a}: { req: ${ns}.${a}Request; res: ${ns}.${a}Response };`;
    }),
    "}",
    "",
  ];
  return lines.filter((l, i) => !(l === "" && lines[i - 1] === "")).join("\n");
}

function pascal(s) {
  return { yunjing: "Yunjing", mongodb: "Mongodb", kms: "Kms", cbs: "Cbs", cvm: "Cvm", vpc: "Vpc", cloudaudit: "Cloudaudit", cam: "Cam", sts: "Sts" }[s];
}

const files = new Map();
/** service → its versions in SERVICES order, each with its actions. */
const index = new Map();
const latestOf = (service) => SERVICES.filter((d) => d.service === service).map((d) => d.version).sort().at(-1);
for (const def of SERVICES) {
  const { spec, actions, supplemented } = build(def);
  const { stem, iface } = namesOf(def, latestOf(def.service));
  files.set(join("specs", `${stem}.json`), JSON.stringify(spec, null, 1) + "\n");
  files.set(join("models", `${stem}.ts`), typesFile(def, actions, supplemented, iface));
  if (!index.has(def.service)) index.set(def.service, []);
  index.get(def.service).push({ version: def.version, actions });
}
const catalogEntry = (service, versions) => {
  const latest = versions.find((v) => v.version === latestOf(service));
  const head = `version: ${JSON.stringify(latest.version)}, actions: ${JSON.stringify(latest.actions)}`;
  if (versions.length === 1) return `  ${service}: { ${head} },`;
  const all = [...versions].sort((a, b) => a.version.localeCompare(b.version)).map((v) => `${JSON.stringify(v.version)}: ${JSON.stringify(v.actions)}`);
  return `  ${service}: { ${head}, versions: { ${all.join(", ")} } },`;
};
files.set(
  "catalog.ts",
  [
    `// Generated by scripts/generate-specs.mjs from tencentcloud-sdk-nodejs@${sdkVersion}. Do not edit.`,
    "/**",
    " * Every product tclocal speaks: its latest API version and that version's actions; a product with several",
    " * versions lists each of them, with its actions, under `versions`.",
    " */",
    `export const sdkVersion = ${JSON.stringify(sdkVersion)};`,
    "export const serviceCatalog = {",
    ...[...index].map(([service, versions]) => catalogEntry(service, versions)),
    "} as const;",
    "",
    "export type ServiceName = keyof typeof serviceCatalog;",
    "",
    "/** Every API version of a product with its actions, oldest first. */",
    "export function versionsOf(service: ServiceName): Readonly<Record<string, readonly string[]>> {",
    "  const c = serviceCatalog[service];",
    "  return \"versions\" in c ? c.versions : { [c.version]: c.actions };",
    "}",
    "",
  ].join("\n"),
);

const check = process.argv.includes("--check");
let stale = [];
for (const [rel, content] of files) {
  const path = join(outDir, rel);
  if (check) {
    if (!existsSync(path) || readFileSync(path, "utf8") !== content) stale.push(rel);
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}
if (check) {
  for (const sub of ["specs", "models"]) {
    if (!existsSync(join(outDir, sub))) continue;
    for (const f of readdirSync(join(outDir, sub))) if (!files.has(join(sub, f))) stale.push(join(sub, f) + " (not produced by the script)");
  }
  if (stale.length) {
    console.error(`src/generated is out of date: ${stale.join(", ")}. Run: npm run generate`);
    process.exit(1);
  }
  console.log(`src/generated matches tencentcloud-sdk-nodejs@${sdkVersion} (${files.size} files)`);
} else {
  console.log(`wrote ${files.size} files to src/generated from tencentcloud-sdk-nodejs@${sdkVersion}`);
}
