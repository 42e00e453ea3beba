import { cmks, CMK_LIMIT } from "../cmk";
import { DATA_KEY_LIMIT, dataKeys } from "../datakey";
import { algorithmsByGroup } from "../key-usage";
import { KMS_REGIONS } from "../regions";
import type { KmsHandlers } from "./types";

/** Service-level facts: regions, algorithms, the account's service status. */

/** The default symmetric-operation QPS of the shared (non-exclusive) service ("默认 300 次/秒"). */
const DEFAULT_QPS = 300;

export const serviceHandlers: KmsHandlers = {
  GetRegions() {
    return { Regions: [...KMS_REGIONS] };
  },

  ListAlgorithms() {
    const groups = algorithmsByGroup();
    return { SymmetricAlgorithms: groups.symmetric, AsymmetricAlgorithms: groups.asymmetric, AsymmetricSignVerifyAlgorithms: groups.signVerify };
  },

  async GetServiceStatus(ctx) {
    const used = (await cmks(ctx).all()).filter((k) => k.keyState !== "PendingDelete").length;
    return {
      ServiceEnabled: true,
      InvalidType: 1, // 1: normal
      UserLevel: 0,
      ProExpireTime: 0,
      ProRenewFlag: 0,
      ProResourceId: "",
      ExclusiveVSMEnabled: false,
      ExclusiveHSMEnabled: false,
      SubscriptionInfo: "",
      CmkUserCount: used,
      CmkLimit: CMK_LIMIT,
      ExclusiveHSMList: [],
      IsAllowedDataKeyHosted: true,
      DataKeyLimit: DATA_KEY_LIMIT,
      FreeDataKeyLimit: DATA_KEY_LIMIT,
      DataKeyUsedCount: await dataKeys(ctx).count(),
      SyncTaskList: [],
      IsAllowedSync: false,
      QpsLimit: DEFAULT_QPS,
      QpsTotalLimit: DEFAULT_QPS,
      RegionsQps: [],
      ResourceZone: 0,
      ResourceRegion: 0,
    };
  },
};
