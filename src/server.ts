import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { App } from "./app";
import { isLoopback, type Config } from "./config";
import { handleConsole, isConsolePath } from "./console/serve";
import { handleControl } from "./control/handle";
import { setListening } from "./cos-gateway/health";
import { cosTargetOf, handleCos } from "./cos-gateway/pipeline";
import { answerCosFailure } from "./cos-gateway/respond";
import { handleCall } from "./gateway/pipeline";
import { loadSnapshotFile } from "./init/load";
import type { Logger } from "pino";

export interface Running {
  readonly app: App;
  readonly server: Server;
  /** `http://host:port` (`https://` with TLS) */
  readonly endpoint: string;
  /** `host:port`, what an SDK's httpProfile.endpoint takes. */
  readonly hostPort: string;
  stop(): Promise<void>;
}

const ENVELOPE_400 = (message: string) =>
  JSON.stringify({ Response: { Error: { Code: "InvalidParameter", Message: message }, RequestId: crypto.randomUUID() } });

/** Only `/_tclocal` and `/_tclocal/…` are the control API; `/_tclocalx` and the rest are the API endpoint. */
export function isControlPath(url: string): boolean {
  if (!url.startsWith("/_tclocal")) return false;
  const next = url.charAt(9);
  return next === "" || next === "/" || next === "?";
}

/** Starts tclocal: the API endpoint on `/`, the control API on `/_tclocal`. */
export async function startServer(config: Config, logger?: Logger): Promise<Running> {
  if (!isLoopback(config.host) && !config.adminToken && !config.openControlApi) {
    throw new Error(
      `refusing to bind ${config.host} without --admin-token: the control API would be open to the network (--insecure-open-control-api accepts that)`,
    );
  }
  const app = await App.open(config, logger);
  if (config.loadFile) {
    try {
      await loadSnapshotFile(app, config.loadFile);
    } catch (e) {
      await app.close();
      throw e;
    }
  }
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    // COS is addressed by Host (<bucket>-<appid>.cos.<region>.<domain>) on this same port, with its own pipeline.
    const cos = cosTargetOf(app, req.headers.host);
    const handler = cos
      ? (a: App, q: IncomingMessage, r: ServerResponse) => handleCos(a, cos, q, r)
      : isConsolePath(url)
        ? handleConsole
        : isControlPath(url)
          ? handleControl
          : handleCall;
    handler(app, req, res).catch((e) => {
      app.logger.error({ err: e }, "request failed");
      if (cos) return answerCosFailure(res, req.headers.host, url, e);
      if (!res.headersSent) res.writeHead(200, { "Content-Type": "application/json" });
      res.end();
    });
  };
  // Without a Host header Node would answer a bare 400: the pipeline answers it in the envelope instead.
  const options = { maxHeaderSize: 64 * 1024, keepAliveTimeout: 65_000, requireHostHeader: false };
  // node:https loads only when TLS is asked for (start-up time).
  const server: Server = config.tls
    ? ((await import("node:https")).createServer({ ...options, cert: config.tls.cert, key: config.tls.key }, listener) as unknown as Server)
    : createServer(options, listener);
  // Requests Node itself cannot parse (oversized headers, bad framing) still get the envelope.
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    // A COS host gets COS's XML error: the Host is read from the bytes Node could not parse.
    const host = /\r\nhost:[ \t]*([^\r\n]*)/i.exec((err as { rawPacket?: Buffer }).rawPacket?.toString("latin1") ?? "")?.[1];
    if (cosTargetOf(app, host)) return answerCosFailure(socket, host, "/", err);
    const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
    const body = ENVELOPE_400(tooLarge ? "The request headers exceed the size limit of 64 KB." : "The request is not valid HTTP.");
    socket.end(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const hostPort = `${host}:${address.port}`;
  setListening(app, config.tls ? "https" : "http", address.port);
  let stopped: Promise<void> | null = null;
  return {
    app,
    server,
    endpoint: `${config.tls ? "https" : "http"}://${hostPort}`,
    hostPort,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => app.close())),
  };
}
