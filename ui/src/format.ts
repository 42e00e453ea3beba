/** How values from the API are shown: always as text (the page never renders API values as markup). */

const pad = (n: number) => String(n).padStart(2, "0");

/** Epoch milliseconds as `2026-01-02 15:04:05` UTC. */
export function dateTime(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** A cell: epoch seconds (0 means unset) as a date-time, lists joined, structures as JSON. */
export function cell(value: unknown, format?: string): string {
  if (value === null || value === undefined) return "";
  if (format === "epoch-s") return typeof value === "number" && value > 0 ? dateTime(value * 1000) : "";
  if (Array.isArray(value)) return value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function field(resource: unknown, path: string): unknown {
  let v: unknown = resource;
  for (const part of path.split(".")) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

export function duration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  const sign = seconds < 0 ? "-" : "";
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [d && `${d} d`, h && `${h} h`, m && `${m} min`, !d && !h && !m && `${s % 60} s`].filter(Boolean);
  return sign + parts.join(" ");
}
