import type { AttributeKeyDetail } from "tencentcloud-sdk-nodejs/tencentcloud/services/cloudaudit/v20190319/cloudaudit_models";
import type { CloudauditActions } from "../../generated/models/cloudaudit";
import type { Handlers } from "../../platform/definition";
import type { ActionContext } from "../../platform/service";
import { deliveryOf } from "./delivery";
import { checkMaxResults, checkTimeRange, compileAttributes, decodeToken, encodeToken, searchEvents } from "./event-query";
import { toEvent } from "./events";
import type { WebsiteType } from "./regions";

/** The event searches (LookUpEvents, DescribeEvents) over the calls recorded in the audit trail, and GetAttributeKey. */
type Ctx = ActionContext<"cloudaudit">;

export function checkWebsiteType(ctx: Ctx, value: string | undefined): WebsiteType {
  if (value === undefined || value === "zh" || value === "en") return value ?? "zh";
  return ctx.fail("InvalidParameterValue", `WebsiteType must be zh or en (got ${JSON.stringify(value)}).`);
}

/** The seven keys GetAttributeKey offers, in its order. */
const ATTRIBUTE_KEYS: readonly { value: string; type: "select" | "text"; zh: [string, string]; en: [string, string] }[] = [
  { value: "ReadOnly", type: "select", zh: ["只读", "选择只读值"], en: ["Read-only", "Select a read-only value"] },
  { value: "AccessKeyId", type: "text", zh: ["访问密钥", "输入访问密钥"], en: ["Access key", "Enter an access key"] },
  { value: "RequestId", type: "text", zh: ["请求ID", "输入请求ID"], en: ["Request ID", "Enter a request ID"] },
  { value: "EventName", type: "select", zh: ["事件名称", "选择事件名称"], en: ["Event name", "Select an event name"] },
  { value: "ResourceName", type: "text", zh: ["资源名称", "输入资源名称"], en: ["Resource name", "Enter a resource name"] },
  { value: "ResourceType", type: "select", zh: ["资源类型", "选择资源类型"], en: ["Resource type", "Select a resource type"] },
  { value: "Username", type: "select", zh: ["用户名称", "选择用户名称"], en: ["Username", "Select a username"] },
];

export const lookupHandlers = {
  async LookUpEvents(ctx, req) {
    const range = checkTimeRange(ctx, req.StartTime, req.EndTime, { maxAgeDays: 7 });
    const limit = checkMaxResults(ctx, req.MaxResults);
    if (req.Mode !== undefined && req.Mode !== "standard" && req.Mode !== "quick") {
      ctx.fail("InvalidParameterValue", `Mode must be standard or quick (got ${JSON.stringify(req.Mode)}).`);
    }
    const filter = compileAttributes(ctx, req.LookupAttributes);
    const fingerprint = `${filter.fingerprint}.${req.StartTime}.${req.EndTime}`;
    const beforeSeq = req.NextToken ? decodeToken(ctx, req.NextToken, fingerprint) : undefined;
    // Nothing below can fail: what is pending is delivered in this call's transaction.
    await deliveryOf(ctx.platform)?.flushIn(ctx);
    const { rows, more } = await searchEvents(ctx, { ...range, beforeSeq, filter, limit });
    const appId = ctx.caller.appId;
    return {
      Events: rows.map((r) => toEvent(r, appId, { time: "datetime", location: true })),
      ListOver: !more,
      NextToken: more ? encodeToken(rows[rows.length - 1].seq, fingerprint) : "",
      TotalCount: rows.length,
    };
  },

  async DescribeEvents(ctx, req) {
    const range = checkTimeRange(ctx, req.StartTime, req.EndTime, { maxAgeDays: 90, maxSpanDays: 30 });
    const limit = checkMaxResults(ctx, req.MaxResults);
    if (req.IsReturnLocation !== undefined && req.IsReturnLocation !== 0 && req.IsReturnLocation !== 1) {
      ctx.fail("InvalidParameter", `IsReturnLocation must be 0 or 1 (got ${String(req.IsReturnLocation)}).`);
    }
    if (req.NextToken !== undefined && (typeof req.NextToken !== "number" || !Number.isInteger(req.NextToken) || req.NextToken < 0)) {
      ctx.fail("InvalidParameter", `NextToken must be the NextToken of the previous page (got ${String(req.NextToken)}).`);
    }
    const filter = compileAttributes(ctx, req.LookupAttributes);
    await deliveryOf(ctx.platform)?.flushIn(ctx);
    const { rows, more } = await searchEvents(ctx, { ...range, beforeSeq: req.NextToken || undefined, filter, limit });
    const appId = ctx.caller.appId;
    return {
      Events: rows.map((r) => toEvent(r, appId, { time: "epoch", location: req.IsReturnLocation === 1 })),
      ListOver: !more,
      NextToken: more ? rows[rows.length - 1].seq : 0,
      TotalCount: rows.length,
    };
  },

  GetAttributeKey(ctx, req) {
    const site = checkWebsiteType(ctx, req.WebsiteType);
    const details: AttributeKeyDetail[] = ATTRIBUTE_KEYS.map((k, i) => ({
      Label: k[site][0],
      Value: k.value,
      Starter: k[site][1],
      LabelType: k.type,
      Order: i + 1,
    }));
    return { AttributeKeyDetails: details };
  },
} satisfies Handlers<"cloudaudit", CloudauditActions>;
