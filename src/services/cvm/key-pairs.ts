import { createPublicKey, generateKeyPairSync } from "node:crypto";
import type * as m from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models";
import type { ProductName } from "../../errors/catalog";
import type { Req, Res } from "../../platform/definition";
import type { ActionContext } from "../../platform/service";
import { bt, checkInstanceIds, eq, filterBy, loadInstances, newId, operate, paging, stateOf, tagsFor, utc, type Ctx } from "./common";
import { liveInstances, type InstanceDoc, type Tag } from "./instance-model";

/** An SSH key pair: the public key is kept, the private key is handed back once by CreateKeyPair and never stored. */
export interface KeyPairDoc {
  KeyId: string;
  KeyName: string;
  ProjectId: number;
  Description: string;
  PublicKey: string;
  createdAt: number;
  Tags: Tag[];
}

export const keyPairs = (ctx: ActionContext<ProductName>) => ctx.as("cvm").docs<KeyPairDoc>("key-pair");

/** Key pairs per account and region (tclocal's number; InvalidKeyPair.LimitExceeded beyond). */
export const KEY_PAIR_QUOTA = 100;
const KEY_ID = /^skey-[a-z0-9]{8}$/;

function sshString(b: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

/** An RSA public key in OpenSSH form (`ssh-rsa AAAA… comment`). */
function openSshRsa(publicPem: string, comment: string): string {
  const jwk = createPublicKey(publicPem).export({ format: "jwk" }) as { n: string; e: string };
  const mpint = (b64url: string) => {
    const raw = Buffer.from(b64url, "base64url");
    return sshString(raw[0] & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw);
  };
  const blob = Buffer.concat([sshString(Buffer.from("ssh-rsa")), mpint(jwk.e), mpint(jwk.n)]);
  return `ssh-rsa ${blob.toString("base64")} ${comment}`;
}

/** An OpenSSH public key line of a type the real service accepts; the key blob must be well-formed. */
export function publicKeyOk(text: string): boolean {
  const m = /^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521|ssh-dss) ([A-Za-z0-9+/]+={0,2})(?: .*)?$/.exec(text.trim());
  if (!m) return false;
  const blob = Buffer.from(m[2], "base64");
  if (blob.length < 8) return false;
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString() === m[1];
}

function checkName(ctx: Ctx, name: string): void {
  if (!name) ctx.fail("InvalidKeyPairNameEmpty", "The key pair name cannot be empty.");
  if (name.length > 25) ctx.fail("InvalidKeyPairNameTooLong", "The key pair name must be at most 25 characters.");
  if (!/^[A-Za-z0-9_]+$/.test(name)) ctx.fail("InvalidKeyPairNameIncludeIllegalChar", "The key pair name takes only letters, digits and underscores.");
}

async function checkNew(ctx: Ctx, name: string, projectId: number): Promise<void> {
  checkName(ctx, name);
  if (projectId < 0) ctx.fail("InvalidProjectId.NotFound", `The project ${projectId} does not exist.`);
  const all = await keyPairs(ctx).all();
  if (all.some((k) => k.KeyName === name)) ctx.fail("InvalidKeyPairName.Duplicate", `A key pair named ${bt(name)} exists.`);
  if (all.length >= KEY_PAIR_QUOTA) ctx.fail("InvalidKeyPair.LimitExceeded", `The region allows ${KEY_PAIR_QUOTA} key pairs.`);
}

async function associated(ctx: Ctx, keyId: string, all?: InstanceDoc[]): Promise<string[]> {
  return (all ?? (await liveInstances(ctx))).filter((i) => i.KeyIds.includes(keyId)).map((i) => i.InstanceId);
}

function present(k: KeyPairDoc, instanceIds: string[], privateKey = ""): m.KeyPair {
  return {
    KeyId: k.KeyId, KeyName: k.KeyName, ProjectId: k.ProjectId, Description: k.Description, PublicKey: k.PublicKey, PrivateKey: privateKey,
    AssociatedInstanceIds: instanceIds, CreatedTime: utc(k.createdAt), Tags: k.Tags.map((t) => ({ Key: t.Key, Value: t.Value })),
  };
}

