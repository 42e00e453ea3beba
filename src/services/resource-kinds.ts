import type { ProductName } from "../errors/catalog";
import type { ResourceKind } from "../platform/resource-kind";
import { camResources } from "./cam/resources";
import { cbsResources } from "./cbs/resources";
import { cloudauditResources } from "./cloudaudit/resources";
import { cosResources } from "./cos/resources";
import { cvmResources } from "./cvm/resources";
import { kmsResources } from "./kms/resources";
import { mongodbResources } from "./mongodb/resources";
import { vpcResources } from "./vpc/resources";
import { yunjingResources } from "./yunjing/resources";

/** The products whose resources are listed: the API 3.0 products and COS (XML API, served by its own pipeline). */
export type ResourceService = ProductName | "cos";

/**
 * The resource kinds each product shows in the console and `GET /_tclocal/resources`. A product declares its kinds
 * in its own `resources.ts` (the rows come from its own presenters) and adds one line here.
 */
export const resourceKinds: Partial<Record<ResourceService, readonly ResourceKind[]>> = {
  kms: kmsResources,
  cbs: cbsResources,
  cvm: cvmResources,
  vpc: vpcResources,
  mongodb: mongodbResources,
  cloudaudit: cloudauditResources,
  yunjing: yunjingResources,
  cam: camResources,
  cos: cosResources,
};
