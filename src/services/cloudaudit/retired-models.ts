// Models of the two CloudAudit actions retired from the SDK in 2024 (CreateAudit, DeleteAudit), written as the
// SDK writes its models so scripts/generate-specs.mjs reads them like the SDK's own. Source: the CloudAudit API
// reference as it stood before the retirement.

/** CreateAudit request: create a tracking set. */
export interface CreateAuditRequest {
  /** Whether to enable CMQ notification: 1 yes, 0 no. */
  IsEnableCmqNotify: number;
  /** Read/write attribute of management events: 1 read-only, 2 write-only, 3 all. */
  ReadWriteAttribute: number;
  /** Tracking set name: 3-128 characters of a-z, A-Z, 0-9 and _. */
  AuditName: string;
  /** COS region (ListCosEnableRegion). */
  CosRegion: string;
  /** Whether to create a new COS bucket: 1 yes, 0 no. */
  IsCreateNewBucket: number;
  /** COS bucket name. */
  CosBucketName: string;
  /** CMK KeyId, required when encrypting with an existing key. */
  KeyId?: string;
  /** CMQ queue name, required when IsEnableCmqNotify is 1. */
  CmqQueueName?: string;
  /** KMS region, must equal the COS region. */
  KmsRegion?: string;
  /** Whether to enable KMS encryption: 1 yes, 0 no. */
  IsEnableKmsEncry?: number;
  /** CMQ region, required when IsEnableCmqNotify is 1. */
  CmqRegion?: string;
  /** Log file prefix: 3-40 characters of a-z, A-Z, 0-9. */
  LogFilePrefix?: string;
  /** Whether to create a new queue: 1 yes, 0 no; required when IsEnableCmqNotify is 1. */
  IsCreateNewQueue?: number;
}

/** CreateAudit response. */
export interface CreateAuditResponse {
  /** Whether the creation succeeded. */
  IsSuccess?: number;
  /** The unique request ID. */
  RequestId?: string;
}

/** DeleteAudit request: delete a tracking set. */
export interface DeleteAuditRequest {
  /** Tracking set name. */
  AuditName: string;
}

/** DeleteAudit response. */
export interface DeleteAuditResponse {
  /** Whether the deletion succeeded. */
  IsSuccess?: number;
  /** The unique request ID. */
  RequestId?: string;
}
