import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { constants, createHash, createPublicKey, publicEncrypt } from "node:crypto";
import { sm2 } from "sm-crypto-v2";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { sdk } from "../helpers/sdk";
import { assertComplete } from "../helpers/complete";
import { specOf } from "../../src/gateway/specs";
import { b64, bytes } from "../helpers/encoding";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("every KMS action answers every member of its SDK response model", async () => {
  const kms = sdk("kms", server);
  const seen = new Set<string>();
  // Calls an action through the official SDK client and checks the whole response against the model.
  const call = async <T>(action: string, params?: unknown): Promise<T> => {
    const fn = (kms as unknown as Record<string, (p?: unknown) => Promise<T>>)[action].bind(kms);
    const r = await fn(params);
    assertComplete("kms", action, r);
    seen.add(action);
    return r;
  };
  type R = Record<string, any>;

  const sym = await call<R>("CreateKey", { Alias: "complete-sym", Description: "d", Tags: [{ TagKey: "env", TagValue: "dev" }] });
  const keyId = sym.KeyId as string;
  const other = (await call<R>("CreateKey", { Alias: "complete-other" })).KeyId as string;
  await call("DescribeKey", { KeyId: keyId });
  await call("DescribeKeys", { KeyIds: [keyId, other] });
  await call("ListKeys", {});
  await call("ListKeyDetail", { KeyUsage: "ALL", TagFilters: [{ TagKey: "env", TagValue: ["dev"] }] });
  await call("UpdateAlias", { KeyId: other, Alias: "complete-renamed" });
  await call("UpdateKeyDescription", { KeyId: other, Description: "new" });
  await call("GetServiceStatus");
  await call("GetRegions");
  await call("ListAlgorithms");
  await call("GenerateRandom", { NumberOfBytes: 32 });

  const enc = await call<R>("Encrypt", { KeyId: keyId, Plaintext: b64("hello") });
  await call("Decrypt", { CiphertextBlob: enc.CiphertextBlob });
  await call("ReEncrypt", { CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: other });
  await call("EnableKeyRotation", { KeyId: keyId, RotateDays: 30 });
  await call("GetKeyRotationStatus", { KeyId: keyId });
  await call("RotateKey", { KeyId: keyId });
  await call("DisableKeyRotation", { KeyId: keyId });

  const dk = await call<R>("GenerateDataKey", { KeyId: keyId, KeySpec: "AES_256", IsHostedByKms: 1, DataKeyName: "complete-dk" });
  const imported = await call<R>("ImportDataKey", { DataKeyName: "complete-imported", ImportKeyMaterial: b64("k".repeat(32)), ImportType: 2, KeyId: keyId });
  await call("DescribeDataKey", { DataKeyId: dk.DataKeyId });
  await call("DescribeDataKeys", { DataKeyIds: [dk.DataKeyId, imported.DataKeyId] });
  await call("ListDataKeys", {});
  await call("ListDataKeyDetail", {});
  await call("GetDataKeyPlaintext", { DataKeyId: dk.DataKeyId });
  await call("GetDataKeyCiphertextBlob", { DataKeyId: dk.DataKeyId });
  await call("UpdateDataKeyName", { DataKeyId: dk.DataKeyId, DataKeyName: "complete-dk-2" });
  await call("UpdateDataKeyDescription", { DataKeyId: dk.DataKeyId, Description: "desc" });
  await call("DisableDataKey", { DataKeyId: dk.DataKeyId });
  await call("EnableDataKey", { DataKeyId: dk.DataKeyId });
  await call("DisableDataKeys", { DataKeyIds: [dk.DataKeyId, imported.DataKeyId] });
  await call("EnableDataKeys", { DataKeyIds: [dk.DataKeyId, imported.DataKeyId] });
  await call("ScheduleDataKeyDeletion", { DataKeyId: imported.DataKeyId, PendingWindowInDays: 7 });
  await call("CancelDataKeyDeletion", { DataKeyId: imported.DataKeyId });

  await call("BindCloudResource", { KeyId: other, ProductId: "cbs", ResourceId: "disk-00000001" });
  await call("UnbindCloudResource", { KeyId: other, ProductId: "cbs", ResourceId: "disk-00000001" });
  await call("ArchiveKey", { KeyId: other });
  await call("CancelKeyArchive", { KeyId: other });
  await call("DisableKey", { KeyId: other });
  await call("EnableKey", { KeyId: other });
  await call("DisableKeys", { KeyIds: [other] });
  await call("EnableKeys", { KeyIds: [other] });
  await call("DisableKey", { KeyId: other });
  await call("ScheduleKeyDeletion", { KeyId: other, PendingWindowInDays: 7 });
  await call("CancelKeyDeletion", { KeyId: other });

  const external = (await call<R>("CreateKey", { Alias: "complete-byok", Type: 2 })).KeyId as string;
  const params = await call<R>("GetParametersForImport", { KeyId: external, WrappingAlgorithm: "RSAES_OAEP_SHA_1", WrappingKeySpec: "RSA_2048" });
  const wrapped = publicEncrypt({ key: createPublicKey({ key: bytes(params.PublicKey), format: "der", type: "spki" }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, Buffer.alloc(32, 1));
  await call("ImportKeyMaterial", { KeyId: external, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped.toString("base64") });
  await call("DeleteImportedKeyMaterial", { KeyId: external });

  const rsa = (await call<R>("CreateKey", { Alias: "complete-rsa", KeyUsage: "ASYMMETRIC_DECRYPT_RSA_2048" })).KeyId as string;
  const rsaPem = (await call<R>("GetPublicKey", { KeyId: rsa })).PublicKeyPem as string;
  const rsaCt = publicEncrypt({ key: rsaPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, Buffer.from("rsa"));
  await call("AsymmetricRsaDecrypt", { KeyId: rsa, Ciphertext: rsaCt.toString("base64"), Algorithm: "RSAES_OAEP_SHA_256" });
  const sm2Key = (await call<R>("CreateKey", { Alias: "complete-sm2", KeyUsage: "ASYMMETRIC_DECRYPT_SM2" })).KeyId as string;
  const der = bytes((await kms.GetPublicKey({ KeyId: sm2Key })).PublicKey);
  const sm2Ct = sm2.doEncrypt(new Uint8Array(Buffer.from("sm2")), der.subarray(der.length - 65).toString("hex"), 1, { asn1: true });
  await call("AsymmetricSm2Decrypt", { KeyId: sm2Key, Ciphertext: Buffer.from(sm2Ct, "hex").toString("base64") });
  const ecc = (await call<R>("CreateKey", { Alias: "complete-ecc", KeyUsage: "ASYMMETRIC_SIGN_VERIFY_ECC" })).KeyId as string;
  const digest = createHash("sha256").update("msg").digest("base64");
  const sig = await call<R>("SignByAsymmetricKey", { KeyId: ecc, Algorithm: "ECC_P256_R1", Message: digest, MessageType: "DIGEST" });
  await call("VerifyByAsymmetricKey", { KeyId: ecc, Algorithm: "ECC_P256_R1", Message: digest, MessageType: "DIGEST", SignatureValue: sig.Signature });
  const kem = (await call<R>("CreateKey", { Alias: "complete-kyber", KeyUsage: "ASYMMETRIC_Encrypt_Decrypt_Kyber_AES" })).KeyId as string;
  const pq = await call<R>("PostQuantumCryptoEncrypt", { KeyId: kem, PlainText: b64("pq") });
  await call("PostQuantumCryptoDecrypt", { CiphertextBlob: pq.CiphertextBlob });
  const dil = (await call<R>("CreateKey", { Alias: "complete-dilithium", KeyUsage: "ASYMMETRIC_SIGN_VERIFY_DILITHIUM" })).KeyId as string;
  const pqSig = await call<R>("PostQuantumCryptoSign", { KeyId: dil, Message: b64("pq") });
  await call("PostQuantumCryptoVerify", { KeyId: dil, Message: b64("pq"), SignatureValue: pqSig.Signature });

  await call("DescribeWhiteBoxServiceStatus");
  const wb = await call<R>("CreateWhiteBoxKey", { Alias: "complete-wb", Algorithm: "SM4", Tags: [{ TagKey: "a", TagValue: "b" }] });
  const wb2 = await call<R>("CreateWhiteBoxKey", { Alias: "complete-wb2", Algorithm: "AES_256" });
  await call("DescribeWhiteBoxKey", { KeyId: wb.KeyId });
  await call("DescribeWhiteBoxKeyDetails", {});
  await call("DescribeWhiteBoxDecryptKey", { KeyId: wb.KeyId });
  await call("EncryptByWhiteBox", { KeyId: wb.KeyId, PlainText: b64("wb") });
  await call("OverwriteWhiteBoxDeviceFingerprints", { KeyId: wb.KeyId, DeviceFingerprints: [{ Identity: "0177ebba-5ad6930a52d808-0c03ddfd218bab-45f0c275b7f7d2-c8c68a0b1c2d3e4f" }] });
  await call("DescribeWhiteBoxDeviceFingerprints", { KeyId: wb.KeyId });
  await call("DisableWhiteBoxKey", { KeyId: wb.KeyId });
  await call("EnableWhiteBoxKey", { KeyId: wb.KeyId });
  await call("DisableWhiteBoxKeys", { KeyIds: [wb.KeyId, wb2.KeyId] });
  await call("EnableWhiteBoxKeys", { KeyIds: [wb2.KeyId] });
  await call("DeleteWhiteBoxKey", { KeyId: wb.KeyId });

  const all = Object.keys(specOf("kms").actions).filter((a) => !specOf("kms").actions[a].retired);
  assert.deepEqual(all.filter((a) => !seen.has(a)), [], "actions not walked");
  assert.equal(seen.size, 69);
});
