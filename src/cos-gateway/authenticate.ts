import { timingSafeEqual } from "node:crypto";
import type { App } from "../app";
import { cosFail } from "../services/cos/errors";
import { headerFields, parseCosAuthorization, SIGNATURE_PARAMS, verifyCosSignature } from "../services/cos/signature";
import type { CosCall } from "./call";
import { resolveCredential } from "./identity";

/** A signature may not start further than this in the future of the server's real time. */
export const MAX_SIGN_AHEAD_SECONDS = 900;

/** COS's date format for ServerTime: 2019-04-09T03:39:20Z. */
const serverTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * Stage "authenticate": the COS signature from the Authorization header or, for presigned URLs, from the
 * query; sign times judged against real time; a known key; the exact signature (constant time); for
 * temporary credentials the x-cos-security-token, not expired on the emulator clock. No signature at all is an
 * anonymous request, which only a bucket's ACL or policy can let through.
 */
export async function authenticate(app: App, call: CosCall): Promise<void> {
  const header = call.req.headers.authorization;
  let fields: Map<string, string> | null = null;
  let where: "header" | "query" = "header";
  if (typeof header === "string" && header.trim()) fields = headerFields(header);
  else if (call.query.has("q-sign-algorithm") || call.query.has("q-signature")) {
    fields = new Map([...call.query].filter(([k]) => SIGNATURE_PARAMS.has(k)));
    where = "query";
  }
  if (!fields) {
    call.caller = null;
    return;
  }
  const auth = parseCosAuthorization(fields, where);
  if (typeof auth === "string") cosFail("AccessDenied", `Access Denied: the Authorization is malformed (${auth}).`);
  call.secretId = auth.secretId;
  const now = Math.floor(call.receivedAt / 1000);
  if (now > auth.signTime.end) cosFail("AccessDenied", "Request has expired", { ServerTime: serverTime(call.receivedAt) });
  if (auth.signTime.start > now + MAX_SIGN_AHEAD_SECONDS) cosFail("RequestTimeTooSkewed", undefined, { ServerTime: serverTime(call.receivedAt) });
  if (!/^AKID[0-9A-Za-z]{8,128}$/.test(auth.secretId)) cosFail("InvalidAccessKeyId");
  const cred = await resolveCredential(app, auth.secretId);
  if (!cred) cosFail("InvalidAccessKeyId", "The Access Key Id you provided does not exist in our records.");

  // Presigned URLs: the signature's own parameters are not part of what it signs.
  const query = where === "query" ? new Map([...call.query].filter(([k]) => !SIGNATURE_PARAMS.has(k))) : call.query;
  const check = verifyCosSignature({ method: call.method, path: call.path, query, headers: call.req.headers }, auth, cred.secretKey);
  if (!check.ok) cosFail("SignatureDoesNotMatch", undefined, { StringToSign: check.stringToSign, FormatString: check.formatString });

  if (cred.temporary) {
    const token = String(call.req.headers["x-cos-security-token"] ?? call.query.get("x-cos-security-token") ?? "");
    const expected = Buffer.from(cred.temporary.token);
    const given = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      cosFail("InvalidSecurityToken", token ? "The provided security token is malformed or otherwise invalid." : "The request is signed with a temporary key but has no x-cos-security-token.");
    }
    if (app.clock.now() >= cred.temporary.expiresAt) cosFail("ExpiredToken");
  }
  call.caller = cred.caller;
}
