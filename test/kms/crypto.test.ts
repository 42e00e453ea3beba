import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { constants, createHash, createPublicKey, generateKeyPairSync, privateDecrypt, publicEncrypt, verify } from "node:crypto";
import { sm2 } from "sm-crypto-v2";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { b64, bytes } from "../helpers/encoding";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

test("symmetric: the encryption context is authenticated (equivalent JSON decrypts, another context does not)", async () => {
  const kms = sdk("kms", server);
  const { KeyId } = await kms.CreateKey({ Alias: "ctx-key" });
  const { CiphertextBlob } = await kms.Encrypt({ KeyId: KeyId!, Plaintext: b64("pay 100"), EncryptionContext: '{"order":"42","user":"ann"}' });
  const same = await kms.Decrypt({ CiphertextBlob: CiphertextBlob!, EncryptionContext: '{ "user": "ann", "order": "42" }' });
  assert.equal(bytes(same.Plaintext).toString(), "pay 100");
  await expectCode(kms.Decrypt({ CiphertextBlob: CiphertextBlob!, EncryptionContext: '{"order":"43","user":"ann"}' }), "InvalidParameterValue.InvalidCiphertext");
  await expectCode(kms.Decrypt({ CiphertextBlob: CiphertextBlob! }), "InvalidParameterValue.InvalidCiphertext");
  await expectCode(kms.Decrypt({ CiphertextBlob: CiphertextBlob!, EncryptionContext: "not json" }), "InvalidParameter");
  const noContext = await kms.Encrypt({ KeyId: KeyId!, Plaintext: b64("plain"), EncryptionContext: "{}" });
  assert.equal(bytes((await kms.Decrypt({ CiphertextBlob: noContext.CiphertextBlob! })).Plaintext).toString(), "plain");
});

test("symmetric: tampered, truncated, non-base64 and foreign-account ciphertexts are InvalidCiphertext", async () => {
  const kms = sdk("kms", server);
  const { KeyId } = await kms.CreateKey({ Alias: "tamper-key" });
  const { CiphertextBlob } = await kms.Encrypt({ KeyId: KeyId!, Plaintext: b64("original") });
  const [head, iv, sealed] = CiphertextBlob!.split("-k-");
  const flip = (part: string, i: number) => {
    const b = bytes(part);
    b[i % b.length] ^= 1;
    return b.toString("base64");
  };
  const variants = [
    [flip(head, 30), iv, sealed].join("-k-"),
    [head, flip(iv, 3), sealed].join("-k-"),
    [head, iv, flip(sealed, 0)].join("-k-"),
    [head, iv, flip(sealed, bytes(sealed).length - 1)].join("-k-"),
    [head, iv].join("-k-"),
    "not base64 at all!",
    b64("plain text, not a blob"),
  ];
  for (const v of variants) await expectCode(kms.Decrypt({ CiphertextBlob: v }), "InvalidParameterValue.InvalidCiphertext");

  const other = await server.control("POST", "/accounts", {});
  const foreign = sdk("kms", server, { credential: { secretId: other.secretId, secretKey: other.secretKey } });
  await expectCode(foreign.Decrypt({ CiphertextBlob: CiphertextBlob! }), "InvalidParameterValue.InvalidCiphertext");
  await expectCode(foreign.DescribeKey({ KeyId: KeyId! }), "ResourceUnavailable.CmkNotFound");
  // Another region of the same account does not have the key either.
  const shanghai = sdk("kms", server, { region: "ap-shanghai" });
  await expectCode(shanghai.Decrypt({ CiphertextBlob: CiphertextBlob! }), "InvalidParameterValue.InvalidCiphertext");
});

