import type { ClientConnection } from "tencentcloud-sdk-nodejs/tencentcloud/services/mongodb/v20180408/mongodb_models";
import type { MongodbV20180408Actions as MongodbActions } from "../../../generated/models/mongodb-v20180408";
import type { Handler } from "../../../platform/definition";
import { connections, ONE_DAY, parseApiTime, requireInstance, SEVEN_DAYS, slowLogs } from "../monitoring";

/**
 * What an instance's monitoring actions serve. The data plane is not emulated, so there are no real client
 * connections or slow queries: tests seed them through the control API and the actions filter and page them
 * exactly as the real ones do.
 */

type H<A extends keyof MongodbActions> = Handler<"mongodb", MongodbActions[A]>;

export const describeClientConnections: H<"DescribeClientConnections"> = async (ctx, req) => {
  await requireInstance(ctx, req.InstanceId);
  const clients: ClientConnection[] = [...((await connections(ctx).get(req.InstanceId))?.clients ?? [])].sort((a, b) => b.Count - a.Count);
  return { Clients: clients, TotalCount: clients.reduce((sum, c) => sum + (c.Count ?? 0), 0) };
};

export const describeSlowLog: H<"DescribeSlowLog"> = async (ctx, req) => {
  await requireInstance(ctx, req.InstanceId);
  const start = parseApiTime(req.StartTime);
  const end = parseApiTime(req.EndTime);
  for (const [member, value, ms] of [["StartTime", req.StartTime, start], ["EndTime", req.EndTime, end]] as const) {
    if (Number.isNaN(ms)) {
      ctx.fail("InvalidParameterValue.TimeFormatErr", {
        en: `${member} \`${value}\` is not a time of the form yyyy-mm-dd hh:mm:ss.`,
        zh: `${member} \`${value}\` 时间格式非法，格式应为 yyyy-mm-dd hh:mm:ss。`,
      });
    }
  }
  if (start > end) {
    ctx.fail("InvalidParameterValue.StartTimeNotBeforeThanEndTime", {
      en: `StartTime ${req.StartTime} is later than EndTime ${req.EndTime}.`,
      zh: `起始时间 ${req.StartTime} 晚于结束时间 ${req.EndTime}。`,
    });
  }
  if (start < ctx.now() - SEVEN_DAYS) {
    ctx.fail("InvalidParameterValue.QueryTimeOutOfRange", {
      en: `Only the slow logs of the last 7 days can be queried; StartTime ${req.StartTime} is earlier.`,
      zh: `只能查询7天内的慢日志，起始时间 ${req.StartTime} 超出范围。`,
    });
  }
  if (end - start > ONE_DAY) {
    ctx.fail("InvalidParameterValue.QueryTimeRangeBeyondLimit", {
      en: "The query range from StartTime to EndTime cannot exceed 24 hours.",
      zh: "查询起止时间间隔不能超过24小时。",
    });
  }
  const slowMs = Number(req.SlowMS);
  if (!Number.isInteger(slowMs) || slowMs < 100 || slowMs > 65536) {
    ctx.fail("InvalidParameterValue.SlowMSBelowLimit", { en: `SlowMS ${req.SlowMS} is out of range [100,65536].`, zh: `slowMS参数取值范围[100,65536]，当前为 ${req.SlowMS}。` });
  }
  const offset = Number(req.Offset ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || offset > 10000) {
    ctx.fail("InvalidParameterValue.OffsetParaOutOfRange", { en: `Offset ${req.Offset} is out of range [0,10000].`, zh: `offset取值范围[0, 10000]，当前为 ${req.Offset}。` });
  }
  const limit = Number(req.Limit ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    ctx.fail("InvalidParameterValue.LimitParaOutOfRange", { en: `Limit ${req.Limit} is out of range [1,100].`, zh: `limit取值范围[1,100]，当前为 ${req.Limit}。` });
  }
  const matching = (await slowLogs(ctx).all(req.InstanceId))
    .filter((e) => e.time >= start && e.time <= end && e.durationMs >= slowMs)
    .sort((a, b) => a.time - b.time);
  return { TotalCount: matching.length, SlowLogList: matching.slice(offset, offset + limit).map((e) => e.line) };
};

