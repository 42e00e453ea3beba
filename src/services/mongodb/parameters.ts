import { createHash } from "node:crypto";
import type { ActionContext } from "../../platform/service";

/**
 * The mongod parameters an instance lets you change (DescribeInstanceParams / ModifyInstanceParams) and the
 * parameter templates that preset them. The parameter table is the subset of the console's list we could ground
 * in MongoDB's own documentation (names, defaults, ranges); docs/services/mongodb.md lists it.
 */

export type ParamKind = "enum" | "integer" | "multi";

export interface ParamDef {
  name: string;
  kind: ParamKind;
  default: string;
  values?: readonly string[];
  min?: number;
  max?: number;
  restart: boolean;
  tip: string;
}

export const PARAMS: readonly ParamDef[] = [
  { name: "operationProfiling.mode", kind: "enum", default: "slowOp", values: ["off", "slowOp", "all"], restart: false, tip: "Profiler level: off, slowOp or all." },
  { name: "operationProfiling.slowOpThresholdMs", kind: "integer", default: "100", min: 0, max: 65536, restart: false, tip: "Operations slower than this (ms) are slow operations." },
  { name: "setParameter.cursorTimeoutMillis", kind: "integer", default: "600000", min: 1, max: 86400000, restart: false, tip: "Idle cursors are closed after this many milliseconds." },
  { name: "setParameter.transactionLifetimeLimitSeconds", kind: "integer", default: "60", min: 1, max: 3600, restart: false, tip: "Transactions older than this are aborted." },
  { name: "security.javascriptEnabled", kind: "enum", default: "false", values: ["true", "false"], restart: true, tip: "Server-side JavaScript ($where, mapReduce)." },
  { name: "net.compression.compressors", kind: "multi", default: "snappy,zstd,zlib", values: ["snappy", "zstd", "zlib", "disabled"], restart: true, tip: "Network compressors, in order of preference." },
];

export function paramDef(name: string): ParamDef | undefined {
  return PARAMS.find((p) => p.name === name);
}

/** Undefined when the value suits the parameter, else why not. */
export function paramValueProblem(def: ParamDef, value: string): string | undefined {
  switch (def.kind) {
    case "enum":
      return def.values!.includes(value) ? undefined : `${def.name} is one of ${def.values!.join(", ")}.`;
    case "integer": {
      const n = Number(value);
      return /^-?\d+$/.test(value) && n >= def.min! && n <= def.max! ? undefined : `${def.name} is an integer from ${def.min} to ${def.max}.`;
    }
    case "multi": {
      const parts = value.split(",");
      const ok = parts.length > 0 && parts.every((p) => def.values!.includes(p)) && (!parts.includes("disabled") || parts.length === 1);
      return ok ? undefined : `${def.name} is a comma-separated list of ${def.values!.join(", ")} (disabled alone).`;
    }
  }
}

export interface ParamTemplate {
  id: string;
  name: string;
  desc: string;
  mongoVersion: string;
  clusterType: "REPLSET" | "SHARD" | "STANDALONE";
  type: "DEFAULT" | "CUSTOMIZE";
  params: Record<string, string>;
}

export const TEMPLATE_VERSIONS = ["MONGO_36_WT", "MONGO_40_WT", "MONGO_42_WT", "MONGO_44_WT", "MONGO_50_WT", "MONGO_60_WT", "MONGO_70_WT", "MONGO_80_WT"];
export const TEMPLATE_CLUSTERS = ["REPLSET", "SHARD", "STANDALONE"] as const;

/** The system's default templates: one per version and cluster type, the default values, fixed ids. */
export function defaultTemplates(): ParamTemplate[] {
  const out: ParamTemplate[] = [];
  for (const mongoVersion of TEMPLATE_VERSIONS) {
    for (const clusterType of TEMPLATE_CLUSTERS) {
      const id = "tpl-" + createHash("sha1").update(`${mongoVersion}/${clusterType}`).digest("hex").slice(0, 8);
      out.push({ id, name: `${mongoVersion}_${clusterType}_默认模板`, desc: "系统默认模板", mongoVersion, clusterType, type: "DEFAULT", params: {} });
    }
  }
  return out;
}

export function templates(ctx: ActionContext<"mongodb">) {
  return ctx.docs<ParamTemplate>("param-template");
}

export async function allTemplates(ctx: ActionContext<"mongodb">): Promise<ParamTemplate[]> {
  return [...defaultTemplates(), ...(await templates(ctx).all())];
}

export async function findTemplate(ctx: ActionContext<"mongodb">, id: string): Promise<ParamTemplate | undefined> {
  return defaultTemplates().find((t) => t.id === id) ?? (await templates(ctx).get(id));
}
