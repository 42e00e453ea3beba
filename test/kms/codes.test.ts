import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { b64 } from "../helpers/encoding";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

type Kms = ReturnType<typeof sdk<"kms">>;

async function key(kms: Kms, alias: string): Promise<string> {
  return (await kms.CreateKey({ Alias: alias })).KeyId!;
}

/** Every product code of the KMS error-code page, each produced by a realistic call. */
const seeds: { code: string; call: (kms: Kms) => Promise<unknown> }[] = [
  {
    code: "InternalError",
    call: async (kms) => {
      const keyId = await key(kms, "fault-target");
      await server.control("POST", "/faults", { service: "kms", action: "Encrypt", code: "InternalError", count: 1 });
      return kms.Encrypt({ KeyId: keyId, Plaintext: b64("x") });
    },
  },
  { code: "InvalidParameter", call: async (kms) => kms.GenerateDataKey({ KeyId: await key(kms, "spec"), KeySpec: "AES_512" }) },
  {
    code: "InvalidParameterValue.AliasAlreadyExists",
    call: async (kms) => {
      await key(kms, "taken-alias");
      return kms.CreateKey({ Alias: "taken-alias" });
    },
  },
  {
    code: "InvalidParameterValue.DuplicatedKeyId",
    call: async (kms) => {
      const id = await key(kms, "dup");
      return kms.DisableKeys({ KeyIds: [id, id] });
    },
  },
  { code: "InvalidParameterValue.InvalidAlias", call: (kms) => kms.CreateKey({ Alias: "my key!" }) },
  { code: "InvalidParameterValue.InvalidCiphertext", call: (kms) => kms.Decrypt({ CiphertextBlob: "definitely-not-a-ciphertext" }) },
  { code: "InvalidParameterValue.InvalidKeyId", call: (kms) => kms.DescribeKey({ KeyId: "my-key" }) },
  { code: "InvalidParameterValue.InvalidKeyUsage", call: (kms) => kms.CreateKey({ Alias: "rsa4096", KeyUsage: "ASYMMETRIC_DECRYPT_RSA_4096" }) },
  { code: "InvalidParameterValue.InvalidPlaintext", call: async (kms) => kms.Encrypt({ KeyId: await key(kms, "big"), Plaintext: b64(Buffer.alloc(4097)) }) },
  { code: "InvalidParameterValue.InvalidType", call: (kms) => kms.CreateKey({ Alias: "type3", Type: 3 }) },
  {
    code: "ResourceUnavailable.CmkDisabled",
    call: async (kms) => {
      const id = await key(kms, "disabled");
      await kms.DisableKey({ KeyId: id });
      return kms.Encrypt({ KeyId: id, Plaintext: b64("x") });
    },
  },
  { code: "ResourceUnavailable.CmkNotFound", call: (kms) => kms.DescribeKey({ KeyId: "23e80852-1e38-11e9-b129-5cb9019b4b01" }) },
];

for (const seed of seeds) {
  test(`seed code ${seed.code}`, async () => {
    const err = await expectCode(seed.call(sdk("kms", server)), seed.code);
    assert.ok(err.message.length > 0);
    assert.match(err.requestId, /^[0-9a-f-]{36}$/);
  });
}

test("seed code InternalError fires once (count 1), then the call succeeds", async () => {
  const kms = sdk("kms", server);
  await server.control("POST", "/faults", { service: "kms", action: "GenerateRandom", code: "InternalError", count: 1 });
  await expectCode(kms.GenerateRandom({ NumberOfBytes: 16 }), "InternalError");
  assert.equal(Buffer.from((await kms.GenerateRandom({ NumberOfBytes: 16 })).Plaintext, "base64").length, 16);
});

test("seed code LimitExceeded.CmkLimitExceeded: 200 CMKs per account and region, keys pending deletion excluded", async () => {
  const account = await server.control("POST", "/accounts", {});
  const kms = sdk("kms", server, { credential: { secretId: account.secretId, secretKey: account.secretKey } });
  const ids: string[] = [];
  for (let i = 0; i < 200; i += 25) {
    const batch = await Promise.all(Array.from({ length: 25 }, (_, j) => kms.CreateKey({ Alias: `quota-${i + j}` })));
    ids.push(...batch.map((b) => b.KeyId!));
  }
  const err = await expectCode(kms.CreateKey({ Alias: "one-too-many" }), "LimitExceeded.CmkLimitExceeded");
  assert.match(err.message, /200/);
  assert.equal((await kms.GetServiceStatus()).CmkUserCount, 200);
  // Another region has its own quota; a key pending deletion frees a place.
  await sdk("kms", server, { credential: account, region: "ap-beijing" }).CreateKey({ Alias: "beijing" });
  await kms.DisableKey({ KeyId: ids[0] });
  await kms.ScheduleKeyDeletion({ KeyId: ids[0], PendingWindowInDays: 7 });
  assert.ok((await kms.CreateKey({ Alias: "one-too-many" })).KeyId);
});

