import type { InstanceDetail } from "tencentcloud-sdk-nodejs/tencentcloud/services/mongodb/v20190725/mongodb_models";
import { formatDateTime } from "../../platform/clock";
import { tierOf } from "./catalogue";
import { statusOf, statusOf2019, withDefaults, type MongoInstance, type Phase } from "./instance";

const GB = 1024;

/** The instances related to one (its read-only, disaster-recovery and clone instances, or its primary). */
export interface Relations {
  readonly: MongoInstance[];
  standby: MongoInstance[];
  clones: MongoInstance[];
  father?: MongoInstance;
}

export function relationsOf(inst: MongoInstance, all: MongoInstance[]): Relations {
  const children = all.filter((o) => o.father === inst.InstanceId);
  return {
    readonly: children.filter((o) => o.instanceType === 3),
    standby: children.filter((o) => o.instanceType === 4),
    clones: children.filter((o) => o.instanceType === 2),
    father: inst.father ? all.find((o) => o.InstanceId === inst.father) : undefined,
  };
}

const ref = (o: MongoInstance) => ({ InstanceId: o.InstanceId, Region: o.region });

/**
 * An instance as 2019-07-25's DescribeDBInstances answers it: sizes in MB, totals over the shards, Vip once
 * it runs. 2018-04-08's answer is the same without the members 2019-07-25 added (see `detail2018`).
 */
export function detail2019(stored: MongoInstance, phase: Phase, rel: Relations, api: "2018" | "2019" = "2019"): InstanceDetail {
  const inst = withDefaults(stored);
  const { status, desc } = api === "2019" ? statusOf2019(phase, inst) : statusOf(phase, inst);
  const shards = inst.replicaSetNum;
  const delivered = phase !== "creating";
  const cpu = inst.cpu || (tierOf(inst.memoryGb)?.cpu ?? 0);
  const readonlyNodes = inst.nodes.filter((n) => n.role === "READONLY").length;
  return {
    InstanceId: inst.InstanceId,
    InstanceName: inst.name,
    PayMode: inst.payMode,
    ProjectId: inst.projectId,
    ClusterType: inst.clusterType,
    Region: inst.region,
    Zone: inst.zone,
    NetType: inst.vpcId ? 1 : 0,
    VpcId: inst.vpcId,
    SubnetId: inst.subnetId,
    Status: status,
    Vip: delivered ? inst.vip : "",
    Vport: 27017,
    CreateTime: formatDateTime(inst.createdAt),
    DeadLine: formatDateTime(inst.deadline),
    MongoVersion: inst.version,
    Memory: inst.memoryGb * GB * shards,
    Volume: inst.volumeGb * GB * shards,
    CpuNum: cpu * shards,
    MachineType: inst.machineType,
    SecondaryNum: inst.secondaryNum,
    ReplicationSetNum: shards,
    AutoRenewFlag: inst.autoRenewFlag,
    // The data plane is not emulated: no data is ever written.
    UsedVolume: 0,
    MaintenanceStart: `${inst.maintenance.start}:00`,
    MaintenanceEnd: `${inst.maintenance.end}:00`,
    ReplicaSets: Array.from({ length: shards }, (_, i) => {
      const id = `${inst.InstanceId}_${i}`;
      return {
        UsedVolume: 0,
        ReplicaSetId: id,
        ReplicaSetName: id,
        Memory: inst.memoryGb * GB,
        Volume: inst.volumeGb * GB,
        OplogSize: inst.oplogGb * GB,
        SecondaryNum: inst.secondaryNum,
        RealReplicaSetId: id,
      };
    }),
    ReadonlyInstances: rel.readonly.map(ref),
    StandbyInstances: rel.standby.map(ref),
    CloneInstances: rel.clones.map(ref),
    RelatedInstance: rel.father ? ref(rel.father) : rel.clones[0] ? ref(rel.clones[0]) : { InstanceId: "", Region: "" },
    Tags: inst.tags,
    InstanceVer: 4,
    ClusterVer: 1,
    Protocol: 1,
    InstanceType: inst.instanceType,
    InstanceStatusDesc: desc,
    RealInstanceId: inst.InstanceId,
    ZoneList: inst.zoneList.length > 1 ? inst.zoneList : [],
    MongosNodeNum: inst.mongos.nodeNum,
    MongosMemory: inst.mongos.memoryGb * GB,
    MongosCpuNum: inst.mongos.cpu,
    ConfigServerNodeNum: inst.clusterType === 1 ? 3 : 0,
    ConfigServerMemory: inst.clusterType === 1 ? 2 * GB : 0,
    ConfigServerVolume: inst.clusterType === 1 ? 20 * GB : 0,
    ConfigServerCpuNum: inst.clusterType === 1 ? 1 : 0,
    ReadonlyNodeNum: readonlyNodes,
  };
}
