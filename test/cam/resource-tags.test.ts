import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { allowsAction, evaluate, normalizePolicy, policiesMention } from "../../src/platform/cam";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { camPolicy, camUser } from "./helpers";

/**
 * Authorization by tag: `qcs:resource_tag` (`key&value`) filled from the tags of the resource a call names, for
 * KMS keys, CVM instances and CBS disks, read in the call's transaction before the handler.
 */

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const OWNER = DEFAULT_ACCOUNT.uin;
const b64 = (s: string) => Buffer.from(s).toString("base64");
const advance = (seconds: number) => server.control("POST", "/clock", { advanceSeconds: seconds });
const byTag = (effect: "allow" | "deny", action: string[], tag = "env&prod") => ({
  effect,
  action,
  resource: ["*"],
  condition: { "for_any_value:string_equal": { "qcs:resource_tag": [tag] } },
});

/** A sub-user (AddUser + CreateAccessKey) with these custom policies attached. */
async function userWith(...statements: unknown[]) {
  const user = await camUser(server);
  for (const s of statements) await sdk("cam", server).AttachUserPolicy({ AttachUin: user.uin, PolicyId: await camPolicy(server, s) });
  return user;
}

test("kms: a sub-user allowed kms:Encrypt only on keys tagged env&prod encrypts with such a key and is refused on others", async () => {
  const kms = sdk("kms", server);
  const prod = (await kms.CreateKey({ Alias: "tag-prod", Tags: [{ TagKey: "team", TagValue: "a" }, { TagKey: "env", TagValue: "prod" }] })).KeyId!;
  const dev = (await kms.CreateKey({ Alias: "tag-dev", Tags: [{ TagKey: "env", TagValue: "dev" }] })).KeyId!;
  const bare = (await kms.CreateKey({ Alias: "tag-none" })).KeyId!;
  const user = await userWith(byTag("allow", ["name/kms:Encrypt"]));
  const sub = sdk("kms", server, { credential: user.credential });

  assert.equal((await sub.Encrypt({ KeyId: prod, Plaintext: b64("x") })).KeyId, prod);
  // The KeyId as written (upper case) names the same key and its tags.
  assert.equal((await sub.Encrypt({ KeyId: prod.toUpperCase(), Plaintext: b64("x") })).KeyId, prod);
  const e = await expectCode(sub.Encrypt({ KeyId: bare, Plaintext: b64("x") }), "UnauthorizedOperation");
  assert.match(e.message, new RegExp(`you are not authorized to perform operation \\(kms:Encrypt\\)\\nresource \\(qcs::kms:ap-guangzhou:uin/${OWNER}:key/${bare}\\) has no permission`));
  await expectCode(sub.Encrypt({ KeyId: dev, Plaintext: b64("x") }), "UnauthorizedOperation");
  // A key that does not exist has no tags: refused before the handler could say CmkNotFound.
  await expectCode(sub.Encrypt({ KeyId: "00000000-0000-11ef-0000-000000000000", Plaintext: b64("x") }), "UnauthorizedOperation");
  // An action no statement allows at all is still refused at the gateway.
  await expectCode(sub.Decrypt({ CiphertextBlob: "AAAA" }), "AuthFailure.UnauthorizedOperation");

  // The per-tag form: qcs:resource_tag/<key> holds the values of that tag.
  const keyed = await userWith({ effect: "allow", action: ["name/kms:Encrypt"], resource: ["*"], condition: { string_equal: { "qcs:resource_tag/env": "dev" } } });
  const k = sdk("kms", server, { credential: keyed.credential });
  assert.equal((await k.Encrypt({ KeyId: dev, Plaintext: b64("x") })).KeyId, dev);
  await expectCode(k.Encrypt({ KeyId: prod, Plaintext: b64("x") }), "UnauthorizedOperation");
});

