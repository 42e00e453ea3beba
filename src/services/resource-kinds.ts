import type { ProductName } from "../errors/catalog";
import type { ResourceKind } from "../platform/resource-kind";
import { cbsResources } from "./cbs/resources";
import { cloudauditResources } from "./cloudaudit/resources";
import { cvmResources } from "./cvm/resources";
import { kmsResources } from "./kms/resources";
import { mongodbResources } from "./mongodb/resources";
import { yunjingResources } from "./yunjing/resources";

/**
 * The resource kinds each product shows in the console and `GET /_tclocal/resources`. A product declares its kinds
 * in its own `resources.ts` (the rows come from its own presenters) and adds one line here.
 */
export const resourceKinds: Partial<Record<ProductName, readonly ResourceKind[]>> = {
  kms: kmsResources,
  cbs: cbsResources,
  cvm: cvmResources,
  mongodb: mongodbResources,
  cloudaudit: cloudauditResources,
  yunjing: yunjingResources,
};
