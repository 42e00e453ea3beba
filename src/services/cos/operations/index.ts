import type { CosContext, CosReply } from "../context";
import { appendObject, deleteObjectTagging, getObjectAcl, getObjectTagging, optionsObject, putObjectAcl, putObjectTagging, restoreObject } from "./object-extras";
import { deleteBucket, getBucketLocation, getService, headBucket, putBucket } from "./buckets";
import { CONFIGS, configOperations, deleteBucketPolicy, getBucketAcl, getBucketPolicy, putBucketAcl, putBucketPolicy } from "./configs";
import { putObjectCopy } from "./copy-object";
import { deleteMultipleObjects, deleteObject } from "./delete-object";
import { getObject } from "./get-object";
import { getBucket, listMultipartUploads, listParts } from "./listings";
import { abortMultipartUpload, completeMultipartUpload, initiateMultipartUpload, uploadPart } from "./multipart";
import { putObject } from "./put-object";
import { postObject } from "./post-object";
import { getBucketObjectVersions } from "./versions";

export type Operation = (ctx: CosContext) => CosReply | Promise<CosReply>;

/**
 * Every COS operation tclocal implements, by the name the COS SDKs and CAM give it. An operation not here
 * answers 501 NotImplemented naming it (docs/services/cos.md lists them).
 */
export const operations: Record<string, Operation> = {
  GetService: getService,
  PutBucket: putBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucket: getBucket,
  GetBucketLocation: getBucketLocation,
  GetBucketObjectVersions: getBucketObjectVersions,
  ListMultipartUploads: listMultipartUploads,
  PutBucketACL: putBucketAcl,
  GetBucketACL: getBucketAcl,
  PutBucketPolicy: putBucketPolicy,
  GetBucketPolicy: getBucketPolicy,
  DeleteBucketPolicy: deleteBucketPolicy,
  PutObject: putObject,
  PostObject: postObject,
  GetObject: getObject,
  HeadObject: getObject,
  DeleteObject: deleteObject,
  DeleteMultipleObjects: deleteMultipleObjects,
  PutObjectCopy: putObjectCopy,
  OptionsObject: optionsObject,
  AppendObject: appendObject,
  RestoreObject: restoreObject,
  PutObjectACL: putObjectAcl,
  GetObjectACL: getObjectAcl,
  PutObjectTagging: putObjectTagging,
  GetObjectTagging: getObjectTagging,
  DeleteObjectTagging: deleteObjectTagging,
  InitiateMultipartUpload: initiateMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPart,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
};

for (const name of Object.keys(CONFIGS)) {
  const ops = configOperations(`PutBucket${name}`);
  operations[`PutBucket${name}`] = ops.put;
  operations[`GetBucket${name}`] = ops.get;
  // Versioning cannot be deleted, only suspended.
  if (name !== "Versioning") operations[`DeleteBucket${name}`] = ops.delete;
}
