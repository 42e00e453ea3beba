import { camCodes } from "./codes/cam";
import { cbsCodes } from "./codes/cbs";
import { cloudauditCodes } from "./codes/cloudaudit";
import { cvmCodes } from "./codes/cvm";
import { kmsCodes } from "./codes/kms";
import { mongodbCodes } from "./codes/mongodb";
import { stsCodes } from "./codes/sts";
import { vpcCodes } from "./codes/vpc";
import { yunjingCodes } from "./codes/yunjing";
import type { CodeInfo } from "./code-table";

/** Every error code tclocal can answer, per product, with the product's own descriptions. */
export const errorCatalog = {
  yunjing: yunjingCodes,
  mongodb: mongodbCodes,
  kms: kmsCodes,
  cbs: cbsCodes,
  cvm: cvmCodes,
  vpc: vpcCodes,
  cloudaudit: cloudauditCodes,
  cam: camCodes,
  sts: stsCodes,
} as const;

export type ProductName = keyof typeof errorCatalog;

/** The codes a product can answer. A handler can only raise one of these: a typo does not compile. */
export type ErrorCode<P extends ProductName> = Extract<keyof (typeof errorCatalog)[P], string>;

/** The 26 codes every product shares. */
export type CommonCode = {
  [C in ErrorCode<"kms">]: (typeof kmsCodes)[C]["origin"] extends "common" ? C : never;
}[ErrorCode<"kms">];

export type Language = "en-US" | "zh-CN";

export function isErrorCode<P extends ProductName>(product: P, code: string): code is ErrorCode<P> {
  return Object.prototype.hasOwnProperty.call(errorCatalog[product], code);
}

export function codeInfo(product: ProductName, code: string): CodeInfo | undefined {
  return isErrorCode(product, code) ? (errorCatalog[product] as Record<string, CodeInfo>)[code] : undefined;
}

/** The product's description of a code in the caller's language, falling back to the other language. */
export function describeCode(product: ProductName, code: string, language: Language = "en-US"): string {
  const info = codeInfo(product, code);
  const text = language === "zh-CN" ? info?.zh ?? info?.en : info?.en ?? info?.zh;
  return text ?? code;
}
