import type { App } from "../app";

/** What a control route answers: an HTTP status and a JSON body. */
export interface ControlReply {
  readonly status: number;
  readonly body: unknown;
  /** A raw body (file download) instead of JSON. */
  readonly raw?: { readonly contentType: string; readonly data: Buffer };
  /** A streamed body (state snapshots), written with backpressure. */
  readonly stream?: { readonly contentType: string; readonly body: AsyncIterable<string | Buffer>; readonly filename?: string };
}

export interface ControlRequest {
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** The request body as a stream, for routes that take a file (`streamBody`); `body` is then undefined. */
  readonly bodyStream?: AsyncIterable<Buffer>;
}

export interface ControlRoute {
  readonly method: "GET" | "POST" | "PATCH" | "DELETE" | "PUT";
  /** A path under /_tclocal with `{name}` placeholders, e.g. `/accounts/{uin}/keys`. */
  readonly path: string;
  readonly description: string;
  /** Open even when the control API requires a bearer token. */
  readonly public?: boolean;
  /** The route reads its body itself, as a stream of any size (a snapshot file), instead of JSON. */
  readonly streamBody?: boolean;
  readonly handle: (app: App, req: ControlRequest) => ControlReply | Promise<ControlReply>;
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const ok = (body: unknown, status = 200): ControlReply => ({ status, body });

/** Throws a 400 with the message unless the condition holds. */
export function check(condition: unknown, message: string, status = 400): asserts condition {
  if (!condition) throw new ControlError(status, message);
}

/** A control request's body as a JSON object (no body is `{}`); anything else is a 400. */
export function objectBody<T = Record<string, unknown>>(req: ControlRequest): T {
  const b = req.body ?? {};
  check(typeof b === "object" && !Array.isArray(b), "the body must be a JSON object");
  return b as T;
}

/** The optional `uin` and the `region` (default ap-guangzhou) a product's control route acts in. */
export function bodyScope(b: Record<string, unknown>): { uin?: string; region: string } {
  check(b.uin === undefined || typeof b.uin === "string", "uin must be a string");
  check(b.region === undefined || typeof b.region === "string", "region must be a string");
  return { uin: b.uin as string | undefined, region: (b.region as string | undefined) ?? "ap-guangzhou" };
}

interface Compiled {
  route: ControlRoute;
  pattern: RegExp;
  names: string[];
}

export class ControlRouter {
  private readonly compiled: Compiled[];

  constructor(readonly routes: readonly ControlRoute[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const body = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
        names.push(name);
        return "([^/]+)";
      });
      return { route, names, pattern: new RegExp(`^${body}/?$`) };
    });
  }

  /** The route for a method and path (relative to /_tclocal), or why there is none. */
  match(method: string, path: string): { route: ControlRoute; params: Record<string, string> } | { status: 404 | 405 } {
    let pathMatched = false;
    for (const c of this.compiled) {
      const m = c.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (c.route.method !== method) continue;
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
      return { route: c.route, params };
    }
    return { status: pathMatched ? 405 : 404 };
  }
}
