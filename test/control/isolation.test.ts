import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTclocal, type TestServer } from "../helpers/tclocal";
import { expectCode, sdk } from "../helpers/sdk";

let server: TestServer;
before(async () => {
  server = await startTclocal();
});
after(() => server.stop());

const run = (cvm: ReturnType<typeof sdk<"cvm">>, extra: object = {}) =>
  cvm.RunInstances({ Placement: { Zone: "ap-guangzhou-3" }, ImageId: "img-9qabwvbn", InstanceType: "S5.MEDIUM4", ...extra });

test("a resource of one account is invisible to every other: it answers as if it did not exist", async () => {
  const other = await server.control("POST", "/accounts", { balance: 100 });
  const mine = sdk("cvm", server);
  const theirs = sdk("cvm", server, { credential: other });
  const { InstanceIdSet } = await run(mine);
  const id = InstanceIdSet![0];

  const seenByOwner = await mine.DescribeInstances({ InstanceIds: [id] });
  assert.equal(seenByOwner.TotalCount, 1);
  const seenByOther = await theirs.DescribeInstances({ InstanceIds: [id] });
  assert.equal(seenByOther.TotalCount, 0);
  assert.deepEqual(seenByOther.InstanceSet, []);
  assert.equal((await theirs.DescribeInstances({})).TotalCount, 0);
  await expectCode(theirs.StopInstances({ InstanceIds: [id] }), "InvalidInstanceId.NotFound");
  await expectCode(theirs.TerminateInstances({ InstanceIds: [id] }), "InvalidInstanceId.NotFound");
  // The owner's instance is untouched by those attempts.
  const after = await mine.DescribeInstances({ InstanceIds: [id] });
  assert.ok(["PENDING", "RUNNING"].includes(after.InstanceSet![0].InstanceState!), after.InstanceSet![0].InstanceState);
});

test("and regions are separate: an instance in ap-guangzhou is not in ap-shanghai", async () => {
  const { InstanceIdSet } = await run(sdk("cvm", server));
  const shanghai = await sdk("cvm", server, { region: "ap-shanghai" }).DescribeInstances({ InstanceIds: InstanceIdSet });
  assert.equal(shanghai.TotalCount, 0);
});

test("DryRunOperation: RunInstances with DryRun validates everything and creates nothing", async () => {
  const cvm = sdk("cvm", server);
  const before = (await cvm.DescribeInstances({})).TotalCount;
  const e = await expectCode(run(cvm, { DryRun: true }), "DryRunOperation");
  assert.match(e.message, /DryRun/);
  assert.equal((await cvm.DescribeInstances({})).TotalCount, before);
  // A DryRun of an invalid request answers the real problem, not DryRunOperation.
  await expectCode(run(cvm, { DryRun: true, Placement: { Zone: "ap-shanghai-2" } }), "InvalidZone.MismatchRegion");
});
