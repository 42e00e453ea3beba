import type { CvmActions } from "../../generated/models/cvm";
import { defineService } from "../../platform/definition";
import * as timer from "./action-timers";
import * as chc from "./chc-hosts";
import * as cfg from "./configs";
import { cvmControlRoutes } from "./control";
import { describeInstances, describeInstancesStatus } from "./describe";
import * as host from "./hosts";
import * as share from "./image-sharing";
import * as img from "./images";
import * as bill from "./instance-billing";
import * as chg from "./instance-changes";
import * as key from "./key-pairs";
import * as lt from "./launch-templates";
import * as pl from "./placement";
import { modifyInstancesAttribute, rebootInstances, startInstances, stopInstances, terminateInstances } from "./power";
import { describeRegions, describeZones } from "./regions";
import * as rep from "./repair-tasks";
import * as pool from "./resource-pools";
import { reconcile } from "./reconcile";
import { cvmResourceTags } from "./resource-tags";
import { inquiryPriceRunInstances, runInstances } from "./run-instances";
import { COMPUTE_REGIONS } from "./zones";

/**
 * cvm 2017-03-12: instances and everything they are made of — images, instance types, key pairs, launch
 * templates, placement groups, HPC clusters, dedicated hosts, CHC servers, resource pool packs, action timers —
 * placed in VPC networks (vpc/for-products) with CBS disks (cbs/for-products).
 */
