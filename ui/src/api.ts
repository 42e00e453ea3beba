import { bump, shared, update } from "./store";

/** A control API answer other than 2xx: its status and the `error` message tclocal gave. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Calls the control API on the page's own origin. Writes send JSON (the control API refuses other writes);
 * the admin token, once given, goes as a bearer token. A 401 shows the token prompt.
 */
export async function control<T>(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const { token } = shared();
  if (token) headers.Authorization = `Bearer ${token}`;
  const write = method === "POST" || method === "PATCH";
  if (write) headers["Content-Type"] = "application/json";
  const res = await fetch(`/_tclocal${path}`, {
    method,
    headers,
    body: write ? JSON.stringify(body ?? {}) : undefined,
    cache: "no-store",
    credentials: "omit",
  });
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = { error: text };
  }
  if (res.status === 401) {
    if (!shared().needToken) update({ needToken: true });
    throw new ControlError(401, (data as { error?: string })?.error ?? "a bearer token is required");
  }
  if (!res.ok) throw new ControlError(res.status, (data as { error?: string })?.error ?? res.statusText);
  return data as T;
}

/** Tries a token: kept (session storage) when the control API accepts it. */
export async function unlock(token: string): Promise<boolean> {
  const before = shared().token;
  update({ token });
  try {
    await control("GET", "/clock");
    update({ needToken: false });
    bump();
    return true;
  } catch {
    update({ token: before, needToken: true });
    return false;
  }
}

export const query = (params: Record<string, string | number | undefined | null>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
};