test("seed code ResourceUnavailable.CmkNotFound: a well-formed KeyId of another account", async () => {
  const kms = sdk("kms", server);
  const id = await key(kms, "mine");
  const other = await server.control("POST", "/accounts", {});
  const foreign = sdk("kms", server, { credential: { secretId: other.secretId, secretKey: other.secretKey } });
  await expectCode(foreign.Encrypt({ KeyId: id, Plaintext: b64("x") }), "ResourceUnavailable.CmkNotFound");
  await expectCode(foreign.EnableKeys({ KeyIds: [id] }), "ResourceUnavailable.CmkNotFound");
});

test("seed code UnauthorizedOperation: a sub-user allowed kms:* only on another key", async () => {
  const kms = sdk("kms", server);
  const allowed = await key(kms, "allowed-key");
  const forbidden = await key(kms, "forbidden-key");
  const policy = {
    version: "2.0",
    statement: [{ effect: "allow", action: ["kms:*"], resource: [`qcs::kms:ap-guangzhou:uin/${DEFAULT_ACCOUNT.uin}:key/${allowed}`] }],
  };
  const user = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/users`, { name: "app", policy });
  const sub = sdk("kms", server, { credential: { secretId: user.secretId, secretKey: user.secretKey } });
  const ok = await sub.Encrypt({ KeyId: allowed, Plaintext: b64("allowed") });
  assert.equal(ok.KeyId, allowed);
  const err = await expectCode(sub.Encrypt({ KeyId: forbidden, Plaintext: b64("x") }), "UnauthorizedOperation");
  assert.match(err.message, new RegExp(forbidden));
  await expectCode(sub.DescribeKeys({ KeyIds: [allowed, forbidden] }), "UnauthorizedOperation");
  // Keys the sub-user creates are the account's: the creator shows in the metadata.
  const meta = (await kms.DescribeKey({ KeyId: allowed })).KeyMetadata!;
  assert.equal(meta.CreatorUinString, DEFAULT_ACCOUNT.uin);

  const cbsOnly = await server.control("POST", `/accounts/${DEFAULT_ACCOUNT.uin}/users`, {
    name: "cbs-only",
    policy: { version: "2.0", statement: [{ effect: "allow", action: ["cbs:*"], resource: ["*"] }] },
  });
  const none = sdk("kms", server, { credential: { secretId: cbsOnly.secretId, secretKey: cbsOnly.secretKey } });
  await expectCode(none.Encrypt({ KeyId: allowed, Plaintext: b64("x") }), "AuthFailure.UnauthorizedOperation");
});

test("common codes as KMS answers them: MissingParameter, UnknownParameter, UnsupportedRegion, region-less GetRegions", async () => {
  const kms = sdk("kms", server);
  const missing = await expectCode(kms.Encrypt({ Plaintext: b64("x") } as never), "MissingParameter");
  assert.match(missing.message, /`KeyId`/);
  await expectCode(kms.DescribeKey({ KeyId: "23e80852-1e38-11e9-b129-5cb9019b4b01", Bogus: 1 } as never), "UnknownParameter");
  await expectCode(sdk("kms", server, { region: "eu-moscow" }).ListKeys({}), "UnsupportedRegion");
  const regions = await sdk("kms", server, { region: "" }).GetRegions();
  assert.ok(regions.Regions!.includes("ap-guangzhou") && regions.Regions!.includes("ap-shanghai-fsi"));
  await expectCode(sdk("kms", server, { region: "" }).ListKeys({}), "MissingParameter");
});

test("RequestLimitExceeded at the documented 20 requests per second of PostQuantumCryptoVerify (with --rate-limit)", async () => {
  const limited = await startTclocal({ rateLimit: true });
  try {
    const kms = sdk("kms", limited);
    const calls = Array.from({ length: 45 }, () =>
      kms.PostQuantumCryptoVerify({ KeyId: "not-a-key", Message: b64("m"), SignatureValue: b64("s") }).then(
        () => "ok",
        (e: { code: string }) => e.code,
      ),
    );
    const codes = await Promise.all(calls);
    assert.ok(codes.includes("RequestLimitExceeded"), JSON.stringify(codes));
    assert.ok(codes.includes("InvalidParameterValue.InvalidKeyId"));
  } finally {
    await limited.stop();
  }
});
