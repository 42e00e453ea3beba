import type { StsActions } from "../../generated/models/sts";
import { ApiError } from "../../errors/api-error";
import { describeCode } from "../../errors/catalog";
import { defineService, type Handlers } from "../../platform/definition";
import { REGIONS } from "../../platform/regions";
import { credentialHandlers } from "./credentials";
import { federationHandlers } from "./federation";
import { identityHandlers } from "./identity";

type AnyHandler = (ctx: never, req: never) => unknown;

/** A zh-CN caller reads STS's own Chinese wording of the code; others read tclocal's English detail. */
function inChinese(all: Handlers<"sts", StsActions>): Handlers<"sts", StsActions> {
  const out: Record<string, AnyHandler> = {};
  for (const [action, handler] of Object.entries(all) as [string, AnyHandler][]) {
    out[action] = async (ctx: never, req: never) => {
      try {
        return await handler(ctx, req);
      } catch (e) {
        if (!(e instanceof ApiError) || typeof e.detail !== "string") throw e;
        throw new ApiError(e.code, { en: e.detail, zh: describeCode("sts", e.code, "zh-CN") });
      }
    };
  }
  return out as Handlers<"sts", StsActions>;
}

/**
 * Security Token Service 2018-08-13: temporary credentials for roles, federated identities and MFA sessions,
 * issued on the one identity model (platform/accounts.ts). The gateway accepts them for every product until
 * they expire on the emulator clock. STS is called with a Region (any public region answers).
 */
export const sts = defineService<"sts", StsActions>({
  name: "sts",
  regions: REGIONS.map((r) => r.id),
  defaultRegion: "ap-guangzhou",
  handlers: inChinese({ ...credentialHandlers, ...federationHandlers, ...identityHandlers }),
  // CAM resource of AssumeRole: the role's ARN as given (qcs::cam::uin/<uin>:roleName/<name>).
  resourceMembers: { RoleArn: "role" },
});
