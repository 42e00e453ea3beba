// Public module `tclocal/errors`: the error catalog, so applications can match the codes tclocal answers.
export { errorCatalog, describeCode, isErrorCode, codeInfo } from "./catalog";
export type { ProductName, ErrorCode, CommonCode, Language } from "./catalog";
export type { CodeInfo, CodeOrigin, CodeTable } from "./code-table";
export { ApiError } from "./api-error";
export type { Message } from "./api-error";
