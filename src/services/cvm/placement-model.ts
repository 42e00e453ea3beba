import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";
import type { Tag } from "./instance-model";

/**
 * Where instances are placed besides a zone: placement (disaster-recover) groups, HPC clusters and dedicated
 * hosts (CDH). Instances name them (InstanceDoc.DisasterRecoverGroupId / HpcClusterId / HostId); the members of
 * each are derived from the instances, so a terminated instance leaves at once.
 */
export interface PlacementGroupDoc {
  DisasterRecoverGroupId: string;
  Name: string;
  /** HOST (physical machine), SW (switch), RACK. */
  Type: "HOST" | "SW" | "RACK";
  Affinity: number;
  Strategy: string;
  PartitionCount: number;
  createdAt: number;
  Tags: Tag[];
}

/** Instances per placement group, by type (the API reference's CvmQuotaTotal: HOST 50, SW 20, RACK 20). */
export const GROUP_CAPACITY: Record<PlacementGroupDoc["Type"], number> = { HOST: 50, SW: 20, RACK: 20 };
/** Placement groups per account and region (DescribeDisasterRecoverGroupQuota GroupQuota). */
export const GROUP_QUOTA = 10;

export interface HpcClusterDoc {
  HpcClusterId: string;
  Name: string;
  Remark: string;
  Zone: string;
  HpcClusterType: string;
  HpcClusterBusinessId: string;
  createdAt: number;
  Tags: Tag[];
}

/** Instances per HPC cluster (CvmQuotaTotal). */
export const HPC_CAPACITY = 500;

/** A dedicated host (CDH): its size, and the instances it runs take its cores and memory. */
export interface HostDoc {
  HostId: string;
  HostName: string;
  HostType: string;
  Zone: string;
  ProjectId: number;
  HostChargeType: string;
  RenewFlag: string;
  createdAt: number;
  deadline: number | null;
  paid: number;
  HostIp: string;
  Tags: Tag[];
}

/** CDH host types tclocal sells: cores, memory (GiB), local disk (GiB) and monthly price (CNY). */
export const HOST_TYPES: Record<string, { cpu: number; mem: number; disk: number; diskType: string; monthly: number }> = {
  HS10: { cpu: 56, mem: 224, disk: 3520, diskType: "LOCAL_BASIC", monthly: 6000 },
  HS20: { cpu: 56, mem: 224, disk: 3520, diskType: "LOCAL_BASIC", monthly: 6500 },
  HS50: { cpu: 60, mem: 480, disk: 0, diskType: "", monthly: 7000 },
  HC20: { cpu: 56, mem: 112, disk: 0, diskType: "", monthly: 5500 },
  HM20: { cpu: 56, mem: 448, disk: 0, diskType: "", monthly: 8000 },
  HI20: { cpu: 56, mem: 224, disk: 4 * 3720, diskType: "LOCAL_SSD", monthly: 9000 },
};

export const placementGroups = (ctx: ActionContext<ProductName>) => ctx.as("cvm").docs<PlacementGroupDoc>("placement-group");
export const hpcClusters = (ctx: ActionContext<ProductName>) => ctx.as("cvm").docs<HpcClusterDoc>("hpc-cluster");
export const hosts = (ctx: ActionContext<ProductName>) => ctx.as("cvm").docs<HostDoc>("host");
