import { XMLParser, XMLValidator } from "fast-xml-parser";
import { cosFail } from "./errors";

/**
 * COS speaks XML: answers are written by `xml()` from plain objects (arrays repeat their element, as COS
 * lists do), request bodies are read by `parseXml()`, which refuses what is not well-formed with MalformedXML.
 */
export type XmlValue = string | number | boolean | null | undefined | XmlNode | XmlValue[];
export interface XmlNode {
  readonly [name: string]: XmlValue;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

function element(name: string, value: XmlValue, out: string[]): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    for (const v of value) element(name, v, out);
    return;
  }
  if (value === null) {
    out.push(`<${name}/>`);
    return;
  }
  if (typeof value === "object") {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value)) element(k, v, out);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
}

/** `<?xml …?><Root>…</Root>` from an object. */
export function xml(root: string, body: XmlNode): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  element(root, body, out);
  return out.join("");
}

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
});

/** Request bodies larger than this are not configuration (COS caps them well below). */
export const MAX_XML_BODY = 2 * 1024 * 1024;

/** A parsed XML body: its root element's content. Not well-formed, empty or another root → MalformedXML. */
export function parseXml(body: Buffer, root: string): Record<string, unknown> {
  const text = body.toString("utf8");
  if (!text.trim() || XMLValidator.validate(text) !== true) cosFail("MalformedXML");
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text) as Record<string, unknown>;
  } catch {
    cosFail("MalformedXML");
  }
  const content = doc[root];
  if (content === undefined) cosFail("MalformedXML");
  return content && typeof content === "object" ? (content as Record<string, unknown>) : {};
}

/** An element that may appear once or many times, as a list. */
export function many(value: unknown): unknown[] {
  return value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value];
}

/** A text element, or undefined when absent. */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "object" ? undefined : String(value);
}
