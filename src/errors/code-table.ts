/** Where a code comes from: the 26 common codes, a product's seed page, or the product's other API documentation. */
export type CodeOrigin = "common" | "seed" | "documented";

export interface CodeInfo {
  readonly origin: CodeOrigin;
  /** The product's English description, where the product publishes one. */
  readonly en?: string;
  /** The product's Chinese description. */
  readonly zh?: string;
}

export type CodeTable = Readonly<Record<string, CodeInfo>>;
