import { serviceCatalog } from "../generated/catalog";
import { signTc3 } from "../gateway/signature";

/**
 * A seed file: a JSON list of API calls run through tclocal's own pipeline (same validation, same codes, same
 * audit trail) — never a back door. A call may name `account` (a Uin whose credential the hook gets from the
 * control API) and `version` (else the product's). A later call refers to an earlier call's answer with
 * `${<index>.<path>}`: `"${0.KeyId}"` alone is replaced by that value (its type kept), inside a longer string it
 * is interpolated; paths go into arrays by index (`${2.DiskIdSet.0}`).
 */
export interface SeedCall {
  readonly service: string;
  readonly action: string;
  readonly region?: string;
  readonly version?: string;
  readonly account?: string;
  readonly params?: Record<string, unknown>;
}

export interface Credentials {
  readonly secretId: string;
  readonly secretKey: string;
}

export function parseSeedFile(text: string, name: string): SeedCall[] {
  let calls: unknown;
  try {
    calls = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name} is not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(calls)) throw new Error(`${name} must be a JSON list of calls`);
  calls.forEach((c: Partial<SeedCall>, i) => {
    if (!c || typeof c !== "object" || typeof c.service !== "string" || typeof c.action !== "string") {
      throw new Error(`${name}: call ${i} needs "service" and "action"`);
    }
    if (c.params !== undefined && (typeof c.params !== "object" || c.params === null || Array.isArray(c.params))) {
      throw new Error(`${name}: call ${i}'s "params" must be an object`);
    }
  });
  return calls as SeedCall[];
}

const REF = /\$\{(\d+)((?:\.[^.}]+)*)\}/g;

/** Replaces `${i.path}` references with values from earlier answers. */
export function resolveRefs(value: unknown, answers: readonly Record<string, unknown>[], where: string): unknown {
  if (typeof value === "string") {
    const whole = /^\$\{(\d+)((?:\.[^.}]+)*)\}$/.exec(value);
    if (whole) return lookUp(answers, whole[1], whole[2], where);
    return value.replace(REF, (_m, i: string, path: string) => String(lookUp(answers, i, path, where)));
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, answers, where));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, answers, where)]));
  }
  return value;
}

function lookUp(answers: readonly Record<string, unknown>[], index: string, path: string, where: string): unknown {
  const i = Number(index);
  if (i >= answers.length) throw new Error(`${where}: \${${index}${path}} refers to call ${i}, which has not run yet`);
  let v: unknown = answers[i];
  for (const part of path.split(".").filter(Boolean)) {
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined;
  }
  if (v === undefined) throw new Error(`${where}: \${${index}${path}} is not in call ${i}'s answer`);
  return v;
}

/** Runs the calls in order through the API endpoint; the first failure stops the file, naming the call and its code. */
export async function runSeedCalls(
  endpoint: string,
  calls: readonly SeedCall[],
  name: string,
  credentialsOf: (account: string | undefined) => Promise<Credentials>,
  defaultRegion: string,
): Promise<number> {
  const answers: Record<string, unknown>[] = [];
  const hostPort = endpoint.replace(/^https?:\/\//, "");
  for (const [i, call] of calls.entries()) {
    const where = `${name}: call ${i} (${call.service}.${call.action})`;
    const params = resolveRefs(call.params ?? {}, answers, where);
    const version = call.version ?? (serviceCatalog as Record<string, { version: string } | undefined>)[call.service]?.version;
    if (!version) throw new Error(`${where}: unknown service ${call.service}`);
    const cred = await credentialsOf(call.account);
    const body = JSON.stringify(params);
    const headers = signTc3({ hostPort, service: call.service, action: call.action, version, region: call.region ?? defaultRegion, body, ...cred });
    const res = await fetch(`${endpoint}/`, { method: "POST", headers, body });
    const answer = ((await res.json()) as { Response: Record<string, unknown> & { Error?: { Code: string; Message: string } } }).Response;
    if (answer.Error) throw new Error(`${where} failed: ${answer.Error.Code}: ${answer.Error.Message}`);
    answers.push(answer);
  }
  return answers.length;
}