export async function createKeyPair(ctx: Ctx, req: Req<m.CreateKeyPairRequest>): Promise<Res<m.CreateKeyPairResponse>> {
  await checkNew(ctx, req.KeyName, req.ProjectId);
  const tags = tagsFor(ctx, req.TagSpecification, "keypair");
  const id = await newId(keyPairs(ctx), "skey");
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "pkcs1", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  const doc = await keyPairs(ctx).insert(id, { KeyId: id, KeyName: req.KeyName, ProjectId: req.ProjectId, Description: "", PublicKey: openSshRsa(publicKey, id), createdAt: ctx.now(), Tags: tags });
  ctx.touch(id);
  return { KeyPair: present(doc, [], privateKey) };
}

export async function importKeyPair(ctx: Ctx, req: Req<m.ImportKeyPairRequest>): Promise<Res<m.ImportKeyPairResponse>> {
  await checkNew(ctx, req.KeyName, req.ProjectId);
  if (!publicKeyOk(req.PublicKey)) ctx.fail("InvalidPublicKey.Malformed", "The public key is not an OpenSSH public key (ssh-rsa AAAA…).");
  const body = req.PublicKey.trim().split(" ").slice(0, 2).join(" ");
  if ((await keyPairs(ctx).all()).some((k) => k.PublicKey.split(" ").slice(0, 2).join(" ") === body)) ctx.fail("InvalidPublicKey.Duplicate", "This public key is already imported.");
  const tags = tagsFor(ctx, req.TagSpecification, "keypair");
  const id = await newId(keyPairs(ctx), "skey");
  await keyPairs(ctx).insert(id, { KeyId: id, KeyName: req.KeyName, ProjectId: req.ProjectId, Description: "", PublicKey: req.PublicKey.trim(), createdAt: ctx.now(), Tags: tags });
  ctx.touch(id);
  return { KeyId: id };
}

async function loadKeys(ctx: Ctx, ids: readonly string[], max = 100): Promise<KeyPairDoc[]> {
  if (!ids.length) ctx.fail("MissingParameter", "The request is missing a required parameter `KeyIds`.");
  if (ids.length > max) ctx.fail("InvalidParameterValue.LimitExceeded", `At most ${max} key pairs can be given.`);
  const out: KeyPairDoc[] = [];
  for (const id of new Set(ids)) {
    if (!KEY_ID.test(id)) ctx.fail("InvalidKeyPairId.Malformed", `The key pair id ${bt(id)} is malformed.`);
    const k = await keyPairs(ctx).get(id);
    if (!k) ctx.fail("InvalidKeyPairId.NotFound", `The key pair ${bt(id)} does not exist.`);
    out.push(k);
    ctx.touch(id);
  }
  return out;
}

export async function deleteKeyPairs(ctx: Ctx, req: Req<m.DeleteKeyPairsRequest>): Promise<Res<m.DeleteKeyPairsResponse>> {
  const keys = await loadKeys(ctx, req.KeyIds);
  const all = await liveInstances(ctx);
  for (const k of keys) {
    const used = await associated(ctx, k.KeyId, all);
    if (used.length) ctx.fail("InvalidParameterValue.KeyPairNotSupported", `The key pair ${bt(k.KeyId)} is associated with ${used.join(", ")}: disassociate it first.`);
  }
  for (const k of keys) await keyPairs(ctx).delete(k.KeyId);
  return {};
}

