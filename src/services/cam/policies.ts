import { policies, POLICY_LIMITS, type CustomPolicy, type PolicyView } from "../../platform/identity/policies";
import { checkDocument, dateTime, isoUtc, NULL, owner, page, policyById, type CamHandlers, type Ctx } from "./common";

/** Custom policies with versions, and the preset catalogue, as CAM's policy actions show them. */

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const DESCRIPTION_MAX = 300;
/** Policy ids per DeletePolicy call: the reference documents no number; tclocal takes a page of ListPolicies (Rp ≤ 200). */
const DELETE_POLICIES_MAX = 200;

function checkName(ctx: Ctx, name: string): void {
  if (!POLICY_NAME.test(name)) ctx.fail("InvalidParameter.PolicyNameError", "PolicyName must be 1-128 characters of letters, digits and +=,.@-_.");
}

function checkDescription(ctx: Ctx, description: string | undefined): void {
  if (description !== undefined && description.length > DESCRIPTION_MAX) {
    ctx.fail("InvalidParameter.DescriptionLengthOverlimit", `Description is longer than ${DESCRIPTION_MAX} characters.`);
  }
}

async function nameTaken(ctx: Ctx, name: string, except?: number): Promise<boolean> {
  return (await policies.listCustom(ctx.tx, owner(ctx))).some((p) => p.name === name && p.id !== except);
}

/** A custom policy the call may change: preset policies answer InvalidParameter.PolicyIdError. */
async function customPolicy(ctx: Ctx, id: number | bigint): Promise<CustomPolicy> {
  const view = await policyById(ctx, id);
  if (!view.custom) return ctx.fail("InvalidParameter.PolicyIdError", `The preset policy ${view.name} cannot be changed.`);
  return view.custom;
}

/** How many users and roles have each policy as their permission boundary. */
async function boundaryCounts(ctx: Ctx): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  const { users, roles } = await policies.boundaryHolders(ctx.tx, owner(ctx));
  for (const e of [...users, ...roles]) counts.set(e.boundaryPolicyId!, (counts.get(e.boundaryPolicyId!) ?? 0) + 1);
  return counts;
}

async function strategyInfo(ctx: Ctx, v: PolicyView, boundaries: ReadonlyMap<number, number>) {
  const attached = await policies.attachmentsOf(ctx.tx, owner(ctx), v.id);
  return {
    PolicyId: v.id,
    PolicyName: v.name,
    AddTime: dateTime(v.addTime),
    Type: v.type,
    Description: v.description,
    CreateMode: v.type,
    Attachments: attached.length,
    ServiceType: v.serviceType,
    IsAttached: attached.length ? 1 : 0,
    Deactived: 0,
    DeactivedDetail: [],
    IsServiceLinkedPolicy: 0,
    AttachEntityCount: attached.length,
    AttachEntityBoundaryCount: boundaries.get(v.id) ?? 0,
    UpdateTime: dateTime(v.updateTime),
    Tags: v.custom?.tags ?? [],
    PermissionLevel: v.parsed.statement.some((s) => [s.action].flat().some((a) => /(^|\/)\*$|:\*$/.test(a))) ? "FullAccess" : "Custom",
  };
}

function versionsOf(v: PolicyView) {
  if (v.custom) return v.custom.versions.map((x) => ({ ...x, isDefault: x.versionId === v.custom!.defaultVersion }));
  return [{ versionId: 1, document: v.document, createdAt: Date.parse(String(v.addTime).replace(" ", "T") + "+08:00"), isDefault: true }];
}

