import { createHash, generateKeyPairSync, sign } from "node:crypto";

/**
 * The CA certificate InstanceEnableSSL's CertUrl serves: a self-signed X.509 v3 certificate (ECDSA P-256)
 * naming the instance, valid from SSL's enabling to its expiry. Built with a few DER rules, so no library is
 * needed; tclocal terminates no TLS for the instance (no data plane), the certificate is what a client downloads.
 */

function der(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}
const seq = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => der(0x31, Buffer.concat(parts));
const oid = (hex: string) => der(0x06, Buffer.from(hex, "hex"));
const utf8 = (s: string) => der(0x0c, Buffer.from(s, "utf8"));
function integer(bytes: Buffer): Buffer {
  return der(0x02, bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}
function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString();
  const year = Number(iso.slice(0, 4));
  const text = iso.slice(year < 2050 ? 2 : 0, 19).replace(/[-T:]/g, "") + "Z";
  return der(year < 2050 ? 0x17 : 0x18, Buffer.from(text, "ascii"));
}

const ECDSA_SHA256 = seq(oid("2a8648ce3d040302"));
const COMMON_NAME = "550403";

export function instanceCaPem(instanceId: string, notBefore: number, notAfter: number): string {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const name = seq(set(seq(oid(COMMON_NAME), utf8(`${instanceId} MongoDB CA`))));
  const serial = integer(createHash("sha256").update(`${instanceId}/${notBefore}`).digest().subarray(0, 16));
  const tbs = seq(
    der(0xa0, integer(Buffer.from([2]))),
    serial,
    ECDSA_SHA256,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    publicKey.export({ type: "spki", format: "der" }),
  );
  const signature = sign("sha256", tbs, privateKey);
  const cert = seq(tbs, ECDSA_SHA256, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 = cert.toString("base64").replace(/.{64}/g, "$&\n");
  return `-----BEGIN CERTIFICATE-----\n${b64}${b64.endsWith("\n") ? "" : "\n"}-----END CERTIFICATE-----\n`;
}
