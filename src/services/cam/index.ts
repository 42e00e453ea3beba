import type { CamActions } from "../../generated/models/cam";
import { ApiError } from "../../errors/api-error";
import { describeCode } from "../../errors/catalog";
import { identityChange } from "../../platform/accounts";
import { defineService, isReadOnlyAction, type Handlers } from "../../platform/definition";
import { REGIONS } from "../../platform/regions";
import { serviceCatalog } from "../../generated/catalog";
import { attachmentHandlers } from "./attachments";
import { boundaryHandlers } from "./boundaries";
import { keyHandlers } from "./keys";
import { policyHandlers } from "./policies";
import { camResourceNames } from "./resource-names";
import { providerHandlers } from "./providers";
import { receiverHandlers } from "./receivers";
import { roleHandlers } from "./roles";
import { securityHandlers } from "./security";
import { serviceAccessHandlers } from "./service-access";
import { groupHandlers } from "./user-groups";
import { userHandlers } from "./users";

const handlers: Handlers<"cam", CamActions> = {
  ...userHandlers,
  ...groupHandlers,
  ...policyHandlers,
  ...attachmentHandlers,
  ...serviceAccessHandlers,
  ...boundaryHandlers,
  ...roleHandlers,
  ...keyHandlers,
  ...securityHandlers,
  ...providerHandlers,
  ...receiverHandlers,
};

type AnyHandler = (ctx: never, req: never) => unknown;

/**
 * Every change a CAM call makes may change what some identity may do (a policy attached, a key disabled, a
 * user added to a group): the gateway's cached identities are dropped when such a call commits.
 */
function withIdentityChange(all: Handlers<"cam", CamActions>): Handlers<"cam", CamActions> {
  const out: Record<string, AnyHandler> = {};
  for (const [action, handler] of Object.entries(all) as [string, AnyHandler][]) {
    const readOnly = isReadOnlyAction(action);
    out[action] = async (ctx: never, req: never) => {
      try {
        if (!readOnly) await identityChange((ctx as { tx: Parameters<typeof identityChange>[0] }).tx);
        return await handler(ctx, req);
      } catch (e) {
        throw inChinese(e);
      }
    };
  }
  return out as Handlers<"cam", CamActions>;
}

/** A zh-CN caller reads CAM's own Chinese wording of the code; others read tclocal's English detail. */
function inChinese(e: unknown): unknown {
  if (!(e instanceof ApiError) || typeof e.detail !== "string") return e;
  return new ApiError(e.code, { en: e.detail, zh: describeCode("cam", e.code, "zh-CN") });
}

/**
 * Cloud Access Management 2019-01-16: the API door to tclocal's one identity model (platform/accounts.ts and
 * platform/identity/), which the control API opens too. CAM has no regions: "CAM is called without a Region";
 * a Region given anyway is accepted and changes nothing.
 */
export const cam = defineService<"cam", CamActions>({
  name: "cam",
  regions: REGIONS.map((r) => r.id),
  regionOptional: [...serviceCatalog.cam.actions],
  defaultRegion: "ap-guangzhou",
  handlers: withIdentityChange(handlers),
  // GetSecurityLastUsed reads the audit trail.
  readsAuditTrail: true,
  // Users, policies, groups and roles by their CAM names (a user's Name and a role's id are looked up).
  resourceNames: camResourceNames,
});
