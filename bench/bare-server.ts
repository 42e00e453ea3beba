// The baseline: a bare node:http server answering a fixed API 3.0 envelope, reading the body like tclocal must.
import { createServer } from "node:http";

const body = JSON.stringify({ Response: { TotalCount: 0, Keys: [], RequestId: "00000000-0000-4000-8000-000000000000" } });
const server = createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => {
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, "127.0.0.1", () => {
  const a = server.address() as { port: number };
  process.stdout.write(`listening on http://127.0.0.1:${a.port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