export async function describeKeyPairs(ctx: Ctx, req: Req<m.DescribeKeyPairsRequest>): Promise<Res<m.DescribeKeyPairsResponse>> {
  const ids = req.KeyIds ?? [];
  for (const id of ids) if (!KEY_ID.test(id)) ctx.fail("InvalidKeyPairId.Malformed", `The key pair id ${bt(id)} is malformed.`);
  if (ids.length && req.Filters?.length) ctx.fail("InvalidParameter", "`KeyIds` and `Filters` cannot be given together.");
  if ((req.Offset ?? 0) < 0) ctx.fail("InvalidParameterValueOffset", `The Offset ${req.Offset} is not valid.`);
  if ((req.Limit ?? 20) > 100) ctx.fail("InvalidParameterValueLimit", `The Limit ${req.Limit} is not valid: at most 100.`);
  const page = paging(ctx, req.Offset, req.Limit);
  const filter = filterBy<KeyPairDoc>(ctx, req.Filters, {
    "project-id": (k, v) => eq(k.ProjectId, v),
    "key-name": (k, v) => v.some((x) => k.KeyName.includes(x)),
    "key-id": (k, v) => eq(k.KeyId, v),
  }, (k) => k.Tags);
  const all = (await keyPairs(ctx).all()).filter((k) => (ids.length ? ids.includes(k.KeyId) : filter(k))).reverse();
  const insts = await liveInstances(ctx);
  const set: m.KeyPair[] = [];
  for (const k of all.slice(page.offset, page.offset + page.limit)) set.push(present(k, await associated(ctx, k.KeyId, insts)));
  return { TotalCount: all.length, KeyPairSet: set };
}

export async function modifyKeyPairAttribute(ctx: Ctx, req: Req<m.ModifyKeyPairAttributeRequest>): Promise<Res<m.ModifyKeyPairAttributeResponse>> {
  const [k] = await loadKeys(ctx, [req.KeyId]);
  if (req.KeyName === undefined && req.Description === undefined) ctx.fail("MissingParameter", "Give `KeyName` or `Description`.");
  if (req.KeyName !== undefined) {
    checkName(ctx, req.KeyName);
    if ((await keyPairs(ctx).all()).some((x) => x.KeyName === req.KeyName && x.KeyId !== k.KeyId)) ctx.fail("InvalidKeyPairName.Duplicate", `A key pair named ${bt(req.KeyName)} exists.`);
  }
  if ((req.Description ?? "").length > 60) ctx.fail("InvalidParameterValue", "`Description` is at most 60 characters.");
  await keyPairs(ctx).update(k.KeyId, { ...k, KeyName: req.KeyName ?? k.KeyName, Description: req.Description ?? k.Description });
  return {};
}

/** Key binding needs a stopped instance; ForceStop stops a running one, which comes back when the binding is done. */
async function rebind(ctx: Ctx, req: { InstanceIds: string[]; KeyIds: string[]; ForceStop?: boolean }, apply: (keys: string[], ids: string[]) => string[], action: string) {
  checkInstanceIds(ctx, req.InstanceIds, true);
  const keys = await loadKeys(ctx, req.KeyIds);
  const list = await loadInstances(ctx, req.InstanceIds, req.ForceStop ? ["RUNNING", "STOPPED"] : ["STOPPED"], action);
  for (const i of list) if (i.windows) ctx.fail("UnsupportedOperation.InstanceOsWindows", `The instance ${bt(i.InstanceId)} runs Windows: key pairs do not apply.`);
  for (const i of list) {
    const running = stateOf(ctx, i) === "RUNNING";
    await operate(ctx, i, action, { KeyIds: apply(i.KeyIds, keys.map((k) => k.KeyId)) }, running ? "REBOOTING" : undefined);
  }
}

export async function associateInstancesKeyPairs(ctx: Ctx, req: Req<m.AssociateInstancesKeyPairsRequest>): Promise<Res<m.AssociateInstancesKeyPairsResponse>> {
  await rebind(ctx, req, (_old, keys) => keys, "AssociateInstancesKeyPairs");
  return {};
}

export async function disassociateInstancesKeyPairs(ctx: Ctx, req: Req<m.DisassociateInstancesKeyPairsRequest>): Promise<Res<m.DisassociateInstancesKeyPairsResponse>> {
  await rebind(ctx, req, (old, keys) => old.filter((k) => !keys.includes(k)), "DisassociateInstancesKeyPairs");
  return {};
}
