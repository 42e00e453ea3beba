import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DEFAULT_ACCOUNT } from "../../src/platform/accounts";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";
import { camPolicy, camUser, unique } from "./helpers";

/** Policies scoped to CAM's own resources: users, policies, groups and roles by their qcs::cam names. */

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const OWNER = DEFAULT_ACCOUNT.uin;
const cam = () => sdk("cam", server);

test("self-service: a user allowed cam:GetUser on its own user resource reads itself, and is refused on another user", async () => {
  const me = await camUser(server);
  const other = await camUser(server);
  const self = `qcs::cam::uin/${OWNER}:uin/${me.uin}`;
  await cam().AttachUserPolicy({
    AttachUin: me.uin,
    PolicyId: await camPolicy(server, { effect: "allow", action: ["name/cam:GetUser", "name/cam:ListAccessKeys", "name/cam:ListGroupsForUser"], resource: [self] }),
  });
  const mine = sdk("cam", server, { credential: me.credential });
  const got = await mine.GetUser({ Name: me.name });
  assert.equal(got.Uin, me.uin);
  const e = await expectCode(mine.GetUser({ Name: other.name }), "UnauthorizedOperation");
  assert.match(e.message, new RegExp(`you are not authorized to perform operation \\(cam:GetUser\\)\\nresource \\(qcs::cam::uin/${OWNER}:uin/${other.uin}\\) has no permission`));
  // The same name by Uin (TargetUin) and by Uid.
  assert.equal((await mine.ListAccessKeys({ TargetUin: me.uin })).AccessKeys!.length, 1);
  await expectCode(mine.ListAccessKeys({ TargetUin: other.uin }), "UnauthorizedOperation");
  const { Uid } = await cam().GetUser({ Name: me.name });
  assert.equal((await mine.ListGroupsForUser({ Uid })).TotalNum, 0);
  await expectCode(mine.ListGroupsForUser({ SubUin: other.uin }), "UnauthorizedOperation");
  // A user that does not exist names nothing: the call is judged on `*`, which the scoped grant does not cover.
  await expectCode(mine.GetUser({ Name: unique("nobody") }), "UnauthorizedOperation");
  // An action no statement allows at all is refused at the gateway.
  await expectCode(mine.ListUsers(), "AuthFailure.UnauthorizedOperation");
});

test("policies, groups and roles by policyid/, groupid/ and roleName/ (a RoleId is looked up)", async () => {
  const me = await camUser(server);
  const mine = sdk("cam", server, { credential: me.credential });
  const pa = await camPolicy(server, { effect: "allow", action: ["name/cos:GetObject"], resource: ["*"] });
  const pb = await camPolicy(server, { effect: "allow", action: ["name/cos:GetObject"], resource: ["*"] });
  const { GroupId: ga } = await cam().CreateGroup({ GroupName: unique("ga") });
  const { GroupId: gb } = await cam().CreateGroup({ GroupName: unique("gb") });
  const trust = JSON.stringify({ version: "2.0", statement: [{ effect: "allow", action: "name/sts:AssumeRole", principal: { qcs: [`qcs::cam::uin/${OWNER}:root`] } }] });
  const ra = unique("ra");
  const { RoleId: raId } = await cam().CreateRole({ RoleName: ra, PolicyDocument: trust });
  const { RoleId: rbId } = await cam().CreateRole({ RoleName: unique("rb"), PolicyDocument: trust });
  await cam().AttachUserPolicy({
    AttachUin: me.uin,
    PolicyId: await camPolicy(server, {
      effect: "allow",
      action: ["name/cam:GetPolicy", "name/cam:GetGroup", "name/cam:GetRole"],
      resource: [`qcs::cam::uin/${OWNER}:policyid/${pa}`, `qcs::cam::uin/${OWNER}:groupid/${ga}`, `qcs::cam::uin/${OWNER}:roleName/${ra}`],
    }),
  });
  await mine.GetPolicy({ PolicyId: pa });
  await expectCode(mine.GetPolicy({ PolicyId: pb }), "UnauthorizedOperation");
  assert.equal((await mine.GetGroup({ GroupId: ga! })).GroupId, ga);
  await expectCode(mine.GetGroup({ GroupId: gb! }), "UnauthorizedOperation");
  assert.equal((await mine.GetRole({ RoleName: ra })).RoleInfo!.RoleName, ra);
  assert.equal((await mine.GetRole({ RoleId: raId })).RoleInfo!.RoleName, ra);
  await expectCode(mine.GetRole({ RoleId: rbId }), "UnauthorizedOperation");
  // A deny on one policy's name refuses that policy only.
  const root = cam();
  const admin = await camUser(server);
  await root.AttachUserPolicy({ AttachUin: admin.uin, PolicyId: 1 /* AdministratorAccess */ });
  await root.AttachUserPolicy({ AttachUin: admin.uin, PolicyId: await camPolicy(server, { effect: "deny", action: ["name/cam:DeletePolicy"], resource: [`qcs::cam::uin/${OWNER}:policyid/${pa}`] }) });
  const adm = sdk("cam", server, { credential: admin.credential });
  await expectCode(adm.DeletePolicy({ PolicyId: [pb, pa] }), "UnauthorizedOperation");
  await adm.GetPolicy({ PolicyId: pb }); // nothing was deleted
  await adm.DeletePolicy({ PolicyId: [pb] });
  await expectCode(adm.GetPolicy({ PolicyId: pb }), "ResourceNotFound.PolicyIdNotFound");
});