test("GenerateDataKey: the data key decrypts with Decrypt, and comes sealed to the caller's RSA or SM2 public key", async () => {
  const kms = sdk("kms", server);
  const { KeyId } = await kms.CreateKey({ Alias: "envelope" });
  const dk = await kms.GenerateDataKey({ KeyId: KeyId!, KeySpec: "AES_256" });
  assert.equal(bytes(dk.Plaintext).length, 32);
  assert.equal(dk.DataKeyId, "");
  assert.deepEqual(bytes((await kms.Decrypt({ CiphertextBlob: dk.CiphertextBlob! })).Plaintext), bytes(dk.Plaintext));

  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = rsa.publicKey.export({ type: "spki", format: "pem" }).toString();
  const sealed = await kms.Decrypt({ CiphertextBlob: dk.CiphertextBlob!, EncryptionPublicKey: pem, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" });
  const opened = privateDecrypt({ key: rsa.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, bytes(sealed.Plaintext));
  assert.deepEqual(opened, bytes(dk.Plaintext));

  const kp = sm2.generateKeyPairHex();
  const smPem = `-----BEGIN PUBLIC KEY-----\n${Buffer.concat([Buffer.from("3059301306072a8648ce3d020106082a811ccf5501822d034200", "hex"), Buffer.from(kp.publicKey, "hex")]).toString("base64")}\n-----END PUBLIC KEY-----`;
  const small = await kms.GenerateDataKey({ KeyId: KeyId!, NumberOfBytes: 16, EncryptionPublicKey: smPem });
  const c1c3c2 = bytes(small.Plaintext).toString("hex");
  assert.equal(c1c3c2.slice(0, 2), "04");
  const dataKey = Buffer.from(sm2.doDecrypt(c1c3c2.slice(2), kp.privateKey, 1, { output: "array" }));
  assert.equal(dataKey.length, 16);
  assert.deepEqual(bytes((await kms.Decrypt({ CiphertextBlob: small.CiphertextBlob! })).Plaintext), dataKey);
  await expectCode(kms.GenerateDataKey({ KeyId: KeyId!, NumberOfBytes: 16, EncryptionPublicKey: pem }), "InvalidParameter");
  await expectCode(kms.GenerateDataKey({ KeyId: KeyId! }), "InvalidParameter");
});

test("asymmetric RSA: data encrypted locally with GetPublicKey's PEM decrypts through tclocal, with every padding", async () => {
  const kms = sdk("kms", server);
  const { KeyId } = await kms.CreateKey({ Alias: "rsa-decrypt", KeyUsage: "ASYMMETRIC_DECRYPT_RSA_2048" });
  const pub = await kms.GetPublicKey({ KeyId: KeyId! });
  assert.equal(pub.KeyId, KeyId);
  const key = createPublicKey(pub.PublicKeyPem!);
  assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
  assert.deepEqual(createPublicKey({ key: bytes(pub.PublicKey), format: "der", type: "spki" }).export({ format: "jwk" }), key.export({ format: "jwk" }));
  const cases = [
    ["RSAES_OAEP_SHA_256", { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }],
    ["RSAES_OAEP_SHA_1", { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }],
    ["RSAES_PKCS1_V1_5", { padding: constants.RSA_PKCS1_PADDING }],
  ] as const;
  for (const [Algorithm, options] of cases) {
    const ciphertext = publicEncrypt({ key, ...options }, Buffer.from(`hello ${Algorithm}`));
    const r = await kms.AsymmetricRsaDecrypt({ KeyId: KeyId!, Ciphertext: ciphertext.toString("base64"), Algorithm });
    assert.equal(bytes(r.Plaintext).toString(), `hello ${Algorithm}`);
  }
  const oaep = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, Buffer.from("x"));
  await expectCode(kms.AsymmetricRsaDecrypt({ KeyId: KeyId!, Ciphertext: oaep.toString("base64"), Algorithm: "RSAES_OAEP_SHA_1" }), "FailedOperation.DecryptError");
  await expectCode(kms.AsymmetricRsaDecrypt({ KeyId: KeyId!, Ciphertext: oaep.toString("base64"), Algorithm: "RSA" }), "InvalidParameter");
  await expectCode(kms.Encrypt({ KeyId: KeyId!, Plaintext: b64("x") }), "InvalidParameterValue.InvalidKeyUsage");
});

test("asymmetric SM2: C1C3C2_ASN1 ciphertext made locally with the public key decrypts through tclocal", async () => {
  const kms = sdk("kms", server);
  const { KeyId } = await kms.CreateKey({ Alias: "sm2-decrypt", KeyUsage: "ASYMMETRIC_DECRYPT_SM2" });
  const der = bytes((await kms.GetPublicKey({ KeyId: KeyId! })).PublicKey);
  const point = der.subarray(der.length - 65).toString("hex");
  const ciphertext = sm2.doEncrypt(new Uint8Array(Buffer.from("国密 SM2")), point, 1, { asn1: true });
  const r = await kms.AsymmetricSm2Decrypt({ KeyId: KeyId!, Ciphertext: Buffer.from(ciphertext, "hex").toString("base64") });
  assert.equal(bytes(r.Plaintext).toString(), "国密 SM2");
  const other = sm2.doEncrypt(new Uint8Array(Buffer.from("x")), sm2.generateKeyPairHex().publicKey, 1, { asn1: true });
  await expectCode(kms.AsymmetricSm2Decrypt({ KeyId: KeyId!, Ciphertext: Buffer.from(other, "hex").toString("base64") }), "FailedOperation.DecryptError");
});

test("signatures made by tclocal verify locally with GetPublicKey's PEM (RSA PSS/PKCS1, ECC P-256, ECDSA P-384, SM2), RAW and DIGEST", async () => {
  const kms = sdk("kms", server);
  const message = Buffer.from("the quick brown fox");
  const cases = [
    { usage: "ASYMMETRIC_SIGN_VERIFY_RSA_2048", algorithm: "RSA_PKCS1_SHA_256", hash: "sha256" },
    { usage: "ASYMMETRIC_SIGN_VERIFY_RSA_2048", algorithm: "RSA_PSS_SHA_256", hash: "sha256", pss: true },
    { usage: "ASYMMETRIC_SIGN_VERIFY_ECC", algorithm: "ECC_P256_R1", hash: "sha256" },
    { usage: "ASYMMETRIC_SIGN_VERIFY_ECDSA384", algorithm: "ECDSA384_SHA384", hash: "sha384" },
  ];
  for (const [i, c] of cases.entries()) {
    const { KeyId } = await kms.CreateKey({ Alias: `signer-${i}`, KeyUsage: c.usage });
    const pem = (await kms.GetPublicKey({ KeyId: KeyId! })).PublicKeyPem!;
    const key = c.pss ? { key: createPublicKey(pem), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO } : createPublicKey(pem);
    const raw = await kms.SignByAsymmetricKey({ KeyId: KeyId!, Algorithm: c.algorithm, Message: b64(message), MessageType: "RAW" });
    assert.ok(verify(c.hash, message, key, bytes(raw.Signature)), `${c.algorithm} RAW verifies locally`);
    const digest = createHash(c.hash).update(message).digest();
    const dg = await kms.SignByAsymmetricKey({ KeyId: KeyId!, Algorithm: c.algorithm, Message: digest.toString("base64"), MessageType: "DIGEST" });
    assert.ok(verify(c.hash, message, key, bytes(dg.Signature)), `${c.algorithm} DIGEST verifies locally`);
    for (const sig of [raw.Signature!, dg.Signature!]) {
      assert.equal((await kms.VerifyByAsymmetricKey({ KeyId: KeyId!, Algorithm: c.algorithm, Message: b64(message), SignatureValue: sig })).SignatureValid, true);
      assert.equal((await kms.VerifyByAsymmetricKey({ KeyId: KeyId!, Algorithm: c.algorithm, Message: digest.toString("base64"), MessageType: "DIGEST", SignatureValue: sig })).SignatureValid, true);
    }
    assert.equal((await kms.VerifyByAsymmetricKey({ KeyId: KeyId!, Algorithm: c.algorithm, Message: b64("another message"), SignatureValue: raw.Signature! })).SignatureValid, false);
  }

  const { KeyId } = await kms.CreateKey({ Alias: "sm2-signer", KeyUsage: "ASYMMETRIC_SIGN_VERIFY_SM2" });
  const der = bytes((await kms.GetPublicKey({ KeyId: KeyId! })).PublicKey);
  const point = der.subarray(der.length - 65).toString("hex");
  const sig = await kms.SignByAsymmetricKey({ KeyId: KeyId!, Algorithm: "SM2DSA", Message: b64(message) });
  assert.ok(sm2.doVerifySignature(new Uint8Array(message), bytes(sig.Signature).toString("hex"), point, { der: true, hash: true }), "SM2DSA verifies locally (SM3 with Z, user ID 1234567812345678)");
  const local = sm2.doSignature(new Uint8Array(message), sm2.generateKeyPairHex().privateKey, { der: true, hash: true, publicKey: point });
  assert.equal((await kms.VerifyByAsymmetricKey({ KeyId: KeyId!, Algorithm: "SM2DSA", Message: b64(message), SignatureValue: Buffer.from(local, "hex").toString("base64") })).SignatureValid, false);
  await expectCode(kms.SignByAsymmetricKey({ KeyId: KeyId!, Algorithm: "ECC_P256_R1", Message: b64(message) }), "InvalidParameter");
  await expectCode(kms.SignByAsymmetricKey({ KeyId: KeyId!, Algorithm: "SM2DSA", Message: b64("short"), MessageType: "DIGEST" }), "InvalidParameter");
});

test("post-quantum: Kyber_AES encrypts and decrypts, Dilithium signs and verifies", async () => {
  const kms = sdk("kms", server);
  const kem = await kms.CreateKey({ Alias: "pq-kem", KeyUsage: "ASYMMETRIC_Encrypt_Decrypt_Kyber_AES" });
  const enc = await kms.PostQuantumCryptoEncrypt({ KeyId: kem.KeyId!, PlainText: b64("quantum safe") });
  assert.equal(enc.KeyId, kem.KeyId);
  const dec = await kms.PostQuantumCryptoDecrypt({ CiphertextBlob: enc.CiphertextBlob! });
  assert.equal(bytes(dec.PlainText).toString(), "quantum safe");
  assert.equal(dec.KeyId, kem.KeyId);
  const [h, m, s] = enc.CiphertextBlob!.split("-k-");
  const t = bytes(s);
  t[0] ^= 1;
  await expectCode(kms.PostQuantumCryptoDecrypt({ CiphertextBlob: [h, m, t.toString("base64")].join("-k-") }), "InvalidParameterValue.InvalidCiphertext");
  await expectCode(kms.Decrypt({ CiphertextBlob: enc.CiphertextBlob! }), "InvalidParameterValue.InvalidCiphertext");

  const dsa = await kms.CreateKey({ Alias: "pq-dsa", KeyUsage: "ASYMMETRIC_SIGN_VERIFY_DILITHIUM" });
  const sig = await kms.PostQuantumCryptoSign({ KeyId: dsa.KeyId!, Message: b64("post-quantum") });
  assert.equal(bytes(sig.Signature).length, 4627, "ML-DSA-87 signature");
  assert.equal((await kms.PostQuantumCryptoVerify({ KeyId: dsa.KeyId!, Message: b64("post-quantum"), SignatureValue: sig.Signature! })).SignatureValid, true);
  assert.equal((await kms.PostQuantumCryptoVerify({ KeyId: dsa.KeyId!, Message: b64("post-quantun"), SignatureValue: sig.Signature! })).SignatureValid, false);
  await expectCode(kms.PostQuantumCryptoSign({ KeyId: kem.KeyId!, Message: b64("x") }), "InvalidParameterValue.InvalidKeyUsage");
  const pem = (await kms.GetPublicKey({ KeyId: dsa.KeyId! })).PublicKeyPem!;
  assert.match(pem, /^-----BEGIN PUBLIC KEY-----\n/);
});

test("ImportKeyMaterial: BYOK with a wrapping key valid 24 hours; only the same material re-imports", async () => {
  const kms = sdk("kms", server);
  const created = await kms.CreateKey({ Alias: "byok", Type: 2 });
  assert.equal(created.KeyState, "PendingImport");
  await expectCode(kms.Encrypt({ KeyId: created.KeyId!, Plaintext: b64("x") }), "ResourceUnavailable.CmkStateNotSupport");
  const before = (await server.control("GET", "/clock")).now as number;
  const params = await kms.GetParametersForImport({ KeyId: created.KeyId!, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" });
  const after = (await server.control("GET", "/clock")).now as number;
  assert.ok(params.ParametersValidTo! >= before + 86400 && params.ParametersValidTo! <= after + 86400, `${params.ParametersValidTo}`);
  const now = after;
  const wrapping = createPublicKey({ key: bytes(params.PublicKey), format: "der", type: "spki" });
  const material = Buffer.alloc(32, 7);
  const wrap = (m: Buffer) => publicEncrypt({ key: wrapping, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, m).toString("base64");
  await expectCode(kms.ImportKeyMaterial({ KeyId: created.KeyId!, ImportToken: "bogus", EncryptedKeyMaterial: wrap(material) }), "InvalidParameter");
  await expectCode(kms.ImportKeyMaterial({ KeyId: created.KeyId!, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrap(Buffer.alloc(16)) }), "InvalidParameter.DecryptMaterialError");
  await kms.ImportKeyMaterial({ KeyId: created.KeyId!, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrap(material), ValidTo: now + 3 * 86400 });
  const meta = (await kms.DescribeKey({ KeyId: created.KeyId! })).KeyMetadata!;
  assert.equal(meta.KeyState, "Enabled");
  assert.equal(meta.Origin, "EXTERNAL");
  assert.equal(meta.ValidTo, now + 3 * 86400);
  const blob = (await kms.Encrypt({ KeyId: created.KeyId!, Plaintext: b64("byok data") })).CiphertextBlob!;
  await expectCode(kms.EnableKeyRotation({ KeyId: created.KeyId! }), "UnsupportedOperation.ExternalCmkCanNotRotate");

  // Material expires with ValidTo: the key goes back to PendingImport until the same material is imported.
  await server.control("POST", "/clock", { advanceSeconds: 3 * 86400 + 10 });
  assert.equal((await kms.DescribeKey({ KeyId: created.KeyId! })).KeyMetadata!.KeyState, "PendingImport");
  await expectCode(kms.Decrypt({ CiphertextBlob: blob }), "ResourceUnavailable.CmkStateNotSupport");
  await expectCode(kms.ImportKeyMaterial({ KeyId: created.KeyId!, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrap(material) }), "ResourceUnavailable.TokenExpired");
  const fresh = await kms.GetParametersForImport({ KeyId: created.KeyId!, WrappingAlgorithm: "RSAES_PKCS1_V1_5", WrappingKeySpec: "RSA_2048" });
  const wrap2 = (m: Buffer) => publicEncrypt({ key: createPublicKey({ key: bytes(fresh.PublicKey), format: "der", type: "spki" }), padding: constants.RSA_PKCS1_PADDING }, m).toString("base64");
  await expectCode(kms.ImportKeyMaterial({ KeyId: created.KeyId!, ImportToken: fresh.ImportToken, EncryptedKeyMaterial: wrap2(Buffer.alloc(32, 8)) }), "InvalidParameterValue.MaterialNotMatch");
  await kms.ImportKeyMaterial({ KeyId: created.KeyId!, ImportToken: fresh.ImportToken, EncryptedKeyMaterial: wrap2(material) });
  assert.equal(bytes((await kms.Decrypt({ CiphertextBlob: blob })).Plaintext).toString(), "byok data");

  await kms.DeleteImportedKeyMaterial({ KeyId: created.KeyId! });
  assert.equal((await kms.DescribeKey({ KeyId: created.KeyId! })).KeyMetadata!.KeyState, "PendingImport");
  const plain = await kms.CreateKey({ Alias: "not-byok" });
  await expectCode(kms.GetParametersForImport({ KeyId: plain.KeyId!, WrappingAlgorithm: "RSAES_OAEP_SHA_1", WrappingKeySpec: "RSA_2048" }), "UnsupportedOperation.NotExternalCmk");
  await expectCode(kms.DeleteImportedKeyMaterial({ KeyId: plain.KeyId! }), "UnsupportedOperation.NotExternalCmk");
});
