// The 26 common codes of API 3.0 in their generic wording (the common error code page): the products whose own
// pages use that wording (KMS, CAM, STS) take them from here; CVM, VPC and Host Security share a second wording
// (below); the others keep their pages' wording.
import type { CodeTable } from "../code-table";

export const commonCodes = {
  "AuthFailure.InvalidSecretId": { origin: "common", en: "Invalid key (not TencentCloud API key type).", zh: "密钥非法（不是云 API 密钥类型）。" },
  "AuthFailure.MFAFailure": { origin: "common", en: "MFA failure.", zh: "MFA 错误。" },
  "AuthFailure.SecretIdNotFound": { origin: "common", en: "Key does not exist. Please check whether the key has been deleted or disabled in the console. If the status is normal, please check whether the key is entered correctly. Please note that there must be no leading or trailing spaces.", zh: "密钥不存在。请在控制台检查密钥是否已被删除或者禁用，如状态正常，请检查密钥是否填写正确，注意前后不得有空格。" },
  "AuthFailure.SignatureExpire": { origin: "common", en: "Signature expired. Timestamp and server time cannot differ by more than five minutes. Please check whether the local time matches the standard time.", zh: "签名过期。Timestamp 和服务器时间相差不得超过五分钟，请检查本地时间是否和标准时间同步。" },
  "AuthFailure.SignatureFailure": { origin: "common", en: "Invalid signature. Signature calculation error. Please check the signature calculation process against the API authentication document in Calling Methods.", zh: "签名错误。签名计算错误，请对照调用方式中的签名方法文档检查签名计算过程。" },
  "AuthFailure.TokenFailure": { origin: "common", en: "Invalid token.", zh: "token 错误。" },
  "AuthFailure.UnauthorizedOperation": { origin: "common", en: "The request is not authorized. For more information, see the authentication description in the [CAM](https://cloud.tencent.com/document/product/598) documentation.", zh: "请求未授权。请参考 CAM 文档对鉴权的说明。" },
  "DryRunOperation": { origin: "common", en: "DryRun Operation. It means that the request would have succeeded, but the DryRun parameter was used.", zh: "DryRun 操作，代表请求将会是成功的，只是多传了 DryRun 参数。" },
  "FailedOperation": { origin: "common", en: "Operation failed.", zh: "操作失败。" },
  "InternalError": { origin: "common", en: "Internal error.", zh: "内部错误。" },
  "InvalidAction": { origin: "common", en: "API does not exist.", zh: "接口不存在。" },
  "InvalidParameter": { origin: "common", en: "Incorrect parameter.", zh: "参数错误。" },
  "InvalidParameterValue": { origin: "common", en: "Invalid parameter value.", zh: "参数取值错误。" },
  "LimitExceeded": { origin: "common", en: "Quota limit is exceeded.", zh: "超过配额限制。" },
  "MissingParameter": { origin: "common", en: "A parameter is missing.", zh: "缺少参数错误。" },
  "NoSuchVersion": { origin: "common", en: "The API version does not exist.", zh: "接口版本不存在。" },
  "RequestLimitExceeded": { origin: "common", en: "The request rate limit is exceeded.", zh: "请求的次数超过了频率限制。" },
  "ResourceInUse": { origin: "common", en: "Resource is occupied.", zh: "资源被占用。" },
  "ResourceInsufficient": { origin: "common", en: "Insufficient resource.", zh: "资源不足。" },
  "ResourceNotFound": { origin: "common", en: "Resource does not exist.", zh: "资源不存在。" },
  "ResourceUnavailable": { origin: "common", en: "Resource is unavailable.", zh: "资源不可用。" },
  "UnauthorizedOperation": { origin: "common", en: "Unauthorized operation.", zh: "未授权操作。" },
  "UnknownParameter": { origin: "common", en: "Unknown parameter.", zh: "未知参数错误。" },
  "UnsupportedOperation": { origin: "common", en: "Unsupported operation.", zh: "操作不支持。" },
  "UnsupportedProtocol": { origin: "common", en: "Unsupported HTTP(S) request protocol. Only GET and POST requests are supported.", zh: "HTTP(S)请求协议错误，只支持 GET 和 POST 请求。" },
  "UnsupportedRegion": { origin: "common", en: "Unsupported region.", zh: "接口不支持所传地域。" },
} as const satisfies CodeTable;

