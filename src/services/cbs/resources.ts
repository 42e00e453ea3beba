import { resourceKind, type ResourceKind } from "../../platform/resource-kind";
import { presentDisk } from "./disk-access";
import type { DiskDoc } from "./disk-model";
import { presentSnapshotGroup, snapshotGroups } from "./groups";
import { presentPolicy } from "./policies";
import { policies, type PolicyDoc } from "./policy-model";
import { snapshots, type SnapshotDoc } from "./snapshot-model";
import { presentSnapshot } from "./snapshots";

/** CBS in the console and `GET /_tclocal/resources/cbs/…`: each row as the product's Describe action presents it. */
export const cbsResources: readonly ResourceKind[] = [
  resourceKind<"cbs", DiskDoc>({
    kind: "disks",
    title: "Disks",
    describedBy: "DescribeDisks DiskSet",
    columns: [
      { field: "DiskId" },
      { field: "DiskName" },
      { field: "DiskState" },
      { field: "DiskType" },
      { field: "DiskSize" },
      { field: "DiskUsage" },
      { field: "DiskChargeType" },
      { field: "InstanceId" },
      { field: "Placement.Zone" },
      { field: "CreateTime" },
    ],
    collection: (ctx) => ctx.docs<DiskDoc>("disk"),
    id: (d) => d.DiskId,
    presenter: (ctx) => (d) => presentDisk(ctx, d, false),
  }),
  resourceKind<"cbs", SnapshotDoc>({
    kind: "snapshots",
    title: "Snapshots",
    describedBy: "DescribeSnapshots SnapshotSet",
    columns: [
      { field: "SnapshotId" },
      { field: "SnapshotName" },
      { field: "SnapshotState" },
      { field: "Percent" },
      { field: "DiskId" },
      { field: "DiskSize" },
      { field: "DiskUsage" },
      { field: "CreateTime" },
    ],
    collection: (ctx) => snapshots(ctx),
    id: (s) => s.SnapshotId,
    presenter: (ctx) => (s) => presentSnapshot(ctx, s, false),
  }),
  resourceKind({
    kind: "snapshot-groups",
    title: "Snapshot groups",
    describedBy: "DescribeSnapshotGroups SnapshotGroupSet",
    columns: [{ field: "SnapshotGroupId" }, { field: "SnapshotGroupName" }, { field: "SnapshotGroupState" }, { field: "Percent" }, { field: "SnapshotIdSet" }, { field: "CreateTime" }],
    collection: snapshotGroups,
    id: (g) => g.SnapshotGroupId,
    presenter: (ctx) => (g) => presentSnapshotGroup(ctx, g),
  }),
  resourceKind<"cbs", PolicyDoc>({
    kind: "auto-snapshot-policies",
    title: "Auto-snapshot policies",
    describedBy: "DescribeAutoSnapshotPolicies AutoSnapshotPolicySet",
    columns: [
      { field: "AutoSnapshotPolicyId" },
      { field: "AutoSnapshotPolicyName" },
      { field: "AutoSnapshotPolicyState" },
      { field: "IsActivated" },
      { field: "NextTriggerTime" },
      { field: "DiskIdSet" },
      { field: "CreateTime" },
    ],
    collection: (ctx) => policies(ctx),
    id: (p) => p.AutoSnapshotPolicyId,
    presenter: (ctx) => (p) => presentPolicy(ctx, p),
  }),
];
