import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { errorCatalog, type ProductName } from "../../src/errors/catalog";
import { versionsOf } from "../../src/generated/catalog";
import { specOf } from "../../src/gateway/specs";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { sendTc3 } from "../helpers/raw";

/**
 * A fuzz smoke over every action of every version of every product: members generated from each action's request schema with
 * hostile values mixed in (fixed seed, reproducible). Any InternalError, HTTP status other than 200, or answer
 * that is not the envelope fails the run, naming the request.
 */
const SEED = 20261207;
const REQUESTS = Number(process.env.TCLOCAL_FUZZ_REQUESTS ?? 3000);

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const chance = (p: number) => random() < p;

const HOSTILE_STRINGS = [
  "", " ", "\u0000", "a\u0000b", "\ud800", "x".repeat(300), "<img src=x onerror=alert(1)>", "' OR 1=1 --", "../../etc/passwd", "%s%n", "${jndi:ldap://x}",
  "ap-guangzhou", "ap-guangzhou-3", "2026-01-01 00:00:00", "2026-01-01T00:00:00+08:00", "-1", "1e400", "null", "true",
  "ins-abcdefgh", "disk-abcdefgh", "snap-abcdefgh", "cmgo-abcdefgh", "1b9a7e2c-0000-4000-8000-000000000000", "asp-abcdefgh", "sg-abcdefgh",
];
const HOSTILE_NUMBERS = [0, -0, 1, -1, 2, 10, 20, 100, 1000, 65535, 2 ** 31, -(2 ** 31), Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0.5, 1e308];
/** Number tokens JSON.stringify cannot write (beyond 2^53, past 64 bits, overflowing doubles) and nesting past the limit. */
const RAW_TOKENS = [
  "9007199254740993", "12345678901234567890", "18446744073709551615", "18446744073709551616", "-9223372036854775809",
  "123456789012345678901234567890", "1e400", "-1e400", "0.30000000000000004", "1.0", "1E2", "-0",
  `${"[".repeat(40)}${"]".repeat(40)}`, `${'{"a":'.repeat(40)}1${"}".repeat(40)}`,
];

/** A token written into the body as it is (see `bodyOf`). */
class Raw {
  constructor(readonly token: string) {}
}

/** JSON text of the members with every Raw value spliced in verbatim. */
function bodyOf(members: Record<string, unknown>): string {
  const raws: string[] = [];
  const text = JSON.stringify(members, (_k, v: unknown) => (v instanceof Raw ? `\u0001raw${raws.push(v.token) - 1}\u0001` : v));
  return text.replace(/"\\u0001raw(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]);
}

interface Schema {
  type?: string | string[];
  $ref?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
}

function value(spec: { input: Record<string, Schema> }, schema: Schema, depth: number): unknown {
  if (chance(0.04)) return pick<unknown>(["wrong", 1, true, [], {}, null]);
  if (schema.$ref) return struct(spec, spec.input[schema.$ref.split("/").pop()!], depth + 1);
  switch (schema.type) {
    case "string":
      return pick(HOSTILE_STRINGS);
    case "integer":
    case "number":
      return chance(0.15) ? new Raw(pick(RAW_TOKENS)) : pick(HOSTILE_NUMBERS);
    case "boolean":
      return chance(0.5);
    case "array":
      return depth > 3 ? [] : Array.from({ length: Math.floor(random() * 4) }, () => value(spec, schema.items ?? {}, depth + 1));
    default:
      return pick(HOSTILE_STRINGS);
  }
}

function struct(spec: { input: Record<string, Schema> }, schema: Schema, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (depth > 4) return out;
  const required = new Set(schema.required ?? []);
  for (const [name, member] of Object.entries(schema.properties ?? {})) {
    const include = required.has(name) ? !chance(0.08) : chance(0.5);
    if (include) out[name] = value(spec, member, depth);
  }
  if (chance(0.05)) out[pick(["Bogus", "__proto__", "constructor", "X".repeat(100)])] = 1;
  return out;
}

test(`fuzz smoke: ${REQUESTS} requests over every action of every version of every product, seed ${SEED}`, async () => {
  const products = Object.keys(errorCatalog) as ProductName[];
  const counts = new Map<string, number>();
  for (let i = 0; i < REQUESTS; i++) {
    const service = pick(products);
    const version = pick(Object.keys(versionsOf(service)));
    const spec = specOf(service, version) as unknown as { input: Record<string, Schema>; actions: Record<string, { input: string }> };
    const action = pick(versionsOf(service)[version]);
    const members = struct(spec, spec.input[spec.actions[action].input], 0);
    const body = bodyOf(members);
    const region = chance(0.9) ? "ap-guangzhou" : pick(["ap-shanghai", "na-ashburn", "xx-nowhere", ""]);
    const r = await sendTc3(server.hostPort, { service, action, version, region, body });
    const where = `request ${i}: ${service} ${version} ${action} ${body.slice(0, 300)}`;
    assert.equal(r.status, 200, where);
    assert.ok(r.json?.Response?.RequestId, `not an envelope (${where}): ${r.text.slice(0, 200)}`);
    const code = (r.json.Response.Error?.Code as string | undefined) ?? "OK";
    assert.notEqual(code, "InternalError", `${where} → ${r.json.Response.Error?.Message}`);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  // The run is not vacuous: calls got past validation into handlers, and some succeeded.
  assert.ok((counts.get("OK") ?? 0) > REQUESTS / 50, JSON.stringify(Object.fromEntries(counts)));
  assert.ok(counts.size > 20, JSON.stringify(Object.fromEntries(counts)));
});
