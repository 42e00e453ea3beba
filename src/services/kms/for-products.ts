import { randomBytes } from "node:crypto";
import { ApiError } from "../../errors/api-error";
import type { ProductName } from "../../errors/catalog";
import type { ActionContext } from "../../platform/service";
import { bindingId, bindings, cmks, findCmk, saveCmk } from "./cmk";
import { UUID } from "./formats";
import { decryptBlob, encryptUnder } from "./symmetric";

/**
 * What other products use of KMS, in the caller's account and region and in the same transaction:
 * CBS encrypts disks with a CMK (and binds the key to the disk), CloudAudit lists aliases.
 * Implemented by the KMS service (src/services/kms).
 */
export type KeyUsability = "ok" | "not-found" | "disabled" | "unusable";

/** Whether a CMK can encrypt a product's data now: exists, Enabled, symmetric ENCRYPT_DECRYPT. */
export async function checkKeyForProduct(ctx: ActionContext<ProductName>, keyId: string): Promise<KeyUsability> {
  if (typeof keyId !== "string" || !UUID.test(keyId)) return "not-found";
  const cmk = await findCmk(ctx.as("kms"), keyId.toLowerCase());
  if (!cmk) return "not-found";
  if (cmk.keyState === "Disabled") return "disabled";
  return cmk.keyState === "Enabled" && cmk.keyUsage === "ENCRYPT_DECRYPT" ? "ok" : "unusable";
}

/**
 * Records that a product resource uses the key (BindCloudResource); a bound key cannot be disabled, archived
 * or deleted. Binding also cancels the expiry of imported key material, as BindCloudResource does. A key that
 * does not exist is left alone (check it with checkKeyForProduct first).
 */
export async function bindKeyToResource(ctx: ActionContext<ProductName>, keyId: string, productId: string, resourceId: string): Promise<void> {
  const kms = ctx.as("kms");
  const cmk = UUID.test(keyId) ? await findCmk(kms, keyId.toLowerCase()) : undefined;
  if (!cmk) return;
  if (cmk.validTo) await saveCmk(kms, { ...cmk, validTo: 0 });
  await bindings(kms).put(bindingId(cmk.keyId, productId, resourceId), { keyId: cmk.keyId, productId, resourceId }, cmk.keyId);
}

/** Releases the binding (UnbindCloudResource), e.g. when the disk is terminated. */
export async function unbindKeyFromResource(ctx: ActionContext<ProductName>, keyId: string, productId: string, resourceId: string): Promise<void> {
  await bindings(ctx.as("kms")).delete(bindingId(keyId.toLowerCase(), productId, resourceId));
}

/** The aliases of the account's CMKs in the context's region (CloudAudit ListKeyAliasByRegion). */
export async function listKeyAliases(ctx: ActionContext<ProductName>): Promise<{ KeyId: string; Alias: string }[]> {
  const kms = ctx.as("kms");
  const aliases: { KeyId: string; Alias: string }[] = [];
  for (const c of await cmks(kms).all()) {
    if ((await findCmk(kms, c.keyId)) !== undefined) aliases.push({ KeyId: c.keyId, Alias: c.alias });
  }
  return aliases;
}

/** What a product gets when it asks KMS for a data key or back its plaintext: the key, or why not. */
export type DataKeyResult = { ok: true; keyId: string; plaintext: Buffer; ciphertextBlob: string } | { ok: false; usability: Exclude<KeyUsability, "ok"> };

/**
 * A fresh 256-bit data key encrypted under the CMK (GenerateDataKey for a product, COS SSE-KMS): the key
 * must be Enabled and ENCRYPT_DECRYPT. `context` is the EncryptionContext bound to the blob.
 */
export async function generateDataKeyForProduct(ctx: ActionContext<ProductName>, keyId: string, context: Buffer): Promise<DataKeyResult> {
  const usability = await checkKeyForProduct(ctx, keyId);
  if (usability !== "ok") return { ok: false, usability };
  const kms = ctx.as("kms");
  const cmk = (await findCmk(kms, keyId.toLowerCase()))!;
  const plaintext = randomBytes(32);
  return { ok: true, keyId: cmk.keyId, plaintext, ciphertextBlob: await encryptUnder(kms, cmk, plaintext, context) };
}

/** The plaintext of a data key blob (Decrypt for a product): the CMK must still decrypt (Enabled or Archived). */
export async function decryptDataKeyForProduct(ctx: ActionContext<ProductName>, ciphertextBlob: string, context: Buffer): Promise<DataKeyResult> {
  const kms = ctx.as("kms");
  try {
    const { cmk, plaintext } = await decryptBlob(kms, ciphertextBlob, context);
    return { ok: true, keyId: cmk.keyId, plaintext, ciphertextBlob };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.code === "ResourceUnavailable.CmkNotFound") return { ok: false, usability: "not-found" };
    if (e.code === "ResourceUnavailable.CmkDisabled" || e.code === "ResourceUnavailable.CmkStateNotSupport") return { ok: false, usability: "disabled" };
    return { ok: false, usability: "unusable" };
  }
}
