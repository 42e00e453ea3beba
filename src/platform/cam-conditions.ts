import { BlockList, isIPv4, isIPv6 } from "node:net";

/**
 * The `condition` element of CAM policies: `{"<operator>": {"<key>": value | [values]}}`. Every operator and every
 * key of a block must hold (AND); the values of one key are alternatives (OR), and for the negated operators the
 * request value must equal none of them. A key the request does not carry makes the condition false, except with
 * the `_if_exist` suffix (then true) and `null_equal`. `for_any_value:` / `for_all_value:` prefixes compare a
 * multi-valued key (tags): any of its values / every one of them (true when it has none).
 */

/** What a request carries for conditions: `qcs:ip`, `qcs:current_time`, `qcs:mfa`, tags, product keys. */
export type ConditionContext = Readonly<Record<string, string | readonly string[] | undefined>>;

type Test = (actual: string, expected: string) => boolean;

const lower = (s: string) => s.toLowerCase();

function likeRegex(pattern: string): RegExp {
  const body = pattern.split("*").map((p) => p.split("?").map((q) => q.replace(/[.+^${}()|[\]\\]/g, "\\$&")).join(".")).join(".*");
  return new RegExp(`^${body}$`, "s");
}

function ipMatches(actual: string, expected: string): boolean {
  const ip = actual.startsWith("::ffff:") && isIPv4(actual.slice(7)) ? actual.slice(7) : actual;
  const family = isIPv4(ip) ? "ipv4" : isIPv6(ip) ? "ipv6" : null;
  if (!family) return false;
  const [net, bits] = expected.split("/");
  const netFamily = isIPv4(net) ? "ipv4" : isIPv6(net) ? "ipv6" : null;
  if (!netFamily || netFamily !== family) return false;
  const list = new BlockList();
  const prefix = bits === undefined ? (family === "ipv4" ? 32 : 128) : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === "ipv4" ? 32 : 128)) return false;
  list.addSubnet(net, prefix, family);
  return list.check(ip, family);
}

/** Dates as ISO 8601 or epoch seconds. */
function time(v: string): number {
  return /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v);
}
function compareDates(op: (a: number, b: number) => boolean): Test {
  return (a, b) => {
    const x = time(a);
    const y = time(b);
    return Number.isFinite(x) && Number.isFinite(y) && op(x, y);
  };
}
function compareNumbers(op: (a: number, b: number) => boolean): Test {
  return (a, b) => a.trim() !== "" && b.trim() !== "" && Number.isFinite(Number(a)) && Number.isFinite(Number(b)) && op(Number(a), Number(b));
}

/** Positive operators: the request value must satisfy the test with one of the policy's values. */
const POSITIVE: Record<string, Test> = {
  string_equal: (a, b) => a === b,
  string_equal_ignore_case: (a, b) => lower(a) === lower(b),
  string_like: (a, b) => likeRegex(b).test(a),
  ip_equal: ipMatches,
  numeric_equal: compareNumbers((a, b) => a === b),
  numeric_less_than: compareNumbers((a, b) => a < b),
  numeric_less_than_equal: compareNumbers((a, b) => a <= b),
  numeric_greater_than: compareNumbers((a, b) => a > b),
  numeric_greater_than_equal: compareNumbers((a, b) => a >= b),
  date_equal: compareDates((a, b) => a === b),
  date_less_than: compareDates((a, b) => a < b),
  date_less_than_equal: compareDates((a, b) => a <= b),
  date_greater_than: compareDates((a, b) => a > b),
  date_greater_than_equal: compareDates((a, b) => a >= b),
  bool_equal: (a, b) => lower(a) === lower(b),
};

/** Negated operators: the request value must satisfy the positive test with none of the policy's values. */
const NEGATED: Record<string, string> = {
  string_not_equal: "string_equal",
  string_not_equal_ignore_case: "string_equal_ignore_case",
  string_not_like: "string_like",
  ip_not_equal: "ip_equal",
  numeric_not_equal: "numeric_equal",
  date_not_equal: "date_equal",
};

export const CONDITION_OPERATORS: readonly string[] = [...Object.keys(POSITIVE), ...Object.keys(NEGATED), "null_equal"];

interface ParsedOperator {
  quantifier: "any" | "all" | null;
  base: string;
  ifExist: boolean;
}

export function parseOperator(name: string): ParsedOperator | null {
  let rest = name.toLowerCase();
  let quantifier: ParsedOperator["quantifier"] = null;
  if (rest.startsWith("for_any_value:")) [quantifier, rest] = ["any", rest.slice("for_any_value:".length)];
  else if (rest.startsWith("for_all_value:")) [quantifier, rest] = ["all", rest.slice("for_all_value:".length)];
  let ifExist = false;
  if (rest.endsWith("_if_exist")) [ifExist, rest] = [true, rest.slice(0, -"_if_exist".length)];
  if (!CONDITION_OPERATORS.includes(rest)) return null;
  if (rest === "null_equal" && (ifExist || quantifier)) return null;
  return { quantifier, base: rest, ifExist };
}

/**
 * Why a condition block is malformed, or null: an operator CAM does not have ("type"), a value its operator
 * cannot compare (an address that is not an IP or CIDR, a date, a number: "content"), or another shape ("shape").
 */
