import type { App } from "../app";
import type { ProductName } from "../errors/catalog";
import type { ControlRoute } from "../control/router";
import { serviceCatalog } from "../generated/catalog";
import type { ActionContext } from "./service";

/** The SDK writes parameterless requests as `null`. */
export type Req<T> = [T] extends [null] ? Record<string, never> : T;
/** A handler returns the response members; the gateway adds RequestId. */
export type Res<T> = Omit<T, "RequestId">;

export interface ActionModel {
  req: unknown;
  res: unknown;
}

/** A handler may be async (it awaits the store) or plain (it answers from constants). */
export type Handler<S extends ProductName, A extends ActionModel> = (
  ctx: ActionContext<S>,
  req: Req<A["req"]>,
) => Res<A["res"]> | Promise<Res<A["res"]>>;

export type Handlers<S extends ProductName, M> = {
  [A in keyof M]?: M[A] extends ActionModel ? Handler<S, M[A]> : never;
};

/** A resource a call names: its CAM resource type (`key`, `instance`, `volume`) and id, as the request wrote it. */
export interface ResourceRef {
  readonly type: string;
  readonly id: string;
}

/** `key&value` of each tag, the form of CAM's `qcs:resource_tag` and `qcs:request_tag`. */
export function tagPairs(tags: readonly { Key: string; Value: string }[] | undefined): string[] {
  return (tags ?? []).map((t) => `${t.Key}&${t.Value}`);
}

/**
 * A product: its action handlers (typed by the SDK's own XxxRequest/XxxResponse models) and the facts the
 * gateway needs about it. Business rules live in the product's model files, not here.
 */
export interface ServiceDefinition<S extends ProductName = ProductName, M = Record<string, ActionModel>> {
  readonly name: S;
  /** The regions the product serves; other known regions answer UnsupportedRegion. */
  readonly regions: readonly string[];
  /** Actions whose documentation says the Region common parameter is not required. */
  readonly regionOptional?: readonly string[];
  /** Region used for region-less calls to those actions. */
  readonly defaultRegion?: string;
  /** The handlers of the product's latest API version (the catalog's `version`). */
  readonly handlers: Handlers<S, M>;
  /**
   * A product serving older API versions too (MongoDB 2018-04-08 beside 2019-07-25): their handlers by version,
   * typed by each version's own models (see `handlersOf`).
   */
  readonly olderVersions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Requests per second per account and action, when rate limiting is on. */
  readonly rateLimits?: { readonly default?: number } & { readonly [action: string]: number | undefined };
  /** Request members that name resources, and the CAM resource type they name (KeyId → "key"). */
  readonly resourceMembers?: Readonly<Record<string, string>>;
  /**
   * The CAM resource names a call names, when some need the store to know (CAM: a user's Name → its Uin). With
   * it the gateway checks the action only, and dispatch checks these names in the call's transaction before the
   * handler runs (none: the call is judged on `*`).
   */
  readonly resourceNames?: (ctx: ActionContext<S>, params: Record<string, unknown>) => Promise<readonly string[]>;
  /**
   * The tags of the resources a call names (its `resourceMembers`), as `key&value`, one list per resource in the
   * order given (empty: untagged or not found): CAM's `qcs:resource_tag`. Read in the call's transaction before
   * the handler, and only when the caller's policies test that key; the gateway then checks the action only.
   */
  readonly resourceTags?: (ctx: ActionContext<S>, resources: readonly ResourceRef[]) => Promise<readonly (readonly string[])[]>;
  /**
   * The product reads the audit trail (CloudAudit): buffered records are written before its transaction opens,
   * so a call answered a moment ago is found.
   */
  readonly readsAuditTrail?: boolean;
  /** Runs in each call's transaction before the handler: materializes what the clock has made due. */
  readonly reconcile?: (ctx: ActionContext<S>) => Promise<void>;
  /** Called once when the emulator starts (CloudAudit subscribes to the audit trail here). */
  readonly onStart?: (app: App) => void | Promise<void>;
  /** Called once when the emulator stops, after the audit trail's last write and before the store closes. */
  readonly onStop?: (app: App) => void | Promise<void>;
  /** Product routes under /_tclocal/<name>/… (seeding detections, slow logs, buckets). */
  readonly controlRoutes?: readonly ControlRoute[];
}

/** Keeps the literal service name and the model map while checking the shape. */
export function defineService<S extends ProductName, M>(definition: ServiceDefinition<S, M>): ServiceDefinition<S, M> {
  return definition;
}

/** The handlers a product has for one of its API versions (none for a version it does not serve). */
export function handlersOf(def: ServiceDefinition, version: string): Readonly<Record<string, unknown>> {
  return version === serviceCatalog[def.name].version ? def.handlers : (def.olderVersions?.[version] ?? {});
}

/** Read-only calls (CloudAudit's ReadOnly): Describe*, List*, Get*, Inquiry*, LookUp*, … */
export function isReadOnlyAction(action: string): boolean {
  return /^(Describe|List|Get|Inquir|LookUp|Query|Check|Search|Export|Verify)/.test(action);
}
