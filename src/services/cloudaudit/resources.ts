import { resourceKind, type ResourceKind } from "../../platform/resource-kind";
import { trackView, tracksOf } from "./audit-track";
import { auditHandlers } from "./audits";
import { trackingSets, type TrackingSet } from "./tracking-set";

/** CloudAudit in the console and `GET /_tclocal/resources/cloudaudit/…`: tracks and tracking sets are per account, not per region. */
export const cloudauditResources: readonly ResourceKind[] = [
  resourceKind({
    kind: "tracks",
    title: "Tracks",
    describedBy: "DescribeAuditTracks Tracks",
    columns: [{ field: "TrackId" }, { field: "Name" }, { field: "Status" }, { field: "ActionType" }, { field: "ResourceType" }, { field: "Storage.StorageName" }, { field: "CreateTime" }],
    collection: (ctx) => tracksOf(ctx.tx, ctx.caller.uin),
    id: (t) => String(t.trackId),
    presenter: () => trackView,
  }),
  resourceKind<"cloudaudit", TrackingSet>({
    kind: "tracking-sets",
    title: "Tracking sets",
    describedBy: "DescribeAudit",
    columns: [
      { field: "AuditName" },
      { field: "AuditStatus" },
      { field: "CosRegion" },
      { field: "CosBucketName" },
      { field: "ReadWriteAttribute" },
      { field: "IsEnableCmqNotify" },
      { field: "IsEnableKmsEncry" },
    ],
    collection: (ctx) => trackingSets(ctx.tx, ctx.caller.uin),
    id: (s) => s.auditName,
    presenter: (ctx) => (s) => auditHandlers.DescribeAudit(ctx, { AuditName: s.auditName }),
  }),
];
