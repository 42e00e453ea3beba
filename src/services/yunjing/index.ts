import type { YunjingActions } from "../../generated/models/yunjing";
import { serviceCatalog } from "../../generated/catalog";
import { defineService } from "../../platform/definition";
import { accountComponentHandlers } from "./accounts-components";
import { attackLogHandlers } from "./attack-logs";
import { bashHandlers } from "./bash";
import { controlRoutes } from "./control";
import { escalationHandlers } from "./escalations";
import { exportHandlers } from "./exports";
import { syncCvmMachines } from "./machine-model";
import { loginRuleHandlers } from "./login-rules";
import { loginHandlers } from "./logins";
import { machineHandlers } from "./machines";
import { maliciousRequestHandlers } from "./malicious-requests";
import { malwareHandlers } from "./malware";
import { settlePro } from "./pro-model";
import { portProcessHandlers } from "./ports-processes";
import { proHandlers } from "./pro-version";
import { reportHandlers } from "./reports";
import { yunjingResourceTags } from "./resource-tags";
import { settingHandlers } from "./settings";
import { vulHandlers } from "./vuls";
import { weeklyReportHandlers } from "./weekly-reports";
import { HOME_REGION } from "./store";
import { tagHandlers } from "./tags";

/**
 * Host Security (yunjing 2018-02-28, "Cloud Workload Protection"). The regions are those of the product's API
 * request-structure page (cwp/yunjing service addresses); the Region parameter is optional on every action
 * and does not partition data (see store.ts).
 */
export const yunjing = defineService<"yunjing", YunjingActions>({
  name: "yunjing",
  regions: [
    "ap-guangzhou",
    "ap-shanghai",
    "ap-beijing",
    "ap-chengdu",
    "ap-chongqing",
    "ap-hongkong",
    "ap-singapore",
    "ap-bangkok",
    "ap-mumbai",
    "ap-seoul",
    "ap-tokyo",
    "na-ashburn",
    "na-siliconvalley",
    "eu-frankfurt",
  ],
  regionOptional: serviceCatalog.yunjing.actions,
  defaultRegion: HOME_REGION,
  handlers: {
    ...machineHandlers,
    ...tagHandlers,
    ...proHandlers,
    ...malwareHandlers,
    ...maliciousRequestHandlers,
    ...loginHandlers,
    ...loginRuleHandlers,
    ...vulHandlers,
    ...settingHandlers,
    ...portProcessHandlers,
    ...accountComponentHandlers,
    ...bashHandlers,
    ...escalationHandlers,
    ...attackLogHandlers,
    ...reportHandlers,
    ...weeklyReportHandlers,
    ...exportHandlers,
  },
  // CAM resource types are not documented for yunjing 2018-02-28; hosts are "machine" (Quuid), agents "agent" (Uuid).
  resourceMembers: { Uuid: "agent", Uuids: "agent", Quuid: "machine", Quuids: "machine" },
  // qcs:resource_tag: a CVM host's instance Tags, when a policy tests them.
  resourceTags: yunjingResourceTags,
  async reconcile(ctx) {
    await syncCvmMachines(ctx);
    await settlePro(ctx);
  },
  controlRoutes,
});
