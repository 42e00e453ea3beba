import { constants, createHash, createPrivateKey, privateEncrypt, publicDecrypt, randomBytes, type KeyObject } from "node:crypto";
import { decodeEcdsaSignature, encodeEcdsaSignature } from "./der";

/**
 * Signing a message digest the caller computed (MessageType DIGEST). Node signs only messages it hashes
 * itself, so ECDSA over a digest is done here with BigInt arithmetic on the NIST curves, and RSA digest
 * signatures go through the raw RSA primitive with PKCS#1 v1.5 or EMSA-PSS encoding (RFC 8017). The
 * signatures are the same bytes a RAW signature over the original message would verify as.
 */

interface Curve {
  p: bigint;
  n: bigint;
  b: bigint;
  gx: bigint;
  gy: bigint;
  bytes: number;
}

const CURVES: Record<"P-256" | "P-384", Curve> = {
  "P-256": {
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
    bytes: 32,
  },
  "P-384": {
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
    bytes: 48,
  },
};

type Point = { x: bigint; y: bigint; z: bigint } | null; // Jacobian, null = infinity

const mod = (a: bigint, m: bigint) => {
  const r = a % m;
  return r >= 0n ? r : r + m;
};

function modInv(a: bigint, m: bigint): bigint {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}

function double(c: Curve, P: Point): Point {
  if (!P || P.y === 0n) return null;
  const { p } = c;
  const { x, y, z } = P;
  const yy = mod(y * y, p);
  const s = mod(4n * x * yy, p);
  const zz = mod(z * z, p);
  const m = mod(3n * (x - zz) * (x + zz), p); // a = -3
  const x3 = mod(m * m - 2n * s, p);
  const y3 = mod(m * (s - x3) - 8n * yy * yy, p);
  return { x: x3, y: y3, z: mod(2n * y * z, p) };
}

function add(c: Curve, P: Point, Q: Point): Point {
  if (!P) return Q;
  if (!Q) return P;
  const { p } = c;
  const z1z1 = mod(P.z * P.z, p);
  const z2z2 = mod(Q.z * Q.z, p);
  const u1 = mod(P.x * z2z2, p);
  const u2 = mod(Q.x * z1z1, p);
  const s1 = mod(P.y * Q.z * z2z2, p);
  const s2 = mod(Q.y * P.z * z1z1, p);
  if (u1 === u2) return s1 === s2 ? double(c, P) : null;
  const h = mod(u2 - u1, p);
  const r = mod(s2 - s1, p);
  const hh = mod(h * h, p);
  const hhh = mod(h * hh, p);
  const v = mod(u1 * hh, p);
  const x3 = mod(r * r - hhh - 2n * v, p);
  const y3 = mod(r * (v - x3) - s1 * hhh, p);
  return { x: x3, y: y3, z: mod(P.z * Q.z * h, p) };
}

function multiply(c: Curve, k: bigint, P: Point): Point {
  let result: Point = null;
  let addend = P;
  for (let n = k; n > 0n; n >>= 1n) {
    if (n & 1n) result = add(c, result, addend);
    addend = double(c, addend);
  }
  return result;
}

function affineX(c: Curve, P: Point): bigint | null {
  if (!P) return null;
  const zi = modInv(P.z, c.p);
  return mod(P.x * zi * zi, c.p);
}

function onCurve(c: Curve, x: bigint, y: bigint): boolean {
  return mod(y * y - (x * x * x - 3n * x + c.b), c.p) === 0n;
}

/** The leftmost bits of the digest as an integer, as ECDSA takes it (SEC 1, 4.1.3). */
function digestInt(c: Curve, digest: Buffer): bigint {
  let e = BigInt("0x" + (digest.toString("hex") || "0"));
  const excess = digest.length * 8 - c.bytes * 8;
  if (excess > 0) e >>= BigInt(excess);
  return e;
}

const fromB64url = (s: string) => BigInt("0x" + Buffer.from(s, "base64url").toString("hex"));

function randomScalar(c: Curve): bigint {
  for (;;) {
    const k = BigInt("0x" + randomBytes(c.bytes).toString("hex"));
    if (k > 0n && k < c.n) return k;
  }
}

export function ecdsaSignDigest(curve: "P-256" | "P-384", privateKeyPem: string, digest: Buffer): Buffer {
  const c = CURVES[curve];
  const jwk = createPrivateKey(privateKeyPem).export({ format: "jwk" });
  const d = fromB64url(jwk.d!);
  const e = digestInt(c, digest);
  const G: Point = { x: c.gx, y: c.gy, z: 1n };
  for (;;) {
    const k = randomScalar(c);
    const x = affineX(c, multiply(c, k, G));
    if (x === null) continue;
    const r = mod(x, c.n);
    if (r === 0n) continue;
    const s = mod(modInv(k, c.n) * (e + r * d), c.n);
    if (s === 0n) continue;
    return encodeEcdsaSignature(r, s);
  }
}

