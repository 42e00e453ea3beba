import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import COS from "cos-nodejs-sdk-v5";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";

/**
 * A large object up and down through a running tclocal (its own process), measuring the server's peak resident
 * memory (VmHWM from /proc, reset before each direction) rather than time: streaming means the peak stays
 * flat whatever the size. Used by test/cos/streaming.test.ts and by bench/cos.ts.
 */
export interface TransferTarget {
  readonly endpoint: string;
  readonly hostPort: string;
  readonly pid: number;
}

export interface TransferMeasure {
  bytes: number;
  baselineRssMb: number;
  uploadPeakRssMb: number;
  downloadPeakRssMb: number;
  uploadSeconds: number;
  downloadSeconds: number;
  /** The downloaded bytes hash to what was uploaded. */
  intact: boolean;
}

const MB = 1024 * 1024;

function status(pid: number, field: "VmRSS" | "VmHWM"): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Resets the kernel's peak-RSS mark of the process (clear_refs 5); false where that is not allowed. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/** Peak RSS while `fn` runs: the kernel's mark when it can be reset, else the highest of samples every 10 ms. */
async function peakDuring(pid: number, fn: () => Promise<void>): Promise<number> {
  const exact = resetPeak(pid);
  let sampled = status(pid, "VmRSS");
  const timer = setInterval(() => (sampled = Math.max(sampled, status(pid, "VmRSS"))), 10);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return exact ? status(pid, "VmHWM") : Math.max(sampled, status(pid, "VmRSS"));
}

function sign(method: string, path: string, headers: Record<string, string>): string {
  return COS.getAuthorization({ SecretId: DEFAULT_ACCOUNT.secretId, SecretKey: DEFAULT_ACCOUNT.secretKey, Method: method as "GET", Pathname: path, Headers: headers });
}

function call(t: TransferTarget, method: string, host: string, path: string, o: { body?: (write: (b: Buffer) => Promise<void>) => Promise<void>; length?: number; onData?: (b: Buffer) => void } = {}): Promise<number> {
  const port = t.hostPort.split(":").pop();
  const headers: Record<string, string> = { host: `${host}:${port}` };
  if (o.length !== undefined) headers["content-length"] = String(o.length);
  headers.authorization = sign(method, path, headers);
  const url = new URL(t.endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ hostname: url.hostname, port: url.port, method, path, headers }, (res) => {
      res.on("data", (c: Buffer) => o.onData?.(c));
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    const write = (b: Buffer) => new Promise<void>((ok) => (req.write(b) ? ok() : req.once("drain", ok)));
    if (o.body) o.body(write).then(() => req.end(), reject);
    else req.end();
  });
}

/** Puts then gets `bytes` bytes (a repeating 1 MB pattern) as one object of a fresh bucket. */
export async function largeTransfer(t: TransferTarget, bytes: number): Promise<TransferMeasure> {
  const host = `large-${Date.now().toString(36)}-${DEFAULT_ACCOUNT.appId}.cos.ap-guangzhou.localhost`;
  if ((await call(t, "PUT", host, "/")) !== 200) throw new Error("PUT Bucket failed");
  // Warm up the paths once, so the baseline includes what any request needs.
  await call(t, "PUT", host, "/warm", { length: MB, body: (w) => w(Buffer.alloc(MB, 1)) });
  await call(t, "GET", host, "/warm");
  const baselineRssMb = status(t.pid, "VmRSS");
  const block = Buffer.alloc(MB);
  for (let i = 0; i < MB; i++) block[i] = (i * 31) % 251;
  const sent = createHash("md5");
  let started = Date.now();
  let putStatus = 0;
  const uploadPeakRssMb = await peakDuring(t.pid, async () => {
    putStatus = await call(t, "PUT", host, "/large.bin", {
      length: bytes,
      body: async (write) => {
        for (let left = bytes; left > 0; left -= MB) {
          const b = left >= MB ? block : block.subarray(0, left);
          sent.update(b);
          await write(b);
        }
      },
    });
  });
  if (putStatus !== 200) throw new Error(`PUT large.bin → ${putStatus}`);
  const uploadSeconds = (Date.now() - started) / 1000;
  const got = createHash("md5");
  let received = 0;
  started = Date.now();
  const downloadPeakRssMb = await peakDuring(t.pid, async () => {
    const s = await call(t, "GET", host, "/large.bin", {
      onData: (c) => {
        received += c.length;
        got.update(c);
      },
    });
    if (s !== 200) throw new Error(`GET large.bin → ${s}`);
  });
  const downloadSeconds = (Date.now() - started) / 1000;
  await call(t, "DELETE", host, "/large.bin");
  return {
    bytes,
    baselineRssMb,
    uploadPeakRssMb,
    downloadPeakRssMb,
    uploadSeconds,
    downloadSeconds,
    intact: received === bytes && got.digest("hex") === sent.digest("hex"),
  };
}
