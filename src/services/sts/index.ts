import type { StsActions } from "../../generated/models/sts";
import { defineService } from "../../platform/definition";
import { REGIONS } from "../../platform/regions";
import { credentialHandlers } from "./credentials";
import { federationHandlers } from "./federation";
import { identityHandlers } from "./identity";

/**
 * Security Token Service 2018-08-13: temporary credentials for roles, federated identities and MFA sessions,
 * issued on the one identity model (platform/accounts.ts). The gateway accepts them for every product until
 * they expire on the emulator clock. STS is called with a Region (any public region answers).
 */
export const sts = defineService<"sts", StsActions>({
  name: "sts",
  regions: REGIONS.map((r) => r.id),
  defaultRegion: "ap-guangzhou",
  handlers: { ...credentialHandlers, ...federationHandlers, ...identityHandlers },
  // CAM resource of AssumeRole: the role's ARN as given (qcs::cam::uin/<uin>:roleName/<name>).
  resourceMembers: { RoleArn: "role" },
});
