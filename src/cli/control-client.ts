import { tclocalVersion } from "../package-root";

/** Options every client command takes. */
export interface ClientOptions {
  readonly endpoint: string;
  readonly adminToken?: string;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * The control API for `tclocal status`, `reset`, `clock`, `faults`, `accounts` and `state`: a thin client that
 * turns an unreachable endpoint or an error answer into one clear sentence.
 */
export async function control(o: ClientOptions, method: string, path: string, body?: unknown, raw?: { body: NonNullable<RequestInit["body"]>; contentType: string }): Promise<Response> {
  const url = `${o.endpoint.replace(/\/+$/, "")}/_tclocal${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        "content-type": raw?.contentType ?? "application/json",
        "user-agent": `tclocal-cli/${tclocalVersion()}`,
        ...(o.adminToken ? { authorization: `Bearer ${o.adminToken}` } : {}),
      },
      body: raw ? raw.body : body === undefined ? undefined : JSON.stringify(body),
      ...(raw ? { duplex: "half" } : {}),
    } as RequestInit);
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(
      `cannot reach tclocal at ${o.endpoint} (${cause?.code ?? cause?.message ?? (e as Error).message}). Is it running? Start it with \`tclocal start\`, or pass --endpoint.`,
    );
  }
  if (res.status >= 300) {
    const text = await res.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // not JSON
    }
    throw new CliError(`${method} /_tclocal${path}: ${res.status} ${message}`);
  }
  return res;
}

export async function controlJson<T = any>(o: ClientOptions, method: string, path: string, body?: unknown): Promise<T> {
  return (await (await control(o, method, path, body)).json()) as T;
}