test("kms: a deny on resource_tag wins over an allow on every key; untagged keys stay usable", async () => {
  const kms = sdk("kms", server);
  const prod = (await kms.CreateKey({ Alias: "deny-prod", Tags: [{ TagKey: "env", TagValue: "prod" }] })).KeyId!;
  const bare = (await kms.CreateKey({ Alias: "deny-none" })).KeyId!;
  const user = await userWith({ effect: "allow", action: ["name/kms:*"], resource: ["*"] }, byTag("deny", ["name/kms:Encrypt"]));
  const sub = sdk("kms", server, { credential: user.credential });
  await expectCode(sub.Encrypt({ KeyId: prod, Plaintext: b64("x") }), "UnauthorizedOperation");
  assert.equal((await sub.Encrypt({ KeyId: bare, Plaintext: b64("x") })).KeyId, bare);
  // The deny names Encrypt only: other actions on the prod key are allowed.
  assert.equal((await sub.DescribeKey({ KeyId: prod })).KeyMetadata!.KeyId, prod);
  // A batch naming a denied key is refused as a whole.
  const both = await userWith({ effect: "allow", action: ["name/kms:*"], resource: ["*"] }, byTag("deny", ["name/kms:DisableKeys"]));
  await expectCode(sdk("kms", server, { credential: both.credential }).DisableKeys({ KeyIds: [bare, prod] }), "UnauthorizedOperation");
  assert.equal((await kms.DescribeKey({ KeyId: bare })).KeyMetadata!.KeyState, "Enabled");
});

test("cvm: cvm:StopInstances allowed on instances tagged env&prod stops a tagged instance, not an untagged one", async () => {
  const cvm = sdk("cvm", server);
  const run = (tags?: { Key: string; Value: string }[]) =>
    cvm.RunInstances({
      Placement: { Zone: "ap-guangzhou-3" },
      ImageId: "img-9qabwvbn",
      ...(tags ? { TagSpecification: [{ ResourceType: "instance", Tags: tags }] } : {}),
    });
  const tagged = (await run([{ Key: "env", Value: "prod" }])).InstanceIdSet![0];
  const bare = (await run()).InstanceIdSet![0];
  await advance(15);
  const user = await userWith(byTag("allow", ["name/cvm:StopInstances"]));
  const sub = sdk("cvm", server, { credential: user.credential });
  const e = await expectCode(sub.StopInstances({ InstanceIds: [bare] }), "UnauthorizedOperation");
  assert.match(e.message, new RegExp(`qcs::cvm:ap-guangzhou:uin/${OWNER}:instance/${bare}`));
  // Every instance named must carry the tag.
  await expectCode(sub.StopInstances({ InstanceIds: [tagged, bare] }), "UnauthorizedOperation");
  await sub.StopInstances({ InstanceIds: [tagged] });
  const states = await cvm.DescribeInstancesStatus({ InstanceIds: [tagged, bare] });
  assert.equal(states.InstanceStatusSet!.find((s) => s.InstanceId === tagged)!.InstanceState, "STOPPING");
  assert.equal(states.InstanceStatusSet!.find((s) => s.InstanceId === bare)!.InstanceState, "RUNNING");

  // A deny on the tag wins over cvm:*.
  const denied = await userWith({ effect: "allow", action: ["name/cvm:*"], resource: ["*"] }, byTag("deny", ["name/cvm:RebootInstances"]));
  const d = sdk("cvm", server, { credential: denied.credential });
  await expectCode(d.RebootInstances({ InstanceIds: [tagged] }), "UnauthorizedOperation");
  await d.RebootInstances({ InstanceIds: [bare] });
});

