import type { IncomingMessage } from "node:http";
import { ApiError } from "../errors/api-error";
import { msg } from "./messages";

/** POST bodies: 10 MB, the limit API 3.0 documents for TC3-HMAC-SHA256 (signature v1 allows 1 MB, see protocol.ts). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** GET requests: 32 KB of URL, as API 3.0 documents. */
export const MAX_GET_BYTES = 32 * 1024;

export class BodyTooLargeError extends ApiError {
  constructor() {
    super("InvalidParameter", msg.bodyTooLarge("10 MB"));
  }
}

/** Reads the whole body, refusing more than MAX_BODY_BYTES. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (declared > MAX_BODY_BYTES) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners("data");
        req.pause();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
