import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";
import type { Tag } from "./instance-model";

/** The RunInstances members a launch template version keeps (LaunchTemplateVersionData). */
export type TemplateData = Partial<Omit<m.RunInstancesRequest, "LaunchTemplate" | "DryRun" | "ChcIds">>;

export interface LaunchTemplateDoc {
  LaunchTemplateId: string;
  LaunchTemplateName: string;
  DefaultVersionNumber: number;
  LatestVersionNumber: number;
  versions: { number: number; description: string; data: TemplateData; createdAt: number }[];
  createdAt: number;
  Tags: Tag[];
}

/** Templates per region and versions per template (tclocal's numbers, after the real defaults 30 and 30). */
export const TEMPLATE_QUOTA = 30;
export const VERSION_QUOTA = 30;

export const launchTemplates = (ctx: ActionContext<ProductName>) => ctx.as("cvm").docs<LaunchTemplateDoc>("launch-template");
export const TEMPLATE_ID = /^lt-[a-z0-9]{8}$/;
