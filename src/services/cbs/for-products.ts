/**
 * What other products use of CBS, in the caller's account and the same transaction: CVM buys, shows, changes and
 * releases the disks of its instances, and makes custom images from their snapshots.
 */
export {
  attachedDataDisks, createInstanceDisk, diskMonthlyPrice, extendInstanceDisks, findDisk, instanceDisks, instanceRefusesDisks, isDiskRefusal, MAX_ATTACHED_DATA_DISKS,
  periodDiscount, planInstanceDisk, releaseInstanceDisks, round2, updateInstanceDisk,
  type DiskRefusal, type InstanceDiskPlan, type InstanceDiskView,
} from "./instance-disks";
export { DISK_TYPES, isDiskType, type DiskType } from "./disk-types";
export { bindSnapshotToImage, copyImageSnapshots, findSnapshot, releaseImageSnapshots, snapshotDiskForImage, type ImageSnapshot } from "./image-snapshots";
