import type { CommonCode, ErrorCode, ProductName } from "./catalog";

/** A message in both languages the API speaks; a plain string is used for both. */
export type Message = string | { en: string; zh: string };

/**
 * An error answered in the API 3.0 envelope. `code` is checked against the catalog where the error is raised
 * (see `failWith`); the gateway answers any code a product does not know as InternalError.
 */
export class ApiError extends Error {
  readonly code: string;
  readonly detail?: Message;

  constructor(code: string, detail?: Message) {
    // An ApiError is an answer, not a bug: skip the stack trace (it costs more than the rest of a failed call).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(typeof detail === "string" ? detail : detail?.en ?? code);
    Error.stackTraceLimit = limit;
    this.name = "ApiError";
    this.code = code;
    this.detail = detail;
  }
}

/** Raise a code every product has (gateway stages use these). */
export function fail(code: CommonCode, detail?: Message): never {
  throw new ApiError(code, detail);
}

/** A raise function bound to one product: `const fail = failWith("kms")`. */
export function failWith<P extends ProductName>(_product: P): (code: ErrorCode<P>, detail?: Message) => never {
  return (code, detail) => {
    throw new ApiError(code, detail);
  };
}
