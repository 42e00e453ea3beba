/**
 * COS's own errors: a code, the HTTP status it comes with, and the message, answered in COS's XML error body
 * (not the API 3.0 envelope). Codes, statuses and wording follow the COS error-code page (product 436, "Error
 * Codes") and messages quoted from real answers in public SDK issue threads (see docs/services/cos.md).
 */
export const cosErrors = {
  AccessDenied: { status: 403, message: "Access Denied." },
  BadDigest: { status: 400, message: "The Content-MD5 you specified did not match what we received." },
  BucketAlreadyExists: { status: 409, message: "The requested bucket name is not available." },
  BucketNotEmpty: { status: 409, message: "The bucket you tried to delete is not empty." },
  EntityTooLarge: { status: 400, message: "Your proposed upload exceeds the maximum allowed object size." },
  EntityTooSmall: { status: 400, message: "Your proposed upload is smaller than the minimum allowed object size." },
  IncompleteBody: { status: 400, message: "You did not provide the number of bytes specified by the Content-Length HTTP header." },
  InvalidArgument: { status: 400, message: "Invalid Argument." },
  InvalidBucketName: { status: 400, message: "The specified bucket is not valid." },
  InvalidDigest: { status: 400, message: "The Content-MD5 you specified is not valid." },
  InvalidObjectState: { status: 403, message: "The operation is not valid for the current state of the object." },
  InvalidPart: { status: 400, message: "One or more of the specified parts could not be found." },
  InvalidPartOrder: { status: 400, message: "The list of parts was not in ascending order." },
  InvalidRange: { status: 416, message: "The requested range is not satisfiable" },
  InvalidRequest: { status: 400, message: "Invalid Request." },
  InvalidURI: { status: 400, message: "Couldn't parse the specified URI." },
  KeyTooLong: { status: 400, message: "Your key is too long." },
  "KMS.DisabledException": { status: 400, message: "The KMS key is disabled." },
  "KMS.NotFoundException": { status: 400, message: "The KMS key does not exist." },
  "KMS.KMSInvalidStateException": { status: 400, message: "The KMS key is not in a state that allows this operation." },
  MalformedXML: { status: 400, message: "The XML you provided was not well-formed or did not validate against our published schema." },
  MalformedPOSTRequest: { status: 400, message: "The body of your POST request is not well-formed multipart/form-data." },
  MalformedPolicy: { status: 400, message: "Policies must be valid JSON and the first byte must be '{'." },
  PositionNotEqualToLength: { status: 409, message: "The position is not equal to the length of the object." },
  ObjectNotAppendable: { status: 409, message: "The object is not appendable." },
  MethodNotAllowed: { status: 405, message: "The specified method is not allowed against this resource." },
  NoSuchBucket: { status: 404, message: "The specified bucket does not exist." },
  NoSuchKey: { status: 404, message: "The specified key does not exist." },
  NoSuchVersion: { status: 404, message: "The specified version does not exist." },
  NoSuchUpload: { status: 404, message: "The specified upload does not exist." },
  NoSuchCORSConfiguration: { status: 404, message: "The CORS configuration does not exist." },
  NoSuchLifecycleConfiguration: { status: 404, message: "The lifecycle configuration does not exist." },
  NoSuchBucketPolicy: { status: 404, message: "The bucket policy does not exist." },
  NoSuchTagSet: { status: 404, message: "The TagSet does not exist." },
  NoSuchWebsiteConfiguration: { status: 404, message: "The specified bucket does not have a website configuration." },
  NoSuchEncryptionConfiguration: { status: 404, message: "The server side encryption configuration was not found." },
  NotImplemented: { status: 501, message: "A header or query you provided implies functionality that is not implemented." },
  PreconditionFailed: { status: 412, message: "At least one of the preconditions you specified did not hold." },
  RequestTimeTooSkewed: { status: 403, message: "The difference between the request time and the server's time is too large." },
  RestoreAlreadyInProgress: { status: 409, message: "Object restore is already in progress." },
  SignatureDoesNotMatch: { status: 403, message: "The Signature you specified is invalid." },
  TooManyBuckets: { status: 400, message: "You have attempted to create more buckets than allowed." },
  InvalidAccessKeyId: { status: 403, message: "The access key Id format you provided is invalid." },
  InvalidSecurityToken: { status: 403, message: "The provided security token is malformed or otherwise invalid." },
  ExpiredToken: { status: 400, message: "The provided token has expired." },
  InternalError: { status: 500, message: "We encountered an internal error. Please try again." },
} as const satisfies Record<string, { status: number; message: string }>;

export type CosErrorCode = keyof typeof cosErrors;

/** A COS error: thrown by any stage or operation, answered as COS's XML error body with its HTTP status. */
export class CosError extends Error {
  readonly status: number;
  constructor(
    readonly code: CosErrorCode,
    message?: string,
    /** More elements of the error body (ServerTime, StringToSign, …). */
    readonly extra: Readonly<Record<string, string>> = {},
  ) {
    super(message ?? cosErrors[code].message);
    this.status = cosErrors[code].status;
  }
}

export function cosFail(code: CosErrorCode, message?: string, extra?: Record<string, string>): never {
  throw new CosError(code, message, extra);
}
