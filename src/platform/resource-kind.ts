import type { ProductName } from "../errors/catalog";
import type { Collection } from "./collection";
import type { ActionContext } from "./service";

/** A column of the console's table: a member of the described resource (dotted path), and how to show it. */
export interface ResourceColumn {
  readonly field: string;
  /** "epoch-s": epoch seconds shown as a UTC date-time; otherwise the value as text. */
  readonly format?: "epoch-s";
}

/**
 * One kind of resource a product keeps, as the console and `GET /_tclocal/resources/…` list it. A product
 * declares its kinds in `src/services/<product>/resources.ts` and adds them to `src/services/resource-kinds.ts`;
 * the rows are produced by the product's own presenter (the code its Describe action uses), never a copy.
 */
// T defaults to any so that a registry (`ResourceKind[]`) holds every product's kinds, whatever their documents.
export interface ResourceKind<S extends ProductName = ProductName, T = any> {
  /** The URL segment: `/_tclocal/resources/kms/keys`. */
  readonly kind: string;
  readonly title: string;
  /** The action and member whose answer one row is, e.g. "DescribeKey KeyMetadata"; or why there is none. */
  readonly describedBy: string;
  readonly columns: readonly ResourceColumn[];
  /** The stored documents, keyed by the id the API names the resource with. */
  collection(ctx: ActionContext<S>): Collection<T>;
  /**
   * Documents the product keeps but its list action does not answer (terminated, other region). When absent, the
   * store counts and pages the collection itself, so a large collection costs one page.
   */
  visible?(ctx: ActionContext<S>, doc: T): boolean;
  /** The document's key in the collection (the detail route takes it). */
  id(doc: T): string;
  /** Members the Describe action answers that a control listing never shows (key material): answered as "******". */
  readonly secretMembers?: readonly string[];
  /** Prepares (once per request) the function that answers a resource exactly as `describedBy` does. */
  presenter(ctx: ActionContext<S>): Presenter<T> | Promise<Presenter<T>>;
}

/** Answers one document as the product's Describe action does. */
export type Presenter<T> = (doc: T) => object | Promise<object>;

/** Keeps the product and document types while checking the shape; methods, so a registry holds kinds of any product as `ResourceKind`. */
export function resourceKind<S extends ProductName, T>(kind: ResourceKind<S, T>): ResourceKind<S, T> {
  return kind;
}
