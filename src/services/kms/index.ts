import type { KmsActions } from "../../generated/models/kms";
import { defineService } from "../../platform/definition";
import { resetAgenda, workIsDue } from "./agenda";
import { cmks, nextDue, settle } from "./cmk";
import { kmsControlRoutes } from "./control";
import { dataKeyDue, dataKeys, settleDataKey } from "./datakey";
import type { Ctx } from "./formats";
import { asymmetricHandlers } from "./handlers/asymmetric";
import { bindingHandlers } from "./handlers/bindings";
import { dataKeyHandlers } from "./handlers/datakeys";
import { importHandlers } from "./handlers/import";
import { keyHandlers } from "./handlers/keys";
import { lifecycleHandlers } from "./handlers/lifecycle";
import { serviceHandlers } from "./handlers/service";
import { symmetricHandlers } from "./handlers/symmetric";
import { whiteBoxHandlers } from "./handlers/whitebox";
import { KMS_REGIONS } from "./regions";
import { kmsResourceTags } from "./resource-tags";

/** Applies what the emulator clock made due (deletions, rotations, material expiry) once something is due. */
async function reconcile(ctx: Ctx): Promise<void> {
  if (!(await workIsDue(ctx))) return;
  let due = Infinity;
  for (const cmk of await cmks(ctx).all()) {
    const settled = await settle(ctx, cmk);
    if (settled) due = Math.min(due, nextDue(settled));
  }
  for (const dk of await dataKeys(ctx).all()) {
    const settled = await settleDataKey(ctx, dk);
    if (settled) due = Math.min(due, dataKeyDue(settled));
  }
  await resetAgenda(ctx, due);
}

/**
 * Key Management Service 2019-01-18: CMKs with their state machine and rotation, real cryptography
 * (AES-256-GCM, RSA, SM2, ECDSA, ML-KEM, ML-DSA), data keys, white-box keys, cloud-resource bindings.
 */
export const kms = defineService<"kms", KmsActions>({
  name: "kms",
  regions: KMS_REGIONS,
  // "Region: This parameter is not required for this API" (GetRegions).
  regionOptional: ["GetRegions"],
  defaultRegion: "ap-guangzhou",
  handlers: {
    ...keyHandlers,
    ...lifecycleHandlers,
    ...importHandlers,
    ...symmetricHandlers,
    ...asymmetricHandlers,
    ...dataKeyHandlers,
    ...bindingHandlers,
    ...whiteBoxHandlers,
    ...serviceHandlers,
  },
  // CAM resources: qcs::kms:<region>:uin/<uin>:key/<KeyId>.
  resourceMembers: { KeyId: "key", KeyIds: "key", DestinationKeyId: "key" },
  // qcs:resource_tag: a key's Tags, when a policy tests them.
  resourceTags: kmsResourceTags,
  // "默认接口请求频率限制：100次/秒" on each action page, with the asymmetric and white-box exceptions.
  rateLimits: {
    default: 100,
    AsymmetricRsaDecrypt: 200,
    AsymmetricSm2Decrypt: 200,
    PostQuantumCryptoSign: 20,
    PostQuantumCryptoVerify: 20,
    DeleteWhiteBoxKey: 200,
    DescribeWhiteBoxDecryptKey: 200,
    DescribeWhiteBoxKey: 200,
    DescribeWhiteBoxServiceStatus: 200,
    DisableWhiteBoxKey: 200,
    DisableWhiteBoxKeys: 200,
    EnableWhiteBoxKey: 200,
    EnableWhiteBoxKeys: 200,
  },
  reconcile,
  controlRoutes: kmsControlRoutes,
});
