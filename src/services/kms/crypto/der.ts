/** The few DER shapes KMS needs: SubjectPublicKeyInfo for keys Node cannot export, ECDSA signatures. */

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

/** SEQUENCE { SEQUENCE { algorithm OIDs… }, BIT STRING key } from pre-encoded OID TLVs. */
export function spki(algorithmOids: Buffer[], publicKey: Buffer): Buffer {
  const algorithm = tlv(0x30, Buffer.concat(algorithmOids));
  const bits = tlv(0x03, Buffer.concat([Buffer.from([0]), publicKey]));
  return tlv(0x30, Buffer.concat([algorithm, bits]));
}

export function pem(der: Buffer, label = "PUBLIC KEY"): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** The DER bytes inside a PEM block (any label), or null when the text is not PEM. */
export function pemBody(text: string): Buffer | null {
  const m = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/.exec(text);
  if (!m) return null;
  const b64 = m[1].replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  return Buffer.from(b64, "base64");
}

interface Node {
  tag: number;
  body: Buffer;
  end: number;
}

/** Reads one TLV at `offset`; null when the bytes are not well-formed DER. */
export function readTlv(buf: Buffer, offset = 0): Node | null {
  if (offset + 2 > buf.length) return null;
  const tag = buf[offset];
  let len = buf[offset + 1];
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || pos + n > buf.length) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | buf[pos + i];
    pos += n;
  }
  if (pos + len > buf.length) return null;
  return { tag, body: buf.subarray(pos, pos + len), end: pos + len };
}

/** The algorithm OIDs and key bytes of a SubjectPublicKeyInfo; null when it is not one. */
export function parseSpki(der: Buffer): { oids: Buffer[]; key: Buffer } | null {
  const outer = readTlv(der);
  if (!outer || outer.tag !== 0x30 || outer.end !== der.length) return null;
  const alg = readTlv(outer.body);
  if (!alg || alg.tag !== 0x30) return null;
  const oids: Buffer[] = [];
  for (let pos = 0; pos < alg.body.length; ) {
    const node = readTlv(alg.body, pos);
    if (!node) return null;
    if (node.tag === 0x06) oids.push(Buffer.from(node.body));
    pos = node.end;
  }
  const bits = readTlv(outer.body, alg.end);
  if (!bits || bits.tag !== 0x03 || bits.body.length < 2 || bits.body[0] !== 0) return null;
  return { oids, key: Buffer.from(bits.body.subarray(1)) };
}

function integer(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = "0" + hex;
  let bytes = Buffer.from(hex, "hex");
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

export function encodeEcdsaSignature(r: bigint, s: bigint): Buffer {
  return tlv(0x30, Buffer.concat([integer(r), integer(s)]));
}

export function decodeEcdsaSignature(sig: Buffer): { r: bigint; s: bigint } | null {
  const seq = readTlv(sig);
  if (!seq || seq.tag !== 0x30 || seq.end !== sig.length) return null;
  const r = readTlv(seq.body);
  if (!r || r.tag !== 0x02 || r.body.length === 0) return null;
  const s = readTlv(seq.body, r.end);
  if (!s || s.tag !== 0x02 || s.body.length === 0 || s.end !== seq.body.length) return null;
  return { r: BigInt("0x" + r.body.toString("hex")), s: BigInt("0x" + s.body.toString("hex")) };
}
