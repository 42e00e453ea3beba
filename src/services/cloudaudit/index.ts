import type { CloudauditActions } from "../../generated/models/cloudaudit";
import { defineService } from "../../platform/definition";
import { auditHandlers } from "./audits";
import { cloudauditControlRoutes } from "./control";
import { deliveryOf, startDelivery } from "./delivery";
import { enableRegionHandlers } from "./enable-regions";
import { lookupHandlers } from "./lookup";
import { CLOUDAUDIT_REGIONS } from "./regions";
import { trackHandlers } from "./tracks";

/**
 * CloudAudit 2019-03-19: its events are the calls made to tclocal (the platform's audit trail); tracking sets
 * and audit tracks deliver them for real, as files kept in the store (see delivery.ts, delivered-files.ts).
 */
export const cloudaudit = defineService<"cloudaudit", CloudauditActions>({
  name: "cloudaudit",
  readsAuditTrail: true,
  regions: CLOUDAUDIT_REGIONS,
  handlers: {
    ...lookupHandlers,
    ...auditHandlers,
    ...trackHandlers,
    ...enableRegionHandlers,
  },
  onStart: (app) => {
    startDelivery(app);
  },
  // Records the audit trail published while stopping are delivered before the store closes.
  onStop: (app) => deliveryOf(app)?.flush(),
  controlRoutes: cloudauditControlRoutes,
});
