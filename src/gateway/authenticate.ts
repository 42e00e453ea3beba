import { timingSafeEqual } from "node:crypto";
import type { App } from "../app";
import { fail } from "../errors/api-error";
import { accounts, identityEpoch } from "../platform/accounts";
import { resolveSecretId, type ResolvedKey } from "../platform/identity/resolve";
import type { Caller } from "../platform/service";
import type { Call } from "./call";
import { msg } from "./messages";
import { isSignatureMethod } from "./protocol";
import { parseTc3Authorization, utcDate, verifyTc3, verifyV1 } from "./signature";

/** Requests signed more than this far from the server's real time are refused (API 3.0: five minutes). */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** Cloud API SecretIds: `AKID` followed by letters and digits. */
const SECRET_ID = /^AKID[0-9A-Za-z]{8,128}$/;

/**
 * Actions STS documents as called unsigned ("Authorization 需要传入值 SKIP"): whoever holds the assertion or
 * the OIDC token may call them. The handler checks the assertion and the role's trust policy.
 */
const UNSIGNED_ACTIONS = new Set(["2018-08-13 AssumeRoleWithSAML", "2018-08-13 AssumeRoleWithWebIdentity"]);

/** Who calls an unsigned action: nobody yet; the handler names the account from the role. */
const ANONYMOUS: Caller = {
  uin: "",
  appId: 0,
  subUin: null,
  username: "anonymous",
  secretId: "",
  kind: "temporary",
  mfa: false,
  policies: [],
  mfaProtectedActions: [],
};

/**
 * Stage "authenticate": common parameters present and well-formed, timestamp within five minutes of real
 * time (never the emulator clock), a known enabled key or a valid temporary credential, and a signature that
 * matches. The caller found here is what authorization and every handler see.
 */
export async function authenticate(app: App, call: Call): Promise<void> {
  const v3 = call.signatureVersion === "v3";
  const name = (v1: string, v3name: string) => (v3 ? v3name : v1);
  const c = call.common;
  if (!c.action) fail("MissingParameter", msg.missingParameter(name("Action", "X-TC-Action")));
  if (!c.version) fail("MissingParameter", msg.missingParameter(name("Version", "X-TC-Version")));
  call.action = c.action;
  call.version = c.version;

  let secretId: string;
  let tc3 = undefined as ReturnType<typeof parseTc3Authorization> | undefined;
  if (v3) {
    const header = call.headers.authorization;
    if (!header) fail("MissingParameter", msg.missingParameter("Authorization"));
    if (header === "SKIP" && UNSIGNED_ACTIONS.has(`${c.version} ${c.action}`)) {
      checkTimestampPresent(c.timestamp, "X-TC-Timestamp");
      call.caller = ANONYMOUS;
      return;
    }
    tc3 = parseTc3Authorization(header);
    if (typeof tc3 === "string") fail("AuthFailure.SignatureFailure", msg.authorizationMalformed(tc3));
    secretId = tc3.secretId;
  } else {
    checkTimestampPresent(c.timestamp, "Timestamp");
    if (c.nonce === undefined) fail("MissingParameter", msg.missingParameter("Nonce"));
    if (!/^\d{1,19}$/.test(c.nonce)) fail("InvalidParameter", msg.commonTypeError("Nonce"));
    if (!c.secretId) fail("MissingParameter", msg.missingParameter("SecretId"));
    if (!c.signature) fail("MissingParameter", msg.missingParameter("Signature"));
    const method = c.signatureMethod ?? "HmacSHA1";
    if (!isSignatureMethod(method) || method === "TC3-HMAC-SHA256") fail("InvalidParameterValue", msg.invalidValue("SignatureMethod"));
    secretId = c.secretId;
  }
  const tsName = name("Timestamp", "X-TC-Timestamp");
  checkTimestampPresent(c.timestamp, tsName);
  if (!/^\d{1,12}$/.test(c.timestamp)) fail("InvalidParameter", msg.commonTypeError(tsName));
  const timestamp = Number(c.timestamp);
  const serverTime = Math.floor(Date.now() / 1000);
  if (Math.abs(serverTime - timestamp) > MAX_CLOCK_SKEW_SECONDS) fail("AuthFailure.SignatureExpire", msg.signatureExpire(serverTime));
  if (!SECRET_ID.test(secretId)) fail("AuthFailure.InvalidSecretId", msg.invalidSecretId());
  // The key a request named is recorded even when the call fails later (CloudAudit shows it under that key's user).
  c.secretId ??= secretId;

  const found = await lookUp(app, secretId);
  if (!found) fail("AuthFailure.SecretIdNotFound", msg.secretIdNotFound());
  call.account = found.uin;

  let valid: boolean;
  if (tc3 && typeof tc3 !== "string") {
    // The credential scope's date must be the UTC date of the timestamp, as the real service checks.
    valid =
      tc3.date === utcDate(timestamp) &&
      verifyTc3({
        method: call.method,
        path: call.path,
        query: call.query,
        headers: call.headers,
        body: call.body,
        timestamp: c.timestamp,
        auth: tc3,
        secretKey: found.secretKey,
      });
  } else {
    valid = verifyV1({
      method: call.method,
      host: String(call.headers.host ?? ""),
      path: call.path,
      params: call.v1Params ?? {},
      signatureMethod: (c.signatureMethod ?? "HmacSHA1") as "HmacSHA1" | "HmacSHA256",
      secretKey: found.secretKey,
      signature: c.signature ?? "",
    });
  }
  if (!valid) fail("AuthFailure.SignatureFailure", msg.signatureFailure());

  if (found.temporary) {
    const token = c.token ?? "";
    const expected = Buffer.from(found.temporary.token);
    const given = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      fail("AuthFailure.TokenFailure", msg.tokenFailure(token ? "the token does not belong to this SecretId" : "the token is missing"));
    }
    if (app.clock.now() >= found.temporary.expiresAt) fail("AuthFailure.TokenFailure", msg.tokenFailure("the credential has expired"));
  }
  call.caller = found.caller;
}

/** v1 reports a missing Timestamp before Nonce and SecretId; v3 after parsing the Authorization header. */
function checkTimestampPresent(timestamp: string | undefined, name: string): asserts timestamp is string {
  if (timestamp === undefined) fail("MissingParameter", msg.missingParameter(name));
}

type Found = ResolvedKey;

/**
 * What each SecretId resolved to, per emulator, valid while the identity epochs are unchanged: this process's
 * own (bumped when it commits an identity change) and the shared one (read per call when other processes
 * share the store).
 */
const resolved = new WeakMap<App, { epoch: number; shared: string | undefined; found: Map<string, Found | undefined> }>();

async function lookUp(app: App, secretId: string): Promise<Found | undefined> {
  let cache = resolved.get(app);
  if (!cache || cache.epoch !== identityEpoch() || cache.shared !== app.sharedIdentityEpoch) {
    cache = { epoch: identityEpoch(), shared: app.sharedIdentityEpoch, found: new Map() };
    resolved.set(app, cache);
  }
  if (cache.found.has(secretId)) return cache.found.get(secretId);
  const epoch = cache.epoch;
  const found = await readIdentity(app, secretId);
  // An identity change committed while this one was read: do not cache what may already be stale.
  if (epoch !== identityEpoch()) return found;
  if (cache.found.size > 10_000) cache.found.clear();
  cache.found.set(secretId, found);
  return found;
}

function readIdentity(app: App, secretId: string): Promise<Found | undefined> {
  return app.store.transaction((tx) => resolveSecretId(tx, secretId));
}
