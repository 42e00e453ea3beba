/**
 * CRC-64/ECMA-182 as COS computes `x-cos-hash-crc64ecma` (reflected, init and final xor all ones: the
 * "CRC-64/XZ" of the RevEng catalogue, Go's crc64.ECMA), slicing by eight bytes on 32-bit halves so a 1 GB
 * upload is checked at stream speed, and combined across parts (a multipart object's CRC is its whole body's).
 */
const POLY_HI = 0xc96c5795;
const POLY_LO = 0xd7870f42;

const TABLES = 8;
const hiT = new Uint32Array(256 * TABLES);
const loT = new Uint32Array(256 * TABLES);
for (let n = 0; n < 256; n++) {
  let hi = 0;
  let lo = n;
  for (let k = 0; k < 8; k++) {
    const carry = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = hi >>> 1;
    if (carry) {
      hi = (hi ^ POLY_HI) >>> 0;
      lo = (lo ^ POLY_LO) >>> 0;
    }
  }
  hiT[n] = hi;
  loT[n] = lo;
}
for (let t = 1; t < TABLES; t++) {
  for (let n = 0; n < 256; n++) {
    const ph = hiT[(t - 1) * 256 + n];
    const pl = loT[(t - 1) * 256 + n];
    const i = pl & 0xff;
    hiT[t * 256 + n] = ((ph >>> 8) ^ hiT[i]) >>> 0;
    loT[t * 256 + n] = (((pl >>> 8) | (ph << 24)) ^ loT[i]) >>> 0;
  }
}

/** A running CRC-64 over chunks. */
export class Crc64 {
  private hi = 0xffffffff;
  private lo = 0xffffffff;

  update(data: Uint8Array): this {
    let hi = this.hi;
    let lo = this.lo;
    let i = 0;
    const n = data.length;
    const end8 = n - (n % 8);
    for (; i < end8; i += 8) {
      const l = lo ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
      const h = hi ^ (data[i + 4] | (data[i + 5] << 8) | (data[i + 6] << 16) | (data[i + 7] << 24));
      const a = 7 * 256 + (l & 0xff), b = 6 * 256 + ((l >>> 8) & 0xff), c = 5 * 256 + ((l >>> 16) & 0xff), d = 4 * 256 + (l >>> 24);
      const e = 3 * 256 + (h & 0xff), f = 2 * 256 + ((h >>> 8) & 0xff), g = 256 + ((h >>> 16) & 0xff), k = h >>> 24;
      hi = hiT[a] ^ hiT[b] ^ hiT[c] ^ hiT[d] ^ hiT[e] ^ hiT[f] ^ hiT[g] ^ hiT[k];
      lo = loT[a] ^ loT[b] ^ loT[c] ^ loT[d] ^ loT[e] ^ loT[f] ^ loT[g] ^ loT[k];
    }
    for (; i < n; i++) {
      const idx = (lo ^ data[i]) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ loT[idx];
      hi = (hi >>> 8) ^ hiT[idx];
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
    return this;
  }

  /** The CRC as COS writes it: the unsigned 64-bit value in decimal. */
  digest(): string {
    return ((BigInt((this.hi ^ 0xffffffff) >>> 0) << 32n) | BigInt((this.lo ^ 0xffffffff) >>> 0)).toString();
  }
}

export function crc64(data: Uint8Array): string {
  return new Crc64().update(data).digest();
}

const POLY = (BigInt(POLY_HI) << 32n) | BigInt(POLY_LO);

function times(mat: bigint[], vec: bigint): bigint {
  let sum = 0n;
  for (let i = 0; vec; i++, vec >>= 1n) if (vec & 1n) sum ^= mat[i];
  return sum;
}

function square(mat: bigint[]): bigint[] {
  return mat.map((row) => times(mat, row));
}

/** The CRC of A followed by B from the CRCs of A and B and B's length (zlib's crc32_combine, on 64 bits). */
export function combineCrc64(crcA: string, crcB: string, lengthB: number): string {
  let a = BigInt(crcA);
  if (lengthB === 0) return crcA;
  let odd: bigint[] = [POLY];
  for (let n = 1, row = 1n; n < 64; n++, row <<= 1n) odd.push(row);
  let even = square(odd);
  odd = square(even);
  let len = BigInt(lengthB);
  for (;;) {
    even = square(odd);
    if (len & 1n) a = times(even, a);
    len >>= 1n;
    if (!len) break;
    odd = square(even);
    if (len & 1n) a = times(odd, a);
    len >>= 1n;
    if (!len) break;
  }
  return (a ^ BigInt(crcB)).toString();
}