export function conditionProblem(condition: unknown): { kind: "type" | "content" | "shape"; message: string } | null {
  if (!condition || typeof condition !== "object" || Array.isArray(condition)) return { kind: "shape", message: "condition must be an object" };
  for (const [op, keys] of Object.entries(condition)) {
    const parsed = parseOperator(op);
    if (!parsed) return { kind: "type", message: `condition operator ${op} is not supported` };
    if (!keys || typeof keys !== "object" || Array.isArray(keys)) return { kind: "shape", message: `condition ${op} must map keys to values` };
    for (const [key, values] of Object.entries(keys)) {
      const list = Array.isArray(values) ? values : [values];
      if (!key || list.length === 0 || !list.every((v) => ["string", "number", "boolean"].includes(typeof v))) {
        return { kind: "shape", message: `condition ${op}.${key} must be a value or a non-empty array of values` };
      }
      const bad = list.find((v) => !valueFits(parsed.base, String(v)));
      if (bad !== undefined) return { kind: "content", message: `condition ${op}.${key} value ${JSON.stringify(bad)} is not ${VALUE_KINDS[family(parsed.base)!]}` };
    }
  }
  return null;
}

const VALUE_KINDS = { ip: "an IP address or CIDR block", date: "a date (ISO 8601 or epoch seconds)", numeric: "a number" } as const;

function family(base: string): keyof typeof VALUE_KINDS | null {
  const prefix = base.split("_")[0];
  return prefix === "ip" || prefix === "date" || prefix === "numeric" ? prefix : null;
}

/** Whether a policy value is one its operator can compare (ip_*, date_*, numeric_*; others take any value). */
function valueFits(base: string, value: string): boolean {
  switch (family(base)) {
    case "ip": {
      const [net, bits, extra] = value.split("/");
      const v = isIPv4(net) ? 32 : isIPv6(net) ? 128 : 0;
      if (!v || extra !== undefined) return false;
      return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= v);
    }
    case "date":
      return Number.isFinite(time(value));
    case "numeric":
      return value.trim() !== "" && Number.isFinite(Number(value));
    default:
      return true;
  }
}

function lookUp(context: ConditionContext, key: string): readonly string[] | undefined {
  const direct = context[key] ?? context[key.toLowerCase()];
  if (direct !== undefined) return typeof direct === "string" ? [direct] : direct;
  // Tag keys may be written `qcs:resource_tag/<key>`: the values of that tag.
  const slash = key.indexOf("/");
  if (slash > 0) {
    const tags = context[key.slice(0, slash).toLowerCase()];
    if (tags === undefined) return undefined;
    const name = key.slice(slash + 1);
    const values = (typeof tags === "string" ? [tags] : tags).filter((t) => t.startsWith(`${name}&`)).map((t) => t.slice(name.length + 1));
    return values.length ? values : undefined;
  }
  return undefined;
}

function holds(op: ParsedOperator, actual: readonly string[] | undefined, expected: readonly string[]): boolean {
  if (op.base === "null_equal") {
    const wantsAbsent = expected.some((e) => lower(e) === "true");
    return wantsAbsent === (actual === undefined || actual.length === 0);
  }
  if (actual === undefined || actual.length === 0) return op.ifExist || op.quantifier === "all";
  const negatedOf = NEGATED[op.base];
  const test = POSITIVE[negatedOf ?? op.base];
  const one = (value: string) => (negatedOf ? !expected.some((e) => test(value, e)) : expected.some((e) => test(value, e)));
  if (op.quantifier === "all") return actual.every(one);
  return actual.some(one);
}

/** CAM's key for the tags of the resource a call names (`key&value`), filled by products that read them. */
export const RESOURCE_TAG = "qcs:resource_tag";

/** Whether a condition key is `key` itself or its per-tag form `key/<tag key>` (case-insensitively). */
export function isConditionKey(written: string, key: string): boolean {
  const k = written.toLowerCase();
  return k === key || k.startsWith(`${key}/`);
}

/** Whether a condition block tests the key (or its per-tag form `key/<tag key>`). */
export function conditionMentions(condition: unknown, key: string): boolean {
  if (!condition || typeof condition !== "object") return false;
  return Object.values(condition as Record<string, unknown>).some(
    (keys) => !!keys && typeof keys === "object" && Object.keys(keys).some((k) => isConditionKey(k, key)),
  );
}

/**
 * Whether every operator and key of the condition block holds for the request. Keys in `deferred` are not known
 * yet (the resource's tags, before the product reads them): a test of one counts as holding.
 */
export function conditionHolds(condition: unknown, context: ConditionContext, deferred?: readonly string[]): boolean {
  if (!condition || typeof condition !== "object") return true;
  for (const [name, keys] of Object.entries(condition as Record<string, Record<string, unknown>>)) {
    const op = parseOperator(name);
    if (!op) return false;
    for (const [key, values] of Object.entries(keys ?? {})) {
      if (deferred?.some((d) => isConditionKey(key, d))) continue;
      const expected = (Array.isArray(values) ? values : [values]).map(String);
      if (!holds(op, lookUp(context, key), expected)) return false;
    }
  }
  return true;
}
