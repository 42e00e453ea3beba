import { Secret, TOTP } from "otpauth";
import type { MfaDevice, SubUser } from "../accounts";

/**
 * Virtual MFA devices (CAM's "soft token", mfaType softToken): RFC 6238 TOTP, SHA-1, 6 digits, 30 s, as the
 * authenticator apps CAM pairs with compute them (otpauth does the arithmetic). Codes are checked against the
 * emulator clock, one step either side, so a test computing a code at the emulator's time always passes.
 */
const PERIOD = 30;

function totp(secret: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: PERIOD });
}

/** The serial number GetSessionToken and AssumeRole name: qcs::cam:uin/<owner>::mfa/softToken. */
export function mfaSerial(ownerUin: string): string {
  return `qcs::cam:uin/${ownerUin}::mfa/softToken`;
}

/** Parses a serial number; the type is whatever follows `::mfa/`. */
export function parseMfaSerial(serial: string): { uin: string; type: string } | null {
  const m = /^qcs::cam:uin\/(\d+)::mfa\/([A-Za-z]+)$/.exec(serial);
  return m ? { uin: m[1], type: m[2] } : null;
}

export function newMfaDevice(ownerUin: string, now: number): MfaDevice {
  return { serialNumber: mfaSerial(ownerUin), secret: new Secret({ size: 20 }).base32, boundAt: now };
}

/** The otpauth:// URI an authenticator app scans. */
export function otpauthUri(device: MfaDevice, user: Pick<SubUser, "name" | "uin">): string {
  const t = totp(device.secret);
  t.issuer = "tclocal";
  t.label = `${user.name}@${user.uin}`;
  return t.toString();
}

/** Whether a code is valid at the emulator time `now` (ms). */
export function checkMfaCode(device: MfaDevice, code: string, now: number): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totp(device.secret).validate({ token: code, timestamp: now, window: 1 }) !== null;
}

/** The current code, for the control API's convenience (tests that do not compute TOTP themselves). */
export function currentMfaCode(device: MfaDevice, now: number): string {
  return totp(device.secret).generate({ timestamp: now });
}
