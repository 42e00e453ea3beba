import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { spawnTclocal, type TclocalProcess } from "../helpers/process";

/**
 * Every README snippet tagged `<!-- snippet: kind [file=name] -->` runs as written: Node scripts and shell
 * commands against a tclocal on 127.0.0.1:4577 (where the README says it listens), the testing-kit recipes
 * under node:test, Jest and Vitest, seed files through --init-dir, Python for syntax (no Python SDK here).
 * Snippets without a tag are the ones the README says are not run (Go, Java, containers).
 */
const repo = join(__dirname, "..", "..", "..");
const readme = readFileSync(join(repo, "README.md"), "utf8");

interface Snippet {
  kind: string;
  file?: string;
  code: string;
  line: number;
}

const snippets: Snippet[] = [...readme.matchAll(/<!-- snippet: (\S+)(?: file=(\S+))? -->\n```\w*\n([\s\S]*?)```/g)].map((m) => ({
  kind: m[1],
  file: m[2],
  code: m[3],
  line: readme.slice(0, m.index).split("\n").length,
}));

let work: string;
let server: TclocalProcess;
before(async () => {
  work = mkdtempSync(join(tmpdir(), "tclocal-readme-"));
  // A user's project: tclocal and the SDK installed in node_modules, `tclocal` on the PATH through npx.
  mkdirSync(join(work, "node_modules", ".bin"), { recursive: true });
  for (const dep of ["tencentcloud-sdk-nodejs", "cos-nodejs-sdk-v5", "jest", "vitest"]) symlinkSync(join(repo, "node_modules", dep), join(work, "node_modules", dep));
  symlinkSync(repo, join(work, "node_modules", "tclocal"));
  symlinkSync(join(repo, "dist", "tclocal.js"), join(work, "node_modules", ".bin", "tclocal"));
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "readme-user", private: true }));
  server = await spawnTclocal(["--port", "4577", "--in-memory"]).catch((e: Error) => {
    throw new Error(`the README's snippets talk to 127.0.0.1:4577, which must be free for this test: ${e.message}`);
  });
});
after(async () => {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
});

const env = () => ({ ...process.env, PATH: `${join(work, "node_modules", ".bin")}:${process.env.PATH}`, npm_config_yes: "true" });

function write(dir: string, name: string, code: string): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, code);
  return path;
}

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, env: env(), encoding: "utf8", timeout: 120_000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

test("the README tags its runnable snippets", () => {
  const kinds = new Set(snippets.map((s) => s.kind));
  for (const k of ["node", "shell", "python", "json", "node-test", "jest", "vitest"]) assert.ok(kinds.has(k), `no ${k} snippet`);
});

test("Node snippets run as written against tclocal on 127.0.0.1:4577", () => {
  const expected: Record<string, RegExp> = { "kms.js": /[0-9a-f-]{36} hello/, "cos.js": /^bucket created$/m };
  const node = snippets.filter((x) => x.kind === "node");
  assert.deepEqual(node.map((x) => x.file).sort(), Object.keys(expected).sort());
  for (const s of node) assert.match(run(process.execPath, [write(work, s.file!, s.code)], work), expected[s.file!], `README line ${s.line}`);
});

test("shell snippets run as written", () => {
  for (const s of snippets.filter((x) => x.kind === "shell")) run("bash", ["-e", write(work, `snippet-${s.line}.sh`, s.code)], work);
});

test("the seed file snippet runs through --init-dir", async () => {
  const dir = join(work, "init");
  for (const s of snippets.filter((x) => x.kind === "json")) write(dir, s.file!, s.code);
  const seeded = await spawnTclocal(["--in-memory", "--init-dir", dir, "--init-strict"]);
  try {
    for (let i = 0; i < 100; i++) {
      const h = await seeded.control("GET", "/health");
      if (h.ready) {
        assert.equal(h.initErrors, undefined);
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const { requests } = await seeded.control("GET", "/requests?action=ModifyDiskAttributes&code=OK");
    assert.equal(requests.length, 1);
  } finally {
    await seeded.stop();
  }
});

test("the testing kit recipes pass under node:test, Jest and Vitest", () => {
  for (const kind of ["node-test", "jest", "vitest"]) {
    const dir = join(work, kind);
    mkdirSync(dir, { recursive: true });
    symlinkSync(join(work, "node_modules"), join(dir, "node_modules"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `readme-${kind}`, private: true }));
    for (const s of snippets.filter((x) => x.kind === kind)) write(dir, s.file!, s.code);
    if (kind === "node-test") run(process.execPath, ["--test"], dir);
    if (kind === "jest") run(process.execPath, [join(repo, "node_modules", "jest", "bin", "jest.js"), "--ci"], dir);
    if (kind === "vitest") run(process.execPath, [join(repo, "node_modules", "vitest", "vitest.mjs"), "run"], dir);
  }
});

test("Python snippets are valid Python (no Python SDK on the project's machines to run them)", (t) => {
  if (spawnSync("python3", ["--version"]).status !== 0) return t.skip("python3 is not installed");
  for (const s of snippets.filter((x) => x.kind === "python")) {
    execFileSync("python3", ["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())", write(work, `snippet-${s.line}.py`, s.code)]);
  }
});