export const cvm = defineService<"cvm", CvmActions>({
  name: "cvm",
  regions: COMPUTE_REGIONS,
  regionOptional: ["DescribeRegions"],
  defaultRegion: "ap-guangzhou",
  resourceMembers: { InstanceId: "instance", InstanceIds: "instance", ImageId: "image", ImageIds: "image", KeyId: "keypair", KeyIds: "keypair" },
  // qcs:resource_tag: an instance's, image's or key pair's Tags, when a policy tests them.
  resourceTags: cvmResourceTags,
  reconcile,
  controlRoutes: cvmControlRoutes,
  handlers: {
    RunInstances: runInstances, InquiryPriceRunInstances: inquiryPriceRunInstances, DescribeInstances: describeInstances, DescribeInstancesStatus: describeInstancesStatus,
    StartInstances: startInstances, StopInstances: stopInstances, RebootInstances: rebootInstances, TerminateInstances: terminateInstances,
    ModifyInstancesAttribute: modifyInstancesAttribute, DescribeZones: describeZones, DescribeRegions: describeRegions,

    CreateImage: img.createImage, DeleteImages: img.deleteImages, DescribeImages: img.describeImages, ModifyImageAttribute: img.modifyImageAttribute,
    DescribeImageQuota: img.describeImageQuota, DescribeImageFromFamily: img.describeImageFromFamily, ModifyImageSharePermission: share.modifyImageSharePermission,
    DescribeImageSharePermission: share.describeImageSharePermission, SyncImages: share.syncImages, ImportImage: share.importImage, ExportImages: share.exportImages,
    DescribeImportImageOs: share.describeImportImageOs,

    CreateKeyPair: key.createKeyPair, ImportKeyPair: key.importKeyPair, DeleteKeyPairs: key.deleteKeyPairs, DescribeKeyPairs: key.describeKeyPairs,
    ModifyKeyPairAttribute: key.modifyKeyPairAttribute, AssociateInstancesKeyPairs: key.associateInstancesKeyPairs, DisassociateInstancesKeyPairs: key.disassociateInstancesKeyPairs,

    DescribeInstanceTypeConfigs: cfg.describeInstanceTypeConfigs, DescribeZoneInstanceConfigInfos: cfg.describeZoneInstanceConfigInfos,
    DescribeInstanceFamilyConfigs: cfg.describeInstanceFamilyConfigs, DescribeInternetChargeTypeConfigs: cfg.describeInternetChargeTypeConfigs,
    DescribeInstanceInternetBandwidthConfigs: cfg.describeInstanceInternetBandwidthConfigs, DescribeAccountQuota: cfg.describeAccountQuota,

    CreateLaunchTemplate: lt.createLaunchTemplate, CreateLaunchTemplateVersion: lt.createLaunchTemplateVersion, DeleteLaunchTemplate: lt.deleteLaunchTemplate,
    DeleteLaunchTemplateVersions: lt.deleteLaunchTemplateVersions, DescribeLaunchTemplates: lt.describeLaunchTemplates,
    DescribeLaunchTemplateVersions: lt.describeLaunchTemplateVersions, ModifyLaunchTemplateDefaultVersion: lt.modifyLaunchTemplateDefaultVersion,

    CreateDisasterRecoverGroup: pl.createDisasterRecoverGroup, DeleteDisasterRecoverGroups: pl.deleteDisasterRecoverGroups,
    DescribeDisasterRecoverGroups: pl.describeDisasterRecoverGroups, DescribeDisasterRecoverGroupQuota: pl.describeDisasterRecoverGroupQuota,
    ModifyDisasterRecoverGroupAttribute: pl.modifyDisasterRecoverGroupAttribute, ModifyInstancesDisasterRecoverGroup: pl.modifyInstancesDisasterRecoverGroup,
    DeleteInstancesDisasterRecoverGroups: pl.deleteInstancesDisasterRecoverGroups,
    CreateHpcCluster: pl.createHpcCluster, DeleteHpcClusters: pl.deleteHpcClusters, DescribeHpcClusters: pl.describeHpcClusters, ModifyHpcClusterAttribute: pl.modifyHpcClusterAttribute,

    AllocateHosts: host.allocateHosts, DescribeHosts: host.describeHosts, ModifyHostsAttribute: host.modifyHostsAttribute, RenewHosts: host.renewHosts,
    InquiryPriceRenewHosts: host.inquiryPriceRenewHosts,

    ConfigureChcAssistVpc: chc.configureChcAssistVpc, ConfigureChcDeployVpc: chc.configureChcDeployVpc, RemoveChcAssistVpc: chc.removeChcAssistVpc,
    RemoveChcDeployVpc: chc.removeChcDeployVpc, DescribeChcDeniedActions: chc.describeChcDeniedActions, DescribeChcHosts: chc.describeChcHosts,
    ModifyChcAttribute: chc.modifyChcAttribute, ModifyChcNetworkMode: chc.modifyChcNetworkMode,

    PurchaseResourcePoolPacks: pool.purchaseResourcePoolPacks, InquirePricePurchaseResourcePoolPacks: pool.inquirePricePurchaseResourcePoolPacks,
    TerminateResourcePoolPacks: pool.terminateResourcePoolPacks, DescribeResourcePoolPacks: pool.describeResourcePoolPacks,
    DescribeResourcePoolPackInstances: pool.describeResourcePoolPackInstances, DescribeResourcePoolPackTypeConfigs: pool.describeResourcePoolPackTypeConfigs,

    DescribeTaskInfo: rep.describeTaskInfo, RepairTaskControl: rep.repairTaskControl,
    ImportInstancesActionTimer: timer.importInstancesActionTimer, DescribeInstancesActionTimer: timer.describeInstancesActionTimer,
    DeleteInstancesActionTimer: timer.deleteInstancesActionTimer,

    AssociateSecurityGroups: chg.associateSecurityGroups, DisassociateSecurityGroups: chg.disassociateSecurityGroups, ResetInstance: chg.resetInstance,
    InquiryPriceResetInstance: chg.inquiryPriceResetInstance, ResetInstancesPassword: chg.resetInstancesPassword, ModifyInstancesVpcAttribute: chg.modifyInstancesVpcAttribute,
    ModifyInstancesProject: chg.modifyInstancesProject, EnterRescueMode: chg.enterRescueMode, ExitRescueMode: chg.exitRescueMode,
    DescribeInstanceVncUrl: chg.describeInstanceVncUrl, DescribeInstancesAttributes: chg.describeInstancesAttributes,
    DescribeInstancesModification: chg.describeInstancesModification, DescribeInstancesOperationLimit: chg.describeInstancesOperationLimit,
    ConvertOperatingSystems: chg.convertOperatingSystems, ProgramFpgaImage: chg.programFpgaImage,

    ResetInstancesType: bill.resetInstancesType, InquiryPriceResetInstancesType: bill.inquiryPriceResetInstancesType, ResizeInstanceDisks: bill.resizeInstanceDisks,
    InquiryPriceResizeInstanceDisks: bill.inquiryPriceResizeInstanceDisks, ModifyInstanceDiskType: bill.modifyInstanceDiskType,
    ResetInstancesInternetMaxBandwidth: bill.resetInstancesInternetMaxBandwidth, InquiryPriceResetInstancesInternetMaxBandwidth: bill.inquiryPriceResetInstancesInternetMaxBandwidth,
    ModifyInstancesRenewFlag: bill.modifyInstancesRenewFlag, ModifyInstancesChargeType: bill.modifyInstancesChargeType,
    InquiryPriceModifyInstancesChargeType: bill.inquiryPriceModifyInstancesChargeType, RenewInstances: bill.renewInstances,
    InquiryPriceRenewInstances: bill.inquiryPriceRenewInstances, InquiryPriceTerminateInstances: bill.inquiryPriceTerminateInstances,
  },
});