export const policyHandlers: CamHandlers = {
  async CreatePolicy(ctx, req) {
    checkName(ctx, req.PolicyName);
    checkDescription(ctx, req.Description);
    checkDocument(ctx, req.PolicyDocument, "permission");
    if (await nameTaken(ctx, req.PolicyName)) ctx.fail("FailedOperation.PolicyNameInUse", `The policy name ${req.PolicyName} is in use.`);
    if ((await policies.listCustom(ctx.tx, owner(ctx))).length >= POLICY_LIMITS.customPolicies) {
      ctx.fail("FailedOperation.PolicyFull", `An account has at most ${POLICY_LIMITS.customPolicies} custom policies.`);
    }
    const p = await policies.create(ctx.tx, ctx.now(), owner(ctx), {
      name: req.PolicyName,
      description: req.Description ?? "",
      document: req.PolicyDocument,
      tags: (req.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })),
    });
    ctx.touch(String(p.id));
    return { PolicyId: p.id };
  },

  async GetPolicy(ctx, req) {
    const v = await policyById(ctx, req.PolicyId);
    return {
      PolicyName: v.name,
      Description: v.description,
      Type: v.type,
      AddTime: dateTime(v.addTime),
      UpdateTime: dateTime(v.updateTime),
      PolicyDocument: v.document,
      PresetAlias: v.preset ? v.description : NULL,
      IsServiceLinkedRolePolicy: 0,
      Tags: v.custom?.tags ?? [],
    };
  },

  async UpdatePolicy(ctx, req) {
    if (req.PolicyId === undefined && req.PolicyName === undefined) ctx.fail("InvalidParameter.ParamError", "Give PolicyId or PolicyName.");
    let p: CustomPolicy;
    if (req.PolicyId !== undefined) {
      p = await customPolicy(ctx, req.PolicyId);
    } else {
      const found = (await policies.listCustom(ctx.tx, owner(ctx))).find((x) => x.name === req.PolicyName);
      if (!found) return ctx.fail("ResourceNotFound.PolicyIdNotFound", `The policy ${req.PolicyName} does not exist.`);
      p = found;
    }
    if (req.PolicyId !== undefined && req.PolicyName !== undefined && req.PolicyName !== p.name) {
      checkName(ctx, req.PolicyName);
      if (await nameTaken(ctx, req.PolicyName, p.id)) ctx.fail("FailedOperation.PolicyNameInUse", `The policy name ${req.PolicyName} is in use.`);
    }
    checkDescription(ctx, req.Description);
    let versions = p.versions;
    if (req.PolicyDocument !== undefined) {
      checkDocument(ctx, req.PolicyDocument, "permission");
      // The document in force changes: the default version takes the new text.
      versions = p.versions.map((v) => (v.versionId === p.defaultVersion ? { ...v, document: req.PolicyDocument!, createdAt: ctx.now() } : v));
    }
    await policies.save(ctx.tx, {
      ...p,
      name: req.PolicyId !== undefined ? req.PolicyName ?? p.name : p.name,
      description: req.Description ?? p.description,
      versions,
      updatedAt: ctx.now(),
    });
    ctx.touch(String(p.id));
    return { PolicyId: p.id };
  },

  async DeletePolicy(ctx, req) {
    if (req.PolicyId.length > DELETE_POLICIES_MAX) {
      ctx.fail("InvalidParameter.OperatePoliciesOverLimit", `DeletePolicy takes at most ${DELETE_POLICIES_MAX} policy ids per call.`);
    }
    const targets: CustomPolicy[] = [];
    for (const id of req.PolicyId) targets.push(await customPolicy(ctx, id));
    for (const p of targets) {
      await policies.delete(ctx.tx, p);
      ctx.touch(String(p.id));
    }
    return {};
  },

  async ListPolicies(ctx, req) {
    const scope = req.Scope ?? "All";
    if (!["All", "QCS", "Local"].includes(scope)) ctx.fail("InvalidParameter.ScopeError", "Scope must be All, QCS or Local.");
    if (req.Keyword !== undefined && req.Keyword.length > 64) ctx.fail("InvalidParameter.SearchKeywordLengthError", "Keyword is longer than 64 characters.");
    const all = (await policies.listAll(ctx.tx, owner(ctx)))
      .filter((v) => scope === "All" || (scope === "QCS" ? v.type === 2 : v.type === 1))
      .filter((v) => !req.Keyword || v.name.toLowerCase().includes(req.Keyword.toLowerCase()));
    const list = [];
    const boundaries = await boundaryCounts(ctx);
    for (const v of page(ctx, all, req.Page, req.Rp)) list.push(await strategyInfo(ctx, v, boundaries));
    return { TotalNum: all.length, List: list, ServiceTypeList: [...new Set(all.map((v) => v.serviceType).filter(Boolean))] };
  },

  async CreatePolicyVersion(ctx, req) {
    const p = await customPolicy(ctx, req.PolicyId);
    checkDocument(ctx, req.PolicyDocument, "permission");
    if (p.versions.length >= POLICY_LIMITS.versions) ctx.fail("FailedOperation.PolicyVersionFull", `A policy has at most ${POLICY_LIMITS.versions} versions.`);
    const versionId = p.nextVersion;
    await policies.save(ctx.tx, {
      ...p,
      versions: [...p.versions, { versionId, document: req.PolicyDocument, createdAt: ctx.now() }],
      defaultVersion: req.SetAsDefault ? versionId : p.defaultVersion,
      nextVersion: versionId + 1,
      updatedAt: ctx.now(),
    });
    ctx.touch(String(p.id));
    return { VersionId: versionId };
  },

  async GetPolicyVersion(ctx, req) {
    const v = await policyById(ctx, req.PolicyId);
    const version = versionsOf(v).find((x) => x.versionId === req.VersionId);
    if (!version) return ctx.fail("InvalidParameter.PolicyVersionNotExists", `The policy ${v.id} has no version ${req.VersionId}.`);
    return { PolicyVersion: { VersionId: version.versionId, CreateDate: isoUtc(version.createdAt), IsDefaultVersion: version.isDefault ? 1 : 0, Document: version.document } };
  },

  async ListPolicyVersions(ctx, req) {
    const v = await policyById(ctx, req.PolicyId);
    return { Versions: versionsOf(v).map((x) => ({ VersionId: x.versionId, CreateDate: isoUtc(x.createdAt), IsDefaultVersion: x.isDefault ? 1 : 0 })) };
  },

  async DeletePolicyVersion(ctx, req) {
    const p = await customPolicy(ctx, req.PolicyId);
    for (const id of req.VersionId) {
      if (!p.versions.some((v) => v.versionId === id)) ctx.fail("InvalidParameter.PolicyVersionNotExists", `The policy ${p.id} has no version ${id}.`);
      if (id === p.defaultVersion) ctx.fail("FailedOperation.PolicyVersionAlreadyDefault", `Version ${id} is the default version; set another default first.`);
    }
    await policies.save(ctx.tx, { ...p, versions: p.versions.filter((v) => !req.VersionId.includes(v.versionId)), updatedAt: ctx.now() });
    ctx.touch(String(p.id));
    return {};
  },

  async SetDefaultPolicyVersion(ctx, req) {
    const p = await customPolicy(ctx, req.PolicyId);
    if (!p.versions.some((v) => v.versionId === req.VersionId)) ctx.fail("InvalidParameter.PolicyVersionNotExists", `The policy ${p.id} has no version ${req.VersionId}.`);
    if (p.defaultVersion === req.VersionId) ctx.fail("FailedOperation.PolicyVersionAlreadyDefault", `Version ${req.VersionId} is already the default version.`);
    await policies.save(ctx.tx, { ...p, defaultVersion: req.VersionId, updatedAt: ctx.now() });
    ctx.touch(String(p.id));
    return {};
  },
};