/**
 * The same 26 codes as the English error-code pages of CVM, VPC and Host Security word them (the three pages
 * agree word for word): those products take them from here.
 */
export const commonCodesProductWording = {
  "AuthFailure.InvalidSecretId": { origin: "common", en: "Invalid key (it is not a cloud API key)", zh: "密钥非法（不是云 API 密钥类型）。" },
  "AuthFailure.MFAFailure": { origin: "common", en: "MFA failure", zh: "MFA 错误。" },
  "AuthFailure.SecretIdNotFound": { origin: "common", en: "Key does not exist. Check whether the key has been deleted or disabled in the console, and if not, check whether the key is correctly entered. Note that there shall be no space before or after the key.", zh: "密钥不存在。请在控制台检查密钥是否已被删除或者禁用，如状态正常，请检查密钥是否填写正确，注意前后不得有空格。" },
  "AuthFailure.SignatureExpire": { origin: "common", en: "Signature expired. The difference between the timestamp and the server time cannot exceed 5 minutes. Check whether the local time is synced with the standard time.", zh: "签名过期。Timestamp 和服务器时间相差不得超过五分钟，请检查本地时间是否和标准时间同步。" },
  "AuthFailure.SignatureFailure": { origin: "common", en: "Invalid signature. Signature computing error. Check the signature computing process by referring to the documentation about API authentication in the calling method.", zh: "签名错误。签名计算错误，请对照调用方式中的签名方法文档检查签名计算过程。" },
  "AuthFailure.TokenFailure": { origin: "common", en: "Invalid token", zh: "token 错误。" },
  "AuthFailure.UnauthorizedOperation": { origin: "common", en: "No CAM authorization", zh: "请求未授权。请参考 CAM 文档对鉴权的说明。" },
  "DryRunOperation": { origin: "common", en: "DryRun operation. It means that the request is successful, except that the DryRun parameter is passed additionally.", zh: "DryRun 操作，代表请求将会是成功的，只是多传了 DryRun 参数。" },
  "FailedOperation": { origin: "common", en: "Operation failed", zh: "操作失败。" },
  "InternalError": { origin: "common", en: "Internal error.", zh: "内部错误。" },
  "InvalidAction": { origin: "common", en: "API does not exist.", zh: "接口不存在。" },
  "InvalidParameter": { origin: "common", en: "Incorrect parameter.", zh: "参数错误。" },
  "InvalidParameterValue": { origin: "common", en: "Invalid parameter value", zh: "参数取值错误。" },
  "LimitExceeded": { origin: "common", en: "Quota limit is exceeded.", zh: "超过配额限制。" },
  "MissingParameter": { origin: "common", en: "A parameter is missing.", zh: "缺少参数错误。" },
  "NoSuchVersion": { origin: "common", en: "The API version does not exist.", zh: "接口版本不存在。" },
  "RequestLimitExceeded": { origin: "common", en: "The request rate limit is exceeded.", zh: "请求的次数超过了频率限制。" },
  "ResourceInUse": { origin: "common", en: "Resource is occupied.", zh: "资源被占用。" },
  "ResourceInsufficient": { origin: "common", en: "Insufficient resource", zh: "资源不足。" },
  "ResourceNotFound": { origin: "common", en: "Resource does not exist.", zh: "资源不存在。" },
  "ResourceUnavailable": { origin: "common", en: "Resource is unavailable.", zh: "资源不可用。" },
  "UnauthorizedOperation": { origin: "common", en: "Unauthorized operation", zh: "未授权操作。" },
  "UnknownParameter": { origin: "common", en: "Unknown parameter", zh: "未知参数错误。" },
  "UnsupportedOperation": { origin: "common", en: "Unsupported operation", zh: "操作不支持。" },
  "UnsupportedProtocol": { origin: "common", en: "Unsupported HTTP(S) request protocol. Only GET and POST requests are supported.", zh: "HTTP(S)请求协议错误，只支持 GET 和 POST 请求。" },
  "UnsupportedRegion": { origin: "common", en: "Unsupported region", zh: "接口不支持所传地域。" },
} as const satisfies CodeTable;
