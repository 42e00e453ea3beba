import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { App } from "../app";
import { foreignRequest } from "./guard";
import { ControlError, type ControlReply } from "./router";

const MAX_CONTROL_BODY = 1024 * 1024;

async function send(res: ServerResponse, reply: ControlReply): Promise<void> {
  if (reply.stream) {
    const headers: Record<string, string> = { "Content-Type": reply.stream.contentType };
    if (reply.stream.filename) headers["Content-Disposition"] = `attachment; filename="${reply.stream.filename}"`;
    res.writeHead(reply.status, headers);
    for await (const chunk of reply.stream.body) {
      if (!res.write(chunk)) await new Promise<void>((resolve) => res.once("drain", resolve));
      if (res.destroyed) return;
    }
    res.end();
    return;
  }
  if (reply.raw) {
    res.writeHead(reply.status, { "Content-Type": reply.raw.contentType, "Content-Length": reply.raw.data.length });
    res.end(reply.raw.data);
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_CONTROL_BODY) {
        reject(new ControlError(413, "the body exceeds 1 MB"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8").trim();
      if (!text) return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new ControlError(400, "the body is not valid JSON"));
      }
    });
    req.on("error", reject);
  });
}

function authorized(app: App, req: IncomingMessage): boolean {
  const token = app.config.adminToken;
  if (!token) return true;
  const given = Buffer.from(String(req.headers.authorization ?? ""));
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The control API under /_tclocal: JSON in, JSON out; a bearer token when one is configured. */
export async function handleControl(app: App, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const refused = foreignRequest(app.config, req);
  if (refused) {
    await send(res, { status: 403, body: { error: refused } });
    return;
  }
  const url = new URL(req.url ?? "/", "http://tclocal");
  const path = url.pathname.replace(/^\/_tclocal/, "").replace(/\/$/, "");
  const found = app.control.match(req.method ?? "", path);
  if ("status" in found) {
    await send(res, { status: found.status, body: { error: found.status === 404 ? `no control route ${url.pathname}` : `method not allowed` } });
    return;
  }
  try {
    if (!found.route.public && !authorized(app, req)) throw new ControlError(401, "a bearer token is required (--admin-token)");
    const streamed = found.route.streamBody;
    const body = streamed || req.method === "GET" || req.method === "DELETE" ? undefined : await readJson(req);
    await app.refreshShared();
    const reply = await found.route.handle(app, {
      method: req.method ?? "",
      params: found.params,
      query: url.searchParams,
      body,
      bodyStream: streamed ? (req as AsyncIterable<Buffer>) : undefined,
    });
    await send(res, reply);
  } catch (e) {
    if (res.headersSent) {
      app.logger.error({ err: e, path: url.pathname }, "control route failed while streaming");
      res.destroy();
    } else if (e instanceof ControlError) await send(res, { status: e.status, body: { error: e.message } });
    else {
      app.logger.error({ err: e, path: url.pathname }, "control route failed");
      await send(res, { status: 500, body: { error: "internal error: " + String((e as Error)?.message ?? e) } });
    }
  }
}
