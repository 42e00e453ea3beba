// Error codes of Host Security (yunjing) 2018-02-28. The common codes and product codes come from the product's
// public error-code page (the seed), each with the product's own wording; "documented" codes are the
// product's other codes from its API reference. Chinese descriptions are the product's own.
import type { CodeTable } from "../code-table";
import { commonCodesProductWording } from "./common";

export const yunjingCodes = {
  ...commonCodesProductWording,
  "FailedOperation.AgentOffline": { origin: "seed", en: "The client is offline.", zh: "客户端已离线。" },
  "FailedOperation.CloseProVersion": { origin: "seed", en: "Failed to deactivate HS Pro.", zh: "关闭专业版失败。" },
  "FailedOperation.CreateProcessTask": { origin: "seed", en: "Failed to create a task to obtain real-time processes.", zh: "创建获取实时进程任务失败。" },
  "FailedOperation.InquiryPrice": { origin: "seed", en: "Price query failed.", zh: "询价失败。" },
  "FailedOperation.MachineDelete": { origin: "seed", en: "HS has been unmounted.", zh: "卸载主机。" },
  "FailedOperation.PartSeparate": { origin: "seed", en: "Some of the hosts failed to be isolated.", zh: "多台主机隔离，部分或全部失败。" },
  "FailedOperation.PrePayMode": { origin: "seed", en: "The HS Pro in the postpaid mode cannot be deactivated.", zh: "不能关闭预付费模式专业版。" },
  "FailedOperation.ProcessTaskNotFound": { origin: "seed", en: "The task to pull real-time processes does not exist.", zh: "拉取实时进程任务不存在。" },
  "FailedOperation.Recover": { origin: "seed", en: "Failed to recover Trojans.", zh: "回复木马失败。" },
  "FailedOperation.RescanVul": { origin: "seed", en: "Failed to redetect vulnerabilities.", zh: "重新检测漏洞失败。" },
  "FailedOperation.RescanVulProcessInUse": { origin: "seed", en: "A redetection task is already in progress.", zh: "该主机已有重新检测任务正在执行中。" },
  "FailedOperation.SingleSeparate": { origin: "seed", en: "Failed to isolate a single host.", zh: "单台主机隔离失败。" },
  "FailedOperation.TradeError": { origin: "seed", en: "Transaction error.", zh: "交易失败。" },
  "InvalidParameter.DateRange": { origin: "seed", en: "Invalid time range format.", zh: "时间区间格式错误。" },
  "InvalidParameter.IllegalRequest": { origin: "seed", en: "Invalid request.", zh: "非法请求。" },
  "InvalidParameter.InvalidFormat": { origin: "seed", en: "Incorrect parameter format.", zh: "参数格式错误。" },
  "InvalidParameter.MissingParameter": { origin: "seed", en: "Missing parameter.", zh: "参数缺失。" },
  "InvalidParameter.ParsingError": { origin: "seed", en: "Parameter parsing error.", zh: "参数解析错误。" },
  "LimitExceeded.AreaQuota": { origin: "seed", en: "The limit of batch addition is exceeded.", zh: "超出批量添加数量。" },
  "FailedOperation.CreateOpenPortTask": { origin: "documented", zh: "创建获取端口任务失败。" },
  "FailedOperation.Export": { origin: "documented", zh: "导出文件失败。" },
  "FailedOperation.NoProfessionHost": { origin: "documented", zh: "无专业版主机。" },
  "FailedOperation.OpenPortTaskNotFound": { origin: "documented", zh: "拉取实时端口任务不存在。" },
  "FailedOperation.OpenProVersion": { origin: "documented", zh: "开通专业版失败。" },
  "FailedOperation.TooManyStrategy": { origin: "documented", zh: "创建基线策略超过上限。" },
  "InternalError.MainDBFail": { origin: "documented", zh: "操作数据失败。" },
  "InvalidParameter.IpNoValid": { origin: "documented", zh: "IP格式不合法。" },
  "InvalidParameter.PortNoValid": { origin: "documented", zh: "端口格式不合法。" },
  "InvalidParameter.RegexRuleError": { origin: "documented", zh: "正则参数格式错误。" },
  "InvalidParameter.ReverShellKeyFieldAllEmpty": { origin: "documented", zh: "进程名/目标IP/目标端口，不能同时为空。" },
  "InvalidParameter.RuleHostipErr": { origin: "documented", zh: "规则类接口，主机IP不正确。" },
  "InvalidParameterValue.TagNameLengthLimit": { origin: "documented", zh: "标签名称长度不能超过15个字符。" },
} as const satisfies CodeTable;
