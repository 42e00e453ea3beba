import { check } from "../../control/router";
import { parseDateTime } from "../../platform/clock";
import type { MachineDoc } from "./machine-model";
import type { Ctx } from "./store";
import { pick } from "./store";

/** Reading a seed body: API member names, typed checks answered as 400s by the control API. */

export type Body = Record<string, unknown>;

export interface SeedResult {
  /** The record's Id, or null when an allowlist rule suppressed the detection. */
  Id: number | null;
  record?: unknown;
  suppressedByRule?: number;
}

export function str(b: Body, name: string, fallback: string): string {
  const v = b[name];
  if (v === undefined || v === null) return fallback;
  check(typeof v === "string", `${name} must be a string`);
  return v;
}

export function num(b: Body, name: string, fallback: number): number {
  const v = b[name];
  if (v === undefined || v === null) return fallback;
  check(typeof v === "number" && Number.isFinite(v), `${name} must be a number`);
  return v;
}

export function oneOfStr(b: Body, name: string, allowed: readonly string[], fallback: string): string {
  const v = str(b, name, fallback);
  check(allowed.includes(v), `${name} must be one of ${allowed.join(", ")}`);
  return v;
}

/** A time member: "2006-01-02 15:04:05" (UTC+8), ISO 8601 or epoch seconds; epoch ms out. */
export function timeOf(b: Body, name: string, fallback: number): number {
  const v = b[name];
  if (v === undefined || v === null) return fallback;
  if (typeof v === "number" && Number.isFinite(v)) return v * 1000;
  check(typeof v === "string" && !Number.isNaN(parseDateTime(v)), `${name} must be "YYYY-MM-DD HH:MM:SS" or epoch seconds`);
  return parseDateTime(v as string);
}

export function randomPublicIp(): string {
  const first = pick([36, 58, 61, 101, 112, 113, 114, 117, 121, 139, 182, 183, 202, 218, 221, 222], Math.floor(Math.random() * 1000));
  return `${first}.${1 + Math.floor(Math.random() * 253)}.${1 + Math.floor(Math.random() * 253)}.${1 + Math.floor(Math.random() * 253)}`;
}

export const host = (m: MachineDoc) => ({ Uuid: m.uuid, MachineIp: m.ip, MachineName: m.name });
export const isWindows = (m: MachineDoc) => /windows/i.test(m.os);

export type Seeder = (ctx: Ctx, m: MachineDoc, b: Body) => Promise<SeedResult>;

