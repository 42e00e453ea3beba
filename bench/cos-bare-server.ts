// The COS baseline: a bare node:http server streaming the same bytes tclocal streams: a PUT body into a file
// (written to a temporary name, renamed when complete), a GET answered from that file. No signature, no XML.
import { createReadStream, createWriteStream, mkdtempSync, renameSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";

const dir = mkdtempSync(join(tmpdir(), "tclocal-cos-bare-"));
let n = 0;
const fileOf = (url: string) => join(dir, Buffer.from(url).toString("hex").slice(0, 200));
const server = createServer((req, res) => {
  const file = fileOf(req.url ?? "/");
  if (req.method === "PUT") {
    const temporary = join(dir, `.incoming-${n++}`);
    pipeline(req, createWriteStream(temporary))
      .then(() => {
        renameSync(temporary, file);
        res.writeHead(200, { "Content-Length": 0 });
        res.end();
      })
      .catch(() => res.destroy());
    return;
  }
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    res.writeHead(404, { "Content-Length": 0 });
    res.end();
    return;
  }
  res.writeHead(200, { "Content-Length": size, "Content-Type": "application/octet-stream" });
  pipeline(createReadStream(file), res).catch(() => res.destroy());
});
server.listen(0, "127.0.0.1", () => {
  const a = server.address() as { port: number };
  process.stdout.write(`listening on http://127.0.0.1:${a.port}\n`);
});
process.on("SIGTERM", () =>
  server.close(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }),
);
