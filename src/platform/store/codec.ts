// Document (de)serialization that keeps 64-bit integers the SDK sends as BigInt exact.
const BIG = "$bigint";

/** JSON text of a document. Most hold no BigInt: plain JSON.stringify (no replacer callback) serves them. */
export function encodeDoc(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? { [BIG]: v.toString() } : v));
  }
}

export function decodeDoc<T>(text: string): T {
  if (!text.includes(`"${BIG}"`)) return JSON.parse(text) as T;
  return JSON.parse(text, (_k, v) => (v && typeof v === "object" && typeof v[BIG] === "string" ? BigInt(v[BIG]) : v)) as T;
}
