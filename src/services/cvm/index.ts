import type { CvmActions } from "../../generated/models/cvm";
import { defineService } from "../../platform/definition";
import * as cfg from "./configs";
import { describeInstances, describeInstancesStatus } from "./describe";
import * as img from "./images";
import * as key from "./key-pairs";
import { modifyInstancesAttribute, rebootInstances, startInstances, stopInstances, terminateInstances } from "./power";
import { describeRegions, describeZones } from "./regions";
import { inquiryPriceRunInstances, runInstances } from "./run-instances";
import { COMPUTE_REGIONS } from "./zones";

/**
 * cvm 2017-03-12: instances and everything they are made of — images, instance types, key pairs, launch
 * templates, placement groups, HPC clusters, dedicated hosts — placed in VPC networks, with CBS disks.
 */
export const cvm = defineService<"cvm", CvmActions>({
  name: "cvm",
  regions: COMPUTE_REGIONS,
  regionOptional: ["DescribeRegions"],
  defaultRegion: "ap-guangzhou",
  resourceMembers: { InstanceId: "instance", InstanceIds: "instance", ImageId: "image", ImageIds: "image", KeyId: "keypair", KeyIds: "keypair" },
  handlers: {
    RunInstances: runInstances,
    InquiryPriceRunInstances: inquiryPriceRunInstances,
    DescribeInstances: describeInstances,
    DescribeInstancesStatus: describeInstancesStatus,
    StartInstances: startInstances,
    StopInstances: stopInstances,
    RebootInstances: rebootInstances,
    TerminateInstances: terminateInstances,
    ModifyInstancesAttribute: modifyInstancesAttribute,
    DescribeZones: describeZones,
    DescribeRegions: describeRegions,

    CreateImage: img.createImage, DeleteImages: img.deleteImages, DescribeImages: img.describeImages, ModifyImageAttribute: img.modifyImageAttribute,
    DescribeImageQuota: img.describeImageQuota, DescribeImageFromFamily: img.describeImageFromFamily,

    CreateKeyPair: key.createKeyPair, ImportKeyPair: key.importKeyPair, DeleteKeyPairs: key.deleteKeyPairs, DescribeKeyPairs: key.describeKeyPairs,
    ModifyKeyPairAttribute: key.modifyKeyPairAttribute, AssociateInstancesKeyPairs: key.associateInstancesKeyPairs,
    DisassociateInstancesKeyPairs: key.disassociateInstancesKeyPairs,

    DescribeInstanceTypeConfigs: cfg.describeInstanceTypeConfigs, DescribeZoneInstanceConfigInfos: cfg.describeZoneInstanceConfigInfos,
    DescribeInstanceFamilyConfigs: cfg.describeInstanceFamilyConfigs, DescribeInternetChargeTypeConfigs: cfg.describeInternetChargeTypeConfigs,
    DescribeInstanceInternetBandwidthConfigs: cfg.describeInstanceInternetBandwidthConfigs, DescribeAccountQuota: cfg.describeAccountQuota,
  },
});
