import type { CvmActions } from "../../generated/models/cvm";
import { defineService } from "../../platform/definition";
import { describeInstances, describeInstancesStatus } from "./describe";
import { modifyInstancesAttribute, rebootInstances, startInstances, stopInstances, terminateInstances } from "./power";
import { describeRegions, describeZones } from "./regions";
import { runInstances } from "./run-instances";
import { COMPUTE_REGIONS } from "./zones";

/**
 * cvm: the instance lifecycle CBS disks attach to and Host Security watches. Only these actions are
 * implemented; the rest of CVM answers UnsupportedOperation naming the action.
 */
export const cvm = defineService<"cvm", CvmActions>({
  name: "cvm",
  regions: COMPUTE_REGIONS,
  regionOptional: ["DescribeRegions"],
  defaultRegion: "ap-guangzhou",
  resourceMembers: { InstanceId: "instance", InstanceIds: "instance" },
  handlers: {
    RunInstances: runInstances,
    DescribeInstances: describeInstances,
    DescribeInstancesStatus: describeInstancesStatus,
    StartInstances: startInstances,
    StopInstances: stopInstances,
    RebootInstances: rebootInstances,
    TerminateInstances: terminateInstances,
    ModifyInstancesAttribute: modifyInstancesAttribute,
    DescribeZones: describeZones,
    DescribeRegions: describeRegions,
  },
});
