// The wording of the errors the gateway raises, in both languages, following real API 3.0 responses
// (see ARCHITECTURE.md, "Error messages"). Parameter names are wrapped in backticks; nested paths read A.0.B.
import type { Message } from "../errors/api-error";

const bt = (s: string) => "`" + s + "`";

export const msg = {
  missingParameter: (p: string): Message => ({
    en: `The request is missing a required parameter ${bt(p)}.`,
    zh: `缺少必要参数${bt(p)}。`,
  }),
  unknownParameter: (p: string): Message => ({
    en: `The parameter ${bt(p)} is not recognized.`,
    zh: `未定义参数 ${p}`,
  }),
  wrongType: (p: string, type: string): Message => ({
    en: `The value type of parameter ${bt(p)} is not valid, input type should be ${bt(type)}`,
    zh: `参数 ${bt(p)} 取值类型错误。参数类型应为 ${bt(type)}`,
  }),
  outOfRange: (p: string): Message => ({
    en: `The value of parameter ${bt(p)} is out of the range of its type (integers from -(2^53-1) to 2^53-1, or 64-bit where the model says so).`,
    zh: `参数 ${bt(p)} 的取值超出其类型范围。`,
  }),
  commonTypeError: (p: string): Message => ({ en: `Parameter ${bt(p)} type error.`, zh: `参数 ${bt(p)} 类型错误。` }),
  invalidValue: (p: string): Message => ({
    en: `A value specified in ${bt(p)} is not valid, is unsupported, or cannot be used.`,
    zh: `参数 ${bt(p)} 取值无效或不被支持。`,
  }),
  invalidJson: (): Message => ({
    en: "The request body is not valid JSON for content-type=application/json.",
    zh: "对于指定content-type=application/json协议下，请求内容不是合法的Json格式。",
  }),
  missingHost: (): Message => ({
    en: "The request has no `Host` header: API 3.0 requests name the endpoint they call (and sign it).",
    zh: "请求缺少 `Host` 请求头。",
  }),
  tooDeep: (max: number): Message => ({
    en: `The request nests objects and arrays deeper than ${max} levels.`,
    zh: `请求参数嵌套层级超过 ${max} 层。`,
  }),
  bodyNotObject: (): Message => ({
    en: "The request body must be a JSON object of the action's parameters.",
    zh: "请求内容必须是接口参数组成的 JSON 对象。",
  }),
  badForm: (): Message => ({
    en: "Url key and value should be splited by `=`.",
    zh: "Url 参数的键和值应以 `=` 分隔。",
  }),
  duplicateParameter: (p: string): Message => ({
    en: `The parameter ${bt(p)} is specified more than once.`,
    zh: `参数 ${bt(p)} 重复。`,
  }),
  unsupportedContentType: (ct: string): Message => ({
    en: `Content-Type=${bt(ct)} is not supported for this request; use application/json, multipart/form-data or application/x-www-form-urlencoded.`,
    zh: `不支持 Content-Type=${bt(ct)}。`,
  }),
  bodyTooLarge: (limit: string): Message => ({
    en: `The request exceeds the size limit of ${limit}.`,
    zh: `请求包大小超过限制 ${limit}。`,
  }),
  v1TooLarge: (): Message => ({
    en: "The provided credentials could not be validated because of exceeding request size limit, please use new signature method `TC3-HMAC-SHA256`.",
    zh: "请求包大小超过签名方法 v1 的限制，请使用新的签名方法 `TC3-HMAC-SHA256`。",
  }),
  signatureFailure: (): Message => ({
    en: "The provided credentials could not be validated. Please check your signature is correct.",
    zh: "请求签名验证失败，请检查您的签名计算是否正确。",
  }),
  authorizationMalformed: (why: string): Message => ({
    en: `The request \`Authorization\` header does not conform to tencentcloud standards: ${why}`,
    zh: `请求头 \`Authorization\` 不符合规范：${why}`,
  }),
  signatureExpire: (serverTime: number): Message => ({
    en: `Signature expired. Please use local time and enable NTP service for time synchronization to avoid a deviation between \`Timestamp\` and the server time ${serverTime}.`,
    zh: `签名过期。请使用本地时间并开启 NTP 服务进行时间同步，避免 \`Timestamp\` 与服务器时间 ${serverTime} 偏差过大。`,
  }),
  invalidSecretId: (): Message => ({
    en: "The SecretId is not a TencentCloud API key: it must start with `AKID`.",
    zh: "SecretId 不是云 API 密钥类型，必须以 `AKID` 开头。",
  }),
  secretIdNotFound: (): Message => ({
    en: "The SecretId is not found, please ensure that your SecretId is correct.",
    zh: "SecretId不存在，请输入正确的密钥。",
  }),
  tokenFailure: (why: string): Message => ({
    en: `Token verification failed, please check if your Token is correct (${why}).`,
    zh: `Token 校验失败，请检查 Token 是否正确（${why}）。`,
  }),
  mfaFailure: (op: string): Message => ({
    en: `The operation (${op}) is protected by MFA: call it with credentials issued after MFA verification.`,
    zh: `操作 (${op}) 开启了 MFA 保护，请使用经过 MFA 校验后签发的凭证调用。`,
  }),
  camDenied: (requestId: string, op: string, resource: string): Message => ({
    en: `You are not authorized to perform this operation. Check your CAM policies, and ensure that you are using the correct access keys. [[request id:${requestId}]you are not authorized to perform operation (${op})\nresource (${resource}) has no permission]`,
    zh: `操作未授权，请检查CAM策略。[[request id:${requestId}]you are not authorized to perform operation (${op})\nresource (${resource}) has no permission]`,
  }),
  camResourceDenied: (requestId: string, op: string, resource: string): Message => ({
    en: `[request id:${requestId}]you are not authorized to perform operation (${op})\nresource (${resource}) has no permission\n`,
    zh: `[request id:${requestId}]you are not authorized to perform operation (${op})\nresource (${resource}) has no permission\n`,
  }),
  invalidAction: (action: string, service: string, version: string): Message => ({
    en: `The request action=${bt(action)} is invalid or not found in service=${bt(service)} and version=${bt(version)}.`,
    zh: `请求的接口 action=${bt(action)} 在 service=${bt(service)}、version=${bt(version)} 中不存在。`,
  }),
  notImplemented: (action: string, service: string): Message => ({
    en: `The action ${bt(action)} of service ${bt(service)} is not implemented by tclocal yet (see the coverage table in the README).`,
    zh: `tclocal 尚未实现 ${bt(service)} 的接口 ${bt(action)}（见 README 的覆盖表）。`,
  }),
  noSuchVersion: (version: string, service: string): Message => ({
    en: `The specified api version=${bt(version)} does not exist in service=${bt(service)}.`,
    zh: `接口版本 version=${bt(version)} 在 service=${bt(service)} 中不存在。`,
  }),
  unsupportedProtocol: (method: string): Message => ({
    en: `Unsupported HTTP(S) request protocol \`${method}\`. Only GET and POST requests are supported.`,
    zh: `不支持的 HTTP(S) 请求方法 \`${method}\`，只支持 GET 和 POST 请求。`,
  }),
  unsupportedRegion: (region: string): Message => ({
    en: `The action not support this region (${region}).`,
    zh: `接口不支持地域 ${region}。`,
  }),
  rateLimited: (n: number, limit: number): Message => ({
    en: `Your current request times equals to \`${n}\` in a second, which exceeds the frequency limit \`${limit}\` for a second. Please reduce the frequency of calls.`,
    zh: `您当前每秒请求 \`${n}\` 次，超过了每秒频率上限 \`${limit}\`，请稍后重试。`,
  }),
  internalError: (): Message => ({
    en: "An internal error has occurred. Retry your request, but if the problem persists, contact us.",
    zh: "内部服务错误，请稍后重试。",
  }),
  dryRun: (): Message => ({
    en: "DryRun Operation. The request would have succeeded, but the DryRun parameter was used.",
    zh: "DryRun 操作，代表请求将会是成功的，只是多传了 DryRun 参数。",
  }),
};
