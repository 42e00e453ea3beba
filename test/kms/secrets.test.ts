import { test } from "node:test";
import assert from "node:assert/strict";
import { constants, createPublicKey, publicEncrypt } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { DEFAULT_CONFIG } from "../../src/config";
import { withControlContext } from "../../src/control/context";
import { startServer } from "../../src/server";
import { bindKeyToResource, checkKeyForProduct, listKeyAliases, unbindKeyFromResource } from "../../src/services/kms/for-products";
import { startTclocal } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { b64 } from "../helpers/encoding";

test("plaintexts, data keys and key material never reach the audit trail, the logs or the control API", async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const server = await startServer({ ...DEFAULT_CONFIG, port: 0, dataDir: null, logLevel: "debug" }, pino({ level: "debug" }, sink));
  try {
    const kms = sdk("kms", server);
    const { KeyId } = await kms.CreateKey({ Alias: "secrets" });
    const secret = b64("TOP-SECRET-PLAINTEXT-0042");
    const { CiphertextBlob } = await kms.Encrypt({ KeyId: KeyId!, Plaintext: secret });
    const dk = await kms.GenerateDataKey({ KeyId: KeyId!, KeySpec: "AES_256", IsHostedByKms: 1, DataKeyName: "secret-dk" });
    await kms.GetDataKeyPlaintext({ DataKeyId: dk.DataKeyId! });
    await kms.Decrypt({ CiphertextBlob: CiphertextBlob! });
    const importedDataKey = b64("IMPORTED-DATA-KEY-MATERIAL-77");
    await kms.ImportDataKey({ DataKeyName: "imported", ImportKeyMaterial: importedDataKey, ImportType: 2, KeyId: KeyId! });
    const external = await kms.CreateKey({ Alias: "byok-secret", Type: 2 });
    const params = await kms.GetParametersForImport({ KeyId: external.KeyId!, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" });
    const material = Buffer.alloc(32, 0x5a);
    const wrapped = publicEncrypt({ key: createPublicKey({ key: Buffer.from(params.PublicKey, "base64"), format: "der", type: "spki" }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, material);
    await kms.ImportKeyMaterial({ KeyId: external.KeyId!, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped.toString("base64") });
    await kms.PostQuantumCryptoEncrypt({ KeyId: (await kms.CreateKey({ Alias: "pq", KeyUsage: "ASYMMETRIC_Encrypt_Decrypt_Kyber_AES" })).KeyId!, PlainText: secret });
    await expectCode(kms.Encrypt({ KeyId: KeyId!, Plaintext: secret, EncryptionContext: "not json" }), "InvalidParameter");

    const trail = JSON.stringify(await (await fetch(`${server.endpoint}/_tclocal/requests?service=kms&limit=100`)).json());
    const inspected = JSON.stringify(await (await fetch(`${server.endpoint}/_tclocal/kms/keys`)).json());
    const logs = lines.join("");
    assert.match(trail, /"action":"Encrypt"/);
    assert.match(logs, /"action":"Encrypt"/, "the logs record the calls");
    assert.match(inspected, new RegExp(KeyId!));
    for (const [name, value] of [
      ["Encrypt plaintext", secret],
      ["data key plaintext", dk.Plaintext!],
      ["imported data key", importedDataKey],
      ["imported key material", material.toString("base64")],
      ["wrapped key material", wrapped.toString("base64")],
      ["import token", params.ImportToken],
    ] as const) {
      assert.ok(!trail.includes(value), `${name} in the audit trail`);
      assert.ok(!logs.includes(value), `${name} in the logs`);
      assert.ok(!inspected.includes(value), `${name} in GET /_tclocal/kms/keys`);
    }
    assert.ok(!/PRIVATE KEY|"secret"|"material"|"versions"/.test(inspected), "no material fields in the control API");
  } finally {
    await server.stop();
  }
});

test("keys, their versions and hosted data keys survive a restart on the same data directory", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tclocal-kms-"));
  try {
    let server = await startTclocal({ dataDir });
    let kms = sdk("kms", server);
    const { KeyId } = await kms.CreateKey({ Alias: "durable" });
    const v1 = (await kms.Encrypt({ KeyId: KeyId!, Plaintext: b64("before restart") })).CiphertextBlob!;
    await kms.EnableKeyRotation({ KeyId: KeyId! });
    await kms.RotateKey({ KeyId: KeyId! });
    const v2 = (await kms.Encrypt({ KeyId: KeyId!, Plaintext: b64("after rotation") })).CiphertextBlob!;
    const signer = (await kms.CreateKey({ Alias: "durable-signer", KeyUsage: "ASYMMETRIC_SIGN_VERIFY_ECC" })).KeyId!;
    const pem = (await kms.GetPublicKey({ KeyId: signer })).PublicKeyPem;
    const dk = await kms.GenerateDataKey({ KeyId: KeyId!, NumberOfBytes: 20, IsHostedByKms: 1, DataKeyName: "durable-dk" });
    await server.stop();

    server = await startTclocal({ dataDir });
    kms = sdk("kms", server);
    assert.equal(Buffer.from((await kms.Decrypt({ CiphertextBlob: v1 })).Plaintext!, "base64").toString(), "before restart");
    assert.equal(Buffer.from((await kms.Decrypt({ CiphertextBlob: v2 })).Plaintext!, "base64").toString(), "after rotation");
    assert.equal((await kms.GetPublicKey({ KeyId: signer })).PublicKeyPem, pem);
    assert.equal((await kms.GetDataKeyPlaintext({ DataKeyId: dk.DataKeyId! })).Plaintext, dk.Plaintext);
    await server.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("for-products contract: CBS checks usability and binds keys, CloudAudit lists aliases", async () => {
  const server = await startTclocal();
  try {
    const kms = sdk("kms", server);
    const enabled = (await kms.CreateKey({ Alias: "disk-key" })).KeyId!;
    const disabled = (await kms.CreateKey({ Alias: "off-key" })).KeyId!;
    await kms.DisableKey({ KeyId: disabled });
    const signer = (await kms.CreateKey({ Alias: "sign-key", KeyUsage: "ASYMMETRIC_SIGN_VERIFY_ECC" })).KeyId!;
    const inCbs = <T>(fn: Parameters<typeof withControlContext<"cbs", T>>[3]) => withControlContext(server.app, "cbs", { region: "ap-guangzhou" }, fn);
    assert.equal(await inCbs((ctx) => checkKeyForProduct(ctx, enabled)), "ok");
    assert.equal(await inCbs((ctx) => checkKeyForProduct(ctx, disabled)), "disabled");
    assert.equal(await inCbs((ctx) => checkKeyForProduct(ctx, signer)), "unusable");
    assert.equal(await inCbs((ctx) => checkKeyForProduct(ctx, "23e80852-1e38-11e9-b129-5cb9019b4b01")), "not-found");
    assert.equal(await inCbs((ctx) => checkKeyForProduct(ctx, "garbage")), "not-found");
    assert.equal(await withControlContext(server.app, "cbs", { region: "ap-shanghai" }, (ctx) => checkKeyForProduct(ctx, enabled)), "not-found");

    await inCbs((ctx) => bindKeyToResource(ctx, enabled, "cbs", "disk-12345678"));
    await expectCode(kms.DisableKey({ KeyId: enabled }), "FailedOperation.CmkUsedByCloudProduct");
    await inCbs((ctx) => unbindKeyFromResource(ctx, enabled, "cbs", "disk-12345678"));
    await kms.DisableKey({ KeyId: enabled });

    const aliases = await withControlContext(server.app, "cloudaudit", { region: "ap-guangzhou" }, (ctx) => listKeyAliases(ctx));
    assert.deepEqual(aliases.map((a) => a.Alias).sort(), ["disk-key", "off-key", "sign-key"]);
    assert.ok(aliases.every((a) => /^[0-9a-f-]{36}$/.test(a.KeyId)));
  } finally {
    await server.stop();
  }
});
