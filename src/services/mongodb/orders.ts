import type { ActionContext } from "../../platform/service";
import { round2 } from "./billing";

/**
 * Orders (DescribeDBInstanceDeal) and asynchronous requests (DescribeAsyncRequestInfo), as both API versions
 * produce them: every purchase, renewal and spec change places an order; backups, password changes, isolation
 * and offlining return an AsyncRequestId. Their state follows the emulator clock like the instance tasks.
 */

export type DealAction = "purchase" | "renew" | "upgrade" | "downgrade" | "refund";

export interface Deal {
  dealId: string;
  action: DealAction;
  instanceIds: string[];
  /** CNY: the list price and what was charged (or refunded). */
  originalPrice: number;
  discountPrice: number;
  createdAt: number;
  /** Delivery (the instance created, renewed or changed) ends then. */
  deliveredAt: number;
}

function deals(ctx: ActionContext<"mongodb">) {
  return ctx.docs<Deal>("deal", { region: "*" });
}

export async function recordDeal(ctx: ActionContext<"mongodb">, deal: Omit<Deal, "createdAt">): Promise<void> {
  await deals(ctx).put(deal.dealId, { ...deal, originalPrice: round2(deal.originalPrice), discountPrice: round2(deal.discountPrice), createdAt: ctx.now() });
}

export async function findDeal(ctx: ActionContext<"mongodb">, dealId: string): Promise<Deal | undefined> {
  return deals(ctx).get(dealId);
}

/** 3 delivering until the order's work is done, then 4 delivered; a refund is 6. */
export function dealStatus(deal: Deal, now: number): number {
  if (deal.action === "refund") return 6;
  return now < deal.deliveredAt ? 3 : 4;
}

export interface AsyncRequest {
  id: string;
  kind: string;
  instanceId: string;
  startedAt: number;
  endsAt: number;
}

function requests(ctx: ActionContext<"mongodb">) {
  return ctx.docs<AsyncRequest>("async-request", { region: "*" });
}

export async function recordAsyncRequest(ctx: ActionContext<"mongodb">, r: AsyncRequest): Promise<void> {
  await requests(ctx).put(r.id, r);
}

export async function findAsyncRequest(ctx: ActionContext<"mongodb">, id: string): Promise<AsyncRequest | undefined> {
  return requests(ctx).get(id);
}

/** `running` until the request's work ends, then `success` (the documented values). */
export function asyncStatus(r: AsyncRequest, now: number): "running" | "success" {
  return now < r.endsAt ? "running" : "success";
}