test("cbs: DetachDisks and ModifyDiskAttributes allowed on disks tagged env&prod; a deny on the tag wins", async () => {
  const cbs = sdk("cbs", server);
  const ins = (await sdk("cvm", server).RunInstances({ Placement: { Zone: "ap-guangzhou-3" }, ImageId: "img-9qabwvbn" })).InstanceIdSet![0];
  const create = (tags?: { Key: string; Value: string }[]) =>
    cbs.CreateDisks({ Placement: { Zone: "ap-guangzhou-3" }, DiskChargeType: "POSTPAID_BY_HOUR", DiskType: "CLOUD_PREMIUM", DiskSize: 20, ...(tags ? { Tags: tags } : {}) });
  const tagged = (await create([{ Key: "env", Value: "prod" }])).DiskIdSet![0];
  const bare = (await create()).DiskIdSet![0];
  await advance(15);
  await cbs.AttachDisks({ InstanceId: ins, DiskIds: [tagged, bare] });
  await advance(5);

  const user = await userWith(byTag("allow", ["name/cbs:DetachDisks", "name/cbs:ModifyDiskAttributes"]));
  const sub = sdk("cbs", server, { credential: user.credential });
  await sub.ModifyDiskAttributes({ DiskIds: [tagged], DiskName: "renamed" });
  await expectCode(sub.ModifyDiskAttributes({ DiskIds: [bare], DiskName: "renamed" }), "UnauthorizedOperation");
  await expectCode(sub.DetachDisks({ DiskIds: [bare] }), "UnauthorizedOperation");
  // The instance named beside the disk is a resource too, and it is untagged.
  await expectCode(sub.DetachDisks({ DiskIds: [tagged], InstanceId: ins }), "UnauthorizedOperation");
  await sub.DetachDisks({ DiskIds: [tagged] });
  const disks = (await cbs.DescribeDisks({ DiskIds: [tagged, bare] })).DiskSet!;
  assert.equal(disks.find((d) => d.DiskId === tagged)!.DiskName, "renamed");
  assert.equal(disks.find((d) => d.DiskId === tagged)!.DiskState, "DETACHING");
  assert.equal(disks.find((d) => d.DiskId === bare)!.DiskState, "ATTACHED");

  const denied = await userWith({ effect: "allow", action: ["name/cbs:*"], resource: ["*"] }, byTag("deny", ["name/cbs:ModifyDiskAttributes"]));
  const d = sdk("cbs", server, { credential: denied.credential });
  await expectCode(d.ModifyDiskAttributes({ DiskIds: [tagged], DiskName: "nope" }), "UnauthorizedOperation");
  await d.ModifyDiskAttributes({ DiskIds: [bare], DiskName: "fine" });
});

test("a tag grant is judged per resource: a call naming no resource has no resource tags", async () => {
  const user = await userWith(byTag("allow", ["name/kms:ListKeys", "name/kms:Encrypt"]));
  // The action is allowed on some resources, so the gateway lets it through; `*` carries no tags.
  await expectCode(sdk("kms", server, { credential: user.credential }).ListKeys({}), "UnauthorizedOperation");
  // _if_exist holds for a resource with no tags.
  const lenient = await userWith({ effect: "allow", action: ["name/kms:ListKeys"], resource: ["*"], condition: { string_equal_if_exist: { "qcs:resource_tag": "env&prod" } } });
  await sdk("kms", server, { credential: lenient.credential }).ListKeys({});
});

test("the action-level check defers resource_tag; policies that never test it are known without reading tags", () => {
  const allowByTag = normalizePolicy({ version: "2.0", statement: [byTag("allow", ["kms:Encrypt"])] });
  const denyByTag = normalizePolicy({ version: "2.0", statement: [{ effect: "allow", action: ["kms:*"], resource: ["*"] }, byTag("deny", ["kms:Encrypt"])] });
  const plain = normalizePolicy({ version: "2.0", statement: [{ effect: "allow", action: ["kms:*"], resource: ["*"] }] });
  assert.equal(allowsAction([allowByTag], "kms:Encrypt"), false);
  assert.equal(allowsAction([allowByTag], "kms:Encrypt", {}, ["qcs:resource_tag"]), true);
  assert.equal(allowsAction([allowByTag], "kms:Decrypt", {}, ["qcs:resource_tag"]), false);
  assert.equal(allowsAction([denyByTag], "kms:Encrypt", {}, ["qcs:resource_tag"]), true);
  assert.equal(policiesMention([plain], "qcs:resource_tag"), false);
  assert.equal(policiesMention([plain, denyByTag], "qcs:resource_tag"), true);
  const at = (tags: string[] | undefined) => evaluate([denyByTag], { action: "kms:Encrypt", resource: "qcs::kms:ap-guangzhou:uin/1:key/k", context: { "qcs:resource_tag": tags } });
  assert.equal(at(["env&prod"]).effect, "explicit-deny");
  assert.equal(at(["env&dev"]).effect, "allow");
  assert.equal(at(undefined).effect, "allow");
});
