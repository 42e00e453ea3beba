import { randomBytes, randomUUID } from "node:crypto";

const LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
const MIXED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Random characters from an alphabet, without modulo bias. */
export function randomChars(length: number, alphabet: string = LOWER): string {
  let out = "";
  while (out.length < length) {
    for (const b of pooledRandomBytes(length * 2)) {
      if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Resource ids as Tencent Cloud writes them: `disk-` + 8 lowercase alphanumerics, `ins-…`, `cmgo-…`. */
export function shortId(prefix: string, length = 8): string {
  return `${prefix}-${randomChars(length)}`;
}

export function uuid(): string {
  return randomUUID();
}

/** A permanent API key pair in the real form: AKID + 32 characters, and a 32-character secret. */
export function newApiKey(): { secretId: string; secretKey: string } {
  return { secretId: "AKID" + randomChars(32, MIXED), secretKey: randomChars(32, MIXED) };
}

/** A temporary credential in the form STS issues. */
export function newTemporaryKey(): { tmpSecretId: string; tmpSecretKey: string; token: string } {
  return {
    tmpSecretId: "AKID" + randomChars(60, MIXED),
    tmpSecretKey: randomChars(44, MIXED),
    token: randomChars(160, MIXED),
  };
}

export { MIXED as mixedAlphabet, LOWER as lowerAlphabet };

let entropy = Buffer.alloc(0);
let entropyOffset = 0;

/**
 * Random bytes from a pooled CSPRNG buffer: one 4 KB draw serves hundreds of small requests (IVs, nonces),
 * where a draw per call costs more than the encryption itself.
 */
export function pooledRandomBytes(size: number): Buffer {
  if (size > 256) return randomBytes(size);
  if (entropyOffset + size > entropy.length) {
    entropy = randomBytes(4096);
    entropyOffset = 0;
  }
  const out = Buffer.from(entropy.subarray(entropyOffset, entropyOffset + size));
  entropy.fill(0, entropyOffset, entropyOffset + size);
  entropyOffset += size;
  return out;
}
