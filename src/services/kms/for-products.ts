import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";

/**
 * What other products use of KMS, in the caller's account and region and in the same transaction:
 * CBS encrypts disks with a CMK (and binds the key to the disk), CloudAudit lists aliases.
 * Implemented by the KMS service (src/services/kms).
 */
export type KeyUsability = "ok" | "not-found" | "disabled" | "unusable";

/** Whether a CMK can encrypt a product's data now: exists, Enabled, symmetric ENCRYPT_DECRYPT. */
export function checkKeyForProduct(_ctx: ActionContext<ProductName>, _keyId: string): KeyUsability {
  return "not-found";
}

/** Records that a product resource uses the key (BindCloudResource); a bound key cannot be disabled, archived or deleted. */
export function bindKeyToResource(_ctx: ActionContext<ProductName>, _keyId: string, _productId: string, _resourceId: string): void {}

/** Releases the binding (UnbindCloudResource), e.g. when the disk is terminated. */
export function unbindKeyFromResource(_ctx: ActionContext<ProductName>, _keyId: string, _productId: string, _resourceId: string): void {}

/** The aliases of the account's CMKs in the context's region (CloudAudit ListKeyAliasByRegion). */
export function listKeyAliases(_ctx: ActionContext<ProductName>): { KeyId: string; Alias: string }[] {
  return [];
}
