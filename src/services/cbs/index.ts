import type { CbsActions } from "../../generated/models/cbs";
import { defineService } from "../../platform/definition";
import { COMPUTE_REGIONS } from "../cvm/for-products";
import { attachDisks, describeInstancesDiskNum, detachDisks } from "./attach";
import { applyDiskBackup, createDiskBackup, deleteDiskBackups, describeDiskBackups, inquirePriceModifyDiskBackupQuota, modifyDiskBackupQuota } from "./backups";
import {
  inquirePriceModifyDiskExtraPerformance,
  inquiryPriceCreateDisks,
  inquiryPriceRenewDisks,
  inquiryPriceResizeDisk,
  modifyDisksChargeType,
  modifyDisksRenewFlag,
  renewDisk,
} from "./billing";
import { describeDiskConfigQuota } from "./configs";
import { cbsControlRoutes } from "./control";
import { describeDedicatedClusterDiskStatistics, describeDiskStoragePool } from "./dedicated";
import { initializeDisks, modifyDiskAttributes, modifyDiskExtraPerformance, resizeDisk } from "./disk-changes";
import { createDisks, describeDisks, terminateDisks } from "./disks";
import { applySnapshotGroup, createSnapshotGroup, deleteSnapshotGroup, describeSnapshotGroups } from "./groups";
import {
  bindAutoSnapshotPolicy,
  copyAutoSnapshotPolicyCrossAccount,
  createAutoSnapshotPolicy,
  deleteAutoSnapshotPolicies,
  describeAutoSnapshotPolicies,
  describeDiskAssociatedAutoSnapshotPolicy,
  modifyAutoSnapshotPolicyAttribute,
  unbindAutoSnapshotPolicy,
} from "./policies";
import { reconcile } from "./reconcile";
import { cbsResourceTags } from "./resource-tags";
import {
  attachRemoteDisks,
  createRemoteDisks,
  describeRemoteDiskConfigQuota,
  describeRemoteDisks,
  describeRemoteDisksDeniedActions,
  detachRemoteDisks,
  inquirePriceCreateRemoteDisks,
  inquirePriceRenewRemoteDisks,
  modifyRemoteDiskAttributes,
  renewRemoteDisk,
  switchParameterCreateRemoteDisks,
  switchParameterRenewRemoteDisks,
  terminateRemoteDisks,
} from "./remote-disks";
import { copySnapshotCrossRegions, describeSnapshotSharePermission, modifySnapshotsSharePermission } from "./share";
import {
  applySnapshot,
  createSnapshot,
  deleteSnapshots,
  describeSnapshotOverview,
  describeSnapshots,
  getSnapOverview,
  modifySnapshotAttribute,
} from "./snapshots";

/** cbs: Cloud Block Storage 2017-03-12, every action, over the disks CVM instances carry (see docs/services/cbs.md). */
export const cbs = defineService<"cbs", CbsActions>({
  name: "cbs",
  regions: COMPUTE_REGIONS,
  resourceMembers: {
    DiskId: "volume",
    DiskIds: "volume",
    InstanceId: "instance",
    InstanceIds: "instance",
    SnapshotId: "snap",
    SnapshotIds: "snap",
  },
  // qcs:resource_tag: a disk's, snapshot's or instance's Tags, when a policy tests them.
  resourceTags: cbsResourceTags,
  reconcile,
  controlRoutes: cbsControlRoutes,
  handlers: {
    CreateDisks: createDisks,
    DescribeDisks: describeDisks,
    TerminateDisks: terminateDisks,
    AttachDisks: attachDisks,
    DetachDisks: detachDisks,
    DescribeInstancesDiskNum: describeInstancesDiskNum,
    ModifyDiskAttributes: modifyDiskAttributes,
    ResizeDisk: resizeDisk,
    InitializeDisks: initializeDisks,
    ModifyDiskExtraPerformance: modifyDiskExtraPerformance,
    InquiryPriceCreateDisks: inquiryPriceCreateDisks,
    InquiryPriceRenewDisks: inquiryPriceRenewDisks,
    InquiryPriceResizeDisk: inquiryPriceResizeDisk,
    InquirePriceModifyDiskExtraPerformance: inquirePriceModifyDiskExtraPerformance,
    RenewDisk: renewDisk,
    ModifyDisksChargeType: modifyDisksChargeType,
    ModifyDisksRenewFlag: modifyDisksRenewFlag,
    DescribeDiskConfigQuota: describeDiskConfigQuota,
    CreateSnapshot: createSnapshot,
    DescribeSnapshots: describeSnapshots,
    DeleteSnapshots: deleteSnapshots,
    ModifySnapshotAttribute: modifySnapshotAttribute,
    ApplySnapshot: applySnapshot,
    DescribeSnapshotOverview: describeSnapshotOverview,
    GetSnapOverview: getSnapOverview,
    ModifySnapshotsSharePermission: modifySnapshotsSharePermission,
    DescribeSnapshotSharePermission: describeSnapshotSharePermission,
    CopySnapshotCrossRegions: copySnapshotCrossRegions,
    CreateSnapshotGroup: createSnapshotGroup,
    DescribeSnapshotGroups: describeSnapshotGroups,
    DeleteSnapshotGroup: deleteSnapshotGroup,
    ApplySnapshotGroup: applySnapshotGroup,
    CreateAutoSnapshotPolicy: createAutoSnapshotPolicy,
    DescribeAutoSnapshotPolicies: describeAutoSnapshotPolicies,
    ModifyAutoSnapshotPolicyAttribute: modifyAutoSnapshotPolicyAttribute,
    DeleteAutoSnapshotPolicies: deleteAutoSnapshotPolicies,
    BindAutoSnapshotPolicy: bindAutoSnapshotPolicy,
    UnbindAutoSnapshotPolicy: unbindAutoSnapshotPolicy,
    DescribeDiskAssociatedAutoSnapshotPolicy: describeDiskAssociatedAutoSnapshotPolicy,
    CopyAutoSnapshotPolicyCrossAccount: copyAutoSnapshotPolicyCrossAccount,
    CreateDiskBackup: createDiskBackup,
    DescribeDiskBackups: describeDiskBackups,
    DeleteDiskBackups: deleteDiskBackups,
    ApplyDiskBackup: applyDiskBackup,
    ModifyDiskBackupQuota: modifyDiskBackupQuota,
    InquirePriceModifyDiskBackupQuota: inquirePriceModifyDiskBackupQuota,
    DescribeDiskStoragePool: describeDiskStoragePool,
    DescribeDedicatedClusterDiskStatistics: describeDedicatedClusterDiskStatistics,
    CreateRemoteDisks: createRemoteDisks,
    DescribeRemoteDisks: describeRemoteDisks,
    AttachRemoteDisks: attachRemoteDisks,
    DetachRemoteDisks: detachRemoteDisks,
    TerminateRemoteDisks: terminateRemoteDisks,
    ModifyRemoteDiskAttributes: modifyRemoteDiskAttributes,
    RenewRemoteDisk: renewRemoteDisk,
    InquirePriceCreateRemoteDisks: inquirePriceCreateRemoteDisks,
    InquirePriceRenewRemoteDisks: inquirePriceRenewRemoteDisks,
    DescribeRemoteDiskConfigQuota: describeRemoteDiskConfigQuota,
    DescribeRemoteDisksDeniedActions: describeRemoteDisksDeniedActions,
    SwitchParameterCreateRemoteDisks: switchParameterCreateRemoteDisks,
    SwitchParameterRenewRemoteDisks: switchParameterRenewRemoteDisks,
  },
});
