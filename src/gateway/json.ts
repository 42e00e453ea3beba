import { randomBytes } from "node:crypto";
import { fail } from "../errors/api-error";
import { msg } from "./messages";

/**
 * How deeply a request may nest objects and arrays. The deepest request model of any product tclocal serves
 * nests 5 levels (a structure in a list in a structure…); 32 leaves room and keeps every later walk of the
 * value (validation, audit redaction) shallow, whatever the input.
 */
export const MAX_DEPTH = 32;

/** Integer literals of 16 digits or more may exceed 2^53: they are carried as strings through JSON.parse. */
const LONG_DIGITS = 16;
/**
 * The marker a long integer literal becomes (JSON.parse reads the escaped `\u0000` in the text as NUL). It holds
 * a secret drawn at start-up, so no client string, however escaped, decodes to it.
 */
const MARK = `tclocal-int-${randomBytes(12).toString("hex")}:`;
const SENTINEL = `\u0000${MARK}`;
const SENTINEL_IN_TEXT = `\\u0000${MARK}`;

export interface ParsedJson {
  /** The value as JSON.parse reads it (what the schema validates: every number a double). */
  readonly lossy: unknown;
  /** The same value with integers beyond 2^53 as BigInt (what handlers get), when the text has any. */
  readonly exact?: unknown;
}

/**
 * Reads a request body as JSON, without recursion the input controls: one pass over the text measures the
 * nesting (refused past MAX_DEPTH before anything is parsed) and marks long integer literals, which come back
 * as BigInt in `exact` when they exceed 2^53. Decimals and exponents stay doubles (`1e400` is Infinity), so
 * validation refuses them where the model wants an integer. Members that are JSON null are dropped (clients
 * omit absent members; the SDK strips nulls).
 */
export function parseRequestJson(text: string): ParsedJson {
  const scan = scanJson(text);
  if (scan.depth > MAX_DEPTH) fail("InvalidParameter", msg.tooDeep(MAX_DEPTH));
  let value: unknown;
  try {
    value = JSON.parse(scan.text);
  } catch {
    fail("InvalidParameter", msg.invalidJson());
  }
  if (!scan.longIntegers) {
    stripNulls(value, 0);
    return { lossy: value };
  }
  const lossy = convert(value, (digits) => Number(digits), 0);
  const exact = convert(value, (digits) => {
    const n = Number(digits);
    return Number.isSafeInteger(n) ? n : BigInt(digits);
  }, 0);
  return { lossy, exact };
}

/** Nesting depth, and the text with long integer literals turned into marked strings. */
function scanJson(text: string): { depth: number; text: string; longIntegers: boolean } {
  if (text.includes(SENTINEL_IN_TEXT)) fail("InvalidParameter", msg.invalidJson());
  let depth = 0;
  let max = 0;
  let inString = false;
  let pieces: string[] | null = null;
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) max = depth;
      if (max > MAX_DEPTH) return { depth: max, text, longIntegers: false };
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
    else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      let integer = true;
      while (j < text.length) {
        const d = text.charCodeAt(j);
        if (d >= 0x30 && d <= 0x39) j++;
        else if (d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d) {
          integer = false;
          j++;
        } else break;
      }
      const token = text.slice(i, j);
      if (integer && token.replace("-", "").length >= LONG_DIGITS && /^-?\d+$/.test(token)) {
        (pieces ??= []).push(text.slice(copied, i), `"${SENTINEL_IN_TEXT}${token}"`);
        copied = j;
      }
      i = j - 1;
    }
  }
  if (!pieces) return { depth: max, text, longIntegers: false };
  pieces.push(text.slice(copied));
  return { depth: max, text: pieces.join(""), longIntegers: true };
}

/** Drops null members; recursion bounded by MAX_DEPTH (checked before parsing). */
function stripNulls(value: unknown, depth: number): void {
  if (depth > MAX_DEPTH || !value || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const v of value) stripNulls(v, depth + 1);
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    if (obj[k] === null) delete obj[k];
    else stripNulls(obj[k], depth + 1);
  }
}

/** A copy with marked integers turned into numbers or BigInt and null members dropped. */
function convert(value: unknown, integer: (digits: string) => number | bigint, depth: number): unknown {
  if (typeof value === "string") return value.startsWith(SENTINEL) ? integer(value.slice(SENTINEL.length)) : value;
  if (!value || typeof value !== "object" || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => convert(v, integer, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null) continue;
    // Own data properties only, so a `__proto__` member stays a plain member (and fails validation as unknown).
    Object.defineProperty(out, k, { value: convert(v, integer, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
