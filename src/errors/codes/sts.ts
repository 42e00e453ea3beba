// Error codes of Security Token Service (STS) 2018-08-13. The common codes every product shares (with their common wording), then the
// product codes of its error-code page ("seed", Chinese wording is the product's own; derived from the API
// reference's error list, /work/shared/reference/api/sts/v20180813/service-errors.zh.json and action-errors.json).
import type { CodeTable } from "../code-table";
import { commonCodes } from "./common";

export const stsCodes = {
  ...commonCodes,
  "AuthFailure.AccessKeyIllegal": { origin: "seed", zh: "密钥不合法。" },
  "FailedOperation.CheckMFAError": { origin: "seed", zh: "校验MFA失败" },
  "FailedOperation.MFATypeNotSupported": { origin: "seed", zh: "MFA类型不支持" },
  "FailedOperation.TempKeyNotAllowed": { origin: "seed", zh: "该接口不支持临时密钥调用" },
  "InternalError.DbError": { origin: "seed", zh: "DB错误。" },
  "InternalError.EncryptError": { origin: "seed", zh: "加密失败。" },
  "InternalError.GetAppIdError": { origin: "seed", zh: "获取appid错误。" },
  "InternalError.GetRoleError": { origin: "seed", zh: "获取角色失败。" },
  "InternalError.GetSeedTokenError": { origin: "seed", zh: "获取token失败。" },
  "InternalError.IllegalRole": { origin: "seed", zh: "角色非法。" },
  "InternalError.PbSerializeError": { origin: "seed", zh: "pb打包失败。" },
  "InternalError.SystemError": { origin: "seed", zh: "系统内部错误，如网络错误。" },
  "InternalError.UnknownError": { origin: "seed", zh: "未知错误。" },
  "InvalidParameter.AccessKeyNotSupport": { origin: "seed", zh: "不支持该类型密钥。" },
  "InvalidParameter.AccountNotAvaliable": { origin: "seed", zh: "账号不存在或不可用。" },
  "InvalidParameter.ExtendStrategyOverSize": { origin: "seed", zh: "扩展策略过大。" },
  "InvalidParameter.GrantOtherResource": { origin: "seed", zh: "越权访问资源。" },
  "InvalidParameter.OverLimit": { origin: "seed", zh: "超过频率限制。" },
  "InvalidParameter.OverTimeError": { origin: "seed", zh: "过期时间超过阈值。" },
  "InvalidParameter.ParamError": { origin: "seed", zh: "参数错误。" },
  "InvalidParameter.PolicyTooLong": { origin: "seed", zh: "策略过长。" },
  "InvalidParameter.ResouceError": { origin: "seed", zh: "策略资源六段式错误。" },
  "InvalidParameter.StrategyFormatError": { origin: "seed", zh: "策略语法错误。" },
  "InvalidParameter.StrategyInvalid": { origin: "seed", zh: "非法策略。" },
  "InvalidParameter.TempCodeNotAvaliable": { origin: "seed", zh: "临时Code无效。" },
  "InvalidParameter.WebIdentityTokenError": { origin: "seed", zh: "WebIdentityToken参数错误。" },
  "ResourceNotFound.RoleNotFound": { origin: "seed", zh: "账号对应的角色不存在。" },
} as const satisfies CodeTable;