export function ecdsaVerifyDigest(curve: "P-256" | "P-384", publicKey: KeyObject, digest: Buffer, signature: Buffer): boolean {
  const c = CURVES[curve];
  const sig = decodeEcdsaSignature(signature);
  if (!sig) return false;
  const { r, s } = sig;
  if (r <= 0n || r >= c.n || s <= 0n || s >= c.n) return false;
  const jwk = publicKey.export({ format: "jwk" });
  const qx = fromB64url(jwk.x!);
  const qy = fromB64url(jwk.y!);
  if (!onCurve(c, qx, qy)) return false;
  const w = modInv(s, c.n);
  const u1 = mod(digestInt(c, digest) * w, c.n);
  const u2 = mod(r * w, c.n);
  const X = add(c, multiply(c, u1, { x: c.gx, y: c.gy, z: 1n }), multiply(c, u2, { x: qx, y: qy, z: 1n }));
  const x = affineX(c, X);
  return x !== null && mod(x, c.n) === r;
}

const SHA256_DIGEST_INFO = Buffer.from("3031300d060960864801650304020105000420", "hex");

export function rsaPkcs1SignDigest(privateKeyPem: string, digest: Buffer): Buffer {
  return privateEncrypt({ key: privateKeyPem, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, digest]));
}

export function rsaPkcs1VerifyDigest(publicKey: KeyObject, digest: Buffer, signature: Buffer): boolean {
  try {
    const recovered = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
    return recovered.equals(Buffer.concat([SHA256_DIGEST_INFO, digest]));
  } catch {
    return false;
  }
}

function mgf1(seed: Buffer, length: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 32 < length; i++) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(i);
    out.push(createHash("sha256").update(seed).update(counter).digest());
  }
  return Buffer.concat(out).subarray(0, length);
}

const modulusBits = (key: KeyObject) => key.asymmetricKeyDetails!.modulusLength!;

/** RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt over a SHA-256 digest (RFC 8017 §9.1.1). */
export function rsaPssSignDigest(privateKeyPem: string, digest: Buffer): Buffer {
  const key = createPrivateKey(privateKeyPem);
  const emBits = modulusBits(key) - 1;
  const emLen = Math.ceil(emBits / 8);
  const salt = randomBytes(32);
  const h = createHash("sha256").update(Buffer.alloc(8)).update(digest).update(salt).digest();
  const db = Buffer.concat([Buffer.alloc(emLen - 32 - 32 - 2), Buffer.from([1]), salt]);
  const mask = mgf1(h, emLen - 32 - 1);
  for (let i = 0; i < db.length; i++) db[i] ^= mask[i];
  db[0] &= 0xff >> (8 * emLen - emBits);
  let em = Buffer.concat([db, h, Buffer.from([0xbc])]);
  const k = Math.ceil(modulusBits(key) / 8);
  if (em.length < k) em = Buffer.concat([Buffer.alloc(k - em.length), em]);
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, em);
}

/** EMSA-PSS verification with any salt length (RFC 8017 §9.1.2). */
export function rsaPssVerifyDigest(publicKey: KeyObject, digest: Buffer, signature: Buffer): boolean {
  let em: Buffer;
  try {
    em = publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return false;
  }
  const emBits = modulusBits(publicKey) - 1;
  const emLen = Math.ceil(emBits / 8);
  em = em.subarray(em.length - emLen);
  if (em[emLen - 1] !== 0xbc) return false;
  const maskedDb = Buffer.from(em.subarray(0, emLen - 33));
  const h = em.subarray(emLen - 33, emLen - 1);
  if (maskedDb[0] & ~(0xff >> (8 * emLen - emBits)) & 0xff) return false;
  const mask = mgf1(h, maskedDb.length);
  for (let i = 0; i < maskedDb.length; i++) maskedDb[i] ^= mask[i];
  maskedDb[0] &= 0xff >> (8 * emLen - emBits);
  const one = maskedDb.indexOf(1);
  if (one < 0 || maskedDb.subarray(0, one).some((b) => b !== 0)) return false;
  const salt = maskedDb.subarray(one + 1);
  const expected = createHash("sha256").update(Buffer.alloc(8)).update(digest).update(salt).digest();
  return expected.equals(h);
}

